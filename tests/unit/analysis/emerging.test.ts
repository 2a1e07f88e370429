import { describe, expect, it } from 'vitest';
import { randomInt, randomLcg, randomPoisson } from 'd3-random';
import {
  EMERGING_CATEGORIES,
  classifyLocation,
  emergingHotSpots,
  spaceTimeGiStar,
  type EmergingCategory,
  type TrendDirection,
} from '../../../server/analysis/emerging.ts';
import { benjaminiHochberg } from '../../../server/analysis/fdr.ts';
import { getisOrd } from '../../../server/analysis/gistar.ts';

const TRENDS: TrendDirection[] = ['up', 'none', 'down'];

function bins(pattern: string): number[] {
  return pattern.split(' ').map((c) => (c === '+' ? 1 : c === '−' || c === '-' ? -1 : 0));
}

const mirror = (trend: TrendDirection): TrendDirection => (trend === 'up' ? 'down' : trend === 'down' ? 'up' : 'none');

// The test vectors of methods.md §3 (n = 10); null trend = "any".
const TABLE: [string, TrendDirection | null, EmergingCategory][] = [
  ['0 0 0 0 0 0 0 0 0 +', null, 'new_hot'],
  ['0 0 0 0 0 0 0 + + +', null, 'consecutive_hot'],
  ['0 + 0 0 0 0 0 + + +', null, 'sporadic_hot'],
  ['+ + + + + + + + + +', 'up', 'intensifying_hot'],
  ['+ + + + + + + + + +', 'none', 'persistent_hot'],
  ['+ + + + + + + + + +', 'down', 'diminishing_hot'],
  ['+ + + + + + + + + 0', null, 'historical_hot'],
  ['− 0 0 0 0 0 0 0 + +', null, 'oscillating_hot'],
  ['0 + 0 + 0 0 + 0 0 +', null, 'sporadic_hot'],
  ['0 0 + + 0 0 0 + + 0', null, 'no_pattern'],
  ['0 0 0 0 0 0 0 0 0 −', null, 'new_cold'],
];

describe('classifyLocation: methods.md §3 test vectors', () => {
  for (const [pattern, trend, expected] of TABLE) {
    it(`${pattern} (${trend ?? 'any'}) → ${expected}`, () => {
      for (const t of trend ? [trend] : TRENDS) {
        expect(classifyLocation(bins(pattern), t).category).toBe(expected);
        expect(classifyLocation(Int8Array.from(bins(pattern)), t).category).toBe(expected);
      }
    });
  }

  it('gives the cold equivalents with hot ↔ cold and up ↔ down swapped', () => {
    for (const [pattern, trend, expected] of TABLE) {
      const flipped = bins(pattern).map((b) => -b);
      const coldExpected = expected.endsWith('_hot')
        ? expected.replace('_hot', '_cold')
        : expected.endsWith('_cold')
          ? expected.replace('_cold', '_hot')
          : expected;
      for (const t of trend ? [trend] : TRENDS) {
        expect(classifyLocation(flipped, mirror(t)).category).toBe(coldExpected);
      }
    }
    // Spelled out for the three trend-dependent cold classes.
    const cold = bins('− − − − − − − − − −');
    expect(classifyLocation(cold, 'down').category).toBe('intensifying_cold');
    expect(classifyLocation(cold, 'none').category).toBe('persistent_cold');
    expect(classifyLocation(cold, 'up').category).toBe('diminishing_cold');
  });
});

