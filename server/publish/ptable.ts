/**
 * Perturbation tables (p-tables) for the cell-key method on frequency counts.
 *
 * A p-table gives, for every true count n ≥ 1, a distribution of the noise v added before a count is
 * published (n' = n + v), and the cumulative bounds that turn a cell key ck ∈ [0, 1) into one v:
 * the values of a row are sorted ascending, and v is the value j with b_{j−1} ≤ ck < b_j. Zero is
 * never perturbed. Rows for n ≥ `rows.length` use the last row (the distribution no longer depends on
 * n once neither 0 nor the blocked values 1 … js are within reach).
 *
 * Construction as in the R package `ptable` (Enderle, Giessing; CRAN, sdcTools): for each n the
 * targets are max(0, n − D) … n + D without the blocked values 1 … js, and the probabilities are the
 * maximum-entropy distribution with mean 0 (published counts stay unbiased) and variance V. Where V
 * cannot be reached (a small n whose targets are few, e.g. n = 1 with targets {0, 3}) the row takes
 * the variance closest to V that keeps the mean at 0. `ptable` solves the entropy problem numerically
 * (nloptr, SLSQP); here the solution is computed in closed form: with constraints on the mean and the
 * second moment the maximum-entropy distribution is p(v) ∝ exp(a·v + b·v²) on the allowed v
 * (Jaynes 1957; Giessing 2016), and a, b are found by nested bisection. `ptable`'s option `mono`
 * (probabilities rising towards v = 0) is not imposed: in rows next to the blocked values the mode
 * may sit at v = −1, which only moves counts that stay below every threshold.
 *
 * References: Thompson, Broadfoot & Elazar (2013), "Methodology for the automatic confidentialisation
 * of statistical outputs from remote servers at the Australian Bureau of Statistics"; Giessing (2016),
 * "Computational issues in the design of transition probabilities and disclosure risk estimation for
 * additive noise", PSD 2016, LNCS 9867; Giessing & Tent (2019), "Concepts for generalising tools
 * implementing the cell key method to the case of continuous variables"; methods.md §8.
 *
 * Worked example (the example table of methods.md §8, D = 2, V = 0.8, no published 1s and 2s):
 *   perturb(EXAMPLE_PTABLE, 7, 0.97) === 9;  perturb(EXAMPLE_PTABLE, 7, 0.10) === 6;
 *   perturb(EXAMPLE_PTABLE, 1, 0.50) === 0;  perturb(EXAMPLE_PTABLE, 1, 0.90) === 3
 */

export interface PTableRow {
  /** Noise values, ascending. */
  readonly values: readonly number[];
  /** Their probabilities (sum 1). */
  readonly probabilities: readonly number[];
  /** Cumulative upper bounds b_1 … b_m (b_m = 1). */
  readonly bounds: readonly number[];
}

export interface PTable {
  /** Maximum absolute noise. */
  readonly maxDeviation: number;
  /** Target variance of the noise (reached for every n whose targets allow it). */
  readonly variance: number;
  /** Published values 1 … blocked never occur. */
  readonly blocked: number;
  /** rows[n − 1] is the row for n; the last row serves every larger n. */
  readonly rows: readonly PTableRow[];
}

function rowOf(values: number[], probabilities: number[]): PTableRow {
  const bounds: number[] = [];
  let sum = 0;
  for (const p of probabilities) bounds.push((sum += p));
  bounds[bounds.length - 1] = 1;
  return Object.freeze({ values: Object.freeze(values), probabilities: Object.freeze(probabilities), bounds: Object.freeze(bounds) });
}

/** The noise for a count n with cell key ck (0 ≤ ck < 1). */
export function noise(table: PTable, n: number, ck: number): number {
  if (n === 0) return 0;
  const row = table.rows[Math.min(n, table.rows.length) - 1]!;
  for (let j = 0; j < row.bounds.length; j++) if (ck < row.bounds[j]!) return row.values[j]!;
  return row.values[row.values.length - 1]!;
}

/** The published value n + v(n, ck); 0 stays 0. */
export function perturb(table: PTable, n: number, ck: number): number {
  return n + noise(table, n, ck);
}

