/**
 * The early-signal detector (methods.md §9): a pure function of weekly count cubes per place ×
 * category and the run's parameters. No database, no published figures (the service publishes).
 *
 * For every candidate zone (zones.ts: a buurt and groups of up to 4 adjacent buurten) and every
 * category (and all categories together):
 *
 * 1. *Window tests* ("new", "sudden"): the zone's count y in the last w weeks (w ∈ 1, 2, 4, 8, 13;
 *    all categories together in a zone smaller than the municipality from 2 weeks: rule 4 of
 *    docs/disclosure.md) against its own baseline (up to 104 weeks before the window): y given the
 *    zone's total is predicted with the window's share π of the rest of the municipality (so the
 *    overall trend and the season cancel: the space-time interaction expectation), π's
 *    uncertainty carried by a beta posterior from the rest's counts shrunk towards the other
 *    categories' share with the weight of κ reports (predictiveTest.ts, beta-binomial). Fisher's
 *    exact test
 *    (`windowTest: 'fisher'`, the engine before 2026-12-06) counts the zone's own reports in the
 *    window total, so an outbreak raises its own expectation.
 * 2. *Trend tests* ("rising"): the zone's counts over the last 26 and 52 weeks (13 blocks of 2 or 4
 *    weeks) after one baseline block (up to 104 weeks before the span, score 0), against the rest of
 *    the municipality's profile shrunk towards the all-categories profile (κ reports), by the exact
 *    conditional score test for a log-linear trend of trendTest.ts: flat before the span, rising
 *    through it (a trend from zero is allowed).
 *    Both carry the counts' extra-Poisson variation (dispersion.ts): φ per category and block
 *    length estimated on the test's baseline widens the window's beta-binomial and shrinks the
 *    trend score, whose variance also takes the covariance of nearby blocks (variation that lasts
 *    weeks); at small totals the trend's blocks are negative binomial (dispersedTrend.ts: a
 *    Gamma-mixed count's tail is heavier than its variance says) (`dispersion: 'poisson'`, the
 *    engine before 2026-12-07, assumes none).
 * 3. *Multiplicity*: all tests of the run (every zone, window, span and category, for every
 *    municipality passed in) form one family. Tarone's screen (discreteFdr.ts) leaves out tests
 *    whose smallest attainable p cannot reach significance; over the rest a Benjamini–Hochberg
 *    step-up that counts discoveries by *region* (clusterFdr.ts: tests of one category whose zones
 *    overlap are one region), because one outbreak makes a hundred overlapping tests significant
 *    and plain BH's threshold α·k/m then lets chance results elsewhere onto the list (2–3 × the
 *    null false-alarm rate in data sets with outbreaks, docs/evaluation.md). A test is significant
 *    when q ≤ alpha. Weekly repetition is accounted for by calibrating alpha on null data
 *    (scripts/evaluate.ts; docs/evaluation.md): the false lead signals per week are measured, not
 *    assumed, and alpha is a calibration knob, not a false discovery proportion.
 *    *Weights* (Genovese, Roeder & Wasserman 2006, weighted BH: p / w in the step-up, weights
 *    fixed in advance per test type and scaled to mean 1 over the family): windows of 1, 2 and 4
 *    weeks weigh 5, the 8- and 13-week windows and the trends 1. The issue's sudden class (onset
 *    in the last weeks, found within 4 weeks) can only be decided by the short windows, and on
 *    null runs their chance signals were few (about a fifth of the false lead signals at equal
 *    weights) and short-lived, while chance trends and long windows stay on the list for weeks;
 *    the weights move the false-alarm budget to where it buys the most (methods.md §9.1 gives the
 *    figures and what was tried). `multiplicity: 'tests'` is plain BH, for comparisons.
 * 4. *Minimum own count*: no signal whose own count in its window is below `minCount` (3); a trend
 *    signal also needs ≥ minCount reports in its last 13 weeks and a positive slope.
 * 5. *Classes* per zone × category, first match wins:
 *    - new: a significant window test whose baseline held at most `newMaxBase` (1) reports;
 *    - rising: a significant trend test, unless a significant window test of ≤ 4 weeks has a
 *      smaller p (the shape is judged on the evidence, not on the weights, which favour the short
 *      windows' q);
 *    - sudden: a significant window test (the place is elevated in a recent window).
 *    persistent (steadily more reports per inhabitant than the municipality over 52 weeks, exact
 *    binomial test against the inhabitants' share, places with ≥ minPopulation inhabitants) and
 *    falling (significantly fewer than its own history predicts in the last 13 weeks: the 13-week
 *    window test's lower tail, with the same extra-Poisson variation) are map classes, tested in a
 *    separate family and never on the lead list.
 * 6. *De-duplication*: candidates ordered by q, then effect size (observed / expected); a candidate
 *    is dropped when a stronger one of the same category shares a place, and a signal on all
 *    categories together is dropped when a category's signal shares a place with it.
 *
 * Worked example (tests/unit/analysis/earlySignals.test.ts): 27 places with a flat Poisson
 * background of 0.2 reports a week each, plus 12 extra reports in the last 3 weeks in one place:
 * one lead signal, class sudden, in that place, window ≤ 4 weeks (under plain BH the same data
 * can list chance trends elsewhere too: the plant's own tests raise the threshold).
 */
import { fisherMinP, fisherWindowTest, minUpperP } from './conditionalTest.ts';
import { regionStepUp } from './clusterFdr.ts';
import { discreteBH, normalised } from './discreteFdr.ts';
import { binomialUpperTail } from './poisson.ts';
import { saddlepointUpperTail, trendSlope, trendUpperTail } from './trendTest.ts';
import { candidateZones, type Zone } from './zones.ts';
import { betaBinomialLowerTail, predictiveLowerMinP, predictiveMinP, predictiveWindowTest, restPosterior } from './predictiveTest.ts';
import { dispersedWeight, seriesDispersion } from './dispersion.ts';
import { DISPERSED_EXACT_MAX_TOTAL, dispersedTrendUpperTail } from './dispersedTrend.ts';
import { RUN_SETTINGS } from './runSettings.ts';

