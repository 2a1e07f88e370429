import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../server/services/imports/index.ts';
import { importPlaces } from '../../server/services/places.ts';
import { chooseDefaultGemeente } from '../../server/services/meta.ts';
import { TEST_TODAY } from './harness.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// Issue #15: label points and place names for orientation; per-municipality data extent so a
// municipality without reports reads "no data", not 0; the municipality the dashboard opens on.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base');
});
afterAll(async () => s?.close());

interface Feature { properties: { code: string; labelPoint: [number, number] | null }; geometry: unknown }

describe('label points', () => {
  it('every area with a polygon has a label point inside it (also crescent-shaped ones)', async () => {
    const rows = await s.db.query<{ code: string; inside: boolean; has: boolean }>(
      `SELECT code, label_point IS NOT NULL AS has, ST_Intersects(ST_Transform(label_point, 28992), geom_rd) AS inside FROM areas WHERE geom_rd IS NOT NULL`);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => !r.has || !r.inside)).toEqual([]);
  });

  it('lies deeper inside than the centroid where the centroid is near or outside the edge', async () => {
    // The pole of inaccessibility is at least as far from the boundary as any other inner point.
    const [row] = await s.db.query<{ worse: number }>(`
      SELECT count(*)::integer AS worse FROM areas
      WHERE geom_rd IS NOT NULL AND ST_Intersects(ST_Centroid(geom_rd), geom_rd)
        AND ST_Distance(ST_Transform(label_point, 28992), ST_Boundary(geom_rd)) + 1 < ST_Distance(ST_Centroid(geom_rd), ST_Boundary(geom_rd))`);
    expect(row!.worse).toBe(0);
  });

  it('is served with the areas (rounded to 5 decimals)', async () => {
    const fc = await s.json<{ features: Feature[] }>('/api/areas?level=buurt&gemeente=GM1700');
    expect(fc.features.length).toBe(27);
    for (const f of fc.features) {
      expect(f.properties.labelPoint).toHaveLength(2);
      for (const v of f.properties.labelPoint!) expect(Math.round(v * 1e5) / 1e5).toBe(v);
    }
  });
});

describe('places', () => {
  it('the bundled villages lie inside their municipality, in the buurt they are named after', async () => {
    const meta = await s.json<{ places: { name: string; kind: string; gemeente: string; point: [number, number] }[] }>('/api/meta');
    const names = meta.places.map((p) => p.name);
    for (const v of ['Vriezenveen', 'Westerhaar-Vriezenveensewijk', 'Den Ham', 'Vroomshoop', 'Almelo', 'Aadorp', 'Bornerbroek']) expect(names).toContain(v);
    // Larger kinds first (the map places labels in this order).
    expect(meta.places[0]!.kind).toBe('stad');
    const denHam = meta.places.find((p) => p.name === 'Den Ham')!;
    const [hit] = await s.db.query<{ code: string }>(
      `SELECT code FROM areas WHERE level = 'buurt' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`, denHam.point);
    expect(hit?.code).toBe('BU17000302');
  });

  it('refuses a file with problems, reporting all of them, and changes nothing', async () => {
    const before = await s.db.query('SELECT name FROM places ORDER BY name');
    const bad = 'name;kind;gemeente;areas\n;dorp;GM1700;BU17000302\nX;kasteel;GM1700;BU17000302\nY;dorp;GM1700;BU01412000\nZ;dorp;GM1700;BU17009999\n';
    await expect(importPlaces(s.db, bad, 'bad.csv')).rejects.toMatchObject({
      details: expect.arrayContaining([expect.stringMatching(/^line 2: name/), expect.stringMatching(/^line 3: kind/), expect.stringMatching(/^line 4: .*another municipality/)]),
    });
    await expect(importPlaces(s.db, 'name;kind;gemeente;areas\nZ;dorp;GM1700;BU17009999\n', 'unknown.csv')).rejects.toThrow(/not loaded/);
    expect(await s.db.query('SELECT name FROM places ORDER BY name')).toEqual(before);
  });
});

describe('coverage in /api/meta', () => {
  it('says which municipalities have data, and opens on the one that has', async () => {
    type M = { gemeenten: { code: string; dataExtent: { from: string; to: string } | null }[]; defaultGemeente: string | null; minRatePopulation: number };
    let meta = await s.json<M>('/api/meta');
    expect(meta.gemeenten.map((g) => [g.code, g.dataExtent])).toEqual([['GM0141', null], ['GM1700', null]]);
    expect(meta.defaultGemeente).toBeNull();
    expect(meta.minRatePopulation).toBe(100);
    const csv = 'external_id,received_on,category,source,lon,lat\nA-1,2025-03-04,hennep,mma,6.6294,52.4085\nA-2,2025-05-06,hennep,mma,6.4952,52.4665\n';
    await importFile(s.db, [csv], { kind: 'reports', snapMetres: 50, createdBy: 'test', today: TEST_TODAY });
    meta = await s.json<M>('/api/meta');
    // Whole ISO weeks (Tuesday 4 March → Monday 3 March; Tuesday 6 May → Sunday 11 May): the
    // extent must not tell on which day the first or last report arrived.
    expect(meta.gemeenten.find((g) => g.code === 'GM1700')!.dataExtent).toEqual({ from: '2025-03-03', to: '2025-05-11' });
    expect(meta.gemeenten.find((g) => g.code === 'GM0141')!.dataExtent).toBeNull();
    expect(meta.defaultGemeente).toBe('GM1700');
  });

  it('DEFAULT_GEMEENTE wins when it is loaded, and is ignored when it is not', () => {
    const g = [{ code: 'GM0141', dataExtent: null }, { code: 'GM1700', dataExtent: { from: '2025-01-01', to: '2025-02-01' } }];
    expect(chooseDefaultGemeente(g)).toBe('GM1700');
    expect(chooseDefaultGemeente(g, 'GM0141')).toBe('GM0141');
    expect(chooseDefaultGemeente(g, 'GM9999')).toBe('GM1700');
    expect(chooseDefaultGemeente([...g, { code: 'GM0163', dataExtent: { from: '2025-01-01', to: '2025-01-02' } }])).toBeNull();
  });
});
