/**
 * What a signal may publish, from the publication layer only (server/publish): counts are the
 * perturbed cell-key counts of exactly the reports they count; the expected count is derived from
 * published counts (never from raw ones); the q-value is rounded to two significant digits, or
 * published as a step (≤ 0.01, ≤ 0.5) where the window's count is hidden; the trend statistic is
 * a rounded rate ratio (none where the count is hidden). No z-score, raw count, single-cell p or
 * neighbour count.
 *
 * Expected count of a window (shown next to the observed one), the test's own expectation
 * (methods.md §9.1, "Window tests": the zone's share of its baseline times the rest of the
 * municipality in the window), from published counts:
 *   e = B' · R'_w / R'_b,   R' = M' − O'
 * with B' the zone's published count over its b baseline weeks before the window, M' the
 * municipality's published count and O' the zone's published count over the same weeks (R'_w: the
 * window, R'_b: the baseline). A category that grew or is in season everywhere raises the
 * expectation as much as the rest of the municipality rose in those very weeks, and an outbreak's
 * own reports do not raise their own expectation. When B' is hidden ("<k") the expected count is
 * an upper bound (k in place of B', k − 1 off the rest's baseline), so it cannot give the hidden
 * count away. A hidden zone count cannot be taken off the rest: there e = B' · M'_w / M'_b, the
 * zone's share of the whole municipality (the same in expectation). Weeks with fewer than
 * MIN_REST_SPAN municipality reports take the rest's level over their LEVEL_SPAN-week span (fixed
 * spans ending at the run's last week).
 * Where that is hidden too or the rest's baseline is under MIN_REST_BASE (a zone that is most of
 * its municipality) it falls back to B' / b · f per week, f = (M'_26 / 26) / (M'_b / b) the
 * municipality's current level (1 when that is hidden too). The series carries, per week or block
 * of 2 or 4 weeks (longer windows), the published count (null: hidden) and the same expectation
 * over the block.
 */
import type { LeadSignal } from '../../analysis/earlySignals.ts';
import type { Publisher } from '../../publish/index.ts';
import { recurrence, type Recurrence } from './calibration.ts';
import type { BuurtArea } from './locations.ts';
import { seriesBlockWeeks, seriesWeeks } from './parameters.ts';
import { isoOf } from './steps.ts';

const TWO_32 = 4294967296;
/** Weeks of the municipality's current level f of the fallback (the header's M'_26); not the chart's length. */
const LEVEL_WEEKS = 26;
/**
 * The rest's published baseline count below which its share is not used (fallback instead): the
 * rest is a difference of two perturbed counts (noise sd ≈ 2), so at 50 the share is within ~5 %.
 */
const MIN_REST_BASE = 50;
/**
 * Weeks whose municipality count is under MIN_REST_SPAN (sparse categories, single weeks) are
 * expected from the rest's level over the LEVEL_SPAN weeks of their span: the p-table's noise (sd ≈ 1.4)
 * is then under 7 % and its small-count bias (up to +2 at 3–4 reports) gone.
 */
const MIN_REST_SPAN = 20;
const LEVEL_SPAN = 13;

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
  /** BH q-value across all tests of the run (2 significant digits), or with `qBound` the step it
   *  is at most (HIDDEN_Q_STEPS). */
  q: number;
  /** true: `q` (and the trend's) is an upper bound — the window's count is hidden, and a finer q
   *  would tell it. */
  qBound: boolean;
  recurrence: Recurrence;
  /** Rising signals: fitted rate ratio of the span's last block to its first (null: from zero, or
   *  the window's count is hidden). */
  trend: { spanWeeks: number; rateRatio: number | null; q: number } | null;
  /** The card's chart: weeks or blocks of 2 or 4 weeks (parameters.ts, seriesBlockWeeks; all
   *  categories of a zone: never single weeks). */
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

