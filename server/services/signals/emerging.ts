import { emergingHotSpots, mannKendall, type EmergingLocation, type Neighbours } from '../../analysis/index.ts';
import { sumSteps, type Cubes } from './cube.ts';
import type { StudyArea } from './locations.ts';
import { RECENT_STEPS, type RunParameters } from './parameters.ts';
import { isoOf, stepEnd, type StepRange } from './steps.ts';
import type { SignalRecord } from './types.ts';

/** Hot spot classes that become signals, in the order the list shows them: the emerging ones
 *  (new, consecutive, intensifying) first. Historical hot spots (no longer hot) and cold spots
 *  are on the emerging map but are not signals. */
export const SIGNAL_CLASSES = [
  'new_hot', 'consecutive_hot', 'intensifying_hot', 'persistent_hot', 'diminishing_hot', 'sporadic_hot', 'oscillating_hot',
] as const;

/** One location's emerging result as stored (emerging_results). */
export interface EmergingRow {
  gemeente: string;
  category: string | null;
  location: string;
  i: number | null;
  j: number | null;
  class_code: string;
  reason: string | null;
  hot_steps: number;
  cold_steps: number;
  first_hot: string | null;
  last_hot: string | null;
  first_cold: string | null;
  last_cold: string | null;
  final_run: number;
  trend_direction: string;
  trend_tau: number;
  trend_z: number;
  trend_p: number;
  last_z: number;
  last_p: number;
  total: number;
}

/** ArcGIS confidence level reached by a (corrected) p: .99 / .95 / .90, else 1 − p. */
export function confidenceLevel(significance: number): number {
  return significance <= 0.01 ? 0.99 : significance <= 0.05 ? 0.95 : significance <= 0.1 ? 0.9 : Math.max(0, 1 - significance);
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Emerging hot spot analysis of one cube: the per-location rows, and one signal per group of
 * neighbouring locations that share a signal class (a plant covering three cells is one signal).
 */
export function analyseCube(
  area: StudyArea,
  category: string | null,
  cube: Float64Array,
  nSteps: number,
  neighbours: Neighbours,
  steps: StepRange,
  params: RunParameters,
): { rows: EmergingRow[]; signals: SignalRecord[] } {
  const n = area.locations.length;
  const result = emergingHotSpots(cube, n, nSteps, neighbours, { timeStep: params.timeStep, fdr: params.fdr, alpha: params.alpha });
  const significance = result.q ?? result.p;
  const day = (t: number | null) => (t === null ? null : isoOf(steps.starts[t]!));
  const rows: EmergingRow[] = result.locations.map((l) => ({
    gemeente: area.gemeente,
    category,
    location: area.locations[l.location]!.id,
    i: area.locations[l.location]!.i,
    j: area.locations[l.location]!.j,
    class_code: l.category,
    reason: l.reason,
    hot_steps: l.hotSteps,
    cold_steps: l.coldSteps,
    first_hot: day(l.firstHotStep),
    last_hot: day(l.lastHotStep),
    first_cold: day(l.firstColdStep),
    last_cold: day(l.lastColdStep),
    final_run: l.finalRun,
    trend_direction: l.trend.direction,
    trend_tau: round(l.trend.tau, 6),
    trend_z: round(l.trend.z, 6),
    trend_p: l.trend.p,
    last_z: round(l.lastZ, 6),
    last_p: l.lastP,
    total: sumSteps(cube, nSteps, l.location, 0, nSteps - 1),
  }));

  const signals: SignalRecord[] = [];
  const seen = new Uint8Array(n);
  for (const cls of SIGNAL_CLASSES) {
    for (let start = 0; start < n; start++) {
      if (seen[start] || result.locations[start]!.category !== cls) continue;
      // Connected group of locations with this class.
      const group: number[] = [];
      const stack = [start];
      seen[start] = 1;
      while (stack.length > 0) {
        const s = stack.pop()!;
        group.push(s);
        for (const t of neighbours[s]!) {
          if (!seen[t] && result.locations[t]!.category === cls) {
            seen[t] = 1;
            stack.push(t);
          }
        }
      }
      group.sort((a, b) => a - b);
      signals.push(groupSignal(area, category, cls, group.map((s) => result.locations[s]!), cube, nSteps, result.z, significance, steps, params));
    }
  }
  return { rows, signals };
}

function groupSignal(
  area: StudyArea,
  category: string | null,
  cls: string,
  members: EmergingLocation[],
  cube: Float64Array,
  nSteps: number,
  z: Float64Array,
  significance: Float64Array,
  steps: StepRange,
  params: RunParameters,
): SignalRecord {
  const runClass = cls === 'new_hot' || cls === 'consecutive_hot';
  const window = runClass
    ? Math.max(...members.map((m) => m.finalRun))
    : Math.min(RECENT_STEPS[params.step], nSteps);
  const windowStart = nSteps - window;
  let recent = 0;
  let before = 0;
  let previous = 0;
  let total = 0;
  const meanZ = new Float64Array(nSteps);
  let weakest = 0;
  let score = -Infinity;
  let hotSteps = 0;
  let firstHot = nSteps - 1;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const m of members) {
    const s = m.location;
    recent += sumSteps(cube, nSteps, s, windowStart, nSteps - 1);
    before += sumSteps(cube, nSteps, s, 0, windowStart - 1);
    previous += sumSteps(cube, nSteps, s, windowStart - window, windowStart - 1);
    total += sumSteps(cube, nSteps, s, 0, nSteps - 1);
    for (let t = 0; t < nSteps; t++) meanZ[t]! += z[s * nSteps + t]! / members.length;
    weakest = Math.max(weakest, significance[s * nSteps + nSteps - 1]!);
    score = Math.max(score, m.lastZ);
    hotSteps = Math.max(hotSteps, m.hotSteps);
    if (m.firstHotStep !== null) firstHot = Math.min(firstHot, m.firstHotStep);
    const b = area.locations[s]!.bbox;
    bbox[0] = Math.min(bbox[0], b[0]);
    bbox[1] = Math.min(bbox[1], b[1]);
    bbox[2] = Math.max(bbox[2], b[2]);
    bbox[3] = Math.max(bbox[3], b[3]);
  }
  const mk = mannKendall(meanZ);
  const firstStep = runClass ? windowStart : firstHot;
  return {
    gemeente: area.gemeente,
    kind: 'emerging',
    category,
    classCode: cls,
    locationType: area.kind.type === 'cells' ? 'cell' : 'buurt',
    locations: members.map((m) => area.locations[m.location]!.id),
    bbox,
    confidence: confidenceLevel(weakest),
    firstDay: isoOf(steps.starts[firstStep]!),
    lastDay: isoOf(stepEnd(steps.unit, steps.starts[nSteps - 1]!)),
    counts: { recent, before, previous, total },
    trend: mk.defined ? { tau: round(mk.tau, 6), z: round(mk.z, 6), p: mk.p } : null,
    score: round(score, 6),
    rank: 0,
    status: 'new',
    details: {
      step: params.step,
      windowSteps: window,
      beforeSteps: windowStart,
      cubeSteps: nSteps,
      hotSteps,
      fdr: params.fdr,
      names: area.kind.type === 'buurten' ? members.map((m) => area.locations[m.location]!.name ?? area.locations[m.location]!.id) : undefined,
    },
  };
}

export function cubeOf(cubes: Cubes, category: string | null): Float64Array {
  if (category === null) return cubes.all;
  return cubes.byCategory.get(category) ?? new Float64Array(cubes.nLocations * cubes.nSteps);
}
