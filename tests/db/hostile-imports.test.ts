/** Malicious import files (issue #14, 6): each is refused with a clear 4xx JSON error naming the
 *  line or feature, or imported without keeping what is not allowed — never a 500, never a
 *  half-written import, never megabytes of metadata. */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base', { IMPORT_LIMIT_MB: '8', SNAP_METRES: '50' });
});
afterAll(async () => s?.close());

const HEADER = 'external_id,received_on,category,source,lon,lat';
const ROW = (id: string) => `${id},2025-03-04,hennep,mma,6.6294,52.4085`;
const feature = (id: string, properties: Record<string, unknown> = {}, geometry: unknown = { type: 'Point', coordinates: [6.6294, 52.4085] }) =>
  ({ type: 'Feature', geometry, properties: { external_id: id, received_on: '2025-03-04', category: 'hennep', source: 'mma', ...properties } });
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

async function post(body: string | Uint8Array, type: string, query = '') {
  const res = await s.get(`/api/imports/reports${query}`, { method: 'POST', body: body as BodyInit, headers: { 'content-type': type } });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { error: string; detail: string[]; droppedColumns?: string[]; droppedColumnCount?: number; batchId?: number } };
}
const counts = async () => (await s.db.query<{ r: number; b: number }>('SELECT (SELECT count(*) FROM reports)::integer AS r, (SELECT count(*) FROM import_batches)::integer AS b'))[0]!;

const deep = (levels: number) => `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[6.6294,52.4085]},"properties":{"external_id":"D-1","received_on":"2025-03-04","category":"hennep","source":"mma","x_nested":${'['.repeat(levels)}${']'.repeat(levels)}}}]}`;

/** name, body, content type, what must hold of the answer */
const FILES: [string, () => string | Uint8Array, string, (r: Awaited<ReturnType<typeof post>>) => void][] = [
  ['CSV with 10⁶ columns', () => `${HEADER},${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n${ROW('C-1')}\n`, 'text/csv', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/column/);
  }],
  ['CSV with 5,000 columns (within the record size)', () => `${HEADER},${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\n${ROW('C-2')}\n`, 'text/csv', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/1000 columns/);
    expect(r.body.detail.join(' ')).toMatch(/line 1/);
  }],
  ['CSV with a 200 kB field', () => `${HEADER},note\n${ROW('C-3')},${'x'.repeat(200_000)}\n`, 'text/csv', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/CSV cannot be read|too long|record/i);
  }],
  ['binary (PNG bytes)', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...new Array(200).fill(0)]), 'text/csv', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/binary|UTF-8/);
  }],
  ['gzip-compressed CSV', () => gzipSync(`${HEADER}\n${ROW('C-4')}\n`), 'text/csv', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/binary|UTF-8/);
  }],
  ['invalid UTF-8 in the middle', () => Buffer.concat([Buffer.from(`${HEADER}\n${ROW('C-5')}\n`), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(`\n${ROW('C-6')}\n`)]), 'text/csv', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/UTF-8/);
  }],
  ['UTF-16 text', () => Buffer.from(`\uFEFF${HEADER}\n${ROW('C-7')}\n`, 'utf16le'), 'text/csv', (r) => {
    expect(r.status).toBe(422);
  }],
  ['GeoJSON with polygons and broken coordinates', () => collection([
    feature('G-1', {}, { type: 'Polygon', coordinates: [[[6.6, 52.4], [6.7, 52.4], [6.7, 52.5], [6.6, 52.4]]] }),
    feature('G-2', {}, { type: 'Point', coordinates: ['6.6', null] }),
    feature('G-3', {}, { type: 'Point', coordinates: [999, -999] }),
    feature('G-4', {}, null),
  ]), 'application/geo+json', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.detail.join('\n')).toMatch(/feature 1: geometry/);
    expect(r.body.detail.length).toBe(4);
  }],
  ['GeoJSON with __proto__ and constructor properties', () => `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[6.6294,52.4085]},"properties":{"external_id":"P-1","received_on":"2025-03-04","category":"hennep","source":"mma","__proto__":{"polluted":"yes","category":"drugslab"},"constructor":{"prototype":{"polluted":"yes"}}}}]}`, 'application/geo+json', (r) => {
    expect(r.status).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.body.droppedColumns).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
  }],
  ['GeoJSON nested 300,000 levels deep', () => deep(300_000), 'application/geo+json', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/nested/);
    expect(r.body.detail.join(' ')).toMatch(/feature 1 \(line 1\)/);
  }],
  ['GeoJSON nested 50 levels deep', () => deep(50), 'application/geo+json', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/nested/);
  }],
  ['GeoJSON with 100,000 extra property names', () => collection([feature('M-1', Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`extra_${i}`, i])))]), 'application/geo+json', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/1000 properties/);
    expect(r.body.detail.join(' ')).toMatch(/feature 1/);
    expect(r.text.length).toBeLessThan(10_000);
  }],
  ['GeoJSON that is not a FeatureCollection', () => JSON.stringify([feature('N-1')]), 'application/geo+json', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/FeatureCollection/);
  }],
  ['truncated GeoJSON', () => collection([feature('T-1')]).slice(0, -10), 'application/geo+json', (r) => {
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/not valid JSON/);
  }],
  ['CSV whose only line is 3 MB without a line break', () => 'x'.repeat(3 * 1024 * 1024), 'text/csv', (r) => {
    expect(r.status).toBe(422);
  }],
];

