/**
 * `npx tsx scripts/evaluate/explore-weights.ts ALPHA W [SEEDS]`: exploration of the test
 * weights (methods.md §9.1, "Weights"): false lead signals per weekly run on null data (52 runs per
 * seed, exploration seeds 30000000 + k) and how many of them a window of ≤ 4 weeks decided (the
 * harness's summary has no breakdown by test). The tester's two-plant files at the same settings:
 * `few-plants.ts --alpha ALPHA --weight W`.
 * W = 1: equal weights; otherwise the windows of 1, 2 and 4 weeks weigh W. Not part of the
 * evaluation's figures.
 */
import { DEFAULT_DETECTOR_PARAMS, detectSignals, type DetectorParams } from '../../server/analysis/earlySignals.ts';
import { cubeOf } from './harness.ts';
import { scenario } from './simulate.ts';
import { municipality } from './world.ts';
const [a, W, nSeeds] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4] ?? 6)];
// W = 1: every test weighs 1 (the engine before 2026-12-06's weights); otherwise windows ≤ 4 weeks weigh W.
const params: DetectorParams = { ...DEFAULT_DETECTOR_PARAMS, alpha: a, testWeights: W !== 1 ? { window: { 1: W, 2: W, 4: W } } : undefined };
for (const code of ['GM1700', 'GM0141'] as const) {
  const m = municipality(code);
  let runs = 0, fa = 0, short = 0;
  for (let seed = 30000000; seed < 30000000 + nSeeds; seed++) {
    const sc = scenario(m, seed, { sudden: 0, rising: 0 });
    const cube = cubeOf(sc, m);
    for (let e = sc.weeks - 52; e < sc.weeks; e++) {
      const r = detectSignals([cube], { ...params, end: e }); runs++;
      fa += r.lead.length; short += r.lead.filter((s) => s.test === 'window' && s.to - s.from + 1 <= 4).length;
    }
  }
  console.log(`${code} null a=${a} W=${W}: ${(fa / runs).toFixed(3)}/wk (short windows ${(short / runs).toFixed(3)})`);
}
