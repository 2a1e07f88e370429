// CDC EARS C1, C2 and C3 (methods.md §4) over a count series in time order (index 0 = oldest).
//
// Baselines use the sample SD (n − 1), floored at minSigma (default 0.5) so that sparse series
// with a constant baseline (often all zeros) give finite statistics:
//   C1(t) = (Y_t − mean(Y_{t−7..t−1})) / sd(·)
//   C2(t) = (Y_t − mean(Y_{t−9..t−3})) / sd(·)        (two-step guard band)
//   C3(t) = Σ_{i = t−2..t} max(0, C2(i) − 1)
// C3 sums the current and the two previous C2 values, each with its own guard-banded baseline;
// that is the indexing that reproduces the reference C3(12) = 0.3806 (= C2(10) − 1, with
// C2(11) = 0.637 and C2(12) = 0 contributing nothing), so C3 needs 7 + 2 + 2 earlier steps.
//
// Thresholds. The reference upper bounds of methods.md (e.g. C1 at t = 8: 8.2998 = 29/7 +
// 3.0902·1.3452) use z = Φ⁻¹(1 − 0.001) = 3.090232, the default of R surveillance::earsC
// (alpha = 0.001, "about 3"); that is the default threshold for C1 and C2 here. C3 uses 2, as in
// the specification. Alarm iff Y_t > U, i.e. iff the statistic exceeds the threshold:
//   C1, C2: U = mean + threshold·sd
//   C3:     U = mean_t + sd_t·(threshold + 1 − L), L = the two lagged terms of the sum, which is
//           the count at step t that lifts C3 to the threshold; when L > threshold already, C3
//           alarms whatever Y_t is and U = −∞.
// Steps without a full baseline give null.

export type EarsMethod = 'C1' | 'C2' | 'C3';

export interface EarsOptions {
  /** Baseline length in steps (default 7). */
  baseline?: number;
  /** Floor for the baseline SD (default 0.5); must be > 0. */
  minSigma?: number;
  /** Alarm threshold on the statistic (default 3.090232 for C1/C2, 2 for C3). */
  threshold?: number;
}

export interface EarsStep {
  /** C1, C2 or C3 value at this step. */
  statistic: number;
  /** Baseline mean and floored SD of this step. */
  mean: number;
  sd: number;
  /** Count above which this step alarms (C3: may be −Infinity, see module comment). */
  upperBound: number;
  alarm: boolean;
}

/** Φ⁻¹(0.999): R surveillance's default C1/C2 threshold, which the reference upper bounds use. */
export const EARS_C12_THRESHOLD = 3.090232306167813;
export const EARS_C3_THRESHOLD = 2;
export const DEFAULT_MIN_SIGMA = 0.5;
export const DEFAULT_EARS_BASELINE = 7;
const C2_GUARD = 2;

function resolveOptions(options: EarsOptions, defaultThreshold: number) {
  const baseline = options.baseline ?? DEFAULT_EARS_BASELINE;
  const minSigma = options.minSigma ?? DEFAULT_MIN_SIGMA;
  const threshold = options.threshold ?? defaultThreshold;
  if (!Number.isInteger(baseline) || baseline < 2) throw new RangeError(`baseline must be an integer ≥ 2 (got ${baseline})`);
  if (!(minSigma > 0) || !Number.isFinite(minSigma)) throw new RangeError(`minSigma must be a finite number > 0 (got ${minSigma})`);
  if (!Number.isFinite(threshold)) throw new RangeError(`threshold must be finite (got ${threshold})`);
  return { baseline, minSigma, threshold };
}

function checkCounts(counts: ArrayLike<number>): void {
  for (let i = 0; i < counts.length; i++) {
    if (!Number.isFinite(counts[i])) throw new RangeError(`count ${i} is not a finite number`);
  }
}

/** Mean and floored sample SD of counts[from .. to] (inclusive). */
function baselineStats(counts: ArrayLike<number>, from: number, to: number, minSigma: number) {
  const n = to - from + 1;
  let sum = 0;
  for (let i = from; i <= to; i++) sum += counts[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = from; i <= to; i++) squares += (counts[i] - mean) * (counts[i] - mean);
  return { mean, sd: Math.max(Math.sqrt(squares / (n - 1)), minSigma) };
}

function laggedStatistic(
  counts: ArrayLike<number>,
  guard: number,
  options: EarsOptions,
): (EarsStep | null)[] {
  checkCounts(counts);
  const { baseline, minSigma, threshold } = resolveOptions(options, EARS_C12_THRESHOLD);
  const result: (EarsStep | null)[] = [];
  for (let t = 0; t < counts.length; t++) {
    const from = t - guard - baseline;
    if (from < 0) {
      result.push(null);
      continue;
    }
    const { mean, sd } = baselineStats(counts, from, t - guard - 1, minSigma);
    const statistic = (counts[t] - mean) / sd;
    const upperBound = mean + threshold * sd;
    result.push({ statistic, mean, sd, upperBound, alarm: counts[t] > upperBound });
  }
  return result;
}

/** EARS C1: baseline the 7 steps just before t. */
export function earsC1(counts: ArrayLike<number>, options: EarsOptions = {}): (EarsStep | null)[] {
  return laggedStatistic(counts, 0, options);
}

/** EARS C2: baseline steps t−9..t−3 (two-step guard band). */
export function earsC2(counts: ArrayLike<number>, options: EarsOptions = {}): (EarsStep | null)[] {
  return laggedStatistic(counts, C2_GUARD, options);
}

/** EARS C3: sum of the exceedances of C2 − 1 over the current and two previous steps. */
export function earsC3(counts: ArrayLike<number>, options: EarsOptions = {}): (EarsStep | null)[] {
  const { threshold } = resolveOptions(options, EARS_C3_THRESHOLD);
  const c2 = earsC2(counts, { ...options, threshold: EARS_C12_THRESHOLD });
  const excess = (step: EarsStep | null) => (step ? Math.max(0, step.statistic - 1) : 0);
  return c2.map((current, t) => {
    if (!current || t < 2 || !c2[t - 1] || !c2[t - 2]) return null;
    const lagged = excess(c2[t - 2]) + excess(c2[t - 1]);
    const statistic = lagged + excess(current);
    const upperBound = lagged > threshold ? -Infinity : current.mean + current.sd * (threshold + 1 - lagged);
    return { statistic, mean: current.mean, sd: current.sd, upperBound, alarm: statistic > threshold };
  });
}

/** Any of the three EARS methods by name. */
export function ears(counts: ArrayLike<number>, method: EarsMethod, options: EarsOptions = {}): (EarsStep | null)[] {
  switch (method) {
    case 'C1':
      return earsC1(counts, options);
    case 'C2':
      return earsC2(counts, options);
    case 'C3':
      return earsC3(counts, options);
  }
}
