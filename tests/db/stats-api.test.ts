import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomLcg, randomInt } from 'd3-random';
import { importFile } from '../../server/services/imports.ts';
import { TEST_TODAY } from './harness.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
const CATEGORIES = ['hennep', 'drugslab', 'afvaldumping', 'overlastpand', 'adresfraude', 'witwassen'];
const SOURCES = ['mma', 'politie', 'gemeente', 'partner'];

/** ~2,500 reports at seeded interior points of the Twenterand and Almelo buurten over 2023-2025,
 *  heavier in a few buurten so both published and suppressed counts occur. */
async function loadSyntheticReports(server: TestServer) {
  const points = await server.db.query<{ code: string; lon: number; lat: number }>(`
    SELECT a.code, ST_X(ST_Transform(p.geom, 4326)) AS lon, ST_Y(ST_Transform(p.geom, 4326)) AS lat
    FROM areas a CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(ST_Buffer(a.geom_rd, -80), 6, 42)) p
    WHERE a.level = 'buurt' AND a.geom_rd IS NOT NULL AND ST_Area(ST_Buffer(a.geom_rd, -80)) > 0
    ORDER BY a.code, ST_X(p.geom), ST_Y(p.geom)`);
  const source = randomLcg(0.20261128);
  const pick = randomInt.source(source);
  const heavy = new Set(['BU17000107', 'BU17000402', 'BU17000302', 'BU01411000']);
  const start = Date.parse('2023-01-01T00:00:00Z');
  const lines = ['external_id,received_on,category,source,lon,lat'];
  let id = 0;
  for (const p of points) {
    const n = heavy.has(p.code) ? 40 : pick(0, 6)();
    for (let r = 0; r < n; r++) {
      const day = new Date(start + pick(0, 3 * 365)() * 86_400_000).toISOString().slice(0, 10);
      lines.push(`S-${++id},${day},${CATEGORIES[pick(0, CATEGORIES.length)()]},${SOURCES[pick(0, SOURCES.length)()]},${p.lon.toFixed(6)},${p.lat.toFixed(6)}`);
    }
  }
  await importFile(server.db, [lines.join('\n')], { kind: 'reports', snapMetres: 50, createdBy: 'test', today: TEST_TODAY });
  return id;
}

beforeAll(async () => {
  s = await startTestServer('base');
  const n = await loadSyntheticReports(s);
  expect(n).toBeGreaterThan(1500);
});
afterAll(async () => s?.close());

type Count = { value: number | null; suppressed: boolean };
interface AreaStat { code: string; parent: string; gemeente: string; inhabitants: number | null; count: Count; previous: Count; lastYear: Count; ratePer1000: number | null; share: number | null; changeVsLastYear: { absolute: number | null; percent: number | null; suppressed: boolean } }

async function directCounts(level: "buurt" | "wijk" | "gemeente", from: string, to: string, categories?: readonly string[], sources?: readonly string[]) {
  const rows = await s.db.query<{ code: string; n: number }>(
    `SELECT ${level}_code AS code, count(*)::integer AS n FROM reports
     WHERE received_on BETWEEN $1::date AND $2::date AND ($3::text[] IS NULL OR category = ANY($3::text[])) AND ($4::text[] IS NULL OR source = ANY($4::text[]))
     GROUP BY 1`, [from, to, categories ?? null, sources ?? null]);
  return new Map(rows.map((r) => [r.code, r.n]));
}

/** Published counts equal the truth; suppressed ones are small, complements, or zeros under a
 *  small parent total (where a published zero would pin its siblings). */
function expectConsistent(stats: AreaStat[], direct: Map<string, number>, k: number, key: 'count' | 'previous' | 'lastYear' = 'count', parentTotals?: Map<string, number>) {
  let published = 0;
  for (const a of stats) {
    const truth = direct.get(a.code) ?? 0;
    const c = a[key];
    if (c.suppressed) {
      expect(c.value).toBeNull();
      if (truth === 0) {
        const parentTotal = parentTotals?.get(a.parent ?? '') ?? 0;
        expect(parentTotal, `${a.code}: a zero is suppressed only below a small total`).toBeGreaterThan(0);
        expect(parentTotal).toBeLessThan(k);
      }
    } else {
      expect(c.value, `${a.code} ${key}`).toBe(truth);
      if (truth > 0) expect(truth).toBeGreaterThanOrEqual(k);
      published++;
    }
  }
  return published;
}

