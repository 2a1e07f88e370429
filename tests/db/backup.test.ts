/** Backups restore (docs/deployment.md): a backup of the demo database, restored into a fresh
 *  database, answers the statistics API identically and holds the same rows — on the engine under
 *  test (PGlite data-directory dump, or pg_dump/pg_restore with TEST_DATABASE_URL). */
import type { Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { backupDatabase, restoreDatabase } from '../../server/db/backup.ts';
import { openDatabase, type Database } from '../../server/db/index.ts';
import { loadConfig } from '../../server/config.ts';
import { createUser } from '../../server/services/users.ts';
import { openTestDb, templateFile, testDatabaseUrl, withDatabase } from './harness.ts';

const PASSWORD = 'backup restore harbour lantern';
let work = '';
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'signaalkaart-backup-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

/** What a user sees of the data (the statistics API) and what is stored (rows per table, and a
 *  checksum of the reports and rollups). */
async function fingerprint(db: Database) {
  const app = createApp({ db, config: loadConfig({ LOG_LEVEL: 'silent', SIGNALS_AFTER_IMPORT: 'off', STATS_CACHE_MB: '0' }), logger: pino({ level: 'silent' }) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'backup-analyst', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const api: Record<string, unknown> = {};
    for (const p of ['/api/meta', '/api/stats/areas?level=buurt', '/api/stats/areas?level=wijk&category=hennep', '/api/stats/timeseries?area=GM1700&interval=week', '/api/stats/grid?cell=500']) {
      const res = await fetch(`${url}${p}`, { headers: { cookie } });
      expect(res.status, p).toBe(200);
      api[p] = await res.json();
    }
    const [rows] = await db.query<Record<string, unknown>>(`SELECT
      (SELECT count(*) FROM reports)::integer AS reports, (SELECT count(*) FROM inspections)::integer AS inspections,
      (SELECT count(*) FROM areas)::integer AS areas, (SELECT count(*) FROM import_batches)::integer AS batches,
      (SELECT md5(string_agg(concat_ws(',', external_id, source, category, received_on, buurt_code), ';' ORDER BY source, external_id)) FROM reports) AS reports_md5,
      (SELECT md5(string_agg(concat_ws(',', day, buurt_code, category, source, n), ';' ORDER BY day, buurt_code, category, source)) FROM report_counts_daily) AS daily_md5`);
    return { api, rows };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

async function addAnalyst(db: Database) {
  await createUser(db, { username: 'backup-analyst', role: 'analyst', password: PASSWORD }, { username: 'test' }, { mustChangePassword: false });
}

describe(`npm run backup / restore (${testDatabaseUrl() ? 'PostgreSQL: pg_dump and pg_restore' : 'embedded: PGlite data directory'})`, () => {
  it('restores into a fresh database with identical statistics and rows', async () => {
    const file = path.join(work, 'signaalkaart.backup');
    let original: Awaited<ReturnType<typeof fingerprint>>;
    let restored: Awaited<ReturnType<typeof fingerprint>>;
    const url = testDatabaseUrl();
    if (!url) {
      const source = path.join(work, 'source');
      const db = await openDatabase({ pgliteDir: source, pgliteTemplate: new Blob([await readFile(templateFile('demo'))]) });
      await addAnalyst(db);
      original = await fingerprint(db);
      // While it is open, the embedded database cannot be backed up.
      await expect(backupDatabase({ pgliteDir: source }, file)).rejects.toThrow(/stop Signaalkaart first/);
      await db.close();
      expect((await backupDatabase({ pgliteDir: source }, file)).engine).toBe('pglite');
      await expect(restoreDatabase({ pgliteDir: source }, file)).rejects.toThrow(/not empty/);
      const target = path.join(work, 'restored');
      await restoreDatabase({ pgliteDir: target }, file);
      const copy = await openDatabase({ pgliteDir: target });
      try {
        restored = await fingerprint(copy);
      } finally {
        await copy.close();
      }
    } else {
      const t = await openTestDb('demo');
      const name = `${new URL(t.url!).pathname.slice(1)}_restored`;
      const role = `${name}_app`;
      try {
        await addAnalyst(t.db);
        original = await fingerprint(t.db);
        expect((await backupDatabase({ databaseUrl: t.url }, file)).engine).toBe('postgres');
        await expect(restoreDatabase({ databaseUrl: t.url }, file)).rejects.toThrow(/already holds Signaalkaart tables/);
        // As the deployment guide does it: a new database owned by the app's (non-superuser) role,
        // PostGIS created in it by a superuser, the restore run as the app's role.
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
        await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'restore test password'`);
        await admin.query(`CREATE DATABASE ${name} OWNER ${role}`);
        await admin.end();
        const inTarget = new pg.Client({ connectionString: withDatabase(url, name) });
        await inTarget.connect();
        await inTarget.query('CREATE EXTENSION postgis');
        await inTarget.end();
        const asApp = new URL(withDatabase(url, name));
        asApp.username = role;
        asApp.password = 'restore test password';
        await restoreDatabase({ databaseUrl: asApp.toString() }, file);
        const copy = await openDatabase({ databaseUrl: withDatabase(url, name) });
        try {
          restored = await fingerprint(copy);
        } finally {
          await copy.close();
        }
      } finally {
        await t.dispose();
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
        await admin.end();
      }
    }
    expect((original.rows as { reports: number }).reports).toBeGreaterThan(1000);
    expect(restored.rows).toEqual(original.rows);
    expect(restored.api).toEqual(original.api);
  });
});
