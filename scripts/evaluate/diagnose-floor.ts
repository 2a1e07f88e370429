/**
 * `npx tsx scripts/evaluate/diagnose-floor.ts [seeds] [seedBase] [--two-plant] [--fisher] [--verbose]`
 * — a diagnostic, not part of the evaluation: where sudden plants of the floor's definition lose
 * their evidence on the way from the one-test oracle to the engine's window tests. Plants: the
 * floor mode's (harness.ts floorScenario, one per data set, seeds 30000000 + k), or with
 * `--two-plant` the two of each file of few-plants.ts (harness.ts twoPlantFile, seeds 30000100 + k).
 * For each plant and week of data up to its deadline: A the oracle (reports in the footprint against
 * the true background mean), A2 the same on the engine's windows of 1, 2 and 4 weeks, A3 those
 * windows' reports given the footprint's window + baseline total, binomial with the share π
 * plugged in from the rest (the baseline's noise, not π's), B the engine's window test (predictive, predictiveTest.ts; `--fisher`:
 * Fisher's exact test; windows 1, 2, 4) on the exact footprint counting reports, C the same
 * counting incidents, D the best zone holding a core buurt counting incidents (what the engine can
 * see). Prints how many plants reach a per-test threshold at each stage (`--verbose`: each plant's
 * four p-values).
 */
import { fisherWindowTest } from '../../server/analysis/conditionalTest.ts';
import { predictiveWindowTest, restPosterior } from '../../server/analysis/predictiveTest.ts';
import { DEFAULT_DETECTOR_PARAMS } from '../../server/analysis/earlySignals.ts';
import { binomialUpperTail, poissonUpperTail } from '../../server/analysis/poisson.ts';
import { candidateZones } from '../../server/analysis/zones.ts';
import { cubeOf, floorScenario, plantCore, twoPlantFile } from './harness.ts';
import type { Plant } from './simulate.ts';
import { municipality } from './world.ts';

const TWO_PLANT = process.argv.includes('--two-plant');
const [seedsArg, baseArg] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
const SEEDS = Number(seedsArg ?? (TWO_PLANT ? 15 : 60));
const BASE = Number(baseArg ?? (TWO_PLANT ? 30000100 : 30000000));
const THRESHOLDS = [3e-5, 1e-4, 3e-4, 1e-3];
const levels = ['A oracle', 'A2 oracle, windows 1/2/4', 'A3 windows, binomial with the rest\'s share', 'B footprint, reports', 'C footprint, incidents', 'D zones, incidents'] as const;
const found = THRESHOLDS.map(() => levels.map(() => 0));
let n = 0;
for (const code of ['GM1700', 'GM0141'] as const) {
  const m = municipality(code);
  const cents = Array.from({ length: m.buurten.length }, (_, i) => [m.centroids[2 * i]!, m.centroids[2 * i + 1]!] as const);
  const zones = candidateZones(m.neighbours, cents, 4);
  const all = Array.from({ length: m.buurten.length }, (_, i) => i);
  for (let seed = BASE; seed < BASE + SEEDS; seed++) {
    // Reports per category (what the oracle and B count), the true background means, the plants.
    let sc: { weeks: number; counts: Float64Array[]; means: Float64Array[] };
    let cube: ReturnType<typeof cubeOf>;
    let plants: Plant[];
    if (TWO_PLANT) {
      const file = twoPlantFile(m, seed);
      sc = { weeks: file.scenario.weeks, counts: file.data.counts, means: file.scenario.means };
      cube = file.cube;
      plants = file.plants;
    } else {
      const floor = floorScenario(m, seed, { sudden: 12, rising: 6 });
      sc = floor.scenario;
      cube = cubeOf(floor.scenario, m);
      plants = [floor.plant];
    }
    const W = sc.weeks;
    for (const p of plants) {
      const c = p.category;
      const core = plantCore(p);
      const deadline = Math.min(W - 1, p.onset + 3);
      const best = levels.map(() => 1);
      for (let e = p.onset; e <= deadline; e++) {
        let obs = 0, mu = 0;
        for (let t = p.onset; t <= e; t++) for (const b of p.buurten) { obs += sc.counts[c]![b * W + t]!; mu += sc.means[c]![b * W + t]!; }
        best[0] = Math.min(best[0]!, poissonUpperTail(obs, mu));
        // A2: the oracle held to the engine's short windows (1, 2, 4 weeks ending at e; the weeks
        // before the onset count too, as they do in the engine's windows).
        for (const w of [1, 2, 4]) {
          let o = 0, m = 0;
          for (let t = e - w + 1; t <= e; t++) for (const b of p.buurten) { o += sc.counts[c]![b * W + t]!; m += sc.means[c]![b * W + t]!; }
          best[1] = Math.min(best[1]!, poissonUpperTail(o, m));
        }
        const windowP = (counts: Float64Array[], bs: number[], plugIn = false) => {
          const cc = counts[c]!;
          const allc = (xs: number[], f: number, t: number) => { let s = 0; for (const a of counts) for (const b of xs) for (let k = f; k <= t; k++) s += a[b * W + k]!; return s; };
          const sum = (xs: number[], f: number, t: number) => { let s = 0; for (const b of xs) for (let k = f; k <= t; k++) s += cc[b * W + k]!; return s; };
          let pmin = 1;
          for (const w of [1, 2, 4]) {
            const from = e - w + 1; const bf = Math.max(0, from - 104);
            const y = sum(bs, from, e); if (y < 3) continue;
            const base = sum(bs, bf, from - 1);
            const rW = sum(all, from, e) - y, rB = sum(all, bf, from - 1) - base;
            if (process.argv.includes('--fisher')) { pmin = Math.min(pmin, fisherWindowTest(y, base, rW, rB).p); continue; }
            // As the engine: the prior's centre is the other categories' share outside the zone.
            const oW = allc(all, from, e) - allc(bs, from, e) - rW, oB = allc(all, bf, from - 1) - allc(bs, bf, from - 1) - rB;
            const { a, b } = restPosterior(rW, rB, oW / (oW + oB), DEFAULT_DETECTOR_PARAMS.kappa);
            pmin = Math.min(pmin, plugIn ? binomialUpperTail(y, y + base, a / (a + b)) : predictiveWindowTest(y, base, a, b).p);
          }
          return pmin;
        };
        // A3: the engine's window counts on the footprint (reports), the share π plugged in from
        // the rest's posterior (its noise ignored): what the baseline's own noise costs.
        best[2] = Math.min(best[2]!, windowP(sc.counts, p.buurten, true));
        best[3] = Math.min(best[3]!, windowP(sc.counts, p.buurten));
        best[4] = Math.min(best[4]!, windowP(cube.counts, p.buurten));
        for (const z of zones) if (z.members.some((x) => core.includes(x))) best[5] = Math.min(best[5]!, windowP(cube.counts, z.members));
      }
      n++;
      THRESHOLDS.forEach((t, i) => levels.forEach((_, l) => { if (best[l]! <= t) found[i]![l]!++; }));
      if (process.argv.includes('--verbose')) console.log(code, seed, p.shape, p.buurten.length, p.categoryCode, best.map((x) => x.toExponential(1)).join(' '));
    }
  }
}
console.log(`${n} ${TWO_PLANT ? 'two-plant-file' : 'floor-mode'} plants; found by the deadline at a per-test threshold:`);
console.log(['threshold', ...levels].join(' | '));
THRESHOLDS.forEach((t, i) => console.log([t.toExponential(0), ...found[i]!.map(String)].join(' | ')));