describe('GET /api/stats/areas', () => {
  it('matches direct counts over reports for buurten, wijken and gemeenten (one year, all categories)', async () => {
    for (const level of ['buurt', 'wijk', 'gemeente'] as const) {
      const body = await s.json(`/api/stats/areas?level=${level}&from=2025-01-01&to=2025-12-31`);
      expect(body.periods).toEqual({
        current: { from: '2025-01-01', to: '2025-12-31' },
        previous: { from: '2024-01-02', to: '2024-12-31' },
        lastYear: { from: '2024-01-01', to: '2024-12-31' },
      });
      expect(body.disclosure.k).toBe(10); // all categories include sensitive ones
      const direct = await directCounts(level, '2025-01-01', '2025-12-31');
      const parent = level === 'buurt' ? 'wijk' : 'gemeente';
      const published = expectConsistent(body.areas, direct, 10, 'count', await directCounts(parent, '2025-01-01', '2025-12-31'));
      expect(published).toBeGreaterThan(0);
      expectConsistent(body.areas, await directCounts(level, '2024-01-01', '2024-12-31'), 10, 'lastYear', await directCounts(parent, '2024-01-01', '2024-12-31'));
      expectConsistent(body.areas, await directCounts(level, '2024-01-02', '2024-12-31'), 10, 'previous', await directCounts(parent, '2024-01-02', '2024-12-31'));
    }
  });

  it('filters several categories and sources, and respects single-day period boundaries', async () => {
    const body = await s.json('/api/stats/areas?level=buurt&category=hennep&category=drugslab&source=mma,politie&from=2024-03-01&to=2024-08-31');
    expect(body.filters).toEqual({ categories: ['drugslab', 'hennep'], sources: ['mma', 'politie'], gemeente: null });
    expect(body.disclosure.k).toBe(5);
    const args = ['2024-03-01', '2024-08-31', ['hennep', 'drugslab'], ['mma', 'politie']] as const;
    expectConsistent(body.areas, await directCounts('buurt', ...args), 5, 'count', await directCounts('wijk', ...args));
    const [day] = await s.db.query<{ d: string }>(`SELECT received_on::text AS d FROM reports WHERE buurt_code = 'BU17000107' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const single = await s.json(`/api/stats/areas?level=gemeente&from=${day!.d}&to=${day!.d}`);
    expectConsistent(single.areas, await directCounts('gemeente', day!.d, day!.d), 10);
  });

  it('computes rates, shares and the change against last year from published counts', async () => {
    const body = await s.json('/api/stats/areas?level=buurt&gemeente=GM1700&from=2025-01-01&to=2025-12-31&category=overlastpand,witwassen,hennep,drugslab,afvaldumping');
    const total = body.totals.find((t: AreaStat) => t.code === 'GM1700') as AreaStat;
    expect(total.count.suppressed).toBe(false);
    let checked = 0;
    for (const a of body.areas as AreaStat[]) {
      expect(a.gemeente).toBe('GM1700');
      if (a.count.suppressed) {
        expect(a.ratePer1000).toBeNull();
        expect(a.share).toBeNull();
        expect(a.changeVsLastYear).toEqual({ absolute: null, percent: null, suppressed: true });
        continue;
      }
      expect(a.ratePer1000).toBeCloseTo((a.count.value! / a.inhabitants!) * 1000, 9);
      expect(a.share).toBeCloseTo(a.count.value! / total.count.value!, 9);
      if (!a.lastYear.suppressed) {
        expect(a.changeVsLastYear.absolute).toBe(a.count.value! - a.lastYear.value!);
        if (a.lastYear.value! > 0) expect(a.changeVsLastYear.percent).toBeCloseTo(((a.count.value! - a.lastYear.value!) / a.lastYear.value!) * 100, 9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('never leaves a single suppressed part next to a published total (buurt → wijk → gemeente)', async () => {
    for (const category of ['hennep', 'adresfraude', 'witwassen']) {
      const [buurten, wijken, gemeenten] = await Promise.all(['buurt', 'wijk', 'gemeente'].map((level) =>
        s.json(`/api/stats/areas?level=${level}&category=${category}&from=2025-01-01&to=2025-12-31`)));
      const groups: [AreaStat[], AreaStat[]][] = [[buurten.areas, wijken.areas], [wijken.areas, gemeenten.areas]];
      let suppressedSeen = 0;
      for (const [parts, totals] of groups) {
        for (const total of totals) {
          const children = parts.filter((p) => (p.parent ?? p.gemeente) === total.code);
          const hidden = children.filter((c) => c.count.suppressed);
          suppressedSeen += hidden.length;
          if (total.count.suppressed) continue;
          expect(hidden.length, `${category} ${total.code}`).not.toBe(1);
          // What subtraction reveals is the sum of the hidden parts: that must not be a small count either.
          const revealed = total.count.value! - children.reduce((sum, c) => sum + (c.count.value ?? 0), 0);
          if (hidden.length > 0) expect(revealed).toBeGreaterThanOrEqual(buurten.disclosure.k);
        }
      }
      expect(suppressedSeen).toBeGreaterThan(0);
    }
  });
});

describe('GET /api/stats/grid', () => {
  it('has cell totals that equal the municipality total, for every size', async () => {
    for (const size of [250, 500, 1000]) {
      const cells = await s.db.query<{ gemeente: string; n: number }>(
        `SELECT gemeente_code AS gemeente, sum(n)::integer AS n FROM report_counts_cell_monthly WHERE size = $1 AND month BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1`, [size]);
      // The monthly rollups hold ISO-week months: ISO year 2024 runs from Monday 1 January to Sunday 29 December.
      const direct = await directCounts('gemeente', '2024-01-01', '2024-12-29');
      for (const c of cells) expect(c.n).toBe(direct.get(c.gemeente));
      // Every counted cell has a grid cell to be drawn in.
      const [orphans] = await s.db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM report_counts_cell_monthly k LEFT JOIN grid_cells g USING (size, gemeente_code, i, j) WHERE k.size = $1 AND g.i IS NULL`, [size]);
      expect(orphans!.n).toBe(0);
      const body = await s.json(`/api/stats/grid?cell=${size}&from=2024-01-01&to=2024-12-29&zeros=true`);
      expect(body.totals.GM1700).toEqual({ value: direct.get('GM1700'), suppressed: false });
      const published = body.features.filter((f: any) => !f.properties.suppressed).reduce((sum: number, f: any) => sum + f.properties.count, 0);
      expect(published).toBeLessThanOrEqual(direct.get('GM1700')! + direct.get('GM0141')!);
    }
  });

  it('omits zero cells unless asked, and gives clipped hexagons as GeoJSON', async () => {
    const withZeros = await s.json('/api/stats/grid?cell=500&gemeente=GM1700&category=hennep');
    const all = await s.json('/api/stats/grid?cell=500&gemeente=GM1700&category=hennep&zeros=true');
    expect(all.features.length).toBe(232);
    expect(withZeros.features.length).toBeLessThan(all.features.length);
    expect(withZeros.features.every((f: any) => f.properties.suppressed || f.properties.count > 0)).toBe(true);
    expect(all.features[0].geometry.type).toBe('MultiPolygon');
  });
});

