import type { Database } from '../db/index.ts';
import * as repo from '../repositories/stats.ts';
import { NotFoundError } from '../errors.ts';
import {
  changeBetween, publisher, rateOf, shareOf,
  type DisclosureConfig, type PublishedChange, type PublishedCount, type RateWithheld,
} from '../publish/index.ts';
import { addDays, addMonths, isoMonthOf, mondayOf, monthRange, monthsOf, weekToken, weeksIn, weeksOf, type Period, type WeekRange } from '../publish/periods.ts';
import { rollupStore, weekIndex, type CellSums, type Sums } from './rollup-store.ts';
import { covers, type Filters } from './filters.ts';
import type { AreaLevel, CellSize } from './areas.ts';
import type { DataVersionMemo } from './data-version.ts';

/**
 * Statistics per area, hexagon cell and week/month. Every count is published by the publication
 * layer from its true value and the key sum of exactly its reports, so the same area, period and
 * filters always show the same number in every view, export and briefing, and no figure is derived
 * from a hidden count. A municipality (or period) without imported reports is "no data" (null and
 * `noData`), never 0.
 */

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
  /** True when the municipality has no imported reports for the period: every figure is null. */
  noData: boolean;
  count: PublishedCount | null;
  /** Per 1,000 inhabitants; null with the reason in `rateWithheld`. */
  ratePer1000: number | null;
  rateWithheld: RateWithheld;
  /** Share of the municipality total (0 … 1), from published counts. */
  share: number | null;
  /** null where the comparison period has no data. */
  previous: PublishedCount | null;
  lastYear: PublishedCount | null;
  changeVsPrevious: PublishedChange;
  changeVsLastYear: PublishedChange;
}

export interface PeriodInfo extends WeekRange {
  token: string;
  kind: Period['kind'];
  weeks: number;
}

export interface AreaStatistics {
  level: AreaLevel;
  periods: { current: PeriodInfo; previous: WeekRange; lastYear: WeekRange };
  filters: { category: string | null; source: string | null; gemeente: string | null };
  disclosure: { k: number; roundTo: number | null };
  areas: AreaStatistic[];
  totals: AreaStatistic[];
}

type PeriodKey = 'current' | 'previous' | 'last_year';
const PERIOD_KEYS: readonly PeriodKey[] = ['current', 'previous', 'last_year'];
const TWO_32 = 4294967296;

/** Σ of key sums, reduced mod 2^32 (exact in doubles: each term is below 2^32). */
const addKeys = (a: number, b: number): number => (a + b) % TWO_32;

export function periodInfo(p: Period): PeriodInfo {
  return { token: p.token, kind: p.kind, from: p.from, to: p.to, weeks: p.weeks };
}

/**
 * Counts per area (buurten, wijken, gemeenten) for the period, the previous period and last year,
 * with rates, shares and changes from the published counts.
 */
export async function areaStatistics(db: Database, level: AreaLevel, filters: Filters, disclosure: DisclosureConfig): Promise<AreaStatistics> {
  const { period, comparisons } = filters;
  const ranges: Record<PeriodKey, WeekRange> = { current: period, previous: comparisons.previous, last_year: comparisons.lastYear };
  const [areas, store, pub] = await Promise.all([
    repo.areaList(db, { gemeente: filters.gemeente }),
    rollupStore(db),
    publisher(db, disclosure),
  ]);
  const scope = { category: filters.category };
  // Counts and key sums per area and period: buurten from the rollup, wijken and gemeenten as
  // the sums of their buurten.
  const sums = new Map<string, Record<PeriodKey, Sums>>();
  const sumsOf = (code: string) => {
    let s = sums.get(code);
    if (!s) sums.set(code, (s = { current: { n: 0, key: 0 }, previous: { n: 0, key: 0 }, last_year: { n: 0, key: 0 } }));
    return s;
  };
  for (const k of PERIOD_KEYS) {
    const perBuurt = store.buurtSums(ranges[k].from, mondayOf(ranges[k].to), filters.category, filters.source);
    store.buurten.forEach((code, b) => {
      if (filters.gemeente !== null && store.gemeenteOf[b] !== filters.gemeente) return;
      for (const area of [code, store.wijkOf[b]!, store.gemeenteOf[b]!]) {
        const s = sumsOf(area)[k];
        s.n += perBuurt.n[b]!;
        s.key = addKeys(s.key, perBuurt.key[b]!);
      }
    });
  }
  const coverage = filters.coverage;
  const publishedOf = (a: AreaInfo, key: PeriodKey): PublishedCount | null => {
    if (!covers(coverage, a.gemeente, ranges[key])) return null;
    const s = sums.get(a.code)?.[key] ?? { n: 0, key: 0 };
    return pub.count(s.n, s.key, { ...scope, area: a.level, weeks: weeksIn(ranges[key]) });
  };
  const published = new Map(areas.map((a) => [a.code, {
    current: publishedOf(a, 'current'), previous: publishedOf(a, 'previous'), lastYear: publishedOf(a, 'last_year'),
  }]));
  const statistic = (a: AreaInfo): AreaStatistic => {
    const p = published.get(a.code)!;
    const total = published.get(a.gemeente)?.current ?? null;
    const rate = rateOf(p.current, a.inhabitants, disclosure.minRatePopulation);
    return {
      code: a.code,
      name: a.name,
      level: a.level,
      parent: a.parent,
      gemeente: a.gemeente,
      inhabitants: a.inhabitants,
      inhabitantsEstimated: a.inhabitantsEstimated,
      noData: p.current === null,
      count: p.current,
      ratePer1000: rate.value,
      rateWithheld: rate.withheld,
      share: shareOf(p.current, total),
      previous: p.previous,
      lastYear: p.lastYear,
      changeVsPrevious: changeBetween(p.current, p.previous),
      changeVsLastYear: changeBetween(p.current, p.lastYear),
    };
  };
  return {
    level,
    periods: { current: periodInfo(period), previous: comparisons.previous, lastYear: comparisons.lastYear },
    filters: { category: filters.category, source: filters.source, gemeente: filters.gemeente },
    disclosure: { k: pub.k(filters.category), roundTo: disclosure.roundTo || null },
    areas: areas.filter((a) => a.level === level).map(statistic),
    totals: areas.filter((a) => a.level === 'gemeente').map(statistic),
  };
}

