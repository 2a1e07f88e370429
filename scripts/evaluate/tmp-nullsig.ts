import { DEFAULT_DETECTOR_PARAMS as D, detectSignals } from '../../server/analysis/earlySignals.ts';
import { cubeOf } from './harness.ts';
import { scenario } from './simulate.ts';
import { municipality } from './world.ts';
const m = municipality((process.argv[3] ?? 'GM1700') as 'GM1700');
const seeds = (process.argv[2] ?? '7001,7002,7003,7004').split(',').map(Number);
for (const wt of ['predictive', 'fisher'] as const) {
  const tally: Record<string, number> = {};
  let n = 0;
  for (const seed of seeds) {
    const sc = scenario(m, seed, { sudden: 0, rising: 0 });
    const cube = cubeOf(sc, m);
    for (let e = sc.weeks - 26; e < sc.weeks; e++) {
      for (const s of detectSignals([cube], { ...D, windowTest: wt, end: e }).lead) {
        n++;
        const k = `${s.category ?? 'ALL'} ${s.test}${s.to - s.from + 1}`;
        tally[k] = (tally[k] ?? 0) + 1;
        if (process.argv.includes('-v') && wt === 'predictive') console.log(seed, e, s.category, s.class, s.test, s.to - s.from + 1, 'y', s.observed, 'e', s.expected.toFixed(2), 'base', s.base, 'p', s.p.toExponential(1), 'places', s.places.join('+'));
      }
    }
  }
  console.log(wt, n, JSON.stringify(Object.entries(tally).sort((a, b) => b[1] - a[1])));
}