describe('GET /api/stats/timeseries', () => {
  it('counts per month and week with last year alongside, matching direct counts', async () => {
    const body = await s.json('/api/stats/timeseries?area=BU17000107&interval=month&from=2025-01-01&to=2025-06-30');
    expect(body.points.map((p: any) => p.start)).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
    for (const p of body.points) {
      const direct = await directCounts('buurt', p.start, p.end);
      const ly = await directCounts('buurt', `${Number(p.start.slice(0, 4)) - 1}${p.start.slice(4)}`, `${Number(p.end.slice(0, 4)) - 1}${p.end.slice(4)}`);
      for (const [c, truth] of [[p.count, direct.get('BU17000107') ?? 0], [p.lastYear, ly.get('BU17000107') ?? 0]] as [Count, number][]) {
        if (c.suppressed) expect(truth).toBeGreaterThan(0);
        else expect(c.value).toBe(truth);
      }
    }
    const weeks = await s.json('/api/stats/timeseries?area=GM1700&interval=week&from=2025-03-03&to=2025-03-30&category=hennep');
    expect(weeks.points.map((p: any) => [p.start, p.end])).toEqual([['2025-03-03', '2025-03-09'], ['2025-03-10', '2025-03-16'], ['2025-03-17', '2025-03-23'], ['2025-03-24', '2025-03-30']]);
    const direct = await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM reports WHERE gemeente_code = 'GM1700' AND category = 'hennep' AND received_on BETWEEN '2025-03-10' AND '2025-03-16'`);
    const second = weeks.points[1].count as Count;
    if (!second.suppressed) expect(second.value).toBe(direct[0]!.n);
  });
});

describe('parameter validation', () => {
  const cases: [string, number, RegExp][] = [
    ['/api/stats/areas?level=straat', 400, /level/],
    ['/api/stats/areas?category=kermis', 400, /unknown category "kermis"/],
    ['/api/stats/areas?source=twitter', 400, /unknown source/],
    ['/api/stats/areas?from=2024-02-30', 400, /from: is not a calendar date/],
    ['/api/stats/areas?from=2024-13-01', 400, /from/],
    ['/api/stats/areas?from=yesterday', 400, /from: must be a date/],
    ['/api/stats/areas?from=2025-01-02&to=2025-01-01', 400, /is after to/],
    ['/api/stats/areas?from=1990-01-01&to=2025-01-01', 400, /longer than 20 years/],
    ['/api/stats/areas?gemeente=GM9999', 404, /not loaded/],
    ['/api/stats/areas?gemeente=Twenterand', 400, /gemeente/],
    ['/api/stats/areas?levle=buurt', 400, /unknown parameter "levle"/],
    ['/api/stats/grid?cell=300', 400, /cell: must be one of 250, 500, 1000/],
    ['/api/stats/grid?zeros=yes', 400, /zeros/],
    ['/api/stats/timeseries?area=BU99999999', 404, /not loaded/],
    ['/api/stats/timeseries', 400, /area/],
    ['/api/stats/timeseries?area=BU17000107&interval=day', 400, /interval/],
    ['/api/areas?level=provincie', 400, /level/],
    ['/api/areas?gemeente=GM9999', 404, /not loaded/],
    ['/api/nope', 404, /no such API endpoint/],
  ];
  for (const [path, status, pattern] of cases) {
    it(`${path} → ${status}`, async () => {
      const res = await s.get(path);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = await res.json();
      expect(body.error).toMatch(pattern);
    });
  }
});

describe('privacy', () => {
  it('no endpoint returns a report location or id', async () => {
    const reports = await s.db.query<{ external_id: string; lon: number; lat: number }>(
      `SELECT external_id, ST_X(ST_Transform(geom_rd, 4326)) AS lon, ST_Y(ST_Transform(geom_rd, 4326)) AS lat FROM reports`);
    const locations = new Set(reports.map((r) => `${r.lon.toFixed(5)},${r.lat.toFixed(5)}`));
    const paths = [
      '/api/health', '/api/meta', '/api/categories', '/api/sources', '/api/areas?level=buurt', '/api/areas?level=gemeente',
      '/api/stats/areas?level=buurt', '/api/stats/areas?level=wijk&category=hennep', '/api/stats/grid?cell=250&zeros=true',
      '/api/stats/grid?cell=500', '/api/stats/timeseries?area=GM1700&interval=week', '/api/imports',
    ];
    for (const path of paths) {
      const text = await (await s.get(path)).text();
      for (const r of reports.slice(0, 300)) expect(text).not.toContain(`"${r.external_id}"`);
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) {
          if (v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
            expect(locations.has(`${v[0].toFixed(5)},${v[1].toFixed(5)}`), `${path} contains a report location ${v}`).toBe(false);
          } else v.forEach(walk);
        } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      walk(JSON.parse(text));
      expect(text).not.toMatch(/"external_?[iI]d"/);
    }
  });
});
