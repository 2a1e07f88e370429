import { benjaminiHochberg, spaceTimePermutationScan, type ScanCluster } from '../../analysis/index.ts';
import { cubeOf } from './emerging.ts';
import type { Cubes } from './cube.ts';
import type { StudyArea } from './locations.ts';
import type { RunParameters } from './parameters.ts';
import { isoOf, stepEnd, type StepRange } from './steps.ts';
import type { SignalRecord } from './types.ts';

/**
 * Prospective space-time permutation scans (weekly, windows ending at the last complete week) per
 * municipality × category and all categories together. Zones are the study area's locations;
 * each scan reports its most likely cluster and non-overlapping secondary ones; BH-FDR over the
 * Monte Carlo p-values of every cluster of the run decides which become signals.
 */
export interface ScanInput {
  area: StudyArea;
  cubes: Cubes;
  weeks: StepRange;
}

/** Seeds differ per scan (else every scan would use the same permutations) but are fixed. */
function scanSeed(base: number, gemeente: string, category: string | null): number {
  let h = base >>> 0;
  for (const ch of `${gemeente}|${category ?? '*'}`) h = (Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0);
  return h;
}

/** Lets the event loop serve requests between scans (each takes up to a second of CPU). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function computeClusters(inputs: ScanInput[], categories: (string | null)[], params: RunParameters): Promise<{ signals: SignalRecord[]; scans: number }> {
  const found: { input: ScanInput; category: string | null; cluster: ScanCluster }[] = [];
  let scans = 0;
  for (const input of inputs) {
    const { area, cubes } = input;
    const centroids = area.locations.map((l) => [l.x, l.y]);
    for (const category of categories) {
      const cube = cubeOf(cubes, category);
      let total = 0;
      for (let k = 0; k < cube.length; k++) total += cube[k]!;
      if (total === 0) continue;
      scans++;
      const result = spaceTimePermutationScan(cube, cubes.nLocations, cubes.nSteps, centroids, {
        maxZones: params.scan.maxZones,
        maxRadius: params.scan.maxRadiusMetres,
        maxDuration: Math.min(params.scan.windowWeeks, cubes.nSteps),
        replications: params.scan.replications,
        seed: scanSeed(params.scan.seed, area.gemeente, category),
        maxClusters: params.scan.maxClusters,
        analysesPerTimeUnit: 1,
      });
      for (const cluster of result.clusters) found.push({ input, category, cluster });
      await breathe();
    }
  }
  const q = benjaminiHochberg(found.map((f) => f.cluster.p));
  const signals: SignalRecord[] = [];
  found.forEach(({ input, category, cluster }, k) => {
    if (!(q[k]! <= params.alpha)) return;
    const { area, weeks } = input;
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const z of cluster.zones) {
      const b = area.locations[z]!.bbox;
      bbox[0] = Math.min(bbox[0], b[0]);
      bbox[1] = Math.min(bbox[1], b[1]);
      bbox[2] = Math.max(bbox[2], b[2]);
      bbox[3] = Math.max(bbox[3], b[3]);
    }
    signals.push({
      gemeente: area.gemeente,
      kind: 'cluster',
      category,
      classCode: 'space_time_cluster',
      locationType: area.kind.type === 'cells' ? 'cell' : 'buurt',
      locations: cluster.zones.map((z) => area.locations[z]!.id),
      bbox,
      confidence: round(1 - cluster.p, 6),
      firstDay: isoOf(weeks.starts[cluster.startStep]!),
      lastDay: isoOf(stepEnd('week', weeks.starts[cluster.endStep]!)),
      counts: { observed: cluster.observed },
      trend: null,
      score: round(cluster.llr, 6),
      rank: 0,
      status: 'new',
      details: {
        step: 'week',
        fdr: true,
        names: area.kind.type === 'buurten' ? cluster.zones.map((z) => area.locations[z]!.name ?? area.locations[z]!.id) : undefined,
        cluster: {
          expected: round(cluster.expected, 2),
          relativeRisk: round(cluster.relativeRisk, 3),
          p: cluster.p,
          q: round(q[k]!, 6),
          replications: params.scan.replications,
          recurrenceWeeks: round(cluster.recurrenceInterval, 1),
          durationWeeks: cluster.duration,
        },
      },
    });
  });
  return { signals, scans };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
