// "Same period in earlier years" test for one area × category (methods.md §4): y0 reports in the
// current window against y1..yk in the same calendar window of the k previous years.
// - exact Poisson: p = P(Y ≥ y0 | λ = ȳ), treating the baseline mean as known;
// - conditional rate-ratio test: y0 | (y0 + Σy) ~ Binomial(y0 + Σy, 1/(1 + k)) under equal
//   rates, which also accounts for the noise in the baseline (the default for alarms).
// No alarm when y0 < 5 (minCount). BH-FDR is applied across all tests run together
// (samePeriodAlarms); tests that were not eligible are not counted as run.
//
// Tail sums start at the requested count and walk away from the mode in log space, so tiny
// p-values keep their relative precision and nothing overflows for large counts.

import { benjaminiHochberg } from './fdr.ts';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SMALL_FACTORIALS: number[] = [0];
for (let k = 1; k < 20; k++) SMALL_FACTORIALS.push(SMALL_FACTORIALS[k - 1] + Math.log(k));

/** ln(k!) for integers k ≥ 0: exact sums below 20, Stirling's series (error < 1e-15) above. */
export function logFactorial(k: number): number {
  if (k < 20) return SMALL_FACTORIALS[k];
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (
    k * Math.log(k) - k + LN_SQRT_2PI + 0.5 * Math.log(k) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}

function checkCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer (got ${value})`);
}

/** Σ of a unimodal pmf walked away from its mode, from a starting log-term; returns ln of the sum.
 *  ratio(k) = P(k + step) / P(k); the walk stops at `last` or when the terms no longer count. */
export function logTailSum(logStart: number, ratio: (k: number) => number, first: number, last: number, step: 1 | -1): number {
  let relative = 1;
  let term = 1;
  for (let k = first; step > 0 ? k < last : k > last; k += step) {
    term *= ratio(k);
    relative += term;
    if (term < relative * 1e-17) break;
  }
  return logStart + Math.log(relative);
}

/** Upper tail P(Y ≥ y) of a Poisson(λ) variable. */
export function poissonUpperTail(y: number, lambda: number): number {
  checkCount(y, 'y');
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be finite and ≥ 0 (got ${lambda})`);
  if (y === 0) return 1;
  if (lambda === 0) return 0;
  const logPmf = (k: number) => -lambda + k * Math.log(lambda) - logFactorial(k);
  if (y > lambda) {
    // Terms from y upwards shrink by λ/(k+1) < 1.
    return Math.min(1, Math.exp(logTailSum(logPmf(y), (k) => lambda / (k + 1), y, Infinity, 1)));
  }
  // y ≤ λ: the tail is large; 1 − P(Y ≤ y − 1), walking down from y − 1 by k/λ < 1.
  const lower = Math.exp(logTailSum(logPmf(y - 1), (k) => k / lambda, y - 1, 0, -1));
  return Math.min(1, Math.max(0, 1 - lower));
}

/** Upper tail P(X ≥ x) of a Binomial(n, prob) variable. */
export function binomialUpperTail(x: number, n: number, prob: number): number {
  checkCount(x, 'x');
  checkCount(n, 'n');
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`prob must be in [0, 1] (got ${prob})`);
  if (x === 0) return 1;
  if (x > n) return 0;
  if (prob === 0) return 0;
  if (prob === 1) return 1;
  const logP = Math.log(prob);
  const logQ = Math.log1p(-prob);
  const odds = prob / (1 - prob);
  const logPmf = (k: number) => logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * logP + (n - k) * logQ;
  if (x > n * prob) {
    return Math.min(1, Math.exp(logTailSum(logPmf(x), (k) => ((n - k) / (k + 1)) * odds, x, n, 1)));
  }
  const lower = Math.exp(logTailSum(logPmf(x - 1), (k) => k / ((n - k + 1) * odds), x - 1, 0, -1));
  return Math.min(1, Math.max(0, 1 - lower));
}

