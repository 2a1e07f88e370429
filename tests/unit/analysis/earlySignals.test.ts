/**
 * The detector's worked example (server/analysis/earlySignals.ts): 27 places with a flat Poisson
 * background of 0.2 reports a week each, plus 12 extra reports in the last 3 weeks in one place.
 */
import { describe, expect, it } from 'vitest';
import { randomLcg } from 'd3';
import { DEFAULT_DETECTOR_PARAMS, detectSignals, type AreaCube } from '../../../server/analysis/earlySignals.ts';
import { poisson } from '../../../scripts/evaluate/simulate.ts';
import { gridCube } from './fixtures/grid.ts';

const ROWS = 3;
const COLS = 9;
const WEEKS = 130;

/** A 3 × 9 grid of places 1 km apart (rook contiguity), one category, Poisson(0.2) a week each. */
function flatCube(seed: number, extra: (place: number, week: number, rng: () => number) => number = () => 0): AreaCube {
  const n = ROWS * COLS;
  const rng = randomLcg(seed);
  const counts = new Float64Array(n * WEEKS);
  for (let s = 0; s < n; s++) for (let t = 0; t < WEEKS; t++) counts[s * WEEKS + t] = poisson(0.2, rng) + extra(s, t, rng);
  return gridCube(ROWS, COLS, WEEKS, 'hennep', counts);
}

