import { describe, expect, it } from 'vitest';
import { randomLcg, randomUniform } from 'd3-random';
import { benjaminiHochberg, confidenceBin, confidenceBins, fdrBins } from '../../../server/analysis/fdr.ts';

describe('confidenceBin', () => {
  it('bins as ArcGIS: ±3/±2/±1 for p ≤ .01/.05/.10', () => {
    expect(confidenceBin(2.5, 0.01)).toBe(3);
    expect(confidenceBin(-3.1, 0.002)).toBe(-3);
    expect(confidenceBin(-2, 0.05)).toBe(-2);
    expect(confidenceBin(2, 0.0100001)).toBe(2);
    expect(confidenceBin(1.7, 0.1)).toBe(1);
    expect(confidenceBin(-1.7, 0.09)).toBe(-1);
    expect(confidenceBin(1, 0.1000001)).toBe(0);
    expect(confidenceBin(0, 0.001)).toBe(0);
    expect(confidenceBin(Number.NaN, 0.001)).toBe(0);
    expect(confidenceBin(2, Number.NaN)).toBe(0);
  });

  it('confidenceBins applies it element-wise', () => {
    expect(Array.from(confidenceBins([2.5, -2, 1.2], [0.005, 0.04, 0.3]))).toEqual([3, -2, 0]);
  });
});

describe('benjaminiHochberg', () => {
  it('matches a hand-computed example with ties', () => {
    // sorted: .001 .01 .03 .04 .04 .20 → p·n/k: .006 .03 .06 .06 .048 .20 → running minimum from the top.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.04, 0.2, 0.001]);
    const expected = [0.03, 0.048, 0.048, 0.048, 0.2, 0.006];
    for (let i = 0; i < expected.length; i++) expect(q[i]).toBeCloseTo(expected[i], 12);
    expect(q[1]).toBe(q[3]);
  });

  it('is monotone in p, never below p and capped at 1', () => {
    const uniform = randomUniform.source(randomLcg(7))();
    const p = Array.from({ length: 500 }, () => uniform() ** 3);
    const q = benjaminiHochberg(p);
    const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
    for (let k = 1; k < order.length; k++) expect(q[order[k]]).toBeGreaterThanOrEqual(q[order[k - 1]]);
    for (let i = 0; i < p.length; i++) {
      expect(q[i]).toBeGreaterThanOrEqual(p[i]);
      expect(q[i]).toBeLessThanOrEqual(1);
    }
    expect(Array.from(benjaminiHochberg([0.6, 0.7]))).toEqual([0.7, 0.7]);
    expect(Array.from(benjaminiHochberg([1, 1, 1]))).toEqual([1, 1, 1]);
  });

  it('equals the ArcGIS per-level procedure (k* = max{k : p_(k) ≤ k/n·α})', () => {
    const uniform = randomUniform.source(randomLcg(3))();
    for (let trial = 0; trial < 20; trial++) {
      const n = 50 + trial * 10;
      // A mix of signal and noise, with deliberate ties.
      const p = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0.004 : uniform() ** (trial % 2 ? 4 : 1.5)));
      const q = benjaminiHochberg(p);
      const sorted = [...p].sort((a, b) => a - b);
      for (const alpha of [0.1, 0.05, 0.01]) {
        let kStar = 0;
        for (let k = 1; k <= n; k++) if (sorted[k - 1] <= (k / n) * alpha) kStar = k;
        const cutoff = kStar > 0 ? sorted[kStar - 1] : -1;
        for (let i = 0; i < n; i++) expect(q[i] <= alpha).toBe(p[i] <= cutoff);
      }
    }
  });

  it('treats a missing p-value as 1 and handles empty input', () => {
    const q = benjaminiHochberg([Number.NaN, 0.01]);
    expect(q[0]).toBe(1);
    expect(q[1]).toBeCloseTo(0.02, 15);
    expect(benjaminiHochberg([]).length).toBe(0);
  });
});

describe('fdrBins', () => {
  it('bins by sign(z) and the BH q-value', () => {
    const bins = fdrBins([2.5, 2.0, -2.1, 2.05, 1.3, -3.3], [0.01, 0.04, 0.03, 0.04, 0.2, 0.001]);
    expect(Array.from(bins)).toEqual([2, 2, -2, 2, 0, -3]);
  });

  it('is stricter than uncorrected bins', () => {
    const z = [3, 2.2, 1.8, -2.6, 1.7];
    const p = [0.0027, 0.028, 0.072, 0.0093, 0.089];
    expect(Array.from(confidenceBins(z, p))).toEqual([3, 2, 1, -3, 1]);
    // q = .0135 .0467 .089 .0233 .089
    expect(Array.from(fdrBins(z, p))).toEqual([2, 2, 1, -2, 1]);
  });

  it('rejects arrays of different length', () => {
    expect(() => fdrBins([1, 2], [0.1])).toThrow(RangeError);
  });
});
