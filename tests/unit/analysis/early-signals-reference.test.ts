import { describe, expect, it } from 'vitest';
import { conditionalTest, fisherMinP, fisherWindowTest, hypergeometricUpperTail, minUpperP, nullShare } from '../../../server/analysis/conditionalTest.ts';
import { betaBinomialLowerTail, betaBinomialUpperTail, logGamma, predictiveLowerMinP, predictiveMinP, predictiveWindowTest, restPosterior } from '../../../server/analysis/predictiveTest.ts';
import { discreteBH, taroneK } from '../../../server/analysis/discreteFdr.ts';
import { saddlepointUpperTail, trendMinP, trendNullPmf, trendSlope, trendTest } from '../../../server/analysis/trendTest.ts';
import { candidateZones } from '../../../server/analysis/zones.ts';

// Reference values recorded from R 4.2.2 (stats): binom.test, fisher.test / phyper, glm(family =
// poisson) and an exact convolution of the trend statistic written in R (tests/unit/analysis/
// early-signals-reference.R). R is not needed to run these tests.
const rel = (actual: number, expected: number, tol: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(tol);

describe('conditional binomial test (methods.md §9 reference)', () => {
  it('binom.test(9, 12, 4/52, alternative = "greater") = 1.673e-08', () => {
    const r = conditionalTest(9, 3, 4 / 52);
    rel(r.p, 1.67313750443749e-08, 1e-10);
    rel(r.expected, (12 * 4) / 52, 1e-12);
  });
  it('binom.test(3, 20, 1/105) both tails', () => {
    const r = conditionalTest(3, 17, 1 / 105);
    rel(r.p, 0.000872202586082679, 1e-10);
    rel(r.pLower, 0.99996472067384, 1e-12);
  });
  it('minimal p and the null share', () => {
    expect(minUpperP(3, 0.1)).toBeCloseTo(0.001, 15);
    expect(minUpperP(0, 0.1)).toBe(1);
    expect(nullShare(0, 0, 0.2, 10)).toBeCloseTo(0.2, 15);
    expect(nullShare(10, 90, 0.5, 0)).toBeCloseTo(0.1, 15);
    expect(() => conditionalTest(-1, 2, 0.5)).toThrow(RangeError);
  });
});

describe("Fisher's exact window test (R fisher.test / phyper)", () => {
  it('3 of a zone\'s 20 reports in a week in which the rest had none', () => {
    const r = fisherWindowTest(3, 17, 0, 300);
    rel(r.p, 0.000210711539598983, 1e-10);
    rel(hypergeometricUpperTail(3, 320, 3, 20), 0.000210711539598983, 1e-10);
    rel(r.expected, (20 * 3) / 320, 1e-12);
  });
  it('both tails of matrix(c(9, 40, 3, 500), 2)', () => {
    const r = fisherWindowTest(9, 3, 40, 500);
    rel(r.p, 2.99528329526434e-08, 1e-9);
    rel(r.pLower, 0.999999999289626, 1e-12);
  });
  it('large counts: matrix(c(60, 900, 700, 20000), 2)', () => {
    rel(fisherWindowTest(60, 700, 900, 20000).p, 1.13319592887369e-05, 1e-9);
  });
  it('minimal p is the probability of the most extreme table', () => {
    // n = 5 of N = 100, K = 10 in the window: P(Y = 5) = C(10,5)·C(90,0)/C(100,5).
    rel(fisherMinP(5, 10, 100), 252 / 75287520, 1e-10);
    expect(fisherMinP(0, 10, 100)).toBe(1);
    expect(hypergeometricUpperTail(0, 10, 3, 4)).toBe(1);
    expect(hypergeometricUpperTail(4, 10, 3, 4)).toBe(0);
  });
});

describe('predictive (beta-binomial) window test (base R: lchoose, lbeta, lgamma)', () => {
  it('9 of 12 reports in the window, rest 40 of 520: less surprising than with π known', () => {
    const r = predictiveWindowTest(9, 3, 40, 480);
    rel(r.p, 3.46506732654926e-08, 1e-10);
    rel(r.expected, (12 * 40) / 520, 1e-12);
    // binom.test(9, 12, 4/52) = 1.673e-08 treats the rest's share as exact.
    expect(r.p).toBeGreaterThan(1.67313750443749e-08);
  });
  it('an evaluation floor plant: 22 of 101, the rest 79 of 1,500 shrunk towards π₀ = 0.05 with κ = 400', () => {
    const { a, b } = restPosterior(79, 1421, 0.05, 400);
    rel(a, 99, 1e-12);
    rel(predictiveWindowTest(22, 79, a, b).p, 3.62560804264177e-08, 1e-9);
  });
  it('small, fractional and large parameters, both sides of the mean', () => {
    rel(betaBinomialUpperTail(3, 3, 0.3, 4.7), 0.00427142857142857, 1e-10);
    rel(betaBinomialUpperTail(5, 40, 12.5, 300.25), 0.0287142072550059, 1e-10);
    rel(betaBinomialUpperTail(1, 10, 2, 3), 0.934065934065934, 1e-12);
    rel(betaBinomialUpperTail(60, 200, 30.5, 90.5), 0.179931746306321, 1e-10);
    expect(betaBinomialUpperTail(0, 10, 2, 3)).toBe(1);
    expect(betaBinomialUpperTail(11, 10, 2, 3)).toBe(0);
    expect(() => betaBinomialUpperTail(1, 10, 0, 3)).toThrow(RangeError);
  });
  it('lower tail (the map class "falling"): sum of the pmf from 0, in R', () => {
    // R: bb <- function(k, n, a, b) exp(lchoose(n, k) + lbeta(k + a, n - k + b) - lbeta(a, b)); sum(bb(0:y, n, a, b))
    rel(betaBinomialLowerTail(0, 30, 13.5, 40.5), 0.0012040433807622, 1e-10);
    rel(betaBinomialLowerTail(2, 40, 12.5, 30.25), 0.00301650364430931, 1e-10);
    rel(betaBinomialLowerTail(1, 10, 2, 3), 0.175824175824176, 1e-12);
    rel(betaBinomialLowerTail(150, 200, 90.5, 30.5), 0.522208788396321, 1e-10);
    expect(betaBinomialLowerTail(10, 10, 2, 3)).toBe(1);
    // Its minimal p is P(Y = 0).
    rel(predictiveLowerMinP(30, 13.5, 40.5), 0.0012040433807622, 1e-10);
  });

  it('minimal p is P(Y = n), and logGamma matches lgamma', () => {
    rel(predictiveMinP(12, 40, 480), 1.71514079928373e-13, 1e-9);
    rel(predictiveMinP(12, 40, 480), betaBinomialUpperTail(12, 12, 40, 480), 1e-12);
    expect(predictiveMinP(0, 40, 480)).toBe(1);
    const r = [2.25271265173421, 0.5723649429247, -0.120782237635245, 7.05218545073854, 469.60554712993, 1051293.46543514];
    [0.1, 0.5, 1.5, 7.25, 123.456, 1e5 + 0.5].forEach((x, i) => expect(Math.abs(logGamma(x) - r[i]!)).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(r[i]!))));
  });
});

