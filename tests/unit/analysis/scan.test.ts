import { describe, expect, it } from 'vitest';
import { randomLcg, randomPoisson } from 'd3-random';
import { permutationLlr, spaceTimePermutationScan } from '../../../server/analysis/scan.ts';

// methods.md §5 toy: rows = time (last = newest), columns = zones 1 and 2.
// Zone-major table: zone 1 = [1, 2, 0], zone 2 = [0, 1, 20].
const TOY = [1, 2, 0, 0, 1, 20];
const TOY_CENTROIDS: [number, number][] = [
  [0, 0],
  [1000, 0],
];

describe('permutationLlr', () => {
  it('is c ln(c/μ) + (C−c) ln((C−c)/(C−μ)) for c > μ, else 0', () => {
    expect(permutationLlr(20, 17.5, 24)).toBeCloseTo(0.728597, 6);
    expect(permutationLlr(21, 20.125, 24)).toBeCloseTo(21 * Math.log(21 / 20.125) + 3 * Math.log(3 / 3.875), 12);
    expect(permutationLlr(3, 3, 24)).toBe(0);
    expect(permutationLlr(2, 2.875, 24)).toBe(0);
    // All cases inside: the outside term vanishes.
    expect(permutationLlr(10, 5, 10)).toBeCloseTo(10 * Math.log(2), 12);
  });
});

describe('spaceTimePermutationScan on the methods.md toy', () => {
  it('finds zone {2}, last 1 step, LLR = 0.728597', () => {
    // The toy considers {1}, {2} and {1, 2}; zone 2 alone holds 21/24 of the cases, so the
    // default 50 % spatial limit has to be lifted to reproduce it.
    const result = spaceTimePermutationScan(TOY, 2, 3, TOY_CENTROIDS, { maxShare: 1, replications: 99 });
    const top = result.clusters[0];
    expect(top.zones).toEqual([1]);
    expect(top.duration).toBe(1);
    expect(top.startStep).toBe(2);
    expect(top.endStep).toBe(2);
    expect(top.observed).toBe(20);
    expect(top.expected).toBeCloseTo(17.5, 12);
    expect(top.relativeRisk).toBeCloseTo(20 / 17.5, 12);
    expect(top.llr).toBeCloseTo(0.728597, 6);
    expect(result.totalCases).toBe(24);
    expect(result.maxDuration).toBe(1);
    expect(top.p).toBe(top.rank / 100);
    expect(top.recurrenceInterval).toBeCloseTo(1 / top.p, 12);
  });

  it('estimates the toy p-value close to its exact permutation probability', () => {
    // Only the observed arrangement (all 20 zone-2 cases among the 20 newest, hypergeometric
    // probability 21/C(24, 20) = 0.00198) reaches LLR 0.7286; zone 2 with 19 gives 0.251.
    const { clusters } = spaceTimePermutationScan(TOY, 2, 3, TOY_CENTROIDS, { maxShare: 1, replications: 9999, seed: 7 });
    expect(clusters[0].p).toBeGreaterThan(0.0008);
    expect(clusters[0].p).toBeLessThan(0.0035);
  });

  it('keeps the same most likely cluster when every window length is allowed', () => {
    // Zone 2 over the last two steps gives only 0.126; all three steps, or both zones, give 0.
    const result = spaceTimePermutationScan(TOY, 2, 3, TOY_CENTROIDS, { maxShare: 1, maxDuration: 3, replications: 9 });
    expect(result.clusters[0]).toMatchObject({ zones: [1], duration: 1 });
    expect(result.clusters[0].llr).toBeCloseTo(0.728597, 6);
  });

  it('excludes circles above the maximum share of cases', () => {
    const result = spaceTimePermutationScan(TOY, 2, 3, TOY_CENTROIDS, { replications: 9 });
    expect(result.clusters).toEqual([]);
  });
});

/** side × side zones 1 km apart, Poisson counts per zone and step. */
function synthetic(side: number, nSteps: number, mean: number, seed: number) {
  const nZones = side * side;
  const poisson = randomPoisson.source(randomLcg(seed))(mean);
  const counts = Array.from({ length: nZones * nSteps }, () => poisson());
  const centroids: [number, number][] = Array.from({ length: nZones }, (_, z) => [(z % side) * 1000, Math.floor(z / side) * 1000]);
  return { nZones, counts, centroids };
}

