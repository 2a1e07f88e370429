import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalSurvival, twoSidedP } from '../../../server/analysis/normal.ts';

/** |actual − expected| ≤ tol·|expected|: tail probabilities must be right in relative terms. */
function expectRelative(actual: number, expected: number, tol = 1e-12) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

// 40-digit values from mpmath.ncdf.
const REFERENCE: [number, number][] = [
  [-30, 4.9067139271481871e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.6198530241605261e-24],
  [-8.5, 9.4795348222033184e-18],
  [-5, 2.8665157187919391e-7],
  [-3, 0.0013498980316300945],
  [-2.5, 0.0062096653257761352],
  [-1.5, 0.066807201268858066],
  [-0.7, 0.24196365222307303],
  [-0.1, 0.46017216272297102],
  [0.3, 0.61791142218895263],
  [1.2, 0.88493032977829172],
  [2.9, 0.99813418669961596],
  [4.4, 0.9999945874560923],
];

describe('normalCdf', () => {
  it('reproduces the known quantiles', () => {
    expectRelative(normalCdf(1.959963984540054), 0.975, 1e-14);
    expectRelative(normalCdf(-5), 2.866515718791939e-7);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('is accurate to 1e-12 relative over the whole range including far tails', () => {
    for (const [x, expected] of REFERENCE) expectRelative(normalCdf(x), expected);
  });

  it('is symmetric and monotone', () => {
    for (const x of [0.01, 0.5, 1.3, 2, 2.01, 3.7, 6]) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
      expect(normalCdf(x + 1e-3)).toBeGreaterThan(normalCdf(x));
    }
    // Continuity at the switch between the series and the continued fraction (z = 2, x = 2√2).
    const x = 2 * Math.SQRT2;
    expectRelative(normalCdf(-x + 1e-12), normalCdf(-x - 1e-12), 1e-10);
  });

  it('handles infinities, underflow and NaN', () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(-38)).toBeGreaterThan(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it('normalSurvival is the upper tail without cancellation', () => {
    expectRelative(normalSurvival(10), 7.6198530241605261e-24);
    expectRelative(normalSurvival(-1.2), 0.88493032977829172);
  });
});

describe('erf and erfc', () => {
  it('match reference values', () => {
    expectRelative(erf(0.5), 0.52049987781304654);
    expectRelative(erf(1.9), 0.99279042923525747);
    expectRelative(erfc(3.5), 7.4309837234141275e-7);
    expectRelative(erfc(-1), 1.8427007929497149);
    expectRelative(erf(-0.5), -0.52049987781304654);
    expect(erf(0)).toBe(0);
    expect(erfc(0)).toBe(1);
  });
});

describe('twoSidedP', () => {
  it('gives 2·(1 − Φ(|z|))', () => {
    expectRelative(twoSidedP(1.959963984540054), 0.05, 1e-13);
    expectRelative(twoSidedP(-1.959963984540054), 0.05, 1e-13);
    expectRelative(twoSidedP(2.575829303548901), 0.01, 1e-13);
    expectRelative(twoSidedP(6), 1.9731752900753963e-9);
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(Infinity)).toBe(0);
    expect(twoSidedP(Number.NaN)).toBeNaN();
  });
});