export interface CellStatistic {
  id: string;
  gemeente: string;
  i: number;
  j: number;
  /** null where the municipality has no data for the period. */
  count: PublishedCount | null;
  areaKm2: number;
  geometry: unknown;
  centroid: [number, number];
}

export interface CellShape { gemeente: string; i: number; j: number; areaKm2: number; geometry: unknown; centroid: [number, number] }

/** The cells of one size (all municipalities or one), parsed once per data version: building
 *  their GeoJSON in the database was about a fifth of every grid request. The grid and the density
 *  map (hot spots) both draw them. */
export function cellShapes(db: Database, size: CellSize, gemeente: string | null, memo?: DataVersionMemo): Promise<CellShape[]> {
  const load = async () => (await repo.cellGeometries(db, { size, gemeente })).map((r) => ({
    gemeente: r.gemeente, i: r.i, j: r.j, areaKm2: r.areaKm2, geometry: JSON.parse(r.geometry) as unknown, centroid: [round(r.lon, 5), round(r.lat, 5)] as [number, number],
  }));
  return memo ? memo.memo(db, `cells:${size}:${gemeente ?? ''}`, load) : load();
}

/** Counts and key sums per cell ("GM1700:500:i:j"), from the in-memory rollups: runs of whole
 *  ISO-week months from the monthly cells, a single week from the weekly cells. The grid and the
 *  density map (hot spots) both read them, so neither reads reports per request. */
export async function cellSums(db: Database, size: CellSize, filters: Filters): Promise<Map<string, CellSums>> {
  const store = await rollupStore(db);
  const { period, category, source, gemeente } = filters;
  return period.kind === 'week'
    ? store.weekCellSums(size, period.from, mondayOf(period.to), category, source, gemeente)
    : store.cellSums(size, isoMonthOf(period.from), isoMonthOf(period.to), category, source, gemeente);
}

/** Published counts per hexagon cell (clipped to the municipality) for the period, with the
 *  municipality totals. */
