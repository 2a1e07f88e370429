import { randomLcg, randomLogNormal, randomPoisson } from 'd3-random';
import { describe, expect, it } from 'vitest';
import { changeDispersion, MIN_AREAS } from '../../../server/analysis/changeDispersion.ts';
import { compareMany } from '../../../server/analysis/poissonCompare.ts';

/** K areas with lognormal sizes and `total` reports a period on average, the same rates in both
 *  periods; each incident reported 1 + Poisson(R − 1) times (R = 1: Poisson counts). */
function periods(seed: number, K: number, total: number, R: number): { a: number; b: number }[] {
  const rng = randomLcg(seed);
  const pois = (m: number) => randomPoisson.source(rng)(m)();
  const size = randomLogNormal.source(rng)(0, 1);
  const w = Array.from({ length: K }, () => size());
  const W = w.reduce((x, y) => x + y, 0);
  const draw = (m: number) => {
    let r = 0;
    for (let i = pois(m / R); i > 0; i--) r += 1 + (R > 1 ? pois(R - 1) : 0);
    return r;
  };
  return w.map((x) => ({ a: draw((total * x) / W), b: draw((total * x) / W) }));
}

const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;

describe('changeDispersion: how much more than Poisson counts the areas vary between two periods', () => {
  it('worked example: 1.5 reports per incident give the repeat factor E[R²]/E[R] ≈ 1.83; Poisson counts about 1', () => {
    // 40 data sets of 60 areas: one estimate has about 59 degrees of freedom (sd ≈ 0.2–0.35).
    const seeds = Array.from({ length: 40 }, (_, k) => 1 + k);
    const repeats = seeds.map((s) => changeDispersion(periods(s, 60, 2400, 1.5)).phi);
    expect(Math.abs(mean(repeats) - 2.75 / 1.5)).toBeLessThan(0.15);
    // Poisson counts: held at ≥ 1, so on average a little above (measured 1.085 over 200 sets; the
    // largest of these 40 is 1.64, where X² / (K − 1) itself was 1.5 and nothing was left out).
    const poisson = seeds.map((s) => changeDispersion(periods(s, 60, 2400, 1)).phi);
    expect(mean(poisson)).toBeLessThan(1.15);
    expect(Math.max(...poisson)).toBeLessThan(1.8);
  });

  it('is not raised by the one area that really changed (the second, reweighted estimate)', () => {
    const pairs = periods(7, 40, 2000, 1);
    const without = changeDispersion(pairs).phi;
    const big = pairs.reduce((k, p, i) => (p.a + p.b > pairs[k]!.a + pairs[k]!.b ? i : k), 0);
    const changed = pairs.map((p, i) => (i === big ? { a: p.a * 2, b: p.b } : p));
    // Pearson's X² alone would carry the doubled area's residual into every test.
    const raw = (() => {
      const sa = changed.reduce((x, p) => x + p.a, 0);
      const sn = changed.reduce((x, p) => x + p.a + p.b, 0);
      const pi = sa / sn;
      return changed.reduce((x, p) => x + (p.a - (p.a + p.b) * pi) ** 2 / ((p.a + p.b) * pi * (1 - pi)), 0) / (changed.length - 1);
    })();
    expect(raw).toBeGreaterThan(without + 0.5);
    expect(changeDispersion(changed).phi).toBeLessThan(without + 0.25);
  });

  it('keeps the overview\'s false verdicts near their 5 % with repeat reports, where the Poisson test gives many', () => {
    let poisson = 0;
    let widened = 0;
    for (let s = 100; s < 160; s++) {
      const pairs = periods(s, 70, 2400, 1.5);
      poisson += compareMany(pairs).filter((t) => t.verdict !== 'chance').length;
      widened += compareMany(pairs, 0.05, changeDispersion(pairs).phi).filter((t) => t.verdict !== 'chance').length;
    }
    // No area changed: every verdict other than "chance" is false. BH at 5 % under the complete null
    // gives about 0.05 a family; measured 2026-12-07: Poisson ≈ 1 a family, widened ≈ 0.05.
    expect(poisson / 60).toBeGreaterThan(0.4);
    expect(widened / 60).toBeLessThan(0.15);
  });

  it('is 1 (not estimated) with fewer than MIN_AREAS areas of at least 5 reports, and refuses negative counts', () => {
    expect(changeDispersion([{ a: 30, b: 10 }, { a: 5, b: 25 }, { a: 2, b: 1 }])).toEqual({ phi: 1, areas: 0 });
    expect(changeDispersion(Array.from({ length: MIN_AREAS - 1 }, (_, i) => ({ a: 40 + 10 * i, b: 5 })))).toEqual({ phi: 1, areas: 0 });
    expect(changeDispersion([])).toEqual({ phi: 1, areas: 0 });
    expect(() => changeDispersion([{ a: -1, b: 3 }])).toThrow(RangeError);
  });
});
