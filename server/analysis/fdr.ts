// Confidence bins of hot spot maps and Benjamini-Hochberg false discovery rate control
// (methods.md §1). Bin = sign(z) × 3 / 2 / 1 for significance at 99 / 95 / 90 %, else 0.
//
// The BH-adjusted q-value q_(k) = min_{j ≥ k} p_(j)·n/j (capped at 1) reproduces the ArcGIS
// per-level procedure: q ≤ α exactly when p ≤ p_(k*) with k* = max{k : p_(k) ≤ k/n·α}. Tied
// p-values always receive the same q. A p-value that is not a number counts as 1 (never significant).

export type ConfidenceBin = -3 | -2 | -1 | 0 | 1 | 2 | 3;

function binFor(z: number, significance: number): ConfidenceBin {
  if (z === 0 || Number.isNaN(z) || Number.isNaN(significance)) return 0;
  const level = significance <= 0.01 ? 3 : significance <= 0.05 ? 2 : significance <= 0.1 ? 1 : 0;
  return (z > 0 ? level : -level) as ConfidenceBin;
}

/** ArcGIS confidence bin without multiple-testing correction: ±3/±2/±1 for p ≤ .01/.05/.10, else 0. */
export function confidenceBin(z: number, p: number): ConfidenceBin {
  return binFor(z, p);
}

/** Benjamini-Hochberg adjusted p-values (q-values), monotone in p and capped at 1. */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  const n = pValues.length;
  const q = new Float64Array(n);
  if (n === 0) return q;
  const clean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = pValues[i];
    clean[i] = Number.isNaN(v) ? 1 : Math.min(1, Math.max(0, v));
  }
  // Sorting a typed copy is native and fast (780,000 space-time bins); each p then finds its
  // q through the last position of its value, which is where a tied block's q is decided.
  const sorted = clean.slice().sort();
  const adjusted = new Float64Array(n);
  let running = 1;
  for (let k = n - 1; k >= 0; k--) {
    const candidate = (sorted[k] * n) / (k + 1);
    if (candidate < running) running = candidate;
    adjusted[k] = running;
  }
  for (let i = 0; i < n; i++) {
    const v = clean[i];
    let lo = 0;
    let hi = n - 1;
    // Last index with sorted[index] ≤ v.
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (sorted[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    q[i] = adjusted[lo];
  }
  return q;
}

/** Confidence bins with FDR correction (the ArcGIS default for hot spot maps). */
export function fdrBins(z: ArrayLike<number>, p: ArrayLike<number>): Int8Array {
  if (z.length !== p.length) throw new RangeError(`z has ${z.length} values, p has ${p.length}`);
  const q = benjaminiHochberg(p);
  const bins = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) bins[i] = binFor(z[i], q[i]);
  return bins;
}

/** Bins without correction for a whole array, in the same representation as fdrBins. */
export function confidenceBins(z: ArrayLike<number>, p: ArrayLike<number>): Int8Array {
  if (z.length !== p.length) throw new RangeError(`z has ${z.length} values, p has ${p.length}`);
  const bins = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) bins[i] = binFor(z[i], p[i]);
  return bins;
}
