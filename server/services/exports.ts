// Exports of the statistics API as files (docs/briefings.md, "Exports"): the same service calls
// and the same disclosure control as GET /api/stats/areas and /api/stats/timeseries, written as
// CSV (UTF-8 with BOM) or GeoJSON. Counts are the published (perturbed) counts of the publication
// layer, so a file shows the same number as the screen for the same cell, period and filters. A
// hidden count ("<k") is an EMPTY cell with `…_suppressed` = true (never a number, never a guess),
// so numeric columns stay numeric in Excel; a municipality or period without data is an empty cell
// with `no_data` = true. Derived figures are rounded (rates 0.01, shares 0.001, percentages 0.1).
import type { Database } from '../db/index.ts';
import { exportGeometries } from '../repositories/briefings.ts';
import { isWithheld, type PublishedChange, type PublishedCount } from '../publish/index.ts';
import type { AreaStatistic, AreaStatistics, Interval, PeriodInfo, TimePoint } from './stats.ts';

// The CSV writer is shared by every CSV of the app (server/csv.ts): dialects, BOM and the
// neutralising of spreadsheet formulas are the same here and in the audit export.
export { CSV_DIALECTS, toCsv, type CsvDialect } from '../csv.ts';
import { toCsv, type CsvDialect, type CsvValue as Value } from '../csv.ts';

const count = (c: PublishedCount | null): [number | null, boolean] => [c?.value ?? null, c?.suppressed ?? false];
const roundTo = (v: number | null, digits: number): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);
const changeOf = (c: PublishedChange): [number | null, number | null, boolean] => [c.absolute, roundTo(c.percent, 1), c.suppressed];

export const AREA_COLUMNS = [
  'code', 'name', 'level', 'parent', 'gemeente', 'inhabitants', 'inhabitants_estimated',
  'period', 'period_from', 'period_to', 'category', 'source', 'k', 'no_data',
  'count', 'count_suppressed', 'previous', 'previous_suppressed', 'last_year', 'last_year_suppressed',
  'rate_per_1000', 'rate_withheld', 'share',
  'change_vs_previous', 'change_vs_previous_pct', 'change_vs_previous_suppressed',
  'change_vs_last_year', 'change_vs_last_year_pct', 'change_vs_last_year_suppressed', 'withheld',
] as const;

/** The flat record of one area, as a CSV row and as GeoJSON properties. */
export function areaRecord(a: AreaStatistic, stats: AreaStatistics): Record<(typeof AREA_COLUMNS)[number], Value> {
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
    period: stats.periods.current.token,
    period_from: stats.periods.current.from,
    period_to: stats.periods.current.to,
    category: stats.filters.category,
    source: stats.filters.source,
    k: stats.disclosure.k,
    no_data: a.noData,
    count: countValue,
    count_suppressed: countSuppressed,
    previous,
    previous_suppressed: previousSuppressed,
    last_year: lastYear,
    last_year_suppressed: lastYearSuppressed,
    rate_per_1000: roundTo(a.ratePer1000, 2),
    rate_withheld: a.rateWithheld,
    share: roundTo(a.share, 3),
    change_vs_previous: cp,
    change_vs_previous_pct: cpPct,
    change_vs_previous_suppressed: cpSuppressed,
    change_vs_last_year: cy,
    change_vs_last_year_pct: cyPct,
    change_vs_last_year_suppressed: cySuppressed,
    withheld: isWithheld(a.count),
  };
}

export function areasCsv(stats: AreaStatistics, dialect: CsvDialect): string {
  return toCsv(AREA_COLUMNS, stats.areas.map((a) => {
    const r = areaRecord(a, stats);
    return AREA_COLUMNS.map((c) => r[c]);
  }), dialect);
}

/** A GeoJSON FeatureCollection (RFC 7946: WGS84, exterior rings counterclockwise) of the areas
 *  with the same flat properties as the CSV; an area without a polygon has `geometry: null`. */
export async function areasGeoJson(db: Database, stats: AreaStatistics, meta: { generatedAt: string }): Promise<object> {
  const rows = await exportGeometries(db, { level: stats.level, gemeente: stats.filters.gemeente });
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
      properties: areaRecord(a, stats),
    })),
  };
}

export const SERIES_COLUMNS = [
  'area_code', 'area_name', 'area_level', 'interval', 'label', 'start', 'end', 'category', 'source', 'k',
  'no_data', 'count', 'count_suppressed', 'last_year', 'last_year_suppressed',
  'change_vs_last_year', 'change_vs_last_year_pct', 'change_vs_last_year_suppressed', 'withheld',
] as const;

export function timeseriesCsv(
  series: { area: { code: string; name: string; level: string }; k: number; points: TimePoint[] },
  meta: { interval: Interval; period: PeriodInfo; category: string | null; source: string | null },
  dialect: CsvDialect,
): string {
  return toCsv(SERIES_COLUMNS, series.points.map((p) => [
    series.area.code, series.area.name, series.area.level, meta.interval, p.label, p.start, p.end,
    meta.category, meta.source, series.k,
    p.count === null, ...count(p.count), ...count(p.lastYear), ...changeOf(p.changeVsLastYear), isWithheld(p.count),
  ]), dialect);
}
