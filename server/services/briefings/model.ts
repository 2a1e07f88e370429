// What a briefing says, as data: built once, rendered as PDF (pdf.ts) or HTML (html.ts).
//
// Every count comes from the same services and the same publication layer as the API:
// areaStatistics (the key figures, the map and, per category, the category table), timeSeries
// (the trends), listSignals (signals). A count is published from exactly its own reports, so the
// briefing shows the number the dashboard and the exports show for the same cell, period and
// filters; totals are published on their own and need not equal the sum of their published parts.
import type { Database } from '../../db/index.ts';
import { NotFoundError } from '../../errors.ts';
import * as repo from '../../repositories/briefings.ts';
import { publisher, type DisclosureConfig, type PublishedChange, type PublishedCount } from '../../publish/index.ts';
import type { WeekRange } from '../../publish/periods.ts';
import type { AreaLevel } from '../areas.ts';
import type { Actor } from '../audit.ts';
import { covers, resolveFilters, type Filters } from '../filters.ts';
import { categories as categoryList, sources as sourceList } from '../meta.ts';
import { hotspots } from '../signals/index.ts';
import { areaStatistics, periodInfo, timeSeries, type AreaStatistic, type PeriodInfo } from '../stats.ts';
import type { Geometry, MapData, Position, TrendSeries } from './charts.ts';
import type { Lang } from './i18n.ts';
import { briefingSignals, type BriefingSignals } from './signals.ts';

export interface BriefingQuery {
  category?: string;
  source?: string;
  period?: string;
  from?: string;
  to?: string;
}

export interface FigureRow {
  k: number;
  /** null: no data for the period. */
  count: PublishedCount | null;
  previous: PublishedCount | null;
  lastYear: PublishedCount | null;
  ratePer1000: number | null;
  changeVsPrevious: PublishedChange;
  changeVsLastYear: PublishedChange;
}
export interface CategoryRow {
  code: string;
  label: string;
  colour: string;
  sensitive: boolean;
  area: FigureRow;
  /** null for a gemeente briefing (the area is the gemeente). */
  gemeente: FigureRow | null;
}

export interface BriefingArea {
  code: string;
  level: AreaLevel;
  name: string;
  parent: { code: string; name: string } | null;
  gemeente: { code: string; name: string; inhabitants: number | null; inhabitantsEstimated: boolean };
  inhabitants: number | null;
  inhabitantsEstimated: boolean;
  areaKm2: number | null;
}

export interface BriefingModel {
  lang: Lang;
  area: BriefingArea;
  periods: { current: PeriodInfo; previous: WeekRange; lastYear: WeekRange };
  filters: { category: string | null; source: string | null; categoryLabel: string | null; sourceLabel: string | null };
  disclosure: { k: number; kBase: number; kSensitive: number; sensitive: string[]; roundTo: number | null };
  total: { area: FigureRow; gemeente: FigureRow | null };
  categories: CategoryRow[];
  trends: (TrendSeries & { category: string })[];
  map: MapData | null;
  signals: BriefingSignals;
  inspections: { k: number; total: PublishedCount | null; outcomes: { outcome: string; count: PublishedCount | null }[] };
  data: { batchId: number | null; kind: string | null; createdAt: string | null; dataFrom: string | null; dataTo: string | null };
  generated: { at: string; by: string; role: string | null };
  /** Counts shown as "<k" in the document. */
  suppressed: { shown: number };
}

export const HOTSPOT_CELL = 500;
/** Signals listed (and marked on the map) in a briefing; the rest are counted. */
export const MAX_SIGNALS = 8;
const MAX_TRENDS = 4;

export async function loadArea(db: Database, code: string): Promise<BriefingArea> {
  const [a] = await repo.area(db, { code });
  if (!a) throw new NotFoundError(`area ${code} is not loaded`, 'areaCode');
  return {
    code: a.code,
    level: a.level,
    name: a.name,
    parent: a.parent ? { code: a.parent, name: a.parentName ?? a.parent } : null,
    gemeente: { code: a.gemeente, name: a.gemeenteName ?? a.gemeente, inhabitants: a.gemeenteInhabitants, inhabitantsEstimated: a.gemeenteInhabitantsEstimated ?? false },
    inhabitants: a.inhabitants,
    inhabitantsEstimated: a.inhabitantsEstimated,
    areaKm2: a.areaKm2,
  };
}

function figure(s: AreaStatistic, k: number): FigureRow {
  return { k, count: s.count, previous: s.previous, lastYear: s.lastYear, ratePer1000: s.ratePer1000, changeVsPrevious: s.changeVsPrevious, changeVsLastYear: s.changeVsLastYear };
}

