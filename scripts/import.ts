/** `npm run import -- <what> …`: loads data into the configured database (DATABASE_URL or the
 *  embedded one in PGLITE_DIR). Clear messages and a non-zero exit on bad input; nothing is
 *  half-written. */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { migrate, openDatabase, type Database } from '../server/db/index.ts';
import { InputError } from '../server/errors.ts';
import { importAreas, importPopulation } from '../server/services/areas.ts';
import { importFile, listBatches, rollbackBatch } from '../server/services/imports/index.ts';
import { importPlaces } from '../server/services/places.ts';
import { runPublished, stopComputeThread } from '../server/services/signals/index.ts';

const USAGE = `usage:
  npm run import -- reports FILE.csv|FILE.geojson [--snap METRES]
  npm run import -- inspections FILE.csv|FILE.geojson [--snap METRES]
  npm run import -- areas FILE.geojson [FILE.geojson …]     (CBS-style: properties statcode, statnaam)
  npm run import -- population FILE.csv [--source TEXT]      (area code + inhabitants columns)
  npm run import -- places FILE.csv                          (place names: name;kind;gemeente;areas)
  npm run import -- rollback BATCH_ID
  npm run import -- batches`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function files(args: string[], min = 1, max = Infinity): string[] {
  const unknown = args.filter((a) => a.startsWith('--'));
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}`);
  if (args.length < min || args.length > max) throw new UsageError(min === max ? `expected ${min} file` : 'expected a file');
  for (const f of args) if (!existsSync(f)) throw new UsageError(`file not found: ${f}`);
  return args;
}

async function run(db: Database, command: string, args: string[], snapDefault: number): Promise<unknown> {
  switch (command) {
    case 'reports':
    case 'inspections': {
      const snap = option(args, '--snap');
      const requested = snap === undefined ? undefined : Number(snap);
      if (requested !== undefined && (!Number.isInteger(requested) || requested < 1 || requested > 1000)) throw new UsageError('--snap must be a whole number of metres from 1 to 1000');
      if (requested !== undefined && requested < snapDefault) throw new UsageError(`--snap must be at least ${snapDefault} metres (SNAP_METRES): locations may only be coarsened further`);
      const snapMetres = requested ?? snapDefault;
      const [file] = files(args, 1, 1);
      return importFile(db, createReadStream(file!), {
        kind: command,
        fileName: path.basename(file!),
        format: /\.(geo)?json$/i.test(file!) ? 'geojson' : 'csv',
        snapMetres,
        createdBy: `cli:${process.env.USER ?? 'unknown'}`,
      });
    }
    case 'areas': {
      const list = files(args);
      return importAreas(db, await Promise.all(list.map(async (f) => ({ name: path.basename(f), text: await readFile(f, 'utf8') }))), `cli:${process.env.USER ?? 'unknown'}`);
    }
    case 'population': {
      const source = option(args, '--source') ?? 'CBS Kerncijfers wijken en buurten';
      const [file] = files(args, 1, 1);
      return importPopulation(db, await readFile(file!, 'utf8'), path.basename(file!), source);
    }
    case 'places': {
      const [file] = files(args, 1, 1);
      return importPlaces(db, await readFile(file!, 'utf8'), path.basename(file!));
    }
    case 'rollback': {
      const id = Number(args[0]);
      if (args.length !== 1 || !Number.isInteger(id) || id < 1) throw new UsageError('rollback needs one batch id (see: npm run import -- batches)');
      return rollbackBatch(db, id);
    }
    case 'batches':
      return listBatches(db);
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  }
}

async function main(): Promise<number> {
  const [command = '', ...args] = process.argv.slice(2);
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  let db: Database | undefined;
  try {
    const config = loadConfig();
    if (!['reports', 'inspections', 'areas', 'population', 'places', 'rollback', 'batches'].includes(command)) throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
    await migrate(db);
    const result = await run(db, command, args, config.snapMetres);
    console.log(JSON.stringify(result, null, 2));
    if (['reports', 'rollback', 'areas'].includes(command) && config.signalsAfterImport) {
      console.error('recomputing the early signals …');
      // A published run with the administrator's defaults, as after an import in the dashboard.
      const run = await runPublished(db, 'cli', { username: 'cli' }, config.disclosure);
      console.error(`signals: run ${run.id} ${run.status}: ${run.signals.lead} lead signals, ${run.signals.map} map classes`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`import: ${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof InputError) {
      console.error(`import failed, nothing was changed: ${err.message}`);
      for (const d of err.details) console.error(`  ${d}`);
      return 1;
    }
    console.error(`import failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await stopComputeThread();
    await db?.close();
  }
}

process.exitCode = await main();
