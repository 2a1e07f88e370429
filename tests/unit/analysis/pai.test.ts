import { describe, expect, it } from 'vitest';
import { predictiveAccuracyIndex } from '../../../server/analysis/pai.ts';
import * as analysis from '../../../server/analysis/index.ts';

describe('predictiveAccuracyIndex (methods.md §6)', () => {
  // 100 equal cells; scores rank cell i at place i; 40 next-period reports.
  const scores = Array.from({ length: 100 }, (_, i) => 100 - i);
  const next = new Array(100).fill(0);
  next[0] = 10; // inside the top 1 %
  next[3] = 6; // inside the top 5 %
  next[7] = 4; // inside the top 10 %
  next[50] = 20; // outside

  it('is (n/N)/(a/A) at 1, 5 and 10 % of the area', () => {
    const [one, five, ten] = predictiveAccuracyIndex(scores, next);
    expect(one).toEqual({ coverage: 0.01, areaShare: 0.01, hitShare: 0.25, pai: 25, cellsFlagged: 1 });
    expect(five.cellsFlagged).toBe(5);
    expect(five.hitShare).toBeCloseTo(16 / 40, 15);
    expect(five.pai).toBeCloseTo(0.4 / 0.05, 12);
    expect(ten.pai).toBeCloseTo(0.5 / 0.1, 12);
  });

  it('gives 1 for a ranking no better than random', () => {
    const uniform = new Array(100).fill(2);
    for (const r of predictiveAccuracyIndex(scores, uniform)) expect(r.pai).toBeCloseTo(1, 12);
  });

  it('weights by cell area and never exceeds the area budget beyond the first cell', () => {
    const areas = [5, 1, 1, 1, 1, 1, 10, 80];
    const result = predictiveAccuracyIndex([8, 7, 6, 5, 4, 3, 2, 1], [3, 1, 0, 0, 0, 0, 0, 6], areas, [0.01, 0.07, 0.1]);
    // 1 %: the first cell (5 % of the area) is flagged anyway.
    expect(result[0]).toMatchObject({ cellsFlagged: 1, areaShare: 0.05, hitShare: 0.3 });
    expect(result[0].pai).toBeCloseTo(6, 12);
    expect(result[1]).toMatchObject({ cellsFlagged: 3, areaShare: 0.07 });
    expect(result[1].pai).toBeCloseTo(0.4 / 0.07, 12);
    expect(result[2].cellsFlagged).toBe(6);
  });

  it('breaks score ties by index and reports null without next-period reports', () => {
    const tied = predictiveAccuracyIndex([1, 1, 1, 1], [0, 0, 0, 4], undefined, [0.25]);
    expect(tied[0]).toMatchObject({ cellsFlagged: 1, hitShare: 0, pai: 0 });
    expect(predictiveAccuracyIndex([3, 2, 1], [0, 0, 0])[0].pai).toBeNull();
    expect(() => predictiveAccuracyIndex([1, 2], [1])).toThrow(RangeError);
  });
});

describe('analysis index', () => {
  it('re-exports the public API', () => {
    for (const name of [
      'normalCdf',
      'twoSidedP',
      'queenContiguity',
      'rookContiguity',
      'distanceBand',
      'kNearest',
      'getisOrd',
      'confidenceBin',
      'benjaminiHochberg',
      'fdrBins',
      'mannKendall',
      'spaceTimeGiStar',
      'classifyLocation',
      'emergingHotSpots',
      'earsC1',
      'earsC2',
      'earsC3',
      'samePeriodPoisson',
      'samePeriodAlarms',
      'spaceTimePermutationScan',
      'predictiveAccuracyIndex',
    ]) {
      expect(typeof (analysis as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
