import { municipality } from './world.ts';
import { scenario } from './simulate.ts';
import { detectSignals, DEFAULT_DETECTOR_PARAMS, type AreaCube } from '../../server/analysis/earlySignals.ts';
import { CATEGORIES } from '../demo/model.ts';
const alpha = Number(process.argv[2] ?? 0.05);
const m = municipality('GM1700');
const tally: Record<string, number> = {};
let runs = 0;
for (let seed = 1000; seed < 1006; seed++) {
  const sc = scenario(m, seed, { sudden: 0, rising: 0 });
  const cube: AreaCube = { id: 'x', nPlaces: m.buurten.length, nWeeks: sc.weeks, categories: [...CATEGORIES], counts: sc.counts, neighbours: m.neighbours, centroids: m.centroids, inhabitants: m.inhabitants };
  for (let e = 104; e < 156; e += 1) {
    runs++;
    const r = detectSignals([cube], { ...DEFAULT_DETECTOR_PARAMS, alpha, end: e });
    for (const s of r.lead) {
      const k = `${s.class}|${s.test}|${s.to - s.from + 1}|${s.category}`;
      tally[k] = (tally[k] ?? 0) + 1;
      if (e % 4 === 0) console.log(seed, e, s.class, s.category, s.places.length, s.test, s.to - s.from + 1, 'y', s.observed, 'base', s.base, 'exp', s.expected.toFixed(2), 'q', s.q.toExponential(2), 'p', s.p.toExponential(2), 'eff', s.effect.toFixed(1));
    }
  }
}
console.log(runs, Object.entries(tally).sort((a, b) => b[1] - a[1]));
