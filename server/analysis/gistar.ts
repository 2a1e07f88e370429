// Getis-Ord local statistics with binary weights (methods.md §1; Ord & Getis 1995), matching
// ArcGIS Hot Spot Analysis, R spdep::localG and PySAL esda.G_Local with binary weights.
//
// Sums are taken over deviations from the global mean and the variance is computed in two passes,
// so large counts with little spread do not lose precision to Σx² − n·x̄² cancellation.
//
// Degenerate cases (never NaN):
// - n < 3: the statistics are not defined (Gi needs n − 2 > 0); z = 0, p = 1, tooFewFeatures.
// - all values equal: variance 0, "no variation"; z = 0, p = 1, noVariation.
// - Gi (self excluded) of a feature without neighbours, or whose neighbours are all other
//   features, or whose other features all share one value: z = 0, p = 1.
// - Gi* of a feature without neighbours is its own standard score (x_i − x̄)/S, as in the formula;
//   Gi* of a feature whose neighbourhood is the whole study area is 0.

import { twoSidedP } from './normal.ts';
import type { Neighbours } from './weights.ts';

export interface GetisOrdOptions {
  /** Gi* (true, default: the feature is its own neighbour) or Gi (false). */
  includeSelf?: boolean;
}

export interface GetisOrdResult {
  z: Float64Array;
  /** Two-sided normal p-values. */
  p: Float64Array;
  /** All values are equal: the statistic is undefined ("no variation"), z = 0 and p = 1. */
  noVariation: boolean;
  /** Fewer than 3 features: the statistic is undefined, z = 0 and p = 1. */
  tooFewFeatures: boolean;
}

/** Validates values and adjacency, shared by the spatial and the space-time statistic. */
export function checkNeighbours(neighbours: Neighbours, n: number): void {
  if (neighbours.length !== n) {
    throw new RangeError(`neighbours has ${neighbours.length} rows for ${n} features`);
  }
  for (let i = 0; i < n; i++) {
    for (const j of neighbours[i]) {
      if (!Number.isInteger(j) || j < 0 || j >= n) throw new RangeError(`neighbour index ${j} of feature ${i} is out of range`);
    }
  }
}

function checkValues(values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`value ${i} is not a finite number`);
  }
}

/**
 * z-score of a Gi* sum with binary weights: `deviationSum` = Σ_j w_ij (x_j − x̄) over W weights,
 * n observations with population SD S. Returns 0 when the weights leave no variance (W = n).
 */
export function giStarZ(deviationSum: number, weightCount: number, n: number, sd: number): number {
  const spread = (n * weightCount - weightCount * weightCount) / (n - 1);
  if (!(spread > 0) || !(sd > 0)) return 0;
  return deviationSum / (sd * Math.sqrt(spread));
}

/** Getis-Ord Gi* (default) or Gi per feature, with binary weights given as adjacency lists. */
export function getisOrd(
  values: ArrayLike<number>,
  neighbours: Neighbours,
  { includeSelf = true }: GetisOrdOptions = {},
): GetisOrdResult {
  const n = values.length;
  checkValues(values);
  checkNeighbours(neighbours, n);
  const z = new Float64Array(n);
  const p = new Float64Array(n).fill(1);
  if (n < 3) return { z, p, noVariation: false, tooFewFeatures: true };

  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return { z, p, noVariation: true, tooFewFeatures: false };
  const mean = sum / n;
  let sumSquares = 0;
  let minCount = 0;
  let maxCount = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    sumSquares += d * d;
    if (values[i] === min) minCount++;
    if (values[i] === max) maxCount++;
  }

  if (includeSelf) {
    const sd = Math.sqrt(sumSquares / n);
    for (let i = 0; i < n; i++) {
      let deviationSum = values[i] - mean;
      let weightCount = 1;
      for (const j of neighbours[i]) {
        if (j === i) continue;
        deviationSum += values[j] - mean;
        weightCount++;
      }
      z[i] = giStarZ(deviationSum, weightCount, n, sd);
      p[i] = twoSidedP(z[i]);
    }
    return { z, p, noVariation: false, tooFewFeatures: false };
  }

  // Gi: leave-one-out mean x̄_i = (Σx − x_i)/(n − 1) and variance s²_i = SS_{−i}/(n − 1), where
  // removing x_i lowers the sum of squares by n/(n − 1)·(x_i − x̄)².
  const twoValues = minCount + maxCount === n;
  for (let i = 0; i < n; i++) {
    const xi = values[i];
    // Without x_i all remaining values are equal: s²_i = 0 exactly (rounding would leave noise).
    const othersConstant = twoValues && ((xi === min && minCount === 1) || (xi === max && maxCount === 1));
    if (othersConstant) continue;
    let deviationSum = 0;
    let weightCount = 0;
    for (const j of neighbours[i]) {
      if (j === i) continue;
      deviationSum += values[j] - mean;
      weightCount++;
    }
    if (weightCount === 0) continue;
    const shift = (mean - xi) / (n - 1); // x̄_i − x̄
    const numerator = deviationSum - weightCount * shift;
    const variance = Math.max(0, (sumSquares - (n / (n - 1)) * (xi - mean) * (xi - mean)) / (n - 1));
    const spread = ((n - 1) * weightCount - weightCount * weightCount) / (n - 2);
    if (!(variance > 0) || !(spread > 0)) continue;
    z[i] = numerator / Math.sqrt(variance * spread);
    p[i] = twoSidedP(z[i]);
  }
  return { z, p, noVariation: false, tooFewFeatures: false };
}
