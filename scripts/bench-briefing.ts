/**
 * Median time to generate a buurt briefing (PDF, and HTML for comparison) on the demo data.
 *   npx tsx scripts/bench-briefing.ts [--engine pglite|postgres] [--runs 15] [--area BU17000402]
 * pglite (default): an in-memory embedded database. postgres: a database `signaalkaart_bench_briefing`
 * is created next to BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and
 * dropped afterwards. Both load the demo data (data/demo/) and run the signal analysis once, so the
 * briefing lists real signals; then every run builds the whole briefing as the API does (statistics,
 * per-category tables, trends, signals, hot spots, map, inspections, PDF). The first run (cold
 * caches) is reported apart and not in the median. Target: median < 1 s. Prints JSON and a Markdown
 * row for docs/benchmarks.md.
 */
import os from 'node:os';
import pg from 'pg';
import { DEFAULT_DISCLOSURE } from '../server/publish/index.ts';
import { migrate, openDatabase, type Database } from '../server/db/index.ts';
import { openPglite } from '../server/db/pglite.ts';
import { renderBriefing } from '../server/services/briefings/index.ts';
import { loadDemoData } from '../server/services/demo.ts';
import { runSignals } from '../server/services/signals/index.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const engine = option('engine', 'pglite');
const runs = Number(option('runs', '15'));
const area = option('area', 'BU17000402');
if (!['pglite', 'postgres'].includes(engine) || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npx tsx scripts/bench-briefing.ts [--engine pglite|postgres] [--runs N] [--area CODE]');
  process.exit(2);
}
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'signaalkaart_bench_briefing';

async function admin(statement: string) {
  const c = new pg.Client({ connectionString: BASE_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

async function open(): Promise<Database> {
  if (engine === 'pglite') return openPglite();
  await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${BENCH_DB}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${BENCH_DB}`;
  return openDatabase({ databaseUrl: url.toString() });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (v: number) => Math.round(v);

const db = await open();
try {
  let t = performance.now();
  await migrate(db);
  await loadDemoData(db, { snapMetres: 50, today: '2026-11-28' });
  const loadMs = performance.now() - t;
  t = performance.now();
  await runSignals(db);
  const signalMs = performance.now() - t;
  const actor = { username: 'bench', role: 'analyst' };

  const measure = async (format: 'pdf' | 'html') => {
    const times: number[] = [];
    const cpu: number[] = [];
    const steps: Record<string, number[]> = {};
    let bytes = 0;
    let pages = 0;
    for (let i = 0; i <= runs; i++) {
      const timings: Record<string, number> = {};
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const out = await renderBriefing(db, area, {}, format, { lang: 'nl', disclosure: DEFAULT_DISCLOSURE, actor, timings });
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpuStart);
      if (i > 0) cpu.push((used.user + used.system) / 1000);
      bytes = out.body.length;
      if (format === 'pdf') pages = (out.body.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
      times.push(ms);
      if (i > 0) for (const [k, v] of Object.entries(timings)) (steps[k] ??= []).push(v);
    }
    const [cold, ...warm] = times;
    return {
      coldMs: round(cold!),
      medianMs: round(median(warm)),
      minMs: round(Math.min(...warm)),
      maxMs: round(Math.max(...warm)),
      // CPU time of this process per briefing (all of it on PGlite, the Node side on PostgreSQL):
      // less sensitive than wall time to other work on the machine.
      medianCpuMs: round(median(cpu)),
      medianStepMs: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(median(v))])),
      bytes,
      ...(format === 'pdf' ? { pages } : {}),
    };
  };
  const pdf = await measure('pdf');
  const html = await measure('html');
  const machine = `${os.cpus().length}× ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`;
  console.log(JSON.stringify({ engine, area, runs, machine, setup: { loadDemoMs: round(loadMs), signalRunMs: round(signalMs) }, pdf, html, targetMs: 1000 }, null, 2));
  console.log(`| Buurt briefing ${area} (PDF), demo data, ${engine} | median ${pdf.medianMs} ms (min ${pdf.minMs}, max ${pdf.maxMs}; first ${pdf.coldMs}; CPU ${pdf.medianCpuMs} ms) over ${runs} runs | < 1,000 ms | ${machine} |`);
} finally {
  await db.close();
  if (engine === 'postgres') await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
}
