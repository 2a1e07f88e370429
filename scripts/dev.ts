/**
 * `npm run dev`: the API (the real server, on PORT, default 8080, with the embedded database or
 * DATABASE_URL) and vite's dev server with hot reload for the dashboard (on DEV_PORT, default
 * 5173), which passes /api on to the API. Open the vite address; edits in client/ show at once.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../server/config.ts';
import { describeStartupError, startServer } from '../server/main.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main() {
  let config: Config | undefined;
  try {
    config = loadConfig();
    const api = await startServer(config);
    const apiPort = (api.server.address() as { port: number }).port;
    // vite.config.ts proxies /api to PORT: give it the port the API really got.
    process.env.PORT = String(apiPort);
    const { createServer } = await import('vite');
    const devPort = Number(process.env.DEV_PORT ?? 5173);
    const vite = await createServer({ configFile: path.join(root, 'vite.config.ts'), server: { port: devPort, strictPort: true, host: config.host } });
    await vite.listen();
    const address = vite.resolvedUrls?.local[0] ?? `http://localhost:${devPort}/`;
    console.log(`\nSignaalkaart (development): ${address}  — hot reload; API on port ${apiPort} (database: ${api.db.engine})\n`);
    if (api.initialAccounts.length > 0) {
      console.log('Accounts created on this first start (change the password at the first login):');
      for (const a of api.initialAccounts) console.log(`  ${a.username.padEnd(14)} ${a.role.padEnd(8)} ${a.password}`);
    }
    const stop = async () => {
      await vite.close();
      await api.close();
      process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (err) {
    console.error(describeStartupError(err, config));
    process.exit(1);
  }
}

await main();
