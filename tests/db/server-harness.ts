import type { Server } from 'node:http';
import type { Express } from 'express';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { hardenServer } from '../../server/http.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createUser, type Role } from '../../server/services/users.ts';
import { signalRunsIdle } from '../../server/services/signals/index.ts';
import { openTestDb, type Template, type TestDb } from './harness.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A logged-in (or anonymous) HTTP client of the test server. */
export interface Client {
  role: Role | null;
  /** Session cookie and CSRF header of this client (empty when anonymous). */
  headers: Record<string, string>;
  get(path: string, init?: RequestInit): Promise<Response>;
  json<T = any>(path: string, init?: RequestInit): Promise<T>;
}

export interface TestServer extends TestDb, Client {
  url: string;
  config: Config;
  /** A client logged in as a user of `role` (null: anonymous). */
  client(role: Role | null): Promise<Client>;
  close(): Promise<void>;
}

/** Listens with an app on a free port of 127.0.0.1; `login` gives a session cookie for a test user. */
export async function serve(app: Express): Promise<{ url: string; login(username: string): Promise<string>; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    async login(username) {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
      if (!res.ok) throw new Error(`login as ${username} failed: ${res.status}`);
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The real app on a real (test) database, listening on a free port. One user per role exists
 *  (`test-viewer`, `test-analyst`, `test-admin`); the server's own get/json act as admin. */
export async function startTestServer(template: Template = 'base', env: Record<string, string> = {}): Promise<TestServer> {
  const t = await openTestDb(template);
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', SIGNALS_AFTER_IMPORT: 'off', ...env });
  const app = createApp({ db: t.db, config, logger: pino({ level: config.logLevel }) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  hardenServer(server);
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (const role of ['viewer', 'analyst', 'admin'] as const) {
    // Test accounts need no password change at first login (a code-only option of the service).
    await createUser(t.db, { username: `test-${role}`, role, password: TEST_PASSWORD }, { username: 'test-setup' }, { mustChangePassword: false });
  }

  const makeClient = async (role: Role | null): Promise<Client> => {
    const headers: Record<string, string> = {};
    if (role) {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `test-${role}`, password: TEST_PASSWORD }) });
      if (!res.ok) throw new Error(`login as ${role} failed: ${res.status} ${await res.text()}`);
      const body = await res.json();
      headers.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      headers['x-csrf-token'] = body.csrfToken;
    }
    const get = (path: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    return {
      role,
      headers,
      get,
      async json(path, init) {
        const res = await get(path, init);
        if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
        return res.json();
      },
    };
  };
  const admin = await makeClient('admin');
  return {
    ...t,
    ...admin,
    url,
    config,
    client: makeClient,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await signalRunsIdle(t.db);
      await t.dispose();
    },
  };
}
