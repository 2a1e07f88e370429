/**
 * Browser-test harness: builds the dashboard with vite, starts the real server in-process on a
 * fresh embedded database (it loads the demo data on first start, 30–60 s), and drives Debian's
 * Chromium through playwright-core. One server per test file: use `startDashboard()` in a
 * `beforeAll` and `close()` in the `afterAll`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import type { Role } from '../../server/services/users.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(ROOT, 'tests/screenshots');

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Endpoints that may legitimately answer 404 while they are not deployed (the dashboard shows
 *  "not available yet"); the browser logs each such 404 as a console error. */
const OPTIONAL_ENDPOINTS = ['/api/hotspots', '/api/emerging', '/api/signals', '/api/briefings/'];

export interface TrackedPage {
  page: Page;
  /** Console errors, page errors and failed requests, minus the expected 404s above. */
  problems: string[];
}

export interface Dashboard {
  url: string;
  server: RunningServer;
  browser: Browser;
  /** A fresh browser context logged in as the demo account of `role` (null: not logged in). */
  /** `init` (script text) runs in the page before its own scripts (e.g. to watch for a mark). */
  open(pathAndQuery?: string, viewport?: { width: number; height: number }, role?: Role | null, options?: { init?: string }): Promise<TrackedPage>;
  account(role: Role): { username: string; password: string };
  api<T = any>(pathAndQuery: string): Promise<T>;
  status(pathAndQuery: string): Promise<number>;
  close(): Promise<void>;
}

export async function buildClient(): Promise<void> {
  const { build } = await import('vite');
  // No `root` here: vite.config.ts sets it to client/ (an inline root would override that).
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** The demo accounts' printed passwords must be changed at the first login: the harness does
 *  that through the API (as a user would, through the same routes) and keeps the new ones. */
async function completeFirstLogin(url: string, username: string, printed: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: printed }) });
  const body = await res.json();
  if (!res.ok || body.pending?.stage !== 'password') throw new Error(`first login of ${username}: ${res.status} ${JSON.stringify(body)}`);
  const password = `${username} e2e ${randomBytes(6).toString('hex')}`;
  const changed = await fetch(`${url}/api/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': body.csrfToken },
    body: JSON.stringify({ password }),
  });
  if (!changed.ok) throw new Error(`password change of ${username}: ${changed.status} ${await changed.text()}`);
  return password;
}

export interface DashboardOptions {
  build?: boolean;
  /** Extra settings for the server (e.g. TRUST_PROXY). */
  env?: Record<string, string>;
  /** Extra Chromium flags (e.g. --host-resolver-rules). */
  browserArgs?: string[];
}

export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  if (options.build ?? true) await buildClient();
  const dir = await mkdtemp(path.join(tmpdir(), 'signaalkaart-e2e-'));
  // Many browser contexts log in from one address: lift the per-address login limit.
  const server = await startServer(loadConfig({ PORT: '0', PGLITE_DIR: dir, LOG_LEVEL: 'silent', LOGIN_RATE_PER_IP: '10000', ...options.env }));
  const url = server.url.replace('localhost', '127.0.0.1');
  const accounts = new Map<string, { username: string; password: string }>();
  for (const a of server.initialAccounts.filter((x) => x.username.startsWith('demo-'))) {
    accounts.set(a.username, { username: a.username, password: await completeFirstLogin(url, a.username, a.password) });
  }
  const account = (role: Role) => {
    const a = accounts.get(`demo-${role}`);
    if (!a) throw new Error(`no demo-${role} account was created at start-up`);
    return a;
  };
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...(options.browserArgs ?? [])],
  });
  // The tests' own API calls (to compare with what the page shows) run as the demo analyst.
  let cookie: Promise<string> | null = null;
  const apiCookie = () =>
    (cookie ??= (async () => {
      const { username, password } = account('analyst');
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (!res.ok) throw new Error(`login for the API calls failed: ${res.status}`);
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    })());
  const expected404 = (u: string) => OPTIONAL_ENDPOINTS.some((p) => new URL(u, url).pathname.startsWith(p));

  return {
    url,
    server,
    browser,
    account,
    async open(pathAndQuery = '/', viewport = DESKTOP, role: Role | null = 'analyst', options = {}) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'nl-NL' });
      if (role) {
        const { username, password } = account(role);
        const res = await context.request.post(`${url}/api/auth/login`, { data: { username, password } });
        if (!res.ok()) throw new Error(`login as ${username} failed: ${res.status()} ${await res.text()}`);
      }
      const page = await context.newPage();
      if (options.init) await page.addInitScript({ content: options.init });
      const problems: string[] = [];
      page.on('console', (msg: ConsoleMessage) => {
        if (msg.type() !== 'error') return;
        const where = msg.location()?.url ?? '';
        if (/Failed to load resource: the server responded with a status of 404/.test(msg.text()) && expected404(where)) return;
        problems.push(`console: ${msg.text()} (${where})`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('requestfailed', (req) => {
        // Aborted requests are the app cancelling stale loads on purpose.
        if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`);
      });
      page.on('response', (res) => {
        if (res.status() >= 400 && !(res.status() === 404 && expected404(res.url()))) problems.push(`http ${res.status()}: ${res.url()}`);
      });
      await page.goto(`${url}${pathAndQuery}`);
      return { page, problems };
    },
    async api(pathAndQuery) {
      const res = await fetch(`${url}${pathAndQuery}`, { headers: { cookie: await apiCookie() } });
      if (!res.ok) throw new Error(`${pathAndQuery} → ${res.status} ${await res.text()}`);
      return res.json();
    },
    async status(pathAndQuery) {
      const res = await fetch(`${url}${pathAndQuery}`, { headers: { cookie: await apiCookie() } });
      await res.arrayBuffer();
      return res.status;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the map has drawn the choropleth for the first time. */
export async function waitForMap(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = (window as unknown as { __signaalkaart?: { ready: boolean; firstRenderMs: number | null } }).__signaalkaart;
      return !!w?.ready && w.firstRenderMs !== null;
    },
    null,
    { timeout },
  );
}

