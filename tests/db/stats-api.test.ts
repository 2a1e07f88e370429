import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomLcg, randomInt } from 'd3-random';
import { importFile } from '../../server/services/imports/index.ts';
import { DEFAULT_DISCLOSURE, publisherWith } from '../../server/publish/index.ts';
import { rollupStore } from '../../server/services/rollup-store.ts';
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
interface AreaStat { code: string; parent: string; gemeente: string; inhabitants: number | null; noData: boolean; count: Count | null; previous: Count | null; lastYear: Count | null; ratePer1000: number | null; rateWithheld: string | null; share: number | null; changeVsLastYear: { absolute: number | null; percent: number | null; suppressed: boolean }; changeVsPrevious: { absolute: number | null; percent: number | null; suppressed: boolean } }

/** True counts and record-key sums straight from the reports, per area code. */
async function truth(level: 'buurt' | 'wijk' | 'gemeente', from: string, to: string, category?: string, source?: string) {
  const rows = await s.db.query<{ code: string; n: number; key: number }>(
    `SELECT ${level}_code AS code, count(*)::integer AS n, (sum(record_key) % 4294967296)::bigint AS key FROM reports
     WHERE received_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR category = $3) AND ($4::text IS NULL OR source = $4)
     GROUP BY 1`, [from, to, category ?? null, source ?? null]);
  return new Map(rows.map((r) => [r.code, r]));
}

const SENSITIVE = ['illegale_bewoning', 'adresfraude', 'prostitutie'];
const pub = publisherWith(DEFAULT_DISCLOSURE, SENSITIVE);

/** Every published count is the publication layer's value for exactly its reports. */
function expectPublished(stats: AreaStat[], direct: Map<string, { n: number; key: number }>, category: string | null, area: 'buurt' | 'wijk' | 'gemeente', key: 'count' | 'previous' | 'lastYear' = 'count') {
  let shown = 0;
  for (const a of stats) {
    const t = direct.get(a.code) ?? { n: 0, key: 0 };
    expect(a[key], `${a.code} ${key}`).toEqual(pub.count(t.n, t.key, { category, area }));
    if (!a[key]!.suppressed) shown++;
  }
  return shown;
}

