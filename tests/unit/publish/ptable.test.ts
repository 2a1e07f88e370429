import { describe, expect, it } from 'vitest';
import { createPTable, EXAMPLE_PTABLE, noise, perturb, rowMoments } from '../../../server/publish/ptable.ts';

describe('p-table lookup (methods.md §8 reference values)', () => {
  it('gives the reference values of the example table', () => {
    expect(perturb(EXAMPLE_PTABLE, 7, 0.97)).toBe(9);
    expect(perturb(EXAMPLE_PTABLE, 7, 0.1)).toBe(6);
    expect(perturb(EXAMPLE_PTABLE, 7, 0.5)).toBe(7);
    expect(perturb(EXAMPLE_PTABLE, 1, 0.5)).toBe(0);
    expect(perturb(EXAMPLE_PTABLE, 1, 0.9)).toBe(3);
  });

  it('keeps zero at zero and uses the last row for every larger count', () => {
    for (const ck of [0, 0.3, 0.999999]) expect(perturb(EXAMPLE_PTABLE, 0, ck)).toBe(0);
    expect(noise(EXAMPLE_PTABLE, 1000, 0.97)).toBe(2);
    expect(noise(EXAMPLE_PTABLE, 3, 0.04)).toBe(-2);
  });

  it('takes a bound itself as the start of the next value (b_{j-1} <= ck < b_j)', () => {
    expect(noise(EXAMPLE_PTABLE, 7, 0.05)).toBe(-1);
    expect(noise(EXAMPLE_PTABLE, 7, 0.25)).toBe(0);
    expect(noise(EXAMPLE_PTABLE, 7, 0.95)).toBe(2);
  });
});

describe('createPTable (maximum entropy, as ptable::create_cnt_ptable)', () => {
  const cases = [[2, 0.8, 2], [2, 1, 2], [3, 2, 2], [4, 3, 2], [3, 1.5, 0]] as const;
  it.each(cases)('D=%d V=%d js=%d: unbiased, bounded, no blocked values, variance V where reachable', (D, V, js) => {
    const t = createPTable(D, V, js);
    expect(t.rows.length).toBe(js + D + 1);
    for (let n = 1; n <= js + D + 5; n++) {
      const row = t.rows[Math.min(n, t.rows.length) - 1]!;
      expect(row.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(row.bounds.at(-1)).toBe(1);
      for (const v of row.values) {
        expect(Math.abs(v)).toBeLessThanOrEqual(D);
        const published = n + v;
        expect(published).toBeGreaterThanOrEqual(0);
        expect(published === 0 || published > js).toBe(true);
      }
      const m = rowMoments(t, n);
      expect(m.mean).toBeCloseTo(n, 9);
      if (n >= js + D + 1) expect(m.variance).toBeCloseTo(V, 9);
    }
  });

  it('matches the forced rows of the example table (n = 1, 2 have one mean-preserving choice)', () => {
    const t = createPTable(2, 0.8, 2);
    expect(t.rows[0]!.values).toEqual([-1, 2]);
    expect(t.rows[0]!.probabilities[0]).toBeCloseTo(2 / 3, 9);
    expect(t.rows[1]!.values).toEqual([-2, 1]);
    expect(t.rows[1]!.probabilities[0]).toBeCloseTo(1 / 3, 9);
  });

  it('is symmetric once no boundary is within reach', () => {
    const row = createPTable(3, 2, 2).rows.at(-1)!;
    expect(row.values).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    for (let i = 0; i < 3; i++) expect(row.probabilities[i]).toBeCloseTo(row.probabilities[6 - i]!, 9);
  });

  it('refuses parameters that make no table', () => {
    expect(() => createPTable(0, 1)).toThrow(RangeError);
    expect(() => createPTable(2, 5)).toThrow(RangeError);
    expect(() => createPTable(2, 1, -1)).toThrow(RangeError);
  });
});
