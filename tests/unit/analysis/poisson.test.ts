import { describe, expect, it } from 'vitest';
import {
  binomialUpperTail,
  logFactorial,
  poissonUpperTail,
  samePeriodAlarms,
  samePeriodPoisson,
} from '../../../server/analysis/poisson.ts';

function expectRelative(actual: number, expected: number, tol = 1e-10) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

describe('samePeriodPoisson (methods.md §4 reference)', () => {
  it('y0 = 14 against 6, 8, 7: exact p = 0.012811, conditional p = 0.03633', () => {
    const r = samePeriodPoisson(14, [6, 8, 7]);
    expect(r.exactP).toBeCloseTo(0.012811, 6);
    expect(r.conditionalP).toBeCloseTo(0.03633, 5);
    expect(r.baselineMean).toBe(7);
    expect(r.rateRatio).toBe(2);
    expect(r.years).toBe(3);
    expect(r.eligible).toBe(true);
    expect(r.reason).toBeNull();
  });

  it('cannot alarm when y0 < 5', () => {
    const r = samePeriodPoisson(4, [0, 0, 1]);
    expect(r.eligible).toBe(false);
    expect(r.reason).toBe('too_few_reports');
    expect(r.exactP).toBeLessThan(0.01); // significant, yet too few reports to alarm
    expect(samePeriodPoisson(5, [0, 0, 1]).eligible).toBe(true);
    expect(samePeriodPoisson(4, [0, 0, 1], { minCount: 3 }).eligible).toBe(true);
  });

  it('handles an all-zero baseline and a missing baseline without NaN', () => {
    const zero = samePeriodPoisson(5, [0, 0, 0]);
    expect(zero.exactP).toBe(0);
    expect(zero.conditionalP).toBeCloseTo(0.25 ** 5, 15);
    expect(zero.rateRatio).toBeNull();
    const none = samePeriodPoisson(9, []);
    expect(none).toMatchObject({ eligible: false, reason: 'no_baseline', exactP: 1, conditionalP: 1 });
    const nothing = samePeriodPoisson(0, [0, 0]);
    expect(nothing.exactP).toBe(1);
    expect(nothing.conditionalP).toBe(1);
  });

  it('rejects non-count input', () => {
    expect(() => samePeriodPoisson(2.5, [1])).toThrow(RangeError);
    expect(() => samePeriodPoisson(3, [-1])).toThrow(RangeError);
  });
});

describe('tail probabilities (mpmath reference values)', () => {
  it('poissonUpperTail', () => {
    expectRelative(poissonUpperTail(14, 7), 0.012811392803420231);
    expectRelative(poissonUpperTail(60, 5), 7.6496100811493921e-43);
    expectRelative(poissonUpperTail(3, 7.5), 0.9797432849433356);
    expectRelative(poissonUpperTail(1000, 900), 0.00054990226571178292, 1e-9);
    expectRelative(poissonUpperTail(800, 900), 0.99967491869208218);
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
  });

  it('binomialUpperTail', () => {
    expectRelative(binomialUpperTail(14, 35, 0.25), 0.036329625167244656);
    expectRelative(binomialUpperTail(40, 50, 0.25), 5.2036044588136072e-16);
    expectRelative(binomialUpperTail(5, 5, 0.25), 0.0009765625);
    expectRelative(binomialUpperTail(300, 1000, 0.25), 0.00019359032194907896, 1e-9);
    expectRelative(binomialUpperTail(2, 40, 1 / 3), 0.9999981008077364);
    expect(binomialUpperTail(0, 10, 0.5)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.5)).toBe(0);
    expect(binomialUpperTail(3, 10, 0)).toBe(0);
    expect(binomialUpperTail(3, 10, 1)).toBe(1);
  });

  it('logFactorial', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 14);
    expectRelative(logFactorial(20), 42.33561646075348503, 1e-15);
    expectRelative(logFactorial(170), 706.57306224578734711, 1e-15);
    expectRelative(logFactorial(100000), 1051299.221899121865129, 1e-15);
  });
});

describe('samePeriodAlarms', () => {
  it('applies BH-FDR across the eligible tests only', () => {
    const results = [
      samePeriodPoisson(14, [6, 8, 7]), // conditional p = 0.03633
      samePeriodPoisson(30, [6, 8, 7]), // very small p
      samePeriodPoisson(3, [0, 0, 0]), // not eligible
      samePeriodPoisson(7, [6, 8, 7]), // ordinary
    ];
    const alarms = samePeriodAlarms(results);
    expect(alarms[2]).toEqual({ q: null, alarm: false });
    // q of the reference test: p·3/2 among three eligible tests.
    expect(alarms[0].q).toBeCloseTo((0.036329625167244656 * 3) / 2, 12);
    expect(alarms[0].alarm).toBe(false);
    expect(alarms[1].alarm).toBe(true);
    expect(alarms[3].alarm).toBe(false);
    // With the exact test the reference comparison alarms: 0.012811 · 3/2 < 0.05.
    expect(samePeriodAlarms(results, { test: 'exact' })[0].alarm).toBe(true);
    expect(samePeriodAlarms([])).toEqual([]);
  });
});
