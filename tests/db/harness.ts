/** Test databases: real ones, never mocks. On the embedded engine each test file gets its own
 *  in-memory PGlite loaded from a template dumped by the global setup; with TEST_DATABASE_URL
 *  each file gets a fresh PostgreSQL database created from a template database. */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/db/index.ts';

export type Template = 'base' | 'demo';
export const TEMPLATE_DIR = 'var/test';
export const templateFile = (t: Template) => `${TEMPLATE_DIR}/pglite-${t}.tar.gz`;
/** TEST_DB_PREFIX keeps two checkouts testing against one PostgreSQL server out of each other's way. */
const DB_PREFIX = process.env.TEST_DB_PREFIX || 'signaalkaart_test';
export const templateDbName = (t: Template) => `${DB_PREFIX}_template_${t}`;
/** "Today" for imports in tests, fixed so the demo data (ending 2026-11-22) is always valid. */
export const TEST_TODAY = '2026-11-28';

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDb {
  db: Database;
  url?: string;
  dispose(): Promise<void>;
}

/** A database of its own for one test file, copied from a template; 'empty' is an unmigrated one
 *  (for testing migrations themselves). */
export async function openTestDb(template: Template | 'empty' = 'base'): Promise<TestDb> {
  const url = testDatabaseUrl();
  if (!url) {
    const dump = template === 'empty' ? undefined : await readFile(templateFile(template));
    const db = await openDatabase(dump ? { pgliteTemplate: new Blob([dump]) } : {});
    return { db, dispose: () => db.close() };
  }
  const name = `${DB_PREFIX}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(template === 'empty' ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${templateDbName(template)}`);
  } finally {
    await admin.end();
  }
  const dbUrl = withDatabase(url, name);
  const db = await openDatabase({ databaseUrl: dbUrl });
  return {
    db,
    url: dbUrl,
    async dispose() {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
