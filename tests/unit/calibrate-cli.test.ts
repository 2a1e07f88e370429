import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../scripts/calibrate.ts';
import { rateInterval } from '../../server/analysis/nullCalibration.ts';

describe('npm run calibrate: arguments', () => {
  it('has defaults an administrator can run as they are', () => {
    expect(parseArgs([])).toEqual({ gemeente: null, alphas: [0.1, 0.2, 0.3, 0.4, 0.5], sets: 8, runs: 52, target: 0.25, seed: 1, dispersion: 'estimate' });
    expect(parseArgs(['--gemeente', 'GM0141', '--alphas', '0.5,0.05,0.2,0.2', '--sets', '2', '--poisson'])).toMatchObject({ gemeente: 'GM0141', alphas: [0.05, 0.2, 0.5], sets: 2, dispersion: 'poisson' });
  });

  it('says what is wrong with a bad command line', () => {
    expect(() => parseArgs(['--alphas', '0.7'])).toThrow(/--alphas must be numbers in \(0, 0.5\]/);
    expect(() => parseArgs(['--alphas', 'a,b'])).toThrow(UsageError);
    expect(() => parseArgs(['--sets', '0'])).toThrow(/whole number from 1 to 100/);
    expect(() => parseArgs(['--runs', '2.5'])).toThrow(UsageError);
    expect(() => parseArgs(['--gemeente', 'Twenterand'])).toThrow(/CBS code like GM1700/);
    expect(() => parseArgs(['--target'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option/);
  });
});

describe('rateInterval: the spread between data sets, at least the Poisson interval', () => {
  it('is wider than Poisson when the data sets disagree (signals that stay listed for weeks)', () => {
    // 4 sets of 52 weeks: 0, 26, 0 and 0 signals (one chance signal listed for half a year).
    const [lo, hi] = rateInterval([0, 0.5, 0, 0], 52)!;
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(0.5);
  });

  it('is the Poisson interval when every set has the same count, and none with one set', () => {
    const [lo, hi] = rateInterval([0, 0, 0], 52)!;
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(3.689 / 156, 3);
    expect(rateInterval([0.2], 52)).toBeNull();
  });
});