describe('GET /api/stats/areas', () => {
  it('publishes every area\'s count from exactly its own reports (ISO year, all categories)', async () => {
    for (const level of ['buurt', 'wijk', 'gemeente'] as const) {
      const body = await s.json(`/api/stats/areas?level=${level}&period=2025`);
      // ISO year 2025: Monday 30 December 2024 … Sunday 28 December 2025; the previous period and
      // the same period a year earlier are both ISO year 2024.
      expect(body.periods).toEqual({
        current: { token: '2025', kind: 'year', from: '2024-12-30', to: '2025-12-28', weeks: 52 },
        previous: { from: '2024-01-01', to: '2024-12-29' },
        lastYear: { from: '2024-01-01', to: '2024-12-29' },
      });
      expect(body.disclosure.k).toBe(10); // all categories include sensitive ones
      expect(expectPublished(body.areas, await truth(level, '2024-12-30', '2025-12-28'), null, level)).toBeGreaterThan(0);
      expectPublished(body.areas, await truth(level, '2024-01-01', '2024-12-29'), null, level, 'lastYear');
      expectPublished(body.areas, await truth(level, '2024-01-01', '2024-12-29'), null, level, 'previous');
    }
    // The same figure by from/to and by the period token.
    const byRange = await s.json('/api/stats/areas?level=wijk&from=2024-12-30&to=2025-12-28');
    expect(byRange.areas).toEqual((await s.json('/api/stats/areas?level=wijk&period=2025')).areas);
  });

  it('filters one category and one source; a month is its whole ISO weeks', async () => {
    const body = await s.json('/api/stats/areas?level=buurt&category=hennep&source=mma&period=2024-03');
    expect(body.filters).toEqual({ category: 'hennep', source: 'mma', gemeente: null });
    // March 2024 (ISO weeks): Thursday 7 March is the first Thursday, so Monday 4 March … Sunday 31 March.
    expect(body.periods.current).toEqual({ token: '2024-03', kind: 'month', from: '2024-03-04', to: '2024-03-31', weeks: 4 });
    expect(body.periods.previous).toEqual({ from: '2024-01-29', to: '2024-03-03' });
    expect(body.disclosure.k).toBe(5);
    expectPublished(body.areas, await truth('buurt', '2024-03-04', '2024-03-31', 'hennep', 'mma'), 'hennep', 'buurt');
    const week = await s.json('/api/stats/areas?level=gemeente&period=2024-W11&category=adresfraude');
    expect(week.periods.current).toMatchObject({ from: '2024-03-11', to: '2024-03-17', weeks: 1 });
    expectPublished(week.areas, await truth('gemeente', '2024-03-11', '2024-03-17', 'adresfraude'), 'adresfraude', 'gemeente');
  });

  it('shows zeros of buurten and wijken like small counts in every category, and those of municipalities and grid cells as 0 outside the sensitive ones', async () => {
    const adres = await s.json('/api/stats/areas?level=buurt&period=2024-W11&category=adresfraude');
    const zeros = (adres.areas as AreaStat[]).filter((a) => !a.noData);
    expect(zeros.length).toBeGreaterThan(20);
    // Nearly every buurt has no address-fraud report in one week: all of them read "<10".
    for (const a of zeros) if (a.count!.suppressed === false) expect(a.count!.value).toBeGreaterThanOrEqual(10);
    // Hennep is not sensitive, but a buurt's or a wijk's 0 reads "<5" too (DISCLOSURE_HIDE_AREA_ZEROS,
    // on by default): most buurten have no hennep report in a week, none reads 0.
    for (const level of ['buurt', 'wijk'] as const) {
      const hennep = await s.json(`/api/stats/areas?level=${level}&period=2024-W11&category=hennep`);
      const shown = (hennep.areas as AreaStat[]).filter((a) => !a.noData);
      expect(shown.filter((a) => a.count!.suppressed).length, level).toBeGreaterThan(shown.length / 2);
      expect(shown.some((a) => a.count?.value === 0), level).toBe(false);
    }
    // Grid cells keep their 0 (many have no hennep report in a week); a sensitive category's zero
    // reads "<10" at every level, the municipality's weeks too.
    const cells = await s.json('/api/stats/grid?cell=250&period=2024-W11&category=hennep&zeros=true');
    expect(cells.features.some((f: any) => f.properties.count === 0)).toBe(true);
    const weeks = await s.json('/api/stats/timeseries?area=GM1700&interval=week&period=2024-03&category=prostitutie');
    expect(weeks.points.every((p: any) => p.count.suppressed || p.count.value >= 10)).toBe(true);
  });

  it('withholds all categories over one week of a buurt, a wijk or a hexagon everywhere ("x"), and nothing else', async () => {
    const withheld = { value: null, suppressed: true, withheld: true };
    const week = await s.json('/api/stats/areas?level=buurt&period=2024-W11');
    expect(week.areas.filter((a: AreaStat) => !a.noData).length).toBeGreaterThan(20);
    for (const a of week.areas as AreaStat[]) if (!a.noData) for (const key of ['count', 'previous', 'lastYear'] as const) expect(a[key], `${a.code} ${key}`).toEqual(withheld);
    // The municipality's total is published as before; so is a buurt's week of one category.
    const gm = (await truth('gemeente', '2024-03-11', '2024-03-17')).get('GM1700')!;
    expect(week.totals.find((t: AreaStat) => t.code === 'GM1700').count).toEqual(pub.count(gm.n, gm.key, { category: null, area: 'gemeente', weeks: 1 }));
    const wijken = await s.json('/api/stats/areas?level=wijk&period=2024-W11');
    expect(wijken.areas.filter((a: AreaStat) => !a.noData).length).toBeGreaterThan(3);
    for (const a of wijken.areas as AreaStat[]) if (!a.noData) expect(a.count, a.code).toEqual(withheld);
    expect(week.totals.every((t: AreaStat) => !t.count || !('withheld' in t.count))).toBe(true);
    const hennep = await s.json('/api/stats/areas?level=buurt&period=2024-W11&category=hennep');
    expect(hennep.areas.every((a: AreaStat) => !a.count || !('withheld' in a.count))).toBe(true);
    // A buurt's weekly series of all categories: every point; its monthly series: none.
    const series = await s.json('/api/stats/timeseries?area=BU17000107&interval=week&period=2024-03');
    expect(series.points.map((p: any) => [p.count, p.lastYear])).toEqual(series.points.map(() => [withheld, withheld]));
    const months = await s.json('/api/stats/timeseries?area=BU17000107&interval=month&period=2024-Q1');
    expect(months.points.some((p: any) => p.count.withheld)).toBe(false);
    // Hexagons of one week, all categories: withheld, and no Gi* bins from them; the totals stay.
    const grid = await s.json('/api/stats/grid?cell=250&period=2024-W11&zeros=true');
    expect(grid.features.length).toBeGreaterThan(100);
    expect(grid.features.every((f: any) => f.properties.noData || (f.properties.suppressed && f.properties.withheld === true && f.properties.count === null))).toBe(true);
    expect(grid.totals.GM1700).toEqual(pub.count(gm.n, gm.key, { category: null, area: 'gemeente', weeks: 1 }));
    const hot = await s.json('/api/hotspots?cell=250&period=2024-W11');
    const hotCells = hot.features.filter((f: any) => !f.properties.noData);
    expect(hotCells.length).toBeGreaterThan(100);
    expect(hotCells.every((f: any) => f.properties.bin === 0 && f.properties.withheld === true)).toBe(true);
    // The CSV export of the same view says so (no value, "withheld"), not "below k".
    const [header, ...rows] = (await (await s.get('/api/exports/areas.csv?level=buurt&period=2024-W11&dialect=rfc4180')).text()).trim().split(/\r?\n/).map((l) => l.split(','));
    const at = (c: string) => header!.indexOf(c);
    const withData = rows.filter((r) => r[at('no_data')] === 'false');
    expect(withData.length).toBeGreaterThan(20);
    for (const r of withData) expect([r[at('count')], r[at('count_suppressed')], r[at('withheld')]]).toEqual(['', 'true', 'true']);
  });

  it('computes rates, shares and changes from the published counts, and withholds rates on small populations', async () => {
    const body = await s.json('/api/stats/areas?level=buurt&gemeente=GM1700&period=2025&category=overlastpand');
    const total = body.totals.find((t: AreaStat) => t.code === 'GM1700') as AreaStat;
    expect(total.count!.suppressed).toBe(false);
    let checked = 0;
    for (const a of body.areas as AreaStat[]) {
      expect(a.gemeente).toBe('GM1700');
      if (a.count!.suppressed) {
        expect(a.ratePer1000).toBeNull();
        expect(a.rateWithheld).toBe('hidden');
        expect(a.share).toBeNull();
        expect(a.changeVsLastYear).toEqual({ absolute: null, percent: null, suppressed: true });
        continue;
      }
      if (a.inhabitants !== null && a.inhabitants < 100) {
        expect(a.ratePer1000).toBeNull();
        expect(a.rateWithheld).toBe('small-population');
      } else if (a.inhabitants) expect(a.ratePer1000).toBeCloseTo((a.count!.value! / a.inhabitants) * 1000, 9);
      expect(a.share).toBeCloseTo(a.count!.value! / total.count!.value!, 9);
      if (a.lastYear && !a.lastYear.suppressed) {
        expect(a.changeVsLastYear.absolute).toBe(a.count!.value! - a.lastYear.value!);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('says "no data" (null), not 0, for periods before the first report', async () => {
    const body = await s.json('/api/stats/areas?level=gemeente&period=2022-Q4');
    for (const a of body.areas as AreaStat[]) {
      expect(a.noData).toBe(true);
      expect(a.count).toBeNull();
      expect(a.ratePer1000).toBeNull();
    }
    const first = await s.json('/api/stats/areas?level=gemeente&period=2023');
    // ISO year 2023 starts on 2 January 2023, after the first report (1 January): covered; its
    // previous year is not.
    for (const a of first.areas as AreaStat[]) {
      expect(a.noData).toBe(false);
      expect(a.previous).toBeNull();
      expect(a.changeVsPrevious).toEqual({ absolute: null, percent: null, suppressed: false });
    }
  });
});

describe('GET /api/stats/grid', () => {
  it('publishes every cell and the municipality totals from exactly their reports, for every size', async () => {
    for (const size of [250, 500, 1000]) {
      const cells = await s.db.query<{ gemeente: string; n: number }>(
        `SELECT gemeente_code AS gemeente, sum(n)::integer AS n FROM report_counts_cell_monthly WHERE size = $1 AND month BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1`, [size]);
      // The monthly rollups hold ISO-week months: ISO year 2024 runs from Monday 1 January to Sunday 29 December.
      const direct = await truth('gemeente', '2024-01-01', '2024-12-29');
      for (const c of cells) expect(c.n).toBe(direct.get(c.gemeente)!.n);
      // Every counted cell has a grid cell to be drawn in.
      const [orphans] = await s.db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM report_counts_cell_monthly k LEFT JOIN grid_cells g USING (size, gemeente_code, i, j) WHERE k.size = $1 AND g.i IS NULL`, [size]);
      expect(orphans!.n).toBe(0);
      const body = await s.json(`/api/stats/grid?cell=${size}&period=2024&zeros=true`);
      const gm = direct.get('GM1700')!;
      expect(body.totals.GM1700).toEqual(pub.count(gm.n, gm.key, { category: null, area: 'gemeente' }));
      const perCell = await s.db.query<{ i: number; j: number; gemeente: string; n: number; key: number }>(`
        SELECT hex${size}_i AS i, hex${size}_j AS j, gemeente_code AS gemeente, count(*)::integer AS n, (sum(record_key) % 4294967296)::bigint AS key
        FROM reports WHERE received_on BETWEEN '2024-01-01' AND '2024-12-29' GROUP BY 1, 2, 3`);
      const byId = new Map(body.features.map((f: any) => [f.id, f.properties]));
      for (const c of perCell) {
        const props = byId.get(`${c.gemeente}:${size}:${c.i}:${c.j}`) as any;
        expect({ value: props.count, suppressed: props.suppressed }).toEqual(pub.count(c.n, c.key, { category: null, area: 'cell' }));
      }
    }
  });

  it('counts single weeks per cell from exactly their reports (in-memory weekly cells), for every size and filter', async () => {
    const store = await rollupStore(s.db);
    const weeks = [['2023-01-02', '2023-01-08'], ['2024-03-11', '2024-03-17'], ['2025-12-22', '2025-12-28']] as const;
    const filters = [[null, null, null], ['hennep', null, null], [null, 'politie', null], [null, null, 'GM1700']] as const;
    let cellsWithReports = 0;
    for (const size of [250, 500, 1000]) {
      for (const [from, to] of weeks) {
        for (const [category, source, gemeente] of filters) {
          const direct = await s.db.query<{ id: string; gemeente: string; n: number; key: number }>(`
            SELECT gemeente_code || ':${size}:' || hex${size}_i || ':' || hex${size}_j AS id, gemeente_code AS gemeente,
                   count(*)::integer AS n, (sum(record_key) % 4294967296)::bigint AS key
            FROM reports WHERE received_on BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR category = $3)
              AND ($4::text IS NULL OR source = $4) AND ($5::text IS NULL OR gemeente_code = $5)
            GROUP BY 1, 2`, [from, to, category, source, gemeente]);
          const sums = await store.weekCellSums(size, from, from, category, source, gemeente);
          expect(new Map([...sums].map(([id, v]) => [id, { n: v.n, key: v.key, gemeente: v.gemeente }])), `${size} ${from} ${category} ${source} ${gemeente}`)
            .toEqual(new Map(direct.map((r) => [r.id, { n: r.n, key: r.key, gemeente: r.gemeente }])));
          cellsWithReports += direct.length;
        }
      }
      // Through the API: every cell's published count and the totals from exactly the week's reports.
      const body = await s.json(`/api/stats/grid?cell=${size}&period=2024-W11&category=hennep&zeros=true`);
      const direct = await s.db.query<{ id: string; n: number; key: number }>(`
        SELECT gemeente_code || ':${size}:' || hex${size}_i || ':' || hex${size}_j AS id, count(*)::integer AS n, (sum(record_key) % 4294967296)::bigint AS key
        FROM reports WHERE received_on BETWEEN '2024-03-11' AND '2024-03-17' AND category = 'hennep' GROUP BY 1`);
      const byId = new Map(direct.map((r) => [r.id, r]));
      for (const f of body.features) {
        const t = byId.get(f.id) ?? { n: 0, key: 0 };
        expect({ value: f.properties.count, suppressed: f.properties.suppressed }, f.id).toEqual(pub.count(t.n, t.key, { category: 'hennep', area: 'cell' }));
      }
      expect(direct.every((r) => body.features.some((f: any) => f.id === r.id))).toBe(true);
    }
    // The weeks hold reports: the comparison is not between two empty maps.
    expect(cellsWithReports).toBeGreaterThan(50);
  });

  it('omits zero cells unless asked, and gives clipped hexagons as GeoJSON', async () => {
    const withZeros = await s.json('/api/stats/grid?cell=500&gemeente=GM1700&category=hennep');
    const all = await s.json('/api/stats/grid?cell=500&gemeente=GM1700&category=hennep&zeros=true');
    expect(all.features.length).toBe(232);
    expect(withZeros.features.length).toBeLessThan(all.features.length);
    expect(withZeros.features.every((f: any) => f.properties.suppressed || f.properties.count > 0)).toBe(true);
    // For a sensitive category a zero reads "<k" like a small count, so it is listed too.
    const sensitive = await s.json('/api/stats/grid?cell=500&gemeente=GM1700&category=adresfraude&period=2024-W11');
    expect(sensitive.features.length).toBe(232);
    expect(all.features[0].geometry.type).toBe('MultiPolygon');
  });
});

describe('GET /api/stats/timeseries', () => {
  it('gives one point per ISO-week month or week of the period, with the same month or week a year earlier', async () => {
    const body = await s.json('/api/stats/timeseries?area=BU17000107&interval=month&period=2025-Q1');
    expect(body.points.map((p: any) => [p.label, p.start, p.end])).toEqual([
      ['2025-01', '2024-12-30', '2025-02-02'], ['2025-02', '2025-02-03', '2025-03-02'], ['2025-03', '2025-03-03', '2025-03-30'],
    ]);
    const lastYear = [['2024-01-01', '2024-01-28'], ['2024-01-29', '2024-03-03'], ['2024-03-04', '2024-03-31']];
    for (const [i, p] of (body.points as any[]).entries()) {
      const now = (await truth('buurt', p.start, p.end)).get('BU17000107') ?? { n: 0, key: 0 };
      const before = (await truth('buurt', lastYear[i]![0]!, lastYear[i]![1]!)).get('BU17000107') ?? { n: 0, key: 0 };
      expect(p.count).toEqual(pub.count(now.n, now.key, { category: null, area: 'buurt' }));
      expect(p.lastYear).toEqual(pub.count(before.n, before.key, { category: null, area: 'buurt' }));
    }
    const weeks = await s.json('/api/stats/timeseries?area=GM1700&interval=week&period=2025-03&category=hennep');
    expect(weeks.points.map((p: any) => [p.label, p.start, p.end])).toEqual([
      ['2025-W10', '2025-03-03', '2025-03-09'], ['2025-W11', '2025-03-10', '2025-03-16'], ['2025-W12', '2025-03-17', '2025-03-23'], ['2025-W13', '2025-03-24', '2025-03-30'],
    ]);
    const second = (await truth('gemeente', '2025-03-10', '2025-03-16', 'hennep')).get('GM1700') ?? { n: 0, key: 0 };
    expect(weeks.points[1].count).toEqual(pub.count(second.n, second.key, { category: 'hennep', area: 'gemeente' }));
    // The monthly sum of weeks and the month are two figures of their own: both published, not forced to agree.
    const month = await s.json('/api/stats/areas?level=gemeente&period=2025-03&category=hennep');
    const gm = (month.areas as AreaStat[]).find((a) => a.code === 'GM1700')!;
    const all = (await truth('gemeente', '2025-03-03', '2025-03-30', 'hennep')).get('GM1700')!;
    expect(gm.count).toEqual(pub.count(all.n, all.key, { category: 'hennep', area: 'gemeente' }));
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
    ['/api/stats/areas?from=2025-01-05&to=2025-01-01', 400, /is after to/],
    ['/api/stats/areas?from=2025-01-01&to=2025-01-31', 400, /from must be a Monday: periods are whole ISO weeks/],
    ['/api/stats/areas?from=2025-01-06&to=2025-01-31', 400, /to must be a Sunday/],
    ['/api/stats/areas?from=2025-01-06&to=2025-01-19', 400, /is not one of the published periods/],
    ['/api/stats/areas?from=2025-01-06', 400, /give both from and to/],
    ['/api/stats/areas?period=2025-05-01', 400, /is not one of the published periods/],
    ['/api/stats/areas?period=2025-W54', 400, /has no ISO week 54/],
    ['/api/stats/areas?period=last-2m', 400, /the last 1, 3, 6, 12 months/],
    ['/api/stats/areas?period=2025&from=2024-12-30&to=2025-12-28', 400, /either period or from\/to/],
    ['/api/stats/areas?category=hennep,drugslab', 400, /choose one code, or leave it out for all/],
    ['/api/stats/areas?category=hennep&category=drugslab', 400, /choose one code/],
    ['/api/stats/areas?source=mma,politie', 400, /choose one code/],
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
