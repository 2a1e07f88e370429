import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { AREA_COLUMNS, SERIES_COLUMNS, toCsv } from '../../server/services/exports.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// CSV and GeoJSON exports read back to exactly the values of the API for the same filters, with
// suppressed counts as empty cells flagged `…_suppressed`, and every export is audited.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('demo');
});
afterAll(async () => s?.close());

type Dialect = 'excel-nl' | 'rfc4180';

/** Reads an export back: BOM and separator checked, decimal commas undone, types restored. */
function readCsv(text: string, dialect: Dialect, columns: readonly string[]): Record<string, unknown>[] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const delimiter = dialect === 'excel-nl' ? ';' : ',';
  expect(text.slice(1, text.indexOf('\r\n'))).toBe(columns.join(delimiter));
  const rows = parse(text, { bom: true, columns: true, delimiter, record_delimiter: '\r\n' }) as Record<string, string>[];
  const TEXT = new Set(['code', 'name', 'level', 'parent', 'gemeente', 'period', 'period_from', 'period_to', 'category', 'source', 'rate_withheld', 'area_code', 'area_name', 'area_level', 'interval', 'label', 'start', 'end']);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([key, v]) => {
    if (v === '') return [key, null];
    if (TEXT.has(key)) return [key, v];
    if (v === 'true' || v === 'false') return [key, v === 'true'];
    const number = dialect === 'excel-nl' ? v.replace(',', '.') : v;
    expect(number, `${key} = ${v}`).toMatch(/^-?\d+(\.\d+)?(e-?\d+)?$/);
    return [key, Number(number)];
  })));
}

const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** What the API says for one area, in the export's flat shape (derived figures rounded). */
function flatArea(a: any, api: any) {
  return {
    code: a.code, name: a.name, level: a.level, parent: a.parent, gemeente: a.gemeente, inhabitants: a.inhabitants,
    inhabitants_estimated: a.inhabitantsEstimated, period: api.periods.current.token, period_from: api.periods.current.from, period_to: api.periods.current.to,
    category: api.filters.category, source: api.filters.source, k: api.disclosure.k, no_data: a.noData,
    count: a.count?.value ?? null, count_suppressed: a.count?.suppressed ?? false, previous: a.previous?.value ?? null, previous_suppressed: a.previous?.suppressed ?? false,
    last_year: a.lastYear?.value ?? null, last_year_suppressed: a.lastYear?.suppressed ?? false,
    rate_per_1000: round(a.ratePer1000, 2), rate_withheld: a.rateWithheld, share: round(a.share, 3),
    change_vs_previous: a.changeVsPrevious.absolute, change_vs_previous_pct: round(a.changeVsPrevious.percent, 1), change_vs_previous_suppressed: a.changeVsPrevious.suppressed,
    change_vs_last_year: a.changeVsLastYear.absolute, change_vs_last_year_pct: round(a.changeVsLastYear.percent, 1), change_vs_last_year_suppressed: a.changeVsLastYear.suppressed,
    withheld: a.count?.withheld === true,
  };
}

async function auditRows() {
  return s.db.query<{ actor: string; target: string; details: Record<string, unknown> }>(`SELECT actor, target, details FROM audit_log WHERE action = 'export' ORDER BY id`);
}

