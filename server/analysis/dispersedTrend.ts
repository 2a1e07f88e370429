/**
 * The rising test of trendTest.ts on over-dispersed counts: the exact conditional tail of the
 * trend score S = Σ b·y_b when each block's count is negative binomial, not Poisson
 * (methods.md §9.1, "Dispersion").
 *
 * Model: blocks b = 0 … T−1 independent, y_b ~ NegBin(mean e_b, variance e_b + φ_b·e_b²) (a
 * Poisson count whose mean carries a Gamma effect of variance φ_b; φ_b = 0: Poisson), with
 * e_b = Y·q_b the expected count of the block given the total Y (q the expected profile, as in
 * trendTest.ts; the total's own level plugged in, as the quasi-likelihood scaling it replaces).
 * p = P(S ≥ s | Σ y_b = Y), exactly: a dynamic programme over the span's blocks b = 1 … T−1 with
 * state (their total k, their score), closed by block 0 (score 0) with y_0 = Y − k. For φ = 0 it is
 * the multinomial test of trendTest.ts (the Poisson counts' conditional distribution).
 *
 * Why not the variance scaling alone (the engine before v9: the score's excess shrunk by √D, D the
 * score's variance inflation, and the Poisson tail read there, as Farrington et al. 1996 scale
 * their threshold by φ): at small expected counts a Gamma-mixed count's tail is far heavier than
 * its variance says. With e = 0.3 and φ = 0.7 the variance grows by a fifth, but P(y ≥ 5) is 23
 * times Poisson's; the early-signal tests live in such tails (a sparse category, a few reports in
 * a block). On the evaluation's over-dispersed null data (docs/evaluation.md) the trend tests then
 * made most of the false lead signals.
 *
 * Cost: (T − 1)·Y³/6 steps or so; used up to DISPERSED_EXACT_MAX_TOTAL (above, the counts are
 * larger, the tails closer to their variance, and the scaled tail stands in).
 *
 * Reference: R, by enumerating every count vector with total Y (`dnbinom(y, size = 1/φ, mu = e)`),
 * fixtures in tests/unit/analysis/dispersedTrend.test.ts.
 */
import { logFactorial } from './poisson.ts';
import { logGamma } from './predictiveTest.ts';
import { normalise } from './trendTest.ts';

export const DISPERSED_EXACT_MAX_TOTAL = 80;

/** ln P(y) of a negative binomial with mean e and variance e + φ·e² (Poisson for φ = 0). */
export function logNegBinom(y: number, e: number, phi: number): number {
  if (e === 0) return y === 0 ? 0 : -Infinity;
  const logFactY = logFactorial(y);
  if (!(phi > 0)) return y * Math.log(e) - e - logFactY;
  const r = 1 / phi;
  return logGamma(y + r) - logGamma(r) - logFactY + r * Math.log(r / (r + e)) + y * Math.log(e / (r + e));
}

/**
 * P(S ≥ s | Y) for S = Σ b·y_b, independent negative-binomial blocks with means Y·q_b (q ∝
 * `expected`) and extra-Poisson variation `phi[b]`. Y ≤ DISPERSED_EXACT_MAX_TOTAL.
 */
export function dispersedTrendUpperTail(s: number, total: number, expected: ArrayLike<number>, phi: ArrayLike<number>): number {
  const T = expected.length;
  if (T < 2 || phi.length !== T) throw new RangeError(`need ≥ 2 blocks and a φ per block (${T}, ${phi.length})`);
  if (!Number.isInteger(total) || total < 0 || total > DISPERSED_EXACT_MAX_TOTAL) throw new RangeError(`total must be an integer 0 … ${DISPERSED_EXACT_MAX_TOTAL}, got ${total}`);
  for (let b = 0; b < T; b++) if (!(phi[b]! >= 0) || !Number.isFinite(phi[b]!)) throw new RangeError(`φ ${b} must be finite and ≥ 0`);
  const q = normalise(expected);
  if (s <= 0 || total === 0) return 1;
  const Y = total;
  const width = Y * (T - 1) + 1;
  // pmf of block b's count, 0 … Y.
  const pmf = (b: number): Float64Array => {
    const e = Y * q[b]!;
    return Float64Array.from({ length: Y + 1 }, (_, y) => Math.exp(logNegBinom(y, e, phi[b]!)));
  };
  // F[k·width + t]: probability that blocks 1 … b hold k counts with score t.
  let F = new Float64Array((Y + 1) * width);
  let G = new Float64Array((Y + 1) * width);
  F[0] = 1;
  for (let b = 1; b < T; b++) {
    const p = pmf(b);
    G.fill(0);
    for (let k = 0; k <= Y; k++) {
      const maxScore = k * (b - 1);
      for (let t = 0; t <= maxScore; t++) {
        const v = F[k * width + t]!;
        if (v === 0) continue;
        for (let y = 0; k + y <= Y; y++) G[(k + y) * width + t + b * y]! += v * p[y]!;
      }
    }
    [F, G] = [G, F];
  }
  const p0 = pmf(0);
  let num = 0;
  let den = 0;
  for (let k = 0; k <= Y; k++) {
    const close = p0[Y - k]!;
    if (close === 0) continue;
    for (let t = 0; t <= k * (T - 1); t++) {
      const v = F[k * width + t]! * close;
      den += v;
      if (t >= s) num += v;
    }
  }
  return den > 0 ? Math.min(1, num / den) : 1;
}
