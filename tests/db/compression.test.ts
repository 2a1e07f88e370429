/**
 * Response compression: the real app on a real database answers large JSON gzipped when the
 * client accepts gzip and as is when it does not, and leaves bodies that are already encoded
 * (a cached, pre-gzipped answer) alone.
 */
import { request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressResponses } from '../../server/app.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base');
});
afterAll(async () => s?.close());

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch asks for compression itself and decodes it out of sight. */
function raw(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('response compression', () => {
  it('gzips a large JSON answer when the client accepts gzip, and sends it plain when not', async () => {
    const path = '/api/areas?level=buurt';
    const gz = await raw(`${s.url}${path}`, { ...s.headers, 'accept-encoding': 'gzip' });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(String(gz.headers.vary)).toMatch(/accept-encoding/i);
    const plain = await raw(`${s.url}${path}`, { ...s.headers, 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    // A boundary file is tens of kilobytes at least, and GeoJSON compresses well.
    expect(plain.body.length).toBeGreaterThan(20_000);
    const decoded = gunzipSync(gz.body);
    expect(decoded.equals(plain.body)).toBe(true);
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(decoded.toString('utf8')).type).toBe('FeatureCollection');
    // No Accept-Encoding header at all: identity too.
    const none = await raw(`${s.url}${path}`, { ...s.headers });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(plain.body)).toBe(true);
  });

  it('sends answers under the threshold uncompressed', async () => {
    const small = await raw(`${s.url}/api/health`, { 'accept-encoding': 'gzip' });
    expect(small.status).toBe(200);
    // Under the 1 kB threshold gzip would only add bytes.
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('leaves a body that already has a Content-Encoding alone (pre-gzipped cache answers)', async () => {
    const payload = Buffer.from(JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ i, text: 'ondermijning' })) }));
    const pregzipped = gzipSync(payload);
    const app = express();
    app.use(compressResponses());
    app.get('/cached', (_req, res) => {
      res.set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).send(pregzipped);
    });
    app.get('/fresh', (_req, res) => {
      res.type('application/json').send(payload);
    });
    const server = await new Promise<Server>((resolve) => {
      const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
    });
    try {
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const cached = await raw(`${base}/cached`, { 'accept-encoding': 'gzip, br' });
      expect(cached.headers['content-encoding']).toBe('gzip');
      // Exactly the stored bytes: not compressed a second time.
      expect(cached.body.equals(pregzipped)).toBe(true);
      expect(gunzipSync(cached.body).equals(payload)).toBe(true);
      // The same middleware does compress a fresh answer of that size (so the check above can fail).
      const fresh = await raw(`${base}/fresh`, { 'accept-encoding': 'gzip' });
      expect(fresh.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(fresh.body).equals(payload)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