describe('exact conditional trend test (R: exact convolution; glm with offset)', () => {
  it('a trend from zero: y = 0 … 0,1,1,2,3,4 on a flat profile', () => {
    const r = trendTest([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4], Array(13).fill(1));
    expect(r.method).toBe('exact');
    expect(r.total).toBe(11);
    expect(r.s).toBe(118);
    rel(r.p, 2.48709212346759e-06, 1e-9);
    rel(r.pLower, 0.999998607193303, 1e-12);
    expect(r.rateRatio).toBeGreaterThan(10);
  });
  it('against an uneven expected profile, with the glm slope', () => {
    const y = [2, 1, 3, 0, 2, 1, 2, 4, 3, 5, 2, 6, 5];
    const e = [10, 12, 9, 11, 14, 13, 10, 12, 15, 11, 12, 13, 14];
    const r = trendTest(y, e);
    // 36 reports: the saddlepoint (relative error ~1e-4 here), not the convolution.
    expect(r.method).toBe('saddlepoint');
    rel(r.p, 0.0137919867666935, 1e-3);
    rel(r.pLower, 0.987749544027061, 1e-3);
    const exact = trendNullPmf(36, e.map((v) => v / e.reduce((a, b) => a + b)));
    rel(exact.slice(r.s).reduce((a, b) => a + b, 0), 0.0137919867666935, 1e-9);
    rel(r.slope, 0.103432614313687, 1e-7);
    rel(trendSlope(y, e), 0.103432614313687, 1e-7);
    rel(r.rateRatio, Math.exp(12 * 0.103432614313687), 1e-6);
  });
  it('a second case', () => {
    const r = trendTest([1, 0, 2, 1, 0, 1, 2, 1, 1, 3, 2, 2, 4], [5, 6, 5, 7, 8, 6, 5, 6, 7, 8, 6, 5, 7]);
    rel(r.p, 0.0231464600545548, 1e-9);
    rel(r.slope, 0.128929260818288, 1e-7);
  });
  it('the saddlepoint tail agrees with the exact tail within 1 % for totals of 30 and more', () => {
    const q = [3, 4, 2, 5, 4, 3, 6, 4, 5, 3, 4, 5, 4];
    const sum = q.reduce((a, b) => a + b);
    for (const Y of [30, 60, 90]) {
      const pmf = trendNullPmf(Y, q.map((v) => v / sum));
      let tail = 0;
      for (let s = pmf.length - 1; s >= 0; s--) {
        tail += pmf[s]!;
        if (tail > 1e-9 && tail < 0.05 && s % 7 === 0) rel(saddlepointUpperTail(s, Y, q), tail, 0.01);
      }
    }
  });
  it('uses the saddlepoint above 30 reports and the exact sum below', () => {
    const flat = Array(13).fill(1);
    expect(trendTest([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], flat).method).toBe('saddlepoint');
    expect(trendTest([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], flat).method).toBe('exact');
    expect(trendTest([0, 0, 0], [1, 1, 1])).toMatchObject({ p: 1, total: 0 });
    rel(trendMinP(3, flat), 13 ** -3, 1e-12);
    expect(() => trendTest([1, 2], [1, 0])).toThrow(RangeError);
  });
});