export type LeadClass = 'new' | 'rising' | 'sudden';
export type MapClass = 'persistent' | 'falling';

/** One study area (municipality): weekly counts per place and category. Transferable: typed
 *  arrays and plain arrays only. */
export interface AreaCube {
  id: string;
  nPlaces: number;
  /** Weeks in the cube; week index nWeeks − 1 is the newest complete week. */
  nWeeks: number;
  /** Category codes, in the order of `counts`. */
  categories: string[];
  /** Per category: place-major counts, counts[c][place * nWeeks + week]. */
  counts: Float64Array[];
  /** Contiguity: neighbours[place] = indices of adjacent places. */
  neighbours: number[][];
  /** Centroids in metres (RD New), flat [x0, y0, x1, y1, …]. */
  centroids: Float64Array;
  /** Inhabitants per place (NaN: unknown). */
  inhabitants: Float64Array;
}

export interface DetectorParams {
  /** Week index of the run's last week (default: the cube's last week). Later weeks are ignored. */
  end?: number;
  windows: number[];
  baselineWeeks: number;
  minBaselineWeeks: number;
  risingSpans: number[];
  risingBlocks: number;
  /** Weeks before a rising span that form its baseline block (0: test the span's shape only). */
  risingBaselineWeeks: number;
  minCount: number;
  alpha: number;
  /** Weight (in reports) of the all-categories time profile in the rising test's expected profile,
   *  and of the other categories' window share in the window test's prior (predictiveTest.ts). */
  kappa: number;
  maxZoneSize: number;
  /** "new": at most this many reports in the baseline. */
  newMaxBase: number;
  /** All categories together in a zone smaller than the municipality is tested over windows of at
   *  least this many weeks (2): the publication layer withholds a buurt's or a wijk's count of all
   *  categories over one week (rule 4, docs/disclosure.md), and a signal shows its window's own
   *  count, so a one-week window of all categories would publish that count. The categories' own
   *  one-week windows stay. The cost on the evaluation's floor plants: the same found, 3 of 114 a
   *  week or two later (median delay 2 → 2.5; evaluation.md, "engine v11"). */
  zoneAllCategoriesMinWeeks: number;
  mapAlpha: number;
  minPopulation: number;
  /** Weighted BH (methods.md §9.1): a weight per window length and per trend span, fixed in
   *  advance (missing: 1); scaled to mean 1 over the family. Absent: every test weighs 1. The
   *  defaults weigh the windows of ≤ 4 weeks 5. */
  testWeights?: { window?: Record<number, number>; trend?: Record<number, number> };
  /** What a discovery is in the step-up (clusterFdr.ts): 'regions' (default) counts distinct
   *  places per category, 'tests' is plain BH (the engine before 2026-12-06, for comparisons). */
  multiplicity?: 'regions' | 'tests';
  /** The window tests' null (methods.md §9.1, "Window tests"): 'predictive' (default) predicts
   *  the zone's window count from its baseline and the rest of the municipality's time share
   *  (beta-binomial, predictiveTest.ts); 'fisher' is Fisher's exact test (the engine before
   *  2026-12-06, for comparisons). */
  windowTest?: 'predictive' | 'fisher';
  /** Extra-Poisson variation in the predictive window tests and the trend tests (dispersion.ts):
   *  'estimate' (default) estimates it per category and block length from each test's baseline
   *  and widens the tests by it; 'poisson' assumes none (the engine before 2026-12-07, for
   *  comparisons); 'scaled' carries it in the trend tests by variance scaling alone, without the
   *  negative-binomial tail at small totals (dispersedTrend.ts; engine v8, for comparisons).
   *  `windowTest: 'fisher'` is the engine before 2026-12-06 as a whole: no estimate. */
  dispersion?: 'estimate' | 'scaled' | 'poisson';
}

/** The short windows: those a sudden change found within 4 weeks of its onset rests on (the
 *  issue's horizon). The class rule compares their p with the trends', and the run reports their
 *  smallest p (stats.smallestShortWindowP); the default weights favour the same windows (1, 2, 4). */
const SHORT_WINDOW_WEEKS = 4;

export const DEFAULT_DETECTOR_PARAMS: Readonly<DetectorParams> = Object.freeze({
  windows: [1, 2, 4, 8, 13],
  // The four a run may change: runSettings.ts (bounds and calibrated defaults).
  baselineWeeks: RUN_SETTINGS.baselineWeeks.default,
  minBaselineWeeks: 26,
  risingSpans: [26, 52],
  risingBlocks: 13,
  risingBaselineWeeks: 104,
  minCount: RUN_SETTINGS.minCount.default,
  alpha: RUN_SETTINGS.alpha.default,
  kappa: 400,
  maxZoneSize: RUN_SETTINGS.maxZoneSize.default,
  newMaxBase: 1,
  zoneAllCategoriesMinWeeks: 2,
  mapAlpha: 0.05,
  minPopulation: 100,
  // Windows of ≤ 4 weeks weigh 5 (methods.md §9.1, "Weights"): the sudden class is decided there,
  // and their chance signals are rare and short-lived; longer windows and trends weigh 1.
  testWeights: Object.freeze({ window: Object.freeze({ 1: 5, 2: 5, 4: 5 }) }),
});

