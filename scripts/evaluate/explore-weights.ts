/**
 * `npx tsx scripts/evaluate/explore-weights.ts null|few ALPHA W [SEEDS]`: exploration of the test
 * weights (methods.md §9.1, "Weights"). `null`: false lead signals per weekly run on null data (52
 * runs per seed, exploration seeds 30000000 + k) and how many of them a window of ≤ 4 weeks
 * decided; `few`: the tester's setting of few-plants.ts (two floor-definition plants per file,
 * seeds 30000100 + k), signals matching neither plant per run and plants found with their delays.
 * W = 1: equal weights; otherwise the windows of 1, 2 and 4 weeks weigh W. Not part of the
 * evaluation's figures.
 */
import { DEFAULT_DETECTOR_PARAMS, detectSignals, type DetectorParams } from '../../server/analysis/earlySignals.ts';
import { cubeOf, matches, plantCore, twoPlantFile } from './harness.ts';
import { scenario } from './simulate.ts';
import { municipality } from './world.ts';
const [mode, a, W, nSeeds] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5] ?? 6)];
// W = 1: every test weighs 1 (the engine before 2026-12-06's weights); otherwise windows ≤ 4 weeks weigh W.
const params: DetectorParams = { ...DEFAULT_DETECTOR_PARAMS, alpha: a, testWeights: W !== 1 ? { window: { 1: W, 2: W, 4: W } } : undefined };
for (const code of ['GM1700', 'GM0141'] as const) {
  const m = municipality(code);
  if (mode === 'null') {
    let runs = 0, fa = 0, short = 0;
    for (let seed = 30000000; seed < 30000000 + nSeeds; seed++) {
      const sc = scenario(m, seed, { sudden: 0, rising: 0 });
      const cube = cubeOf(sc as any, m);
      for (let e = sc.weeks - 52; e < sc.weeks; e++) {
        const r = detectSignals([cube], { ...params, end: e }); runs++;
        fa += r.lead.length; short += r.lead.filter((s) => s.test === 'window' && s.to - s.from + 1 <= 4).length;
      }
    }
    console.log(`${code} null a=${a} W=${W}: ${(fa / runs).toFixed(3)}/wk (short windows ${(short / runs).toFixed(3)})`);
  } else {
    let unrelated = 0, runs = 0, found = 0, plants = 0, delays: number[] = [];
    for (let seed = 30000100; seed < 30000100 + nSeeds; seed++) {
      const { scenario: sc, plants: ps, cube } = twoPlantFile(m, seed);
      const cores = ps.map(plantCore);
      const end = sc.weeks - 1;
      const first_ = new Map<number, number>();
      for (let e = end - 11; e <= end; e++) {
        const r = detectSignals([cube], { ...params, end: e }); runs++;
        for (const s of r.lead) {
          const hit = ps.findIndex((p, j) => p.onset <= e && matches(s, p, cores[j]!));
          if (hit < 0) unrelated++;
          else if (e <= Math.min(end, ps[hit]!.onset + 3) && !first_.has(hit)) first_.set(hit, e - ps[hit]!.onset + 1);
        }
      }
      found += first_.size; plants += 2; delays.push(...first_.values());
    }
    delays.sort((x, y) => x - y);
    console.log(`${code} few a=${a} W=${W}: unrelated ${(unrelated / runs).toFixed(3)}/wk; found ${found}/${plants}; delays ${delays.join(',')}`);
  }
}
