/**
 * Benjamini–Hochberg FDR for discrete tests with Tarone's screen (Gilbert 2005).
 *
 * With exact tests on small counts most tests can never become significant: a place with 2
 * reports in two years cannot reach p = 1e-4 whatever happens. Counting such tests in the BH
 * denominator only costs power. Tarone (1990, "A modified Bonferroni method for discrete data",
 * Biometrics 46) lets each test's smallest attainable p-value p*_i (a property of the conditioning
 * totals, not of the outcome) decide which tests count: K is the smallest integer with
 * m(K) = #{i : p*_i ≤ α/K} ≤ K, and only those m(K) tests form the family. Gilbert (2005, "A
 * modified false discovery rate multiple-comparisons procedure for discrete data applied to human
 * immunodeficiency virus genetics", JRSS C 54) applies BH to that family and shows FDR control at
 * α. Tests outside the family get q = 1.
 *
 * The q-value of a test in the family is the BH-adjusted p (fdr.ts): q ≤ α ⇔ rejected by BH at α.
 *
 * Worked example: p* = (1e-6, 1e-6, 0.02, 0.3), p = (1e-6, 0.004, 0.02, 0.5), α = 0.05:
 * K = 3 (three tests reach p* ≤ 0.05, three ≤ 0.025, two ≤ 0.0167), the family is the first two,
 * q = (2e-6, 0.004, 1, 1).
 */
import { benjaminiHochberg } from './fdr.ts';

export interface DiscreteFdrResult {
  /** BH q-value within Tarone's family; 1 outside it. */
  q: Float64Array;
  /** 1 for tests in the family. */
  inFamily: Uint8Array;
  /** Tarone's K and the family size m(K). */
  k: number;
  familySize: number;
}

/** Tarone's K: the smallest K ≥ 1 with #{p*_i ≤ α/K} ≤ K. */
export function taroneK(minP: ArrayLike<number>, alpha: number): number {
  const sorted = Float64Array.from(minP).sort();
  const m = sorted.length;
  if (m === 0) return 1;
  // count(K) = #{p* ≤ α/K} falls as K grows; the first K with count(K) ≤ K is the answer.
  let lo = 1;
  let hi = m;
  const count = (K: number) => {
    const limit = alpha / K;
    let a = 0;
    let b = m;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (sorted[mid]! <= limit) a = mid + 1;
      else b = mid;
    }
    return a;
  };
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (count(mid) <= mid) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function discreteBH(p: ArrayLike<number>, minP: ArrayLike<number>, alpha: number, weights?: ArrayLike<number>): DiscreteFdrResult {
  if (p.length !== minP.length) throw new RangeError(`p has ${p.length} values, minP ${minP.length}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (weights && weights.length !== p.length) throw new RangeError(`p has ${p.length} values, weights ${weights.length}`);
  // Weighted BH (Genovese, Roeder & Wasserman 2006): test i is judged on p_i / w_i, with weights
  // fixed before the data are seen and averaging 1 — first over all tests (for the screen), then
  // over Tarone's family (the tests BH counts). Unweighted: w ≡ 1, the procedure of the header.
  const w = normalised(weights, p.length, null);
  const screened = weights ? Float64Array.from(minP, (v, i) => v / w[i]!) : minP;
  const K = taroneK(screened, alpha);
  const limit = alpha / K;
  const inFamily = new Uint8Array(p.length);
  const members: number[] = [];
  for (let i = 0; i < p.length; i++) {
    if (screened[i]! <= limit) {
      inFamily[i] = 1;
      members.push(i);
    }
  }
  const wf = weights ? normalised(weights, p.length, members) : w;
  const qFamily = benjaminiHochberg(members.map((i) => p[i]! / wf[i]!));
  const q = new Float64Array(p.length).fill(1);
  members.forEach((i, k) => (q[i] = qFamily[k]!));
  return { q, inFamily, k: K, familySize: members.length };
}

/** Weights scaled to mean 1 over `over` (all indices when null); all 1 without weights. */
export function normalised(weights: ArrayLike<number> | undefined, n: number, over: number[] | null): Float64Array {
  const out = new Float64Array(n).fill(1);
  if (!weights) return out;
  let sum = 0;
  const count = over ? over.length : n;
  if (over) for (const i of over) sum += weights[i]!;
  else for (let i = 0; i < n; i++) sum += weights[i]!;
  if (!(sum > 0)) return out;
  for (let i = 0; i < n; i++) out[i] = (weights[i]! * count) / sum;
  return out;
}
