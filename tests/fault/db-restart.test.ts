/** Fault test on real PostgreSQL: a private cluster (own port, own data directory) is stopped
 *  while requests run, then started again. The server answers 503 meanwhile and recovers by
 *  itself — no restart of the server. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { migrate, openDatabase, type Database } from '../../server/db/index.ts';
import { loadBundledAreas } from '../../server/services/demo.ts';
import { createUser } from '../../server/services/users.ts';

const BIN = '/usr/lib/postgresql/15/bin';
const PORT = 54329;
const dir = mkdtempSync(path.join(tmpdir(), 'signaalkaart-fault-'));
const data = path.join(dir, 'data');
const asPostgres = (cmd: string, args: string[]) =>
  execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map((a) => `'${a}'`).join(' ')], { stdio: 'pipe', timeout: 60_000 });
const pgctl = (action: string) => asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-w', '-l', path.join(dir, 'log'), '-o', `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`, action]);

let db: Database;
let server: Server;
let url = '';
let cookie = '';

beforeAll(async () => {
  chmodSync(dir, 0o777);
  asPostgres(`${BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres']);
  pgctl('start');
  db = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${PORT}/postgres` });
  await migrate(db);
  await loadBundledAreas(db);
  await createUser(db, { username: 'fault-viewer', role: 'viewer', password: 'fault test quiet harbour' }, { username: 'test' }, { mustChangePassword: false });
  const app = createApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: pino({ level: 'silent' }) });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fault-viewer', password: 'fault test quiet harbour' }) });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await db?.close().catch(() => {});
  try {
    pgctl('stop');
  } catch {
    /* already stopped */
  }
  rmSync(dir, { recursive: true, force: true });
});

const stats = () => fetch(`${url}/api/stats/areas?level=wijk`, { headers: { cookie } });

describe('database restart while requests run', () => {
  it('answers 503 while the database is down and recovers without a server restart', async () => {
    expect((await stats()).status).toBe(200);
    const statuses: number[] = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const res = await stats();
        statuses.push(res.status);
        if (res.status === 503) expect((await res.json()).error).toMatch(/database is not reachable/);
        else await res.arrayBuffer();
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    pgctl('stop');
    await new Promise((r) => setTimeout(r, 1500));
    const down = await stats();
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/application\/json/);
    pgctl('start');
    // Recovery: the pool drops broken connections and opens new ones.
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      recovered = (await stats()).status === 200;
      if (!recovered) await new Promise((r) => setTimeout(r, 200));
    }
    running = false;
    await load;
    expect(recovered).toBe(true);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });
});
