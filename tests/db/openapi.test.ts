import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { pino } from 'pino';
import { apiRouter } from '../../server/routes/index.ts';
import { loadConfig } from '../../server/config.ts';
import { importFile } from '../../server/services/imports/index.ts';
import { TEST_TODAY } from './harness.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

interface Operation { 'x-test-query'?: string; 'x-test-path'?: string; parameters?: { required?: boolean; in: string }[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
const spec = parse(readFileSync('docs/openapi.yaml', 'utf8')) as { paths: Record<string, Record<string, Operation>>; components: unknown };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });
const resolve = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base');
  await importFile(s.db, [readFileSync('data/examples/reports.csv')], { kind: 'reports', snapMetres: 50, createdBy: 'test', today: TEST_TODAY });
});
afterAll(async () => s?.close());

/** Express path → OpenAPI path (`:id` → `{id}`). */
function registeredRoutes(): string[] {
  const router = apiRouter({ db: s.db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: pino({ level: 'silent' }) });
  const routes: string[] = [];
  for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) routes.push(`${method} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes.sort();
}

describe('docs/openapi.yaml', () => {
  it('documents exactly the routes the server has', () => {
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort();
    expect(registeredRoutes()).toEqual(documented);
  });

  for (const [path, ops] of Object.entries(spec.paths)) {
    const get = ops.get;
    if (!get) continue;
    const needsQuery = (get.parameters ?? []).some((p) => p.required && p.in === 'query');
    it(`GET ${path} matches its schema`, async () => {
      expect(!needsQuery || get['x-test-query'], 'operations with required parameters need x-test-query').toBeTruthy();
      const concrete = get['x-test-path'] ?? path;
      expect(concrete, 'templated paths need x-test-path').not.toContain('{');
      const res = await s.get(`/api${concrete}${get['x-test-query'] ? `?${get['x-test-query']}` : ''}`);
      expect(res.status).toBe(200);
      const content = get.responses['200']!.content!;
      const contentType = res.headers.get('content-type') ?? '';
      const match = Object.entries(content).find(([mediaType]) => contentType.includes(mediaType));
      expect(match, `${contentType} is not a documented media type`).toBeTruthy();
      const [mediaType, { schema }] = match!;
      if (!/json/.test(mediaType)) return;
      const validate = ajv.compile(resolve(schema) as object);
      const body = await res.json();
      const ok = validate(body);
      expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    });
  }

  it('rejects bodies and parameters on the write routes with documented statuses', async () => {
    const csv = await s.get('/api/imports/reports', { method: 'POST', body: 'external_id\n', headers: { 'content-type': 'text/csv' } });
    expect(Object.keys(spec.paths['/imports/reports']!.post!.responses)).toContain(String(csv.status));
    const del = await s.get('/api/imports/abc', { method: 'DELETE' });
    expect(del.status).toBe(400);
    const missing = await s.get('/api/imports/999999', { method: 'DELETE' });
    expect(missing.status).toBe(404);
  });
});
