// Mann-Kendall trend test with tie correction (methods.md §2), as used on each location's series
// of space-time Gi* z-scores in emerging hot spot analysis.
//
// Undefined for fewer than 3 values: the result says so instead of carrying NaN. When every value
// is tied the variance is 0 and S is 0: z = 0, p = 1 (no trend).

import { twoSidedP } from './normal.ts';

export interface MannKendallTrend {
  defined: true;
  n: number;
  /** S = Σ_{i<j} sign(x_j − x_i). */
  s: number;
  /** Var(S) with tie correction. */
  variance: number;
  /** Continuity-corrected normal score. */
  z: number;
  /** Two-sided p-value. */
  p: number;
  /** Kendall's tau-a, S / (n(n−1)/2). */
  tau: number;
}

export interface MannKendallUndefined {
  defined: false;
  n: number;
  reason: 'too_few_values';
}

export type MannKendallResult = MannKendallTrend | MannKendallUndefined;

export const MANN_KENDALL_MIN_VALUES = 3;

/** Mann-Kendall test over a series in time order (values must be finite). */
export function mannKendall(series: ArrayLike<number>): MannKendallResult {
  const n = series.length;
  if (n < MANN_KENDALL_MIN_VALUES) return { defined: false, n, reason: 'too_few_values' };
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = series[i];
    if (!Number.isFinite(xi)) throw new RangeError(`value ${i} is not a finite number`);
    for (let j = i + 1; j < n; j++) {
      const xj = series[j];
      // Branch-free sign: the pairs of a noisy z series are unpredictable for the branch predictor
      // and this loop runs n²/2 times for each of thousands of locations.
      s += +(xj > xi) - +(xj < xi);
    }
  }
  if (!Number.isFinite(series[n - 1])) throw new RangeError(`value ${n - 1} is not a finite number`);

  const sorted = Float64Array.from(series).sort();
  let tieTerm = 0;
  let run = 1;
  for (let k = 1; k <= n; k++) {
    if (k < n && sorted[k] === sorted[k - 1]) {
      run++;
    } else {
      if (run > 1) tieTerm += run * (run - 1) * (2 * run + 5);
      run = 1;
    }
  }
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  let z = 0;
  if (variance > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(variance);
    else if (s < 0) z = (s + 1) / Math.sqrt(variance);
  }
  return { defined: true, n, s, variance, z, p: twoSidedP(z), tau: s / ((n * (n - 1)) / 2) };
}
