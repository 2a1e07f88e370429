/**
 * MapLibre's worker, started by the entry as soon as the session says the map is the first view,
 * and handed to MapLibre when the map code is ready.
 *
 * The worker has to fetch, compile and evaluate its 0.5 MB script before it can tile anything,
 * and MapLibre creates it only once its own (1 MB) module has been evaluated: traced, the
 * worker then came up ~0.4 s after the map was made and the first frame waited for it. Started
 * from the entry instead (this module holds no MapLibre code, only the worker's URL), the worker
 * gets ready on another core while /api/meta and the figures are on their way: map made → first
 * render 0.72 s instead of 0.88 s (median, docs/benchmarks.md); on a busy 2-core machine the
 * whole first render is not measurably sooner (the core it needs is not idle then).
 *
 * MapLibre has no API to accept a worker: it calls `new Worker(url, { type: 'module' })` while
 * `prewarm()` runs (synchronously, as long as the URL is same-origin). `handOver` answers that one
 * call with the worker started here and puts the browser's `Worker` back right after. Should
 * MapLibre not ask (another version, another URL), the early worker is ended and MapLibre makes
 * its own, as before.
 */
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

let early: Worker | null = null;
/** MapLibre has its workers (from here or its own): a later login must not start another. */
let mapStarted = false;

/** The worker script's URL (hashed by the build): MapLibre is given the same one. */
export const mapWorkerUrl: string = workerUrl;

/** Starts MapLibre's worker now (once). */
export function startMapWorkerEarly(): void {
  if (early || mapStarted || typeof Worker === 'undefined') return;
  try {
    early = new Worker(mapWorkerUrl, { type: 'module' });
    performance.mark('signaalkaart:worker-early');
  } catch {
    early = null;
  }
}

/** Runs `start` (MapLibre's `prewarm`), answering its request for a worker with the early one. */
export function handOver(start: () => void): void {
  const made = early;
  early = null;
  mapStarted = true;
  if (!made) return start();
  const Native = globalThis.Worker;
  let used = false;
  function Handing(url: string | URL, options?: WorkerOptions): Worker {
    if (!used && String(url) === mapWorkerUrl && options?.type === 'module') {
      used = true;
      return made!;
    }
    return new Native(url, options);
  }
  globalThis.Worker = Handing as unknown as typeof Worker;
  try {
    start();
  } finally {
    globalThis.Worker = Native;
  }
  if (!used) made.terminate();
}
