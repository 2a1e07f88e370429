/**
 * Response compression: the real app on a real database answers large JSON gzipped when the
 * client accepts gzip and as is when it does not, and leaves bodies that are already encoded
 * (a cached, pre-gzipped answer) alone.
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressResponses, IMMUTABLE, precompressedAssets, staticCacheHeaders } from '../../server/app.ts';
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

describe('pre-compressed dashboard assets', () => {
  it('sends the build\'s .br or .gz file for an accepted encoding, and the plain file otherwise', async () => {
    const root = await mkdtemp(join(tmpdir(), 'signaalkaart-assets-'));
    const js = Buffer.from(`export const data = ${JSON.stringify(Array.from({ length: 3000 }, (_, i) => i))};\n`);
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'assets/app.js'), js);
    const br = brotliCompressSync(js);
    const gz = gzipSync(js, { level: 9 });
    await writeFile(join(root, 'assets/app.js.br'), br);
    await writeFile(join(root, 'assets/app.js.gz'), gz);
    await writeFile(join(root, 'assets/only-plain.js'), js);
    await writeFile(join(root, 'secret.txt.gz'), gzipSync('outside assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
    const app = express();
    app.use(compressResponses());
    app.use(precompressedAssets(root));
    app.use(express.static(root, { setHeaders: staticCacheHeaders(root) }));
    const server = await new Promise<Server>((resolve) => {
      const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
    });
    try {
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const asBr = await raw(`${base}/assets/app.js`, { 'accept-encoding': 'gzip, br' });
      expect(asBr.status).toBe(200);
      expect(asBr.headers['content-encoding']).toBe('br');
      expect(asBr.headers['content-type']).toMatch(/javascript/);
      expect(String(asBr.headers.vary)).toMatch(/accept-encoding/i);
      // The stored file byte for byte (not compressed again by the middleware).
      expect(asBr.body.equals(br)).toBe(true);
      expect(brotliDecompressSync(asBr.body).equals(js)).toBe(true);
      // Hashed build output is kept for a year; the page that names it is revalidated every time.
      expect(asBr.headers['cache-control']).toBe(IMMUTABLE);
      expect(IMMUTABLE).toBe('public, max-age=31536000, immutable');
      const page = await raw(`${base}/index.html`, {});
      expect(page.headers['cache-control']).toBe('no-cache');
      const asGz = await raw(`${base}/assets/app.js`, { 'accept-encoding': 'gzip' });
      expect(asGz.headers['content-encoding']).toBe('gzip');
      expect(asGz.body.equals(gz)).toBe(true);
      const plain = await raw(`${base}/assets/app.js`, { 'accept-encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(js)).toBe(true);
      expect(plain.headers['cache-control']).toBe(IMMUTABLE);
      const noHeader = await raw(`${base}/assets/app.js`, {});
      expect(noHeader.headers['content-encoding']).toBeUndefined();
      expect(noHeader.body.equals(js)).toBe(true);
      // Without a pre-compressed file the middleware compresses on the fly.
      const fly = await raw(`${base}/assets/only-plain.js`, { 'accept-encoding': 'gzip' });
      expect(fly.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(fly.body).equals(js)).toBe(true);
      // Nothing outside assets/ is served this way.
      const outside = await raw(`${base}/assets/..%2Fsecret.txt`, { 'accept-encoding': 'gzip' });
      expect(outside.status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    }
  });
});
