import type { Neighbours } from '../../analysis/index.ts';
import { computeAlerts, type AlertInput } from './alerts.ts';
import { computeClusters, type ScanInput } from './clusters.ts';
import type { Cubes } from './cube.ts';
import { analyseCube, cubeOf, type EmergingRow } from './emerging.ts';
import type { StudyArea } from './locations.ts';
import type { RunParameters } from './parameters.ts';
import type { StepRange } from './steps.ts';
import type { SignalRecord } from './types.ts';

/**
 * The CPU part of a signal run, as one pure function: everything it needs arrives in a
 * `ComputeInput` (typed-array count cubes, study areas without their polygons, neighbour lists,
 * parameters), everything it produces leaves in a `ComputeOutput`. No database, no clock, no I/O:
 * the worker thread (compute-worker.ts) calls it, and so does the in-process fallback of
 * runner.ts. The run's database reads happen before (engine.ts: loadComputeInput) and its writes
 * after (engine.ts: storeRun), on the main thread (PGlite runs in-process).
 *
 * To change the statistics of a run, change what this function does (and, if it needs more
 * data, what `ComputeInput` carries and engine.ts loads); the queue and the thread stay as they are.
 */

/** A study area as the worker gets it: locations with ids, centroids and boxes; the RD polygons
 *  (only for contiguity, computed on the main thread and cached) and the id index stay behind. */
export type ComputeArea = Omit<StudyArea, 'polygons' | 'index'>;

export interface ComputeGemeente {
  area: ComputeArea;
  neighbours: Neighbours;
  /** The emerging cube (the run's steps). */
  cubes: Cubes;
  /** Weekly buurt cubes for the alerts (null: no alerts for this municipality). */
  alerts: { area: ComputeArea; cubes: Cubes; weeks: StepRange } | null;
  /** Weekly cubes for the scan (null: no scan). */
  scan: { area: ComputeArea; cubes: Cubes; weeks: StepRange } | null;
}

export interface ComputeInput {
  params: RunParameters;
  steps: StepRange;
  /** Category codes, and null for all categories together. */
  categories: (string | null)[];
  /** 'emerging': per-location results only (the on-demand maps); 'signals': also the signals. */
  withSignals: boolean;
  gemeenten: ComputeGemeente[];
}

export interface ComputeOutput {
  /** The per-location emerging results as JSON arrays of at most ROW_CHUNK rows each, ready for
   *  signals/insert-emerging (serialised here, so the main thread only hands text to the database). */
  rowChunks: string[];
  rowCount: number;
  /** Unranked signals (the main thread ranks them, marks new/ongoing and explains them). */
  signals: SignalRecord[];
  timings: Record<string, number>;
}

export const ROW_CHUNK = 5000;

const clock = () => performance.now();
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function computeRun(input: ComputeInput): Promise<ComputeOutput> {
  const { params, steps, categories, withSignals } = input;
  const timings: Record<string, number> = {};
  const rows: EmergingRow[] = [];
  const signals: SignalRecord[] = [];
  let t = clock();
  for (const g of input.gemeenten) {
    const area = g.area as StudyArea;
    for (const category of categories) {
      const out = analyseCube(area, category, cubeOf(g.cubes, category), g.cubes.nSteps, g.neighbours, steps, params);
      rows.push(...out.rows);
      if (withSignals) signals.push(...out.signals);
      // In the worker this costs nothing; run in-process (SIGNALS_WORKER=off) it is the only
      // chance for the server to answer requests between cubes.
      await breathe();
    }
  }
  timings.emerging = clock() - t;
  if (withSignals) {
    t = clock();
    const alertInputs: AlertInput[] = input.gemeenten.flatMap((g) => (g.alerts ? [{ ...g.alerts, area: g.alerts.area as StudyArea }] : []));
    signals.push(...computeAlerts(alertInputs, categories, params));
    timings.alerts = clock() - t;
    t = clock();
    const scanInputs: ScanInput[] = input.gemeenten.flatMap((g) => (g.scan ? [{ ...g.scan, area: g.scan.area as StudyArea }] : []));
    signals.push(...(await computeClusters(scanInputs, categories, params)).signals);
    timings.clusters = clock() - t;
  }
  const rowChunks: string[] = [];
  for (let k = 0; k < rows.length; k += ROW_CHUNK) rowChunks.push(JSON.stringify(rows.slice(k, k + ROW_CHUNK)));
  return { rowChunks, rowCount: rows.length, signals, timings };
}

/** The ArrayBuffers of every cube of an input, each once (a cube shared by the emerging run and
 *  the alerts or the scan is one buffer; listing it twice would make postMessage throw). They move
 *  to the worker without a copy and are unusable on the sending side afterwards. */
export function transferList(input: ComputeInput): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (cubes: Cubes) => {
    buffers.add(cubes.all.buffer as ArrayBuffer);
    for (const cube of cubes.byCategory.values()) buffers.add(cube.buffer as ArrayBuffer);
  };
  for (const g of input.gemeenten) {
    add(g.cubes);
    if (g.alerts) add(g.alerts.cubes);
    if (g.scan) add(g.scan.cubes);
  }
  return [...buffers];
}

/** A study area without what stays on the main thread. */
export function computeArea(area: StudyArea): ComputeArea {
  return { gemeente: area.gemeente, kind: area.kind, locations: area.locations };
}
