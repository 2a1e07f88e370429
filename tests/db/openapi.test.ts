import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { pino } from 'pino';
import type { z } from 'zod';
import { apiRouter } from '../../server/routes/index.ts';
import { loadConfig } from '../../server/config.ts';
import { ENDPOINTS, PENDING_PATHS } from '../../server/contract/index.ts';
import { isOpaque, type Endpoint } from '../../server/contract/endpoint.ts';
import { ErrorBody } from '../../server/contract/common.ts';
import { getAreaStatistics } from '../../server/contract/stats.ts';
import { openApiPath } from '../../server/contract/openapi.ts';
import { openApiYaml } from '../../server/contract/yaml.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// The contract (server/contract/) against the running server on the demo data: every mounted
// route is in it, docs/openapi.yaml is what it generates, and sample answers validate against the
// response schemas — with zod (the contract itself) and with ajv (the generated document).

interface Operation { 'x-test-query'?: string; 'x-test-path'?: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
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
const pendingRoutes = Object.entries(PENDING_PATHS).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));

/** Validates a JSON answer of `ep` with status `status` against the contract (zod) and the document (ajv). */
function expectValid(ep: Endpoint, status: number, contentType: string, body: unknown): void {
  const content = ep.responses[status]?.content ?? {};
  const match = Object.entries(content).find(([mediaType]) => contentType.includes(mediaType));
  expect(match, `${ep.method} ${ep.path}: ${contentType} is not a documented media type of ${status}`).toBeTruthy();
  const [mediaType, schema] = match!;
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
  it('has every mounted route, and only those (the early signals and the overview as pending)', () => {
    expect(registeredRoutes()).toEqual([...contractRoutes, ...pendingRoutes].sort());
    expect(new Set(contractRoutes).size).toBe(contractRoutes.length);
  });

  it('is what docs/openapi.yaml says (npm run openapi)', () => {
    expect(text === openApiYaml(), 'docs/openapi.yaml is out of date: run npm run openapi').toBe(true);
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

  for (const [path, ops] of Object.entries(PENDING_PATHS)) {
    const get = (ops as Record<string, Operation>).get;
    if (!get) continue;
    it(`GET ${path} (pending): a sample answer matches its hand-written schema`, async () => {
      const res = await s.get(`/api${get['x-test-path'] ?? path}${get['x-test-query'] ? `?${get['x-test-query']}` : ''}`);
      expect(res.status).toBe(200);
      const contentType = res.headers.get('content-type') ?? '';
      const [media, { schema }] = Object.entries(get.responses['200']!.content!).find(([m]) => contentType.includes(m))!;
      if (media === 'application/pdf') {
        expect((await res.text()).startsWith('%PDF-')).toBe(true);
        return;
      }
      const validate = ajv.compile(resolve(schema) as object);
      expect(validate(await res.json()), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
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
});
