/**
 * How many false lead signals a week the detector lists on *this* municipality's data when nothing
 * changes: null data sets drawn from the municipality's own counts, run week by week as the
 * scheduled runs are, at several α. For an administrator choosing the default α (scripts/
 * calibrate.ts, `npm run calibrate`): the default was calibrated on the evaluation's simulated
 * municipalities (docs/evaluation.md), and the rate grows with the volume of reports (at 5 × the
 * demo's volume Twenterand's rate is 0.22 a week at the default, near the ceiling of 0.25).
 *
 * The null: no space-time interaction, the null of every window and trend test (earlySignals.ts).
 * Each place keeps its total per category over the cube and each category its weekly profile:
 *
 *     μ(s, c, t) = n(s, c, ·) · P_c(t),   P_c(t) ≈ n(·, c, t) / n(·, c, ·),
 *
 * the expectation of Kulldorff's space-time permutation scan (Kulldorff et al. 2005) with the
 * category's weekly profile smoothed (weekProfiles: all categories' weeks × the category's share
 * with a trend and an annual season), drawn
 * parametrically (Poisson; with φ > 0 Gamma-mixed, negative binomial with variance μ + φμ², φ the
 * counts' weekly extra-Poisson variation estimated on the cube as the tests estimate it,
 * dispersion.ts) instead of by permuting the reports, which the cube no longer holds. Real changes
 * in the data keep their place totals but lose their timing, so they do not count as false signals
 * yet still raise φ a little (a conservative estimate). Variation that lasts several weeks is not
 * drawn: on such data the rate is higher than this says (docs/evaluation.md, "Variation that lasts
 * weeks").
 *
 * Worked example (tests/unit/analysis/nullCalibration.test.ts): on a simulated Twenterand without
 * changes, the estimate at α = 0.5 at 5 × the demo's volume is more than one and a half times that
 * at 1 × (the evaluation measured 0.22 and 0.09 a week on its own null runs). How close single
 * estimates come to the evaluation's measurement: docs/evaluation.md, "Other volumes".
 */
import { randomGamma, randomLcg, randomPoisson } from 'd3-random';
import { detectSignals, prefixSums, type AreaCube, type DetectorParams } from './earlySignals.ts';
import { seriesDispersion } from './dispersion.ts';
import { poissonRateInterval } from './poisson.ts';

/** The counts' weekly φ per category on the whole cube (dispersion.ts's estimate: pretested, never
 *  below the one pooled over the categories). */
export function weeklyDispersion(cube: AreaCube): Float64Array {
  const C = cube.categories.length;
  const { prefix, total } = prefixSums(cube);
  return seriesDispersion(prefix.slice(0, C), total.slice(0, C), cube.nPlaces, 0, cube.nWeeks - 1, 1);
}

/** One null data set: the cube's margins, no space-time interaction (see above). `phi` per
 *  category (absent or 0: Poisson). */
export function nullCube(cube: AreaCube, rng: () => number, phi?: ArrayLike<number>): AreaCube {
  const { nPlaces, nWeeks } = cube;
  const poisson = randomPoisson.source(rng);
  const profiles = weekProfiles(cube);
  const counts = cube.counts.map((source, c) => {
    const out = new Float64Array(nPlaces * nWeeks);
    const profile = profiles[c]!;
    const f = phi?.[c] ?? 0;
    // Gamma(shape 1/φ, scale φ): mean 1, variance φ.
    const gamma = f > 0 ? randomGamma.source(rng)(1 / f, f) : null;
    for (let s = 0; s < nPlaces; s++) {
      let placeTotal = 0;
      for (let t = 0; t < nWeeks; t++) placeTotal += source[s * nWeeks + t]!;
      if (placeTotal === 0) continue;
      for (let t = 0; t < nWeeks; t++) {
        const mu = placeTotal * profile[t]!;
        if (mu > 0) out[s * nWeeks + t] = poisson(gamma ? mu * gamma() : mu)();
      }
    }
    return out;
  });
  return { ...cube, counts };
}