export interface LeadSignal {
  area: string;
  class: LeadClass;
  /** null: all categories together. */
  category: string | null;
  /** Places of the zone (indices into the area's places), ascending. */
  places: number[];
  /** The deciding test. */
  test: 'window' | 'trend';
  /** Week indices [from, to] of the signal's window (trend: the span). */
  from: number;
  to: number;
  /** Raw figures for ranking and explanations inside the server; never published as such. */
  observed: number;
  expected: number;
  base: number;
  baseWeeks: number;
  p: number;
  q: number;
  /** observed / expected (trend: the fitted rate ratio over the span). */
  effect: number;
  trend: { spanWeeks: number; rateRatio: number; p: number; q: number } | null;
  /** Count in the last 13 weeks (trend signals). */
  recent: number;
}

export interface MapResult {
  area: string;
  place: number;
  category: string | null;
  class: MapClass;
  q: number;
}

export interface RunResult {
  lead: LeadSignal[];
  map: MapResult[];
  stats: {
    tests: number; family: number; taroneK: number; significant: number; mapTests: number; zones: number;
    /** The smallest p-value of a test that could lead (own count ≥ minCount; trend: recent count
     *  ≥ minCount and rising), 1 when none. On null data its distribution over runs says which
     *  per-test threshold a search can afford (the evaluation's searching oracle). */
    smallestLeadP: number;
    /** The same over the window tests of at most 4 weeks only (the tests a sudden signal found
     *  within 4 weeks of its onset rests on): the evaluation's searching oracle for a search that
     *  spends its whole false-alarm budget on them. */
    smallestShortWindowP: number;
  };
}

interface Test {
  kind: 'window' | 'trend';
  area: number;
  zone: number;
  category: number; // −1 = all
  /** Window weeks or trend span. */
  weeks: number;
  y: number;
  base: number;
  baseWeeks: number;
  restW?: number;
  restB?: number;
  /** Predictive window test: the Beta(a, b) of the window's share (predictiveTest.ts). */
  a?: number;
  b?: number;
  minP: number;
  p: number;
  expected: number;
  // Trend only
  blocks?: Float64Array;
  profile?: Float64Array;
  recent?: number;
  rateRatio?: number;
  /** Over-dispersed trend test (absent: Poisson): the variance inflation D of the score, the part
   *  of it that the blocks' own variation makes (`blockInflation`; the rest is the covariance of
   *  nearby blocks), the score's null mean per report Σ b·q_b, and φ per block (block 0, the
   *  baseline, first) for the negative-binomial tail (dispersedTrend.ts). */
  dispersed?: { inflation: number; blockInflation: number; mean: number; phi: Float64Array };
}

interface Prepared {
  cube: AreaCube;
  zones: Zone[];
  end: number;
  /** Per category (index categories.length = all): per place prefix sums (nWeeks + 1 each). */
  prefix: Float64Array[];
  /** Per category (and all): municipality prefix sums. */
  total: Float64Array[];
}

/** Per category (and, last, all categories together): per place prefix sums over the weeks
 *  (nWeeks + 1 each, place-major) and the municipality's. */
export function prefixSums(cube: AreaCube): { prefix: Float64Array[]; total: Float64Array[] } {
  const { nPlaces, nWeeks } = cube;
  const C = cube.categories.length;
  const prefix: Float64Array[] = [];
  const total: Float64Array[] = [];
  const allCounts = new Float64Array(nPlaces * nWeeks);
  for (let c = 0; c <= C; c++) {
    const counts = c < C ? cube.counts[c]! : allCounts;
    if (c < C) for (let i = 0; i < counts.length; i++) allCounts[i]! += counts[i]!;
    const pre = new Float64Array(nPlaces * (nWeeks + 1));
    const tot = new Float64Array(nWeeks + 1);
    const weekly = new Float64Array(nWeeks);
    for (let s = 0; s < nPlaces; s++) {
      let run = 0;
      const o = s * (nWeeks + 1);
      for (let t = 0; t < nWeeks; t++) {
        const v = counts[s * nWeeks + t]!;
        run += v;
        pre[o + t + 1] = run;
        weekly[t]! += v;
      }
    }
    for (let t = 0; t < nWeeks; t++) tot[t + 1] = tot[t]! + weekly[t]!;
    prefix.push(pre);
    total.push(tot);
  }
  return { prefix, total };
}

/** Σ of one place's counts over weeks [from, to] (inclusive). */
function placeSum(prep: Prepared, c: number, place: number, from: number, to: number): number {
  const o = place * (prep.cube.nWeeks + 1);
  return prep.prefix[c]![o + to + 1]! - prep.prefix[c]![o + from]!;
}

/** Σ of a zone's counts over weeks [from, to] (inclusive). */
function zoneSum(prep: Prepared, c: number, members: number[], from: number, to: number): number {
  let sum = 0;
  for (const m of members) sum += placeSum(prep, c, m, from, to);
  return sum;
}

const totalSum = (prep: Prepared, c: number, from: number, to: number): number => prep.total[c]![to + 1]! - prep.total[c]![from]!;

/** Whether the engine estimates the counts' extra-Poisson variation (DetectorParams.dispersion). */
const estimatesDispersion = (params: DetectorParams): boolean => params.windowTest !== 'fisher' && params.dispersion !== 'poisson';

/** Extra-Poisson variation φ per category (and, last, all categories together) on blocks of w
 *  weeks over [from, to] (dispersion.ts). The categories borrow each other's estimate
 *  (seriesDispersion); all categories together is its own series. */
function categoryPhis(prep: Prepared, from: number, to: number, w: number): number[] {
  const C = prep.cube.categories.length;
  return [
    ...seriesDispersion(prep.prefix.slice(0, C), prep.total.slice(0, C), prep.cube.nPlaces, from, to, w),
    ...seriesDispersion([prep.prefix[C]!], [prep.total[C]!], prep.cube.nPlaces, from, to, w),
  ];
}