export const DEFAULT_MIN_COUNT = 5;

export interface SamePeriodOptions {
  /** Smallest current count that can alarm (default 5). */
  minCount?: number;
}

export interface SamePeriodResult {
  current: number;
  /** Number of earlier years k. */
  years: number;
  /** ȳ, the mean of the earlier years (the expected count). */
  baselineMean: number;
  /** y0 / ȳ; null when the baseline is all zero. */
  rateRatio: number | null;
  /** Exact Poisson P(Y ≥ y0 | λ = ȳ); 1 when not eligible for lack of a baseline. */
  exactP: number;
  /** Conditional binomial P(X ≥ y0 | y0 + Σy, 1/(1 + k)). */
  conditionalP: number;
  /** False when y0 < minCount or there are no earlier years: such a test cannot alarm. */
  eligible: boolean;
  reason: 'too_few_reports' | 'no_baseline' | null;
}

/** Same-period comparison of the current count with the same window in k earlier years. */
export function samePeriodPoisson(
  current: number,
  baseline: ArrayLike<number>,
  { minCount = DEFAULT_MIN_COUNT }: SamePeriodOptions = {},
): SamePeriodResult {
  checkCount(current, 'current');
  const years = baseline.length;
  let total = 0;
  for (let i = 0; i < years; i++) {
    checkCount(baseline[i], `baseline[${i}]`);
    total += baseline[i];
  }
  if (years === 0) {
    return { current, years, baselineMean: 0, rateRatio: null, exactP: 1, conditionalP: 1, eligible: false, reason: 'no_baseline' };
  }
  const baselineMean = total / years;
  const exactP = poissonUpperTail(current, baselineMean);
  const conditionalP = binomialUpperTail(current, current + total, 1 / (1 + years));
  const eligible = current >= minCount;
  return {
    current,
    years,
    baselineMean,
    rateRatio: baselineMean > 0 ? current / baselineMean : null,
    exactP,
    conditionalP,
    eligible,
    reason: eligible ? null : 'too_few_reports',
  };
}

export interface SamePeriodAlarmOptions {
  /** FDR level (default 0.05). */
  alpha?: number;
  /** Which p-value to correct (default 'conditional'). */
  test?: 'conditional' | 'exact';
}

export interface SamePeriodAlarm {
  /** BH q-value among the eligible tests; null for tests that were not eligible. */
  q: number | null;
  alarm: boolean;
}

/** BH-FDR across all area × category tests run together; ineligible tests never alarm. */
export function samePeriodAlarms(
  results: readonly SamePeriodResult[],
  { alpha = 0.05, test = 'conditional' }: SamePeriodAlarmOptions = {},
): SamePeriodAlarm[] {
  const eligible = results.map((r, i) => (r.eligible ? i : -1)).filter((i) => i >= 0);
  const q = benjaminiHochberg(eligible.map((i) => (test === 'exact' ? results[i].exactP : results[i].conditionalP)));
  const out: SamePeriodAlarm[] = results.map(() => ({ q: null, alarm: false }));
  eligible.forEach((i, k) => {
    out[i] = { q: q[k], alarm: q[k] <= alpha };
  });
  return out;
}

/** 95 % interval for a Poisson rate: events / exposure (exact Garwood limits, found by bisection). */
export function poissonRateInterval(events: number, exposure: number): [number, number] {
  // Exact Garwood interval by bisection on the Poisson cdf (in log space: a plain sum from e^-mu
  // underflows above mu ≈ 745, and hundreds of false alarms are possible in robustness runs).
  const cdf = (k: number, mu: number) => 1 - poissonUpperTail(k + 1, mu);
  const solve = (f: (mu: number) => number, target: number) => {
    let lo = 0;
    let hi = Math.max(10, events * 3 + 10);
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = events === 0 ? 0 : solve((mu) => cdf(events - 1, mu), 0.975);
  const upper = solve((mu) => cdf(events, mu), 0.025);
  return [lower / exposure, upper / exposure];
}
