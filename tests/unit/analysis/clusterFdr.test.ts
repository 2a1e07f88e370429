import { describe, expect, it } from 'vitest';
import { randomLcg } from 'd3';
import { regionStepUp } from '../../../server/analysis/clusterFdr.ts';
import { benjaminiHochberg } from '../../../server/analysis/fdr.ts';

describe('regionStepUp (step-up counting regions, clusterFdr.ts)', () => {
  it('the worked example: three tests of one region and one elsewhere, m = 100', () => {
    // Padded to m = 100 with tests that are never significant.
    const p = [1e-6, 2e-6, 3e-6, 0.004, ...Array(96).fill(0.9)];
    const tests = [[1], [1, 2], [2], [7], ...Array.from({ length: 96 }, (_, k) => [100 + k])].map((places) => ({ group: 'GM1700|hennep', places }));
    const q = regionStepUp(p, tests);
    expect(q[0]).toBeCloseTo(1e-4, 12);
    expect(q[1]).toBeCloseTo(2e-4, 12);
    expect(q[2]).toBeCloseTo(3e-4, 12);
    expect(q[3]).toBeCloseTo(0.2, 12);
    // Plain BH counts the first three as three discoveries: 0.004 · 100 / 4.
    expect(benjaminiHochberg(p)[3]).toBeCloseTo(0.1, 12);
  });

  it('is plain BH when every test is its own region', () => {
    const rng = randomLcg(42);
    const p = Array.from({ length: 500 }, () => rng() ** 3);
    p[7] = p[8]!; // a tie
    const tests = p.map((_, k) => ({ group: 'g', places: [k] }));
    const q = regionStepUp(p, tests);
    const bh = benjaminiHochberg(p);
    for (let i = 0; i < p.length; i++) expect(q[i]).toBeCloseTo(bh[i]!, 12);
  });

  it('merges overlapping zones transitively, and never across groups', () => {
    const p = [1e-5, 2e-5, 3e-5, 4e-5];
    // {1,2} and {3,4} are apart until {2,3} joins them; the fourth is another category's.
    const q = regionStepUp(p, [
      { group: 'a|hennep', places: [1, 2] },
      { group: 'a|hennep', places: [3, 4] },
      { group: 'a|hennep', places: [2, 3] },
      { group: 'a|drugslab', places: [1, 2] },
    ]);
    // Regions after each test: 1, 2, 1, 2 → bounds p·4/D: 4e-5, 4e-5, 1.2e-4, 8e-5.
    expect(Array.from(q).map((v) => Number(v.toPrecision(6)))).toEqual([4e-5, 4e-5, 8e-5, 8e-5]);
  });

  it('gives tied p-values one q, weights divide p, and NaN counts as never significant', () => {
    const q = regionStepUp([0.01, 0.01, Number.NaN], [{ group: 'g', places: [1] }, { group: 'g', places: [2] }, { group: 'g', places: [3] }]);
    expect(q[0]).toBe(q[1]);
    expect(q[2]).toBe(1);
    const weighted = regionStepUp([0.02, 0.02], [{ group: 'g', places: [1] }, { group: 'g', places: [2] }], [2, 0.5]);
    // p / w = 0.01 and 0.04; bounds 0.01·2/1 = 0.02 and 0.04·2/2 = 0.04.
    expect(weighted[0]).toBeCloseTo(0.02, 12);
    expect(weighted[1]).toBeCloseTo(0.04, 12);
    expect(() => regionStepUp([0.1], [])).toThrow(RangeError);
  });
});