function countShown(m: Omit<BriefingModel, 'suppressed'>): number {
  const rows = [m.total.area, ...(m.total.gemeente ? [m.total.gemeente] : []), ...m.categories.flatMap((c) => [c.area, ...(c.gemeente ? [c.gemeente] : [])])];
  let n = rows.reduce((s, r) => s + [r.count, r.previous, r.lastYear].filter((c) => c?.suppressed).length, 0);
  n += m.trends.reduce((s, t) => s + t.points.reduce((a, p) => a + (p.count?.suppressed ? 1 : 0) + (p.lastYear?.suppressed ? 1 : 0), 0), 0);
  n += [m.inspections.total, ...m.inspections.outcomes.map((o) => o.count)].filter((c) => c?.suppressed).length;
  n += (m.map?.areas ?? []).filter((a) => a.count?.suppressed).length;
  return n;
}

export interface BuildOptions {
  lang: Lang;
  disclosure: DisclosureConfig;
  actor: Actor;
  now?: Date;
  /** Filled with milliseconds per step (for scripts/bench-briefing.ts). */
  timings?: Record<string, number>;
}

/** Everything a briefing shows for `areaCode` and the filters. The independent reads run
 *  together (on PostgreSQL they use several pool connections). */
export async function buildBriefing(db: Database, areaCode: string, query: BriefingQuery, options: BuildOptions): Promise<BriefingModel> {
  const { lang, disclosure } = options;
  /** Milliseconds from the start of the build until `promise` settles, per step name. */
  const started = performance.now();
  const timed = <T>(name: string, promise: Promise<T>): Promise<T> => promise.finally(() => {
    if (options.timings) options.timings[name] = performance.now() - started;
  });
  const area = await timed('area', loadArea(db, areaCode));
  const filters: Filters = await timed('filters', resolveFilters(db, query));
  const periods = { current: periodInfo(filters.period), previous: filters.comparisons.previous, lastYear: filters.comparisons.lastYear };
  const [cats, srcs, pub] = await Promise.all([categoryList(db), sourceList(db), publisher(db, disclosure)]);
  const selected = filters.category ? cats.filter((c) => c.code === filters.category) : cats;
  const kTotal = pub.k(filters.category);
  const kInspections = pub.k(null);
  const mainLevel: AreaLevel = area.level === 'gemeente' ? 'buurt' : area.level;
  const inGemeente: Filters = { ...filters, gemeente: area.gemeente.code };

  const [main, perCategory, signals, mapRow, hot, inspectionRows, version] = await Promise.all([
    // Key figures and map: one call, the same as GET /api/stats/areas?level=<mainLevel>.
    timed('keyFigures', areaStatistics(db, mainLevel, filters, disclosure)),
    // Per category: the same as GET /api/stats/areas?level=<area level>&category=<c>.
    timed('categories', Promise.all(selected.map((c) => areaStatistics(db, area.level, { ...inGemeente, category: c.code }, disclosure)))),
    timed('signals', briefingSignals(db, { code: area.code, level: area.level, gemeente: area.gemeente.code }, filters.category, disclosure)),
    timed('map', repo.mapAreas(db, { code: area.code, level: mainLevel, margin: area.level === 'gemeente' ? 0.06 : 0.3 })),
    timed('hotspots', hotspots(db, HOTSPOT_CELL, inGemeente, disclosure)),
    timed('inspections', repo.inspections(db, { code: area.code, from: periods.current.from, to: periods.current.to })),
    repo.dataVersion(db, {}),
  ]);

  const pick = (st: { areas: AreaStatistic[]; totals: AreaStatistic[] }, code: string) =>
    (area.level === 'gemeente' || code === area.gemeente.code ? st.totals : st.areas).find((a) => a.code === code);
  const areaStat = pick(main, area.code);
  const gemeenteStat = main.totals.find((t) => t.code === area.gemeente.code);
  if (!areaStat || !gemeenteStat) throw new NotFoundError(`area ${area.code} has no statistics`, 'areaCode');
  const categoriesOut: CategoryRow[] = selected.map((c, i) => ({
    code: c.code,
    label: lang === 'nl' ? c.labelNl : c.labelEn,
    colour: c.colour,
    sensitive: c.sensitive,
    area: figure(pick(perCategory[i]!, area.code)!, pub.k(c.code)),
    gemeente: area.level === 'gemeente' ? null : figure(perCategory[i]!.totals.find((t) => t.code === area.gemeente.code)!, pub.k(c.code)),
  }));

  // Trends for the main categories (all selected ones when there are few).
  // A hidden count ranks between zero and k (it is not zero); ties by the gemeente's count.
  const rank = (c: PublishedCount | null | undefined) => (!c ? -1 : c.suppressed ? 0.5 : c.value);
  const ranked = [...categoriesOut].sort((a, b) => rank(b.area.count) - rank(a.area.count) || rank(b.gemeente?.count) - rank(a.gemeente?.count));
  const trendCategories = categoriesOut.length <= MAX_TRENDS ? categoriesOut : ranked.slice(0, MAX_TRENDS);
  // Weeks up to a quarter, ISO-week months beyond: the buckets are exactly the period's.
  const interval: 'week' | 'month' = periods.current.weeks <= 14 ? 'week' : 'month';
  const cellIds = signals.items.slice(0, MAX_SIGNALS).filter((x) => x.locationType === 'cell').flatMap((x) => x.locations);
  const [trends, cellRows] = await Promise.all([
    timed('trends', Promise.all(trendCategories.map(async (c) => {
      const series = await timeSeries(db, area.code, interval, { ...filters, category: c.code }, disclosure);
      return { category: c.code, label: c.label, colour: c.colour, interval, k: series.k, points: series.points };
    }))),
    cellIds.length ? repo.cellGeometries(db, { ids: cellIds }) : Promise.resolve([]),
  ]);

  // Map: areas of the main level in the frame (counts from the key-figure call), gemeente
  // outlines, significant hot spot cells, and the listed signals' cells or buurten.
  const mapJson = JSON.parse(mapRow[0]!.map) as {
    frame: Geometry | null;
    features: { code: string; level: string; name: string; gemeente: string; labelPoint: Position | null; geometry: Geometry }[];
    places: { name: string; kind: 'stad' | 'dorp' | 'buurtschap'; point: Position }[];
  };
  let map: MapData | null = null;
  if (mapJson.frame) {
    const statByCode = new Map(main.areas.map((a) => [a.code, a]));
    const cellGeometry = new Map(cellRows.map((r) => [r.id, JSON.parse(r.geometry) as Geometry]));
    const areaGeometry = new Map(mapJson.features.map((f) => [f.code, f.geometry]));
    map = {
      frame: mapJson.frame,
      k: kTotal,
      cellSize: HOTSPOT_CELL,
      areas: mapJson.features.map((f) => ({
        code: f.code,
        name: f.name,
        level: f.level,
        geometry: f.geometry,
        labelPoint: f.labelPoint,
        count: f.level === mainLevel ? statByCode.get(f.code)?.count ?? null : null,
        target: f.code === area.code,
      })),
      // The dashboard classifies the areas of the chosen municipality at this level: so does the
      // briefing, so a buurt has the same class and colour in both (shared/classes.ts).
      classValues: main.areas.map((a) => (a.count && !a.count.suppressed ? a.count.value : null)),
      places: mapJson.places,
      hotspots: hot.cells.filter((c) => c.bin >= 2).map((c) => c.geometry as Geometry),
      signals: signals.items.slice(0, MAX_SIGNALS).map((x) => ({
        rank: x.rank,
        geometries: x.locations.map((id) => (x.locationType === 'cell' ? cellGeometry.get(id) : areaGeometry.get(id))).filter((g): g is Geometry => !!g),
      })).filter((x) => x.geometries.length > 0),
    };
  }

  // Inspections: not split by category, so published under the rule for all categories. They
  // carry record keys like reports (migration 012), so each figure is that of its own inspections.
  const inspectionsCovered = covers(filters.coverage, area.gemeente.code, periods.current);
  const inspectionTotal = inspectionRows.reduce((t, r) => ({ n: t.n + r.n, key: (t.key + r.key_sum) % 4294967296 }), { n: 0, key: 0 });
  const publishedInspections = (n: number, key: number) => (inspectionsCovered ? pub.count(n, key, { category: null }) : null);
  const [versionRow] = version;
  if (options.timings) options.timings.model = performance.now() - started;

  const model: Omit<BriefingModel, 'suppressed'> = {
    lang,
    area,
    periods,
    filters: {
      category: filters.category,
      source: filters.source,
      categoryLabel: selected.length === 1 && filters.category ? (lang === 'nl' ? selected[0]!.labelNl : selected[0]!.labelEn) : null,
      sourceLabel: filters.source ? srcs.filter((s) => s.code === filters.source).map((s) => (lang === 'nl' ? s.labelNl : s.labelEn))[0] ?? filters.source : null,
    },
    disclosure: {
      k: kTotal, kBase: disclosure.k, kSensitive: disclosure.kSensitive, roundTo: disclosure.roundTo || null,
      // Labels of the sensitive categories, for the method text.
      sensitive: cats.filter((c) => c.sensitive).map((c) => (lang === 'nl' ? c.labelNl : c.labelEn).toLowerCase()),
    },
    total: {
      area: figure(areaStat, kTotal),
      gemeente: area.level === 'gemeente' ? null : figure(gemeenteStat, kTotal),
    },
    categories: categoriesOut,
    trends,
    map,
    signals,
    inspections: {
      k: kInspections,
      total: publishedInspections(inspectionTotal.n, inspectionTotal.key),
      outcomes: inspectionRows.map((r) => ({ outcome: r.outcome, count: publishedInspections(r.n, r.key_sum) })),
    },
    data: versionRow ?? { batchId: null, kind: null, createdAt: null, dataFrom: null, dataTo: null },
    generated: { at: (options.now ?? new Date()).toISOString(), by: options.actor.username, role: options.actor.role ?? null },
  };
  return { ...model, suppressed: { shown: countShown(model) } };
}