/** A zone's window (the w weeks to `end`) against its baseline (the baseWeeks before): its own
 *  counts and the rest of the municipality's, per category (ALL = categories.length). */
interface WindowCounts { y: number; base: number; restW: number; restB: number }

/**
 * The predictive test's Beta(a, b) for the share of a zone's y + base reports that fall in the
 * window rather than its baseline: centred on the other categories' share outside the zone
 * (`outsideW`, `outsideB`: all reports outside the zone; not this category's own rest, which is the
 * data, counted twice it would narrow the prediction; the share of weeks when there are none) with
 * weight κ, updated with the category's rest. For all categories together the rest is the
 * reference itself, so its prior (weight 1) only keeps a and b > 0. With φ > 0 each place's
 * expected window count m_s = π·n_s adds φ·m_s² (places independent; dispersedWeight).
 */
function predictiveBeta(prep: Prepared, c: number, members: number[], w: number, baseWeeks: number, counts: WindowCounts, outsideW: number, outsideB: number, kappa: number, phi: number): { a: number; b: number } {
  const ALL = prep.cube.categories.length;
  const { restW, restB } = counts;
  const otherW = outsideW - (c === ALL ? 0 : restW);
  const otherB = outsideB - (c === ALL ? 0 : restB);
  const pi0 = Math.min(1 - 1e-9, Math.max(1e-9, otherW + otherB > 0 ? otherW / (otherW + otherB) : w / (w + baseWeeks)));
  const { a, b } = restPosterior(restW, restB, pi0, c === ALL ? 1 : Math.max(1, kappa));
  if (!(phi > 0)) return { a, b };
  const share = a / (a + b);
  const from = prep.end - w + 1;
  let extra = 0;
  for (const m of members) extra += (share * placeSum(prep, c, m, from - baseWeeks, prep.end)) ** 2;
  const weight = dispersedWeight(counts.y + counts.base, a, b, phi * extra);
  return { a: share * weight, b: (1 - share) * weight };
}

/** Zones and prefix sums depend on the cube only (not on `end`): kept while the cube lives, so
 *  rolling runs over one cube (the evaluation harness) build them once. */
const prepared = new WeakMap<AreaCube, { maxZoneSize: number; zones: Zone[]; prefix: Float64Array[]; total: Float64Array[] }>();

function prepare(cube: AreaCube, params: DetectorParams): Prepared {
  const known = prepared.get(cube);
  const end = Math.min(cube.nWeeks - 1, params.end ?? cube.nWeeks - 1);
  if (known && known.maxZoneSize === params.maxZoneSize) return { cube, zones: known.zones, end, prefix: known.prefix, total: known.total };
  if (cube.counts.length !== cube.categories.length) throw new RangeError(`${cube.categories.length} categories but ${cube.counts.length} cubes`);
  for (const c of cube.counts) if (c.length !== cube.nPlaces * cube.nWeeks) throw new RangeError(`cube size ${c.length} ≠ ${cube.nPlaces} × ${cube.nWeeks}`);
  const centroids: [number, number][] = [];
  for (let s = 0; s < cube.nPlaces; s++) centroids.push([cube.centroids[2 * s]!, cube.centroids[2 * s + 1]!]);
  const zones = candidateZones(cube.neighbours, centroids, params.maxZoneSize);
  const sums = prefixSums(cube);
  prepared.set(cube, { maxZoneSize: params.maxZoneSize, zones, ...sums });
  return { cube, zones, end, ...sums };
}

