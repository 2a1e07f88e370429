import { describe, expect, it } from 'vitest';
import { EARS_C12_THRESHOLD, ears, earsC1, earsC2, earsC3, type EarsStep } from '../../../server/analysis/ears.ts';

// methods.md §4 reference series, t = 1..17.
const Y = [3, 5, 4, 6, 2, 4, 5, 3, 4, 6, 5, 4, 12, 15, 5, 4, 3];

/** The step of the 1-based time t used in methods.md. */
function at(steps: (EarsStep | null)[], t: number): EarsStep {
  const step = steps[t - 1];
  if (!step) throw new Error(`no statistic at t = ${t}`);
  return step;
}

describe('EARS C1', () => {
  const c1 = earsC1(Y);

  it('reproduces the reference upper bounds and alarms', () => {
    expect(at(c1, 8).upperBound).toBeCloseTo(8.2998, 4);
    expect(at(c1, 8).alarm).toBe(false);
    expect(at(c1, 13).upperBound).toBeCloseTo(7.4443, 4);
    expect(at(c1, 13).alarm).toBe(true);
    expect(at(c1, 14).upperBound).toBeCloseTo(14.8176, 4);
    expect(at(c1, 14).alarm).toBe(true);
    expect(at(c1, 15).upperBound).toBeCloseTo(21.2732, 4);
    expect(at(c1, 15).alarm).toBe(false);
  });

  it('reproduces C1(13) = 7.758406', () => {
    expect(at(c1, 13).statistic).toBeCloseTo(7.758406, 6);
    expect(at(c1, 13).mean).toBeCloseTo(31 / 7, 12);
  });

  it('has no statistic without a full 7-step baseline', () => {
    expect(c1.slice(0, 7)).toEqual([null, null, null, null, null, null, null]);
    expect(c1).toHaveLength(17);
  });

  it('alarms iff Y_t > U, i.e. iff C1 exceeds the threshold', () => {
    for (let t = 8; t <= 17; t++) {
      const step = at(c1, t);
      expect(step.alarm).toBe(Y[t - 1] > step.upperBound);
      expect(step.alarm).toBe(step.statistic > EARS_C12_THRESHOLD);
      expect(step.upperBound).toBeCloseTo(step.mean + EARS_C12_THRESHOLD * step.sd, 12);
    }
  });

  it('takes a custom threshold (the classic "C1 ≥ 3" rule)', () => {
    expect(at(earsC1(Y, { threshold: 3 }), 8).upperBound).toBeCloseTo(8.1784, 4);
  });
});

describe('EARS C2', () => {
  const c2 = earsC2(Y);

  it('reproduces the reference upper bounds and alarms', () => {
    expect(at(c2, 12).upperBound).toBeCloseTo(7.9895, 4);
    expect(at(c2, 12).alarm).toBe(false);
    expect(at(c2, 13).upperBound).toBeCloseTo(8.9088, 4);
    expect(at(c2, 13).alarm).toBe(true);
    expect(at(c2, 14).upperBound).toBeCloseTo(8.2998, 4);
    expect(at(c2, 14).alarm).toBe(true);
  });

  it('uses the baseline t−9..t−3 (two-step guard band)', () => {
    expect(c2.slice(0, 9).every((s) => s === null)).toBe(true);
    // t = 10: baseline t = 1..7 = 3,5,4,6,2,4,5
    expect(at(c2, 10).mean).toBeCloseTo(29 / 7, 12);
    expect(at(c2, 10).statistic).toBeCloseTo(1.3805850, 6);
  });
});

describe('EARS C3', () => {
  const c3 = earsC3(Y);

  it('reproduces C3(12), C3(13), C3(14) and C3(17)', () => {
    expect(at(c3, 12).statistic).toBeCloseTo(0.3806, 4);
    expect(at(c3, 13).statistic).toBeCloseTo(4.1565, 4);
    expect(at(c3, 14).statistic).toBeCloseTo(11.2276, 4);
    expect(at(c3, 17).statistic).toBe(0);
  });

  it('sums max(0, C2 − 1) over the current and two previous steps', () => {
    const c2 = earsC2(Y);
    for (let t = 12; t <= 17; t++) {
      const expected = [t - 2, t - 1, t].reduce((a, i) => a + Math.max(0, at(c2, i).statistic - 1), 0);
      expect(at(c3, t).statistic).toBeCloseTo(expected, 12);
    }
    expect(c3.slice(0, 11).every((s) => s === null)).toBe(true);
  });

  it('alarms iff C3 > 2, consistently with the upper bound', () => {
    expect(at(c3, 12).alarm).toBe(false);
    expect(at(c3, 13).alarm).toBe(true);
    expect(at(c3, 14).alarm).toBe(true);
    expect(at(c3, 17).alarm).toBe(false);
    for (let t = 12; t <= 17; t++) {
      const step = at(c3, t);
      expect(step.alarm).toBe(step.statistic > 2);
      expect(step.alarm).toBe(Y[t - 1] > step.upperBound);
    }
    // t = 12: lagged terms 0.3806 + 0, so U = mean + sd·(3 − 0.3806).
    const c2 = at(earsC2(Y), 12);
    expect(at(c3, 12).upperBound).toBeCloseTo(c2.mean + c2.sd * (3 - 0.3805850), 6);
    // t = 15, 16: the two previous excesses already exceed 2, any count alarms.
    expect(at(c3, 15).upperBound).toBe(-Infinity);
    expect(at(c3, 16).alarm).toBe(true);
  });
});

describe('EARS degenerate cases', () => {
  it('floors the baseline SD at minSigma = 0.5 for all-zero baselines', () => {
    const counts = [0, 0, 0, 0, 0, 0, 0, 0, 2, 1];
    const c1 = earsC1(counts);
    expect(at(c1, 8)).toEqual({ statistic: 0, mean: 0, sd: 0.5, upperBound: 0.5 * EARS_C12_THRESHOLD, alarm: false });
    expect(at(c1, 9).statistic).toBe(4);
    expect(at(c1, 9).alarm).toBe(true);
    expect(at(earsC1(counts, { minSigma: 1 }), 9).statistic).toBe(2);
    const allZero = earsC3(new Array(20).fill(0));
    expect(allZero.slice(11).every((s) => s !== null && s.statistic === 0 && !s.alarm)).toBe(true);
  });

  it('returns nulls for a series shorter than the baseline', () => {
    expect(earsC1([1, 2, 3])).toEqual([null, null, null]);
    expect(earsC3([])).toEqual([]);
  });

  it('dispatches by method name and validates options', () => {
    expect(ears(Y, 'C2')).toEqual(earsC2(Y));
    expect(ears(Y, 'C3')).toEqual(earsC3(Y));
    expect(at(ears(Y, 'C1', { baseline: 3 }), 4).mean).toBe(4);
    expect(() => earsC1(Y, { minSigma: 0 })).toThrow(RangeError);
    expect(() => earsC1(Y, { baseline: 1 })).toThrow(RangeError);
    expect(() => earsC1([1, Number.NaN])).toThrow(RangeError);
  });
});
