/**
 * The request log line (docs/deployment.md, "Logs"): method, URL, status and the user of the
 * session, each once — a JSON line with a key twice ("user":null,"user":"jan") reads differently
 * in different log tools.
 */
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createUser } from '../../server/services/users.ts';
import { openTestDb, type TestDb } from './harness.ts';

let t: TestDb;
let server: Server;
let url: string;
const lines: string[] = [];

beforeAll(async () => {
  t = await openTestDb('base');
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  const app = createApp({ db: t.db, config: loadConfig({ PORT: '0', LOG_LEVEL: 'info', SIGNALS_AFTER_IMPORT: 'off' }), logger: pino({ level: 'info' }, sink) });
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await createUser(t.db, { username: 'log-analist', role: 'analyst', password: 'bench quiet harbour lantern' }, { username: 'test' }, { mustChangePassword: false });
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await t?.dispose();
});

const lineFor = (path: string) => lines.filter((l) => l.includes(`"url":"${path}"`));

describe('request log lines', () => {
  it('name the user of the session once, and null without one', async () => {
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'log-analist', password: 'bench quiet harbour lantern' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${url}/api/categories`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${url}/api/stats/areas?level=nope`, { headers: { cookie } })).status).toBe(400);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    const [ok] = lineFor('/api/categories');
    const [bad] = lineFor('/api/stats/areas?level=nope');
    const [anonymous] = lineFor('/api/health');
    for (const line of [ok, bad, anonymous]) {
      expect(line).toBeDefined();
      expect(line!.match(/"user":/g), line).toHaveLength(1);
    }
    expect(JSON.parse(ok!)).toMatchObject({ user: 'log-analist', req: { method: 'GET' }, res: { statusCode: 200 } });
    expect(JSON.parse(bad!)).toMatchObject({ user: 'log-analist', res: { statusCode: 400 } });
    expect(JSON.parse(anonymous!).user).toBeNull();
  });
});
