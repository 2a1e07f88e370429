/**
 * The attacker's arithmetic for the disclosure attack suite (docs/disclosure.md): what a published
 * figure says about the true count behind it, and how an attacker combines every relation between
 * published figures (parent = Σ children, all categories = Σ categories, all sources = Σ sources,
 * a period = Σ its sub-periods) into one estimate for a target cell.
 *
 * The attacker knows the publication rule and the p-table (Kerckhoffs), not the record keys, so
 * each published figure is a noisy observation with a known likelihood P(shown | n). Relations are
 * exact identities between true counts; the noise of different figures is independent (different
 * sets of reports have independent cell keys). For a target t in a relation:
 *   - t is a part of a total T = t + Σ others: L(n) ∝ Σ_s [⊛ L_i](s) · L_T(n + s);
 *   - t is the total of parts: L(n) = [⊛ L̂_i](n), the distribution of the sum of the parts'
 *     normalised likelihoods (each part's own estimate, plugged in).
 * The target's posterior is prior × its own likelihood × the likelihoods of all its relations.
 */
import type { PTable } from '../../../server/publish/ptable.ts';

/** What one published figure showed. */
export type Shown =
  | { kind: 'value'; value: number }
  | { kind: 'hidden' }
  | { kind: 'zero' }
  | { kind: 'none' }
  /** Not published whatever its size (all categories over one week of a buurt, a wijk or a cell): says nothing. */
  | { kind: 'withheld' };

export function shownOf(c: { value: number | null; suppressed: boolean; withheld?: boolean } | null): Shown {
  if (c === null) return { kind: 'none' };
  if (c.suppressed) return c.withheld ? { kind: 'withheld' } : { kind: 'hidden' };
  return c.value === 0 ? { kind: 'zero' } : { kind: 'value', value: c.value! };
}

export const shownKey = (s: Shown): string => (s.kind === 'value' ? String(s.value) : s.kind);

export interface Rule {
  k: number;
  /** Zeros are shown like small counts (sensitive categories, all categories). */
  zeroAlike: boolean;
  table: PTable;
}

/** A likelihood over n = lo … lo + values.length − 1 (zero outside). */
export interface Dist {
  lo: number;
  values: Float64Array;
}

function displayOf(m: number, rule: Rule): string {
  if (m === 0) return rule.zeroAlike ? 'hidden' : 'zero';
  return m < rule.k ? 'hidden' : String(m);
}

/** P(shown | n) for every n that can give it. */
export function likelihood(shown: Shown, rule: Rule): Dist | null {
  if (shown.kind === 'none' || shown.kind === 'withheld') return null;
  const key = shownKey(shown);
  const D = rule.table.maxDeviation;
  const hi = shown.kind === 'value' ? shown.value + D : rule.k - 1 + D;
  const lo = shown.kind === 'value' ? Math.max(0, shown.value - D) : 0;
  const values = new Float64Array(hi - lo + 1);
  for (let n = lo; n <= hi; n++) {
    if (n === 0) {
      values[n - lo] = displayOf(0, rule) === key ? 1 : 0;
      continue;
    }
    const row = rule.table.rows[Math.min(n, rule.table.rows.length) - 1]!;
    let p = 0;
    row.values.forEach((v, j) => {
      if (displayOf(n + v, rule) === key) p += row.probabilities[j]!;
    });
    values[n - lo] = p;
  }
  return { lo, values };
}

export function normalise(d: Dist): Dist {
  let s = 0;
  for (const v of d.values) s += v;
  if (!(s > 0)) return d;
  return { lo: d.lo, values: d.values.map((v) => v / s) };
}

export function convolve(a: Dist, b: Dist): Dist {
  const out = new Float64Array(a.values.length + b.values.length - 1);
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i]!;
    if (x === 0) continue;
    for (let j = 0; j < b.values.length; j++) out[i + j] += x * b.values[j]!;
  }
  return { lo: a.lo + b.lo, values: out };
}

const at = (d: Dist, n: number): number => (n < d.lo || n >= d.lo + d.values.length ? 0 : d.values[n - d.lo]!);

