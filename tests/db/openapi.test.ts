import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { pino } from 'pino';
import type { z } from 'zod';
import { apiRouter } from '../../server/routes/index.ts';
import { loadConfig } from '../../server/config.ts';
import { ENDPOINTS } from '../../server/contract/index.ts';
import { isOpaque, type Endpoint } from '../../server/contract/endpoint.ts';
import { ErrorBody } from '../../server/contract/common.ts';
import { getAreaStatistics } from '../../server/contract/stats.ts';
import { openApiPath } from '../../server/contract/openapi.ts';
import { openApiYaml } from '../../server/contract/yaml.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// The contract (server/contract/) against the running server on the demo data: every mounted
// route is in it, docs/openapi.yaml is what it generates, and sample answers validate against the
// response schemas — with zod (the contract itself) and with ajv (the generated document).

interface Operation { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
const text = readFileSync('docs/openapi.yaml', 'utf8');
const spec = parse(text) as { paths: Record<string, Record<string, Operation>>; components: unknown };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });
const resolve = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('demo');
});
afterAll(async () => s?.close());

/** Express routes of the API router, as `get /users/{username}/reset`. */
function registeredRoutes(): string[] {
  const router = apiRouter({ db: s.db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: pino({ level: 'silent' }) });
  const routes: string[] = [];
  for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) routes.push(`${method} ${openApiPath(layer.route.path)}`);
  }
  return routes.sort();
}

const contractRoutes = ENDPOINTS.map((ep) => `${ep.method} ${openApiPath(ep.path)}`);
/** Endpoints whose JSON answer (status) a test below has validated. */
const validated = new Set<string>();

