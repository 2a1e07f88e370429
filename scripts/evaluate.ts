/**
 * Evaluates the early-signal engine on freshly generated demo data (see docs/evaluation.md).
 *
 *   npm run evaluate [-- --seed N --end YYYY-MM-DD --null-runs 10 --replications 999
 *                       --database-url postgres://…/signaalkaart_eval_x --json FILE]
 *
 * 1. Planted signals: generates the demo data (scripts/demo/generate.ts), loads it, runs the engine
 *    with its defaults and reports per planted signal (data manifest) whether an emerging signal
 *    of the intended class covers at least half of its cells (the 500 m cells holding ≥ 15 % of
 *    the plant's disc), plus whether an alert fired in its buurt and a cluster overlaps it.
 * 2. False alarms: ten --null data sets (background only, seeds seed+1 … seed+10): the share of
 *    location × category results classified as a hot spot (any hot class, 95 % after FDR), and of
 *    emerging ones (new, consecutive, intensifying), alerts and clusters per run.
 * 3. PAI (methods.md §6) for a "next 4 weeks" hold-out: the engine runs on the data up to 4 weeks
 *    before the end; cells are ranked by the last step's space-time Gi* z (all categories) and by
 *    a naive baseline (reports in the last 52 weeks); PAI at 1, 5 and 10 % of the area.
 * Exits with 1 when a planted signal is not found with its intended class.
 *
 * Database: an in-memory PGlite by default; with --database-url a PostgreSQL database that must
 * not exist yet is created, used and dropped (names signaalkaart_eval_*).
 */
import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { predictiveAccuracyIndex } from '../server/analysis/index.ts';
import { migrate, openDatabase, type Database } from '../server/db/index.ts';
import { openPglite } from '../server/db/pglite.ts';
import { loadDemoData } from '../server/services/demo.ts';
import { importFile } from '../server/services/imports/index.ts';
import { resolveRunParameters, runEmerging, runSignals, SIGNAL_CLASSES, type RunSummary } from '../server/services/signals/index.ts';
import { generateDemo, REPO_ROOT, type Manifest } from './demo/generate.ts';

interface Args {
  seed: number;
  end: string;
  nullRuns: number;
  replications: number;
  databaseUrl: string | null;
  json: string | null;
}

const USAGE = 'usage: npm run evaluate [-- --seed N --end YYYY-MM-DD (a Sunday) --null-runs N --replications R --database-url URL --json FILE]';

function parseArgs(argv: string[]): Args {
  const args: Args = { seed: 20261128, end: '2026-11-22', nullRuns: 10, replications: 999, databaseUrl: null, json: null };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k]!;
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const integer = (v: string, min: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min}\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--seed': args.seed = integer(value(), 0); break;
      case '--end': args.end = value(); break;
      case '--null-runs': args.nullRuns = integer(value(), 0); break;
      case '--replications': args.replications = integer(value(), 99); break;
      case '--database-url': args.databaseUrl = value(); break;
      case '--json': args.json = value(); break;
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (args.databaseUrl && !/\/signaalkaart_eval_[a-z0-9_]+$/.test(args.databaseUrl)) throw new Error('--database-url must name a database signaalkaart_eval_… (it is created and dropped)');
  return args;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const ms = (t: number) => Math.round(performance.now() - t);

