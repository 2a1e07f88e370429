import type { Database } from '../db/index.ts';
import { sql } from '../db/index.ts';
import { NotFoundError } from '../errors.ts';
import {
  changeBetween, ratePer, shareOf, suppressCount, suppressHierarchy,
  type DisclosureConfig, type PublishedChange, type PublishedCount, type TotalGroup,
} from '../analysis/suppression.ts';
import { thresholdForFilter } from './disclosure.ts';
import { comparisonPeriods, type Filters, type Period } from './filters.ts';
import type { AreaLevel, CellSize } from './areas.ts';
import type { ResponseCache } from './response-cache.ts';

export interface AreaInfo {
  code: string;
  level: AreaLevel;
  name: string;
  parent: string | null;
  gemeente: string;
  inhabitants: number | null;
  inhabitantsEstimated: boolean;
  areaKm2: number | null;
}

export interface AreaStatistic {
  code: string;
  name: string;
  level: AreaLevel;
  parent: string | null;
  gemeente: string;
  inhabitants: number | null;
  inhabitantsEstimated: boolean;
  count: PublishedCount;
  ratePer1000: number | null;
  /** Share of the municipality total (0 … 1). */
  share: number | null;
  previous: PublishedCount;
  lastYear: PublishedCount;
  changeVsPrevious: PublishedChange;
  changeVsLastYear: PublishedChange;
}

export interface AreaStatistics {
  level: AreaLevel;
  periods: { current: Period; previous: Period; lastYear: Period };
  filters: { categories: string[] | null; sources: string[] | null; gemeente: string | null };
  disclosure: { k: number; roundTo: number | null };
  areas: AreaStatistic[];
  totals: AreaStatistic[];
}

type PeriodKey = 'current' | 'previous' | 'last_year';

/**
 * Counts per area for the period, the previous period and last year, with rates, shares and
 * changes. Suppression always runs over the whole buurt → wijk → gemeente hierarchy (per period),
 * whatever level is asked, so that the published buurt, wijk and gemeente figures are one
 * consistent view: no suppressed buurt can be recovered from a wijk total of another request.
 */
export async function areaStatistics(db: Database, level: AreaLevel, filters: Filters, disclosure: DisclosureConfig): Promise<AreaStatistics> {
  const periods = { current: filters.period, ...comparisonPeriods(filters.period) };
  const [areas, buurtCounts] = await Promise.all([
    db.query<AreaInfo>(sql('stats/area-list'), [filters.gemeente]),
    db.query<{ code: string; wijk: string; gemeente: string; current: number; previous: number; last_year: number }>(sql('stats/buurt-counts'), [
      periods.current.from, periods.current.to, periods.previous.from, periods.previous.to, periods.lastYear.from, periods.lastYear.to,
      filters.categories, filters.sources, filters.gemeente,
    ]),
  ]);
  const k = thresholdForFilter(filters.categories, disclosure);
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const groups = hierarchy(areas);

  const published = {} as Record<PeriodKey, Map<string, PublishedCount>>;
  for (const key of ['current', 'previous', 'last_year'] as const) {
    const counts = new Map<string, number>(areas.map((a) => [a.code, 0]));
    for (const row of buurtCounts) {
      counts.set(row.code, row[key]);
      counts.set(row.wijk, (counts.get(row.wijk) ?? 0) + row[key]);
      counts.set(row.gemeente, (counts.get(row.gemeente) ?? 0) + row[key]);
    }
    published[key] = suppressHierarchy(counts, groups, k, { roundTo: disclosure.roundTo });
  }

  const statistic = (a: AreaInfo): AreaStatistic => {
    const count = published.current.get(a.code)!;
    const previous = published.previous.get(a.code)!;
    const lastYear = published.last_year.get(a.code)!;
    const total = published.current.get(a.gemeente)!;
    return {
      code: a.code,
      name: a.name,
      level: a.level,
      parent: a.parent,
      gemeente: a.gemeente,
      inhabitants: a.inhabitants,
      inhabitantsEstimated: a.inhabitantsEstimated,
      count,
      ratePer1000: ratePer(count, a.inhabitants),
      share: shareOf(count, total),
      previous,
      lastYear,
      changeVsPrevious: changeBetween(count, previous),
      changeVsLastYear: changeBetween(count, lastYear),
    };
  };
  return {
    level,
    periods,
    filters: { categories: filters.categories, sources: filters.sources, gemeente: filters.gemeente },
    disclosure: { k, roundTo: disclosure.roundTo ?? null },
    areas: areas.filter((a) => a.level === level).map(statistic),
    totals: areas.filter((a) => a.level === 'gemeente' && byCode.has(a.code)).map(statistic),
  };
}

/** wijk = Σ its buurten, gemeente = Σ its wijken. */
function hierarchy(areas: AreaInfo[]): TotalGroup[] {
  const children = new Map<string, string[]>();
  for (const a of areas) {
    if (!a.parent) continue;
    const list = children.get(a.parent) ?? [];
    list.push(a.code);
    children.set(a.parent, list);
  }
  return [...children].map(([totalKey, partKeys]) => ({ totalKey, partKeys }));
}