export async function cellStatistics(
  db: Database, size: CellSize, filters: Filters, disclosure: DisclosureConfig, memo?: DataVersionMemo,
): Promise<{ cells: CellStatistic[]; totals: Map<string, PublishedCount | null>; k: number }> {
  const [shapes, reported, pub] = await Promise.all([
    cellShapes(db, size, filters.gemeente, memo),
    cellSums(db, size, filters),
    publisher(db, disclosure),
  ]);
  const scope = { category: filters.category, weeks: filters.period.weeks };
  const id = (r: { gemeente: string; i: number; j: number }) => `${r.gemeente}:${size}:${r.i}:${r.j}`;
  const totals = new Map<string, { n: number; key: number }>();
  for (const r of reported.values()) {
    const t = totals.get(r.gemeente) ?? { n: 0, key: 0 };
    totals.set(r.gemeente, { n: t.n + r.n, key: addKeys(t.key, r.key) });
  }
  const gemeenten = new Set(shapes.map((s) => s.gemeente));
  const covered = new Map([...gemeenten].map((g) => [g, covers(filters.coverage, g, filters.period)]));
  return {
    k: pub.k(filters.category),
    totals: new Map([...gemeenten].map((g) => {
      const t = totals.get(g) ?? { n: 0, key: 0 };
      return [g, covered.get(g) ? pub.count(t.n, t.key, { ...scope, area: 'gemeente' }) : null];
    })),
    cells: shapes.map((c) => {
      const r = reported.get(id(c));
      return {
        id: id(c),
        gemeente: c.gemeente,
        i: c.i,
        j: c.j,
        count: covered.get(c.gemeente) ? pub.count(r?.n ?? 0, r?.key ?? 0, { ...scope, area: 'cell' }) : null,
        areaKm2: c.areaKm2,
        geometry: c.geometry,
        centroid: c.centroid,
      };
    }),
  };
}

/**
 * Loads what the statistics need before the first request asks (the in-memory rollups, the 500 m
 * cells and their shapes), so a server that just started, or data that just changed, does not make
 * its first users wait in a queue behind one load.
 */
export async function warmStatistics(db: Database, memo?: DataVersionMemo): Promise<void> {
  const store = await rollupStore(db);
  await Promise.all([store.preloadCells(500), cellShapes(db, 500, null, memo)]);
  // Then the single weeks of the default cell size (week-by-week playback, the week menu).
  await store.preloadWeekCells(500);
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export interface TimePoint {
  /** "2026-W47" or "2026-10". */
  label: string;
  start: string;
  end: string;
  /** null where there is no data for the week or month. */
  count: PublishedCount | null;
  lastYear: PublishedCount | null;
  changeVsLastYear: PublishedChange;
}

export type Interval = 'week' | 'month';

/** The buckets of a period — its ISO weeks, or its ISO-week months (a one-week period has one
 *  week) — each with the same week 52 weeks earlier or the same month a year earlier. */
export function bucketsOf(period: Period, interval: Interval): { label: string; range: WeekRange; lastYear: WeekRange }[] {
  if (interval === 'month' && period.kind !== 'week') {
    return monthsOf(period).map((m) => {
      const before = addMonths(m.month, -12);
      return { label: m.month, range: { from: m.from, to: m.to }, lastYear: monthRange(before, before) };
    });
  }
  return weeksOf(period).map((w) => ({ label: weekToken(w.from), range: w, lastYear: { from: addDays(w.from, -364), to: addDays(w.to, -364) } }));
}

/** Published counts per week or ISO-week month of one area, with the same week (52 weeks
 *  earlier) or month a year earlier. The buckets are exactly the period's. */
export async function timeSeries(
  db: Database, areaCode: string, interval: Interval, filters: Filters, disclosure: DisclosureConfig,
): Promise<{ area: AreaInfo; k: number; points: TimePoint[] }> {
  const [area] = await repo.area(db, { code: areaCode });
  if (!area) throw new NotFoundError(`area ${areaCode} is not loaded`, 'area');
  const buckets = bucketsOf(filters.period, interval);
  const first = buckets[0]!;
  const last = buckets[buckets.length - 1]!;
  const [store, pub] = await Promise.all([rollupStore(db), publisher(db, disclosure)]);
  // Weekly sums over the period and the same weeks (or months) a year earlier; a month is its weeks.
  const weeks = new Map([
    ...store.areaWeeks(area.code, area.level, first.range.from, mondayOf(last.range.to), filters.category, filters.source),
    ...store.areaWeeks(area.code, area.level, first.lastYear.from, mondayOf(last.lastYear.to), filters.category, filters.source),
  ]);
  const sumOf = (range: WeekRange) => {
    let n = 0;
    let key = 0;
    for (const w of weeksOf(range)) {
      const v = weeks.get(weekIndex(w.from));
      if (v) [n, key] = [n + v.n, (key + v.key) % 4294967296];
    }
    return { n, key };
  };
  const scope = { category: filters.category, area: area.level };
  const published = (range: WeekRange): PublishedCount | null => {
    if (!covers(filters.coverage, area.gemeente, range)) return null;
    const v = sumOf(range);
    return pub.count(v.n, v.key, { ...scope, weeks: weeksIn(range) });
  };
  return {
    area,
    k: pub.k(filters.category),
    points: buckets.map((b) => {
      const count = published(b.range);
      const lastYear = published(b.lastYear);
      return { label: b.label, start: b.range.from, end: b.range.to, count, lastYear, changeVsLastYear: changeBetween(count, lastYear) };
    }),
  };
}