/** Mean and variance of a (normalised) distribution. */
export function moments(d: Dist): { mean: number; variance: number } {
  let m = 0;
  let m2 = 0;
  d.values.forEach((p, i) => {
    const n = d.lo + i;
    m += p * n;
    m2 += p * n * n;
  });
  return { mean: m, variance: Math.max(0, m2 - m * m) };
}

/** Parts beyond this many are summed as a normal (the sum of hundreds of cells is as good as
 *  normal, and as useless to an attacker). */
export const EXACT_PARTS = 40;

/** A discretised normal with the given mean and variance. */
export function normalDist(mean: number, variance: number): Dist {
  const sd = Math.max(0.5, Math.sqrt(variance));
  const lo = Math.max(0, Math.floor(mean - 6 * sd));
  const hi = Math.ceil(mean + 6 * sd);
  const values = new Float64Array(hi - lo + 1);
  for (let n = lo; n <= hi; n++) values[n - lo] = Math.exp(-0.5 * ((n - mean) / sd) ** 2);
  return normalise({ lo, values });
}

/** The distribution of the sum of independent parts: exact convolution for a few, normal for many. */
function sumOf(parts: Dist[]): Dist {
  if (parts.length <= EXACT_PARTS) {
    let sum: Dist = { lo: 0, values: Float64Array.of(1) };
    for (const p of parts) sum = convolve(sum, normalise(p));
    return sum;
  }
  let mean = 0;
  let variance = 0;
  for (const p of parts) {
    const m = moments(normalise(p));
    mean += m.mean;
    variance += m.variance;
  }
  return normalDist(mean, variance);
}

/** Likelihood of the target's count n when it is a part of `total` with the other parts `others`
 *  (or, for many parts, with their sum given as a distribution). */
export function asPart(total: Dist, others: Dist[] | Dist, support: number): Dist {
  const sum = Array.isArray(others) ? sumOf(others) : others;
  const values = new Float64Array(support + 1);
  for (let n = 0; n <= support; n++) {
    let p = 0;
    for (let i = 0; i < sum.values.length; i++) {
      const w = sum.values[i]!;
      if (w > 0) p += w * at(total, n + sum.lo + i);
    }
    values[n] = p;
  }
  return { lo: 0, values };
}

/** Likelihood of the target's count n when it is the total of `parts`. */
export function asTotal(parts: Dist[]): Dist {
  return sumOf(parts);
}

/** Product of a prior (over 0 … support) and likelihoods, normalised. */
export function posterior(prior: Float64Array, likelihoods: Dist[]): Float64Array {
  const out = Float64Array.from(prior);
  for (const l of likelihoods) for (let n = 0; n < out.length; n++) out[n] *= at(l, n);
  let s = 0;
  for (const v of out) s += v;
  if (!(s > 0)) return Float64Array.from(prior);
  return out.map((v) => v / s);
}

/** The empirical distribution of `values` over 0 … support (plus a small floor so no value is impossible). */
export function empiricalPrior(values: number[], support: number): Float64Array {
  const p = new Float64Array(support + 1).fill(1e-6);
  for (const v of values) if (v <= support) p[v]! += 1;
  let s = 0;
  for (const v of p) s += v;
  return p.map((v) => v / s);
}

/** Balanced accuracy of the best threshold on `score` for the positives `truth` (oracle threshold). */
export function bestBalancedAccuracy(score: number[], truth: boolean[]): { accuracy: number; threshold: number } {
  const pos = truth.filter(Boolean).length;
  const neg = truth.length - pos;
  if (pos === 0 || neg === 0) return { accuracy: 0.5, threshold: Infinity };
  const order = score.map((s, i) => [s, truth[i]!] as const).sort((a, b) => b[0] - a[0]);
  let best = { accuracy: 0.5, threshold: Infinity };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (order[i]![1]) tp++;
    else fp++;
    // Classify "≥ 1" for every score ≥ this one (ties go together).
    if (i + 1 < order.length && order[i + 1]![0] === order[i]![0]) continue;
    const accuracy = (tp / pos + (neg - fp) / neg) / 2;
    if (accuracy > best.accuracy) best = { accuracy, threshold: order[i]![0] };
  }
  return best;
}