/** The example table of methods.md §8 (D = 2, V = 0.8, js = 2), for the reference values. */
export const EXAMPLE_PTABLE: PTable = Object.freeze({
  maxDeviation: 2,
  variance: 0.8,
  blocked: 2,
  rows: Object.freeze([
    rowOf([-1, 2], [2 / 3, 1 / 3]),
    rowOf([-2, 1], [1 / 3, 2 / 3]),
    rowOf([-2, -1, 0, 1, 2], [0.05, 0.2, 0.5, 0.2, 0.05]),
  ]),
});

// ---------------------------------------------------------------------------------------------
// Maximum-entropy construction

/** p(v) ∝ exp(a·v + b·v²), normalised (computed relative to the largest exponent). */
function expFamily(values: readonly number[], a: number, b: number): number[] {
  const e = values.map((v) => a * v + b * v * v);
  const top = Math.max(...e);
  const w = e.map((x) => Math.exp(x - top));
  const total = w.reduce((s, x) => s + x, 0);
  return w.map((x) => x / total);
}

const moment = (values: readonly number[], p: readonly number[], k: number) => values.reduce((s, v, i) => s + p[i]! * v ** k, 0);

/** The a that gives mean 0 for a fixed b (the mean increases with a). */
function solveMean(values: readonly number[], b: number): number {
  let lo = -200;
  let hi = 200;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (moment(values, expFamily(values, mid, b), 1) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** Maximum-entropy probabilities on `values` with mean 0 and variance as close to V as the values allow. */
function maxEntropyRow(values: readonly number[], V: number): number[] {
  if (values.length === 1) return [1];
  const varianceAt = (b: number) => moment(values, expFamily(values, solveMean(values, b), b), 2);
  // The variance increases with b; ±40 reaches the extreme distributions to float precision.
  let lo = -40;
  let hi = 40;
  if (varianceAt(lo) >= V) hi = lo;
  else if (varianceAt(hi) <= V) lo = hi;
  else {
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (varianceAt(mid) > V) hi = mid;
      else lo = mid;
    }
  }
  const b = (lo + hi) / 2;
  return expFamily(values, solveMean(values, b), b);
}

/**
 * A p-table with maximum noise `D`, variance `V` and no published values 1 … `js`, as
 * `ptable::create_cnt_ptable(D, V, js)` defines it (maximum entropy; see the module comment).
 * Probabilities below 1e-9 are dropped (they would only be reached by a cell key at the edge).
 */
export function createPTable(D: number, V: number, js = 0): PTable {
  if (!Number.isInteger(D) || D < 1) throw new RangeError(`D must be a positive integer, got ${D}`);
  if (!(V > 0) || V > D * D) throw new RangeError(`V must be in (0, D²], got ${V}`);
  if (!Number.isInteger(js) || js < 0) throw new RangeError(`js must be a non-negative integer, got ${js}`);
  const rows: PTableRow[] = [];
  // From n = js + D + 1 on, every target n − D … n + D is allowed: the row no longer changes.
  for (let n = 1; n <= js + D + 1; n++) {
    const values: number[] = [];
    for (let j = Math.max(0, n - D); j <= n + D; j++) if (j === 0 || j > js) values.push(j - n);
    const p = maxEntropyRow(values, V);
    const kept = values.map((v, i) => [v, p[i]!] as const).filter(([, q]) => q > 1e-9);
    const total = kept.reduce((s, [, q]) => s + q, 0);
    rows.push(rowOf(kept.map(([v]) => v), kept.map(([, q]) => q / total)));
  }
  return Object.freeze({ maxDeviation: D, variance: V, blocked: js, rows: Object.freeze(rows) });
}

/** Mean and variance of the published value for a true count n (for the docs and the tests). */
export function rowMoments(table: PTable, n: number): { mean: number; variance: number } {
  if (n === 0) return { mean: 0, variance: 0 };
  const row = table.rows[Math.min(n, table.rows.length) - 1]!;
  const mean = moment(row.values, row.probabilities, 1);
  return { mean: n + mean, variance: moment(row.values, row.probabilities, 2) - mean * mean };
}
