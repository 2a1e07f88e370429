import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rollupRepo from '../../server/repositories/rollups.ts';
import { importFile, rebuildRollups, rollbackBatch, type ImportOptions } from '../../server/services/imports/index.ts';
import { InputError } from '../../server/errors.ts';
import { openTestDb, TEST_TODAY, testDatabaseUrl, type TestDb } from './harness.ts';

let t: TestDb;
/** A point inside each of a few named buurten, in lon/lat and RD, found by PostGIS. */
let inside: Record<string, { lon: number; lat: number; x: number; y: number }> = {};
const BUURTEN = ['BU17000107', 'BU17000302', 'BU17000402', 'BU01411000'];

beforeAll(async () => {
  t = await openTestDb('base');
  const rows = await t.db.query<{ code: string; lon: number; lat: number; x: number; y: number }>(`
    SELECT code, ST_X(ST_Transform(p, 4326)) AS lon, ST_Y(ST_Transform(p, 4326)) AS lat, ST_X(p) AS x, ST_Y(p) AS y
    FROM (SELECT code, ST_PointOnSurface(ST_Buffer(geom_rd, -200)) AS p FROM areas WHERE code = ANY($1::text[])) s`, [BUURTEN]);
  inside = Object.fromEntries(rows.map((r) => [r.code, r]));
});
afterAll(async () => t?.dispose());

