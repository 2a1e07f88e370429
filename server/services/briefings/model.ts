// What a briefing says, as data: built once, rendered as PDF (pdf.ts) or HTML (html.ts).
//
// Every count comes from the same services and disclosure calls as the API: areaStatistics (the
// key figures, the map and, per category, the category table), timeSeries (the trends),
// listSignals (signals), suppressTable (inspections). Where the briefing shows a total next to
// all its parts, relation.ts may hide more (never less) than the API does.
import type { Database } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import { NotFoundError } from '../../errors.ts';
import {
  changeBetween, ratePer, suppressTable, thresholdFor,
  type DisclosureConfig, type PublishedChange, type PublishedCount,
} from '../../analysis/suppression.ts';
import type { AreaLevel } from '../areas.ts';
import type { Actor } from '../audit.ts';
import { addDays, addYears, comparisonPeriods, daysBetween, resolveFilters, type Filters, type Period } from '../filters.ts';
import { categories as categoryList, sources as sourceList } from '../meta.ts';
import { hotspots } from '../signals.ts';
import { areaStatistics, timeSeries, type AreaStatistic, type TimePoint } from '../stats.ts';
import type { Geometry, MapData, Position, TrendSeries } from './charts.ts';
import type { Lang } from './i18n.ts';
import { cell, protectRelation, type RelationCell } from './relation.ts';
import { briefingSignals, type BriefingSignals } from './signals.ts';

export interface BriefingQuery {
  category?: string[];
  source?: string[];
  from?: string;
  to?: string;
}

export interface FigureRow {
  k: number;
  count: PublishedCount;
  previous: PublishedCount;
  lastYear: PublishedCount;
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
  periods: { current: Period; previous: Period; lastYear: Period };
  filters: { categories: string[] | null; sources: string[] | null; categoryLabels: string[]; sourceLabels: string[] };
  disclosure: { k: number; kBase: number; kSensitive: number; sensitive: string[]; roundTo: number | null };
  total: { area: FigureRow; gemeente: FigureRow | null };
  categories: CategoryRow[];
  trends: (TrendSeries & { category: string })[];
  map: MapData | null;
  signals: BriefingSignals;
  inspections: { k: number; total: PublishedCount; outcomes: { outcome: string; count: PublishedCount }[] };
  data: { batchId: number | null; kind: string | null; createdAt: string | null; dataFrom: string | null; dataTo: string | null };
  generated: { at: string; by: string; role: string | null };
  /** Counts shown as "<k" in the document, and how many of them the API itself publishes. */
  suppressed: { shown: number; extra: number };
}

export const HOTSPOT_CELL = 500;
/** Signals listed (and marked on the map) in a briefing; the rest are counted. */
export const MAX_SIGNALS = 8;
const MAX_TRENDS = 4;

interface AreaRow {
  code: string; level: AreaLevel; name: string; parent: string | null; parentName: string | null; gemeente: string; gemeenteName: string | null;
  inhabitants: number | null; inhabitantsEstimated: boolean; areaKm2: number | null; gemeenteInhabitants: number | null; gemeenteInhabitantsEstimated: boolean | null;
}

