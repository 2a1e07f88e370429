/**
 * `npx tsx scripts/bench-signal-run.ts`: full early-signal runs through the service (load, detector
 * in the worker thread, publication, storage) on the benchmark database of `npm run bench -- import`
 * (BENCH_DATABASE_URL / BENCH_DB, a million reports over Twenterand and Almelo): per municipality
 * and both together, three runs each, with the timings the run records (docs/benchmarks.md).
 * Arguments name the cases and their order (default: GM1700 GM0141 both); the first run of a case
 * reads incident counts unless an earlier case of the same process read them.
 */
import os from 'node:os';
import { migrate, openDatabase } from '../server/db/index.ts';
import { runSignals, stopComputeThread } from '../server/services/signals/index.ts';
import { withDatabase } from '../tests/db/harness.ts';

const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const db = await openDatabase({ databaseUrl: withDatabase(BASE_URL, process.env.BENCH_DB ?? 'signaalkaart_bench') });
await migrate(db);
console.log(`load average before: ${os.loadavg().map((v) => v.toFixed(2)).join(' / ')}`);
try {
  const cases = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['GM1700', 'GM0141', 'both'];
  for (const gemeente of cases.map((c) => (c === 'both' ? undefined : c))) {
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      const run = await runSignals(db, { parameters: gemeente ? { gemeente } : {}, visibility: 'draft', createdBy: 'bench', trigger: 'bench' });
      const ms = Math.round(performance.now() - t);
      const timings = Object.fromEntries(Object.entries(run.timings ?? {}).map(([k2, v]) => [k2, Math.round(v as number)]));
      console.log(`${gemeente ?? 'both'} run ${k + 1}: ${ms} ms`, JSON.stringify(timings), `lead ${run.signals.lead}`);
    }
  }
} finally {
  await stopComputeThread();
  await db.close();
}
console.log(`load average after: ${os.loadavg().map((v) => v.toFixed(2)).join(' / ')}`);
