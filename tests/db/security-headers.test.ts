/** Network installs (issue #14, 1): HSTS, upgrade-insecure-requests and Secure cookies only when
 *  the dashboard is reached over https — else an intranet install over plain http is a blank page
 *  (every asset and API call rewritten to https). */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from './server-harness.ts';

interface Answer { status: number; headers: Record<string, string | string[] | undefined> }
function call(base: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const login = JSON.stringify({ username: 'test-viewer', password: TEST_PASSWORD });
const csp = (a: Answer) => String(a.headers['content-security-policy'] ?? '');
const cookie = (a: Answer) => String(a.headers['set-cookie'] ?? '');

describe('served over plain http by a host name (no PUBLIC_URL, no proxy)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('base');
  });
  afterAll(async () => s?.close());

  it('sends no upgrade-insecure-requests, no HSTS and no Secure cookie', async () => {
    const page = await call(s.url, '/api/health', { host: 'signaalkaart.test:8080' });
    expect(csp(page)).toContain("default-src 'self'");
    expect(csp(page)).not.toContain('upgrade-insecure-requests');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    const res = await call(s.url, '/api/auth/login', { host: 'signaalkaart.test:8080' }, login);
    expect(res.status).toBe(200);
    expect(cookie(res)).toMatch(/HttpOnly/);
    expect(cookie(res)).not.toMatch(/Secure/);
  });

  it('does not believe X-Forwarded-Proto from a proxy it does not trust', async () => {
    const res = await call(s.url, '/api/health', { host: 'signaalkaart.test', 'x-forwarded-proto': 'https' });
    expect(csp(res)).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('behind a trusted TLS-terminating proxy (TRUST_PROXY=1)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('base', { TRUST_PROXY: '1' });
  });
  afterAll(async () => s?.close());

  it('upgrades, sends HSTS and Secure cookies for https, and nothing of that for http', async () => {
    const https = await call(s.url, '/api/auth/login', { host: 'signaalkaart.test', 'x-forwarded-proto': 'https' }, login);
    expect(https.status).toBe(200);
    expect(csp(https)).toContain('upgrade-insecure-requests');
    expect(https.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(cookie(https)).toMatch(/; Secure/);
    const http = await call(s.url, '/api/auth/login', { host: 'signaalkaart.test', 'x-forwarded-proto': 'http' }, login);
    expect(csp(http)).not.toContain('upgrade-insecure-requests');
    expect(http.headers['strict-transport-security']).toBeUndefined();
    expect(cookie(http)).not.toMatch(/Secure/);
  });
});

describe('with an https PUBLIC_URL', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer('base', { PUBLIC_URL: 'https://signaalkaart.example.nl' });
  });
  afterAll(async () => s?.close());

  it('treats requests for the public host as https and others (http://localhost on the server) as http', async () => {
    const pub = await call(s.url, '/api/auth/login', { host: 'signaalkaart.example.nl' }, login);
    expect(csp(pub)).toContain('upgrade-insecure-requests');
    expect(pub.headers['strict-transport-security']).toBeDefined();
    expect(cookie(pub)).toMatch(/; Secure/);
    const local = await call(s.url, '/api/health', { host: 'localhost:8080' });
    expect(csp(local)).not.toContain('upgrade-insecure-requests');
  });

  it('refuses a PUBLIC_URL that is not http(s)', async () => {
    const { loadConfig } = await import('../../server/config.ts');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x.example' })).toThrow(/PUBLIC_URL/);
  });
});
