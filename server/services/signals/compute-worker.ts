/**
 * The signal-run worker thread: receives one RunInput (with the detector's parameters) at a time
 * from runner.ts, answers with the RunOutput (or the error's message). Started by compute-worker-boot.mjs, which makes
 * TypeScript loadable inside the thread.
 */
import { parentPort } from 'node:worker_threads';
import type { DetectorParams } from '../../analysis/earlySignals.ts';
import { computeRun, type RunInput, type RunOutput } from './compute.ts';

export type WorkerRequest = { id: number; input: RunInput; params: DetectorParams };
export type WorkerResponse = { id: number; output: RunOutput } | { id: number; error: { message: string; stack?: string } };

if (!parentPort) throw new Error('compute-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', ({ id, input, params }: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { id, output: computeRun(input, params) };
  } catch (err) {
    response = { id, error: { message: String((err as Error)?.message ?? err), stack: (err as Error)?.stack } };
  }
  port.postMessage(response);
});
port.postMessage({ ready: true });
