import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, keyOf } from '../../server/contract/index.ts';
import { openApiDocument, openApiPath } from '../../server/contract/openapi.ts';
import { ACCESS } from '../../server/routes/access.ts';
import { checkShape, shaped, type JsonOf } from '../../server/contract/endpoint.ts';
import { getSignals } from '../../server/contract/signals.ts';
import { getOverview } from '../../server/contract/overview.ts';

// The API contract without a server (tests/db/openapi.test.ts checks it against the running one).

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|svelte)$/.test(name) ? [full] : [];
  });
}

describe('the API contract', () => {
  it('reaches the client only as types (no zod in the bundle)', () => {
    const offenders: string[] = [];
    for (const file of files('client/src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(import|export)\s+([^;]*?)\s+from\s+'([^']*server\/contract\/[^']*)'/gms)) {
        if (!/^(import|export)\s+type\b/.test(m[0].trim())) offenders.push(`${file}: ${m[0].trim().slice(0, 80)}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('has an access rule for every endpoint, and each endpoint once', () => {
    const keys = ENDPOINTS.map(keyOf);
    expect(keys.filter((k) => !ACCESS[k])).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('declares every path parameter and a success response for every endpoint', () => {
    for (const ep of ENDPOINTS) {
      const inPath = [...ep.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
      expect(Object.keys(ep.params?.shape ?? {}).sort(), ep.path).toEqual(inPath);
      expect(Object.keys(ep.responses).some((s) => Number(s) >= 200 && Number(s) < 300), ep.path).toBe(true);
    }
  });

  it('documents each operation with its parameters, role and refs that resolve', () => {
    const doc = openApiDocument('test') as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; 'x-access': unknown }>>; components: { schemas: Record<string, unknown>; responses: Record<string, unknown> } };
    for (const ep of ENDPOINTS) {
      const op = doc.paths[openApiPath(ep.path)]![ep.method]!;
      expect(op['x-access']).toBe(ACCESS[keyOf(ep)]);
      const query = Object.keys(ep.query?.shape ?? {});
      expect(op.parameters?.filter((p) => p.in === 'query').map((p) => p.name) ?? [], ep.path).toEqual(expect.arrayContaining(query));
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(20);
    for (const [, kind, name] of refs) expect(doc.components[kind as 'schemas' | 'responses'][name!], `${kind}/${name}`).toBeTruthy();
  });

  it('checks every shaped answer against its schema under test, naming the endpoint and the field', () => {
    const list: JsonOf<typeof getSignals, 200> = {
      run: null, total: 0, signals: [], view: 'published', draft: null,
      queue: { running: false, waiting: 0, yourDraft: null }, disclosure: { k: 5, kSensitive: 10, roundTo: null },
    };
    expect(shaped(getSignals, 200, list)).toBe(list);
    // A field the contract does not know the shape of, or a raw count where a published one belongs.
    expect(() => shaped(getSignals, 200, { ...list, queue: { running: 'yes' } } as never)).toThrow(/GET \/signals leaves its schema: queue\.running/);
    expect(() => checkShape(getOverview, 200, { gemeente: { code: 'GM1700' } })).toThrow(/GET \/overview/);
    expect(() => checkShape(getOverview, 201, {})).toThrow(/no JSON answer for 201/);
  });
});
