/**
 * How much more than Poisson counts the areas' counts vary between two periods: the dispersion φ
 * of the overview's year-on-year comparisons (poissonCompare.ts, "more than chance").
 *
 * Model (quasi-Poisson: Wedderburn 1974; McCullagh & Nelder 1989, §4.5 and §4.7): area i has a_i
 * reports in the period and b_i in the same weeks a year earlier; given n_i = a_i + b_i, a_i has
 * mean n_i·π and variance φ·n_i·π(1 − π), π the share every area has in common (Σa / Σn: a change
 * the whole municipality shares is the municipality's, each area is judged against the others).
 * φ is estimated by Pearson's statistic over its degrees of freedom,
 *
 *     φ̂ = X² / (K − 1),   X² = Σ (a_i − n_i·π̂)² / (n_i·π̂(1 − π̂)),
 *
 * over the K areas with n_i ≥ MIN_TOTAL (a tiny total's binomial variance is too small a divisor:
 * one perturbed count would dominate X²), and held at ≥ 1: a Poisson test is never made bolder.
 * With fewer than MIN_AREAS such areas φ = 1 and `areas` 0 (not estimated). An area that really changed raises
 * X² and so hides itself (a buurt of Twenterand at 1.5 times last year's rate was found 77 times
 * in 100 against 93 with the Poisson test; 80 with the second estimate), so the estimate is made twice, as the improved
 * Farrington algorithm reweights its baseline (Noufaily et al. 2013): the second time without
 * the areas more than 2.576 standard deviations (under the first φ̂) from the common share, divided
 * by the variance a normal keeps inside those limits.
 *
 * Why: the exact Poisson test assumes each report is an independent event. Report streams repeat
 * (neighbours report one address, a caller reports again: with R reports per incident a count
 * varies E[R²]/E[R] times as much as Poisson — 1.8 for 1 + Poisson(0.5) reports), published
 * counts are perturbed (±3 at most, variance 2) and areas vary from year to year. With 1.5 reports
 * per incident the Poisson test called 0.6–1.1 buurten a period of 12 months "more than chance" on
 * simulated data without any change, where its BH step promises 5 % (docs/dashboard.md). The repeat
 * factor is the same at every level of aggregation (a sum of compound Poisson counts is one), so
 * the buurten, which give the most degrees of freedom, estimate it for the municipality's other
 * comparisons too. Where many areas really changed, the estimate errs on the cautious side.
 *
 * Worked example (tests/unit/analysis/changeDispersion.test.ts): 60 areas of lognormal sizes,
 * 2,400 reports a period, the same rates in both periods, each Poisson incident reported 1 +
 * Poisson(0.5) times: φ̂ is 1.88 on average over 200 data sets (the repeat factor is 1.83); with
 * Poisson counts 1.085 (held at ≥ 1, so never below). On such data the Poisson test gave about one
 * false "more than chance" area a period, the widened one 0.05 (BH at 5 %).
 */

import { normalCdf } from './normal.ts';

/** Areas whose two periods hold fewer reports than this do not enter X². */
export const MIN_TOTAL = 5;
/** Fewer areas than this: not estimated (φ = 1; the caller may borrow a longer period's). With
 *  K − 1 < 9 degrees of freedom φ̂ has a standard deviation near 0.5 or more under Poisson counts:
 *  a month's verdict on the demo's total differed between two installations whose perturbation
 *  differed (docs/dashboard.md). */
export const MIN_AREAS = 10;
/** Areas further than this many standard deviations (√φ̂ · binomial) from the common share are
 *  left out of the second estimate (the 0.5 % tails of a normal on each side). */
export const OUTLIER_Z = 2.576;
/** E[Z² | |Z| ≤ OUTLIER_Z] for a standard normal, 1 − 2zφ(z) / (2Φ(z) − 1) ≈ 0.925: the variance
 *  that truncation keeps, so the second estimate is divided by it (consistency under the model). */
export const TRUNCATED_VARIANCE = 1 - (2 * OUTLIER_Z * Math.exp(-(OUTLIER_Z ** 2) / 2)) / Math.sqrt(2 * Math.PI) / (2 * normalCdf(OUTLIER_Z) - 1);

export interface ChangeDispersion {
  /** φ̂, at least 1. */
  phi: number;
  /** Areas that entered the estimate (K); 0 when none. */
  areas: number;
}

export function changeDispersion(pairs: readonly { a: number; b: number }[]): ChangeDispersion {
  for (const { a, b } of pairs) {
    if (!(Number.isFinite(a) && Number.isFinite(b) && a >= 0 && b >= 0)) throw new RangeError(`counts must be finite and ≥ 0 (got ${a}, ${b})`);
  }
  const first = pearson(pairs.filter((x) => x.a + x.b >= MIN_TOTAL));
  if (first === null) return { phi: 1, areas: 0 };
  // One reweighting step: the areas within OUTLIER_Z of the first fit estimate φ again, the
  // truncation's loss of variance put back (TRUNCATED_VARIANCE).
  const kept = first.residuals.filter((r) => Math.abs(r.z) <= OUTLIER_Z * Math.sqrt(first.phi)).map((r) => r.pair);
  const second = pearson(kept);
  if (second === null) return { phi: Math.max(1, first.phi), areas: first.residuals.length };
  return { phi: Math.max(1, second.phi / TRUNCATED_VARIANCE), areas: kept.length };
}

/** Pearson's X² / (K − 1) around the common share, with each area's standardised residual;
 *  null with fewer than MIN_AREAS areas or no variation in the share. */
function pearson(used: readonly { a: number; b: number }[]): { phi: number; residuals: { pair: { a: number; b: number }; z: number }[] } | null {
  const K = used.length;
  if (K < MIN_AREAS) return null;
  let sa = 0;
  let sn = 0;
  for (const { a, b } of used) {
    sa += a;
    sn += a + b;
  }
  const pi = sa / sn;
  if (!(pi > 0 && pi < 1)) return null;
  let x2 = 0;
  const residuals = used.map((pair) => {
    const n = pair.a + pair.b;
    const z = (pair.a - n * pi) / Math.sqrt(n * pi * (1 - pi));
    x2 += z * z;
    return { pair, z };
  });
  return { phi: x2 / (K - 1), residuals };
}