/**
 * The steps a q-value is published at where a finer one would tell a hidden count. A signal's q
 * comes from its true counts: where the card shows the window's count as "<k", a two-digit q
 * (with the expected count, the run's figures and the rank) told it — a scripted attack hit the
 * hidden count in 85 % of simulated cards, against 63 % for the best guess from the card alone; at
 * the steps 0.01 and 0.5 it was 63 % (docs/disclosure.md, "q-values of hidden counts"). Map
 * classes publish no count at all, and their buurt's may be hidden: always their steps (the
 * class's own level is 0.05).
 */
export const HIDDEN_Q_STEPS = [0.01, 0.5] as const;
export const MAP_Q_STEPS = [0.01, 0.05] as const;
/** The smallest step at or above q (the last step for anything above it). */
export const qStep = (q: number, steps: readonly number[]): number => steps.find((step) => q <= step) ?? steps[steps.length - 1]!;

/** A card's effect as published: its shown count over its expected count (0 where the count is
 *  hidden: the list ranks it after the shown ones of the same evidence). */
export const publishedEffect = (p: Pick<PublishedSignal, 'observed' | 'expected'>): number =>
  p.observed === null ? 0 : p.expected > 0 ? p.observed / p.expected : 1e9;

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
  const k = pub.k(s.category);
  const nPlaces = area.codes.length;
  // The zone's counts are a zone's (the municipality's when it is all of it), the rest's
  // denominators the municipality's: the same display rule as the same sets elsewhere.
  const zoneScope = { category: s.category, area: s.places.length === nPlaces ? ('gemeente' as const) : ('zone' as const) };
  const munScope = { category: s.category, area: 'gemeente' as const };
  const end = s.to;
  const weeks = s.to - s.from + 1;
  const shown = (n: number, key: number): number | null => {
    const c = pub.count(n, key, zoneScope);
    // A signal never reads "0 reports": a published value below k is shown as "<k".
    return c.suppressed || c.value < k ? null : c.value;
  };
  const observedSums = sums(cube, s.places, s.from, end, nPlaces);
  const observed = shown(observedSums.n, observedSums.key);
  const qBound = observed === null;
  const hiddenQ = qStep(s.q, HIDDEN_Q_STEPS);
  // The place's own history before the window, and the municipality's level now and then.
  const baseWeeks = Math.max(1, Math.min(s.baseWeeks || 104, s.from));
  const baseFrom = s.from - baseWeeks;
  const base = sums(cube, s.places, baseFrom, s.from - 1, nPlaces);
  const baseShown = pub.show(base.n === 0 ? 0 : pub.perturbed(base.n, base.key), zoneScope);
  const recentFrom = Math.max(0, end - LEVEL_WEEKS + 1);
  const munNow = sums(cube, null, recentFrom, end, nPlaces);
  const munBase = sums(cube, null, baseFrom, s.from - 1, nPlaces);
  const nowShown = pub.count(munNow.n, munNow.key, munScope);
  const baseMunShown = pub.count(munBase.n, munBase.key, munScope);
  const level = !nowShown.suppressed && !baseMunShown.suppressed && baseMunShown.value > 0
    ? (nowShown.value / (end - recentFrom + 1)) / (baseMunShown.value / baseWeeks)
    : 1;
  const expectedUpperBound = baseShown.suppressed;
  const zoneBase = expectedUpperBound ? k : baseShown.value!;
  // Fallback where the municipality's counts are hidden: a flat level per week.
  const perWeek = (zoneBase / baseWeeks) * level;
  /** The published count of the zone (or, places null, the municipality) over weeks from..to; null: hidden. */
  const published = (places: number[] | null, from: number, to: number): number | null => {
    const w = sums(cube, places, from, to, nPlaces);
    const c = pub.count(w.n, w.key, places === null ? munScope : zoneScope);
    return c.suppressed ? null : c.value;
  };
  const munBaseShown = baseMunShown.suppressed ? 0 : baseMunShown.value;
  const restBase = munBaseShown - (expectedUpperBound ? k - 1 : zoneBase);
  const useRest = restBase >= MIN_REST_BASE;
  /** The zone's share of the rest in weeks from..to, whose zone count is published as `zone` (null:
   *  hidden); null where the municipality's count is hidden or too small to say much. */
  const restShare = (from: number, to: number, zone: number | null): number | null => {
    const m = useRest ? published(null, from, to) : null;
    if (m === null || m < MIN_REST_SPAN) return null;
    // A hidden zone count cannot be taken off: the zone's share of the whole municipality instead
    // (the same expectation when the zone follows its share; its few own reports raise it a little).
    return zone === null ? (zoneBase / munBaseShown) * m : (zoneBase / restBase) * Math.max(0, m - zone);
  };
  /**
   * The expectation per week over the LEVEL_SPAN-week span holding week t. Spans are fixed blocks
   * ending at the run's last week, not a span centred on each week: a card then publishes two or
   * three span counts of the zone and of the municipality instead of a pair per week — counts of
   * sets overlapping by all but a week or two, whose differences would be further views of single
   * weeks (docs/disclosure.md, "A bounded query space"). A span the data's start clipped to under
   * half its length is as noisy as a week: the flat fallback.
   */
  const levels = new Map<number, number>();
  const spanLevel = (t: number): number => {
    const b = end - LEVEL_SPAN * Math.floor((end - t) / LEVEL_SPAN);
    const a = Math.max(0, b - LEVEL_SPAN + 1);
    let level = levels.get(b);
    if (level === undefined) {
      const e = b - a + 1 < LEVEL_SPAN >> 1 ? null : restShare(a, b, published(s.places, a, b));
      level = e === null ? perWeek : e / (b - a + 1);
      levels.set(b, level);
    }
    return level;
  };
  /** The expectation of weeks from..to, whose zone count is published as `zone` (null: hidden). */
  const expectation = (from: number, to: number, zone: number | null): number => {
    const e = restShare(from, to, zone);
    if (e !== null) return e;
    // Too few reports in these weeks for a perturbed count to say much (a small count's noise and
    // bias): each week at the rest's level over its span.
    if (!useRest || to - from + 1 >= LEVEL_SPAN) return perWeek * (to - from + 1);
    let sum = 0;
    for (let t = from; t <= to; t++) sum += spanLevel(t);
    return sum;
  };
  const series: PublishedSignal['series'] = [];
  // All categories of a zone come in blocks of at least 2 weeks: rule 4 withholds a buurt's and a
  // wijk's week of all categories, and a zone of one buurt (or a wijk's buurten) is that very set —
  // a card would otherwise publish 26 of its weeks. Only the window's own count can be one week.
  const singleWeeks = !(s.category === null && zoneScope.area === 'zone');
  const block = seriesBlockWeeks(weeks, singleWeeks);
  // Whole blocks only, ending at the run's last week (data shorter than the series: fewer blocks).
  for (let t = end - seriesWeeks(weeks, singleWeeks) + 1; t + block - 1 <= end; t += block) {
    if (t < 0) continue;
    const zone = published(s.places, t, t + block - 1);
    series.push({ week: isoOf(cube.firstMonday + 7 * t), weeks: block, observed: zone, expected: round(expectation(t, t + block - 1, zone), 2) });
  }
  return {
    class: s.class,
    category: s.category,
    gemeente: area.gemeente,
    places: s.places.map((p) => ({ code: area.codes[p]!, name: area.names[p]! })),
    window: { from: isoOf(cube.firstMonday + 7 * s.from), to: isoOf(cube.firstMonday + 7 * end + 6), weeks },
    observed,
    expected: round(expectation(s.from, end, observed), 1),
    expectedUpperBound,
    k,
    ...(qBound
      ? { q: hiddenQ, qBound, recurrence: { ...recurrence(hiddenQ), atLeast: true } }
      : { q: significant(s.q), qBound, recurrence: recurrence(s.q) }),
    trend: s.trend && s.class === 'rising'
      ? {
        spanWeeks: s.trend.spanWeeks,
        rateRatio: !qBound && Number.isFinite(s.trend.rateRatio) ? round(s.trend.rateRatio, 1) : null,
        q: qBound ? qStep(s.trend.q, HIDDEN_Q_STEPS) : significant(s.trend.q),
      }
      : null,
    series,
  };
}
