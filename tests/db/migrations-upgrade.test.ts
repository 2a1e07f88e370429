/** Upgrading a database that already holds reports: migration 005 derives each report's hexagon
 *  cells from its stored point, 007 re-keys reports by (external_id, source) and replaces the
 *  date and batch B-trees by a BRIN index, and 020 derives the incident counts. No report may be lost or changed on the way. */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, migrate } from '../../server/db/index.ts';
import { MIGRATIONS_DIR } from '../../server/db/migrate.ts';
import { rebuildRollups } from '../../server/services/imports/index.ts';
import { openTestDb, type TestDb } from './harness.ts';

let t: TestDb;
let upToFour: string;
beforeAll(async () => {
  t = await openTestDb('empty');
  upToFour = await mkdtemp(path.join(os.tmpdir(), 'sk-migrations-'));
  for (const f of (await readdir(MIGRATIONS_DIR)).filter((f) => /^00[1-4]_.*\.sql$/.test(f))) {
    await copyFile(path.join(MIGRATIONS_DIR, f), path.join(upToFour, f));
  }
});
afterAll(async () => {
  await t?.dispose();
  if (upToFour) await rm(upToFour, { recursive: true, force: true });
});

describe('upgrading a database with reports', () => {
  it('keeps every report, backfills its cells and re-keys the table', async () => {
    expect((await migrate(t.db, upToFour)).level).toBe(4);
    // Reports as version 4 stored them: a WGS84 and an RD point, a surrogate id.
    await t.db.exec(`
      INSERT INTO reports (source, external_id, received_on, category, geom, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id)
      SELECT s, 'U-' || g, DATE '2024-01-01' + g, 'hennep', ST_Transform(p, 4326), p, 'BU17000107', 'WK170001', 'GM1700', 1
      FROM generate_series(1, 40) g, (VALUES ('mma'), ('politie')) v (s),
           LATERAL (SELECT ST_SetSRID(ST_MakePoint(235000 + g * 137.5, 490000 - g * 61.25), 28992) AS p) q`);
    const upgrade = await migrate(t.db);
    expect(upgrade.applied.slice(0, 4)).toEqual(['005_report_cells', '006_data_version', '007_report_keys', '008_record_keys']);

    const [check] = await t.db.query<{ n: number; cells_right: boolean }>(`
      SELECT count(*)::integer AS n,
             bool_and(ARRAY[hex250_i, hex250_j] = hex_cell(ST_X(geom_rd), ST_Y(geom_rd), 250)
                      AND ARRAY[hex500_i, hex500_j] = hex_cell(ST_X(geom_rd), ST_Y(geom_rd), 500)
                      AND ARRAY[hex1000_i, hex1000_j] = hex_cell(ST_X(geom_rd), ST_Y(geom_rd), 1000)) AS cells_right
      FROM reports`);
    expect(check).toEqual({ n: 80, cells_right: true });

    // 008: every report has its own secret key in [0, 2^32), and the rollups, rebuilt with key
    // sums and ISO-week months, hold every report with the sums of their keys.
    const [recordKeys] = await t.db.query<{ in_range: boolean; distinct: number }>(`
      SELECT bool_and(record_key >= 0 AND record_key < 4294967296) AS in_range, count(DISTINCT record_key)::integer AS distinct FROM reports`);
    expect(recordKeys!.in_range).toBe(true);
    expect(recordKeys!.distinct).toBeGreaterThan(75); // 80 draws from 2^32 values: a repeat is a 1 in 10^6 event
    const sums = await t.db.query<{ month: string; n: number; rollup_key: number; direct_key: number }>(`
      SELECT m.month::text, m.n, m.key_sum AS rollup_key, d.key_sum AS direct_key
      FROM (SELECT month, sum(n)::integer AS n, (sum(key_sum) % 4294967296)::bigint AS key_sum FROM report_counts_cell_monthly WHERE size = 500 GROUP BY 1) m
      JOIN (SELECT iso_month(received_on) AS month, (sum(record_key) % 4294967296)::bigint AS key_sum FROM reports GROUP BY 1) d USING (month)
      ORDER BY 1`);
    expect(sums.reduce((n, r) => n + r.n, 0)).toBe(80);
    for (const r of sums) expect(r.rollup_key).toBe(r.direct_key);
    // 1 January 2024 is a Monday: days 2 … 41 of the inserted reports fall in ISO months January and February.
    expect(sums.map((r) => r.month)).toEqual(['2024-01-01', '2024-02-01']);

    const keys = await t.db.query<{ name: string; definition: string }>(`
      SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'reports'::regclass ORDER BY 1`);
    expect(keys.map((k) => k.name)).toEqual(['reports_pkey', 'reports_received_batch_brin']);
    expect(keys[0]!.definition).toMatch(/UNIQUE INDEX reports_pkey ON public\.reports USING btree \(external_id( COLLATE "C")?, source( COLLATE "C")?\)/);
    expect(keys[1]!.definition).toMatch(/USING brin \(received_on, batch_id\)/);

    // 020: the incident counts, derived from the stored reports, are what a rebuild gives; two
    // reports (mma, politie) at each of 40 points on one day: 40 incidents.
    const incidentCounts = () => t.db.query<{ n: number }>('SELECT * FROM incident_counts ORDER BY 1,2,3,4');
    const migrated = await incidentCounts();
    expect(migrated.reduce((a, r) => a + r.n, 0)).toBe(40);
    await rebuildRollups(t.db);
    expect(await incidentCounts()).toEqual(migrated);

    const again = await t.db.query(`
      INSERT INTO reports (source, external_id, received_on, category, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id,
                           hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j, record_key)
      SELECT source, external_id, received_on, category, geom_rd, buurt_code, wijk_code, gemeente_code, 2, 0, 0, 0, 0, 0, 0, 1
      FROM reports WHERE external_id = 'U-7' AND source = 'mma'`).then(() => null, (err: unknown) => err);
    expect(isUniqueViolation(again)).toBe(true);
  });
});
