/**
 * `npm run bench -- <import|api|load|analysis|health-during-run>`: benchmarks on real PostgreSQL + PostGIS
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a database
 * `signaalkaart_bench`, or BENCH_DB, is created next to it). `import` loads 1,000,000 generated reports over
 * Twenterand and Almelo; `api` and `load` use that database. Results print as JSON and a Markdown
 * row for docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import { warmStatistics } from '../server/services/stats.ts';
import { loadConfig } from '../server/config.ts';
import { migrate, openDatabase, type Database } from '../server/db/index.ts';
import { withDatabase } from '../tests/db/harness.ts';
import { loadBundledAreas, loadDemoData } from '../server/services/demo.ts';
import { setComputeMode, stopComputeThread, warmComputeThread } from '../server/services/signals/index.ts';
import { importFile } from '../server/services/imports/index.ts';
import { createUser } from '../server/services/users.ts';
import { generateDemo, REPO_ROOT } from './demo/generate.ts';
import { addDays, periodMenu, weekToken } from '../server/publish/periods.ts';

const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = process.env.BENCH_DB ?? 'signaalkaart_bench';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const END = '2026-11-22';
const machine = () => `${os.cpus().length}× ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: BASE_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function benchImport() {
  const dir = path.join(REPO_ROOT, 'var', 'bench');
  const file = path.join(dir, 'reports.csv');
  if (!existsSync(file)) {
    console.error(`generating ${ROWS} reports …`);
    await generateDemo({ end: END, reports: ROWS, outDir: dir, manifest: false, areas: ['twenterand', 'almelo'].map((g) => path.join(REPO_ROOT, 'data', 'boundaries', `${g}-buurten-2022.geojson`)) });
  }
  await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${BENCH_DB}`);
  // BENCH_PG_STATS=1: PostgreSQL logs each statement's CPU time (log_statement_stats), which stays
  // meaningful when other work shares the machine and wall-clock times do not; BENCH_PG_TIMES=1
  // logs each statement with its duration. scripts/pg-log-stats.ts sums both per statement.
  if (process.env.BENCH_PG_STATS) await admin(`ALTER DATABASE ${BENCH_DB} SET log_statement_stats = on`);
  if (process.env.BENCH_PG_TIMES) await admin(`ALTER DATABASE ${BENCH_DB} SET log_min_duration_statement = 0`);
  const db = await openDatabase({ databaseUrl: withDatabase(BASE_URL, BENCH_DB) });
  await migrate(db);
  await loadBundledAreas(db);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const peak = { heapTotal: 0, heapUsed: 0, external: 0, rss: 0 };
  const sampler = process.env.BENCH_MEMORY ? setInterval(() => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], Math.round(m[k] / 2 ** 20));
  }, 50) : undefined;
  const report = await importFile(db, createReadStream(file), { kind: 'reports', fileName: 'bench.csv', snapMetres: 50, createdBy: 'bench', today: '2026-11-28' });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  console.error(`node CPU during the import: ${round((cpu.user + cpu.system) / 1e6, 1)} s`);
  if (process.env.BENCH_MEMORY) {
    clearInterval(sampler);
    console.error('peak MB', peak);
    console.error(process.memoryUsage());
    (globalThis as { gc?: () => void }).gc?.();
    console.error(process.memoryUsage());
  }
  await db.close();
  const result = { rows: report.inserted, seconds: round(seconds, 1), rowsPerSecond: Math.round(report.inserted / seconds), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  console.log(JSON.stringify(result));
  console.log(`| import 1M reports (parse, validate, COPY, assign, rollups) | ${result.rowsPerSecond.toLocaleString('en')} rows/s (${result.seconds} s) | peak RSS ${result.peakRssMB} MB |`);
}

/** The bench server on the bench database, migrated first as `npm start` does (the response
 *  cache needs migration 006's data version). `env` overrides the configuration, e.g. the cache. */
