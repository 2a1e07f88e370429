import { request } from 'node:http';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { DEFAULT_DISCLOSURE, publisherWith } from '../../server/publish/index.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/index.ts';
import { importFile, rollbackBatch } from '../../server/services/imports/index.ts';
import { TEST_TODAY, testDatabaseUrl, withDatabase } from './harness.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from './server-harness.ts';

/** Raw HTTP: fetch would decompress and hide Content-Encoding and the bytes on the wire. */
function raw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A second app on the same database with other settings (e.g. the cache off), logged in. */
async function startApp(db: Database, env: Record<string, string>, role = 'analyst') {
  const app = createApp({ db, config: loadConfig({ LOG_LEVEL: 'silent', SIGNALS_AFTER_IMPORT: 'off', ...env }), logger: pino({ level: 'silent' }) });
  const server = await new Promise<Server>((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `test-${role}`, password: TEST_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return {
    get: (path: string, headers: Record<string, string> = {}) => raw(`${url}${path}`, { cookie, 'accept-encoding': 'identity', ...headers }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type App = Awaited<ReturnType<typeof startApp>>;

/** `n` reports on interior points of one buurt of Twenterand in March 2025, ids from `prefix`. */
async function reportsCsv(db: Database, prefix: string, n: number, buurt = 'BU17000107'): Promise<string> {
  const [p] = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas WHERE code = $1`, [buurt]);
  const lines = ['external_id,received_on,category,source,lon,lat'];
  for (let i = 0; i < n; i++) lines.push(`${prefix}-${i},2025-03-${String(3 + (i % 28)).padStart(2, '0')},hennep,mma,${p!.lon.toFixed(6)},${p!.lat.toFixed(6)}`);
  return lines.join('\n') + '\n';
}

let s: TestServer;
let cached: App;
let uncached: App;
let gemeente: string;
// ISO-week March 2025: Monday 3 … Sunday 30 March, the days the reports below fall on.
const PERIOD = 'period=2025-03';

beforeAll(async () => {
  s = await startTestServer('base');
  await importFile(s.db, [await reportsCsv(s.db, 'BASE', 30)], { kind: 'reports', snapMetres: 50, createdBy: 'test', today: TEST_TODAY });
  [{ gemeente }] = await s.db.query<{ gemeente: string }>(`SELECT gemeente_code AS gemeente FROM areas WHERE code = 'BU17000107'`) as [{ gemeente: string }];
  cached = await startApp(s.db, {});
  uncached = await startApp(s.db, { STATS_CACHE_MB: '0' });
});
afterAll(async () => {
  await cached?.close();
  await uncached?.close();
  await s?.close();
});

const pub = publisherWith(DEFAULT_DISCLOSURE, ['illegale_bewoning', 'adresfraude', 'prostitutie']);
/** What the publication layer must show for the gemeente's reports in the period now. */
const expectedTotal = async () => {
  const [t] = await s.db.query<{ n: number; key: number }>(`SELECT count(*)::integer AS n, (COALESCE(sum(record_key), 0) % 4294967296)::bigint AS key
    FROM reports WHERE gemeente_code = $1 AND received_on BETWEEN '2025-03-03' AND '2025-03-30'`, [gemeente]);
  return { n: t!.n, count: pub.count(t!.n, t!.key, { category: null }) };
};

const gemeenteTotal = async (app: App) => {
  const res = await app.get(`/api/stats/areas?level=gemeente&${PERIOD}`);
  expect(res.status).toBe(200);
  const body = JSON.parse(res.body.toString());
  return { res, count: body.areas.find((a: { code: string }) => a.code === gemeente).count };
};

describe('response cache', () => {
  const URLS = [
    `/api/stats/areas?level=buurt&${PERIOD}`,
    `/api/stats/areas?level=wijk&category=hennep&${PERIOD}`,
    `/api/stats/grid?cell=500&zeros=true&${PERIOD}`,
    `/api/stats/grid?cell=1000&${PERIOD}`,
    `/api/stats/timeseries?area=${'GM1700'}&interval=month&${PERIOD}`,
    `/api/hotspots?cell=500&${PERIOD}`,
    '/api/areas?level=buurt',
  ];

  it('serves cached responses byte-identical to uncached ones, plain and gzipped', async () => {
    for (const url of URLS) {
      const fresh = await uncached.get(url);
      expect(fresh.status, url).toBe(200);
      expect(fresh.headers['x-cache']).toBe('off');
      const miss = await cached.get(url);
      const hit = await cached.get(url);
      expect([miss.headers['x-cache'], hit.headers['x-cache']], url).toEqual(['miss', 'hit']);
      expect(miss.body.equals(fresh.body), url).toBe(true);
      expect(hit.body.equals(fresh.body), url).toBe(true);
      expect(hit.headers['content-type']).toBe(fresh.headers['content-type']);
      expect(hit.headers.etag).toBe(fresh.headers.etag);
      const gz = await cached.get(url, { 'accept-encoding': 'gzip, deflate' });
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      expect(gz.headers.vary).toMatch(/Accept-Encoding/);
      expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
      expect(gunzipSync(gz.body).equals(fresh.body), url).toBe(true);
      expect(hit.headers['content-encoding']).toBeUndefined();
    }
  });

  it('keeps different filters apart and treats equivalent ones as one entry', async () => {
    const a = `/api/stats/areas?level=gemeente&category=drugslab&${PERIOD}`;
    const b = `/api/stats/areas?level=gemeente&category=hennep&${PERIOD}`;
    expect((await cached.get(a)).headers['x-cache']).toBe('miss');
    const bMiss = await cached.get(b);
    expect(bMiss.headers['x-cache']).toBe('miss');
    // The same filter written differently: the period by its days instead of its token.
    const same = await cached.get('/api/stats/areas?level=gemeente&category=drugslab&from=2025-03-03&to=2025-03-30');
    expect(same.headers['x-cache']).toBe('hit');
    expect(same.body.equals((await uncached.get(a)).body)).toBe(true);
    expect(same.body.equals(bMiss.body)).toBe(false);
    expect((await cached.get(b)).headers['x-cache']).toBe('hit');
    // Another period (also the default period, resolved from the data) is another entry.
    expect((await cached.get('/api/stats/areas?level=gemeente&category=hennep')).headers['x-cache']).toBe('miss');
  });

  it('answers If-None-Match with 304, with and without the cache', async () => {
    for (const app of [cached, uncached]) {
      const first = await app.get(URLS[0]!);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/".+"$/);
      const again = await app.get(URLS[0]!, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['cache-control']).toBe('private, no-cache');
      expect((await app.get(URLS[0]!, { 'if-none-match': 'W/"other"' })).status).toBe(200);
    }
  });

  it('never serves stale numbers after an import and a rollback through the API', async () => {
    const before = await gemeenteTotal(cached);
    expect((await gemeenteTotal(cached)).res.headers['x-cache']).toBe('hit');
    expect((await expectedTotal()).n).toBe(30);
    expect(before.count).toEqual((await expectedTotal()).count);
    const imported = await s.get('/api/imports/reports?filename=more.csv', { method: 'POST', body: await reportsCsv(s.db, 'API', 12), headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(201);
    const after = await gemeenteTotal(cached);
    expect(after.res.headers['x-cache']).toBe('miss');
    expect((await expectedTotal()).n).toBe(42);
    expect(after.count).toEqual((await expectedTotal()).count);
    expect(after.res.body.equals((await gemeenteTotal(uncached)).res.body)).toBe(true);
    const { batchId } = await imported.json();
    expect((await s.get(`/api/imports/${batchId}`, { method: 'DELETE' })).status).toBe(200);
    const back = await gemeenteTotal(cached);
    expect(back.count).toEqual(before.count);
    expect(back.res.body.equals(before.res.body)).toBe(true);
  });

  it('never serves stale numbers after a change made through another database connection', async () => {
    // On PostgreSQL a second pool stands for another process (the CLI import); PGlite has one
    // connection, so there the write goes straight to the database, past the server's services.
    const dbName = (await s.db.query<{ name: string }>('SELECT current_database() AS name'))[0]!.name;
    const other = s.db.engine === 'postgres' ? await openDatabase({ databaseUrl: withDatabase(testDatabaseUrl()!, dbName) }) : s.db;
    try {
      const base = (await expectedTotal()).count;
      expect((await gemeenteTotal(cached)).count).toEqual(base);
      const report = await importFile(other, [await reportsCsv(s.db, 'CLI', 7)], { kind: 'reports', snapMetres: 50, createdBy: 'cli', today: TEST_TODAY });
      expect((await expectedTotal()).n).toBe(37);
      expect((await gemeenteTotal(cached)).count).toEqual((await expectedTotal()).count);
      await rollbackBatch(other, report.batchId);
      expect((await gemeenteTotal(cached)).count).toEqual(base);
      // Area data too: a population change shows at once.
      const series = `/api/stats/areas?level=buurt&${PERIOD}`;
      const rate = async () => JSON.parse((await cached.get(series)).body.toString()).areas.find((a: { code: string }) => a.code === 'BU17000107').inhabitants;
      const inhabitants = await rate();
      await other.query(`UPDATE areas SET inhabitants = inhabitants + 1000 WHERE code = 'BU17000107'`);
      expect(await rate()).toBe(inhabitants + 1000);
      await other.query(`UPDATE areas SET inhabitants = inhabitants - 1000 WHERE code = 'BU17000107'`);
      expect(await rate()).toBe(inhabitants);
    } finally {
      if (other !== s.db) await other.close();
    }
  });

  it('is off with STATS_CACHE_MB=0 and still fresh', async () => {
    const url = `/api/stats/grid?cell=500&${PERIOD}`;
    for (let i = 0; i < 3; i++) expect((await uncached.get(url)).headers['x-cache']).toBe('off');
    const before = await gemeenteTotal(uncached);
    await s.db.query(`UPDATE areas SET name = name || ' (test)' WHERE code = $1`, [gemeente]);
    const renamed = await gemeenteTotal(uncached);
    expect(renamed.res.body.equals(before.res.body)).toBe(false);
    await s.db.query(`UPDATE areas SET name = replace(name, ' (test)', '') WHERE code = $1`, [gemeente]);
    expect(loadConfig({}).statsCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ STATS_CACHE_MB: '0' }).statsCacheBytes).toBe(0);
    expect(() => loadConfig({ STATS_CACHE_MB: '-1' })).toThrow(/STATS_CACHE_MB/);
  });

  it('keeps access control in front of the cache', async () => {
    const url = `/api/stats/grid?cell=500&${PERIOD}`;
    await cached.get(url);
    expect((await cached.get(url)).headers['x-cache']).toBe('hit');
    const viewer = await startApp(s.db, {}, 'viewer');
    try {
      // A fresh app: its own cache is empty, so also try the route with the analyst's cache filled.
      const denied = await viewer.get(url);
      expect(denied.status).toBe(403);
      expect(JSON.parse(denied.body.toString()).error).toMatch(/analyst/);
      const anonymous = await raw(`${s.url}${url}`);
      expect(anonymous.status).toBe(401);
      const viewerOnCached = await s.client('viewer');
      await s.get(url); // admin fills the shared server's cache
      expect((await viewerOnCached.get(url)).status).toBe(403);
    } finally {
      await viewer.close();
    }
  });

  it('answers bad input with 4xx JSON and does not cache errors', async () => {
    for (const [url, status] of [['/api/stats/areas?category=nope', 400], ['/api/stats/timeseries?area=BU99999999', 404], ['/api/stats/grid?cell=7', 400], ['/api/areas?gemeente=GM9999', 404], ['/api/areas?level=land', 400]] as const) {
      for (let i = 0; i < 2; i++) {
        const res = await cached.get(url);
        expect(res.status, url).toBe(status);
        expect(res.headers['x-cache']).toBeUndefined();
        expect(JSON.parse(res.body.toString()).error).toBeTruthy();
      }
    }
  });
});

describe('data version', () => {
  const version = async (db: Database = s.db) => (await db.query<{ v: string }>('SELECT version::text AS v FROM data_version'))[0]!.v;

  it('is bumped once per writing statement, in the writing transaction, and not by a rollback', async () => {
    const v0 = BigInt(await version());
    await s.db.query(`UPDATE categories SET colour = colour WHERE code = 'hennep'`);
    expect(BigInt(await version())).toBe(v0 + 1n);
    // Many rows in one statement: one bump.
    await s.db.query(`UPDATE areas SET name = name`);
    expect(BigInt(await version())).toBe(v0 + 2n);
    await expect(s.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM report_counts_cell_monthly`);
      await tx.query(`TRUNCATE report_counts_daily`);
      expect(BigInt((await tx.query<{ v: string }>('SELECT version::text AS v FROM data_version'))[0]!.v)).toBe(v0 + 4n);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(BigInt(await version())).toBe(v0 + 2n);
    // Tables outside the statistics leave it alone.
    await s.db.query(`UPDATE users SET display_name = display_name`);
    expect(BigInt(await version())).toBe(v0 + 2n);
  });

  it('has a trigger on every table the cached responses read', async () => {
    const files = ['stats/area-list', 'stats/areas-geojson', 'stats/store-buurten', 'stats/store-codes', 'stats/store-weekly', 'stats/store-cells', 'stats/store-cells-weekly', 'stats/cell-geometries',
      'stats/area', 'meta/known-codes', 'meta/gemeente-extents', 'publish/sensitive-categories',
      'signals/loaded-gemeenten', 'signals/cell-locations'];
    const tables = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(`sql/queries/${f}.sql`, 'utf8').matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)\b/gi)) tables.add(m[1]!.toLowerCase());
    }
    const existing = await s.db.query<{ name: string; triggered: boolean }>(`
      SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = c.relname || '_bump_data_version') AS triggered
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`);
    const missing = existing.filter((t) => tables.has(t.name) && !t.triggered).map((t) => t.name);
    expect(tables.has('report_counts_daily')).toBe(true);
    expect(missing).toEqual([]);
  });
});
