/**
 * Conditional (exact) test of a place's count in a recent window against its own history
 * (methods.md §9).
 *
 * A place has y reports in the window W (the last w weeks) and y_base in the baseline B (up to
 * 104 weeks before the window). If the place's rate moves with the rest of the municipality (no
 * space-time interaction), then conditional on the place's total n = y + y_base
 *
 *     y | n  ~  Binomial(n, π)
 *
 * where π is the share of the window in the period W ∪ B as the rest of the municipality shows
 * it (so an overall trend and the season cancel). This is the classical conditional test of two
 * Poisson rates (Przyborowski & Wileński 1940; Lehmann & Romano, Testing Statistical Hypotheses,
 * §4.5) and the space-time interaction expectation of the prospective space-time permutation scan
 * (Kulldorff et al. 2005): E[y | n] = n · π = n(a,·) · n(·,W) / N when π is taken from the totals.
 *
 * π is estimated from the rest of the municipality (the place left out, so a cluster does not raise
 * its own expectation), shrunk towards a reference share π₀ with the weight of κ reports:
 *
 *     π = (R_W + κ·π₀) / (R_W + R_B + κ)
 *
 * (a Beta(κπ₀, κ(1 − π₀)) prior on the share: sparse categories borrow the time profile of all
 * categories together, busy ones follow their own). The test is exact for the given π: no normal
 * approximation, whatever the counts.
 *
 * The p-value is the upper tail P(Y ≥ y) (R: `binom.test(y, n, π, alternative = "greater")`); the
 * lower tail P(Y ≤ y) serves the map class "falling". `minP(n, π) = π^n` is the smallest p-value
 * any outcome can reach with this n (all reports in the window), used by Tarone's screen
 * (discreteFdr.ts).
 *
 * Worked example (methods.md §9): 9 reports in the last 4 weeks, 3 in the 48 weeks before, flat
 * time profile π = 4/52: P(Binomial(12, 4/52) ≥ 9) = 1.673e-08; expected 12 · 4/52 = 0.92.
 */
import { binomialUpperTail, logFactorial, logTailSum } from './poisson.ts';

export interface ConditionalResult {
  /** Reports in the window and the baseline. */
  y: number;
  base: number;
  /** Share of the window under the null. */
  pi: number;
  /** Expected count in the window given y + base: (y + base) · π. */
  expected: number;
  /** P(Y ≥ y), Y ~ Binomial(y + base, π). */
  p: number;
  /** P(Y ≤ y). */
  pLower: number;
}

/** The null share π from the rest of the municipality, shrunk towards π₀ with weight κ. */
export function nullShare(restWindow: number, restBase: number, pi0: number, kappa: number): number {
  if (!(pi0 > 0 && pi0 < 1)) throw new RangeError(`pi0 must be in (0, 1), got ${pi0}`);
  if (!(kappa >= 0)) throw new RangeError(`kappa must be ≥ 0, got ${kappa}`);
  const denominator = restWindow + restBase + kappa;
  if (denominator <= 0) return pi0;
  const pi = (restWindow + kappa * pi0) / denominator;
  // Keep strictly inside (0, 1): a share of exactly 0 or 1 would make every report decisive.
  return Math.min(1 - 1e-9, Math.max(1e-9, pi));
}

/** Exact conditional test of y reports in the window against base reports before it. */
export function conditionalTest(y: number, base: number, pi: number): ConditionalResult {
  if (!Number.isInteger(y) || y < 0 || !Number.isInteger(base) || base < 0) throw new RangeError(`counts must be non-negative integers (y ${y}, base ${base})`);
  if (!(pi > 0 && pi < 1)) throw new RangeError(`pi must be in (0, 1), got ${pi}`);
  const n = y + base;
  const p = binomialUpperTail(y, n, pi);
  // P(Y ≤ y) = 1 − P(Y ≥ y + 1) = P(n − Y ≥ n − y) with n − Y ~ Binomial(n, 1 − π).
  const pLower = binomialUpperTail(n - y, n, 1 - pi);
  return { y, base, pi, expected: n * pi, p, pLower };
}

