/**
 * The trend test's negative-binomial tail (server/analysis/dispersedTrend.ts) against R, against
 * the Poisson test it extends, and the heavy tail it is for.
 */
import { describe, expect, it } from 'vitest';
import { DISPERSED_EXACT_MAX_TOTAL, dispersedTrendUpperTail, logNegBinom } from '../../../server/analysis/dispersedTrend.ts';
import { trendUpperTail } from '../../../server/analysis/trendTest.ts';

// R 4.2 (`dnbinom(y, size = 1/φ, mu = e)`, `dpois` for φ = 0), every count vector with the total
// enumerated: sum of the probabilities with S ≥ s over the sum of all.
const R = [
  { s: 9, total: 6, expected: [10, 1, 1, 1], phi: [0.05, 0.7, 0.7, 0.7], p: 0.0308887703066129 },
  { s: 12, total: 7, expected: [20, 2, 2, 3, 3], phi: [0.02, 1, 1, 1, 1], p: 0.115934784139997 },
  { s: 5, total: 5, expected: [8, 1, 1, 1, 1], phi: [0, 0, 0, 0, 0], p: 0.405189043209877 },
  { s: 14, total: 8, expected: [30, 1, 1, 1, 1], phi: [0.01, 0.3, 0.3, 0.3, 0.3], p: 0.00140994268251531 },
  { s: 3, total: 4, expected: [5, 1, 2, 1], phi: [0.2, 2, 2, 2], p: 0.545773360240843 },
];

describe('dispersedTrendUpperTail: P(S ≥ s | Y) with negative-binomial blocks', () => {
  for (const c of R) {
    it(`matches R's enumeration: s = ${c.s}, Y = ${c.total}, φ = ${c.phi.join('/')} → ${c.p}`, () => {
      expect(dispersedTrendUpperTail(c.s, c.total, c.expected, c.phi) / c.p).toBeCloseTo(1, 10);
    });
  }

  it('is the multinomial (Poisson) trend test when φ = 0', () => {
    const expected = [52, 4, 4, 5, 4, 6, 5, 4, 4, 5, 6, 5, 4, 5];
    for (const [s, total] of [[40, 12], [90, 20], [150, 25]] as const) {
      const poisson = trendUpperTail(s, total, expected);
      expect(dispersedTrendUpperTail(s, total, expected, new Float64Array(expected.length)) / poisson).toBeCloseTo(1, 9);
    }
  });

  it('gives the deep tail the weight a Gamma-mixed count has (far more than its variance says)', () => {
    // One count with e = 0.3, φ = 0.7: variance 0.363 against 0.3, yet P(y ≥ 5) 23 × Poisson's.
    const tail = (phi: number) => 1 - [0, 1, 2, 3, 4].reduce((a, y) => a + Math.exp(logNegBinom(y, 0.3, phi)), 0);
    expect(tail(0.7) / tail(0)).toBeGreaterThan(20);
    expect(tail(0.7) / tail(0)).toBeLessThan(26);
    // In the trend test: a sparse place (baseline 3 reports in 104 weeks, 13 two-week blocks with a
    // flat expectation) with 7 reports in its last three blocks.
    const expected = [52, ...Array<number>(13).fill(1)];
    const blocks = [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 3];
    const total = blocks.reduce((a, v) => a + v, 0);
    const s = blocks.reduce((a, v, b) => a + b * v, 0);
    const poisson = trendUpperTail(s, total, expected);
    const phi = [0.7 * (2 / 104), ...Array<number>(13).fill(0.7)];
    const dispersed = dispersedTrendUpperTail(s, total, expected, phi);
    // Poisson 3.4e-7, negative binomial 2.9e-6.
    expect(poisson).toBeLessThan(1e-6);
    expect(dispersed).toBeGreaterThan(5 * poisson);
  });

  it('rejects what it cannot compute', () => {
    expect(() => dispersedTrendUpperTail(3, DISPERSED_EXACT_MAX_TOTAL + 1, [1, 1], [0, 0])).toThrow(RangeError);
    expect(() => dispersedTrendUpperTail(3, 4, [1, 1], [0])).toThrow(RangeError);
    expect(() => dispersedTrendUpperTail(3, 4, [0, 0], [0, 0])).toThrow(RangeError);
    expect(() => dispersedTrendUpperTail(3, 4, [1, 1], [-1, 0])).toThrow(RangeError);
    expect(dispersedTrendUpperTail(0, 4, [1, 1], [0, 0])).toBe(1);
  });
});