export interface CellStatistic {
  id: string;
  gemeente: string;
  i: number;
  j: number;
  count: PublishedCount;
  areaKm2: number;
  geometry: unknown;
  centroid: [number, number];
}

interface CellShape { gemeente: string; i: number; j: number; areaKm2: number; geometry: unknown; centroid: [number, number] }

/** The cells of one size (all municipalities or one), parsed once per data version: building
 *  their GeoJSON in the database was about a fifth of every grid request. */
function cellShapes(db: Database, size: CellSize, gemeente: string | null, cache?: ResponseCache): Promise<CellShape[]> {
  const load = async () => (await db.query<{ gemeente: string; i: number; j: number; areaKm2: number; geometry: string; lon: number; lat: number }>(
    sql('stats/cell-geometries'), [size, gemeente])).map((r) => ({
    gemeente: r.gemeente, i: r.i, j: r.j, areaKm2: r.areaKm2, geometry: JSON.parse(r.geometry) as unknown, centroid: [round(r.lon, 5), round(r.lat, 5)] as [number, number],
  }));
  return cache ? cache.memo(db, `cells:${size}:${gemeente ?? ''}`, load) : load();
}

/** Counts per hexagon cell (clipped to the municipality). Cells are parts of the municipality
 *  total, so secondary suppression applies across the cells of each municipality. */
export async function cellStatistics(db: Database, size: CellSize, filters: Filters, disclosure: DisclosureConfig, cache?: ResponseCache): Promise<{ cells: CellStatistic[]; totals: Map<string, PublishedCount>; k: number }> {
  const [shapes, countRows] = await Promise.all([
    cellShapes(db, size, filters.gemeente, cache),
    db.query<{ gemeente: string; i: number; j: number; n: number }>(
      sql('stats/cell-counts'), [size, filters.period.from, filters.period.to, filters.categories, filters.sources, filters.gemeente]),
  ]);
  const k = thresholdForFilter(filters.categories, disclosure);
  const id = (r: { gemeente: string; i: number; j: number }) => `${r.gemeente}:${size}:${r.i}:${r.j}`;
  const reported = new Map(countRows.map((r) => [id(r), r.n]));
  // Every cell of the grid, with zeros (counts outside the known cells are not published).
  const rows = shapes.map((c) => ({ ...c, n: reported.get(id(c)) ?? 0 }));
  const counts = new Map<string, number>();
  const parts = new Map<string, string[]>();
  for (const r of rows) {
    counts.set(id(r), r.n);
    counts.set(r.gemeente, (counts.get(r.gemeente) ?? 0) + r.n);
    const list = parts.get(r.gemeente) ?? [];
    list.push(id(r));
    parts.set(r.gemeente, list);
  }
  const published = suppressHierarchy(counts, [...parts].map(([totalKey, partKeys]) => ({ totalKey, partKeys })), k, { roundTo: disclosure.roundTo });
  const totals = new Map([...parts.keys()].map((g) => [g, published.get(g)!]));
  return {
    k,
    totals,
    cells: rows.map((r) => ({
      id: id(r),
      gemeente: r.gemeente,
      i: r.i,
      j: r.j,
      count: published.get(id(r))!,
      areaKm2: r.areaKm2,
      geometry: r.geometry,
      centroid: r.centroid,
    })),
  };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export interface TimePoint {
  start: string;
  end: string;
  count: PublishedCount;
  lastYear: PublishedCount;
  changeVsLastYear: PublishedChange;
}

/** Counts per week or month for one area with the same period a year earlier. Each count stands
 *  alone (no total is published with the series), so primary suppression applies. */
export async function timeSeries(db: Database, areaCode: string, interval: 'week' | 'month', filters: Filters, disclosure: DisclosureConfig): Promise<{ area: AreaInfo; k: number; points: TimePoint[] }> {
  const [area] = await db.query<AreaInfo>(`SELECT code, level, name, parent_code AS parent, gemeente_code AS gemeente, inhabitants,
    inhabitants_estimated AS "inhabitantsEstimated", area_km2 AS "areaKm2" FROM areas WHERE code = $1`, [areaCode]);
  if (!area) throw new NotFoundError(`area ${areaCode} is not loaded`, 'area');
  const rows = await db.query<{ start: string; end: string; current: number; last_year: number }>(sql('stats/timeseries'), [
    interval, areaCode, filters.period.from, filters.period.to, filters.categories, filters.sources, area.level,
  ]);
  const k = thresholdForFilter(filters.categories, disclosure);
  const options = { roundTo: disclosure.roundTo };
  return {
    area,
    k,
    points: rows.map((r) => {
      const count = suppressCount(r.current, k, options);
      const lastYear = suppressCount(r.last_year, k, options);
      return { start: r.start, end: r.end, count, lastYear, changeVsLastYear: changeBetween(count, lastYear) };
    }),
  };
}
