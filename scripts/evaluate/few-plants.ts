/**
 * `npx tsx scripts/evaluate/few-plants.ts [seeds]`: the tester's setting — a file with only two
 * sudden plants drawn from the floor's definition (harness.ts drawFloorPlant) on the null
 * background — compared between the engine's defaults (step-up by region, weights, predictive
 * window test), the same with Fisher's window test (engine v4), the step-up by region with equal
 * weights at α = 0.3 (before the weights) and plain BH at its former α = 0.2 (`multiplicity:
 * 'tests'`); the earlier engines with Fisher's test, as they were. Per municipality: lead signals
 * matching neither plant per weekly run over the last 12 weeks, and plants found within 4 weeks of
 * data from the onset, with their delays (weeks of plant data at the first match).
 * `--alpha A --weight W`: only the defaults with that α and the windows of ≤ 4 weeks weighing W
 * (W = 1: equal weights) — the exploration of the weights (methods.md §9.1, "Weights").
 * Exploration seeds 30000100 + k (disjoint from the reported ones); results in docs/evaluation.md
 * ("Counting regions, not tests").
 */
import { DEFAULT_DETECTOR_PARAMS, detectSignals, type DetectorParams } from '../../server/analysis/earlySignals.ts';
import { matches, plantCore, twoPlantFile } from './harness.ts';
import { municipality } from './world.ts';

const flag = (name: string) => { const k = process.argv.indexOf(name); return k > 0 ? Number(process.argv[k + 1]) : null; };
const SEEDS = Number(process.argv.slice(2).find((x, k, xs) => !x.startsWith('--') && !(k > 0 && xs[k - 1]!.startsWith('--'))) ?? 15);
const RUN_WEEKS = 12;
const [alpha, weight] = [flag('--alpha'), flag('--weight')];
const variants: { name: string; params: DetectorParams }[] = alpha !== null && weight !== null ? [
  { name: `alpha ${alpha}, windows ≤ 4 weeks weigh ${weight}`, params: { ...DEFAULT_DETECTOR_PARAMS, alpha, testWeights: weight !== 1 ? { window: { 1: weight, 2: weight, 4: weight } } : undefined } },
] : [
  { name: `plain BH, alpha 0.2, Fisher`, params: { ...DEFAULT_DETECTOR_PARAMS, alpha: 0.2, multiplicity: 'tests', testWeights: undefined, windowTest: 'fisher' } },
  { name: `regions, alpha 0.3, equal weights, Fisher`, params: { ...DEFAULT_DETECTOR_PARAMS, alpha: 0.3, testWeights: undefined, windowTest: 'fisher' } },
  { name: `regions, weights, alpha ${DEFAULT_DETECTOR_PARAMS.alpha}, Fisher (engine v4)`, params: { ...DEFAULT_DETECTOR_PARAMS, windowTest: 'fisher' } },
  { name: `regions, alpha ${DEFAULT_DETECTOR_PARAMS.alpha} (defaults)`, params: DEFAULT_DETECTOR_PARAMS },
];

for (const code of ['GM1700', 'GM0141'] as const) {
  const m = municipality(code);
  const tally = variants.map(() => ({ unrelated: 0, runs: 0, found: 0, plants: 0, delays: [] as number[] }));
  for (let seed = 30000100; seed < 30000100 + SEEDS; seed++) {
    const { scenario: sc, plants, cube } = twoPlantFile(m, seed);
    const cores = plants.map(plantCore);
    const end = sc.weeks - 1;
    variants.forEach((v, k) => {
      const found = new Map<number, number>(); // plant → delay
      for (let e = end - RUN_WEEKS + 1; e <= end; e++) {
        const r = detectSignals([cube], { ...v.params, end: e });
        tally[k]!.runs++;
        for (const s of r.lead) {
          const hit = plants.findIndex((p, j) => p.onset <= e && matches(s, p, cores[j]!));
          if (hit < 0) tally[k]!.unrelated++;
          else if (e <= Math.min(end, plants[hit]!.onset + 3) && !found.has(hit)) found.set(hit, e - plants[hit]!.onset + 1);
        }
      }
      tally[k]!.found += found.size;
      tally[k]!.plants += plants.length;
      tally[k]!.delays.push(...found.values());
    });
  }
  variants.forEach((v, k) => {
    const t = tally[k]!;
    console.log(`${code} ${v.name}: ${(t.unrelated / t.runs).toFixed(3)} lead signals matching neither plant a week; found ${t.found} / ${t.plants} (delays ${t.delays.sort((x, y) => x - y).join(',')})`);
  });
}
