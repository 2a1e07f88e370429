/** `npm start`: builds the dashboard when the build is missing or older than its sources, then
 *  starts the server on the embedded database (or DATABASE_URL) and prints the URL. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../server/config.ts';
import { describeStartupError, startServer, stopOnSignals } from '../server/main.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

export function clientBuildIsStale(): boolean {
  const built = path.join(root, 'dist/client/index.html');
  if (!existsSync(built)) return true;
  const sources = ['client', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p)).filter(existsSync);
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

async function main() {
  let config: Config | undefined;
  try {
    config = loadConfig();
    if (clientBuildIsStale()) {
      console.log('Building the dashboard …');
      const { build } = await import('vite');
      await build({ logLevel: 'warn', configFile: path.join(root, 'vite.config.ts') });
    }
    const running = await startServer(config);
    console.log(`\nSignaalkaart is running at ${running.url}  (database: ${running.db.engine})\n`);
    if (running.initialAccounts.length > 0) {
      console.log('Accounts created on this first start — the passwords are shown only now:');
      for (const a of running.initialAccounts) console.log(`  ${a.username.padEnd(14)} ${a.role.padEnd(8)} ${a.password}`);
      console.log('Each account chooses its own password at the first login (these were printed, so they are not secret).\n');
    }
    stopOnSignals(running);
  } catch (err) {
    console.error(describeStartupError(err, config));
    process.exit(1);
  }
}

await main();