export async function loadArea(db: Database, code: string): Promise<BriefingArea> {
  const [a] = await db.query<AreaRow>(sql('briefings/area'), [code]);
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

/** Derived figures again from the (possibly further hidden) counts, with the module's helpers. */
function rederive(row: FigureRow, inhabitants: number | null): FigureRow {
  return { ...row, ratePer1000: ratePer(row.count, inhabitants), changeVsPrevious: changeBetween(row.count, row.previous), changeVsLastYear: changeBetween(row.count, row.lastYear) };
}

type PeriodKey = 'count' | 'previous' | 'lastYear';
const RAW_KEY: Record<PeriodKey, 'current' | 'previous' | 'last_year'> = { count: 'current', previous: 'previous', lastYear: 'last_year' };

interface RawCounts { category: string; area_current: number; area_previous: number; area_last_year: number; gemeente_current: number; gemeente_previous: number; gemeente_last_year: number }

/** The category table of one area (or the gemeente): total = Σ categories, for each period. */
function protectCategoryTable(total: FigureRow, parts: FigureRow[], raw: RawCounts[], side: 'area' | 'gemeente'): { total: FigureRow; parts: FigureRow[]; added: number } {
  let added = 0;
  const outTotal: FigureRow = { ...total };
  const outParts = parts.map((p) => ({ ...p }));
  for (const key of ['count', 'previous', 'lastYear'] as const) {
    const rawOf = (r: RawCounts) => r[`${side}_${RAW_KEY[key]}`];
    const rawTotal = raw.reduce((s, r) => s + rawOf(r), 0);
    const result = protectRelation(
      cell(total[key], total.k, rawTotal),
      parts.map((p, i) => cell(p[key], p.k, rawOf(raw[i]!))),
      rawTotal >= 1 && rawTotal < total.k,
    );
    outTotal[key] = result.total;
    result.parts.forEach((c, i) => (outParts[i]![key] = c));
    added += result.added;
  }
  return { total: outTotal, parts: outParts, added };
}

/** Whether the points of a series cover exactly the period, one after the other. */
export function tiles(points: { start: string; end: string }[], p: Period): boolean {
  if (points.length === 0 || points[0]!.start !== p.from || points[points.length - 1]!.end !== p.to) return false;
  return points.every((pt, i) => i === 0 || addDays(points[i - 1]!.end, 1) === pt.start);
}

function lastYearDates(points: TimePoint[], interval: 'week' | 'month'): { start: string; end: string }[] {
  return points.map((p) => {
    if (interval === 'week') return { start: addDays(p.start, -364), end: addDays(p.end, -364) };
    const start = addYears(p.start, -1);
    const [y, m] = start.split('-').map(Number) as [number, number];
    return { start, end: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
  });
}

/** A series next to its period total in the table: hide more points where the total would give a hidden point back. */
function protectSeries(points: TimePoint[], key: 'count' | 'lastYear', total: PublishedCount, k: number, rawTotal: number): { points: TimePoint[]; added: number } {
  const result = protectRelation(
    cell(total, k, rawTotal),
    points.map((p): RelationCell => cell(p[key], k, null)),
    rawTotal >= 1 && rawTotal < k,
  );
  // The table keeps its total: if the relation wanted it hidden, hide every point instead.
  const parts = result.total.suppressed && !total.suppressed ? points.map((): PublishedCount => ({ value: null, suppressed: true })) : result.parts;
  const added = parts.filter((c, i) => c.suppressed && !points[i]![key].suppressed).length;
  return {
    added,
    points: points.map((p, i) => {
      const next = { ...p, [key]: parts[i]! };
      return { ...next, changeVsLastYear: changeBetween(next.count, next.lastYear) };
    }),
  };
}

function countShown(m: Omit<BriefingModel, 'suppressed'>): number {
  const rows = [m.total.area, ...(m.total.gemeente ? [m.total.gemeente] : []), ...m.categories.flatMap((c) => [c.area, ...(c.gemeente ? [c.gemeente] : [])])];
  let n = rows.reduce((s, r) => s + [r.count, r.previous, r.lastYear].filter((c) => c.suppressed).length, 0);
  n += m.trends.reduce((s, t) => s + t.points.reduce((a, p) => a + (p.count.suppressed ? 1 : 0) + (p.lastYear.suppressed ? 1 : 0), 0), 0);
  n += [m.inspections.total, ...m.inspections.outcomes.map((o) => o.count)].filter((c) => c.suppressed).length;
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
  const periods = { current: filters.period, ...comparisonPeriods(filters.period) };
  const [cats, srcs] = await Promise.all([categoryList(db), sourceList(db)]);
  const selected = filters.categories ? cats.filter((c) => filters.categories!.includes(c.code)) : cats;
  const kTotal = thresholdFor(filters.categories ?? 'all', disclosure);
  const kInspections = thresholdFor('all', disclosure);
  const kOf = (code: string) => thresholdFor([code], disclosure);
  const mainLevel: AreaLevel = area.level === 'gemeente' ? 'buurt' : area.level;
  const inGemeente: Filters = { ...filters, gemeente: area.gemeente.code };

  const [main, perCategory, raw, signals, mapRow, hot, inspectionRows, version] = await Promise.all([
    // Key figures and map: one call, the same as GET /api/stats/areas?level=<mainLevel>.
    timed('keyFigures', areaStatistics(db, mainLevel, filters, disclosure)),
    // Per category: the same as GET /api/stats/areas?level=<area level>&category=<c> (restricted
    // to the gemeente: suppression runs per gemeente tree, so the figures are the same).
    timed('categories', Promise.all(selected.map((c) => areaStatistics(db, area.level, { ...inGemeente, categories: [c.code] }, disclosure)))),
    timed('categoryCounts', db.query<RawCounts>(sql('briefings/category-counts'), [
      area.code, area.gemeente.code, periods.current.from, periods.current.to, periods.previous.from, periods.previous.to,
      periods.lastYear.from, periods.lastYear.to, filters.sources,
    ])),
    timed('signals', briefingSignals(db, { code: area.code, level: area.level, gemeente: area.gemeente.code }, filters.categories, disclosure)),
    timed('map', db.query<{ map: string }>(sql('briefings/map-areas'), [area.code, mainLevel, area.level === 'gemeente' ? 0.06 : 0.3])),
    timed('hotspots', hotspots(db, HOTSPOT_CELL, inGemeente, disclosure)),
    timed('inspections', db.query<{ outcome: string; n: number }>(sql('briefings/inspections'), [area.code, periods.current.from, periods.current.to])),
    db.query<BriefingModel['data']>(sql('briefings/data-version')),
  ]);

  const pick = (st: { areas: AreaStatistic[]; totals: AreaStatistic[] }, code: string) =>
    (area.level === 'gemeente' || code === area.gemeente.code ? st.totals : st.areas).find((a) => a.code === code);
  const areaStat = pick(main, area.code);
  const gemeenteStat = main.totals.find((t) => t.code === area.gemeente.code);
  if (!areaStat || !gemeenteStat) throw new NotFoundError(`area ${area.code} has no statistics`, 'areaCode');
  const rawByCode = new Map(raw.map((r) => [r.category, r]));
  const orderedRaw = selected.map((c) => rawByCode.get(c.code)!);

  let extra = 0;
  const areaTable = protectCategoryTable(
    figure(areaStat, kTotal),
    perCategory.map((st, i) => figure(pick(st, area.code)!, kOf(selected[i]!.code))),
    orderedRaw, 'area');
  extra += areaTable.added;
  const gemeenteTable = area.level === 'gemeente' ? null : protectCategoryTable(
    figure(gemeenteStat, kTotal),
    perCategory.map((st, i) => figure(st.totals.find((t) => t.code === area.gemeente.code)!, kOf(selected[i]!.code))),
    orderedRaw, 'gemeente');
  extra += gemeenteTable?.added ?? 0;
  const gemeenteInhabitants = area.gemeente.inhabitants;
  const categoriesOut: CategoryRow[] = selected.map((c, i) => ({
    code: c.code,
    label: lang === 'nl' ? c.labelNl : c.labelEn,
    colour: c.colour,
    sensitive: c.sensitive,
    area: rederive(areaTable.parts[i]!, area.inhabitants),
    gemeente: gemeenteTable ? rederive(gemeenteTable.parts[i]!, gemeenteInhabitants) : null,
  }));

  // Trends for the main categories (all selected ones when there are few).
  // A hidden count ranks between zero and k (it is not zero); ties by the gemeente's count.
  const rank = (c: PublishedCount | undefined) => (!c ? -1 : c.suppressed ? 0.5 : c.value);
  const ranked = [...categoriesOut].sort((a, b) => rank(b.area.count) - rank(a.area.count) || rank(b.gemeente?.count) - rank(a.gemeente?.count));
  const trendCategories = categoriesOut.length <= MAX_TRENDS ? categoriesOut : ranked.slice(0, MAX_TRENDS);
  const interval: 'week' | 'month' = daysBetween(periods.current.from, periods.current.to) < 120 ? 'week' : 'month';
  const cellIds = signals.items.slice(0, MAX_SIGNALS).filter((x) => x.locationType === 'cell').flatMap((x) => x.locations);
  const [trends, cellRows] = await Promise.all([
    timed('trends', Promise.all(trendCategories.map(async (c) => {
      const series = await timeSeries(db, area.code, interval, { ...filters, categories: [c.code] }, disclosure);
      let points = series.points;
      const r = rawByCode.get(c.code)!;
      if (tiles(points, periods.current)) {
        const out = protectSeries(points, 'count', c.area.count, series.k, r.area_current);
        points = out.points;
        extra += out.added;
      }
      if (tiles(lastYearDates(points, interval), periods.lastYear)) {
        const out = protectSeries(points, 'lastYear', c.area.lastYear, series.k, r.area_last_year);
        points = out.points;
        extra += out.added;
      }
      return { category: c.code, label: c.label, colour: c.colour, interval, k: series.k, points };
    }))),
    cellIds.length ? db.query<{ id: string; geometry: string }>(sql('briefings/cell-geometries'), [cellIds]) : Promise.resolve([]),
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
      classValues: main.areas.map((a) => (a.count.suppressed ? null : a.count.value)),
      places: mapJson.places,
      hotspots: hot.cells.filter((c) => c.bin >= 2).map((c) => c.geometry as Geometry),
      signals: signals.items.slice(0, MAX_SIGNALS).map((x) => ({
        rank: x.rank,
        geometries: x.locations.map((id) => (x.locationType === 'cell' ? cellGeometry.get(id) : areaGeometry.get(id))).filter((g): g is Geometry => !!g),
      })).filter((x) => x.geometries.length > 0),
    };
  }

  // Inspections: outcomes next to their total, one relation, through the module. They are not
  // split by category, so the threshold is that of all categories together.
  const table = suppressTable(new Map(inspectionRows.map((r) => [r.outcome, r.n])), undefined, kInspections, { roundTo: disclosure.roundTo });
  const [versionRow] = version;
  if (options.timings) options.timings.model = performance.now() - started;

  const model: Omit<BriefingModel, 'suppressed'> = {
    lang,
    area,
    periods,
    filters: {
      categories: filters.categories,
      sources: filters.sources,
      categoryLabels: filters.categories ? selected.map((c) => (lang === 'nl' ? c.labelNl : c.labelEn)) : [],
      sourceLabels: filters.sources ? srcs.filter((s) => filters.sources!.includes(s.code)).map((s) => (lang === 'nl' ? s.labelNl : s.labelEn)) : [],
    },
    disclosure: {
      k: kTotal, kBase: disclosure.k, kSensitive: disclosure.kSensitive, roundTo: disclosure.roundTo || null,
      // Labels of the sensitive categories, for the method text.
      sensitive: disclosure.sensitiveCategories.map((code) => cats.find((c) => c.code === code)).map((c, i) => (c ? (lang === 'nl' ? c.labelNl : c.labelEn).toLowerCase() : disclosure.sensitiveCategories[i]!)),
    },
    total: {
      area: rederive(areaTable.total, area.inhabitants),
      gemeente: gemeenteTable ? rederive(gemeenteTable.total, gemeenteInhabitants) : null,
    },
    categories: categoriesOut,
    trends,
    map,
    signals,
    inspections: { k: kInspections, total: table.total, outcomes: inspectionRows.map((r) => ({ outcome: r.outcome, count: table.parts.get(r.outcome)! })) },
    data: versionRow ?? { batchId: null, kind: null, createdAt: null, dataFrom: null, dataTo: null },
    generated: { at: (options.now ?? new Date()).toISOString(), by: options.actor.username, role: options.actor.role ?? null },
  };
  return { ...model, suppressed: { shown: countShown(model), extra } };
}