describe('detectSignals: the worked example', () => {
  // The planted place: the middle of the grid; 4 extra reports in each of the last 3 weeks.
  const PLACE = 13;
  const planted = (s: number, t: number) => (s === PLACE && t >= WEEKS - 3 ? 4 : 0);

  // Seeds whose background alone lists nothing (the next test: seeds 8, 18, 30, 34 and 37 list a
  // chance window).
  // Under plain BH (multiplicity 'tests') seed 3 fails: the plant's ~140 significant tests let a
  // chance trend elsewhere onto the list (clusterFdr.ts).
  it('lists one lead signal, sudden, in the planted place, decided by a window of at most 4 weeks', () => {
    for (const seed of [1, 3, 4]) {
      const r = detectSignals([flatCube(seed, planted)]);
      expect(r.stats.significant, `seed ${seed}`).toBeGreaterThan(50);
      expect(r.lead, `seed ${seed}`).toHaveLength(1);
      const [s] = r.lead;
      expect(s!.class).toBe('sudden');
      expect(s!.places).toContain(PLACE);
      expect(s!.test).toBe('window');
      expect(s!.to - s!.from + 1).toBeLessThanOrEqual(4);
      expect(s!.q).toBeLessThanOrEqual(DEFAULT_DETECTOR_PARAMS.alpha);
      // The smallest p a lead-eligible test reached is at most the deciding test's; the same over
      // the short windows alone (the deciding test is one), never below the smallest of all.
      expect(r.stats.smallestLeadP).toBeLessThanOrEqual(s!.p);
      expect(r.stats.smallestShortWindowP).toBeLessThanOrEqual(s!.p);
      expect(r.stats.smallestShortWindowP).toBeGreaterThanOrEqual(r.stats.smallestLeadP);
    }
  });

  it('lists about 0.1 chance signals a run on the background alone, and reports the smallest p of a test that could lead', () => {
    let signals = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = detectSignals([flatCube(seed)]);
      signals += r.lead.length;
      // Chance: some test could lead (≥ 3 reports); its p is never below the listed ones'.
      expect(r.stats.smallestLeadP).toBeGreaterThan(0);
      expect(r.stats.smallestLeadP).toBeLessThan(1);
      for (const s of r.lead) expect(r.stats.smallestLeadP).toBeLessThanOrEqual(s.p);
      for (const s of r.lead.filter((x) => x.test === 'window' && x.to - x.from + 1 <= 4)) expect(r.stats.smallestShortWindowP).toBeLessThanOrEqual(s.p);
      expect(r.stats.smallestShortWindowP).toBeGreaterThanOrEqual(r.stats.smallestLeadP);
    }
    // 4 in these 40 runs (seeds 8, 18, 30, 37; engine v10, which also tested all categories over
    // one week in a zone, 5 with seed 34; with Fisher's test 8 and 18, before the weights 2, 8 and
    // 21), as calibrated (docs/evaluation.md: about 0.1 false lead signals a run at the
    // defaults); 8 is the bound.
    expect(signals).toBeGreaterThan(0);
    expect(signals).toBeLessThanOrEqual(8);
    // No test can lead without 3 reports in a window: the smallest p is then 1.
    const empty = flatCube(1);
    empty.counts[0]!.fill(0);
    expect(detectSignals([empty]).stats.smallestLeadP).toBe(1);
    expect(detectSignals([empty]).stats.smallestShortWindowP).toBe(1);
  });

  // The weights (methods.md §9.1): windows of ≤ 4 weeks weigh 5, alpha 0.5. A one-week burst of 3
  // extra reports in one place, over 40 seeds, and the 40 backgrounds alone: the defaults find
  // it in 23 with 4 chance signals; equal weights at alpha 0.5 find 17 with 9; the engine before
  // the weights and the predictive test (Fisher, equal weights, alpha 0.3) finds 11 with 5, with
  // the weights and Fisher 19 with 2. (The toy's one category at 0.2 a week is where Fisher's
  // conditioning costs most; the evaluation compares the engines at their measured null rates.)
  // Since engine v11 no zone is tested on all categories over one week (rule 4): in the toy, whose
  // one category is all categories, that removes a copy of each one-week test from the family, and
  // the figures were 25 / 5, 18 / 8 and 13 / 2 with them; "before" then listed fewer chance signals
  // than the defaults, now one more (5 against 4), so its bound says only that it finds fewer.
  it('weighs the short windows: a one-week burst is found more often, with fewer chance signals than equal weights', () => {
    const burst = (s: number, t: number) => (s === PLACE && t >= WEEKS - 1 ? 3 : 0);
    const tally = (params: typeof DEFAULT_DETECTOR_PARAMS) => {
      let found = 0;
      let chance = 0;
      for (let seed = 1; seed <= 40; seed++) {
        if (detectSignals([flatCube(seed, burst)], params).lead.some((x) => x.places.includes(PLACE))) found++;
        chance += detectSignals([flatCube(seed)], params).lead.length;
      }
      return { found, chance };
    };
    const now = tally(DEFAULT_DETECTOR_PARAMS);
    const equalWeights = tally({ ...DEFAULT_DETECTOR_PARAMS, testWeights: undefined });
    const before = tally({ ...DEFAULT_DETECTOR_PARAMS, alpha: 0.3, testWeights: undefined, windowTest: 'fisher' });
    expect(now.found).toBeGreaterThanOrEqual(21);
    expect(now.chance).toBeLessThanOrEqual(6);
    expect(equalWeights.found).toBeLessThanOrEqual(now.found - 4);
    expect(equalWeights.chance).toBeGreaterThan(now.chance);
    expect(before.found).toBeLessThanOrEqual(now.found - 8);
    expect(before.chance).toBeLessThanOrEqual(6);
  });

  // The predictive window test (predictiveTest.ts) keeps the zone out of its own expectation:
  // Fisher's expected count n·K/N counts the planted reports in the window total K.
  it("predicts the window from the rest, not from a total that holds the zone's own reports", () => {
    const s = detectSignals([flatCube(1, planted)]).lead.find((x) => x.places.includes(PLACE))!;
    const fisher = detectSignals([flatCube(1, planted)], { ...DEFAULT_DETECTOR_PARAMS, windowTest: 'fisher' }).lead.find((x) => x.places.includes(PLACE))!;
    expect(s.test).toBe('window');
    expect(fisher.test).toBe('window');
    expect(s.observed).toBe(fisher.observed);
    // Fisher's expectation holds the 12 planted reports' share of the window's total.
    expect(fisher.expected).toBeGreaterThan(s.expected * 1.3);
  });

  // Rising against sudden is decided on p, not on the weighted q: a 26-week ramp in one place
  // (Poisson, from 0 to `top` extra reports a week) with `spike` extra reports in the last week.
  // These cases are listed as sudden when the class compares q (the short windows' weight 5 makes
  // their q smaller than the trend's at a larger p); the trend's p is the smaller one.
  // The rule's effect on the evaluation: rising plants shown as sudden 11 of 31 found, on q 14.
  // (Cases re-picked for the predictive window test: 18 of 320 grid cases differ between the rules.)
  it('shows a ramp with a last-week spike as rising when the trend is the stronger evidence', () => {
    // Cases where the trend is the stronger evidence (seeds 10–29 hold both kinds for every ramp).
    // (0.6, 5) was seed 11 until the leave-one-out φ̂ (2026-12-07): a chance φ̂ of 0.35 instead of
    // 0.30 on the toy's Poisson baseline weakened its trend below the spike's window there; no
    // other of the 80 cases changed class.
    for (const [top, spike, seed] of [[0.4, 3, 10], [0.6, 5, 16], [0.8, 3, 13], [0.8, 4, 19]] as const) {
      const ramp = (s: number, t: number, rng: () => number) => (s === PLACE && t >= WEEKS - 26 ? poisson((top * (t - (WEEKS - 26) + 1)) / 26, rng) + (t === WEEKS - 1 ? spike : 0) : 0);
      const hit = detectSignals([flatCube(seed, ramp)]).lead.find((x) => x.places.includes(PLACE));
      expect(hit?.class, `top ${top}, spike ${spike}, seed ${seed}`).toBe('rising');
    }
  });
});

