/** `npm run import -- <what> …`: loads data into the configured database (DATABASE_URL or the
 *  embedded one in PGLITE_DIR). Clear messages and a non-zero exit on bad input; nothing is
 *  half-written. */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { migrate, openDatabase, type Database } from '../server/db/index.ts';
import { InputError } from '../server/errors.ts';
import { importAreas, importPopulation } from '../server/services/areas.ts';
import { importFile, listBatches, rollbackBatch } from '../server/services/imports/index.ts';
import { importPlaces } from '../server/services/places.ts';
import { audit, cliActor, type Actor, type AuditEntry } from '../server/services/audit.ts';
import { runPublished, stopComputeThread } from '../server/services/signals/index.ts';
import { importNoticeText, type ImportNotice } from '../shared/import-messages.ts';

const USAGE = `usage:
  npm run import -- reports FILE.csv|FILE.geojson [--snap METRES]
  npm run import -- inspections FILE.csv|FILE.geojson [--snap METRES]
  npm run import -- areas FILE.geojson [FILE.geojson …]     (CBS-style: properties statcode, statnaam)
  npm run import -- population FILE.csv [--source TEXT]      (area code + inhabitants columns)
  npm run import -- places FILE.csv                          (place names: name;kind;gemeente;areas)
  npm run import -- rollback BATCH_ID
  npm run import -- batches`;

export class UsageError extends Error {}

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

async function run(db: Database, command: string, args: string[], snapDefault: number, createdBy: string): Promise<unknown> {
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
        createdBy,
      });
    }
    case 'areas': {
      const list = files(args);
      return importAreas(db, await Promise.all(list.map(async (f) => ({ name: path.basename(f), text: await readFile(f, 'utf8') }))), createdBy);
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

const COMMANDS = ['reports', 'inspections', 'areas', 'population', 'places', 'rollback', 'batches'];

/** What the audit log keeps of a finished command (as for an import in the dashboard: kind, file
 *  names and counts, never content); `batches` only reads. */
function auditEntry(command: string, fileNames: string[], result: unknown): AuditEntry | null {
  const r = result as Record<string, unknown>;
  switch (command) {
    case 'reports':
    case 'inspections':
      return { action: 'import', target: `batch ${r.batchId}`, details: { kind: command, via: 'cli', fileName: r.fileName, rows: r.rows, inserted: r.inserted, droppedColumns: r.droppedColumns, droppedColumnCount: r.droppedColumnCount } };
    case 'areas':
    case 'population':
    case 'places':
      return { action: 'import', target: command, details: { kind: command, via: 'cli', fileNames, result: summary(r) } };
    case 'rollback':
      return { action: 'rollback', target: `batch ${fileNames[0]}`, details: { kind: r.kind, via: 'cli', removed: r.removed } };
    default:
      return null;
  }
}

/** The numbers of a result (counts, flags), not its lists of codes or messages. */
function summary(r: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r ?? {}).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean'));
}

/**
 * One import command on an open database, written to the audit log with `actor` (the CLI's: the
 * operating-system user and host) like the dashboard's imports: the command's outcome, or its
 * failure with the reason. Usage errors (nothing was attempted) and `batches` are not logged.
 */
export async function importCommand(db: Database, command: string, args: string[], options: { snapMetres: number; actor: Actor }): Promise<unknown> {
  if (!COMMANDS.includes(command)) throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  // The file names (or the batch id) before run() takes the options out of args.
  const operands = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
  const names = command === 'rollback' ? operands : operands.map((f) => path.basename(f));
  let result: unknown;
  try {
    result = await run(db, command, args, options.snapMetres, options.actor.username);
  } catch (err) {
    if (!(err instanceof UsageError) && command !== 'batches') {
      await audit(db, options.actor, {
        action: command === 'rollback' ? 'rollback' : 'import',
        target: command === 'rollback' ? `batch ${names[0] ?? '?'}` : command,
        outcome: 'failed',
        details: { kind: command, via: 'cli', fileNames: names, error: String((err as Error).message).slice(0, 200) },
      }).catch(() => {});
    }
    throw err;
  }
  const entry = auditEntry(command, names, result);
  if (entry) await audit(db, options.actor, entry);
  return result;
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
    if (!COMMANDS.includes(command)) throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
    await migrate(db);
    const actor = cliActor();
    const result = await importCommand(db, command, args, { snapMetres: config.snapMetres, actor });
    console.log(JSON.stringify(result, null, 2));
    // What to check about an imported file, in words (the report above has the codes).
    for (const notice of (result as { notices?: ImportNotice[] }).notices ?? []) console.error(`notice: ${importNoticeText('en', notice.code, notice.params)}`);
    if (['reports', 'rollback', 'areas'].includes(command) && config.signalsAfterImport) {
      console.error('recomputing the early signals …');
      // A published run with the administrator's defaults, as after an import in the dashboard.
      const run = await runPublished(db, 'cli', actor, config.disclosure);
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
