/**
 * Extra-Poisson variation of report counts (methods.md §9.1, "Dispersion"): how much more the
 * places' counts in blocks of w weeks vary than Poisson counts would, estimated from the data
 * before the run's windows, and what it does to a window test's prediction.
 *
 * Model (negative binomial, as in Noufaily et al. 2013's improved Farrington algorithm): the count
 * of place s in block k has mean μ_sk and variance μ_sk + φ_w · μ_sk². Without space-time
 * interaction μ_sk is the place's level times the block's share of time, so trend and season
 * cancel, as in the window tests. φ_w is estimated by the method of moments (Breslow 1984;
 * Farrington et al. 1996 use the same moment idea for their quasi-Poisson dispersion), pooled over
 * places and blocks, with each block's expectation *left out* of its own count:
 *
 *     e_sk = m · R / S,   m = N_s − y_sk,   R = T_k − y_sk,   S = (N − T_k) − m,
 *
 * the place's other blocks (m) times the rest of the municipality's count in block k (R) over its
 * count in the place's other blocks (S) — so e_sk is independent of y_sk — and
 *
 *     φ̂_w = Σ [(y − e)² − e − m·r² − m²·R/S² − e²/S] / Σ m(m − 1)·r²,   r² = R(R − 1)/S²,
 *
 * where the terms subtracted from (y − e)² are the Poisson variance of y and of e (through m, R and
 * S), and m(m − 1), R(R − 1) make the denominator unbiased for the squared expectation under
 * Poisson counts. Why left out (2026-12-07): the engine used e = N_s·T_k/N, with y itself in N_s
 * and T_k; at small counts a place's few busy blocks then raise its own e and e² together, and φ̂
 * came out low: 0.5–0.6 for φ = 1 on sparse toy data (means 0.003–0.2 a week), 0.6–0.85 for the
 * busy categories of the evaluation's background with φ = 1 (true: 1), which let chance bursts of
 * over-dispersed data through; left out: 0.75–1.0 and 0.8–1.0 (docs/evaluation.md, "The dispersion
 * estimate without the block's own count").
 * A pretest keeps φ̂ only when it exceeds twice its standard error under Poisson counts
 * (Var[(y − e)²] ≈ e + 2e²), else 0: on Poisson data the raw estimate of a mid-sized category
 * reached 0.2 by chance and cost recall for nothing (Farrington et al. likewise use φ̂ only
 * when it is above 1). φ is estimated per block length, not once per week and then
 * divided by w, because variation that lasts a few weeks (a street's episode of reports) inflates
 * the long windows more than week-to-week noise does; with week-to-week noise only, φ_w ≈ φ_1 / w.
 *
 * Why it matters: report counts are not Poisson in general (incidents that come in episodes,
 * local campaigns, a neighbour who reports everything). On simulated data with a negative-binomial
 * background (φ_1 = 1: a busy buurt's weekly variance twice its mean) the engine without this
 * estimate listed 0.7–0.8 false lead signals a week against 0.1 on Poisson data
 * (docs/evaluation.md, "Over-dispersed backgrounds").
 *
 * Worked example (tests/unit/analysis/dispersion.test.ts): 40 places with 0.5 … 4 reports a week,
 * 104 weeks: Poisson counts give φ̂_1 = 0 (the pretest), Gamma-mixed counts with φ = 0.3 and 1 give
 * φ̂_1 within 20 % of φ on average over five data sets.
 */

/** The sums behind φ̂_w: its numerator, its denominator and the Poisson variance of the numerator. */
export interface DispersionMoments {
  num: number;
  den: number;
  poissonVar: number;
}

/**
 * The moments of φ̂_w from prefix sums: `prefix` per place (stride nWeeks + 1, prefix[s·stride + t] =
 * Σ of weeks < t), `total` the municipality's prefix. Blocks of w weeks end at `to` and go back
 * while they start at or after `from`. Zeros with fewer than 4 blocks or no reports.
 */
