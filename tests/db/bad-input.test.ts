import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../server/routes/access.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base', { IMPORT_LIMIT_MB: '1' });
});
afterAll(async () => s?.close());

const TABLES = ['areas', 'reports', 'inspections', 'import_batches', 'users', 'report_counts_daily', 'report_counts_cell_monthly', 'grid_cells'];
async function snapshot() {
  const rows = await s.db.query<Record<string, number>>(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})::integer AS ${t}`).join(', ')}`);
  return rows[0];
}

const LONG = 'x'.repeat(20_000);
const HOSTILE_VALUES = [
  "' OR 1=1 --", "1; DROP TABLE reports; --", '../../../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', LONG,
  '<script>alert(1)</script>', '%00', '-1', '1e309', 'NaN', '[object Object]', '😀'.repeat(50),
];
// Each parameter gets a few of the hostile values (rotating), so every value meets every route.
const HOSTILE_QUERIES = [
  ...HOSTILE_VALUES.flatMap((v, vi) => ['level', 'category', 'from', 'to', 'cell', 'area', 'gemeente', 'interval', 'source', 'limit', 'format', 'lang', 'step', 'status']
    .filter((_, pi) => (pi + vi) % 4 === 0).map((p) => `${p}=${encodeURIComponent(v)}`)),
  'from[]=2024-01-01&from[]=2025-01-01', 'category[a]=b', 'foo=bar', `${LONG}=1`, 'from=%C3%28', 'level=%FF%FE',
];

function routePaths(key: string): string[] {
  const route = key.split(' ')[1]!;
  const values = route.includes(':') ? HOSTILE_VALUES.map((v) => route.replace(/:\w+/, encodeURIComponent(v))) : [route];
  return values.map((r) => `/api${r}`);
}

describe('hostile input on every endpoint', () => {
  let before: Record<string, number> | undefined;
  beforeAll(async () => {
    before = await snapshot();
  });

  for (const key of Object.keys(ACCESS)) {
    const method = key.split(' ')[0]!;
    if (key === 'POST /auth/logout') continue;
    it(`${key}: always a 4xx JSON error or a valid answer, never a crash`, async () => {
      const requests: [string, RequestInit][] = [];
      for (const path of routePaths(key)) {
        for (const q of HOSTILE_QUERIES.slice(0, path.includes(':') ? 5 : HOSTILE_QUERIES.length)) requests.push([`${path}?${q}`, { method }]);
        if (method !== 'GET') {
          for (const [body, type] of [
            ['{"unterminated": ', 'application/json'], ['not json at all', 'application/json'], ['[1,2,3]', 'application/json'],
            [JSON.stringify({ username: LONG, password: LONG, role: 'god' }), 'application/json'],
            [new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]), 'text/csv'], [new Uint8Array(1.5 * 1024 * 1024).fill(65), 'application/json'],
            [`external_id,received_on,category,source,lon,lat\n${"'; DROP TABLE reports; --"},2024-01-01,hennep,mma,6.6,52.4\n`, 'text/csv'],
          ] as [string | Uint8Array, string][]) requests.push([path, { method, body: body as BodyInit, headers: { "content-type": type } }]);
        }
      }
      for (const [path, init] of requests) {
        const res = await s.get(path, init);
        const text = await res.text();
        expect(res.status, `${init.method} ${path.slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type'), path.slice(0, 120)).toMatch(/application\/json/);
          const body = JSON.parse(text);
          expect(typeof body.error).toBe('string');
          expect(text).not.toMatch(/at \w+ \(|node_modules|SELECT |INSERT |syntax error/); // no stack traces or SQL
        }
      }
    });
  }

  it('leaves the server healthy and the data unchanged', async () => {
    expect((await s.json('/api/health')).status).toBe('ok');
    expect(await snapshot()).toEqual(before);
  });
});

describe('date parameters are calendar dates (issue #14, 6)', () => {
  const BAD_DATES = ['2026-02-30', '2026-13-01', '0000-01-01', '2025-02-29', '2026-00-10', '2026-04-31'];
  const ROUTES = ['/api/audit', '/api/audit?format=csv', '/api/stats/areas', '/api/stats/grid', '/api/hotspots', '/api/exports/areas.csv', '/api/exports/timeseries.csv?area=GM1700', '/api/stats/timeseries?area=GM1700', '/api/briefings/GM1700.html'];
  // The statistics routes validate their dates with the filters of server/contract/common.ts (the
  // publication layer's period rules); the audit log with its calendarDate.
  for (const route of ROUTES) {
    it(`${route}: from/to that are no calendar date → 400 naming the parameter`, async () => {
      for (const date of BAD_DATES) {
        for (const parameter of ['from', 'to']) {
          // The other end of the period is a valid date, so the bad one is what is named.
          const other = parameter === 'from' ? 'to=2026-11-29' : 'from=2026-11-02';
          const res = await s.get(`${route}${route.includes('?') ? '&' : '?'}${parameter}=${date}&${other}`);
          const body = await res.json();
          expect(res.status, `${route} ${parameter}=${date} → ${res.status} ${JSON.stringify(body)}`).toBe(400);
          // (The statistics routes take year 0 as a date and then refuse the period as reversed,
          // naming the other end: still a 400 that names a date parameter.)
          if (route.startsWith('/api/audit') || date !== '0000-01-01') expect(body.parameter, `${parameter}=${date}: ${JSON.stringify(body)}`).toBe(parameter);
          else expect(['from', 'to']).toContain(body.parameter);
        }
      }
      if (route.startsWith('/api/audit')) expect((await s.get(`${route}${route.includes('?') ? '&' : '?'}from=2024-02-29&to=2024-12-31`)).status).toBe(200);
    });
  }
});

describe('deeply nested JSON bodies (issue #14, 6)', () => {
  const deep = (levels: number) => `{"password":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  const ROUTES = ['/api/auth/login', '/api/users', '/api/users/test-viewer/reset', '/api/security', '/api/auth/password', '/api/auth/password/strength'];
  for (const route of ROUTES) {
    it(`${route}: refused with 422 before parsing, at 1,500 levels in 3 kB`, async () => {
      const res = await s.get(route, { method: 'POST', body: deep(1500), headers: { 'content-type': 'application/json' } });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(body.error).toMatch(/nested more than 8 levels/);
    });
  }
  // POST /signals/run reads its own body (server/routes/signals.ts): its parameter validation
  // refuses a deep body before anything stringifies it.
  it('/api/signals/run: an 8,000-deep body within its 16 kB limit is a 4xx', async () => {
    const res = await s.get('/api/signals/run', { method: 'POST', body: `{"x":${'['.repeat(7900)}${']'.repeat(7900)}}`, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBeLessThan(500);
    const res2 = await s.get('/api/signals/run', { method: 'POST', body: `{"window":${'['.repeat(7900)}${']'.repeat(7900)}}`, headers: { 'content-type': 'application/json' } });
    expect(res2.status).toBeLessThan(500);
  });
});
