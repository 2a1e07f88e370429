// Comparison of two Poisson counts: is the count of this period different from the count of the
// same weeks a year earlier by more than chance? (Overview, docs/dashboard.md.)
//
// The exact conditional test (Przyborowski & Wilenski 1940; Lehmann & Romano, Testing Statistical
// Hypotheses, §4.6): with a ~ Poisson(λa·ta) and b ~ Poisson(λb·tb), a given a + b = n is
// Binomial(n, ta / (ta + tb)) under λa = λb. The two-sided p-value is that of R's
// `binom.test` (and so of `poisson.test(c(a, b), T = c(ta, tb))`): the probability of every
// outcome no more likely than the observed one (relative tolerance 1e-7, as R). Reference values
// from R 4 are fixtures of tests/unit/analysis/poissonCompare.test.ts.
//
// Several comparisons at once (the categories of one period) are corrected with Benjamini-Hochberg
// FDR (fdr.ts); `compareCounts` leaves that to the caller.
//
// Counts that vary more than Poisson counts (repeat reports about one incident, perturbed
// published counts, the ordinary year-to-year variation of areas; changeDispersion.ts estimates
// how much) get the quasi-binomial form of the same test: given n, a varies φ times as much as
// the binomial says, carried by a beta-binomial with that variance (Williams 1982's extra-binomial
// variation), two-sided by twice the smaller tail. φ ≤ 1 is the exact test above, unchanged.

import { benjaminiHochberg } from './fdr.ts';
import { logFactorial } from './poisson.ts';
import { betaBinomialLowerTail, betaBinomialUpperTail } from './predictiveTest.ts';

export interface CountComparison {
  a: number;
  b: number;
  /** Rate ratio (a / ta) / (b / tb); null when b is 0. */
  rateRatio: number | null;
  /** Two-sided exact p-value (R poisson.test). */
  p: number;
}

function checkCount(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer (got ${v})`);
}

/** ln P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
function logDbinom(k: number, n: number, logP: number, logQ: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * logP + (n - k) * logQ;
}

function checkBinomial(x: number, n: number, p: number): void {
  checkCount(x, 'x');
  checkCount(n, 'n');
  if (x > n) throw new RangeError(`x (${x}) must not exceed n (${n})`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1) (got ${p})`);
}

/** Two-sided exact binomial p-value of x successes in n trials with probability p (R binom.test). */
export function binomialTwoSided(x: number, n: number, p: number): number {
  checkBinomial(x, n, p);
  if (n === 0) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const m = n * p;
  if (x === m) return 1;
  const dx = logDbinom(x, n, logP, logQ) + Math.log1p(1e-7);
  // Sums of pmf terms, each from its log: direct sums keep small tails accurate.
  const sum = (from: number, to: number) => {
    let s = 0;
    for (let k = from; k <= to; k++) s += Math.exp(logDbinom(k, n, logP, logQ));
    return s;
  };
  let pv: number;
  if (x < m) {
    // Outcomes on the other side of the mode that are no more likely than x.
    let y = 0;
    for (let i = Math.ceil(m); i <= n; i++) if (logDbinom(i, n, logP, logQ) <= dx) y++;
    pv = sum(0, x) + sum(n - y + 1, n);
  } else {
    let y = 0;
    for (let i = 0; i <= Math.floor(m); i++) if (logDbinom(i, n, logP, logQ) <= dx) y++;
    pv = sum(0, y - 1) + sum(x, n);
  }
  return Math.min(1, pv);
}

/**
 * Two-sided p-value of x of n when x varies `phi` times as much as a Binomial(n, p) count:
 * x ~ BetaBinomial(n, p·c, (1 − p)·c) with c = (n − φ) / (φ − 1), whose variance is φ·n·p(1 − p)
 * (for n ≤ φ no beta-binomial of n has that variance; c is held at 1e-3, the widest). Twice the
 * smaller tail (at most 1), not binom.test's "no more likely" rule: a beta-binomial with small
 * weights is U-shaped, where that rule would call the middle outcomes unlikely. φ ≤ 1 is
 * binomialTwoSided itself. Reference values (the tails in R with `lbeta`) are fixtures of
 * tests/unit/analysis/poissonCompare.test.ts.
 */
export function dispersedTwoSided(x: number, n: number, p: number, phi: number): number {
  if (!(phi > 1)) return binomialTwoSided(x, n, p);
  if (!Number.isFinite(phi)) throw new RangeError(`phi must be finite (got ${phi})`);
  checkBinomial(x, n, p);
  if (n === 0) return 1;
  const c = n - phi > 1e-3 * (phi - 1) ? (n - phi) / (phi - 1) : 1e-3;
  const [alpha, beta] = [p * c, (1 - p) * c];
  return Math.min(1, 2 * Math.min(betaBinomialUpperTail(x, n, alpha, beta), betaBinomialLowerTail(x, n, alpha, beta)));
}

/**
 * Exact comparison of count `a` over exposure `ta` with count `b` over `tb` (e.g. weeks): the
 * p-value of R's `poisson.test(c(a, b), T = c(ta, tb))`; with `phi` > 1 (counts that vary φ times
 * as much as Poisson counts) its quasi-Poisson form (dispersedTwoSided).
 */
export function compareCounts(a: number, b: number, ta = 1, tb = 1, phi = 1): CountComparison {
  checkCount(a, 'a');
  checkCount(b, 'b');
  if (!(ta > 0 && tb > 0 && Number.isFinite(ta) && Number.isFinite(tb))) throw new RangeError('exposures must be finite and > 0');
  return {
    a,
    b,
    rateRatio: b === 0 ? null : (a / ta) / (b / tb),
    p: dispersedTwoSided(a, a + b, ta / (ta + tb), phi),
  };
}

export type ChangeVerdict = 'rise' | 'fall' | 'chance';

/** The verdict of a comparison at FDR level `alpha`: a rise or fall more than chance, or not. */
export function verdictOf(a: number, b: number, ta: number, tb: number, q: number, alpha = 0.05): ChangeVerdict {
  if (q > alpha) return 'chance';
  return a / ta > b / tb ? 'rise' : 'fall';
}

/** Compares many pairs at once, with BH-FDR q-values across them (e.g. the categories of a period);
 *  `phi`: the counts' dispersion (changeDispersion.ts), 1 for Poisson counts. */
export function compareMany(pairs: readonly { a: number; b: number; ta?: number; tb?: number }[], alpha = 0.05, phi = 1): (CountComparison & { q: number; verdict: ChangeVerdict })[] {
  const tests = pairs.map((x) => compareCounts(x.a, x.b, x.ta ?? 1, x.tb ?? 1, phi));
  const q = benjaminiHochberg(tests.map((t) => t.p));
  return tests.map((t, i) => ({ ...t, q: q[i]!, verdict: verdictOf(t.a, t.b, pairs[i]!.ta ?? 1, pairs[i]!.tb ?? 1, q[i]!, alpha) }));
}