describe('classifyLocation rules', () => {
  it('reaches every one of the 17 outcomes', () => {
    const seen = new Set<EmergingCategory>();
    for (const [pattern, trend] of TABLE) {
      for (const t of trend ? [trend] : TRENDS) {
        seen.add(classifyLocation(bins(pattern), t).category);
        seen.add(classifyLocation(bins(pattern).map((b) => -b), mirror(t)).category);
      }
    }
    expect([...seen].sort()).toEqual([...EMERGING_CATEGORIES].sort());
    expect(EMERGING_CATEGORIES.length).toBe(17);
  });

  it('uses fH ≥ 0.9 inclusively: 9 of 10 hot with the last hot is persistent, not oscillating', () => {
    expect(classifyLocation(bins('0 + + + + + + + + +'), 'none').category).toBe('persistent_hot');
    expect(classifyLocation(bins('− + + + + + + + + +'), 'none').category).toBe('persistent_hot');
    expect(classifyLocation(bins('0 0 + + + + + + + +'), 'none').category).toBe('consecutive_hot');
    expect(classifyLocation(bins('+ + + + + + + + 0 0'), 'none').category).toBe('no_pattern');
  });

  it('distinguishes consecutive from sporadic and oscillating', () => {
    expect(classifyLocation(bins('0 0 0 0 0 0 0 0 + +'), 'none').category).toBe('consecutive_hot');
    expect(classifyLocation(bins('0 0 0 0 0 0 + 0 + +'), 'none').category).toBe('sporadic_hot');
    expect(classifyLocation(bins('0 0 0 0 0 − 0 0 + +'), 'none').category).toBe('oscillating_hot');
    expect(classifyLocation(bins('0 0 0 0 0 − 0 0 0 +'), 'none').category).toBe('oscillating_hot');
  });

  it('lets the last step decide where a historical rule meets the other family', () => {
    expect(classifyLocation(bins('+ + + + + + + + + −'), 'none').category).toBe('oscillating_cold');
    expect(classifyLocation(bins('− − − − − − − − − +'), 'none').category).toBe('oscillating_hot');
    expect(classifyLocation(bins('+ + + + + + + + + 0'), 'down').category).toBe('historical_hot');
    expect(classifyLocation(bins('− − − − − − − − − 0'), 'up').category).toBe('historical_cold');
  });

  it('is symmetric: flipping all bins and the trend mirrors the category', () => {
    const poisson = randomPoisson.source(randomLcg(9))(1);
    const flip = (c: EmergingCategory) => c.replace(/_hot$/, '_TMP').replace(/_cold$/, '_hot').replace(/_TMP$/, '_cold');
    for (let k = 0; k < 2000; k++) {
      const b = Array.from({ length: 10 + (k % 5) }, () => Math.sign(poisson() - 1) * (poisson() > 0 ? 1 : 0));
      if (k % 3 === 0) b.fill(1, 0, b.length - 1);
      for (const t of TRENDS) {
        expect(classifyLocation(b.map((v) => -v), mirror(t)).category).toBe(flip(classifyLocation(b, t).category));
      }
    }
  });

  it('treats any positive / negative confidence bin as hot / cold', () => {
    expect(classifyLocation([0, 0, 0, 0, 0, 0, 0, 0, 0, 3], 'none').category).toBe('new_hot');
    expect(classifyLocation([0, 0, 0, 0, 0, 0, 0, -2, -1, -3], 'none').category).toBe('consecutive_cold');
  });

  it('has no pattern for fewer than 10 steps, with the reason', () => {
    expect(classifyLocation(bins('+ + + + + + + + +'), 'up')).toEqual({ category: 'no_pattern', reason: 'too_few_steps' });
    expect(classifyLocation([], 'none')).toEqual({ category: 'no_pattern', reason: 'too_few_steps' });
    expect(classifyLocation(bins('0 0 0 0 0 0 0 0 0 0'), 'none')).toEqual({ category: 'no_pattern', reason: 'no_rule_matched' });
    expect(classifyLocation(bins('0 0 0 0 0 +'), 'none', { minSteps: 6 })).toEqual({ category: 'new_hot', reason: null });
  });
});

/** Space-time neighbours of every bin written out, for getisOrd as an independent check. */
function spaceTimeGraph(nLocations: number, nSteps: number, neighbours: number[][], timeStep: number): number[][] {
  const graph: number[][] = [];
  for (let s = 0; s < nLocations; s++) {
    for (let t = 0; t < nSteps; t++) {
      const row: number[] = [];
      for (const r of [s, ...neighbours[s]]) {
        for (let u = Math.max(0, t - timeStep); u <= t; u++) if (r !== s || u !== t) row.push(r * nSteps + u);
      }
      graph.push(row.sort((a, b) => a - b));
    }
  }
  return graph;
}

/** Rook neighbours on a side × side grid of locations numbered row by row. */
function gridNeighbours(side: number, queen: boolean): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const row: number[] = [];
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          if ((!dr && !dc) || (!queen && dr && dc)) continue;
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < side && cc >= 0 && cc < side) row.push(rr * side + cc);
        }
      }
      out.push(row.sort((a, b) => a - b));
    }
  }
  return out;
}

