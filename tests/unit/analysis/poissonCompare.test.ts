import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binomialTwoSided, compareCounts, compareMany, dispersedTwoSided, verdictOf } from '../../../server/analysis/poissonCompare.ts';

// Reference values from R (fixtures/poisson-compare.R): poisson.test(c(a, b), T = c(ta, tb)) and
// p.adjust(p, "BH").
const R = JSON.parse(readFileSync(new URL('./fixtures/poisson-compare.json', import.meta.url), 'utf8')) as {
  poissonTest: { a: number; b: number; ta: number; tb: number; p: number }[];
  bh: { a: number; b: number; p: number; q: number }[];
  dispersed: { a: number; b: number; ta: number; tb: number; phi: number; p: number }[];
};

describe('compareCounts: exact conditional Poisson comparison (R poisson.test)', () => {
  for (const c of R.poissonTest) {
    it(`poisson.test(c(${c.a}, ${c.b}), T = c(${c.ta}, ${c.tb}))$p.value = ${c.p}`, () => {
      const r = compareCounts(c.a, c.b, c.ta, c.tb);
      expect(Math.abs(r.p - c.p)).toBeLessThanOrEqual(1e-9 * Math.max(c.p, 1e-300) + 1e-15);
    });
  }

  it('gives the rate ratio per unit of exposure, null without a comparison count', () => {
    expect(compareCounts(40, 20).rateRatio).toBe(2);
    expect(compareCounts(7, 1, 4, 5).rateRatio).toBeCloseTo(8.75, 12);
    expect(compareCounts(3, 0).rateRatio).toBeNull();
  });

  it('is symmetric in the order of equal exposures', () => {
    expect(compareCounts(17, 9).p).toBe(compareCounts(9, 17).p);
  });

  it('refuses counts that are not counts', () => {
    expect(() => compareCounts(-1, 3)).toThrow(RangeError);
    expect(() => compareCounts(2.5, 3)).toThrow(RangeError);
    expect(() => compareCounts(2, 3, 0, 1)).toThrow(RangeError);
    expect(() => binomialTwoSided(5, 3, 0.5)).toThrow(RangeError);
  });
});

describe('compareMany: BH-FDR over the categories (R p.adjust)', () => {
  it('q-values equal p.adjust(p, "BH")', () => {
    const out = compareMany(R.bh.map((x) => ({ a: x.a, b: x.b })));
    out.forEach((r, i) => {
      expect(r.p).toBeCloseTo(R.bh[i]!.p, 12);
      expect(r.q).toBeCloseTo(R.bh[i]!.q, 12);
    });
    // 300 vs 150 is a rise; 40 vs 20 (p = 0.013) is not, after the correction (q = 0.054).
    expect(out.map((r) => r.verdict)).toEqual(['chance', 'chance', 'chance', 'chance', 'chance', 'rise', 'chance', 'chance']);
  });

  it('a fall is a fall', () => {
    expect(verdictOf(10, 40, 1, 1, 0.001)).toBe('fall');
    expect(verdictOf(40, 10, 1, 1, 0.001)).toBe('rise');
    expect(verdictOf(40, 10, 1, 1, 0.2)).toBe('chance');
  });
});

describe('compareCounts with dispersion: the quasi-Poisson form (beta-binomial, twice the smaller tail)', () => {
  for (const c of R.dispersed) {
    it(`a = ${c.a}, b = ${c.b}, T = (${c.ta}, ${c.tb}), φ = ${c.phi}: p = ${c.p}`, () => {
      const r = compareCounts(c.a, c.b, c.ta, c.tb, c.phi);
      expect(Math.abs(r.p - c.p)).toBeLessThanOrEqual(1e-9 * c.p + 1e-15);
    });
  }

  it('is the exact Poisson test at φ ≤ 1, and more cautious the larger φ', () => {
    for (const [a, b] of [[40, 20], [10, 3], [300, 150], [0, 12]] as const) {
      expect(compareCounts(a, b, 1, 1, 1).p).toBe(compareCounts(a, b).p);
      expect(compareCounts(a, b, 1, 1, 0.5).p).toBe(compareCounts(a, b).p);
      const ps = [1.2, 1.8, 3, 6].map((phi) => compareCounts(a, b, 1, 1, phi).p);
      for (let i = 1; i < ps.length; i++) expect(ps[i]!).toBeGreaterThanOrEqual(ps[i - 1]!);
      expect(ps[0]!).toBeGreaterThanOrEqual(compareCounts(a, b).p);
    }
  });

  it('never calls a middle outcome unlikely when the total is no larger than φ', () => {
    // A beta-binomial this wide is U-shaped: the "no more likely" rule would give 1 of 2 a tiny p.
    expect(dispersedTwoSided(1, 2, 0.5, 3)).toBe(1);
    expect(dispersedTwoSided(1, 3, 0.5, 4)).toBeGreaterThan(0.5);
  });

  it('refuses a dispersion that is not a number', () => {
    expect(() => compareCounts(3, 4, 1, 1, Infinity)).toThrow(RangeError);
    expect(() => dispersedTwoSided(5, 3, 0.5, 2)).toThrow(RangeError);
  });
});