/** Smallest upper-tail p-value reachable with n reports in all: π^n (every report in the window). */
export function minUpperP(n: number, pi: number): number {
  return n <= 0 ? 1 : Math.exp(n * Math.log(pi));
}

/**
 * The same comparison with π unknown: Fisher's exact test of the 2 × 2 table
 *
 *                 window   baseline
 *     zone          y        base
 *     rest         R_W       R_B
 *
 * conditional on both margins (the zone's total n and the window's total K of the whole
 * municipality, N reports in all): y ~ Hypergeometric(N, K, n). This is the exact permutation
 * distribution of the space-time permutation scan for one zone and window (dates permuted among
 * the reports; Kulldorff et al. 2005): expected n·K/N = n(a,·)·n(·,W)/N, the space-time interaction
 * expectation of methods.md §9, and the rest's own noise is accounted for (with π plugged in, a
 * week in which the rest of a sparse category happens to be empty would make any 3 reports look
 * impossible). R: `fisher.test(matrix(c(y, R_W, base, R_B), 2), alternative = "greater")$p.value`,
 * or `phyper(y − 1, K, N − K, n, lower.tail = FALSE)`.
 */
export interface FisherResult {
  /** E[y] = n·K/N. */
  expected: number;
  /** P(Y ≥ y). */
  p: number;
  /** P(Y ≤ y). */
  pLower: number;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** ln of the hypergeometric pmf P(Y = y) with N in all, K marked, n drawn. */
function logHyper(y: number, N: number, K: number, n: number): number {
  return logChoose(K, y) + logChoose(N - K, n - y) - logChoose(N, n);
}

/** Upper tail P(Y ≥ y), Y ~ Hypergeometric(N, K, n), summed from y outwards in log space. */
export function hypergeometricUpperTail(y: number, N: number, K: number, n: number): number {
  for (const [v, name] of [[y, 'y'], [N, 'N'], [K, 'K'], [n, 'n']] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  if (K > N || n > N) throw new RangeError(`K (${K}) and n (${n}) must not exceed N (${N})`);
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(n, K);
  if (y <= lo) return 1;
  if (y > hi) return 0;
  const mean = (n * K) / N;
  if (y > mean) {
    // Terms from y upwards: ratio P(k+1)/P(k) = (K−k)(n−k) / ((k+1)(N−K−n+k+1)) < 1 beyond the mode.
    return Math.min(1, Math.exp(logTailSum(logHyper(y, N, K, n), (k) => ((K - k) * (n - k)) / ((k + 1) * (N - K - n + k + 1)), y, hi, 1)));
  }
  // y ≤ mean: 1 − P(Y ≤ y − 1), walking down from y − 1 with P(k−1)/P(k) = k(N−K−n+k) / ((K−k+1)(n−k+1)).
  const lower = Math.exp(logTailSum(logHyper(y - 1, N, K, n), (k) => (k * (N - K - n + k)) / ((K - k + 1) * (n - k + 1)), y - 1, lo, -1));
  return Math.min(1, Math.max(0, 1 - lower));
}

/** Fisher's exact test (one-sided both ways) of y of the zone's n reports in the window, with K
 *  of all N reports of the municipality in the window. */
export function fisherWindowTest(y: number, base: number, restWindow: number, restBase: number): FisherResult {
  const n = y + base;
  const K = y + restWindow;
  const N = n + restWindow + restBase;
  if (N === 0) return { expected: 0, p: 1, pLower: 1 };
  const p = hypergeometricUpperTail(y, N, K, n);
  // P(Y ≤ y) = P(n − Y ≥ n − y), and n − Y ~ Hypergeometric(N, N − K, n).
  const pLower = hypergeometricUpperTail(n - y, N, N - K, n);
  return { expected: (n * K) / N, p, pLower };
}

/** Smallest upper-tail p attainable with these margins: P(Y = min(n, K)). Needs only the margins
 *  (zone total n, window total K, N), not the outcome, so Tarone's screen may use it. */
export function fisherMinP(n: number, K: number, N: number): number {
  if (n === 0 || K === 0 || N === 0) return 1;
  return Math.exp(logHyper(Math.min(n, K), N, K, n));
}
