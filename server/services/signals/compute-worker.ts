/**
 * The signal-run worker thread: receives one ComputeInput at a time from runner.ts, answers with
 * the ComputeOutput (or the error's message). Started by compute-worker-boot.mjs, which makes
 * TypeScript loadable inside the thread.
 */
import { parentPort } from 'node:worker_threads';
import { computeRun, type ComputeInput, type ComputeOutput } from './compute.ts';

export type WorkerRequest = { id: number; input: ComputeInput };
export type WorkerResponse = { id: number; output: ComputeOutput } | { id: number; error: { message: string; stack?: string } };

if (!parentPort) throw new Error('compute-worker.ts runs only as a worker thread');
const port = parentPort;

port.on('message', async ({ id, input }: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { id, output: await computeRun(input) };
  } catch (err) {
    response = { id, error: { message: String((err as Error)?.message ?? err), stack: (err as Error)?.stack } };
  }
  port.postMessage(response);
});
port.postMessage({ ready: true });
