/**
 * `npx tsx scripts/evaluate/explore-weights.ts ALPHA W [SEEDS] [DISPERSION] [WEEKS]`: exploration of the test
 * weights (methods.md §9.1, "Weights"): false lead signals per weekly run on null data (52 runs per
 * seed, exploration seeds 30000000 + k) by deciding test (window length or trend span; the
 * harness's summary has no breakdown by test), on a Poisson background or, with DISPERSION > 0, a
 * negative-binomial one (simulate.ts ReportModel.dispersion). The tester's two-plant files at the same settings:
 * `few-plants.ts --alpha ALPHA --weight W`.
 * W = 1: equal weights; otherwise the windows of 1, 2 and 4 weeks weigh W. Not part of the
 * evaluation's figures.
 */
import { DEFAULT_DETECTOR_PARAMS, detectSignals, type DetectorParams } from '../../server/analysis/earlySignals.ts';
import { cubeOf } from './harness.ts';
import { scenario } from './simulate.ts';
import { municipality } from './world.ts';
const [a, W, nSeeds, dispersion, dispersionWeeks] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4] ?? 6), Number(process.argv[5] ?? 0), Number(process.argv[6] ?? 1)];
// W = 1: every test weighs 1 (the engine before 2026-12-06's weights); otherwise windows ≤ 4 weeks weigh W.
const params: DetectorParams = { ...DEFAULT_DETECTOR_PARAMS, alpha: a, testWeights: W !== 1 ? { window: { 1: W, 2: W, 4: W } } : undefined };
for (const code of ['GM1700', 'GM0141'] as const) {
  const m = municipality(code);
  let runs = 0, fa = 0;
  const byTest = new Map<string, number>();
  for (let seed = 30000000; seed < 30000000 + nSeeds; seed++) {
    const sc = scenario(m, seed, { sudden: 0, rising: 0 }, undefined, undefined, { dispersion, dispersionWeeks });
    const cube = cubeOf(sc, m);
    for (let e = sc.weeks - 52; e < sc.weeks; e++) {
      const r = detectSignals([cube], { ...params, end: e }); runs++;
      fa += r.lead.length;
      for (const s of r.lead) {
        const key = `${s.test} ${s.to - s.from + 1}${s.category === null ? ' (all)' : ''}`;
        byTest.set(key, (byTest.get(key) ?? 0) + 1);
      }
    }
  }
  const tests = [...byTest].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k}: ${v}`).join(', ');
  console.log(`${code} null a=${a} W=${W} dispersion=${dispersion}×${dispersionWeeks}wk: ${(fa / runs).toFixed(3)}/wk in ${runs} runs (${tests})`);
}