describe('15 malicious import files', () => {
  it('lists 15 files', () => expect(FILES.length).toBe(15));
  for (const [name, make, type, check] of FILES) {
    it(`${name}: a clear 4xx (or a clean import), never a 500`, async () => {
      const before = await counts();
      const r = await post(make(), type);
      expect(r.status, `${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
      expect(r.text).not.toMatch(/at \w+ \(|node_modules|RangeError|Maximum call stack/);
      check(r);
      if (r.status >= 400) expect(await counts()).toEqual(before); // nothing half-written
      expect((await s.json('/api/health')).status).toBe('ok');
    });
  }
});

describe('stored import metadata is capped (issue #14, 6)', () => {
  it('keeps the first 50 dropped column names and their count, in the batch list and the audit entry', async () => {
    const extra = Array.from({ length: 900 }, (_, i) => `extra_${String(i).padStart(3, '0')}_${'n'.repeat(80)}`);
    const r = await post(`${HEADER},${extra.join(',')}\n${ROW('K-1')}\n`, 'text/csv', '?filename=wide.csv');
    expect(r.status).toBe(201);
    expect(r.body.droppedColumns).toHaveLength(50);
    expect(r.body.droppedColumnCount).toBe(900);
    expect(r.body.droppedColumns![0]).toBe(extra[0]!.slice(0, 64));
    const batch = (await s.json<{ id: number; droppedColumns: string[]; droppedColumnCount: number }[]>('/api/imports')).find((b) => b.id === r.body.batchId)!;
    expect(batch.droppedColumns).toHaveLength(50);
    expect(batch.droppedColumnCount).toBe(900);
    const [entry] = await s.json<{ details: { droppedColumns: string[]; droppedColumnCount: number } }[]>('/api/audit?action=import&limit=1');
    expect(entry!.details.droppedColumns).toHaveLength(50);
    expect(entry!.details.droppedColumnCount).toBe(900);
    expect(JSON.stringify(entry).length).toBeLessThan(5_000);
  });
});

describe('snapping can only coarsen (issue #14, 6)', () => {
  it('refuses a snap grid finer than SNAP_METRES and accepts a coarser one', async () => {
    const fine = await post(`${HEADER}\n${ROW('S-1')}\n`, 'text/csv', '?snap=1');
    expect(fine.status).toBe(400);
    expect(fine.body).toMatchObject({ parameter: 'snap' });
    expect(fine.body.error).toMatch(/at least 50/);
    const coarse = await post(`${HEADER}\n${ROW('S-2')}\n`, 'text/csv', '?snap=100');
    expect(coarse.status).toBe(201);
  });
});
