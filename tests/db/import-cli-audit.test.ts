/**
 * Imports from the command line are in the audit log like imports in the dashboard (issue #14):
 * who (the operating-system user and host: `cli:USER@HOST`), what (kind, file, batch, counts),
 * and failed attempts with the reason. Listing the batches only reads and is not logged.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand, UsageError } from '../../scripts/import.ts';
import { cliActor } from '../../server/services/audit.ts';
import { openTestDb, type TestDb } from './harness.ts';

let t: TestDb;
let dir: string;
let point: { lon: number; lat: number };

beforeAll(async () => {
  t = await openTestDb('base');
  dir = await mkdtemp(path.join(tmpdir(), 'sk-import-cli-'));
  [point] = await t.db.query<{ lon: number; lat: number }>(`
    SELECT ST_X(ST_Transform(ST_PointOnSurface(geom_rd), 4326)) AS lon, ST_Y(ST_Transform(ST_PointOnSurface(geom_rd), 4326)) AS lat
    FROM areas WHERE code = 'BU17000107'`) as [{ lon: number; lat: number }];
});
afterAll(async () => {
  await t?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface AuditRow { actor: string; role: string | null; action: string; target: string | null; outcome: string; details: Record<string, unknown> }
const entries = () => t.db.query<AuditRow>(`SELECT actor, role, action, target, outcome, details FROM audit_log ORDER BY id`);

describe('CLI imports in the audit log', () => {
  const actor = cliActor();
  const options = { snapMetres: 50, actor };

  it('names the operating-system user and the host as the actor', () => {
    expect(actor.username).toBe(`cli:${os.userInfo().username}@${os.hostname()}`);
  });

  it('logs an import, a refused import and a rollback, with the actor, and not a listing', async () => {
    const before = (await entries()).length;
    const good = path.join(dir, 'meldingen.csv');
    await writeFile(good, `external_id,received_on,category,source,lon,lat,toelichting\nCLI-1,2024-05-01,hennep,mma,${point.lon},${point.lat},vrije tekst\nCLI-2,2024-06-11,drugslab,politie,${point.lon},${point.lat},meer tekst\n`);
    const report = await importCommand(t.db, 'reports', [good, '--snap', '100'], options) as { batchId: number; inserted: number };
    expect(report.inserted).toBe(2);
    // The batch names the same actor.
    const [batch] = await t.db.query<{ created_by: string }>(`SELECT created_by FROM import_batches WHERE id = $1`, [report.batchId]);
    expect(batch?.created_by).toBe(actor.username);

    const bad = path.join(dir, 'kapot.csv');
    await writeFile(bad, `external_id,received_on,category,source,lon,lat\nCLI-3,2024-13-45,onbekend,mma,${point.lon},${point.lat}\n`);
    await expect(importCommand(t.db, 'reports', [bad], options)).rejects.toThrow();

    const rollback = await importCommand(t.db, 'rollback', [String(report.batchId)], options) as { removed: number };
    expect(rollback.removed).toBe(2);
    await importCommand(t.db, 'batches', [], options);
    // A usage error attempts nothing and logs nothing.
    await expect(importCommand(t.db, 'reports', [path.join(dir, 'missing.csv')], options)).rejects.toBeInstanceOf(UsageError);

    const logged = (await entries()).slice(before);
    expect(logged).toHaveLength(3);
    expect(logged.every((e) => e.actor === actor.username && e.role === null)).toBe(true);
    expect(logged[0]).toMatchObject({
      action: 'import', target: `batch ${report.batchId}`, outcome: 'ok',
      details: { kind: 'reports', via: 'cli', fileName: 'meldingen.csv', rows: 2, inserted: 2, droppedColumns: ['toelichting'] },
    });
    expect(logged[1]).toMatchObject({ action: 'import', target: 'reports', outcome: 'failed', details: { kind: 'reports', via: 'cli', fileNames: ['kapot.csv'] } });
    expect(String(logged[1]!.details.error)).not.toBe('');
    expect(logged[2]).toMatchObject({ action: 'rollback', target: `batch ${report.batchId}`, outcome: 'ok', details: { kind: 'reports', via: 'cli', removed: 2 } });
  });

  it('logs a place-name import with its file name and counts (boundaries and population alike)', async () => {
    const before = (await entries()).length;
    const places = path.join(dir, 'plaatsen.csv');
    await writeFile(places, 'name;kind;gemeente;areas\nVroomshoop;dorp;GM1700;BU17000107\n');
    await importCommand(t.db, 'places', [places], options);
    const [entry] = (await entries()).slice(before);
    expect(entry).toMatchObject({ actor: actor.username, action: 'import', target: 'places', outcome: 'ok', details: { kind: 'places', via: 'cli', fileNames: ['plaatsen.csv'], result: { places: 1 } } });
  });
});