/** Window and trend tests of one area (p-values not computed yet: only the minimal ones). */
function collectTests(prep: Prepared, areaIndex: number, params: DetectorParams, out: Test[]): void {
  const { cube, zones, end } = prep;
  const C = cube.categories.length;
  const ALL = C;
  // All reports outside each zone in each window and its baseline (the predictive test's prior):
  // the same for every category, so summed once per zone and window, not once per category.
  const nW = params.windows.length;
  const outsideW = new Float64Array(zones.length * nW);
  const outsideB = new Float64Array(zones.length * nW);
  if (params.windowTest !== 'fisher') {
    zones.forEach((zone, z) => params.windows.forEach((w, k) => {
      const from = end - w + 1;
      const baseFrom = from - Math.min(params.baselineWeeks, from);
      if (from < 0) return;
      outsideW[z * nW + k] = totalSum(prep, ALL, from, end) - zoneSum(prep, ALL, zone.members, from, end);
      outsideB[z * nW + k] = totalSum(prep, ALL, baseFrom, from - 1) - zoneSum(prep, ALL, zone.members, baseFrom, from - 1);
    }));
  }
  // Extra-Poisson variation per category and window length, estimated on the window's baseline
  // (dispersion.ts): the same for every zone, so once per run.
  const estimate = estimatesDispersion(params);
  const phi = new Float64Array((C + 1) * nW);
  if (estimate) {
    params.windows.forEach((w, k) => {
      const from = end - w + 1;
      if (from < 0) return;
      const baseFrom = from - Math.min(params.baselineWeeks, from);
      categoryPhis(prep, baseFrom, from - 1, w).forEach((f, c) => (phi[c * nW + k] = f));
    });
  }
  // The trends' dispersion per category and span, on blocks of the span's block length before
  // the span (its baseline), once per run: φ_w of one block, and the covariances φ_1, φ_2 of blocks
  // one and two apart (extra variation that lasts longer than a block). A sum of m blocks has
  // φ_mw·(m·e)² = [m·φ_w + 2 Σ_k (m − k)·φ_k]·e², so φ_1 = 2φ_2w − φ_w and
  // φ_2 = (9φ_3w − 3φ_w − 4φ_1) / 2, both 0 when the variation is week to week (φ_mw = φ_w / m).
  const trendPhis = new Map<number, TrendDispersion[]>();
  const trendPhi = (c: number, span: number, blockWeeks: number, from: number, to: number): TrendDispersion => {
    if (!estimate) return { block: 0, lags: [0, 0] };
    let f = trendPhis.get(span);
    if (f === undefined) {
      const [one, two, three] = [1, 2, 3].map((m) => categoryPhis(prep, from, to, m * blockWeeks));
      trendPhis.set(span, (f = one!.map((b, k) => {
        const lag1 = Math.max(0, 2 * two![k]! - b);
        return { block: b, lags: [lag1, Math.max(0, (9 * three![k]! - 3 * b - 4 * lag1) / 2)] };
      })));
    }
    return f[c]!;
  };
  for (let c = 0; c <= C; c++) {
    for (let z = 0; z < zones.length; z++) {
      const members = zones[z]!.members;
      for (let k = 0; k < nW; k++) {
        const w = params.windows[k]!;
        const from = end - w + 1;
        const baseWeeks = Math.min(params.baselineWeeks, from);
        if (from < 0 || baseWeeks < params.minBaselineWeeks) continue;
        if (c === ALL && w < params.zoneAllCategoriesMinWeeks && members.length < cube.nPlaces) continue;
        const baseFrom = from - baseWeeks;
        const y = zoneSum(prep, c, members, from, end);
        const base = zoneSum(prep, c, members, baseFrom, from - 1);
        const n = y + base;
        if (n < params.minCount) continue; // can never reach the minimum own count
        const restW = totalSum(prep, c, from, end) - y;
        const restB = totalSum(prep, c, baseFrom, from - 1) - base;
        const category = c === ALL ? -1 : c;
        if (params.windowTest === 'fisher') {
          const N = n + restW + restB;
          out.push({ kind: 'window', area: areaIndex, zone: z, category, weeks: w, y, base, baseWeeks, restW, restB, minP: fisherMinP(n, y + restW, N), p: NaN, expected: (n * (y + restW)) / N });
          continue;
        }
        const { a, b } = predictiveBeta(prep, c, members, w, baseWeeks, { y, base, restW, restB }, outsideW[z * nW + k]!, outsideB[z * nW + k]!, params.kappa, phi[c * nW + k]!);
        out.push({ kind: 'window', area: areaIndex, zone: z, category, weeks: w, y, base, baseWeeks, restW, restB, a, b, minP: predictiveMinP(n, a, b), p: NaN, expected: (n * a) / (a + b) });
      }
      for (const span of params.risingSpans) {
        const blockWeeks = span / params.risingBlocks;
        const start = end - span + 1;
        if (!Number.isInteger(blockWeeks) || start < 0) continue;
        const baseWeeks = Math.min(params.risingBaselineWeeks, start);
        // Block 0 is the baseline before the span (score 0: the level the ramp starts from), when
        // there is one; blocks 1…T the span. Without a baseline only the span's shape is tested.
        const withBase = baseWeeks >= params.minBaselineWeeks;
        const T = params.risingBlocks + 1;
        const ranges: [number, number][] = [withBase ? [start - baseWeeks, start - 1] : [start, start - 1]];
        for (let b = 0; b < params.risingBlocks; b++) ranges.push([start + b * blockWeeks, start + (b + 1) * blockWeeks - 1]);
        const blocks = new Float64Array(T);
        const profile = new Float64Array(T);
        const allBlocks = new Float64Array(T);
        let Y = 0;
        let allTotal = 0;
        ranges.forEach(([f, t], b) => {
          if (t < f) return;
          blocks[b] = zoneSum(prep, c, members, f, t);
          Y += blocks[b]!;
          // The rest of the municipality's count in the block: the zone itself stays out, or a
          // place that makes up much of its category would raise its own expectation.
          profile[b] = totalSum(prep, c, f, t) - blocks[b]!;
          allBlocks[b] = totalSum(prep, ALL, f, t);
          allTotal += allBlocks[b]!;
        });
        if (Y - blocks[0]! < params.minCount) continue;
        // Expected profile: the rest's, shrunk towards all categories' profile with the weight of κ
        // reports — a sparse category's rest is too noisy a reference on its own (methods.md §9.1).
        let profileSum = 0;
        for (let b = withBase ? 0 : 1; b < T; b++) {
          profile[b] = profile[b]! + params.kappa * (allTotal > 0 ? allBlocks[b]! / allTotal : 1 / (T - 1));
          profileSum += profile[b]!;
        }
        // Smallest attainable p: every report in the last block (trendMinP without a copy).
        const minP = profileSum > 0 ? Math.exp(Y * Math.log(profile[T - 1]! / profileSum)) : 1;
        const recentFrom = Math.max(start, end - 12);
        const recent = zoneSum(prep, c, members, recentFrom, end);
        const f = trendPhi(c, span, blockWeeks, start - baseWeeks, start - 1);
        const dispersed = f.block > 0 || f.lags.some((l) => l > 0) ? scoreInflation(profile, profileSum, Y, withBase, f, blockWeeks / Math.max(1, baseWeeks), concentration(prep, c, members, start - baseWeeks, end)) : undefined;
        out.push({ kind: 'trend', area: areaIndex, zone: z, category: c === ALL ? -1 : c, weeks: span, y: Y, base: blocks[0]!, baseWeeks: withBase ? baseWeeks : 0, minP, p: NaN, expected: NaN, blocks, profile, recent, dispersed });
      }
    }
  }
}