async function startBenchServer(env: Record<string, string> = {}): Promise<{ db: Database; url: string; cookie: string; close(): Promise<void> }> {
  const db = await openDatabase({ databaseUrl: withDatabase(BASE_URL, BENCH_DB) });
  await migrate(db);
  await db.query(`DELETE FROM sessions`);
  await db.query(`DELETE FROM users WHERE username = 'bench-analyst'`);
  // Every run starts with a fresh query budget (runs repeat the same distinct requests).
  await db.query(`DELETE FROM query_budget WHERE username = 'bench-analyst'`);
  await createUser(db, { username: 'bench-analyst', role: 'analyst', password: 'bench quiet harbour lantern' }, { username: 'bench' }, { mustChangePassword: false });
  const app = createApp({ db, config: loadConfig({ LOG_LEVEL: 'silent', ...env }), logger: pino({ level: 'silent' }) });
  // As a server does when it starts: the statistics' in-memory rollups are loaded before the run.
  await warmStatistics(db);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-analyst', password: 'bench quiet harbour lantern' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return { db, url, cookie, close: async () => { await new Promise<void>((r) => server.close(() => r())); await db.close(); } };
}

// The default period (the last 12 complete ISO-week months before the data's last week: 3 November
// 2025 … 1 November 2026); periods are menu tokens (docs/disclosure.md).
const PERIOD = 'period=last-12m';
const ENDPOINTS = {
  'stats/areas (buurt, 1 year, all categories)': `/api/stats/areas?level=buurt&${PERIOD}`,
  'stats/grid (500 m, 1 year)': `/api/stats/grid?cell=500&${PERIOD}`,
  'stats/timeseries (gemeente, weekly, 1 year)': `/api/stats/timeseries?area=GM1700&interval=week&${PERIOD}`,
};
/** Filter variants for the "mix" figure: a dashboard user clicks through categories, sources,
 *  municipalities and periods, so not every request is the same. */
const VARIANTS = [
  PERIOD, `${PERIOD}&category=hennep`, `${PERIOD}&category=drugslab`, `${PERIOD}&source=politie`, `${PERIOD}&gemeente=GM1700`,
  `${PERIOD}&category=afvaldumping`, 'period=2025', 'period=2026-Q2',
];

/** The same buurt counts answered the naive way: a spatial join of raw reports with the areas. */
const NAIVE = `SELECT a.code, count(r.*) FROM areas a LEFT JOIN reports r ON ST_Contains(a.geom_rd, r.geom_rd)
  AND r.received_on BETWEEN '2025-11-03' AND '2026-11-01' WHERE a.level = 'buurt' GROUP BY a.code`;

