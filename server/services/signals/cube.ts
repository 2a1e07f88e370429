import type { Database } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import type { StudyArea } from './locations.ts';
import { isoOf, type StepRange } from './steps.ts';

/** Location-major count cubes of one study area: one per category and one for all categories. */
export interface Cubes {
  nLocations: number;
  nSteps: number;
  /** Per category code; categories without reports are absent (their cube is all zeros). */
  byCategory: Map<string, Float64Array>;
  all: Float64Array;
  /** Reports that fell outside the study area's locations (none expected: the grid has a margin). */
  unplaced: number;
}

/**
 * Counts of every category in one set-based query, filled into typed arrays; the zero bins are
 * the arrays' initial zeros.
 */
export async function buildCubes(db: Database, area: StudyArea, steps: StepRange): Promise<Cubes> {
  const nLocations = area.locations.length;
  const nSteps = steps.starts.length;
  const from = isoOf(steps.from);
  const to = isoOf(steps.to);
  const rows = area.kind.type === 'cells'
    ? await db.query<{ category: string; i: number; j: number; step: number; n: number }>(sql('signals/cell-step-counts'), [area.kind.size, area.gemeente, from, to, steps.unit])
    : await db.query<{ category: string; code: string; step: number; n: number }>(sql('signals/buurt-step-counts'), [area.gemeente, from, to, steps.unit]);
  const byCategory = new Map<string, Float64Array>();
  const all = new Float64Array(nLocations * nSteps);
  let unplaced = 0;
  for (const r of rows as { category: string; i?: number; j?: number; code?: string; step: number; n: number }[]) {
    const s = area.index.get(r.code ?? `${r.i}:${r.j}`);
    if (s === undefined || r.step < 0 || r.step >= nSteps) {
      unplaced += r.n;
      continue;
    }
    let cube = byCategory.get(r.category);
    if (!cube) byCategory.set(r.category, (cube = new Float64Array(nLocations * nSteps)));
    cube[s * nSteps + r.step] += r.n;
    all[s * nSteps + r.step] += r.n;
  }
  return { nLocations, nSteps, byCategory, all, unplaced };
}

/** Sum of a location's counts over steps [from, to] (inclusive, clipped to the cube). */
export function sumSteps(cube: Float64Array, nSteps: number, location: number, from: number, to: number): number {
  let sum = 0;
  for (let t = Math.max(0, from); t <= Math.min(nSteps - 1, to); t++) sum += cube[location * nSteps + t]!;
  return sum;
}