describe('GET /api/exports/areas.csv', () => {
  for (const [dialect, query] of [
    ['excel-nl', 'level=buurt'],
    ['rfc4180', 'level=wijk&category=adresfraude&source=mma&period=2026-Q3'],
    ['excel-nl', 'level=buurt&gemeente=GM1700&category=overlastpand&period=2025'],
  ] as [Dialect, string][]) {
    it(`reads back to the values of /api/stats/areas?${query} (${dialect})`, async () => {
      const before = (await auditRows()).length;
      const res = await s.get(`/api/exports/areas.csv?${query}${dialect === 'rfc4180' ? '&dialect=rfc4180' : ''}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="signaalkaart-areas-(buurt|wijk)-(last-12m|\d{4}(-Q\d)?)\.csv"$/);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      const rows = readCsv(text, dialect, AREA_COLUMNS);
      const api = await s.json(`/api/stats/areas?${query}`);
      expect(rows).toEqual(api.areas.map((a: any) => flatArea(a, api)));
      const suppressed = rows.filter((r) => r.count_suppressed === true);
      if (query.startsWith('level=buurt')) expect(suppressed.length).toBeGreaterThan(0);
      for (const r of suppressed) expect(r.count).toBeNull();
      if (query === 'level=buurt') expect(rows.some((r) => typeof r.rate_per_1000 === 'number' && !Number.isInteger(r.rate_per_1000))).toBe(true);
      // Derived figures are rounded: rates to 0.01, shares to 0.001.
      for (const r of rows) if (typeof r.rate_per_1000 === 'number') expect(Math.round(r.rate_per_1000 * 100)).toBeCloseTo(r.rate_per_1000 * 100, 6);
      const audit = await auditRows();
      expect(audit).toHaveLength(before + 1);
      expect(audit[audit.length - 1]).toMatchObject({ actor: 'test-admin', target: 'areas.csv', details: { file: 'areas.csv', dialect, period: api.periods.current.token, from: api.periods.current.from, to: api.periods.current.to, category: api.filters.category, source: api.filters.source } });
    });
  }
});

describe('GET /api/exports/areas.geojson', () => {
  it('has the API values as flat properties, RFC 7946 polygons, and null geometry where the boundary is missing', async () => {
    const query = 'level=buurt&category=hennep&period=2026-Q2';
    const res = await s.get(`/api/exports/areas.geojson?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const body = await res.json();
    const api = await s.json(`/api/stats/areas?${query}`);
    expect(body).toMatchObject({ type: 'FeatureCollection', level: 'buurt', periods: api.periods, filters: api.filters, disclosure: api.disclosure, attribution: 'CBS / Kadaster, CC-BY 4.0' });
    expect(body.features.map((f: any) => f.properties)).toEqual(api.areas.map((a: any) => flatArea(a, api)));
    expect(body.features.map((f: any) => f.id)).toEqual(api.areas.map((a: any) => a.code));
    const missing = body.features.find((f: any) => f.id === 'BU01411801');
    expect(missing.geometry).toBeNull();
    // Exterior rings counterclockwise, holes clockwise (right-hand rule).
    const area = (ring: number[][]) => ring.slice(0, -1).reduce((acc, p, i) => acc + p[0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * p[1]!, 0);
    let rings = 0;
    for (const f of body.features.filter((x: any) => x.geometry)) {
      expect(f.geometry.type).toBe('MultiPolygon');
      for (const polygon of f.geometry.coordinates) {
        polygon.forEach((ring: number[][], i: number) => {
          expect(Math.sign(area(ring)), `${f.id} ring ${i}`).toBe(i === 0 ? 1 : -1);
          rings++;
        });
      }
    }
    expect(rings).toBeGreaterThan(90);
    const [audit] = (await auditRows()).slice(-1);
    expect(audit).toMatchObject({ target: 'areas.geojson', details: { file: 'areas.geojson', level: 'buurt', category: 'hennep', period: '2026-Q2' } });
  });
});

describe('GET /api/exports/timeseries.csv', () => {
  for (const [dialect, query] of [
    ['excel-nl', 'area=BU17000402&interval=month'],
    ['rfc4180', 'area=GM1700&interval=week&category=afvaldumping&period=last-3m'],
  ] as [Dialect, string][]) {
    it(`reads back to the values of /api/stats/timeseries?${query} (${dialect})`, async () => {
      const res = await s.get(`/api/exports/timeseries.csv?${query}&dialect=${dialect}`);
      expect(res.status).toBe(200);
      const rows = readCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()), dialect, SERIES_COLUMNS);
      const api = await s.json(`/api/stats/timeseries?${query}`);
      expect(rows).toEqual(api.points.map((p: any) => ({
        area_code: api.area.code, area_name: api.area.name, area_level: api.area.level, interval: api.interval, label: p.label, start: p.start, end: p.end,
        category: api.filters.category, source: api.filters.source, k: api.disclosure.k, no_data: p.count === null,
        count: p.count?.value ?? null, count_suppressed: p.count?.suppressed ?? false, last_year: p.lastYear?.value ?? null, last_year_suppressed: p.lastYear?.suppressed ?? false,
        change_vs_last_year: p.changeVsLastYear.absolute, change_vs_last_year_pct: round(p.changeVsLastYear.percent, 1), change_vs_last_year_suppressed: p.changeVsLastYear.suppressed,
        withheld: p.count?.withheld === true,
      })));
      expect(rows.length).toBeGreaterThan(3);
      const [audit] = (await auditRows()).slice(-1);
      expect(audit).toMatchObject({ target: 'timeseries.csv', details: { file: 'timeseries.csv', area: api.area.code, interval: api.interval, dialect } });
    });
  }
});

describe('export validation and CSV safety', () => {
  it('answers 404 for an unknown file or area and 400 naming the parameter', async () => {
    const cases: [string, number, string][] = [
      ['/api/exports/areas.xlsx', 404, 'file'],
      ['/api/exports/areas.csv?dialect=excel', 400, 'dialect'],
      ['/api/exports/areas.csv?level=straat', 400, 'level'],
      ['/api/exports/areas.geojson?dialect=rfc4180', 400, 'dialect'],
      ['/api/exports/areas.csv?category=nope', 400, 'category'],
      ['/api/exports/areas.csv?category=hennep,drugslab', 400, 'category'],
      ['/api/exports/areas.csv?from=2026-01-01&to=2026-06-30', 400, 'from'],
      ['/api/exports/areas.csv?gemeente=GM9999', 404, 'gemeente'],
      ['/api/exports/timeseries.csv', 400, 'area'],
      ['/api/exports/timeseries.csv?area=BU99999999', 404, 'area'],
      ['/api/exports/timeseries.csv?area=GM1700&interval=day', 400, 'interval'],
    ];
    const before = (await auditRows()).length;
    for (const [url, status, parameter] of cases) {
      const res = await s.get(url);
      expect(res.status, url).toBe(status);
      expect(res.headers.get('content-type'), url).toMatch(/application\/json/);
      expect((await res.json()).parameter, url).toBe(parameter);
    }
    expect((await auditRows()).length).toBe(before);
    expect((await (await s.client('viewer')).get('/api/exports/areas.csv')).status).toBe(403);
  });

  it('quotes separators and defuses spreadsheet formulas in text cells', () => {
    const nl = toCsv(['a', 'b', 'c'], [['=HYPERLINK("x")', 'Kern; West', -3.5], ['@SUM', 'plain', 0.25]], 'excel-nl');
    expect(nl).toBe('\uFEFFa;b;c\r\n"\'=HYPERLINK(""x"")";"Kern; West";-3,5\r\n\'@SUM;plain;0,25\r\n');
    const rfc = toCsv(['a', 'b'], [['Kern, West', null], ['+31', true]], 'rfc4180');
    expect(rfc).toBe('\uFEFFa,b\r\n"Kern, West",\r\n\'+31,true\r\n');
  });
});
