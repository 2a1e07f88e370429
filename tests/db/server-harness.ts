import type { Server } from 'node:http';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { openTestDb, type Template, type TestDb } from './harness.ts';

export interface TestServer extends TestDb {
  url: string;
  config: Config;
  get(path: string, init?: RequestInit): Promise<Response>;
  json<T = any>(path: string, init?: RequestInit): Promise<T>;
  close(): Promise<void>;
}

/** The real app on a real (test) database, listening on a free port. */
export async function startTestServer(template: Template = 'base', env: Record<string, string> = {}): Promise<TestServer> {
  const t = await openTestDb(template);
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env });
  const app = createApp({ db: t.db, config, logger: pino({ level: 'silent' }) });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const get = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);
  return {
    ...t,
    url,
    config,
    get,
    async json(path, init) {
      const res = await get(path, init);
      if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
      return res.json();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.dispose();
    },
  };
}