/**
 * Each category's weekly profile n(·, c, t) / n(·, c, ·) without its noise: all categories' weekly
 * counts (large: the weeks' common ups and downs) times the category's share of them, modelled as
 * a log-linear trend with one annual harmonic (a Poisson regression of the category's weekly count
 * with all categories' count as exposure, as Farrington's and Noufaily's baselines model season):
 *
 *     E n(·, c, t) = n(·, ·, t) · exp(β₀ + β₁ t/52 + β₂ sin(2πt/52) + β₃ cos(2πt/52)).
 *
 * The raw profile of a sparse category is mostly Poisson noise, and a 13-week moving share still
 * swings by a fifth; taken as the truth of the null data, that noise became "season" the tests
 * cannot know, and the estimate on the evaluation's null data was twice the rate measured there.
 */
function weekProfiles(cube: AreaCube): Float64Array[] {
  const { nPlaces, nWeeks } = cube;
  const weekly = cube.counts.map((counts) => {
    const w = new Float64Array(nWeeks);
    for (let s = 0; s < nPlaces; s++) for (let t = 0; t < nWeeks; t++) w[t]! += counts[s * nWeeks + t]!;
    return w;
  });
  const all = new Float64Array(nWeeks);
  for (const w of weekly) for (let t = 0; t < nWeeks; t++) all[t]! += w[t]!;
  const x = (t: number) => [1, t / 52, Math.sin((2 * Math.PI * t) / 52), Math.cos((2 * Math.PI * t) / 52)];
  return weekly.map((w) => {
    const beta = shareRegression(w, all, x);
    const profile = new Float64Array(nWeeks);
    let sum = 0;
    for (let t = 0; t < nWeeks; t++) {
      profile[t] = all[t]! * Math.exp(x(t).reduce((a, v, j) => a + v * beta[j]!, 0));
      sum += profile[t]!;
    }
    // A fit that ran away (a category with a handful of reports in a few weeks) falls back to all
    // categories' profile: the share then has no season or trend of its own.
    if (!(sum > 0 && Number.isFinite(sum))) for (let t = 0; t < nWeeks; t++) profile[t] = all[t]!;
    const norm = profile.reduce((a, v) => a + v, 0);
    if (norm > 0) for (let t = 0; t < nWeeks; t++) profile[t]! /= norm;
    return profile;
  });
}

/** Poisson regression y_t ~ exposure_t · exp(x_t · β) by Newton's method (IRLS); weeks without
 *  exposure left out. A category without reports gets β = 0 (its profile is never used). */
function shareRegression(y: Float64Array, exposure: Float64Array, x: (t: number) => number[]): number[] {
  const p = x(0).length;
  let total = 0;
  let exposed = 0;
  for (let t = 0; t < y.length; t++) {
    total += y[t]!;
    exposed += exposure[t]!;
  }
  const beta = new Array<number>(p).fill(0);
  if (!(total > 0 && exposed > 0)) return beta;
  beta[0] = Math.log(total / exposed);
  for (let iter = 0; iter < 25; iter++) {
    const grad = new Array<number>(p).fill(0);
    const info = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let t = 0; t < y.length; t++) {
      if (!(exposure[t]! > 0)) continue;
      const xt = x(t);
      const mu = exposure[t]! * Math.exp(xt.reduce((a, v, j) => a + v * beta[j]!, 0));
      for (let i = 0; i < p; i++) {
        grad[i]! += (y[t]! - mu) * xt[i]!;
        for (let j = 0; j < p; j++) info[i]![j]! += mu * xt[i]! * xt[j]!;
      }
    }
    const step = solve(info, grad);
    if (!step) break;
    let size = 0;
    for (let i = 0; i < p; i++) {
      beta[i]! += step[i]!;
      size = Math.max(size, Math.abs(step[i]!));
    }
    if (size < 1e-10) break;
  }
  return beta;
}

