import { DEFAULT_DETECTOR_PARAMS, detectSignals } from '../server/analysis/earlySignals.ts';
import { cubeOf } from './evaluate/harness.ts';
import { scenario } from './evaluate/simulate.ts';
import { municipality } from './evaluate/world.ts';
const m = municipality('GM1700');
for (const R of [1, 1.5]) for (const seed of [7001, 7004]) {
  const sc = scenario(m, seed, { sudden: 0, rising: 0 }, undefined, undefined, 1, R);
  const cube = cubeOf(sc, m);
  let n = 0; const seen = new Map<string, number>();
  for (let e = sc.weeks - 26; e < sc.weeks; e++) {
    const r = detectSignals([cube], { ...DEFAULT_DETECTOR_PARAMS, end: e });
    n += r.lead.length;
    for (const s of r.lead) { const k = `${s.category} ${s.places.join(',')} ${s.class} ${s.test}${s.to - s.from + 1} y=${s.observed} e=${s.expected.toFixed(1)}`; seen.set(k, (seen.get(k) ?? 0) + 1); }
  }
  console.log(R, seed, n / 26);
  for (const [k, v] of [...seen].slice(0, 8)) console.log('  ', v, k);
}