describe('spaceTimeGiStar', () => {
  const side = 4;
  const nLocations = side * side;
  const nSteps = 12;
  const neighbours = gridNeighbours(side, false);
  const poisson = randomPoisson.source(randomLcg(5))(3);
  const cube = Float64Array.from({ length: nLocations * nSteps }, () => poisson());

  for (const timeStep of [0, 1, 2]) {
    it(`equals Gi* on the explicit space-time neighbourhood graph (N = ${timeStep})`, () => {
      const fast = spaceTimeGiStar(cube, nLocations, nSteps, neighbours, { timeStep });
      const slow = getisOrd(cube, spaceTimeGraph(nLocations, nSteps, neighbours, timeStep));
      for (let i = 0; i < cube.length; i++) {
        expect(Math.abs(fast.z[i] - slow.z[i])).toBeLessThan(1e-10);
        expect(Math.abs(fast.p[i] - slow.p[i])).toBeLessThan(1e-10);
      }
      expect(fast.noVariation).toBe(false);
    });
  }

  it('reads the cube location-major', () => {
    // A spike at location 1, last step: only the bins whose neighbourhood holds it (locations 0, 1
    // and 2 at step 9; step 10 does not exist) have z > 0.
    const c = new Float64Array(4 * 10);
    c[1 * 10 + 9] = 50;
    const { z } = spaceTimeGiStar(c, 4, 10, [[1], [0, 2], [1, 3], [2]]);
    const positive = Array.from(z.keys()).filter((i) => z[i] > 0);
    expect(positive).toEqual([9, 19, 29]);
  });

  it('reports no variation for an all-zero cube, never NaN', () => {
    const r = spaceTimeGiStar(new Float64Array(40), 4, 10, [[1], [0, 2], [1, 3], [2]]);
    expect(r.noVariation).toBe(true);
    expect(r.z.every((v) => v === 0)).toBe(true);
    expect(r.p.every((v) => v === 1)).toBe(true);
  });

  it('rejects a cube of the wrong size or a bad time step', () => {
    expect(() => spaceTimeGiStar(new Float64Array(5), 2, 3, [[1], [0]])).toThrow(RangeError);
    expect(() => spaceTimeGiStar(new Float64Array(6), 2, 3, [[1], [0]], { timeStep: -1 })).toThrow(RangeError);
    expect(() => spaceTimeGiStar(new Float64Array(6), 2, 3, [[1]])).toThrow(RangeError);
  });
});