const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({ kind: 'reports', snapMetres: 50, createdBy: 'test', today: TEST_TODAY, ...o });
const count = async (table = 'reports') => (await t.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${table}`))[0]!.n;
const rollupTotal = async () => (await t.db.query<{ n: number }>('SELECT COALESCE(sum(n), 0)::integer AS n FROM report_counts_daily'))[0]!.n;
/** Every row of every rollup, the incidents included. */
const rollups = async () => ({
  daily: await t.db.query('SELECT * FROM report_counts_daily ORDER BY day, buurt_code, category, source'),
  cellsMonthly: await t.db.query('SELECT * FROM report_counts_cell_monthly ORDER BY 1,2,3,4,5,6,7'),
  incidents: await t.db.query('SELECT * FROM incident_counts ORDER BY 1,2,3,4'),
});

async function expectRejected(promise: Promise<unknown>, pattern: RegExp): Promise<InputError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  const e = err as InputError;
  expect([e.message, ...e.details].join('\n')).toMatch(pattern);
  expect(e.status).toBeGreaterThanOrEqual(400);
  expect(e.status).toBeLessThan(500);
  return e;
}

describe('report import', () => {
  it('imports a good file with exact counts, correct areas, snapped points and no personal columns', async () => {
    const p = inside;
    const csv = [
      'external_id,received_on,category,source,lon,lat,melder_naam,adres,telefoon,toelichting',
      `T-1,2025-03-04,hennep,mma,${p.BU17000107!.lon},${p.BU17000107!.lat},Jan Jansen,Dorpsstraat 1,0612345678,ruikt naar wiet`,
      `T-2,04-03-2025,Drugslab / drugsafval,Politie,${p.BU17000302!.lon},${p.BU17000302!.lat},,,,`,
      `T-3,2025-03-05T23:10:00,afvaldumping,gemeente,${p.BU17000402!.lon},${p.BU17000402!.lat},,,,`,
      `T-4,2025-03-05,adresfraude,partner,${p.BU01411000!.lon},${p.BU01411000!.lat},,,,`,
    ].join('\n');
    const before = await count();
    const report = await importFile(t.db, [csv], opts({ fileName: 'good.csv' }));
    expect(report).toMatchObject({ rows: 4, inserted: 4, alreadyPresent: 0, format: 'csv', delimiter: ',', period: { from: '2025-03-04', to: '2025-03-05' } });
    expect(report.droppedColumns).toEqual(['melder_naam', 'adres', 'telefoon', 'toelichting']);
    expect(await count()).toBe(before + 4);
    const rows = await t.db.query<{ external_id: string; received_on: string; category: string; source: string; buurt_code: string; wijk_code: string; gemeente_code: string; x: number; y: number }>(
      `SELECT external_id, received_on, category, source, buurt_code, wijk_code, gemeente_code, ST_X(geom_rd) AS x, ST_Y(geom_rd) AS y
       FROM reports WHERE external_id LIKE 'T-%' ORDER BY external_id`);
    expect(rows.map((r) => [r.external_id, r.received_on, r.category, r.source, r.buurt_code, r.wijk_code, r.gemeente_code])).toEqual([
      ['T-1', '2025-03-04', 'hennep', 'mma', 'BU17000107', 'WK170001', 'GM1700'],
      ['T-2', '2025-03-04', 'drugslab', 'politie', 'BU17000302', 'WK170003', 'GM1700'],
      ['T-3', '2025-03-05', 'afvaldumping', 'gemeente', 'BU17000402', 'WK170004', 'GM1700'],
      ['T-4', '2025-03-05', 'adresfraude', 'partner', 'BU01411000', 'WK014110', 'GM0141'],
    ]);
    for (const r of rows) {
      expect(r.x % 50).toBe(0);
      expect(r.y % 50).toBe(0);
    }
    // Nothing of the dropped columns reached the database, in any table.
    const dump = await t.db.query<{ t: string }>(`SELECT string_agg(r::text, '|') AS t FROM (SELECT * FROM reports) r`);
    for (const secret of ['Jansen', 'Dorpsstraat', '0612345678', 'wiet']) expect(dump[0]!.t).not.toContain(secret);
    const batch = await t.db.query<{ t: string }>(`SELECT string_agg(b::text, '|') AS t FROM import_batches b`);
    expect(batch[0]!.t).not.toContain('Jansen');
  });

  it('reads semicolons with decimal commas, RD coordinates and a BOM', async () => {
    const p = inside.BU17000302!;
    const csv = `\uFEFFexternal_id;received_on;category;source;x;y\nRD-1;1-6-2025;hennep;mma;${p.x.toFixed(2).replace('.', ',')};${p.y.toFixed(2).replace('.', ',')}\n`;
    const report = await importFile(t.db, [csv], opts());
    expect(report).toMatchObject({ inserted: 1, delimiter: ';' });
    const [row] = await t.db.query<{ buurt_code: string; received_on: string }>(`SELECT buurt_code, received_on FROM reports WHERE external_id = 'RD-1'`);
    expect(row).toEqual({ buurt_code: 'BU17000302', received_on: '2025-06-01' });
  });

  it('imports GeoJSON points', async () => {
    const p = inside.BU17000107!;
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { external_id: 'G-1', received_on: '2025-02-01', category: 'overlastpand', source: 'mma', naam: 'X' } },
    ] });
    const report = await importFile(t.db, [geojson], opts());
    expect(report).toMatchObject({ format: 'geojson', inserted: 1, droppedColumns: ['naam'] });
  });

  it('is idempotent on re-import and updates the rollups', async () => {
    const p = inside.BU17000107!;
    const csv = `external_id,received_on,category,source,lon,lat\nI-1,2024-05-01,hennep,mma,${p.lon},${p.lat}\nI-2,2024-05-01,hennep,mma,${p.lon},${p.lat}\n`;
    const first = await importFile(t.db, [csv], opts());
    expect(first).toMatchObject({ inserted: 2, alreadyPresent: 0 });
    const total = await count();
    const second = await importFile(t.db, [csv], opts());
    expect(second).toMatchObject({ inserted: 0, alreadyPresent: 2 });
    expect(await count()).toBe(total);
    expect(await rollupTotal()).toBe(total);
    const [day] = await t.db.query<{ n: number }>(`SELECT sum(n)::integer AS n FROM report_counts_daily WHERE day = '2024-05-01' AND buurt_code = 'BU17000107' AND category = 'hennep'`);
    expect(day!.n).toBe(2);
    const [cells] = await t.db.query<{ n: number }>(`SELECT sum(n)::integer AS n FROM report_counts_cell_monthly WHERE month = '2024-05-01' AND size = 500`);
    // ISO-week May 2024: the weeks whose Thursday is in May, Monday 29 April … Sunday 2 June.
    const [mayReports] = await t.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM reports WHERE received_on BETWEEN '2024-04-29' AND '2024-06-02'`);
    expect(cells!.n).toBe(mayReports!.n);
    const [sums] = await t.db.query<{ daily: number; cells: number[] }>(`SELECT (SELECT sum(n) FROM report_counts_daily)::integer AS daily,
      (SELECT array_agg(n ORDER BY size) FROM (SELECT size, sum(n)::integer AS n FROM report_counts_cell_monthly GROUP BY size) s) AS cells`);
    expect(sums).toEqual({ daily: total, cells: [total, total, total] });
  });

  it('rolls back a batch, restoring reports and rollups exactly', async () => {
    const p = inside.BU17000402!;
    const before = { reports: await count(), ...(await rollups()) };
    const csv = `external_id,received_on,category,source,lon,lat\nRB-1,2024-05-01,hennep,mma,${p.lon},${p.lat}\nRB-2,2024-07-09,witwassen,politie,${p.lon},${p.lat}\n`;
    const report = await importFile(t.db, [csv], opts());
    expect(await count()).toBe(before.reports + 2);
    const result = await rollbackBatch(t.db, report.batchId);
    expect(result).toEqual({ batchId: report.batchId, kind: 'reports', removed: 2, rollupDays: 2 });
    expect(await count()).toBe(before.reports);
    const { reports: _, ...beforeRollups } = before;
    expect(await rollups()).toEqual(beforeRollups);
    await expect(rollbackBatch(t.db, report.batchId)).rejects.toThrow(/does not exist/);
  });

  it('keeps the rollups equal to a rebuild from the reports over imports in several chunks and rollbacks', async () => {
    const p = inside.BU17000402!;
    const q = inside.BU01411000!;
    const rows = (prefix: string, n: number, day0: number) => Array.from({ length: n }, (_, i) =>
      `${prefix}-${i},2024-0${1 + ((i + day0) % 3)}-${String(1 + ((i * 7 + day0) % 28)).padStart(2, '0')},${['hennep', 'witwassen', 'overlastpand'][i % 3]},${['mma', 'politie'][i % 2]},${(i % 2 ? p : q).lon + (i % 5) * 0.0003},${(i % 2 ? p : q).lat}`).join('\n');
    const header = 'external_id,received_on,category,source,lon,lat\n';
    const a = await importFile(t.db, [header + rows('CH-A', 2500, 0)], opts({ chunkRows: 700 }));
    expect(a).toMatchObject({ rows: 2500, inserted: 2500 });
    // Overlapping days and months with the first batch, and 500 ids already present.
    const b = await importFile(t.db, [header + rows('CH-B', 1500, 3) + '\n' + rows('CH-A', 500, 0)], opts({ chunkRows: 400 }));
    expect(b).toMatchObject({ rows: 2000, inserted: 1500, alreadyPresent: 500 });
    const incremental = await rollups();
    // The second batch's weeks fall in the first one's squares, so episodes moved (repeats merged).
    const [{ incidents, reports }] = await t.db.query<{ incidents: number; reports: number }>(
      'SELECT (SELECT sum(n) FROM incident_counts)::integer AS incidents, (SELECT count(*) FROM reports)::integer AS reports');
    expect(incidents).toBeGreaterThan(0);
    expect(incidents).toBeLessThan(reports);
    await rebuildRollups(t.db);
    expect(await rollups()).toEqual(incremental);
    await rollbackBatch(t.db, a.batchId);
    const afterRollback = await rollups();
    await rebuildRollups(t.db);
    expect(await rollups()).toEqual(afterRollback);
    await rollbackBatch(t.db, b.batchId);
  });

  // An import's incident change is derived from the reports its statement sees: two at once would
  // each miss the other's uncommitted reports. Writers of reports run one after the other (the
  // data_version row lock of migration 006, held until commit), so the second change starts after
  // the first committed and sees its reports. Only PostgreSQL runs two transactions at once.
  it.skipIf(!testDatabaseUrl())('keeps the incident counts right when two imports change the same squares at once', async () => {
    // Raw reports of two batches in the same four squares, in different weeks, so that each
    // batch's reports move the other's episodes.
    const insert = (tx: { query: typeof t.db.query }, batch: number, step: number) => tx.query(`
      INSERT INTO reports (source, external_id, received_on, category, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id,
                           hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j, record_key)
      SELECT 'test', 'CC-' || $1::bigint || '-' || g, DATE '2023-06-05' + (g * $2::integer) % 120, 'hennep',
             ST_SetSRID(ST_MakePoint($3::float8 + 50 * (g % 4), $4::float8), 28992), 'BU17000107', 'WK170001', 'GM1700', $1::bigint,
             0, 0, 0, 0, 0, 0, 1
      FROM generate_series(1, 40) g`, [batch, step, Math.round(inside.BU17000107!.x / 50) * 50, Math.round(inside.BU17000107!.y / 50) * 50]);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstChanged!: () => void;
    const changed = new Promise<void>((r) => (firstChanged = r));
    const first = t.db.transaction(async (tx) => {
      await insert(tx, 990001, 3);
      await rollupRepo.changeIncidents(tx, { batchId: 990001, sign: 1 });
      firstChanged();
      await held;
    });
    await Promise.race([changed, first]);
    let secondDone = false;
    const second = t.db.transaction(async (tx) => {
      await insert(tx, 990002, 5);
      await rollupRepo.changeIncidents(tx, { batchId: 990002, sign: 1 });
      secondDone = true;
    });
    await new Promise((r) => setTimeout(r, 500));
    // The second waits for the first to commit (at its first report), and then sees its reports.
    const waited = !secondDone;
    release(); // before any assertion, so that a failure does not leave the first transaction open
    await Promise.all([first, second]);
    expect(waited).toBe(true);
    const kept = await rollups();
    await rebuildRollups(t.db);
    expect((await rollups()).incidents).toEqual(kept.incidents);
    await t.db.query('DELETE FROM reports WHERE batch_id IN (990001, 990002)');
    await rebuildRollups(t.db);
  });

  it('finds a duplicate id and a location outside the areas in a later chunk, and writes nothing', async () => {
    const p = inside.BU17000107!;
    const header = 'external_id,received_on,category,source,lon,lat\n';
    const body = Array.from({ length: 1200 }, (_, i) => `CK-${i},2024-03-01,hennep,mma,${p.lon},${p.lat}`);
    const before = { reports: await count(), batches: await count('import_batches'), daily: await rollupTotal() };
    await expectRejected(importFile(t.db, [header + [...body, `CK-3,2024-03-02,hennep,mma,${p.lon},${p.lat}`].join('\n')], opts({ chunkRows: 500 })),
      /lines 5, 1202: external_id "CK-3" occurs more than once/);
    await expectRejected(importFile(t.db, [header + [...body, 'CK-X,2024-03-02,hennep,mma,5.1,52.1'].join('\n')], opts({ chunkRows: 500 })),
      /line 1202: location is outside the loaded areas/);
    expect({ reports: await count(), batches: await count('import_batches'), daily: await rollupTotal() }).toEqual(before);
  });

  it('reports every kind of problem in one pass: invalid rows, duplicate ids and locations outside the areas, with counts and first examples per kind', async () => {
    const p = inside.BU17000107!;
    const header = 'external_id,received_on,category,source,lon,lat\n';
    const good = Array.from({ length: 700 }, (_, i) => `AK-${i},2024-03-01,hennep,mma,${p.lon},${p.lat}`);
    // The point outside sits in another chunk than the duplicate: a chunk with a point outside
    // is not stored, so a duplicate within that same chunk would only show after the fix.
    const rows = [...good.slice(0, 100), 'AK-O1,2024-03-02,hennep,mma,5.1,52.1', ...good.slice(100),
      `AK-B1,2024-02-31,hennep,mma,${p.lon},${p.lat}`,
      `AK-B2,2024-03-01,kermis,mma,${p.lon},${p.lat}`,
      `AK-B3,2024-03-01,kermis,mma,${p.lon},${p.lat}`,
      `AK-5,2024-03-02,hennep,mma,${p.lon},${p.lat}`];
    const line = (id: string) => rows.findIndex((r) => r.startsWith(`${id},`)) + 2;
    const before = { reports: await count(), batches: await count('import_batches') };
    const e = await expectRejected(importFile(t.db, [header + rows.join('\n')], opts({ chunkRows: 300 })), /5 of 705 rows have problems \(4 kinds\); nothing was imported/);
    const problems = (e as unknown as { problems: { code: string; count: number; examples: { line: number; column?: string; params: Record<string, unknown> }[] }[] }).problems;
    expect(problems.map((x) => [x.code, x.count]).sort()).toEqual([['category_unknown', 2], ['date_invalid', 1], ['duplicate_id', 1], ['outside_areas', 1]]);
    expect(problems.find((x) => x.code === 'category_unknown')!.examples).toEqual([
      { line: line('AK-B2'), column: 'category', params: { value: 'kermis' } },
      { line: line('AK-B3'), column: 'category', params: { value: 'kermis' } },
    ]);
    expect(problems.find((x) => x.code === 'duplicate_id')!.examples[0]!.params).toEqual({ id: 'AK-5', lines: `${line('AK-5')}, ${rows.length + 1}` });
    expect(e.details).toEqual(expect.arrayContaining([
      `line ${line('AK-B1')}: received_on "2024-02-31" is not a date (use YYYY-MM-DD or DD-MM-YYYY)`,
      `lines ${line('AK-5')}, ${rows.length + 1}: external_id "AK-5" occurs more than once`,
      `line ${line('AK-O1')}: location is outside the loaded areas`,
    ]));
    // One small chunk with both: the chunk is not stored (a point outside), its ids still meet.
    const small = `${header}D-1,2024-01-01,hennep,mma,${p.lon},${p.lat}\nD-1,2024-01-02,hennep,mma,${p.lon},${p.lat}\nO-1,2024-01-01,hennep,mma,5.1,52.1\n`;
    const e2 = await expectRejected(importFile(t.db, [small], opts()), /rows have problems \(2 kinds\)/);
    expect((e2 as unknown as { problems: { code: string }[] }).problems.map((x) => x.code).sort()).toEqual(['duplicate_id', 'outside_areas']);
    expect({ reports: await count(), batches: await count('import_batches') }).toEqual(before);
  });

  it('stores long ids with letters outside ASCII exactly, in chunks longer than their first buffer', async () => {
    const p = inside.BU01411000!;
    // 100-character ids of two- and three-byte UTF-8 letters: a chunk's text is several times the
    // bytes per row its buffer starts with.
    const id = (i: number) => `Ñ-${'é'.repeat(40)}${'漢'.repeat(40)}-${String(i).padStart(17, '0')}`;
    const rows = Array.from({ length: 300 }, (_, i) => `${id(i)},2024-06-0${1 + (i % 9)},overig,partner,${p.lon},${p.lat}`);
    const report = await importFile(t.db, ['external_id,received_on,category,source,lon,lat\n' + rows.join('\n')], opts({ chunkRows: 120 }));
    expect(report).toMatchObject({ rows: 300, inserted: 300 });
    const stored = await t.db.query<{ external_id: string }>('SELECT external_id FROM reports WHERE batch_id = $1 ORDER BY external_id', [report.batchId]);
    expect(stored.map((r) => r.external_id)).toEqual(Array.from({ length: 300 }, (_, i) => id(i)));
    expect(id(0)).toHaveLength(100);
    await rollbackBatch(t.db, report.batchId);
  });

  it('gives the locating session back, after a good import and after a failed one', async () => {
    // On PostgreSQL rows are located in a second session beside the import transaction; on the
    // embedded engine the transaction's own session locates them.
    expect(typeof t.db.session).toBe(t.db.engine === 'postgres' ? 'function' : 'undefined');
    const openTransactions = async () => (await t.db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`))[0]!.n;
    const p = inside.BU17000302!;
    const header = 'external_id,received_on,category,source,lon,lat\n';
    const body = Array.from({ length: 900 }, (_, i) => `LS-${i},2024-05-0${1 + (i % 9)},hennep,mma,${p.lon},${p.lat}`).join('\n');
    await expectRejected(importFile(t.db, [`${header}${body}\nLS-X,2024-05-02,hennep,mma,5.1,52.1`], opts({ chunkRows: 250 })), /line 902: location is outside/);
    expect(await openTransactions()).toBe(0);
    const report = await importFile(t.db, [header + body], opts({ chunkRows: 250 }));
    expect(report).toMatchObject({ rows: 900, inserted: 900 });
    expect(await openTransactions()).toBe(0);
    const [stored] = await t.db.query<{ n: number; buurten: string[] }>(
      'SELECT count(*)::integer AS n, array_agg(DISTINCT buurt_code) AS buurten FROM reports WHERE batch_id = $1', [report.batchId]);
    expect(stored).toEqual({ n: 900, buurten: ['BU17000302'] });
    await rollbackBatch(t.db, report.batchId);
  });

  it('assigns every point to the buurt a point-by-point test gives, also near boundaries (snap squares)', async () => {
    // 3,000 pseudo-random points over Twenterand, many near buurt boundaries; the reference is the
    // plain per-point rule (the lowest code among the pieces that hold the point, else the nearest
    // buurt within 150 m).
    const points = await t.db.query<{ id: string; lon: number; lat: number; expected: string | null }>(`
      WITH box AS (SELECT ST_Extent(geom_rd) AS b FROM areas WHERE code = 'GM1700'),
      pts AS (
        SELECT g AS n, ST_SetSRID(ST_MakePoint(ST_XMin(b) + (ST_XMax(b) - ST_XMin(b)) * ((g * 0.6180339887) % 1),
                                               ST_YMin(b) + (ST_YMax(b) - ST_YMin(b)) * ((g * 0.7548776662) % 1)), 28992) AS pt
        FROM box, generate_series(1, 3000) g
      )
      SELECT 'SQ-' || n AS id, ST_X(ST_Transform(pt, 4326)) AS lon, ST_Y(ST_Transform(pt, 4326)) AS lat,
             COALESCE((SELECT min(b.buurt_code) FROM buurt_pieces b WHERE ST_Intersects(b.geom_rd, pts.pt)),
                      (SELECT a.code FROM areas a WHERE a.level = 'buurt' AND a.geom_rd IS NOT NULL AND ST_DWithin(a.geom_rd, pts.pt, 150)
                       ORDER BY ST_Distance(a.geom_rd, pts.pt), a.code LIMIT 1)) AS expected
      FROM pts`);
    const kept = points.filter((p) => p.expected !== null);
    expect(kept.length).toBeGreaterThan(1000);
    for (const snap of [50, 400]) {
      const csv = `external_id,received_on,category,source,lon,lat\n${kept.map((p) => `${p.id}-${snap},2024-02-02,hennep,mma,${p.lon},${p.lat}`).join('\n')}\n`;
      const report = await importFile(t.db, [csv], opts({ snapMetres: snap, chunkRows: 1000 }));
      const got = new Map((await t.db.query<{ id: string; buurt: string }>(`SELECT external_id AS id, buurt_code AS buurt FROM reports WHERE batch_id = $1`, [report.batchId])).map((r) => [r.id, r.buurt]));
      const wrong = kept.filter((p) => got.get(`${p.id}-${snap}`) !== p.expected);
      expect(wrong).toEqual([]);
      await rollbackBatch(t.db, report.batchId);
    }
  });

  it('writes nothing when one row among 10,000 is bad, and names that row', async () => {
    const p = inside.BU17000107!;
    const lines = ['external_id,received_on,category,source,lon,lat'];
    for (let i = 1; i <= 10_000; i++) {
      const date = i === 7_321 ? '31-02-2024' : '2024-02-10';
      lines.push(`BIG-${i},${date},overig,mma,${p.lon},${p.lat}`);
    }
    const before = await count();
    const batches = await count('import_batches');
    const e = await expectRejected(importFile(t.db, [lines.join('\n')], opts()), /line 7322: received_on "31-02-2024" is not a date/);
    expect(e.message).toMatch(/1 of 10000 rows are invalid; nothing was imported/);
    expect(e.details).toHaveLength(1);
    expect(await count()).toBe(before);
    expect(await count('import_batches')).toBe(batches);
  });

  it('lists at most 100 errors', async () => {
    const lines = ['external_id,received_on,category,source,lon,lat'];
    for (let i = 1; i <= 300; i++) lines.push(`E-${i},2024-01-01,nonsense,mma,6.6,52.4`);
    const e = await expectRejected(importFile(t.db, [lines.join('\n')], opts()), /300 of 300 rows are invalid/);
    expect(e.details).toHaveLength(100);
  });

  describe('malformed input gives a clear error and writes nothing', () => {
    const p = () => inside.BU17000107!;
    const header = 'external_id,received_on,category,source,lon,lat';
    const cases: [string, () => string | Uint8Array, RegExp][] = [
      ['empty file', () => '', /the file is empty/],
      ['header only', () => `${header}\n`, /no data rows/],
      ['wrong delimiter', () => `${header.replaceAll(',', '\t')}\nX\t2024-01-01\thennep\tmma\t6.6\t52.4\n`, /another delimiter/],
      ['unknown category', () => `${header}\nU-1,2024-01-01,kermis,mma,${p().lon},${p().lat}\n`, /line 2: category "kermis" is not a known category/],
      ['unknown source', () => `${header}\nU-1,2024-01-01,hennep,twitter,${p().lon},${p().lat}\n`, /source "twitter" is not a known source/],
      ['swapped lat/lon', () => `${header}\nS-1,2024-01-01,hennep,mma,${p().lat},${p().lon}\n`, /looks swapped/],
      ['RD outside the Netherlands', () => 'external_id,received_on,category,source,x,y\nR-1,2024-01-01,hennep,mma,400000,700000\n', /outside the Netherlands/],
      ['outside the loaded areas', () => `${header}\nO-1,2024-01-01,hennep,mma,5.1,52.1\n`, /line 2: location is outside the loaded areas/],
      ['future date', () => `${header}\nF-1,2099-01-01,hennep,mma,${p().lon},${p().lat}\n`, /outside 2000-01-01/],
      ['duplicate external id in one file', () => `${header}\nD-1,2024-01-01,hennep,mma,${p().lon},${p().lat}\nD-1,2024-01-02,hennep,mma,${p().lon},${p().lat}\n`, /lines 2, 3: external_id "D-1" occurs more than once/],
      ['missing location columns', () => 'external_id,received_on,category,source\nM-1,2024-01-01,hennep,mma\n', /location columns are missing/],
      ['binary garbage', () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x0a, 0x00]), /not UTF-8|binary/],
      ['invalid UTF-8 text', () => new Uint8Array([...new TextEncoder().encode(`${header}\nX-1,2024-01-01,hennep,mma,6.6,52.4,`), 0xc3, 0x28, 0x0a]), /not UTF-8/],
      ['GeoJSON polygon instead of points', () => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[6.6, 52.4], [6.61, 52.4], [6.61, 52.41], [6.6, 52.4]]] }, properties: { external_id: 'P-1', received_on: '2024-01-01', category: 'hennep', source: 'mma' } }] }), /feature 1: geometry geometry must be a Point/],
      ['GeoJSON that is not a FeatureCollection', () => '{"type":"Point","coordinates":[6.6,52.4]}', /must be a FeatureCollection/],
      ['truncated GeoJSON', () => '{"type":"FeatureCollection","features":[', /not valid JSON/],
    ];
    for (const [name, body, pattern] of cases) {
      it(name, async () => {
        const before = await count();
        const batches = await count('import_batches');
        await expectRejected(importFile(t.db, [body()], opts()), pattern);
        expect(await count()).toBe(before);
        expect(await count('import_batches')).toBe(batches);
      });
    }
  });
});

describe('inspection import', () => {
  it('imports inspections with outcomes and rejects unknown outcomes', async () => {
    const p = inside.BU17000302!;
    const csv = `external_id,inspected_on,kind,outcome,lon,lat,inspecteur\nC-1,2025-01-10,integrale_controle,overtreding,${p.lon},${p.lat},Piet\nC-2,2025-01-11,Hennepcontrole,geen overtreding,${p.lon},${p.lat},Piet\n`;
    const report = await importFile(t.db, [csv], opts({ kind: 'inspections' }));
    expect(report).toMatchObject({ kind: 'inspections', inserted: 2, droppedColumns: ['inspecteur'] });
    const rows = await t.db.query(`SELECT external_id, kind, outcome, buurt_code FROM inspections ORDER BY external_id`);
    expect(rows).toEqual([
      { external_id: 'C-1', kind: 'integrale_controle', outcome: 'overtreding', buurt_code: 'BU17000302' },
      { external_id: 'C-2', kind: 'hennepcontrole', outcome: 'geen_overtreding', buurt_code: 'BU17000302' },
    ]);
    await expectRejected(importFile(t.db, [`external_id,inspected_on,kind,outcome,lon,lat\nC-3,2025-01-10,integrale_controle,boete,${p.lon},${p.lat}\n`], opts({ kind: 'inspections' })), /outcome "boete" must be one of/);
  });
});