function computeP(t: Test, gate: number, negBinTail: boolean): void {
  if (t.kind === 'window') {
    t.p = t.a === undefined ? fisherWindowTest(t.y, t.base, t.restW!, t.restB!).p : predictiveWindowTest(t.y, t.base, t.a, t.b!).p;
    return;
  }
  // The saddlepoint first (cheap); the exact convolution only where the test could matter: a test
  // is significant only when p ≤ alpha × its scaled weight, and which q-values are ≤ alpha does not
  // depend on p-values above that (the step-up's threshold), so above the gate (twice that, room
  // for the approximation's error) the saddlepoint value stands in.
  let s = 0;
  for (let b = 0; b < t.blocks!.length; b++) s += b * t.blocks![b]!;
  // Over-dispersed counts (dispersion.ts): the score's excess over its null mean shrinks by √D
  // before the Poisson tail is read (quasi-likelihood, as Farrington's threshold scales its
  // variance by φ), rounded up so the lattice tail stays conservative.
  const d = t.dispersed;
  // The score with its excess over the null mean shrunk by √factor, rounded up (conservative).
  const shrunk = (factor: number) => (d && factor > 1 ? Math.ceil(t.y * d.mean + (s - t.y * d.mean) / Math.sqrt(factor)) : s);
  const read = shrunk(d?.inflation ?? 1);
  const approx = saddlepointUpperTail(read, t.y, t.profile!);
  t.p = approx > gate ? approx : trendUpperTail(read, t.y, t.profile!);
  // At small totals the blocks' own variation is carried by the negative-binomial tail instead
  // (dispersedTrend.ts: a Gamma-mixed count's tail is heavier than its variance says), the
  // covariance of nearby blocks still by the shrunk excess; the larger p of the two stands (near
  // the centre the skewed tail is the lighter one). Only where p can matter (≤ 0.01; the tests'
  // thresholds in a run's family are far smaller): its cost grows with the total's cube.
  if (negBinTail && d && d.blockInflation > 1 && t.y <= DISPERSED_EXACT_MAX_TOTAL && t.p <= Math.min(gate, DISPERSED_GATE)) {
    t.p = Math.max(t.p, dispersedTrendUpperTail(shrunk(d.inflation / d.blockInflation), t.y, t.profile!, d.phi));
  }
  t.rateRatio = trendSlopeRatio(t);
}

/** Scaled trend p-values above this keep the scaled tail (computeP). */
const DISPERSED_GATE = 0.01;

/** Σ_s (n_s / n)² over a zone's places (n_s their counts over [from, to]): the share of a
 *  zone-level φ·e² that independent places carry (1 for one place). */
function concentration(prep: Prepared, c: number, members: number[], from: number, to: number): number {
  if (members.length === 1) return 1;
  const counts = members.map((m) => placeSum(prep, c, m, from, to));
  const n = counts.reduce((a, v) => a + v, 0);
  return n > 0 ? counts.reduce((a, v) => a + (v / n) ** 2, 0) : 1;
}

/** A trend's extra-Poisson variation: φ of one block and the covariances of blocks 1, 2 … apart. */
interface TrendDispersion { block: number; lags: number[] }

/**
 * Variance inflation D of the trend score S = Σ b·y_b under over-dispersed counts: block b's
 * variance e_b + φ_b·h·e_b² instead of e_b (e_b = Y·q_b its expected count, h the zone's
 * concentration, φ_b the span blocks' φ and, for the long baseline block 0, φ scaled by block
 * weeks / baseline weeks as week-to-week noise would be), and the covariance φ_k·h·e_b·e_{b+k} of
 * span blocks k apart (variation that lasts longer than a block; the score's weights b − b̄ of
 * near neighbours mostly share a sign, so it adds to the score's variance):
 * D = [Σ (b − b̄)² e_b (1 + φ_b h e_b) + 2 Σ_k Σ (b − b̄)(b + k − b̄) φ_k h e_b e_{b+k}] / Σ (b − b̄)² e_b;
 * returned with b̄ (the score's null mean per report), which the p-value needs too, the part of D
 * the blocks' own variation makes (without the covariance terms) and φ_b·h per block, which the
 * negative-binomial tail at small totals reads (dispersedTrend.ts).
 */
function scoreInflation(profile: Float64Array, profileSum: number, Y: number, withBase: boolean, phi: TrendDispersion, baseScale: number, h: number): NonNullable<Test['dispersed']> {
  let mean = 0;
  for (let b = withBase ? 0 : 1; b < profile.length; b++) mean += (b * profile[b]!) / profileSum;
  let num = 0;
  let lagNum = 0;
  let den = 0;
  const blockPhi = new Float64Array(profile.length);
  for (let b = withBase ? 0 : 1; b < profile.length; b++) {
    const e = (Y * profile[b]!) / profileSum;
    const d2 = (b - mean) ** 2 * e;
    blockPhi[b] = (b === 0 ? phi.block * baseScale : phi.block) * h;
    num += d2 * (1 + blockPhi[b]! * e);
    den += d2;
    if (b === 0) continue;
    phi.lags.forEach((lag, k) => {
      const other = b + k + 1;
      if (lag > 0 && other < profile.length) lagNum += 2 * (b - mean) * (other - mean) * lag * h * e * ((Y * profile[other]!) / profileSum);
    });
  }
  const blockInflation = den > 0 ? Math.max(1, num / den) : 1;
  return { inflation: den > 0 ? Math.max(1, (num + lagNum) / den) : 1, blockInflation, mean, phi: blockPhi };
}


function trendSlopeRatio(t: Test): number {
  const slope = trendSlope(t.blocks!, t.profile!);
  return Number.isFinite(slope) ? Math.exp(slope * (t.blocks!.length - 1)) : slope > 0 ? Infinity : 0;
}

