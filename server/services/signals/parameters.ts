import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { zodToInputError } from '../../http.ts';
import { CELL_SIZES, type CellSize } from '../areas.ts';

/** Settings of a signal run (POST /api/signals/run, runSignals), every one with a default. */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((v) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}, 'is not a calendar date');

const neighbourhood = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('queen'),
    // Snapping tolerance: hexagons share exact edges (1 m absorbs rounding); the generalised CBS
    // buurt boundaries leave gaps and overlaps of tens of metres, hence 50 m for buurten.
    snapMetres: z.number().min(0).max(500).optional(),
  }).strict(),
  z.object({ type: z.literal('distance'), metres: z.number().positive().max(20_000) }).strict(),
]);

export const runParametersSchema = z.object({
  /** One municipality, or null for every loaded municipality with reports in the cube's period. */
  gemeente: z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code like GM1700').nullable().default(null),
  locations: z.enum(['cells', 'buurten']).default('cells'),
  cellSize: z.union(CELL_SIZES.map((s) => z.literal(s)) as unknown as [z.ZodLiteral<250>, z.ZodLiteral<500>, z.ZodLiteral<1000>]).default(500),
  step: z.enum(['week', 'month']).default('week'),
  neighbourhood: neighbourhood.default({ type: 'queen' }),
  /** Neighbourhood time step N of the space-time Gi*: steps t, t−1, …, t−N. */
  timeStep: z.number().int().min(0).max(12).default(1),
  alpha: z.number().positive().max(0.1).default(0.05),
  fdr: z.boolean().default(true),
  /** Longest cube (most recent steps); null = 156 weeks or 36 months. */
  maxSteps: z.number().int().min(10).max(520).nullable().default(null),
  /** The cube ends at the last complete step on or before this day (and the data's last day). */
  end: isoDate.nullable().default(null),
  alerts: z.object({
    /** Window of the same-period test, in weeks ending at the last complete week. */
    windowWeeks: z.number().int().min(1).max(26).default(4),
    /** Earlier years compared at most. */
    baselineYears: z.number().int().min(1).max(5).default(3),
    /** Smallest count that can alarm (same-period: the window; EARS C2: the week; C3: the last 3 weeks). */
    minCount: z.number().int().min(1).max(100).default(5),
  }).strict().default({ windowWeeks: 4, baselineYears: 3, minCount: 5 }),
  scan: z.object({
    // At most 999 (issue #13): p-values to 1/1000 are all a run reports, and 9999 took 18 s of CPU.
    replications: z.number().int().min(99).max(999).default(999),
    /** Longest cluster window, in weeks ending at the last complete week. */
    windowWeeks: z.number().int().min(1).max(26).default(8),
    /** Largest circle: nearest zones and radius between centroids. */
    maxZones: z.number().int().min(1).max(50).default(12),
    maxRadiusMetres: z.number().positive().max(10_000).default(1500),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(20261128),
    /** Clusters reported per scan at most (the most likely one and non-overlapping secondaries). */
    maxClusters: z.number().int().min(1).max(10).default(3),
  }).strict().default({ replications: 999, windowWeeks: 8, maxZones: 12, maxRadiusMetres: 1500, seed: 20261128, maxClusters: 3 }),
}).strict();

export type RunParameters = z.infer<typeof runParametersSchema>;
export type RunParametersInput = z.input<typeof runParametersSchema>;

export const DEFAULT_MAX_STEPS = { week: 156, month: 36 } as const;
/** Steps summed for the "recent" counts of classes other than new/consecutive. */
export const RECENT_STEPS = { week: 8, month: 3 } as const;

/** Validated settings with every default filled in; a problem is a 400 naming the setting. */
export function resolveRunParameters(input: unknown): RunParameters {
  const parsed = runParametersSchema.safeParse(input ?? {});
  if (!parsed.success) throw zodToInputError(parsed.error);
  const p = parsed.data;
  if (p.locations === 'buurten' && p.neighbourhood.type === 'distance') {
    // Distance bands between buurt centroids would give the large rural buurten no neighbours.
    throw new InputError('neighbourhood: buurten use queen contiguity (with snapping); distance bands are for cells', [], { parameter: 'neighbourhood' });
  }
  return p;
}

export function snapMetres(p: Pick<RunParameters, 'locations' | 'neighbourhood'>): number {
  if (p.neighbourhood.type !== 'queen') return 0;
  return p.neighbourhood.snapMetres ?? (p.locations === 'buurten' ? 50 : 1);
}

export function maxStepsOf(p: Pick<RunParameters, 'maxSteps' | 'step'>): number {
  return p.maxSteps ?? DEFAULT_MAX_STEPS[p.step];
}

/** The settings that decide the per-location emerging results, as canonical text (the key under
 *  which a stored run can answer /api/emerging). */
export function emergingKey(p: RunParameters): string {
  const neighbourhood = p.neighbourhood.type === 'queen' ? `queen:${snapMetres(p)}` : `distance:${p.neighbourhood.metres}`;
  return [
    p.locations === 'cells' ? `cells:${p.cellSize}` : 'buurten',
    p.step,
    neighbourhood,
    `t${p.timeStep}`,
    `a${p.alpha}`,
    p.fdr ? 'fdr' : 'nofdr',
    `max${maxStepsOf(p)}`,
    `end:${p.end ?? 'data'}`,
  ].join('|');
}

export type LocationKind = { type: 'cells'; size: CellSize } | { type: 'buurten' };

export function locationKindOf(p: Pick<RunParameters, 'locations' | 'cellSize'>): LocationKind {
  return p.locations === 'cells' ? { type: 'cells', size: p.cellSize } : { type: 'buurten' };
}
