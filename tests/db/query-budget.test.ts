/** Query-volume control (issue #16): distinct statistics requests per user per day are counted,
 *  capped with 429, kept across restarts and written to the audit log in aggregate; request logs
 *  keep the query string and the user. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { QueryBudget } from '../../server/services/query-budget.ts';
import { serve, startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('demo', { QUERY_BUDGET_PER_DAY: '12' });
});
afterAll(async () => s?.close());

const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2025-12', '2025-11', '2025-10'];

async function auditRows(actor: string) {
  return s.db.query<{ action: string; target: string; details: { distinct: number; budget: number }; outcome: string }>(
    `SELECT action, target, details, outcome FROM audit_log WHERE actor = $1 AND action LIKE 'stats.%' ORDER BY id`, [actor]);
}

describe('query budget', () => {
  it('answers distinct requests up to the budget, then 429 — repeats and bad requests cost nothing', async () => {
    const analyst = await s.client('analyst');
    for (const m of MONTHS.slice(0, 11)) expect((await analyst.get(`/api/stats/areas?level=wijk&period=${m}`)).status).toBe(200);
    // Bad input is refused before it is counted; a repeat is the same request.
    expect((await analyst.get('/api/stats/areas?level=wijk&period=2026-13')).status).toBe(400);
    expect((await analyst.get(`/api/stats/areas?level=wijk&period=${MONTHS[0]}`)).status).toBe(200);
    expect((await analyst.get(`/api/stats/areas?period=${MONTHS[0]}&level=wijk`)).status).toBe(200); // same parameters, other order
    expect((await analyst.get(`/api/stats/areas?level=wijk&period=${MONTHS[11]}`)).status).toBe(200); // the 12th
    const refused = await analyst.get(`/api/stats/areas?level=wijk&period=${MONTHS[12]}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error).toMatch(/daily budget of 12 different statistics requests is used up/);
    // Everything counts: another endpoint too; what was asked before stays available.
    expect((await analyst.get('/api/stats/grid?cell=1000&period=2026-10')).status).toBe(429);
    expect((await analyst.get(`/api/stats/areas?level=wijk&period=${MONTHS[3]}`)).status).toBe(200);
    // Other users have their own budget; non-statistics endpoints are not counted.
    expect((await (await s.client('viewer')).get(`/api/stats/areas?level=wijk&period=${MONTHS[12]}`)).status).toBe(200);
    expect((await analyst.get('/api/meta')).status).toBe(200);
    const rows = await auditRows('test-analyst');
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([['stats.queries', 'ok'], ['stats.budget', 'denied']]);
    expect(rows[0]!.details).toEqual({ distinct: 1, budget: 12 });
    expect(rows[1]!.details).toEqual({ distinct: 12, budget: 12 });
  });

  it('counts a draft run as a request of its settings: the same settings again are free; past the budget 429 and no run', async () => {
    const admin = await s.client('admin');
    const draft = (body: unknown) => admin.get('/api/signals/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const runs = async () => (await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM signal_runs WHERE created_by = 'test-admin' AND visibility = 'draft'`))[0]!.n;
    for (const m of MONTHS.slice(0, 10)) expect((await admin.get(`/api/stats/areas?level=wijk&period=${m}`)).status).toBe(200);
    expect((await draft({ maxZoneSize: 3 })).status).toBe(201); // the 11th
    expect((await draft({ maxZoneSize: 3 })).status).toBe(201); // the same settings: not counted again
    // Refused as bad input: not counted.
    expect((await draft({ maxZoneSize: 'many' })).status).toBe(400);
    expect((await draft({ minCount: 4 })).status).toBe(400); // a draft keeps the published minimum
    expect((await draft({ alpha: 0.1, maxZoneSize: 3 })).status).toBe(201); // the 12th
    const before = await runs();
    const refused = await draft({ maxZoneSize: 2 });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatch(/daily budget of 12/);
    expect(await runs()).toBe(before);
    expect((await admin.get(`/api/stats/areas?level=wijk&period=${MONTHS[12]}`)).status).toBe(429);
    expect((await draft({ maxZoneSize: 3 })).status).toBe(201);
  });

  it('keeps the count across a restart of the server (the hashes are stored)', async () => {
    const app = await serve(createApp({ db: s.db, config: loadConfig({ LOG_LEVEL: 'silent', SIGNALS_AFTER_IMPORT: 'off', QUERY_BUDGET_PER_DAY: '12' }), logger: pino({ level: 'silent' }) }));
    try {
      const cookie = await app.login('test-analyst');
      expect((await fetch(`${app.url}/api/stats/areas?level=wijk&period=${MONTHS[12]}`, { headers: { cookie } })).status).toBe(429);
      expect((await fetch(`${app.url}/api/stats/areas?level=wijk&period=${MONTHS[1]}`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('starts afresh the next day', async () => {
    let day = '2030-01-01';
    const budget = new QueryBudget(s.db, 2, () => day);
    const actor = { username: 'budget-test' };
    for (const r of ['a', 'b']) {
      expect((await budget.check(actor, r)).allowed).toBe(true);
      await budget.record(actor, r);
    }
    expect((await budget.check(actor, 'c')).allowed).toBe(false);
    day = '2030-01-02';
    expect((await budget.check(actor, 'c')).allowed).toBe(true);
    // Yesterday's hashes are gone (the audit log keeps the totals).
    const [left] = await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM query_budget WHERE day = '2030-01-01'`);
    expect(left!.n).toBe(0);
  });
});

describe('request log', () => {
  it('keeps the query string and the user of every API request', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const app = await serve(createApp({ db: s.db, config: loadConfig({ LOG_LEVEL: 'info', SIGNALS_AFTER_IMPORT: 'off' }), logger: pino({ level: 'info' }, stream) }));
    try {
      const cookie = await app.login('test-viewer');
      expect((await fetch(`${app.url}/api/stats/areas?level=buurt&category=adresfraude&period=2026-Q3`, { headers: { cookie } })).status).toBe(200);
      const entry = lines.map((l) => JSON.parse(l)).find((l) => l.req?.url?.startsWith('/api/stats/areas'));
      expect(entry.req.url).toBe('/api/stats/areas?level=buurt&category=adresfraude&period=2026-Q3');
      expect(entry.user).toBe('test-viewer');
      expect(JSON.stringify(entry)).not.toMatch(/cookie|password/i);
    } finally {
      await app.close();
    }
  });
});