/** Map classes (persistent, falling) of single places, in their own family. */
function mapClasses(preps: Prepared[], params: DetectorParams): { map: MapResult[]; tests: number } {
  interface MapTest { area: number; place: number; category: number; cls: MapClass; p: number; minP: number }
  const tests: MapTest[] = [];
  preps.forEach((prep, a) => {
    const { cube, end } = prep;
    const C = cube.categories.length;
    let population = 0;
    for (let s = 0; s < cube.nPlaces; s++) if (Number.isFinite(cube.inhabitants[s]!)) population += cube.inhabitants[s]!;
    const w = 13;
    const from = end - w + 1;
    const baseWeeks = Math.min(params.baselineWeeks, from);
    const yearFrom = Math.max(0, end - 51);
    // falling is the 13-week window test's lower tail: the same predictive test with the same
    // extra-Poisson variation as the lead list's window tests (Fisher's test in the engine before
    // 2026-12-06, which cannot carry it).
    const fisher = params.windowTest === 'fisher';
    const phis = !fisher && estimatesDispersion(params) && from >= 0 ? categoryPhis(prep, from - baseWeeks, from - 1, w) : [];
    // All reports outside each place in the window and its baseline (the predictive test's prior):
    // the same for every category, so once per place.
    const outsideW = new Float64Array(cube.nPlaces);
    const outsideB = new Float64Array(cube.nPlaces);
    if (!fisher && from >= 0) {
      const allW = totalSum(prep, C, from, end);
      const allB = totalSum(prep, C, from - baseWeeks, from - 1);
      for (let s = 0; s < cube.nPlaces; s++) {
        outsideW[s] = allW - placeSum(prep, C, s, from, end);
        outsideB[s] = allB - placeSum(prep, C, s, from - baseWeeks, from - 1);
      }
    }
    for (let c = 0; c <= C; c++) {
      const yearTotal = totalSum(prep, c, yearFrom, end);
      for (let s = 0; s < cube.nPlaces; s++) {
        const members = [s];
        // persistent: more reports per inhabitant over 52 weeks than the municipality.
        const inh = cube.inhabitants[s]!;
        if (Number.isFinite(inh) && inh >= params.minPopulation && population > 0 && yearTotal > 0) {
          const y = zoneSum(prep, c, members, yearFrom, end);
          const share = Math.min(1 - 1e-9, inh / population);
          if (y >= params.minCount) {
            tests.push({ area: a, place: s, category: c === C ? -1 : c, cls: 'persistent', p: binomialUpperTail(y, yearTotal, share), minP: minUpperP(yearTotal, share) });
          }
        }
        // falling: fewer than the own history predicts in the last 13 weeks.
        if (from >= 0 && baseWeeks >= params.minBaselineWeeks) {
          const y = zoneSum(prep, c, members, from, end);
          const base = zoneSum(prep, c, members, from - baseWeeks, from - 1);
          if (base >= params.minCount) {
            const restW = totalSum(prep, c, from, end) - y;
            const restB = totalSum(prep, c, from - baseWeeks, from - 1) - base;
            const n = y + base;
            const category = c === C ? -1 : c;
            if (fisher) {
              const N = n + restW + restB;
              tests.push({ area: a, place: s, category, cls: 'falling', p: fisherWindowTest(y, base, restW, restB).pLower, minP: fisherMinP(n, N - y - restW, N) });
            } else {
              const { a: pa, b: pb } = predictiveBeta(prep, c, members, w, baseWeeks, { y, base, restW, restB }, outsideW[s]!, outsideB[s]!, params.kappa, phis[c] ?? 0);
              tests.push({ area: a, place: s, category, cls: 'falling', p: betaBinomialLowerTail(y, n, pa, pb), minP: predictiveLowerMinP(n, pa, pb) });
            }
          }
        }
      }
    }
  });
  const fdr = discreteBH(tests.map((t) => t.p), tests.map((t) => t.minP), params.mapAlpha);
  const best = new Map<string, MapResult>();
  tests.forEach((t, i) => {
    const q = fdr.q[i]!;
    if (q > params.mapAlpha) return;
    const key = `${t.area}|${t.place}|${t.category}`;
    const known = best.get(key);
    // falling wins over persistent: the change is the news, the level is context.
    if (known && (known.class === 'falling' || t.cls === 'persistent')) return;
    const prep = preps[t.area]!;
    best.set(key, { area: prep.cube.id, place: t.place, category: t.category < 0 ? null : prep.cube.categories[t.category]!, class: t.cls, q });
  });
  return { map: [...best.values()], tests: tests.length };
}

const overlaps = (a: number[], b: number[]) => a.some((x) => b.includes(x));

/**
 * One run over one or more study areas (each its own municipality): lead signals (new, rising,
 * sudden; ranked by q, then effect size) and map classes (persistent, falling).
 */
