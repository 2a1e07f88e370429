import { municipality } from './world.ts';
import { scenario } from './simulate.ts';
import { detectSignals, DEFAULT_DETECTOR_PARAMS, type AreaCube } from '../../server/analysis/earlySignals.ts';
import { CATEGORIES } from '../demo/model.ts';
for (const code of ['GM1700', 'GM0141'] as const) {
  const m = municipality(code);
  const sc = scenario(m, 1, { sudden: 0, rising: 0 });
  const cube: AreaCube = { id: code, nPlaces: m.buurten.length, nWeeks: sc.weeks, categories: [...CATEGORIES], counts: sc.counts, neighbours: m.neighbours, centroids: m.centroids, inhabitants: m.inhabitants };
  let n = 0; const t = performance.now(); let leads = 0;
  for (let e = 104; e < 156; e++) { const r = detectSignals([cube], { ...DEFAULT_DETECTOR_PARAMS, alpha: 0.05, end: e }); n++; leads += r.lead.length; }
  console.log(code, ((performance.now() - t) / n).toFixed(1), 'ms/run', 'leads/run', (leads / n).toFixed(2));
}
