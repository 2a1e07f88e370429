// Exports of the statistics API as files (docs/briefings.md, "Exports"): the same service calls
// and the same disclosure control as GET /api/stats/areas and /api/stats/timeseries, written as
// CSV (UTF-8 with BOM) or GeoJSON. A suppressed count is an EMPTY cell with `…_suppressed` = true
// (never a number, never a guess), so numeric columns stay numeric in Excel and a reader can
// tell "suppressed" from "zero".
import type { Database } from '../db/index.ts';
import { sql } from '../db/index.ts';
import type { PublishedChange, PublishedCount } from '../analysis/suppression.ts';
import type { AreaStatistic, AreaStatistics, TimePoint } from './stats.ts';
import type { Period } from './filters.ts';

/**
 * excel-nl (default): ";" between fields and a decimal comma — what Excel opens directly with
 * Dutch regional settings. rfc4180: "," and a decimal point, for scripts and other locales.
 */
export type CsvDialect = 'excel-nl' | 'rfc4180';
export const CSV_DIALECTS = ['excel-nl', 'rfc4180'] as const;

const BOM = '\uFEFF';

type Value = string | number | boolean | null;

/** One CSV field: numbers in the dialect's decimal style, booleans as true/false, null empty. */
function field(v: Value, dialect: CsvDialect): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    const text = String(v); // shortest text that reads back as the same number
    return dialect === 'excel-nl' ? text.replace('.', ',') : text;
  }
  // A text that starts like a formula would be run by spreadsheets: prefix an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  const sep = dialect === 'excel-nl' ? ';' : ',';
  return safe.includes(sep) || /["\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly Value[][], dialect: CsvDialect): string {
  const sep = dialect === 'excel-nl' ? ';' : ',';
  const lines = [header.join(sep), ...rows.map((r) => r.map((v) => field(v, dialect)).join(sep))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

const count = (c: PublishedCount): [number | null, boolean] => [c.value, c.suppressed];
const changeOf = (c: PublishedChange): [number | null, number | null, boolean] => [c.absolute, c.percent, c.suppressed];

/** Decimals kept for derived figures: a rate per 1,000 to 0.01, a share to 0.0001 (0.01 %), a
 *  percentage change to 0.1 — more digits are noise, not precision ("1,7341040462427744"). */
const round = (v: number | null, digits: number): number | null => (v === null || !Number.isFinite(v) ? v : Number(v.toFixed(digits)));

export const AREA_COLUMNS = [
  'code', 'name', 'level', 'parent', 'gemeente', 'inhabitants', 'inhabitants_estimated',
  'period_from', 'period_to', 'categories', 'sources', 'k', 'no_data',
  'count', 'count_suppressed', 'previous', 'previous_suppressed', 'last_year', 'last_year_suppressed',
  'rate_per_1000', 'share',
  'change_vs_previous', 'change_vs_previous_pct', 'change_vs_previous_suppressed',
  'change_vs_last_year', 'change_vs_last_year_pct', 'change_vs_last_year_suppressed',
] as const;

/** The flat record of one area, as a CSV row and as GeoJSON properties. An area of a
 *  municipality without data for the period (`noData`) has empty figures and no_data = true:
 *  "not loaded" is not 0. */
export function areaRecord(a: AreaStatistic, stats: AreaStatistics, noData = false): Record<(typeof AREA_COLUMNS)[number], Value> {
  if (noData) {
    const empty = Object.fromEntries(AREA_COLUMNS.map((c) => [c, null])) as Record<(typeof AREA_COLUMNS)[number], Value>;
    return {
      ...empty,
      code: a.code, name: a.name, level: a.level, parent: a.parent, gemeente: a.gemeente, inhabitants: a.inhabitants, inhabitants_estimated: a.inhabitantsEstimated,
      period_from: stats.periods.current.from, period_to: stats.periods.current.to,
      categories: stats.filters.categories?.join('|') ?? null, sources: stats.filters.sources?.join('|') ?? null, k: stats.disclosure.k, no_data: true,
    };
  }
  const [countValue, countSuppressed] = count(a.count);
  const [previous, previousSuppressed] = count(a.previous);
  const [lastYear, lastYearSuppressed] = count(a.lastYear);
  const [cp, cpPct, cpSuppressed] = changeOf(a.changeVsPrevious);
  const [cy, cyPct, cySuppressed] = changeOf(a.changeVsLastYear);
  return {
    code: a.code,
    name: a.name,
    level: a.level,
    parent: a.parent,
    gemeente: a.gemeente,
    inhabitants: a.inhabitants,
    inhabitants_estimated: a.inhabitantsEstimated,
    period_from: stats.periods.current.from,
    period_to: stats.periods.current.to,
    categories: stats.filters.categories?.join('|') ?? null,
    sources: stats.filters.sources?.join('|') ?? null,
    k: stats.disclosure.k,
    no_data: false,
    count: countValue,
    count_suppressed: countSuppressed,
    previous,
    previous_suppressed: previousSuppressed,
    last_year: lastYear,
    last_year_suppressed: lastYearSuppressed,
    rate_per_1000: round(a.ratePer1000, 2),
    share: round(a.share, 4),
    change_vs_previous: cp,
    change_vs_previous_pct: round(cpPct, 1),
    change_vs_previous_suppressed: cpSuppressed,
    change_vs_last_year: cy,
    change_vs_last_year_pct: round(cyPct, 1),
    change_vs_last_year_suppressed: cySuppressed,
  };
}

/** Which areas have no data: flagged by the statistics (`noData`), or their municipality has no
 *  reports in the period. */
export type NoData = (a: AreaStatistic) => boolean;

export function areasCsv(stats: AreaStatistics, dialect: CsvDialect, noData: NoData = () => false): string {
  return toCsv(AREA_COLUMNS, stats.areas.map((a) => {
    const r = areaRecord(a, stats, noData(a));
    return AREA_COLUMNS.map((c) => r[c]);
  }), dialect);
}

/** A GeoJSON FeatureCollection (RFC 7946: WGS84, exterior rings counterclockwise) of the areas
 *  with the same flat properties as the CSV; an area without a polygon has `geometry: null`. */
export async function areasGeoJson(db: Database, stats: AreaStatistics, meta: { generatedAt: string }, noData: NoData = () => false): Promise<object> {
  const rows = await db.query<{ code: string; geometry: string }>(sql('briefings/export-geometries'), [stats.level, stats.filters.gemeente]);
  const geometry = new Map(rows.map((r) => [r.code, r.geometry]));
  return {
    type: 'FeatureCollection',
    level: stats.level,
    periods: stats.periods,
    filters: stats.filters,
    disclosure: stats.disclosure,
    generatedAt: meta.generatedAt,
    attribution: 'CBS / Kadaster, CC-BY 4.0',
    features: stats.areas.map((a) => ({
      type: 'Feature',
      id: a.code,
      geometry: geometry.has(a.code) ? JSON.parse(geometry.get(a.code)!) : null,
      properties: areaRecord(a, stats, noData(a)),
    })),
  };
}

export const SERIES_COLUMNS = [
  'area_code', 'area_name', 'area_level', 'interval', 'start', 'end', 'categories', 'sources', 'k',
  'count', 'count_suppressed', 'last_year', 'last_year_suppressed',
  'change_vs_last_year', 'change_vs_last_year_pct', 'change_vs_last_year_suppressed',
] as const;

export function timeseriesCsv(
  series: { area: { code: string; name: string; level: string }; k: number; points: TimePoint[] },
  meta: { interval: 'week' | 'month'; period: Period; categories: string[] | null; sources: string[] | null },
  dialect: CsvDialect,
): string {
  return toCsv(SERIES_COLUMNS, series.points.map((p) => [
    series.area.code, series.area.name, series.area.level, meta.interval, p.start, p.end,
    meta.categories?.join('|') ?? null, meta.sources?.join('|') ?? null, series.k,
    ...count(p.count), ...count(p.lastYear), ...changeOf(p.changeVsLastYear).map((v, i) => (i === 1 ? round(v as number | null, 1) : v)),
  ]), dialect);
}

/** Municipalities with reports in [from, to] (the daily rollup's (gemeente_code, day) index). */
export async function coveredGemeenten(db: Database, from: string, to: string): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM areas g WHERE level = 'gemeente' AND EXISTS (SELECT 1 FROM report_counts_daily d WHERE d.gemeente_code = g.code AND d.day BETWEEN $1::date AND $2::date)`, [from, to]);
  return new Set(rows.map((r) => r.code));
}

/** The no-data rule of the exports: the statistics' own flag, or no reports of the area's
 *  municipality in the period. */
export function noDataRule(covered: Set<string>): NoData {
  return (a) => (a as AreaStatistic & { noData?: boolean }).noData === true || !covered.has(a.gemeente);
}