/** Waits until the map is idle (sources loaded, nothing moving). */
export async function waitForIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = (window as unknown as { __signaalkaart?: { map: { loaded(): boolean; isMoving(): boolean; areTilesLoaded(): boolean } } }).__signaalkaart?.map;
      return !!map && map.loaded() && !map.isMoving() && map.areTilesLoaded();
    },
    null,
    { timeout },
  );
  // One more frame so that the last source update is drawn.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Distinct values of `property` among features rendered in `layers`. */
export async function renderedValues(page: Page, layers: string[], property = 'code'): Promise<string[]> {
  return page.evaluate(
    ({ layers, property }) => {
      const map = (window as any).__signaalkaart.map;
      const present = layers.filter((id: string) => map.getLayer(id));
      const features = map.queryRenderedFeatures({ layers: present });
      return [...new Set(features.map((f: any) => String(f.properties[property])))] as string[];
    },
    { layers, property },
  );
}

export function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/**
 * Whether anything on the page is wider than the screen: the page itself, or a box that scrolls
 * sideways inside it (a table in an `overflow: auto` wrapper keeps the page narrow but still makes
 * the reader scroll sideways). The offending boxes, as "tag.class scrollWidth>clientWidth".
 */
export async function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) out.push(`page ${doc.scrollWidth}>${window.innerWidth}`);
    for (const e of document.querySelectorAll<HTMLElement>('body *')) {
      if (e.clientWidth === 0 || e.scrollWidth <= e.clientWidth + 1) continue;
      if (!['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) continue;
      out.push(`${e.tagName.toLowerCase()}.${[...e.classList].filter((c) => !c.startsWith('svelte-')).join('.')} ${e.scrollWidth}>${e.clientWidth}`);
    }
    return out;
  });
}
