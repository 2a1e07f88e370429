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