export function detectSignals(cubes: AreaCube[], params: DetectorParams = DEFAULT_DETECTOR_PARAMS): RunResult {
  const preps = cubes.map((cube) => prepare(cube, params));
  const tests: Test[] = [];
  preps.forEach((prep, a) => collectTests(prep, a, params, tests));
  // Tarone's screen first: only tests that can reach significance need their exact p.
  const minP = Float64Array.from(tests, (t) => t.minP);
  const tw = params.testWeights;
  const weights = tw ? Float64Array.from(tests, (t) => (t.kind === 'window' ? tw.window?.[t.weeks] : tw.trend?.[t.weeks]) ?? 1) : undefined;
  // The screen depends on the smallest attainable p only, so the family is known before any p.
  const screen = discreteBH(new Float64Array(tests.length).fill(1), minP, params.alpha, weights);
  // A test can be significant only when p ≤ alpha × its weight (scaled to mean 1 over the family):
  // the exact trend p is needed only up to there (computeP's gate, with room for the saddlepoint).
  const members: number[] = [];
  for (let i = 0; i < tests.length; i++) if (screen.inFamily[i]) members.push(i);
  const scaled = normalised(weights, tests.length, members);
  const p = new Float64Array(tests.length).fill(1);
  for (const i of members) {
    computeP(tests[i]!, Math.min(1, 2 * params.alpha * scaled[i]!), params.dispersion !== 'scaled');
    p[i] = tests[i]!.p;
  }
  const fdr = params.multiplicity === 'tests' ? discreteBH(p, minP, params.alpha, weights) : { ...screen, q: regionQ(tests, preps, p, members, weights ? scaled : undefined) };

  // Significant tests per area × zone × category.
  interface Group { window: { t: Test; q: number }[]; trend: { t: Test; q: number }[] }
  const groups = new Map<string, Group>();
  let significant = 0;
  let smallestLeadP = 1;
  let smallestShortWindowP = 1;
  tests.forEach((t, i) => {
    if (t.kind === 'window' && t.y < params.minCount) return;
    if (t.kind === 'trend' && ((t.recent ?? 0) < params.minCount || !((t.rateRatio ?? 0) > 1))) return;
    smallestLeadP = Math.min(smallestLeadP, p[i]!);
    if (t.kind === 'window' && t.weeks <= SHORT_WINDOW_WEEKS) smallestShortWindowP = Math.min(smallestShortWindowP, p[i]!);
    const q = fdr.q[i]!;
    if (q > params.alpha) return;
    significant++;
    const key = `${t.area}|${t.zone}|${t.category}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { window: [], trend: [] }));
    (t.kind === 'window' ? g.window : g.trend).push({ t, q });
  });

  const byStrength = (a: { t: Test; q: number }, b: { t: Test; q: number }) => a.q - b.q || effectOf(b.t) - effectOf(a.t);
  const candidates: LeadSignal[] = [];
  for (const g of groups.values()) {
    g.window.sort(byStrength);
    g.trend.sort(byStrength);
    const bestWindow = g.window[0];
    const bestTrend = g.trend[0];
    // Which shape fits better: the smaller p (not q: the weights make a short window's q smaller).
    let shortP = Infinity;
    for (const x of g.window) if (x.t.weeks <= SHORT_WINDOW_WEEKS) shortP = Math.min(shortP, x.t.p);
    let chosen: { t: Test; q: number };
    let cls: LeadClass;
    if (bestWindow && g.window.some((x) => x.t.base <= params.newMaxBase)) {
      chosen = g.window.find((x) => x.t.base <= params.newMaxBase)!;
      cls = 'new';
    } else if (bestTrend && !(shortP < Math.min(...g.trend.map((x) => x.t.p)))) {
      chosen = bestTrend;
      cls = 'rising';
    } else {
      chosen = bestWindow!;
      cls = 'sudden';
    }
    candidates.push(toSignal(preps[chosen.t.area]!, chosen.t, chosen.q, cls, bestTrend ?? null));
  }
  candidates.sort((a, b) => a.q - b.q || b.effect - a.effect || a.area.localeCompare(b.area) || (a.category ?? '').localeCompare(b.category ?? '') || a.places[0]! - b.places[0]!);
  const kept: LeadSignal[] = [];
  for (const s of candidates) {
    if (kept.some((k) => k.area === s.area && k.category === s.category && overlaps(k.places, s.places))) continue;
    kept.push(s);
  }
  const lead = kept.filter((s) => s.category !== null || !kept.some((k) => k.category !== null && k.area === s.area && overlaps(k.places, s.places)));
  const map = mapClasses(preps, params);
  return {
    lead,
    map: map.map,
    stats: { tests: tests.length, family: fdr.familySize, taroneK: fdr.k, significant, mapTests: map.tests, zones: preps.reduce((a, p) => a + p.zones.length, 0), smallestLeadP, smallestShortWindowP },
  };
}

/** q-values of the step-up that counts regions (clusterFdr.ts) over Tarone's family (`members`,
 *  with their weights scaled over it); 1 outside. */
function regionQ(tests: Test[], preps: Prepared[], p: Float64Array, members: number[], scaled: Float64Array | undefined): Float64Array {
  const qFamily = regionStepUp(
    members.map((i) => p[i]!),
    members.map((i) => ({ group: `${tests[i]!.area}|${tests[i]!.category}`, places: preps[tests[i]!.area]!.zones[tests[i]!.zone]!.members })),
    scaled ? members.map((i) => scaled[i]!) : undefined,
  );
  const q = new Float64Array(tests.length).fill(1);
  members.forEach((i, k) => (q[i] = qFamily[k]!));
  return q;
}

function effectOf(t: Test): number {
  if (t.kind === 'trend') return t.rateRatio ?? 1;
  return t.expected > 0 ? t.y / t.expected : Infinity;
}

function toSignal(prep: Prepared, t: Test, q: number, cls: LeadClass, trend: { t: Test; q: number } | null): LeadSignal {
  const members = prep.zones[t.zone]!.members;
  const category = t.category < 0 ? null : prep.cube.categories[t.category]!;
  const from = prep.end - t.weeks + 1;
  const trendInfo = trend ? { spanWeeks: trend.t.weeks, rateRatio: trend.t.rateRatio ?? 1, p: trend.t.p, q: trend.q } : null;
  if (t.kind === 'window') {
    return {
      area: prep.cube.id, class: cls, category, places: members, test: 'window', from, to: prep.end,
      observed: t.y, expected: t.expected, base: t.base, baseWeeks: t.baseWeeks, p: t.p, q, effect: effectOf(t),
      trend: cls === 'rising' ? trendInfo : null, recent: t.y,
    };
  }
  const c = t.category < 0 ? prep.cube.categories.length : t.category;
  const baseWeeks = Math.min(104, from);
  return {
    area: prep.cube.id, class: cls, category, places: members, test: 'trend', from, to: prep.end,
    observed: t.y, expected: NaN, base: baseWeeks > 0 ? zoneSum(prep, c, members, from - baseWeeks, from - 1) : 0, baseWeeks,
    p: t.p, q, effect: effectOf(t), trend: trendInfo, recent: t.recent ?? 0,
  };
}
