/**
 * `npx tsx scripts/evaluate/diagnose-few.ts [seeds]` — where the floor plants of few-plants.ts's
 * files lose their evidence (a diagnostic, not part of the evaluation): for each plant at its
 * deadline run, the one-test oracle's p (reports in the whole footprint against the true
 * background mean) beside the smallest window p (1, 2, 4 weeks) the engine computes for any of its
 * zones that holds a core buurt (incidents, Fisher against the rest of the municipality), and the
 * run's family size. The gap between the two is what the estimated reference, the merging of
 * reports into incidents and the zones cost before any multiplicity correction.
 */
import { DEFAULT_DETECTOR_PARAMS, detectSignals } from '../../server/analysis/earlySignals.ts';
import { fisherWindowTest } from '../../server/analysis/conditionalTest.ts';
import { poissonUpperTail } from '../../server/analysis/poisson.ts';
import { candidateZones } from '../../server/analysis/zones.ts';
import { plantCore, twoPlantFile } from './harness.ts';
import { municipality } from './world.ts';
const SEEDS = Number(process.argv[2] ?? 15);
for (const code of ['GM1700', 'GM0141'] as const) {
  const m = municipality(code);
  const cents = Array.from({ length: m.buurten.length }, (_, i) => [m.centroids[2 * i]!, m.centroids[2 * i + 1]!] as const);
  const zones = candidateZones(m.neighbours, cents, 4);
  for (let seed = 30000100; seed < 30000100 + SEEDS; seed++) {
    const { scenario: sc, plants: ps, data, cube } = twoPlantFile(m, seed);
    const W = sc.weeks;
    for (const p of ps) {
      const e = Math.min(W - 1, p.onset + 3);
      const c = p.category;
      let obs = 0, mu = 0;
      for (let t = p.onset; t <= e; t++) for (const b of p.buurten) { obs += data.counts[c]![b * W + t]!; mu += sc.means[c]![b * W + t]!; }
      const oracle = poissonUpperTail(obs, mu);
      const core = plantCore(p);
      const cc = cube.counts[c]!;
      const sum = (bs: number[], f: number, t: number) => { let s = 0; for (const b of bs) for (let k = f; k <= t; k++) s += cc[b * W + k]!; return s; };
      const all = Array.from({ length: m.buurten.length }, (_, i) => i);
      let best = 1, bestDesc = '';
      for (const z of zones) {
        if (!z.members.some((x) => core.includes(x))) continue;
        for (const w of [1, 2, 4]) {
          const from = e - w + 1; const bf = from - 104;
          const y = sum(z.members, from, e), base = sum(z.members, bf, from - 1);
          const rW = sum(all, from, e) - y, rB = sum(all, bf, from - 1) - base;
          const pv = fisherWindowTest(y, base, rW, rB).p;
          if (pv < best) { best = pv; bestDesc = `z${z.members.length} w${w} y${y} b${base}`; }
        }
      }
      const r = detectSignals([cube], { ...DEFAULT_DETECTOR_PARAMS, end: e });
      console.log(`${code} ${seed} ${p.shape}${p.buurten.length} ${p.categoryCode.padEnd(12)} wk${e - p.onset + 1} obs ${obs} mu ${mu.toFixed(1)} oracle ${oracle.toExponential(1)} engineBest ${best.toExponential(1)} (${bestDesc}) family ${r.stats.family}`);
    }
  }
}
