/**
 * What a signal may publish, from the publication layer only (server/publish): counts are the
 * perturbed cell-key counts of exactly the reports they count; the expected count is derived from
 * published counts (never from raw ones); the q-value is rounded to two significant digits; the
 * trend statistic is a rounded rate ratio. No z-score, raw count, single-cell p or neighbour count.
 *
 * Expected count of a window (shown next to the observed one):
 *   e = B' / b · f · w
 * with B' the zone's published count over its b baseline weeks before the window, w the window's
 * weeks and f = (M'_26 / 26) / (M'_b / b) the municipality's current level (its published counts
 * over the last 26 weeks and over the same baseline weeks) — the place's own history, adjusted for
 * the municipality's trend and season as the test is. When B' itself is hidden ("<k") the expected
 * count is published as an upper bound (k in place of B'), so it cannot give the hidden count away;
 * when a municipality count is hidden, f = 1. The series carries, per week or block of 2 or 4
 * weeks (longer windows), the published count (null: hidden) and e / w × its weeks (flat: the
 * expectation of an ordinary week or block).
 */
import type { LeadSignal } from '../../analysis/earlySignals.ts';
import type { Publisher } from '../../publish/index.ts';
import { recurrence, type Recurrence } from './calibration.ts';
import type { BuurtArea } from './locations.ts';
import { seriesBlockWeeks, seriesWeeks } from './parameters.ts';
import { isoOf } from './steps.ts';

const TWO_32 = 4294967296;
/** Weeks of the municipality's current level f (the header's M'_26); not the chart's length. */
const LEVEL_WEEKS = 26;

export interface PublishedSignal {
  class: LeadSignal['class'];
  category: string | null;
  gemeente: string;
  places: { code: string; name: string }[];
  window: { from: string; to: string; weeks: number };
  /** Published count in the window; null: below the threshold k ("<k"). */
  observed: number | null;
  /** Expected count in the window, from published counts (1 decimal). */
  expected: number;
  /** true: `expected` is an upper bound (the place's own history is hidden as "<k"). */
  expectedUpperBound: boolean;
  k: number;
  /** BH q-value across all tests of the run (2 significant digits). */
  q: number;
  recurrence: Recurrence;
  /** Rising signals: fitted rate ratio of the span's last block to its first (null: from zero). */
  trend: { spanWeeks: number; rateRatio: number | null; q: number } | null;
  /** The card's chart: weeks or blocks of 2 or 4 weeks (parameters.ts, seriesBlockWeeks). */
  series: { week: string; weeks: number; observed: number | null; expected: number }[];
}

/** The counts and key sums of one category (or all) of one municipality, place-major. */
export interface CubeData {
  nWeeks: number;
  counts: Float64Array;
  keys: Float64Array;
  /** Monday (day number) of week 0. */
  firstMonday: number;
}

export const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
export const significant = (v: number, digits = 2) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(digits)));

function sums(cube: CubeData, places: number[] | null, from: number, to: number, nPlaces: number): { n: number; key: number } {
  let n = 0;
  let key = 0;
  const list = places ?? Array.from({ length: nPlaces }, (_, k) => k);
  for (const p of list) {
    for (let t = Math.max(0, from); t <= to; t++) {
      n += cube.counts[p * cube.nWeeks + t]!;
      key = (key + cube.keys[p * cube.nWeeks + t]!) % TWO_32;
    }
  }
  return { n, key };
}

export function publishSignal(s: LeadSignal, area: BuurtArea, cube: CubeData, pub: Publisher): PublishedSignal {
  const scope = { category: s.category };
  const k = pub.k(s.category);
  const nPlaces = area.codes.length;
  const end = s.to;
  const weeks = s.to - s.from + 1;
  const shown = (n: number, key: number): number | null => {
    const c = pub.count(n, key, scope);
    // A signal never reads "0 reports": a published value below k is shown as "<k".
    return c.suppressed || c.value < k ? null : c.value;
  };
  const observedSums = sums(cube, s.places, s.from, end, nPlaces);
  const observed = shown(observedSums.n, observedSums.key);
  // The place's own history before the window, and the municipality's level now and then.
  const baseWeeks = Math.max(1, Math.min(s.baseWeeks || 104, s.from));
  const baseFrom = s.from - baseWeeks;
  const base = sums(cube, s.places, baseFrom, s.from - 1, nPlaces);
  const baseShown = pub.show(base.n === 0 ? 0 : pub.perturbed(base.n, base.key), scope);
  const recentFrom = Math.max(0, end - LEVEL_WEEKS + 1);
  const munNow = sums(cube, null, recentFrom, end, nPlaces);
  const munBase = sums(cube, null, baseFrom, s.from - 1, nPlaces);
  const nowShown = pub.count(munNow.n, munNow.key, scope);
  const baseMunShown = pub.count(munBase.n, munBase.key, scope);
  const level = !nowShown.suppressed && !baseMunShown.suppressed && baseMunShown.value > 0
    ? (nowShown.value / (end - recentFrom + 1)) / (baseMunShown.value / baseWeeks)
    : 1;
  const expectedUpperBound = baseShown.suppressed;
  const perWeek = ((expectedUpperBound ? k : baseShown.value!) / baseWeeks) * level;
  const series: PublishedSignal['series'] = [];
  const block = seriesBlockWeeks(weeks);
  // Whole blocks only, ending at the run's last week (data shorter than the series: fewer blocks).
  for (let t = end - seriesWeeks(weeks) + 1; t + block - 1 <= end; t += block) {
    if (t < 0) continue;
    const w = sums(cube, s.places, t, t + block - 1, nPlaces);
    const c = pub.count(w.n, w.key, scope);
    series.push({ week: isoOf(cube.firstMonday + 7 * t), weeks: block, observed: c.suppressed ? null : c.value, expected: round(perWeek * block, 2) });
  }
  return {
    class: s.class,
    category: s.category,
    gemeente: area.gemeente,
    places: s.places.map((p) => ({ code: area.codes[p]!, name: area.names[p]! })),
    window: { from: isoOf(cube.firstMonday + 7 * s.from), to: isoOf(cube.firstMonday + 7 * end + 6), weeks },
    observed,
    expected: round(perWeek * weeks, 1),
    expectedUpperBound,
    k,
    q: significant(s.q),
    recurrence: recurrence(s.q),
    trend: s.trend && s.class === 'rising'
      ? { spanWeeks: s.trend.spanWeeks, rateRatio: Number.isFinite(s.trend.rateRatio) ? round(s.trend.rateRatio, 1) : null, q: significant(s.trend.q) }
      : null,
    series,
  };
}
