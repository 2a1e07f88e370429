import { Worker } from 'node:worker_threads';
import type { Database } from '../../db/index.ts';
import { InputError } from '../../errors.ts';
import type { DetectorParams } from '../../analysis/earlySignals.ts';
import { computeRun, transferables, type RunInput, type RunOutput } from './compute.ts';
import type { WorkerRequest, WorkerResponse } from './compute-worker.ts';

/**
 * Where signal runs execute: one run at a time per database, first come first served (RunQueue),
 * with the CPU part of each run in one worker thread (node:worker_threads) so the event loop keeps
 * answering requests. The database reads and writes of a run stay on the main thread (PGlite is
 * in-process); the thread gets the typed-array cubes moved to it (a transfer list, no copies) and
 * returns the results. Plain worker_threads rather than a pool library: there is exactly one
 * thread and one job at a time, and the one thing a pool would add (a queue) has to know about
 * databases, users and drafts anyway.
 *
 * SIGNALS_WORKER=off computes in-process instead (the old behaviour; the benchmark's baseline).
 */

export type ComputeMode = 'worker' | 'inline';
let mode: ComputeMode = process.env.SIGNALS_WORKER === 'off' ? 'inline' : 'worker';

export function setComputeMode(m: ComputeMode): void {
  mode = m;
}
export function computeMode(): ComputeMode {
  return mode;
}

// ---------------------------------------------------------------------------------------------
// The thread

const BOOT = new URL('./compute-worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./compute-worker.ts', import.meta.url).href;

class ComputeThread {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private pending = new Map<number, { resolve: (o: RunOutput) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  /** Computations answered by the thread since the process started (tests look at it). */
  completed = 0;
  /** One computation at a time across every database of the process. */
  private tail: Promise<unknown> = Promise.resolve();

  start(): Promise<Worker> {
    if (this.ready) return this.ready;
    this.ready = new Promise<Worker>((resolve, reject) => {
      // The inherited execArgv (tsx's loader flags) is harmless: the thread registers tsx itself.
      const worker = new Worker(BOOT, { workerData: { entry: ENTRY }, name: 'signal-runs' });
      worker.unref();
      let started = false;
      worker.on('message', (message: WorkerResponse | { ready: true }) => {
        if ('ready' in message) {
          started = true;
          this.worker = worker;
          resolve(worker);
          return;
        }
        const job = this.pending.get(message.id);
        if (!job) return;
        this.pending.delete(message.id);
        if (this.pending.size === 0) worker.unref();
        this.completed++;
        if ('error' in message) {
          const err = new Error(message.error.message);
          if (message.error.stack) err.stack = message.error.stack;
          job.reject(err);
        } else job.resolve(message.output);
      });
      const fail = (err: Error) => {
        this.worker = null;
        this.ready = null;
        if (!started) reject(err);
        for (const job of this.pending.values()) job.reject(err);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`the signal-run worker stopped (exit code ${code})`)));
    });
    return this.ready;
  }

  run(input: RunInput, params: DetectorParams): Promise<RunOutput> {
    const job = this.tail.then(async () => {
      const worker = await this.start();
      const id = this.nextId++;
      const result = new Promise<RunOutput>((resolve, reject) => this.pending.set(id, { resolve, reject }));
      // Keeps the process alive while a computation is out (a CLI import waits for its run).
      worker.ref();
      worker.postMessage({ id, input, params } satisfies WorkerRequest, transferables(input));
      return result;
    });
    this.tail = job.catch(() => {});
    return job;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker) await worker.terminate();
  }
}

const thread = new ComputeThread();

/** The CPU part of a run: in the worker thread, or in-process when SIGNALS_WORKER=off. */
export function compute(input: RunInput, params: DetectorParams): Promise<RunOutput> {
  if (mode === 'worker') return thread.run(input, params);
  try {
    return Promise.resolve(computeRun(input, params));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Starts the worker thread ahead of the first run (loading TypeScript in the thread takes
 *  seconds on a busy machine); a failure is left for the first run to report. */
export function warmComputeThread(): void {
  if (mode === 'worker') thread.start().catch(() => {});
}

/** How many computations the worker thread has answered (0: every run so far was in-process). */
export function threadComputations(): number {
  return thread.completed;
}

/** Stops the worker thread (it starts again with the next run). */
export function stopComputeThread(): Promise<void> {
  return thread.close();
}

/**
 * The main-thread parts of a run (building the cubes from the in-memory rollup, publishing and
 * explaining the results) are plain CPU work of tens to hundreds of milliseconds on a large
 * installation. `pause()` gives the event loop a turn (setImmediate: pending I/O and timers run
 * first) once `sliceMs` have passed since the last turn, so requests that arrive during a run wait
 * for at most one slice instead of the whole step.
 */
export function loopSlicer(sliceMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

// ---------------------------------------------------------------------------------------------
// The queue

export type RunVisibility = 'published' | 'draft';

export interface JobInfo {
  /** 'published': the list everyone sees; 'draft': one analyst's what-if run; 'emerging': an
   *  on-demand emerging map. */
  kind: RunVisibility | 'emerging';
  /** Who asked (a username, or 'system' for scheduled runs). */
  by: string;
  /** Why: import, nightly, defaults, admin, analyst, start, cli, map. */
  trigger: string;
}

export interface QueueState {
  running: JobInfo | null;
  waiting: JobInfo[];
}

/** Runs waiting at most (beyond it a new request is refused with 503, rather than queue for an hour). */
export const MAX_WAITING = 10;

export class RunQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private jobs: JobInfo[] = [];
  private active = 0;

  /** Appends a run; it starts when every run before it has finished (failed runs included). */
  enqueue<T>(info: JobInfo, fn: () => Promise<T>): Promise<T> {
    if (this.jobs.length - this.active >= MAX_WAITING) {
      throw new InputError(`${MAX_WAITING} signal runs are already waiting; try again when they are done`, [], { status: 503, code: 'queue_full' });
    }
    if (info.kind === 'draft' && this.jobs.some((j) => j.kind === 'draft' && j.by === info.by)) {
      throw new InputError('you already have a draft run in the queue; wait for it to finish', [], { status: 409, code: 'draft_queued' });
    }
    this.jobs.push(info);
    const run = async () => {
      this.active = 1;
      try {
        return await fn();
      } finally {
        this.jobs.splice(this.jobs.indexOf(info), 1);
        this.active = 0;
      }
    };
    const job = this.tail.then(run, run);
    this.tail = job.catch(() => {});
    return job;
  }

  state(): QueueState {
    return { running: this.active ? this.jobs[0]! : null, waiting: this.jobs.slice(this.active) };
  }

  /** Resolves when every run queued so far has finished. */
  async idle(): Promise<void> {
    while (this.jobs.length > 0) await this.tail;
  }
}

const queues = new WeakMap<Database, RunQueue>();

/** The run queue of a database (one per database: the process may hold several, e.g. in tests). */
export function queueFor(db: Database): RunQueue {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = new RunQueue()));
  return q;
}
