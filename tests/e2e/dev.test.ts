/** `npm run dev` (issue #14, 8): vite with hot reload serves the dashboard and passes /api on to
 *  the API server it started. Runs the real npm script in its own process group. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

let child: ChildProcess | undefined;
let dir = '';
afterAll(async () => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone already */
    }
    await new Promise((resolve) => child!.once('exit', resolve).once('error', resolve));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it('serves the dashboard with hot reload and the API behind it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'signaalkaart-dev-'));
    const [apiPort, devPort] = [await freePort(), await freePort()];
    child = spawn('npm', ['run', 'dev'], {
      env: { ...process.env, PORT: String(apiPort), DEV_PORT: String(devPort), PGLITE_DIR: dir, DEMO_DATA: 'off', LOG_LEVEL: 'warn' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const deadline = Date.now() + 90_000;
    while (!/hot reload/.test(output) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
    expect(output, output).toMatch(/hot reload; API on port/);
    const page = await (await fetch(`http://127.0.0.1:${devPort}/`)).text();
    expect(page).toContain('/@vite/client');
    const health = await fetch(`http://127.0.0.1:${devPort}/api/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('ok');
    const module = await fetch(`http://127.0.0.1:${devPort}/src/main.ts`);
    expect(module.status).toBe(200);
  });
});
