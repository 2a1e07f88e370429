/**
 * Predictive window test of a place's recent count against its own history (methods.md §9.1,
 * "Window tests"): the count the place's own baseline and the rest of the municipality predict,
 * with the rest's noise accounted for, and the place's own window left out of its expectation.
 *
 * A zone has y reports in the window W and y_base in the baseline B; n = y + y_base. Without
 * space-time interaction, y | n ~ Binomial(n, π) with π the window's share of W ∪ B (conditionalTest.ts).
 * π is not known. The rest of the municipality shows it with noise: R_W of its R_W + R_B reports fell
 * in the window. With a Beta(κ·π₀, κ·(1 − π₀)) prior on π (π₀ the other categories' share outside
 * the zone: a sparse category borrows the time profile of the other reports, as the rising test
 * borrows the all-categories profile with the same κ), the
 * rest's counts give the posterior Beta(a, b), a = R_W + κ·π₀, b = R_B + κ·(1 − π₀), and the zone's
 * count is predicted by the beta-binomial
 *
 *     P(Y = k) = C(n, k) · B(k + a, n − k + b) / B(a, b),    k = 0 … n.
 *
 * The p-value is the upper tail P(Y ≥ y) of that prediction: Box's (1980) prior-predictive check,
 * the form of the Bayesian outbreak detection of Manitz & Höhle (2013) and Salmon et al. (2015)
 * (`surveillance::boda`, `bodaDelay`: alarm when the count exceeds a quantile of the posterior
 * predictive). Why not Fisher's exact test (conditionalTest.ts, fisherWindowTest), which is exact:
 * it conditions on the municipality's window total K = y + R_W, so an outbreak raises its own
 * expectation — a floor plant of the evaluation with 22 of its 101 reports in 4 weeks, the rest 79
 * of 1,500: expected 6.4 instead of 5.3, Fisher's p 7.0e-8, the predictive test's 3.6e-8 (with
 * κ = 400 towards π₀ = 0.05; the binomial with π plugged in: 1.2e-8). The predictive test keeps the
 * zone out of its reference (as the rising test does) and pays for the rest's noise through the
 * beta's spread instead. It is not exact: its false-alarm rate is measured on null data with the
 * rest of the engine (docs/evaluation.md), which is where the engine's α is calibrated anyway.
 *
 * `predictiveMinP(n, a, b) = P(Y = n)` is the smallest p-value any outcome can reach with this n,
 * for Tarone's screen (discreteFdr.ts).
 *
 * R reference (base R; tests/unit/analysis/early-signals-reference.test.ts):
 *     bb <- function(y, n, a, b) sum(choose(n, y:n) * beta(y:n + a, n - y:n + b) / beta(a, b))
 * Worked example: 9 of 12 reports in the window, rest 40 of 520 in the window (a = 40, b = 480):
 * P(Y ≥ 9) = bb(9, 12, 40, 480) = 3.465e-08, against binom.test's 1.673e-08 for a known π = 4/52:
 * the rest's noise makes the same count less surprising.
 */
import { logFactorial, logTailSum } from './poisson.ts';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ≈ 1e-15). Integers use logFactorial. */
export function logGamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`logGamma needs a finite x > 0, got ${x}`);
  if (Number.isInteger(x) && x < 1e6) return logFactorial(x - 1);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logBeta = (p: number, q: number) => logGamma(p) + logGamma(q) - logGamma(p + q);

function logPmf(k: number, n: number, a: number, b: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) + logBeta(k + a, n - k + b) - logBeta(a, b);
}

function check(y: number, n: number, a: number, b: number): void {
  if (!Number.isInteger(y) || y < 0) throw new RangeError(`y must be a non-negative integer, got ${y}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(a > 0 && b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) throw new RangeError(`a and b must be finite and > 0, got ${a}, ${b}`);
}

/** Upper tail P(Y ≥ y), Y ~ BetaBinomial(n, a, b), summed from y away from the mode in log space. */
export function betaBinomialUpperTail(y: number, n: number, a: number, b: number): number {
  check(y, n, a, b);
  if (y === 0) return 1;
  if (y > n) return 0;
  if (y > (n * a) / (a + b)) {
    // Beyond the mode the ratio P(k+1)/P(k) = (n−k)(k+a) / ((k+1)(n−k−1+b)) is < 1.
    return Math.min(1, Math.exp(logTailSum(logPmf(y, n, a, b), (k) => ((n - k) * (k + a)) / ((k + 1) * (n - k - 1 + b)), y, n, 1)));
  }
  // y ≤ mean: 1 − P(Y ≤ y − 1), walking down with P(k−1)/P(k) = k(n−k+b) / ((n−k+1)(k−1+a)).
  const lower = Math.exp(logTailSum(logPmf(y - 1, n, a, b), (k) => (k * (n - k + b)) / ((n - k + 1) * (k - 1 + a)), y - 1, 0, -1));
  return Math.min(1, Math.max(0, 1 - lower));
}

/** Lower tail P(Y ≤ y), Y ~ BetaBinomial(n, a, b): n − Y ~ BetaBinomial(n, b, a), so it is that
 *  variable's upper tail at n − y (summed from its own side, so a small p stays accurate). */
export function betaBinomialLowerTail(y: number, n: number, a: number, b: number): number {
  check(y, n, a, b);
  if (y >= n) return 1;
  return betaBinomialUpperTail(n - y, n, b, a);
}

/** Smallest lower-tail p attainable with n reports: P(Y = 0) = B(a, n + b) / B(a, b). */
export function predictiveLowerMinP(n: number, a: number, b: number): number {
  return predictiveMinP(n, b, a);
}

/** The posterior of the window's share π from the rest of the municipality: Beta(a, b). */
export function restPosterior(restWindow: number, restBase: number, pi0: number, kappa: number): { a: number; b: number } {
  if (!(pi0 > 0 && pi0 < 1)) throw new RangeError(`pi0 must be in (0, 1), got ${pi0}`);
  if (!(kappa > 0)) throw new RangeError(`kappa must be > 0, got ${kappa}`);
  return { a: restWindow + kappa * pi0, b: restBase + kappa * (1 - pi0) };
}

export interface PredictiveResult {
  /** E[y | n] = n · a / (a + b). */
  expected: number;
  /** P(Y ≥ y). */
  p: number;
}

/** The predictive window test: y of the zone's n = y + base reports in the window, π ~ Beta(a, b). */
export function predictiveWindowTest(y: number, base: number, a: number, b: number): PredictiveResult {
  const n = y + base;
  return { expected: (n * a) / (a + b), p: betaBinomialUpperTail(y, n, a, b) };
}

/** Smallest upper-tail p attainable with n reports: P(Y = n) = B(n + a, b) / B(a, b). */
export function predictiveMinP(n: number, a: number, b: number): number {
  if (n === 0) return 1;
  return Math.min(1, Math.exp(logBeta(n + a, b) - logBeta(a, b)));
}