/** Solves A·z = b (Gaussian elimination with partial pivoting); null when A is singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[pivot]![k]!)) pivot = i;
    if (!(Math.abs(m[pivot]![k]!) > 1e-12)) return null;
    [m[k], m[pivot]] = [m[pivot]!, m[k]!];
    for (let i = k + 1; i < n; i++) {
      const f = m[i]![k]! / m[k]![k]!;
      for (let j = k; j <= n; j++) m[i]![j]! -= f * m[k]![j]!;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let v = m[i]![n]!;
    for (let j = i + 1; j < n; j++) v -= m[i]![j]! * z[j]!;
    z[i] = v / m[i]![i]!;
  }
  return z;
}

export interface CalibrationOptions {
  alphas: readonly number[];
  /** Null data sets per municipality. */
  sets: number;
  /** Weekly runs per data set: the last `runs` weeks of the cube. */
  runs: number;
  seed: number;
  /** 'estimate': Gamma-mixed with the cube's weekly φ; 'poisson': plain Poisson draws. */
  dispersion: 'estimate' | 'poisson';
  onProgress?: (done: number, of: number) => void;
}

export interface CalibrationRow {
  alpha: number;
  /** Weekly runs counted (sets × runs). */
  runs: number;
  /** Lead signals listed over those runs (each week a signal is listed counts). */
  signals: number;
  perWeek: number;
  /** The rate of each data set: a chance signal often stays listed for weeks, so the weeks of one
   *  data set are not independent and its signals not Poisson; the spread between data sets is
   *  what says how precise `perWeek` is (rateInterval). */
  perSet: number[];
}

/** False lead signals a week at each α on null data sets of one municipality's cube. */
export function calibrateAlpha(cube: AreaCube, params: DetectorParams, options: CalibrationOptions): { phi: Float64Array; rows: CalibrationRow[] } {
  if (!(options.sets >= 1 && Number.isInteger(options.sets))) throw new RangeError(`sets must be a positive integer, got ${options.sets}`);
  if (!(options.runs >= 1 && Number.isInteger(options.runs))) throw new RangeError(`runs must be a positive integer, got ${options.runs}`);
  const minWeeks = options.runs + params.minBaselineWeeks;
  if (cube.nWeeks < minWeeks) throw new RangeError(`${cube.id}: ${cube.nWeeks} weeks of data, ${minWeeks} needed for ${options.runs} weekly runs after the minimum baseline`);
  for (const a of options.alphas) if (!(a > 0 && a <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${a}`);
  const phi = options.dispersion === 'estimate' ? weeklyDispersion(cube) : new Float64Array(cube.categories.length);
  const rng = randomLcg(options.seed);
  const perSet = options.alphas.map(() => new Array<number>(options.sets).fill(0));
  const total = options.sets * options.runs;
  let done = 0;
  for (let k = 0; k < options.sets; k++) {
    const sim = nullCube(cube, rng, phi);
    for (let e = cube.nWeeks - options.runs; e < cube.nWeeks; e++) {
      options.alphas.forEach((alpha, i) => {
        perSet[i]![k]! += detectSignals([sim], { ...params, alpha, end: e }).lead.length;
      });
      options.onProgress?.(++done, total);
    }
  }
  return {
    phi,
    rows: options.alphas.map((alpha, i) => {
      const signals = perSet[i]!.reduce((a, v) => a + v, 0);
      return { alpha, runs: total, signals, perWeek: signals / total, perSet: perSet[i]!.map((v) => v / options.runs) };
    }),
  };
}

/** Two-sided 97.5 % quantiles of Student's t for 1 … 30 degrees of freedom (beyond: 1.96). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/**
 * 95 % interval of the mean rate (signals a week) from the data sets' own rates, each over
 * `runs` weeks: the t interval over the sets, widened to at least the exact Poisson interval of
 * all their signals (which alone is too narrow when signals stay listed for weeks, and the t
 * interval alone is empty when every set has the same count, say none). Null with one data set.
 */
export function rateInterval(perSet: readonly number[], runs: number): [number, number] | null {
  const K = perSet.length;
  if (K < 2) return null;
  const mean = perSet.reduce((a, v) => a + v, 0) / K;
  const sd = Math.sqrt(perSet.reduce((a, v) => a + (v - mean) ** 2, 0) / (K - 1));
  const half = (T975[K - 2] ?? 1.96) * (sd / Math.sqrt(K));
  const [lo, hi] = poissonRateInterval(Math.round(mean * K * runs), K * runs);
  return [Math.max(0, Math.min(lo, mean - half)), Math.max(hi, mean + half)];
}