/** 200 sequential requests (after `warmUp` untimed ones) cycling through `paths`; median and p95. */
async function timeRequests(s: { url: string; cookie: string }, paths: string[], warmUp: number) {
  const get = async (p: string) => {
    // fetch asks for gzip like a browser (and unpacks it): the cached path sends the stored gzip.
    const res = await fetch(`${s.url}${p}`, { headers: { cookie: s.cookie } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${p} → ${res.status}`);
  };
  for (let i = 0; i < warmUp; i++) await get(paths[i % paths.length]!);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await get(paths[i % paths.length]!);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: round(quantile(times, 0.5), 1), p95: round(quantile(times, 0.95), 1) };
}

/**
 * Per endpoint: `cold` — cache off (STATS_CACHE_MB=0), every request computed (10 warm-up
 * requests so the database's own buffers are warm); `warm` — cache on, the same URL repeated
 * (after one filling request); `mix` — cache on, cycling through 8 filter variants with no
 * warm-up, so the first 8 of the 200 requests are misses (computed) and the rest hits.
 */
async function benchApi() {
  const rows: string[] = [];
  const results: Record<string, unknown> = {};
  const cold = await startBenchServer({ STATS_CACHE_MB: '0' });
  try {
    for (const [name, path] of Object.entries(ENDPOINTS)) results[name] = { cold: await timeRequests(cold, [path], 10) };
    const naive: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await cold.db.query(NAIVE);
      naive.push(performance.now() - t);
    }
    naive.sort((a, b) => a - b);
    results.naive = { median: round(quantile(naive, 0.5), 1) };
  } finally {
    await cold.close();
  }
  const warm = await startBenchServer();
  try {
    for (const [name, path] of Object.entries(ENDPOINTS)) {
      const r = results[name] as Record<string, { median: number; p95: number }>;
      r.warm = await timeRequests(warm, [path], 1);
      const base = path.replace(/&period=.*$/, '');
      r.mix = await timeRequests(warm, VARIANTS.map((v) => `${base}&${v}`), 0);
      rows.push(`| ${name} | ${r.cold!.median} / ${r.cold!.p95} ms | ${r.warm.median} / ${r.warm.p95} ms | ${r.mix.median} / ${r.mix.p95} ms |`);
    }
  } finally {
    await warm.close();
  }
  rows.push(`| naive: spatial join of raw reports with buurten (SQL only, 5 runs) | ${(results.naive as { median: number }).median} ms (median) | – | – |`);
  console.log(JSON.stringify(results));
  console.log('| endpoint | cold (cache off) median / p95 | warm (same URL) median / p95 | mix (8 filter variants) median / p95 |');
  console.log(rows.join('\n'));
}

/** autocannon against the server with the cache on (the realistic configuration), the five
 *  statistics URLs of the original benchmark; `LOAD_GZIP=0` leaves out Accept-Encoding. */
/** LOAD_URLS=wide: every endpoint × the 8 filter variants (24 URLs, each a cache miss the first
 *  time) instead of the 5 fixed URLs; LOAD_URLS=periods: the three endpoints × 200 different menu
 *  periods (600 URLs: weeks, months, quarters, years, the last N months — the whole-week form of
 *  "50 connections cycling 600 different periods", each a miss the first time); LOAD_CACHE=off:
 *  the response cache off (every request computed). */
async function benchLoad() {
  const cacheOff = process.env.LOAD_CACHE === 'off';
  const mode = process.env.LOAD_URLS ?? 'fixed';
  const s = await startBenchServer(cacheOff ? { STATS_CACHE_MB: '0' } : {});
  try {
    const withPeriod = (p: string, period: string) => `${p.split('?')[0]}?${p.split('?')[1]!.replace(PERIOD, period)}`;
    const menu = periodMenu({ firstDay: '2023-11-27', lastDay: END });
    const weekTokens: string[] = [];
    for (let d = menu.weeks!.first; d <= menu.weeks!.last; d = addDays(d, 7)) weekTokens.push(weekToken(d));
    const periods = [...menu.last, ...menu.years, ...menu.quarters, ...menu.months].map((p) => p.token).concat(weekTokens.reverse()).slice(0, 200);
    const paths = mode === 'wide'
      ? Object.values(ENDPOINTS).flatMap((p) => VARIANTS.map((v) => withPeriod(p, v)))
      : mode === 'periods'
        ? periods.flatMap((t) => Object.values(ENDPOINTS).map((p) => withPeriod(p, `period=${t}`)))
        : [...Object.values(ENDPOINTS), '/api/stats/areas?level=wijk&category=hennep', '/api/stats/timeseries?area=BU17000107&interval=month'];
    const gzip = process.env.LOAD_GZIP !== '0';
    const requests = JSON.stringify(paths.map((p) => ({ method: 'GET', path: p })));
    // autocannon in a second process, so the load generator does not share the server's event loop.
    // CPU time of the server (this process, all threads) and of its database sessions during the
    // run: on a shared machine the throughput follows the other load, the CPU per request much less.
    const cpuBefore = process.cpuUsage();
    const dbCpuBefore = await databaseCpu(s.db);
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bench', 'load-client.mjs'), s.url, s.cookie, requests, gzip ? 'gzip' : 'identity'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    await new Promise((resolve) => child.on('exit', resolve));
    const cpu = process.cpuUsage(cpuBefore);
    const dbCpu = await databaseCpu(s.db);
    const r = JSON.parse(out);
    const total = r.requestsPerSecond * 20;
    r.serverCpuMsPerRequest = round((cpu.user + cpu.system) / 1000 / total, 2);
    // Sessions opened during the run count from zero.
    if (dbCpuBefore && dbCpu) r.databaseCpuMsPerRequest = round([...dbCpu].reduce((a, [pid, ms]) => a + ms - (dbCpuBefore.get(pid) ?? 0), 0) / total, 2);
    console.log(JSON.stringify(r));
    console.log(`| load: 50 connections, ${paths.length} statistics URLs (${mode}), 20 s, cache ${cacheOff ? 'off' : 'on'}, Accept-Encoding ${gzip ? 'gzip' : 'identity'} | ${r.requestsPerSecond} req/s | p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, errors ${r.errors}, non-2xx ${r.non2xx} | CPU per request: server ${r.serverCpuMsPerRequest} ms, database ${r.databaseCpuMsPerRequest ?? '–'} ms |`);
  } finally {
    await s.close();
  }
}

/** CPU milliseconds (user + system) per server process of the bench database's sessions, from
 *  /proc (PostgreSQL on this machine, Linux); null where that cannot be read. */
async function databaseCpu(db: Database): Promise<Map<number, number> | null> {
  const { readFile } = await import('node:fs/promises');
  const tick = 1000 / 100; // USER_HZ
  try {
    const rows = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      if (!stat) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * tick);
    }
    return out.size > 0 ? out : null;
  } catch {
    return null;
  }
}

/**
 * `health-during-run`: /api/health and a cached statistics request (open loop, one request every
 * 20 ms alternating, from a second process) while an analyst's full signal run (R = 999) is in
 * progress on the embedded database with the demo data (the default install; issue #14 measured
 * it there) — computed in the worker thread, and the same run computed on the event loop
 * (SIGNALS_WORKER=off, the baseline) — and with no run at all. The demo database is built once in
 * BENCH_PGLITE_DIR (default var/bench-pglite-demo); BENCH_ENGINE=postgres uses the `import`
 * database (BENCH_DB) instead. Runs follow each other for HEALTH_RUN_SECONDS (default 10). A
 * warm-up run first fills the study-area and neighbour caches, so both measured runs start alike.
 */
async function benchHealthDuringRun() {
  // BENCH_ENGINE=postgres: the benchmark database of `import` (1M reports, two municipalities)
  // instead of the embedded demo database.
  const onPostgres = process.env.BENCH_ENGINE === 'postgres';
  const dir = process.env.BENCH_PGLITE_DIR ?? path.join(REPO_ROOT, 'var', 'bench-pglite-demo');
  const fresh = !onPostgres && !existsSync(dir);
  const db = await openDatabase(onPostgres ? { databaseUrl: withDatabase(BASE_URL, BENCH_DB) } : { pgliteDir: dir });
  await migrate(db);
  if (fresh) {
    console.error('loading the demo data into', dir, '…');
    await loadDemoData(db, { snapMetres: 50, today: '2026-11-28' });
  }
  console.error(`engine: ${onPostgres ? `PostgreSQL (${BENCH_DB})` : `PGlite (${dir})`}`);
  await db.query(`DELETE FROM sessions`);
  await db.query(`DELETE FROM users WHERE username = 'bench-analyst'`);
  await db.query(`DELETE FROM query_budget WHERE username = 'bench-analyst'`);
  await createUser(db, { username: 'bench-analyst', role: 'analyst', password: 'bench quiet harbour lantern' }, { username: 'bench' }, { mustChangePassword: false });
  const app = createApp({ db, config: loadConfig({ LOG_LEVEL: 'silent', SIGNALS_AFTER_IMPORT: 'off' }), logger: pino({ level: 'silent' }) });
  await warmStatistics(db);
  const server = await new Promise<Server>((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-analyst', password: 'bench quiet harbour lantern' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = (await login.json()).csrfToken as string;
  const STATS = `/api/stats/areas?level=buurt&${PERIOD}`;
  const paths = ['/api/health', STATS];
  // The statistics answer is cached from here on (the same URL again and again).
  const filled = await fetch(`${url}${STATS}`, { headers: { cookie } });
  if (!filled.ok) throw new Error(`${STATS} → ${filled.status}`);
  const runOnce = async () => {
    const t = performance.now();
    const res = await fetch(`${url}/api/signals/run`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({}) });
    const body = await res.json();
    if (res.status !== 201) throw new Error(`run → ${res.status} ${JSON.stringify(body)}`);
    return { seconds: round((performance.now() - t) / 1000, 1), timings: body.timings };
  };
  // A run of the current engine takes well under a second on the demo data: runs follow each
  // other for at least HEALTH_RUN_SECONDS (default 10), so the probes during runs are as many as
  // in the idle phase. The result: the number of runs, the wall time of all and the slowest run.
  const minSeconds = Number(process.env.HEALTH_RUN_SECONDS ?? 10);
  const run = async () => {
    const t = performance.now();
    const each: Awaited<ReturnType<typeof runOnce>>[] = [];
    do each.push(await runOnce());
    while (performance.now() - t < minSeconds * 1000);
    const slowest = each.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    return { seconds: round((performance.now() - t) / 1000, 1), runs: each.length, slowest };
  };
  const probe = async (during: () => Promise<unknown>) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bench', 'probe-client.mjs'), url, cookie, JSON.stringify(paths), '20'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    await new Promise((r) => setTimeout(r, 500));
    const result = await during();
    await new Promise((r) => setTimeout(r, 200));
    child.stdin.end();
    await new Promise((resolve) => child.on('exit', resolve));
    return { result, probe: JSON.parse(out) as { errors: number; byPath: Record<string, { n: number; p50: number; p99: number; max: number }> } };
  };
  const rows: string[] = [];
  const results: Record<string, unknown> = {};
  const row = (label: string, p: Awaited<ReturnType<typeof probe>>, seconds: number | null) => {
    const h = p.probe.byPath['/api/health']!;
    const st = p.probe.byPath[STATS]!;
    rows.push(`| ${label} | ${seconds ?? '–'} | ${h.p50} / ${h.p99} / ${h.max} ms (${h.n}) | ${st.p50} / ${st.p99} / ${st.max} ms (${st.n}) | ${p.probe.errors} |`);
  };
  // HEALTH_PHASES picks phases (default all): idle, inline, worker, briefing.
  const phases = new Set((process.env.HEALTH_PHASES ?? 'idle,inline,worker,briefing').split(','));
  try {
    if (phases.has('inline') || phases.has('worker')) {
      // As npm start does: the thread loads while the warm-up run computes in-process.
      setComputeMode('worker');
      warmComputeThread();
      setComputeMode('inline');
      console.error('warm-up run …');
      await runOnce();
    }
    if (phases.has('idle')) {
      const idle = await probe(() => new Promise((r) => setTimeout(r, 10_000)));
      results.idle = idle.probe;
      row('no run (10 s)', idle, null);
    }
    if (phases.has('briefing')) {
      // Briefing PDFs one after the other (model from the database, then pdfkit on the event loop).
      const buurten = (await db.query<{ code: string }>(`SELECT code FROM areas WHERE level = 'buurt' AND code LIKE 'BU1700%' ORDER BY code LIMIT 10`)).map((r) => r.code);
      const pdfs = await probe(async () => {
        const t = performance.now();
        for (const code of buurten) {
          const res = await fetch(`${url}/api/briefings/${code}.pdf?${PERIOD}`, { headers: { cookie } });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`briefing ${code} → ${res.status}`);
        }
        return round((performance.now() - t) / 1000, 1);
      });
      results.briefing = pdfs;
      row(`${buurten.length} briefing PDFs back to back`, pdfs, pdfs.result as number);
    }
    for (const mode of ['inline', 'worker'] as const) {
      if (!phases.has(mode)) continue;
      setComputeMode(mode);
      console.error(`run, ${mode} …`);
      const measured = await probe(run);
      const { seconds, runs } = measured.result as { seconds: number; runs: number };
      results[mode] = { run: measured.result, probe: measured.probe };
      row(`${runs} full runs back to back ${mode === 'inline' ? 'on the event loop (SIGNALS_WORKER=off, baseline)' : 'in the worker thread (default)'}`, measured, seconds);
    }
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await stopComputeThread();
    await db.close();
  }
  const load = os.loadavg().map((v) => v.toFixed(2)).join(' / ');
  console.log(JSON.stringify(results));
  console.log(`load average after: ${load}`);
  console.log('| during | duration (s) | /api/health p50 / p99 / max (n) | cached stats/areas p50 / p99 / max (n) | errors |');
  console.log('|---|---|---|---|---|');
  console.log(rows.join('\n'));
}

async function benchAnalysis() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'bench-analysis.ts')], { stdio: 'inherit' });
  await new Promise((resolve) => child.on('exit', resolve));
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

const which = process.argv[2] ?? 'all';
const runs: Record<string, () => Promise<void>> = { import: benchImport, api: benchApi, load: benchLoad, analysis: benchAnalysis, 'health-during-run': benchHealthDuringRun };
if (which !== 'all' && !runs[which]) {
  console.error(`bench: unknown benchmark ${which}; one of ${Object.keys(runs).join(', ')}, all`);
  process.exit(2);
}
console.error(`machine: ${machine()}, ${new Date().toISOString().slice(0, 10)}`);
console.error(`load average before: ${os.loadavg().map((v) => v.toFixed(2)).join(' / ')}`);
// 'all' is the PostgreSQL set; health-during-run (embedded database) runs when named.
for (const [name, run] of Object.entries(runs)) if ((which === 'all' && name !== 'health-during-run') || which === name) await run();