describe('detectSignals: the map class "falling"', () => {
  // The middle place had 1.5 reports a week (0.2 + 1.3) until 13 weeks ago, then the background's 0.2.
  const PLACE = 13;
  const stopped = (s: number, t: number, rng: () => number) => (s === PLACE && t < WEEKS - 13 ? poisson(1.3, rng) : 0);

  it('marks a place whose reports fell off in the last 13 weeks as falling, and no other place', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const falling = detectSignals([flatCube(seed, stopped)]).map.filter((m) => m.class === 'falling');
      expect(falling.map((m) => m.place), `seed ${seed}`).toContain(PLACE);
      expect(falling.filter((m) => m.place !== PLACE), `seed ${seed}`).toEqual([]);
    }
  });

  it('marks nothing falling on the background alone', () => {
    let falling = 0;
    for (let seed = 1; seed <= 20; seed++) falling += detectSignals([flatCube(seed)]).map.filter((m) => m.class === 'falling').length;
    expect(falling).toBeLessThanOrEqual(1);
  });
});

describe('detectSignals: all categories of a zone over one week (rule 4)', () => {
  // Three categories at 0.2 a week in each place; in the last week the middle place has 2 extra
  // reports in each: no category reaches the minimum own count (3) in a week, all categories
  // together do (6 against about 0.6). The publication layer withholds a buurt's or a wijk's
  // count of all categories over one week (docs/disclosure.md, rule 4), and a signal shows its
  // window's own count, so since engine v11 the detector does not test that window for a zone
  // smaller than the municipality. It costs such bursts: on seeds 1–6 the burst leads in a window
  // of 2 or 4 weeks on seeds 1, 3 and 5 and not at all on 2 and 4 (seed 6: a chance signal of one
  // category in a zone holding the place, both ways); with the one-week test 5 of 6, four of them
  // over that one week. The evaluation's plants are of one category; there the same floor plants
  // are found, 3 of 114 a week or two later (docs/evaluation.md, "engine v11").
  const PLACE = 13;
  const SEEDS = [1, 2, 3, 4, 5, 6];
  const threeCategories = (seed: number): AreaCube => {
    const cubes = [0, 1, 2].map((c) => flatCube(seed * 10 + c, (s, t) => (s === PLACE && t === WEEKS - 1 ? 2 : 0)));
    return { ...cubes[0]!, categories: ['hennep', 'drugslab', 'overig'], counts: cubes.map((x) => x.counts[0]!) };
  };
  const allCategoriesHit = (params = DEFAULT_DETECTOR_PARAMS) => SEEDS.map((seed) => detectSignals([threeCategories(seed)], params).lead.find((x) => x.category === null && x.places.includes(PLACE)));
  const weeks = (s: { from: number; to: number }) => s.to - s.from + 1;

  it('never leads with a one-week window of all categories in a zone, and still finds half of such bursts', () => {
    const hits = allCategoriesHit().filter((s) => s !== undefined);
    for (const s of hits) expect(weeks(s)).toBeGreaterThanOrEqual(2);
    expect(hits.length).toBeGreaterThanOrEqual(3);
    // The control: with those tests (engine v10), most of the same bursts lead over one week.
    const before = allCategoriesHit({ ...DEFAULT_DETECTOR_PARAMS, zoneAllCategoriesMinWeeks: 1 });
    expect(before.filter((s) => s !== undefined && weeks(s) === 1).length).toBeGreaterThanOrEqual(3);
  });
});