async function openEvalDatabase(url: string | null): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (!url) {
    const db = await openPglite();
    return { db, dispose: () => db.close() };
  }
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = await openDatabase({ databaseUrl: url });
  return {
    db,
    async dispose() {
      await db.close();
      const c = new pg.Client({ connectionString: adminUrl.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

type Plant = Manifest['plants'][number];

async function plantCells(db: Database, plant: Plant): Promise<string[]> {
  const rows = await db.query<{ id: string }>(`
    WITH disc AS (SELECT ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 28992), $3, 64) AS g)
    SELECT c.gemeente_code || ':500:' || c.i || ':' || c.j AS id
    FROM grid_cells c, disc
    WHERE c.size = 500 AND ST_Intersects(c.geom_rd, disc.g) AND ST_Area(ST_Intersection(c.geom_rd, disc.g)) >= 0.15 * ST_Area(disc.g)
    ORDER BY 1`, [plant.centre[0], plant.centre[1], plant.radiusMetres]);
  return rows.map((r) => r.id);
}

interface PlantResult {
  id: string;
  category: string;
  intendedClass: string;
  cells: string[];
  classes: Record<string, string>;
  covered: number;
  found: boolean;
  alert: string | null;
  cluster: string | null;
}

async function checkPlants(db: Database, manifest: Manifest, runId: number): Promise<PlantResult[]> {
  const out: PlantResult[] = [];
  for (const plant of manifest.plants) {
    const cells = await plantCells(db, plant);
    const signals = await db.query<{ kind: string; class_code: string; locations: string[]; confidence: number | null }>(
      'SELECT kind, class_code, locations, confidence FROM signals WHERE run_id = $1 AND category = $2', [runId, plant.category]);
    const covered = new Set(signals.filter((s) => s.kind === 'emerging' && s.class_code === plant.intendedClass).flatMap((s) => s.locations));
    const hits = cells.filter((c) => covered.has(c)).length;
    const rows = await db.query<{ location: string; class_code: string }>(
      'SELECT location, class_code FROM emerging_results WHERE run_id = $1 AND category = $2 AND location = ANY($3::text[])', [runId, plant.category, cells]);
    const alert = signals.find((s) => s.kind === 'alert' && s.locations.some((l) => plant.buurtCodes.includes(l)));
    const cluster = signals.find((s) => s.kind === 'cluster' && s.locations.some((l) => cells.includes(l)));
    out.push({
      id: plant.id,
      category: plant.category,
      intendedClass: plant.intendedClass,
      cells,
      classes: Object.fromEntries(rows.map((r) => [r.location, r.class_code])),
      covered: hits,
      found: cells.length > 0 && hits >= cells.length / 2,
      alert: alert ? alert.class_code : null,
      cluster: cluster ? `confidence ${cluster.confidence}` : null,
    });
  }
  return out;
}

async function replaceReports(db: Database, dir: string, today: string): Promise<void> {
  await db.exec(`DELETE FROM signal_runs; DELETE FROM report_counts_cell_monthly; DELETE FROM report_counts_daily;
    DELETE FROM reports; DELETE FROM inspections; DELETE FROM import_batches WHERE kind IN ('reports', 'inspections');`);
  await importFile(db, createReadStream(path.join(dir, 'reports.csv')), { kind: 'reports', snapMetres: 50, createdBy: 'evaluate', format: 'csv', today, fileName: 'reports.csv' });
}

interface NullResult {
  seed: number;
  results: number;
  hot: number;
  emerging: number;
  byClass: Record<string, number>;
  alerts: number;
  clusters: number;
  runMs: number;
}

async function nullRun(db: Database, seed: number, summary: RunSummary): Promise<NullResult> {
  const rows = await db.query<{ class_code: string; n: number }>('SELECT class_code, count(*)::integer AS n FROM emerging_results WHERE run_id = $1 AND category IS NOT NULL GROUP BY 1', [summary.id]);
  const results = rows.reduce((a, r) => a + r.n, 0);
  const hot = rows.filter((r) => r.class_code.endsWith('_hot')).reduce((a, r) => a + r.n, 0);
  const emerging = rows.filter((r) => (SIGNAL_CLASSES.slice(0, 3) as readonly string[]).includes(r.class_code)).reduce((a, r) => a + r.n, 0);
  return {
    seed,
    results,
    hot,
    emerging,
    byClass: Object.fromEntries(rows.filter((r) => r.class_code !== 'no_pattern').map((r) => [r.class_code, r.n])),
    alerts: summary.signals.alert,
    clusters: summary.signals.cluster,
    runMs: summary.timings.total ?? 0,
  };
}

async function holdoutPai(db: Database, end: string) {
  const holdoutEnd = addDays(end, -28);
  const params = resolveRunParameters({ end: holdoutEnd });
  const run = await runEmerging(db, params, ['GM1700'], 'evaluate');
  const rows = await db.query<{ location: string; last_z: number; i: number; j: number; area: number; next: number; past: number }>(`
    SELECT e.location, e.last_z, c.i, c.j, c.area_km2 AS area,
           (SELECT count(*) FROM reports r WHERE r.gemeente_code = c.gemeente_code AND r.hex500_i = c.i AND r.hex500_j = c.j
             AND r.received_on > $2::date AND r.received_on <= $3::date)::integer AS next,
           (SELECT count(*) FROM reports r WHERE r.gemeente_code = c.gemeente_code AND r.hex500_i = c.i AND r.hex500_j = c.j
             AND r.received_on > $2::date - 364 AND r.received_on <= $2::date)::integer AS past
    FROM emerging_results e
    JOIN grid_cells c ON c.size = 500 AND c.gemeente_code = e.gemeente_code AND c.i = e.cell_i AND c.j = e.cell_j
    WHERE e.run_id = $1 AND e.category IS NULL
    ORDER BY e.location`, [run.id, holdoutEnd, end]);
  const next = rows.map((r) => r.next);
  const areas = rows.map((r) => r.area);
  return {
    trainedUpTo: holdoutEnd,
    window: { from: addDays(holdoutEnd, 1), to: end },
    nextReports: next.reduce((a, b) => a + b, 0),
    cells: rows.length,
    giStar: predictiveAccuracyIndex(rows.map((r) => r.last_z), next, areas),
    last52Weeks: predictiveAccuracyIndex(rows.map((r) => r.past / Math.max(r.area, 1e-9)), next, areas),
  };
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const work = path.join(REPO_ROOT, 'var', 'evaluate');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const today = addDays(args.end, 6);
  const t0 = performance.now();

  const demo = await generateDemo({ end: args.end, seed: args.seed, outDir: path.join(work, 'demo') });
  console.log(`demo data: seed ${args.seed}, ${demo.manifest.start} … ${demo.manifest.end}, ${demo.reports} reports (${demo.plantedReports} planted)`);
  let t = performance.now();
  const { db, dispose } = await openEvalDatabase(args.databaseUrl);
  try {
    await migrate(db);
    await loadDemoData(db, { snapMetres: 50, demoDir: `${path.join(work, 'demo')}/`, today });
    console.log(`database: ${db.engine}, loaded in ${ms(t)} ms`);

    t = performance.now();
    const summary = await runSignals(db, { parameters: { scan: { replications: args.replications } }, createdBy: 'evaluate' });
    const fullRunMs = ms(t);
    console.log(`full run ${summary.id}: ${fullRunMs} ms wall (${JSON.stringify(summary.timings)}); signals ${JSON.stringify(summary.signals)}`);
    const plants = await checkPlants(db, demo.manifest, summary.id);
    console.log('\nplanted signals (found = an emerging signal of the intended class covers ≥ half of the plant\'s cells):');
    for (const p of plants) {
      console.log(`  ${p.found ? 'FOUND ' : 'MISSED'} ${p.id} (${p.category}, intended ${p.intendedClass}): ${p.covered}/${p.cells.length} cells; alert in buurt: ${p.alert ?? 'no'}; cluster: ${p.cluster ?? 'no'}`);
      for (const c of p.cells) console.log(`         ${c} ${p.classes[c] ?? '?'}`);
    }

    t = performance.now();
    const pai = await holdoutPai(db, args.end);
    console.log(`\nPAI, next 4 weeks (${pai.window.from} … ${pai.window.to}, ${pai.nextReports} reports; trained on data up to ${pai.trainedUpTo}; ${pai.cells} cells of 500 m):`);
    for (const [name, list] of [['space-time Gi* z, last step', pai.giStar], ['baseline: reports/km² in the last 52 weeks', pai.last52Weeks]] as const) {
      console.log(`  ${name}: ${list.map((x) => `${pct(x.coverage)} of area → PAI ${x.pai?.toFixed(2) ?? '–'} (${x.cellsFlagged} cells, ${pct(x.areaShare)} of area, ${pct(x.hitShare)} of reports)`).join('; ')}`);
    }

    const nulls: NullResult[] = [];
    for (let k = 1; k <= args.nullRuns; k++) {
      const seed = args.seed + k;
      const dir = path.join(work, `null-${seed}`);
      await generateDemo({ end: args.end, seed, outDir: dir, nullMode: true });
      await replaceReports(db, dir, today);
      const run = await runSignals(db, { parameters: { scan: { replications: args.replications } }, createdBy: 'evaluate' });
      const r = await nullRun(db, seed, run);
      nulls.push(r);
      console.log(`null seed ${seed}: ${r.hot}/${r.results} location × category results hot (${pct(r.hot / r.results)}), emerging ${r.emerging} (${pct(r.emerging / r.results)}), ${r.alerts} alerts, ${r.clusters} clusters; ${JSON.stringify(r.byClass)}`);
    }
    if (nulls.length > 0) {
      const mean = (f: (r: NullResult) => number) => nulls.reduce((a, r) => a + f(r), 0) / nulls.length;
      console.log(`\nnull data, mean over ${nulls.length} seeds: hot ${pct(mean((r) => r.hot / r.results))} (target ≤ 5 %), emerging ${pct(mean((r) => r.emerging / r.results))}, alerts ${mean((r) => r.alerts).toFixed(1)}, clusters ${mean((r) => r.clusters).toFixed(1)} per run`);
    }
    console.log(`\ntotal ${(ms(t0) / 1000).toFixed(1)} s`);
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ args, engine: db.engine, fullRunMs, summary, plants, pai, nulls }, null, 2));
    }
    const missed = plants.filter((p) => !p.found);
    if (missed.length > 0) {
      console.error(`\nMISSED: ${missed.map((p) => p.id).join(', ')}`);
      return 1;
    }
    return 0;
  } finally {
    await dispose();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => { process.exitCode = code; }, (err: unknown) => {
    console.error(`evaluate: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  });
}
