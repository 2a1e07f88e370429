import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base', { IMPORT_LIMIT_MB: '1' });
});
afterAll(async () => s?.close());

const count = async () => (await s.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM reports'))[0]!.n;

describe('import API', () => {
  it('imports CSV and GeoJSON bodies, lists batches and rolls back', async () => {
    const csv = await s.get('/api/imports/reports?filename=reports.csv', { method: 'POST', body: readFileSync('data/examples/reports.csv'), headers: { 'content-type': 'text/csv' } });
    expect(csv.status).toBe(201);
    const report = await csv.json();
    expect(report).toMatchObject({ kind: 'reports', fileName: 'reports.csv', rows: 4, inserted: 4, notices: [] });
    const geo = await s.get('/api/imports/reports', { method: 'POST', body: readFileSync('data/examples/reports.geojson'), headers: { 'content-type': 'application/geo+json' } });
    expect(geo.status).toBe(201);
    expect((await geo.json()).format).toBe('geojson');
    const insp = await s.get('/api/imports/inspections', { method: 'POST', body: readFileSync('data/examples/inspections.csv'), headers: { 'content-type': 'text/csv' } });
    expect((await insp.json()).inserted).toBe(2);
    const batches = await s.json('/api/imports');
    expect(batches[0]).toMatchObject({ kind: 'inspections', rowsInserted: 2, rowsStored: 2 });
    expect(batches.find((b: any) => b.id === report.batchId)).toMatchObject({ fileName: 'reports.csv', rowsStored: 4 });
    const before = await count();
    const del = await s.json(`/api/imports/${report.batchId}`, { method: 'DELETE' });
    expect(del).toEqual({ batchId: report.batchId, kind: 'reports', removed: 4, rollupDays: 4 });
    expect(await count()).toBe(before - 4);
  });

  it('imports a file whose reports all fall on Mondays, and says that their dates look like forwarding days', async () => {
    // 150 reports over 10 weeks, every one dated on a Monday (a weekly forwarding), at a point of
    // the example file (inside the loaded areas).
    const [, first] = readFileSync('data/examples/reports.csv', 'utf8').trim().split('\n');
    const [, , , , lon, lat] = first!.split(',');
    const lines = ['external_id,received_on,category,source,lon,lat'];
    for (let i = 0; i < 150; i++) {
      const day = new Date(Date.UTC(2025, 0, 6 + 7 * (i % 10))).toISOString().slice(0, 10);
      lines.push(`MON-${i},${day},hennep,mma,${lon},${lat}`);
    }
    const res = await s.get('/api/imports/reports', { method: 'POST', body: lines.join('\n'), headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(201);
    const report = await res.json();
    expect(report).toMatchObject({ inserted: 150, notices: [{ code: 'dates_few_days', params: { days: 10, expected: 58 } }] });
    await s.json(`/api/imports/${report.batchId}`, { method: 'DELETE' });
  });

  it('answers a bad file with 422 and the row errors, writing nothing', async () => {
    const before = await count();
    const res = await s.get('/api/imports/reports', { method: 'POST', body: 'external_id,received_on,category,source,lon,lat\nX-1,2024-02-31,hennep,mma,6.6294,52.4085\n', headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: '1 of 1 rows are invalid; nothing was imported',
      detail: ['line 2: received_on "2024-02-31" is not a date (use YYYY-MM-DD or DD-MM-YYYY)'],
      // The same as codes and parameters, for the dashboard to say in Dutch or English.
      params: { bad: 1, rows: 1, invalid: 1, duplicates: 0, outside: 0, kinds: 1 },
      problems: [{ code: 'date_invalid', count: 1, examples: [{ line: 2, column: 'received_on', params: { value: '2024-02-31' } }] }],
    });
    expect(await count()).toBe(before);
  });

  it('refuses an upload above the limit (413) by its declared size and while streaming', async () => {
    // A declared 300 MB body is refused before it is read.
    const declared = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${s.url}/api/imports/reports`, { method: 'POST', headers: { ...s.headers, 'content-type': 'text/csv', 'content-length': String(300 * 1024 * 1024) } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('external_id,received_on,category,source,lon,lat\n');
      setTimeout(() => req.destroy(), 2000);
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error).toMatch(/limit/);
    // A chunked body without a declared size is cut off at the limit (1 MB in this server).
    const line = 'B-0000001,2024-01-01,hennep,mma,6.6294,52.4085\n';
    const big = 'external_id,received_on,category,source,lon,lat\n' + line.repeat(Math.ceil((2 * 1024 * 1024) / line.length));
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const res = await s.get('/api/imports/reports', { method: 'POST', body: stream, headers: { 'content-type': 'text/csv' }, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await count()).toBeGreaterThanOrEqual(0);
    expect((await s.json('/api/health')).status).toBe('ok');
  });

  it('validates the rollback id and query parameters', async () => {
    expect((await s.get('/api/imports/abc', { method: 'DELETE' })).status).toBe(400);
    expect((await s.get('/api/imports/424242', { method: 'DELETE' })).status).toBe(404);
    const [areasBatch] = await s.db.query<{ id: number }>(`SELECT id FROM import_batches WHERE kind = 'areas' LIMIT 1`);
    expect((await s.get(`/api/imports/${areasBatch!.id}`, { method: 'DELETE' })).status).toBe(409);
    const bad = await s.get('/api/imports/reports?snap=0', { method: 'POST', body: 'x', headers: { 'content-type': 'text/csv' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).parameter).toBe('snap');
  });
});
