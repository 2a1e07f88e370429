/** Builds the test templates once per run: migrated schema + bundled areas + population
 *  estimates ("base"), and the same plus the demo data ("demo"). */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../../server/db/index.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { loadBundledAreas, loadDemoData, loadPopulationEstimates } from '../../server/services/demo.ts';
import { TEMPLATE_DIR, TEST_TODAY, templateDbName, templateFile, testDatabaseUrl, withDatabase, type Template } from './harness.ts';

async function fill(db: Database, template: Template) {
  await migrate(db);
  if (template === 'demo') await loadDemoData(db, { snapMetres: 50, today: TEST_TODAY });
  else {
    await loadBundledAreas(db);
    await loadPopulationEstimates(db);
  }
}

export default async function setup() {
  const url = testDatabaseUrl();
  const templates: Template[] = existsSync('data/demo/reports.csv') ? ['base', 'demo'] : ['base'];
  if (!url) {
    await mkdir(TEMPLATE_DIR, { recursive: true });
    for (const t of templates) {
      const db = await openPglite();
      await fill(db, t);
      await writeFile(templateFile(t), Buffer.from(await (await db.dump()).arrayBuffer()));
      await db.close();
    }
    return;
  }
  for (const t of templates) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = templateDbName(t);
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const db = await openDatabase({ databaseUrl: withDatabase(url, name) });
    try {
      await fill(db, t);
    } finally {
      await db.close();
    }
  }
}
