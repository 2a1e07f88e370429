/**
 * Why floor-mode plants are missed (methods.md §9.1, "What was tried"):
 *
 *   npx tsx scripts/evaluate/diagnose-missed.ts FLOOR.json [N]
 *
 * FLOOR.json: `npm run evaluate -- --floor-only --json FLOOR.json` (volume 1, 12 sudden + 6 rising
 * random plants). For the first N missed floor plants it rebuilds the data set and prints, at the
 * plant's deadline run: the window test (Fisher) of the plant's exact footprint over its weeks, its
 * expected count against the true background mean, the same test with the rest of the municipality
 * taken from the background WITHOUT the other plants, and ≈ the BH threshold of the run
 * (0.2 · significant tests / family size). A diagnostic, not part of the evaluation.
 */
import { readFileSync } from 'node:fs';
import { CATEGORIES } from '../demo/model.ts';
import { detectSignals, DEFAULT_DETECTOR_PARAMS } from '../../server/analysis/earlySignals.ts';
import { fisherWindowTest } from '../../server/analysis/conditionalTest.ts';
import { scenario } from './simulate.ts';
import { cubeOf, floorScenario } from './harness.ts';
import { municipality } from './world.ts';
const d = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
for (const po of d.floorPlants.filter((p: any) => !p.found).slice(0, Number(process.argv[3] ?? 20))) {
  const [code, seedS] = po.id.split('-');
  const seed = Number(seedS);
  const m = municipality(code);
  const { scenario: sc, plant } = floorScenario(m, seed, { sudden: 12, rising: 6 });
  const counts = sc.counts;
  const end = Math.min(sc.weeks - 1, plant.onset + 3);
  const W = sc.weeks;
  const sum = (c: number, bs: number[], f: number, t: number) => { let s = 0; for (const b of bs) for (let k = f; k <= t; k++) s += counts[c]![b * W + k]!; return s; };
  const tot = (c: number, f: number, t: number) => { let s = 0; for (let b = 0; b < m.buurten.length; b++) for (let k = f; k <= t; k++) s += counts[c]![b * W + k]!; return s; };
  const c = plant.category;
  const from = plant.onset; const bf = from - 104;
  const y = sum(c, plant.buurten, from, end); const base = sum(c, plant.buurten, bf, from - 1);
  const p = fisherWindowTest(y, base, tot(c, from, end) - y, tot(c, bf, from - 1) - base).p;
  const nul = scenario(m, seed, { sudden: 0, rising: 0 });
  const totN = (c: number, f: number, t: number) => { let s = 0; for (let b = 0; b < m.buurten.length; b++) for (let k = f; k <= t; k++) s += nul.counts[c]![b * W + k]!; return s; };
  const pN = fisherWindowTest(y, base, totN(c, from, end) - sum(c, plant.buurten, from, end) + (y - (plant.counts.reduce((a, x) => { let s2 = 0; for (let k = from; k <= end; k++) s2 += x[k]!; return a + s2; }, 0))), totN(c, bf, from - 1) - base).p;
  let trueMu = 0; for (const b of plant.buurten) for (let k = from; k <= end; k++) trueMu += sc.means[c]![b * W + k]!;
  const rW = tot(c, from, end) - y, rB = tot(c, bf, from - 1) - base;
  console.log('   E_fisher', ((y + base) * (rW / (rW + rB))).toFixed(1), 'trueBgMu', trueMu.toFixed(1), 'fisherP rest w/o other plants', pN.toExponential(1), 'rest W/B', rW, rB);
  const r = detectSignals([cubeOf(sc, m)], { ...DEFAULT_DETECTOR_PARAMS, end });
  console.log(code, CATEGORIES[c], plant.shape, plant.buurten.length, 'wk', end - from + 1, 'y', y, 'base/104', base, 'fisherP', p.toExponential(1), 'oracle', po.oracleP.toExponential(1), 'family', r.stats.family, 'signif', r.stats.significant, 'thr@k', (0.2 * Math.max(1, r.stats.significant) / r.stats.family).toExponential(1));
}
