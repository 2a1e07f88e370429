import { runHarness, summarise } from './harness.ts';
import { DEFAULT_DETECTOR_PARAMS } from '../../server/analysis/earlySignals.ts';
const alpha = Number(process.argv[2] ?? 0.05);
const seeds = Number(process.argv[3] ?? 3);
const muni = (process.argv[4] ?? 'GM1700').split(',') as any;
const r = runHarness({ seeds: Array.from({ length: seeds }, (_, k) => 1000 + k), municipalities: muni, plants: { sudden: 6, rising: 3 }, runWeeks: 52, params: { ...DEFAULT_DETECTOR_PARAMS, alpha }, onProgress: (l) => process.stderr.write(l + '\n') });
const s = summarise(r);
console.log(JSON.stringify(s, null, 1));
for (const p of r.plants) console.log(p.kind, p.shape, p.category, p.rr.toFixed(1), p.onsetWeeksBeforeEnd, p.plantedByDeadline, p.found, p.delay, p.classAtDetection);
