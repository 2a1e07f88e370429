// Entry of the signal-run worker thread (runner.ts). Node 20 cannot start a worker from a .ts
// file, and tsx registers its loader on the main thread only (in a worker the inherited
// `--import tsx` does nothing): so this plain module registers tsx's ESM loader in the thread and
// then imports the TypeScript worker. Works the same under `npm start`, `tsx` scripts and vitest.
import { workerData } from 'node:worker_threads';

if (workerData?.entry?.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
