import { describe, expect, it } from 'vitest';
import { mannKendall, type MannKendallTrend } from '../../../server/analysis/mannKendall.ts';

function defined(series: number[]): MannKendallTrend {
  const result = mannKendall(series);
  if (!result.defined) throw new Error('expected a defined result');
  return result;
}

describe('mannKendall reference series (methods.md §2)', () => {
  it('[0.5, 1.2, 0.8, 1.9, 2.4, 2.2, 3.1, 3.0]', () => {
    const r = defined([0.5, 1.2, 0.8, 1.9, 2.4, 2.2, 3.1, 3.0]);
    expect(r.s).toBe(22);
    expect(r.variance).toBeCloseTo(65.3333333, 6);
    expect(r.z).toBeCloseTo(2.598076, 6);
    expect(r.p).toBeCloseTo(0.009375, 6);
    expect(r.tau).toBeCloseTo(22 / 28, 12);
    expect(r.n).toBe(8);
  });

  it('[1, 2, 3, 4, 5]', () => {
    const r = defined([1, 2, 3, 4, 5]);
    expect(r.s).toBe(10);
    expect(r.variance).toBeCloseTo(50 / 3, 12);
    expect(r.z).toBeCloseTo(2.204541, 6);
    expect(r.p).toBeCloseTo(0.027486, 6);
    expect(r.tau).toBe(1);
  });

  it('with ties: [2.1, 2.1, 2.5, 1.9, 2.6, 3.3, 3.3, 2.9, 3.8, 4.0]', () => {
    const r = defined([2.1, 2.1, 2.5, 1.9, 2.6, 3.3, 3.3, 2.9, 3.8, 4.0]);
    expect(r.s).toBe(33);
    expect(r.variance).toBeCloseTo(123, 10);
    expect(r.z).toBeCloseTo(2.885343, 6);
    expect(r.p).toBeCloseTo(0.00391, 6);
    expect(r.tau).toBeCloseTo(33 / 45, 12);
  });
});

describe('mannKendall sign and edge cases', () => {
  it('is antisymmetric for a decreasing series', () => {
    const r = defined([5, 4, 3, 2, 1]);
    expect(r.s).toBe(-10);
    expect(r.z).toBeCloseTo(-2.204541, 6);
    expect(r.p).toBeCloseTo(0.027486, 6);
    expect(r.tau).toBe(-1);
  });

  it('gives z = 0 and p = 1 when S = 0', () => {
    const r = defined([1, 3, 2, 2, 3, 1]);
    expect(r.s).toBe(0);
    expect(r.z).toBe(0);
    expect(r.p).toBe(1);
  });

  it('handles a constant series (variance 0) without NaN', () => {
    const r = defined([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r).toEqual({ defined: true, n: 10, s: 0, variance: 0, z: 0, p: 1, tau: 0 });
  });

  it('is undefined for n < 3', () => {
    expect(mannKendall([])).toEqual({ defined: false, n: 0, reason: 'too_few_values' });
    expect(mannKendall([1, 2])).toEqual({ defined: false, n: 2, reason: 'too_few_values' });
    expect(defined([1, 2, 3]).s).toBe(3);
  });

  it('accepts typed arrays and rejects non-finite values', () => {
    expect(defined(Array.from(Float64Array.of(1, 2, 3, 4, 5))).s).toBe(10);
    expect(mannKendall(Float64Array.of(1, 2, 3, 4, 5)).defined).toBe(true);
    expect(() => mannKendall([1, Number.NaN, 3])).toThrow(RangeError);
    expect(() => mannKendall([1, 2, Infinity])).toThrow(RangeError);
  });
});