describe('spaceTimePermutationScan Monte Carlo', () => {
  const nSteps = 20;

  it('gives a strong planted cluster p ≤ 0.01', () => {
    const { nZones, counts, centroids } = synthetic(6, nSteps, 2, 21);
    for (const zone of [7, 8]) for (let t = nSteps - 2; t < nSteps; t++) counts[zone * nSteps + t] += 8;
    const result = spaceTimePermutationScan(counts, nZones, nSteps, centroids, { maxZones: 6, seed: 3 });
    const top = result.clusters[0];
    expect(top.zones).toEqual(expect.arrayContaining([7, 8]));
    expect(top.zones.length).toBeLessThanOrEqual(3);
    expect(top.endStep).toBe(nSteps - 1);
    expect(top.duration).toBeLessThanOrEqual(3);
    expect(top.p).toBeLessThanOrEqual(0.01);
    expect(top.p).toBe(0.001);
    expect(top.recurrenceInterval).toBeCloseTo(1000, 9);
  });

  it('does not flag uniform random data', () => {
    const { nZones, counts, centroids } = synthetic(6, nSteps, 2, 22);
    const result = spaceTimePermutationScan(counts, nZones, nSteps, centroids, { maxZones: 6, seed: 3 });
    expect(result.clusters.length).toBeGreaterThan(0);
    for (const cluster of result.clusters) expect(cluster.p).toBeGreaterThan(0.05);
  });

  it('is reproducible with the same seed', () => {
    const { nZones, counts, centroids } = synthetic(5, 12, 1.5, 5);
    const a = spaceTimePermutationScan(counts, nZones, 12, centroids, { seed: 42, replications: 199 });
    const b = spaceTimePermutationScan(counts, nZones, 12, centroids, { seed: 42, replications: 199 });
    expect(a.clusters.map((c) => c.p)).toEqual(b.clusters.map((c) => c.p));
    expect(a).toEqual(b);
  });

  it('reports non-overlapping secondary clusters', () => {
    const { nZones, counts, centroids } = synthetic(8, nSteps, 2, 8);
    for (let t = nSteps - 2; t < nSteps; t++) {
      counts[9 * nSteps + t] += 12; // near one corner
      counts[54 * nSteps + t] += 9; // near the opposite corner
    }
    const result = spaceTimePermutationScan(counts, nZones, nSteps, centroids, { maxZones: 4, seed: 1, analysesPerTimeUnit: 52 });
    const [first, second] = result.clusters;
    expect(first.zones).toContain(9);
    expect(second.zones).toContain(54);
    expect(first.zones.some((z) => second.zones.includes(z))).toBe(false);
    expect(second.llr).toBeLessThanOrEqual(first.llr);
    expect(second.p).toBeLessThanOrEqual(0.05);
    expect(first.recurrenceInterval).toBeCloseTo(1 / (first.p * 52), 12);
    const used = new Set<number>();
    for (const cluster of result.clusters) {
      for (const z of cluster.zones) {
        expect(used.has(z)).toBe(false);
        used.add(z);
      }
    }
  });

  it('respects the maximum radius', () => {
    const { nZones, counts, centroids } = synthetic(6, nSteps, 2, 21);
    const result = spaceTimePermutationScan(counts, nZones, nSteps, centroids, { maxRadius: 999, replications: 9 });
    for (const cluster of result.clusters) {
      expect(cluster.zones).toHaveLength(1);
      expect(cluster.radius).toBe(0);
    }
  });
});

describe('spaceTimePermutationScan degenerate cases', () => {
  it('returns no clusters for all-zero counts, one zone or one step', () => {
    expect(spaceTimePermutationScan(new Array(30).fill(0), 3, 10, [[0, 0], [1, 0], [2, 0]]).clusters).toEqual([]);
    expect(spaceTimePermutationScan([1, 4, 2, 9], 1, 4, [[0, 0]], { maxShare: 1 }).clusters).toEqual([]);
    expect(spaceTimePermutationScan([3, 9, 1], 3, 1, [[0, 0], [1, 0], [2, 0]], { maxShare: 1 }).clusters).toEqual([]);
    expect(spaceTimePermutationScan([], 0, 0, []).clusters).toEqual([]);
  });

  it('rejects malformed input', () => {
    expect(() => spaceTimePermutationScan([1, 2, 3], 2, 2, [[0, 0], [1, 1]])).toThrow(RangeError);
    expect(() => spaceTimePermutationScan([1, 2, 3, 0.5], 2, 2, [[0, 0], [1, 1]])).toThrow(RangeError);
    expect(() => spaceTimePermutationScan([1, 2, 3, 4], 2, 2, [[0, 0]])).toThrow(RangeError);
    expect(() => spaceTimePermutationScan([1, 2, 3, 4], 2, 2, [[0, 0], [1, 1]], { maxShare: 0 })).toThrow(RangeError);
  });
});
