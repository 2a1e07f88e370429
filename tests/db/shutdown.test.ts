/** Graceful shutdown of a real server process: on SIGTERM it stops accepting connections, finishes
 *  the request in flight and exits 0. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, testDatabaseUrl, type TestDb } from './harness.ts';

let t: TestDb | null = null;
let dir: string | null = null;
let child: ChildProcess;
let url: URL;

beforeAll(async () => {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DEMO_DATA: 'off', SIGNALS_AFTER_IMPORT: 'off' };
  delete env.DATABASE_URL;
  if (testDatabaseUrl()) {
    t = await openTestDb('base');
    env.DATABASE_URL = t.url!;
  } else {
    dir = await mkdtemp(path.join(tmpdir(), 'signaalkaart-shutdown-'));
    env.PGLITE_DIR = dir;
  }
  child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/serve.ts', import.meta.url))], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve(new URL(JSON.parse(line).url.replace('localhost', '127.0.0.1')));
    });
    child.once('exit', (code) => reject(new Error(`the server exited early (${code})`)));
  });
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await t?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM', () => {
  it('finishes the request in flight, refuses new connections and exits 0', async () => {
    const body = JSON.stringify({ username: 'nobody', password: 'not the password at all' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // A login whose body arrives in two parts: the request is in flight when the signal comes.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/api/auth/login', method: 'POST', agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });
    await pause(600);
    // The listening socket is closed: a new connection is refused while the old one is served.
    const refused = await fetch(`${url.origin}/api/health`).then(() => false, () => true);
    expect(refused).toBe(true);
    const answer = await response;
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error).toBeTruthy();
    expect(await exited).toBe(0);
  }, 60_000);
});