export function dispersionMoments(prefix: Float64Array, total: Float64Array, nPlaces: number, from: number, to: number, w: number): DispersionMoments {
  if (!Number.isInteger(w) || w < 1) throw new RangeError(`block length must be a positive integer, got ${w}`);
  const out = { num: 0, den: 0, poissonVar: 0 };
  const K = Math.floor((to - from + 1) / w);
  if (K < 4) return out;
  const stride = total.length;
  const start = to - K * w + 1;
  const T = new Float64Array(K);
  for (let k = 0; k < K; k++) T[k] = total[start + (k + 1) * w]! - total[start + k * w]!;
  const N = total[to + 1]! - total[start]!;
  if (!(N > 0)) return out;
  for (let s = 0; s < nPlaces; s++) {
    const o = s * stride;
    const Ns = prefix[o + to + 1]! - prefix[o + start]!;
    if (Ns === 0) continue;
    for (let k = 0; k < K; k++) {
      const y = prefix[o + start + (k + 1) * w]! - prefix[o + start + k * w]!;
      const m = Ns - y;
      const R = T[k]! - y;
      const S = N - T[k]! - m;
      if (!(S > 0)) continue;
      const e = (m * R) / S;
      const r2 = (R * (R - 1)) / (S * S);
      out.num += (y - e) * (y - e) - e - m * r2 - (m * m * R) / (S * S) - (e * e) / S;
      out.den += m * (m - 1) * r2;
      out.poissonVar += e + 2 * e * e;
    }
  }
  return out;
}

/** φ̂ of the moments after the pretest: the estimate when it exceeds PRETEST_Z standard errors
 *  under Poisson counts, else 0. */
export function pretestedPhi(m: DispersionMoments): number {
  if (!(m.den > 0)) return 0;
  const phi = m.num / m.den;
  return phi > PRETEST_Z * (Math.sqrt(m.poissonVar) / m.den) ? phi : 0;
}

/** One-sided z of the pretest (about 2 % of Poisson data sets would pass it by chance if φ̂ were
 *  normal; not measured beyond the checks in dispersion.test.ts and the evaluation's null runs). */
export const PRETEST_Z = 2;

/**
 * φ for blocks of w weeks per series (categories), as the tests use it:
 * - the larger of the series' own estimate and the pooled estimate of all the series passed (their
 *   moments summed), each after its pretest. A sparse category's counts cannot show
 *   over-dispersion in their variance (φ·e² is tiny next to e), yet its tail is where the tests
 *   look (with φ = 1 and e = 0.03 a week, 3 reports are 5 times likelier than Poisson says), and
 *   its own estimate, where it passes the pretest, is still biased low (0.3–0.6 for φ = 1 on the
 *   evaluation's background); reporting behaviour is shared across categories, and one category's
 *   estimate from its own 104 weeks is noisy, so none goes below the pooled one. Before
 *   2026-12-07 the pooled estimate stood in only where the own one failed its pretest; taking the
 *   larger cut false lead signals on over-dispersed backgrounds by a third where the variation
 *   lasts weeks (docs/evaluation.md), at no cost on Poisson data (the pooled estimate is then 0)
 *   and for a tenth of the floor plants found at φ = 1. Where a category truly varies less than
 *   the others, its tests are the more conservative for it;
 * - at least the weekly φ divided by w (what week-to-week noise alone gives a w-week sum; episodes
 *   only add to it): the block estimates have fewer blocks and fail the pretest more often.
 */
export function seriesDispersion(prefixes: Float64Array[], totals: Float64Array[], nPlaces: number, from: number, to: number, w: number): Float64Array {
  const at = (width: number): Float64Array => {
    const moments = prefixes.map((p, c) => dispersionMoments(p, totals[c]!, nPlaces, from, to, width));
    const pooled = moments.reduce((a, m) => ({ num: a.num + m.num, den: a.den + m.den, poissonVar: a.poissonVar + m.poissonVar }), { num: 0, den: 0, poissonVar: 0 });
    const shared = pretestedPhi(pooled);
    return Float64Array.from(moments, (m) => Math.max(pretestedPhi(m), shared));
  };
  const block = at(w);
  if (w === 1) return block;
  const weekly = at(1);
  return block.map((f, c) => Math.max(f, weekly[c]! / w));
}

/**
 * The beta-binomial's weight a + b that carries extra variance `extra` on top of its own: the
 * window test predicts y | n ~ BetaBinomial(n, a, b) (predictiveTest.ts), variance
 * n·π(1 − π)·(c + n)/(c + 1) with π = a/(a + b), c = a + b. Over-dispersed counts add
 * Σ_places φ_w · m_s² (m_s the place's expected window count, places independent); keeping π and
 * solving the variance for c gives c' = (n − r)/(r − 1), r the new variance over n·π(1 − π).
 * Returns c' (≤ c; c itself when extra is 0; at least 1e-3 when the extra variance is larger than
 * any beta-binomial with this n can carry, where the p-value then is about π).
 */
export function dispersedWeight(n: number, a: number, b: number, extra: number): number {
  const c = a + b;
  if (!(extra > 0) || n <= 1) return c;
  const pi = a / c;
  const r = (c + n) / (c + 1) + extra / (n * pi * (1 - pi));
  if (r >= n) return 1e-3;
  return Math.max(1e-3, Math.min(c, (n - r) / (r - 1)));
}
