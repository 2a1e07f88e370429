/**
 * The statistics of a run as one pure function of transferable inputs (typed arrays, plain arrays
 * and numbers): no database, no clock, no publication. `computeRun(input, params)` can therefore
 * run in a worker thread (postMessage with the typed arrays' buffers transferred).
 *
 * The worker thread (compute-worker.ts) calls it, and so does the in-process fallback of runner.ts;
 * the run's database reads happen before (engine.ts: load) and its writes after (engine.ts), on the
 * main thread (PGlite runs in-process). To change the statistics of a run, change what this
 * function does; the queue and the thread stay as they are.
 *
 * Each municipality is its own study area and its own family for the multiple-testing correction
 * (server/analysis/earlySignals.ts).
 */
import { detectSignals, type AreaCube, type DetectorParams, type RunResult } from '../../analysis/earlySignals.ts';

export interface RunInput {
  areas: AreaCube[];
}

export interface RunOutput {
  areas: RunResult[];
  /** Milliseconds per area. */
  ms: number[];
}

export function computeRun(input: RunInput, params: DetectorParams): RunOutput {
  const areas: RunResult[] = [];
  const ms: number[] = [];
  for (const cube of input.areas) {
    const t = performance.now();
    areas.push(detectSignals([cube], params));
    ms.push(Math.round(performance.now() - t));
  }
  return { areas, ms };
}

/** The ArrayBuffers of an input, for postMessage's transfer list. */
export function transferables(input: RunInput): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of input.areas) {
    for (const c of a.counts) out.push(c.buffer as ArrayBuffer);
    out.push(a.centroids.buffer as ArrayBuffer, a.inhabitants.buffer as ArrayBuffer);
  }
  return out;
}