describe('emergingHotSpots', () => {
  const side = 10;
  const nLocations = side * side;
  const nSteps = 20;
  const neighbours = gridNeighbours(side, true);
  const block = (r0: number, c0: number) => {
    const cells: number[] = [];
    for (let r = r0; r < r0 + 3; r++) for (let c = c0; c < c0 + 3; c++) cells.push(r * side + c);
    return cells;
  };
  const emergingBlock = block(1, 1);
  const persistentBlock = block(6, 6);
  const poisson = randomPoisson.source(randomLcg(11))(2);
  const cube = Float64Array.from({ length: nLocations * nSteps }, () => poisson());
  for (const s of emergingBlock) for (let t = nSteps - 3; t < nSteps; t++) cube[s * nSteps + t] += 12;
  for (const s of persistentBlock) for (let t = 0; t < nSteps; t++) cube[s * nSteps + t] += 8;
  const result = emergingHotSpots(cube, nLocations, nSteps, neighbours);

  it('finds a planted three-step hot spot as consecutive and a planted permanent one as persistent', () => {
    for (const s of emergingBlock) {
      const location = result.locations[s];
      expect(location.category).toBe('consecutive_hot');
      expect(location.firstHotStep).toBeGreaterThanOrEqual(17);
      expect(location.lastHotStep).toBe(19);
      expect(location.finalRun).toBe(location.hotSteps);
      expect(location.coldSteps).toBe(0);
      expect(location.lastZ).toBeGreaterThan(3);
    }
    const centre = result.locations[emergingBlock[4]];
    expect(centre.hotSteps).toBe(3);
    expect(centre.firstHotStep).toBe(17);
    expect(Array.from(centre.bins)).toEqual([...new Array(17).fill(0), 1, 1, 1]);
    // A constant uplift on Poisson noise: every cell is hot in ≥ 90 % of steps; Mann-Kendall on 20
    // noisy z-scores finds a (false) trend at α = 0.05 in roughly 1 cell in 20, so most — not all —
    // come out persistent rather than intensifying/diminishing.
    const classes = persistentBlock.map((s) => result.locations[s].category);
    for (const s of persistentBlock) expect(result.locations[s].hotSteps).toBeGreaterThanOrEqual(18);
    for (const c of classes) expect(['persistent_hot', 'intensifying_hot', 'diminishing_hot']).toContain(c);
    expect(classes.filter((c) => c === 'persistent_hot').length).toBeGreaterThanOrEqual(7);
    expect(result.locations[persistentBlock[4]].hotSteps).toBe(20);
    // Far from both blocks nothing is flagged.
    expect(result.locations[9 * side].category).toBe('no_pattern');
    expect(result.locations[9 * side].reason).toBe('no_rule_matched');
  });

  it('bins by FDR at α = 0.05 and the sign of z', () => {
    expect(result.q).not.toBeNull();
    const q = benjaminiHochberg(result.p);
    for (let i = 0; i < cube.length; i++) {
      const expected = q[i] <= 0.05 ? Math.sign(result.z[i]) : 0;
      expect(result.bins[i]).toBe(expected);
    }
    const s = emergingBlock[4];
    expect(Array.from(result.locations[s].bins)).toEqual(Array.from(result.bins.slice(s * nSteps, (s + 1) * nSteps)));
  });

  it('flags at least as many bins without FDR', () => {
    const raw = emergingHotSpots(cube, nLocations, nSteps, neighbours, { fdr: false });
    expect(raw.q).toBeNull();
    const count = (b: Int8Array) => b.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0);
    expect(count(raw.bins)).toBeGreaterThan(count(result.bins));
  });

  it('reports the Mann-Kendall trend of each z series', () => {
    // A location whose counts rise steadily while the rest is flat noise.
    const c = Float64Array.from({ length: 25 * 15 }, () => poisson());
    for (let t = 0; t < 15; t++) c[12 * 15 + t] = 2 * t;
    const r = emergingHotSpots(c, 25, 15, gridNeighbours(5, false));
    const trend = r.locations[12].trend;
    expect(trend.direction).toBe('up');
    expect(trend.defined).toBe(true);
    expect(trend.tau).toBeGreaterThan(0.5);
    expect(trend.p).toBeLessThan(0.05);
  });

  it('finds cold spots in a high background', () => {
    const high = randomPoisson.source(randomLcg(2))(10);
    const c = Float64Array.from({ length: nLocations * nSteps }, () => high());
    for (const s of persistentBlock) for (let t = 0; t < nSteps; t++) c[s * nSteps + t] = 0;
    const r = emergingHotSpots(c, nLocations, nSteps, neighbours);
    expect(r.locations[persistentBlock[4]].category).toBe('persistent_cold');
    expect(r.locations[persistentBlock[4]].coldSteps).toBe(20);
    expect(r.locations[persistentBlock[4]].firstColdStep).toBe(0);
  });

  it('handles an all-zero cube: no variation, no pattern, no trend', () => {
    const r = emergingHotSpots(new Float64Array(4 * 12), 4, 12, [[1], [0, 2], [1, 3], [2]]);
    expect(r.noVariation).toBe(true);
    for (const location of r.locations) {
      expect(location.category).toBe('no_pattern');
      expect(location.reason).toBe('no_rule_matched');
      expect(location.trend).toEqual({ direction: 'none', defined: true, s: 0, tau: 0, z: 0, p: 1 });
      expect(location.hotSteps + location.coldSteps).toBe(0);
      expect(location.firstHotStep).toBeNull();
      expect(location.lastZ).toBe(0);
      expect(location.lastP).toBe(1);
    }
  });

  it('handles a single location and fewer than 10 steps', () => {
    const one = emergingHotSpots(Float64Array.of(1, 0, 2, 0, 1, 0, 9, 0, 1, 0, 12, 15), 1, 12, [[]]);
    expect(one.locations).toHaveLength(1);
    expect(one.z.every(Number.isFinite)).toBe(true);
    const short = emergingHotSpots(Float64Array.of(0, 0, 0, 0, 9, 0, 0, 0, 0, 9), 2, 5, [[1], [0]]);
    for (const location of short.locations) expect(location.reason).toBe('too_few_steps');
    const tiny = emergingHotSpots(Float64Array.of(1, 5), 1, 2, [[]]);
    expect(tiny.locations[0].trend.defined).toBe(false);
    expect(tiny.locations[0].trend.p).toBe(1);
    expect(tiny.locations[0].category).toBe('no_pattern');
  });
});

describe('spaceTimeGiStar ties', () => {
  it('gives bit-identical z-scores to bins with equal neighbourhood counts', () => {
    // Equal two-step window sums (N = 1) must give exactly equal z-scores — ties for Mann-Kendall,
    // not values that differ in the last bits (running sums of x − x̄ drift and invent trends).
    const nSteps = 156;
    const count = randomInt.source(randomLcg(37))(0, 6);
    const cube = Float64Array.from({ length: 3 * nSteps }, () => count());
    const { z } = spaceTimeGiStar(cube, 3, nSteps, [[1], [0, 2], [1]], { timeStep: 1 });
    const byWindowSum = new Map<number, Set<number>>();
    for (let t = 1; t < nSteps; t++) {
      const sum = cube[t]! + cube[t - 1]! + cube[nSteps + t]! + cube[nSteps + t - 1]!;
      const set = byWindowSum.get(sum) ?? new Set<number>();
      set.add(z[t]!);
      byWindowSum.set(sum, set);
    }
    expect(byWindowSum.size).toBeGreaterThan(5);
    for (const set of byWindowSum.values()) expect(set.size).toBe(1);
  });
});
