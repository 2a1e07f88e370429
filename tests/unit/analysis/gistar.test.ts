import { describe, expect, it } from 'vitest';
import { randomLcg, randomUniform } from 'd3-random';
import { getisOrd } from '../../../server/analysis/gistar.ts';
import { twoSidedP } from '../../../server/analysis/normal.ts';
import { distanceBand } from '../../../server/analysis/weights.ts';

// PySAL esda fixture (methods.md §1).
const POINTS: [number, number][] = [
  [10, 10],
  [20, 10],
  [40, 10],
  [15, 20],
  [30, 20],
  [30, 30],
];
const Y = [2, 3, 3.2, 5, 8, 7];
const GI = [-1.0136729, -0.0436159, 1.315587, -0.3141268, 1.1537399, 1.7783394];
const GI_STAR = [-1.3972763, -0.2891776, 0.6506496, -0.2891776, 1.2345209, 2.0242433];

function expectAllClose(actual: ArrayLike<number>, expected: number[], tol: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol);
}

/** The formulas of methods.md §1 written out literally, as an independent check. */
function literalGetisOrd(x: number[], nb: number[][], includeSelf: boolean): number[] {
  const n = x.length;
  const sum = x.reduce((a, b) => a + b, 0);
  const sumSq = x.reduce((a, b) => a + b * b, 0);
  return x.map((xi, i) => {
    const members = includeSelf ? [i, ...nb[i]] : nb[i];
    const w = members.length;
    const local = members.reduce((a, j) => a + x[j], 0);
    if (includeSelf) {
      const mean = sum / n;
      const s = Math.sqrt(sumSq / n - mean * mean);
      return (local - mean * w) / (s * Math.sqrt((n * w - w * w) / (n - 1)));
    }
    const mean = (sum - xi) / (n - 1);
    const s2 = (sumSq - xi * xi) / (n - 1) - mean * mean;
    return (local - w * mean) / Math.sqrt((s2 * ((n - 1) * w - w * w)) / (n - 2));
  });
}

describe('getisOrd on the esda fixture', () => {
  const neighbours = distanceBand(POINTS, 15);

  it('uses the neighbours listed in methods.md', () => {
    expect(neighbours).toEqual([[1, 3], [0, 3, 4], [4], [0, 1, 4], [1, 2, 3, 5], [4]]);
  });

  it('reproduces Gi* z-scores', () => {
    const result = getisOrd(Y, neighbours);
    expectAllClose(result.z, GI_STAR, 1e-7);
    expect(result.noVariation).toBe(false);
    expect(result.tooFewFeatures).toBe(false);
    for (let i = 0; i < Y.length; i++) expect(result.p[i]).toBeCloseTo(twoSidedP(GI_STAR[i]), 7);
    expect(result.p[5]).toBeCloseTo(0.0429451, 7);
  });

  it('reproduces Gi (self excluded) z-scores', () => {
    const result = getisOrd(Y, neighbours, { includeSelf: false });
    expectAllClose(result.z, GI, 1e-7);
    expect(result.p[2]).toBeCloseTo(twoSidedP(1.315587), 6);
  });

  it('accepts typed arrays', () => {
    expectAllClose(getisOrd(Float64Array.from(Y), neighbours).z, GI_STAR, 1e-7);
  });
});

describe('getisOrd agrees with the literal formulas', () => {
  it('on random data with random symmetric neighbours, Gi* and Gi', () => {
    const uniform = randomUniform.source(randomLcg(42))(0, 50);
    const n = 40;
    const x = Array.from({ length: n }, () => Math.round(uniform()));
    const sets = Array.from({ length: n }, () => new Set<number>());
    for (let i = 0; i < n; i++) {
      sets[i].add((i + 1) % n);
      sets[(i + 1) % n].add(i);
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (uniform() < 5) {
          sets[i].add(j);
          sets[j].add(i);
        }
      }
    }
    const nb = sets.map((s) => [...s].sort((a, b) => a - b));
    expect(nb.some((row) => row.length > 4)).toBe(true);
    expectAllClose(getisOrd(x, nb).z, literalGetisOrd(x, nb, true), 1e-10);
    expectAllClose(getisOrd(x, nb, { includeSelf: false }).z, literalGetisOrd(x, nb, false), 1e-10);
  });

  it('is not disturbed by a large offset (no Σx² − n·x̄² cancellation)', () => {
    const nb = distanceBand(POINTS, 15);
    expectAllClose(getisOrd(Y.map((v) => v + 1e9), nb).z, GI_STAR, 1e-6);
    expectAllClose(getisOrd(Y.map((v) => v + 1e9), nb, { includeSelf: false }).z, GI, 1e-6);
  });
});

describe('getisOrd degenerate cases', () => {
  it('reports no variation for constant values (all zero counts), never NaN', () => {
    const nb = distanceBand(POINTS, 15);
    for (const includeSelf of [true, false]) {
      const result = getisOrd([0, 0, 0, 0, 0, 0], nb, { includeSelf });
      expect(result.noVariation).toBe(true);
      expect(Array.from(result.z)).toEqual([0, 0, 0, 0, 0, 0]);
      expect(Array.from(result.p)).toEqual([1, 1, 1, 1, 1, 1]);
    }
    expect(getisOrd([0.1, 0.1, 0.1], [[1], [0, 2], [1]]).noVariation).toBe(true);
  });

  it('reports too few features for n < 3', () => {
    for (const values of [[], [4], [1, 9]]) {
      const nb = values.map((_, i) => (values.length === 2 ? [1 - i] : []));
      const result = getisOrd(values, nb);
      expect(result.tooFewFeatures).toBe(true);
      expect(Array.from(result.z)).toEqual(values.map(() => 0));
      expect(Array.from(result.p)).toEqual(values.map(() => 1));
    }
  });

  it('gives Gi* of an island its own standard score and Gi of an island 0', () => {
    const x = [1, 2, 3, 10];
    const nb = [[1], [0, 2], [1], []];
    const mean = 4;
    const sd = Math.sqrt((9 + 4 + 1 + 36) / 4);
    expect(getisOrd(x, nb).z[3]).toBeCloseTo((10 - mean) / sd, 12);
    const gi = getisOrd(x, nb, { includeSelf: false });
    expect(gi.z[3]).toBe(0);
    expect(gi.p[3]).toBe(1);
  });

  it('gives 0 when the neighbourhood is the whole study area', () => {
    const x = [1, 5, 2, 8];
    const all = [[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]];
    const star = getisOrd(x, all);
    const gi = getisOrd(x, all, { includeSelf: false });
    expect(Array.from(star.z)).toEqual([0, 0, 0, 0]);
    expect(Array.from(gi.z)).toEqual([0, 0, 0, 0]);
  });

  it('gives Gi = 0 when all other features share one value', () => {
    const gi = getisOrd([5, 5, 5, 100], [[1, 3], [0, 2], [1, 3], [0, 2]], { includeSelf: false });
    expect(gi.z[3]).toBe(0);
    expect(gi.p[3]).toBe(1);
    expect(Number.isFinite(gi.z[0]) && gi.z[0] !== 0).toBe(true);
  });

  it('rejects bad input', () => {
    expect(() => getisOrd([1, 2, 3], [[1], [0]])).toThrow(RangeError);
    expect(() => getisOrd([1, 2, 3], [[5], [0], [1]])).toThrow(RangeError);
    expect(() => getisOrd([1, Number.NaN, 3], [[1], [0], [1]])).toThrow(RangeError);
  });
});