describe("Benjamini–Hochberg with Tarone's screen (Gilbert 2005)", () => {
  it('the worked example of the module', () => {
    const r = discreteBH([1e-6, 0.004, 0.02, 0.5], [1e-6, 1e-6, 0.02, 0.3], 0.05);
    expect(r.k).toBe(3);
    expect(r.familySize).toBe(2);
    expect(Array.from(r.inFamily)).toEqual([1, 1, 0, 0]);
    expect(r.q[0]).toBeCloseTo(2e-6, 15);
    expect(r.q[1]).toBeCloseTo(0.004, 15);
    expect(r.q[2]).toBe(1);
  });
  it("Tarone's K is the smallest K with #{p* ≤ α/K} ≤ K", () => {
    expect(taroneK([], 0.05)).toBe(1);
    expect(taroneK([0.5, 0.5], 0.05)).toBe(1);
    expect(taroneK(Array(100).fill(1e-9), 0.05)).toBe(100);
    expect(taroneK([1e-9, 1e-9, 1e-9, 0.02, 0.02], 0.05)).toBe(3);
  });
  it('weighted BH (Genovese, Roeder & Wasserman 2006): p / w with weights scaled to mean 1', () => {
    // Weights (2, 2, 0.5, 0.5) → mean 1.25 → (1.6, 1.6, 0.4, 0.4); p / w = (0.00625, 0.0125, 0.075, 1.25);
    // BH over 4: (0.025, 0.025, 0.1, 1).
    const p = [0.01, 0.02, 0.03, 0.5];
    const minP = [1e-9, 1e-9, 1e-9, 1e-9];
    const r = discreteBH(p, minP, 0.05, [2, 2, 0.5, 0.5]);
    expect(Array.from(r.q).map((q) => Number(q.toPrecision(10)))).toEqual([0.025, 0.025, 0.1, 1]);
    // Equal weights are plain BH.
    expect(Array.from(discreteBH(p, minP, 0.05, [3, 3, 3, 3]).q)).toEqual(Array.from(discreteBH(p, minP, 0.05).q));
  });
  it("weighted BH screens on p* / w and rescales the weights over Tarone's family", () => {
    // p* / w (raw weights scaled to mean 1 over all: 1.5, 1.5, 0.5, 0.5) = (6.7e-7, 6.7e-7, 0.04, 0.6):
    // K = 2, family = the first two; rescaled over the family they weigh 1 each → plain BH over 2.
    const r = discreteBH([1e-6, 0.004, 0.02, 0.5], [1e-6, 1e-6, 0.02, 0.3], 0.05, [3, 3, 1, 1]);
    expect(Array.from(r.inFamily)).toEqual([1, 1, 0, 0]);
    expect(r.q[0]).toBeCloseTo(2e-6, 15);
    expect(r.q[1]).toBeCloseTo(0.004, 15);
    expect(r.q[2]).toBe(1);
  });
});

describe('candidate zones', () => {
  it('the worked example: a line of four places, zones of up to 2', () => {
    const zones = candidateZones([[1], [0, 2], [1, 3], [2]], [[0, 0], [1, 0], [2, 0], [3, 0]], 2);
    expect(zones.map((z) => z.members)).toEqual([[0], [0, 1], [1], [2], [1, 2], [3], [2, 3]]);
  });
  it('never jumps a gap: zones stay connected', () => {
    const zones = candidateZones([[1], [0], []], [[0, 0], [1, 0], [0.5, 0]], 4);
    expect(zones.map((z) => z.members)).toEqual([[0], [0, 1], [1], [2]]);
  });
});

describe('saddlepoint near the mean (regression: p = 0 for a flat series)', () => {
  it('gives a large p for a series without trend, whatever the total', () => {
    const flat = Array(13).fill(1);
    for (const total of [31, 37, 60, 200, 1000]) {
      const pmfMean = (total * 12) / 2;
      for (const s of [Math.floor(pmfMean), Math.floor(pmfMean) + 1, Math.floor(pmfMean) + 3]) {
        const p = saddlepointUpperTail(s, total, flat);
        expect(p, `${total} ${s}`).toBeGreaterThan(0.3);
        expect(p).toBeLessThanOrEqual(1);
      }
    }
    const exact = trendNullPmf(40, Array(13).fill(1 / 13));
    for (let s = 200; s <= 300; s += 7) {
      const tail = exact.slice(s).reduce((a, b) => a + b, 0);
      expect(Math.abs(saddlepointUpperTail(s, 40, Array(13).fill(1)) - tail)).toBeLessThan(0.01);
    }
  });
});
