import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrate, openDatabase, type Database } from './db/index.ts';
import { redact } from './db/pg.ts';
import { hardenServer } from './http.ts';
import { isEmpty, loadDemoData } from './services/demo.ts';
import { createUser, listUsers, randomPassword, type Role } from './services/users.ts';
import { NightlySchedule, scheduleSignalRun, setComputeMode, signalRunsIdle, stopComputeThread, warmComputeThread } from './services/signals/index.ts';
import { keySourceOf, sealStoredSecrets, totpKey } from './services/totp-secrets.ts';

export interface InitialAccount { username: string; role: Role; password: string }

export interface RunningServer {
  server: Server;
  db: Database;
  url: string;
  /** Accounts created at this start (embedded first start only); their passwords are shown once. */
  initialAccounts: InitialAccount[];
  close(): Promise<void>;
}

/** Opens the database, migrates, loads the demo data into an empty embedded database and listens. */
export async function startServer(config: Config = loadConfig(), logger: Logger = pino({ level: config.logLevel })): Promise<RunningServer> {
  setComputeMode(config.signalsWorker ? 'worker' : 'inline');
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const { applied, level } = await migrate(db);
  logger.info({ engine: db.engine, applied, migrationLevel: level }, 'database ready');
  // Second-factor secrets are sealed under a key outside the database; a key that does not open
  // them stops the start here (totp-secrets.ts).
  const sealed = await sealStoredSecrets(db, totpKey(config), keySourceOf(config)).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  if (sealed > 0) logger.info({ accounts: sealed }, 'sealed second-factor secrets stored before sealing');
  const initialAccounts: InitialAccount[] = [];
  if (db.engine === 'pglite' && (await isEmpty(db))) {
    const system = { username: 'system' };
    // Empty means no areas yet: with DEMO_DATA=off that lasts until the first import, over
    // restarts, so an account is made only when it does not exist yet.
    const existing = new Set((await listUsers(db)).map((u) => u.username));
    const create = async (account: InitialAccount) => {
      if (existing.has(account.username)) return;
      await createUser(db, account, system);
      initialAccounts.push(account);
    };
    await create({ username: 'admin', role: 'admin', password: randomPassword() });
    if (config.demoData === 'auto') {
      logger.info('empty embedded database: loading the demo data (first start only)');
      const loaded = await loadDemoData(db, { snapMetres: config.snapMetres });
      logger.info({ reports: loaded.reports.inserted, inspections: loaded.inspections.inserted }, 'demo data loaded');
      // The first signal run happens in the background while the dashboard is already served.
      scheduleSignalRun(db, { disclosure: config.disclosure, trigger: 'start', onError: (err) => logger.error({ err }, 'first signal run failed') });
      for (const role of ['viewer', 'analyst', 'admin'] as const) await create({ username: `demo-${role}`, role, password: randomPassword() });
    }
  }
  // The published signal list follows the data and the administrator's defaults: checked now (data
  // imported with the CLI while the server was down, defaults changed by an upgrade) and nightly.
  const signalOptions = { disclosure: config.disclosure, onError: (err: unknown) => logger.error({ err }, 'scheduled signal run failed') };
  if (config.signalsAfterImport && initialAccounts.length === 0) scheduleSignalRun(db, { ...signalOptions, trigger: 'start' });
  const nightly = config.signalsNightly ? new NightlySchedule(db, { ...signalOptions, at: config.signalsNightly }).start() : null;
  const app = createApp({ db, config, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  hardenServer(server);
  // The signal-run thread loads its TypeScript now (seconds on a busy machine), not during the
  // first run and not while the database starts.
  warmComputeThread();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  return {
    server,
    db,
    url: config.publicUrl ? config.publicUrl.origin : `http://${host}:${port}`,
    initialAccounts,
    async close() {
      // Stop accepting, let in-flight requests finish, then close the database.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      nightly?.stop();
      await signalRunsIdle(db);
      await stopComputeThread();
      await db.close();
    },
  };
}

/** SIGTERM / SIGINT: stop accepting connections, let in-flight requests finish, close the
 *  database, then exit 0 (what a process manager or `docker stop` expects). */
export function stopOnSignals(running: RunningServer, exit: (code: number) => void = (code) => process.exit(code)): void {
  const stop = async () => {
    try {
      await running.close();
      exit(0);
    } catch {
      exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** One clear line and a non-zero exit for start-up failures (no stack trace). */
export function describeStartupError(err: unknown, config?: Config): string {
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof ConfigError) return `Signaalkaart could not start: ${message}`;
  if (config?.databaseUrl) return `Signaalkaart could not start: ${message}. Check DATABASE_URL (${redact(config.databaseUrl)}) points at a running PostgreSQL with PostGIS, or unset it to use the embedded database.`;
  return `Signaalkaart could not start: ${message}`;
}
