/**
 * Backups of either engine, as files an administrator keeps elsewhere:
 *  - embedded PGlite: the data directory as a gzipped tar (PGlite's own dumpDataDir / loadDataDir,
 *    the format the test templates use). Taken while Signaalkaart is stopped: PGlite is one process,
 *    and a second opening of a directory in use could damage it.
 *  - PostgreSQL: pg_dump's custom format (compressed, restorable table by table) and pg_restore,
 *    run while Signaalkaart keeps running (pg_dump reads one consistent snapshot).
 * A restore goes into an empty place only (a new directory, a new database): it never overwrites.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

export interface BackupTarget {
  /** postgres://… ; absent: the embedded database in pgliteDir. */
  databaseUrl?: string;
  pgliteDir?: string;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** libpq's environment for a connection URL: the password does not appear in the process list. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname);
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** Runs a PostgreSQL client tool; resolves with what it wrote to stdout. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', (err) => reject(new BackupError(`${command} could not be started (${(err as NodeJS.ErrnoException).code ?? err.message}): install the PostgreSQL client tools of the server's version`)));
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

function pgliteInUse(dir: string): boolean {
  return existsSync(path.join(dir, 'postmaster.pid'));
}

/** Writes a backup of the database to `file`; returns its engine and size. */
export async function backupDatabase(target: BackupTarget, file: string): Promise<{ engine: 'pglite' | 'postgres'; bytes: number }> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  if (target.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], libpqEnv(target.databaseUrl));
    return { engine: 'postgres', bytes: (await stat(file)).size };
  }
  const dir = target.pgliteDir;
  if (!dir || !existsSync(path.join(dir, 'PG_VERSION'))) throw new BackupError(`there is no embedded database in ${dir ?? '(PGLITE_DIR unset)'}`);
  if (pgliteInUse(dir)) {
    throw new BackupError(`the embedded database in ${dir} is open (postmaster.pid): stop Signaalkaart first. If it is not running, its last run ended without closing the database: start and stop it once.`);
  }
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis } });
  try {
    const dump = await db.dumpDataDir('gzip');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  return { engine: 'pglite', bytes: (await stat(file)).size };
}

/** Restores a backup into an empty place: a new (or empty) PGlite directory, or a PostgreSQL
 *  database without Signaalkaart's tables. */
export async function restoreDatabase(target: BackupTarget, file: string): Promise<{ engine: 'pglite' | 'postgres' }> {
  if (!existsSync(file)) throw new BackupError(`no backup file ${file}`);
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      const [row] = (await client.query<{ used: boolean; postgis: boolean }>(
        `SELECT to_regclass('public.schema_migrations') IS NOT NULL AS used, EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') AS postgis`)).rows;
      if (row?.used) throw new BackupError('the target database already holds Signaalkaart tables: restore into a new, empty database (createdb), then point DATABASE_URL at it');
      if (!row?.postgis) {
        try {
          await client.query('CREATE EXTENSION postgis');
        } catch {
          throw new BackupError('PostGIS is not installed in the target database: run CREATE EXTENSION postgis in it as a superuser first');
        }
      }
    } finally {
      await client.end();
    }
    // The extension (its comment, which only its owner may set, and its own table of coordinate
    // systems) is the target's own: restoring it would need a superuser, and Signaalkaart adds no
    // coordinate systems. Everything else is restored as the app's role.
    const env = libpqEnv(target.databaseUrl);
    const list = (await run('pg_restore', ['--list', file], env)).split('\n').filter((l) => !/^\d+;.*(\bEXTENSION\b|\bTABLE DATA public spatial_ref_sys\b)/.test(l));
    const listFile = path.join(tmpdir(), `signaalkaart-restore-${process.pid}-${Date.now()}.list`);
    await writeFile(listFile, list.join('\n'));
    try {
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--use-list=${listFile}`, '--dbname', env.PGDATABASE!, file], env);
    } finally {
      await rm(listFile, { force: true });
    }
    return { engine: 'postgres' };
  }
  const dir = target.pgliteDir;
  if (!dir) throw new BackupError('PGLITE_DIR is not set');
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new BackupError(`${dir} is not empty: restore into a new directory (PGLITE_DIR=…), or move the old one aside first`);
  }
  const bytes = await readFile(file);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BackupError(`${file} is not an embedded-database backup (a gzipped data directory); a PostgreSQL backup is restored with DATABASE_URL set`);
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([bytes]), extensions: { postgis } });
  await db.query('SELECT 1');
  await db.close();
  return { engine: 'pglite' };
}
