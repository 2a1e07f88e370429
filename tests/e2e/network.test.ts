/**
 * Served over the network (issue #14, 1): the dashboard is loaded by a host name that is not
 * localhost (Chromium maps signaalkaart.test to 127.0.0.1), over plain http and over https through
 * a TLS-terminating proxy (Node's https with a throwaway self-signed certificate made here by
 * openssl; the server trusts one proxy hop). Over http, helmet's default upgrade-insecure-requests
 * used to send every asset and API call to https (ERR_SSL_PROTOCOL_ERROR: a blank page).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, SCREENSHOT_DIR, startDashboard, waitForMap, type Dashboard } from './harness.ts';

const HOST = 'signaalkaart.test';
let app: Dashboard;
let proxy: Server;
let certDir: string;
let httpPort = 0;
let httpsPort = 0;

beforeAll(async () => {
  certDir = await mkdtemp(path.join(tmpdir(), 'signaalkaart-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`,
    '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem')], { stdio: 'ignore' });
  app = await startDashboard({ env: { TRUST_PROXY: '1' }, browserArgs: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
  httpPort = Number(new URL(app.url).port);
  // The TLS-terminating proxy: what nginx or Caddy does in front of the app.
  proxy = createServer({ key: await readFile(path.join(certDir, 'key.pem')), cert: await readFile(path.join(certDir, 'cert.pem')) }, (req, res) => {
    const upstream = httpRequest({
      host: '127.0.0.1', port: httpPort, method: req.method, path: req.url,
      headers: { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1' },
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  httpsPort = (proxy.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await app?.close();
  await rm(certDir, { recursive: true, force: true });
});

for (const scheme of ['http', 'https'] as const) {
  describe(`${scheme}://${HOST}`, () => {
    it('loads the dashboard, logs in through the form and draws the map, without a single failed request', async () => {
      const base = `${scheme}://${HOST}:${scheme === 'http' ? httpPort : httpsPort}`;
      const context = await app.browser.newContext({ viewport: DESKTOP, locale: 'nl-NL', ignoreHTTPSErrors: true });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m: ConsoleMessage) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      const doc = await page.goto(`${base}/?v=map`);
      const headers = doc!.headers();
      if (scheme === 'http') {
        expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
        expect(headers['strict-transport-security']).toBeUndefined();
      } else {
        expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
        expect(headers['strict-transport-security']).toMatch(/max-age=/);
      }
      await page.locator('#login-title').waitFor({ timeout: 20_000 });
      const { username, password } = app.account('analyst');
      await page.locator('#login-username').fill(username);
      await page.locator('#login-password').fill(password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await waitForMap(page);
      // Every request stayed on the scheme the page was loaded with.
      expect(requested.filter((u) => !u.startsWith(`${scheme}:`) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
      const [cookie] = (await context.cookies()).filter((c) => c.name === 'sk_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: scheme === 'https' });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `network-${scheme}.png`) });
      expect(problems, problems.join('\n')).toEqual([]);
      await context.close();
    });
  });
}