/** Validates a JSON answer of `ep` with status `status` against the contract (zod) and the document (ajv). */
function expectValid(ep: Endpoint, status: number, contentType: string, body: unknown): void {
  const content = ep.responses[status]?.content ?? {};
  const match = Object.entries(content).find(([mediaType]) => contentType.includes(mediaType));
  expect(match, `${ep.method} ${ep.path}: ${contentType} is not a documented media type of ${status}`).toBeTruthy();
  const [mediaType, schema] = match!;
  validated.add(`${ep.method} ${ep.path} ${status}`);
  if (isOpaque(schema)) return;
  const parsed = (schema as z.ZodType).safeParse(body);
  expect(parsed.success, `zod: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true);
  const documented = spec.paths[openApiPath(ep.path)]![ep.method]!.responses[String(status)]!.content![mediaType]!.schema;
  const validate = ajv.compile(resolve(documented) as object);
  expect(validate(body), `ajv: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
}

/** An error answer: the contract's ErrorBody and the document's Error response. */
function expectError(body: unknown): void {
  expect(ErrorBody.safeParse(body).success, JSON.stringify(body)).toBe(true);
  const validate = ajv.compile({ $ref: 'openapi#/components/schemas/Error' });
  expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
}

describe('the API contract', () => {
  it('has every mounted route, and only those', () => {
    expect(registeredRoutes()).toEqual([...contractRoutes].sort());
    expect(new Set(contractRoutes).size).toBe(contractRoutes.length);
  });

  it('is what docs/openapi.yaml says (npm run openapi)', () => {
    expect(text === openApiYaml(), 'docs/openapi.yaml is out of date: run npm run openapi').toBe(true);
  });

  it('answers the early signals and the overview in the contract\'s shapes, for every role and view', async () => {
    const signals = await import('../../server/contract/signals.ts');
    const { getOverview } = await import('../../server/contract/overview.ts');
    const check = async (ep: Endpoint, status: number, res: Response) => {
      expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(status);
      const body = await res.json();
      expectValid(ep, status, res.headers.get('content-type') ?? '', body);
      return body;
    };
    const send = (method: string, path: string, body?: unknown) =>
      s.get(path, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    // Before any run: an empty list and class map.
    expect((await check(signals.getSignals, 200, await s.get('/api/signals'))).run).toBeNull();
    await check(signals.getSignalDefaults, 200, await s.get('/api/signals/defaults'));
    await check(signals.setSignalDefaults, 200, await send('PUT', '/api/signals/defaults', { minCount: 4 }));
    const published = await check(signals.publishNow, 201, await send('POST', '/api/signals/publish'));
    expect(published.signals.lead).toBeGreaterThan(0);
    const draft = await check(signals.runDraft, 201, await send('POST', '/api/signals/run', { alpha: 0.1, end: '2025-12-31' }));
    expect(draft.visibility).toBe('draft');
    const list = await check(signals.getSignals, 200, await s.get('/api/signals?gemeente=GM1700&limit=1000'));
    expect(list.signals.length).toBeGreaterThan(0);
    expect(list.draft).toMatchObject({ id: draft.id });
    expect(list.signals.some((x: { series: unknown[] }) => x.series.length > 0)).toBe(true);
    await check(signals.getSignals, 200, await s.get('/api/signals?kind=map&category=all'));
    expect((await check(signals.getSignals, 200, await s.get('/api/signals?view=draft'))).run.id).toBe(draft.id);
    await check(signals.getEmerging, 200, await s.get(`/api/emerging?gemeente=GM1700&category=${list.signals.find((x: { category: string | null }) => x.category)?.category ?? 'hennep'}`));
    await check(signals.getHotspots, 200, await s.get('/api/hotspots?cell=1000&category=hennep&period=2025'));
    // The overview carries the signals for analysts and a summary for viewers.
    for (const role of ['analyst', 'viewer'] as const) {
      const client = await s.client(role);
      const overview = await check(getOverview, 200, await client.get('/api/overview?gemeente=GM1700'));
      expect(overview.signals.total).toBeGreaterThan(0);
      expect(overview.signals.items === null).toBe(role === 'viewer');
    }
    await check(getOverview, 200, await s.get('/api/overview?period=2025-Q3'));
    expect((await check(signals.discardDraft, 200, await send('DELETE', '/api/signals/draft'))).discarded).toBe(1);
  });

  for (const ep of ENDPOINTS.filter((e) => e.method === 'get')) {
    it(`GET ${ep.path}: a sample answer of the demo matches the contract`, async () => {
      const path = ep.sample?.path ?? ep.path;
      expect(path, 'templated paths need sample.path').not.toContain(':');
      const res = await s.get(`/api${path}${ep.sample?.query ? `?${ep.sample.query}` : ''}`);
      expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(200);
      const contentType = res.headers.get('content-type') ?? '';
      expectValid(ep, 200, contentType, /json/.test(contentType) ? await res.json() : await res.text());
    });
  }

  it('answers the login steps, accounts and exports in the contract\'s shapes', async () => {
    const { login, me, passwordStrength, logout } = await import('../../server/contract/auth.ts');
    const { createUser, resetTotp, getSecurity } = await import('../../server/contract/users.ts');
    const { getExport } = await import('../../server/contract/exports.ts');
    const anonymous = await fetch(`${s.url}/api/auth/me`);
    expectValid(me, 200, anonymous.headers.get('content-type')!, await anonymous.json());

    const loggedIn = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'test-viewer', password: 'correct horse battery staple' }) });
    expect(loggedIn.status).toBe(200);
    const session = await loggedIn.json() as { csrfToken: string };
    expectValid(login, 200, loggedIn.headers.get('content-type')!, session);
    const headers = { cookie: (loggedIn.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    const strength = await fetch(`${s.url}/api/auth/password/strength`, { method: 'POST', headers, body: JSON.stringify({ password: 'zonnebloem', lang: 'nl' }) });
    expectValid(passwordStrength, 200, strength.headers.get('content-type')!, await strength.json());
    const out = await fetch(`${s.url}/api/auth/logout`, { method: 'POST', headers, body: '{}' });
    expectValid(logout, 200, out.headers.get('content-type')!, await out.json());

    const created = await s.get('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'contract-user', role: 'analyst', password: 'vier losse woorden zonder verband', displayName: 'C. Ontract' }) });
    expect(created.status).toBe(201);
    expectValid(createUser, 201, created.headers.get('content-type')!, await created.json());
    const reset = await s.get('/api/users/contract-user/reset-totp', { method: 'POST' });
    expectValid(resetTotp, 200, reset.headers.get('content-type')!, await reset.json());
    const security = await s.get('/api/security');
    expectValid(getSecurity, 200, security.headers.get('content-type')!, await security.json());

    const csv = await s.get('/api/exports/timeseries.csv?area=GM1700&interval=week&period=2025-Q2');
    expect(csv.status).toBe(200);
    expectValid(getExport, 200, csv.headers.get('content-type')!, await csv.text());
  });

  it('refuses answers that leave the contract (an extra field, a raw count where a published one belongs)', async () => {
    const res = await s.get('/api/stats/areas?level=wijk&period=2025-Q2');
    const body = await res.json() as { areas: Record<string, unknown>[] };
    expectValid(getAreaStatistics, 200, 'application/json', body);
    const documented = spec.paths['/stats/areas']!.get!.responses['200']!.content!['application/json']!.schema;
    const validate = ajv.compile(resolve(documented) as object);
    const extra = structuredClone(body);
    extra.areas[0]!.rawCount = 3;
    expect(validate(extra)).toBe(false);
    const raw = structuredClone(body);
    raw.areas[0]!.count = 3;
    expect(validate(raw)).toBe(false);
    expect(getAreaStatistics.responses[200].content['application/json'].safeParse(raw).success).toBe(false);
  });

  it('rejects bodies and parameters on the write routes with documented statuses', async () => {
    const { importReports, rollbackImport } = await import('../../server/contract/imports.ts');
    const csv = await s.get('/api/imports/reports', { method: 'POST', body: 'external_id\n', headers: { 'content-type': 'text/csv' } });
    expect(importReports.errors).toContain(csv.status);
    expectError(await csv.json());
    const del = await s.get('/api/imports/abc', { method: 'DELETE' });
    expect(del.status).toBe(400);
    expectError(await del.json());
    const missing = await s.get('/api/imports/999999', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(rollbackImport.errors).toEqual(expect.arrayContaining([400, 404]));
  });

  it('validated a JSON answer of every early-signal and overview endpoint above', () => {
    const wanted = ENDPOINTS.filter((ep) => /^\/(signals|hotspots|emerging|overview|bulletins)\b/.test(ep.path))
      .flatMap((ep) => Object.keys(ep.responses).filter((st) => Number(st) < 300).map((st) => `${ep.method} ${ep.path} ${st}`));
    expect(wanted.length).toBeGreaterThanOrEqual(10);
    expect(wanted.filter((key) => !validated.has(key))).toEqual([]);
  });
});
