import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/index.ts';
import { importAreas, importPopulation } from '../../server/services/areas.ts';
import { openTestDb, type TestDb } from './harness.ts';

let t: TestDb;
const t0 = () => t;
beforeAll(async () => {
  t = await openTestDb('base');
});
afterAll(async () => t?.dispose());

describe('migrations', () => {
  it('are recorded and idempotent', async () => {
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.level).toBeGreaterThanOrEqual(2);
    const rows = await t.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version).slice(0, 2)).toEqual([1, 2]);
  });

  it('seed the categories and sources', async () => {
    const cats = await t.db.query<{ code: string; sensitive: boolean }>('SELECT code, sensitive FROM categories ORDER BY sort_order');
    expect(cats.map((c) => c.code)).toEqual(['hennep', 'drugslab', 'afvaldumping', 'overlastpand', 'illegale_bewoning', 'adresfraude', 'prostitutie', 'witwassen', 'overig']);
    expect(cats.filter((c) => c.sensitive).map((c) => c.code).sort()).toEqual(['adresfraude', 'illegale_bewoning', 'prostitutie']);
    const sources = await t.db.query<{ code: string }>('SELECT code FROM sources ORDER BY sort_order');
    expect(sources.map((s) => s.code)).toEqual(['mma', 'politie', 'gemeente', 'partner']);
  });

  it('has no free-text column on reports', async () => {
    const cols = await t.db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'reports' ORDER BY column_name`);
    expect(cols.map((c) => c.column_name)).toEqual([
      'batch_id', 'buurt_code', 'category', 'external_id', 'gemeente_code', 'geom_rd',
      'hex1000_i', 'hex1000_j', 'hex250_i', 'hex250_j', 'hex500_i', 'hex500_j', 'received_on', 'record_key', 'source', 'wijk_code',
    ]);
  });

  it('snaps as ST_SnapToGrid does with round(v / size) * size (the import writes it out), ties included', async () => {
    const [row] = await t.db.query<{ ok: boolean; n: number }>(`
      SELECT bool_and(ST_X(ST_SnapToGrid(p, s)) = round(x / s) * s AND ST_Y(ST_SnapToGrid(p, s)) = round(y / s) * s) AS ok, count(*)::integer AS n
      FROM (SELECT x, y, s::double precision AS s, ST_SetSRID(ST_MakePoint(x, y), 28992) AS p
            FROM (SELECT 230000 + g * 13.37 + (g % 7) * 0.5 AS x, 480000 + g * 7.25 AS y FROM generate_series(1, 5000) g) v,
                 (VALUES (1), (25), (50), (125)) z (s)
            UNION ALL SELECT v, v, 50, ST_SetSRID(ST_MakePoint(v, v), 28992) FROM unnest(ARRAY[25.0, 75.0, 125.0, 230025.0, 230075.0]) v) q`);
    expect(row).toEqual({ ok: true, n: 20_005 });
  });

  it('computes the hexagon cell of a point exactly as ST_HexagonGrid does', async () => {
    const rows = await t.db.query<{ ok: boolean; n: number }>(`
      SELECT bool_and(h.i = (hex_cell(ST_X(p), ST_Y(p), 500))[1] AND h.j = (hex_cell(ST_X(p), ST_Y(p), 500))[2]) AS ok, count(*)::integer AS n
      FROM ST_HexagonGrid(500, ST_MakeEnvelope(230000, 485000, 245000, 500000, 28992)) h
      CROSS JOIN LATERAL (SELECT ST_PointOnSurface(ST_Buffer(h.geom, -1)) AS p
                          UNION ALL SELECT ST_Translate(ST_Centroid(h.geom), 440, 0)
                          UNION ALL SELECT ST_Translate(ST_Centroid(h.geom), -200, 380)) pts`);
    expect(rows[0]!.n).toBeGreaterThan(1000);
    expect(rows[0]!.ok).toBe(true);
  });
});

describe('period_parts', () => {
  it('splits a period into whole ISO-week months and edge days', async () => {
    const parts = (f: string, t: string) => t0().db.query<{ monthly: boolean; lo: string; hi: string }>('SELECT monthly, lo::text AS lo, hi::text AS hi FROM period_parts($1::date, $2::date) ORDER BY lo', [f, t]);
    // ISO-week months of 2025: January runs from Monday 30 December 2024 (its first Thursday is
    // 2 January), February from 3 February, March from 3 March, April from 31 March; December
    // ends on Sunday 28 December (the week of Thursday 1 January 2026 is January's).
    expect(await parts('2025-01-15', '2025-03-10')).toEqual([
      { monthly: false, lo: '2025-01-15', hi: '2025-02-02' },
      { monthly: true, lo: '2025-02-01', hi: '2025-02-01' },
      { monthly: false, lo: '2025-03-03', hi: '2025-03-10' },
    ]);
    expect(await parts('2024-12-30', '2025-12-28')).toEqual([{ monthly: true, lo: '2025-01-01', hi: '2025-12-01' }]);
    expect(await parts('2025-01-01', '2025-12-31')).toEqual([
      { monthly: false, lo: '2025-01-01', hi: '2025-02-02' },
      { monthly: true, lo: '2025-02-01', hi: '2025-12-01' },
      { monthly: false, lo: '2025-12-29', hi: '2025-12-31' },
    ]);
    expect(await parts('2025-02-03', '2025-02-20')).toEqual([{ monthly: false, lo: '2025-02-03', hi: '2025-02-20' }]);
    expect(await parts('2025-03-31', '2025-04-06')).toEqual([{ monthly: false, lo: '2025-03-31', hi: '2025-04-06' }]);
    expect(await parts('2025-03-31', '2025-04-27')).toEqual([{ monthly: true, lo: '2025-04-01', hi: '2025-04-01' }]);
  });

  it('keys a day by the month of its ISO week\'s Thursday', async () => {
    const [r] = await t0().db.query<Record<string, string>>(`SELECT iso_month('2024-12-30')::text AS a, iso_month('2025-12-31')::text AS b,
      iso_month('2026-10-01')::text AS c, iso_month_start('2026-10-01')::text AS d, iso_month_start('2025-04-01')::text AS e`);
    expect(r).toEqual({ a: '2025-01-01', b: '2026-01-01', c: '2026-10-01', d: '2026-09-28', e: '2025-03-31' });
  });
});

describe('areas', () => {
  it('loads Twenterand and Almelo buurten, wijken and gemeenten with CBS codes', async () => {
    const rows = await t.db.query<{ gemeente_code: string; level: string; n: number; with_geom: number }>(
      `SELECT gemeente_code, level, count(*)::integer AS n, count(geom)::integer AS with_geom FROM areas GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(rows).toEqual([
      { gemeente_code: 'GM0141', level: 'buurt', n: 71, with_geom: 70 },
      { gemeente_code: 'GM0141', level: 'gemeente', n: 1, with_geom: 1 },
      { gemeente_code: 'GM0141', level: 'wijk', n: 12, with_geom: 12 },
      { gemeente_code: 'GM1700', level: 'buurt', n: 27, with_geom: 27 },
      { gemeente_code: 'GM1700', level: 'gemeente', n: 1, with_geom: 1 },
      { gemeente_code: 'GM1700', level: 'wijk', n: 6, with_geom: 6 },
    ]);
    const [gm] = await t.db.query<{ name: string; area: number }>(`SELECT name, area_km2 AS area FROM areas WHERE code = 'GM1700'`);
    expect(gm!.name).toBe('Twenterand');
    expect(gm!.area).toBeGreaterThan(100);
    expect(gm!.area).toBeLessThan(112);
  });

  it("puts each buurt's point-on-surface inside (within 150 m of) its wijk and gemeente", async () => {
    const rows = await t.db.query<{ code: string; in_wijk: boolean; in_gemeente: boolean; wijk_parent_ok: boolean }>(`
      SELECT b.code,
             ST_DWithin(ST_PointOnSurface(b.geom_rd), w.geom_rd, 150) AS in_wijk,
             ST_DWithin(ST_PointOnSurface(b.geom_rd), g.geom_rd, 150) AS in_gemeente,
             w.parent_code = g.code AS wijk_parent_ok
      FROM areas b JOIN areas w ON w.code = b.parent_code JOIN areas g ON g.code = b.gemeente_code
      WHERE b.level = 'buurt' AND b.geom_rd IS NOT NULL`);
    expect(rows).toHaveLength(97);
    // Known quirk of the generalised 2022 data: Aadorp West (Almelo) lies in the hole of the
    // Noorderkwartier wijk, 277 m from the generalised outline of its own wijk Aadorp.
    expect(rows.filter((r) => !r.in_wijk || !r.in_gemeente || !r.wijk_parent_ok)).toEqual([
      { code: 'BU01412000', in_wijk: false, in_gemeente: true, wijk_parent_ok: true },
    ]);
    const [aadorp] = await t.db.query<{ d: number }>(`SELECT ST_Distance(ST_PointOnSurface(b.geom_rd), w.geom_rd) AS d
      FROM areas b JOIN areas w ON w.code = b.parent_code WHERE b.code = 'BU01412000'`);
    expect(aadorp!.d).toBeLessThan(300);
  });

  it('builds hexagon cells covering the municipality for each size', async () => {
    // Every buurt's interior point lies in exactly one cell of each size, and the cells' area is
    // the municipality's plus at most the 200 m margin around it.
    const rows = await t.db.query<{ size: number; points: number; covered: number; cells_km2: number; outline_km2: number }>(`
      SELECT s.size,
             (SELECT count(*) FROM areas b WHERE b.level = 'buurt' AND b.gemeente_code = 'GM1700')::integer AS points,
             (SELECT count(*) FROM areas b JOIN grid_cells c ON c.size = s.size AND c.gemeente_code = 'GM1700'
                AND ST_Intersects(c.geom_rd, ST_PointOnSurface(b.geom_rd))
              WHERE b.level = 'buurt' AND b.gemeente_code = 'GM1700')::integer AS covered,
             (SELECT sum(area_km2) FROM grid_cells c WHERE c.size = s.size AND c.gemeente_code = 'GM1700')::float AS cells_km2,
             (SELECT area_km2 FROM areas WHERE code = 'GM1700')::float AS outline_km2
      FROM (VALUES (250), (500), (1000)) s (size) ORDER BY s.size`);
    expect(rows.map((r) => r.size)).toEqual([250, 500, 1000]);
    for (const r of rows) {
      expect(r.covered).toBe(r.points);
      expect(r.cells_km2).toBeGreaterThan(r.outline_km2 * 0.999);
      expect(r.cells_km2).toBeLessThan(r.outline_km2 * 1.1);
    }
  });

  it('stores population estimates as estimates and sums them upwards', async () => {
    const [gm] = await t.db.query<{ inhabitants: number; est: boolean }>(`SELECT inhabitants, inhabitants_estimated AS est FROM areas WHERE code = 'GM1700'`);
    expect(gm).toEqual({ inhabitants: 34071, est: true });
    const [almelo] = await t.db.query<{ inhabitants: number | null }>(`SELECT inhabitants FROM areas WHERE code = 'GM0141'`);
    expect(almelo!.inhabitants).toBeNull();
  });

  it('rejects invalid area files without writing anything', async () => {
    const before = await t.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM areas');
    await expect(importAreas(t.db, [{ name: 'x.geojson', text: '{not json' }])).rejects.toThrow(/not valid JSON/);
    const badCode = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: { statcode: 'XX1', statnaam: 'x' } }] });
    await expect(importAreas(t.db, [{ name: 'x.geojson', text: badCode }])).rejects.toThrow(/invalid features/);
    const orphan = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[6, 52], [6.01, 52], [6.01, 52.01], [6, 52]]] }, properties: { statcode: 'BU99990101', statnaam: 'Nergens' } }] });
    await expect(importAreas(t.db, [{ name: 'x.geojson', text: orphan }])).rejects.toThrow(/WK999901, which is not loaded/);
    const after = await t.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM areas');
    expect(after).toEqual(before);
  });

  it('rejects population rows for unknown areas and keeps the old figures', async () => {
    await expect(importPopulation(t.db, 'code;inhabitants\nBU17000107;100\nBU99999999;5\n', 'p.csv', 'test')).rejects.toThrow(/not loaded/);
    await expect(importPopulation(t.db, 'code,inhabitants\nBU17000107,-3\n', 'p.csv', 'test')).rejects.toThrow(/invalid rows/);
    const [b] = await t.db.query<{ inhabitants: number }>(`SELECT inhabitants FROM areas WHERE code = 'BU17000107'`);
    expect(b!.inhabitants).toBe(1986);
  });
});
