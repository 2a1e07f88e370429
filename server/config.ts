import { z } from 'zod';

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z.object({
  PORT: int(8080, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://').optional(),
  PGLITE_DIR: z.string().default('var/pglite'),
  // k ≥ 3: with k = 2 the label "<2" would itself disclose the value 1.
  DISCLOSURE_K: int(5, 3, 100),
  DISCLOSURE_K_SENSITIVE: int(10, 3, 100),
  DISCLOSURE_ROUND_TO: int(0, 0, 100),
  SNAP_METRES: int(50, 1, 1000),
  IMPORT_LIMIT_MB: int(200, 1, 4096),
  BASEMAP_STYLE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  // Recompute the early signals in the background after every import and rollback.
  SIGNALS_AFTER_IMPORT: z.enum(['auto', 'off']).default('auto'),
  SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
  SESSION_MAX_HOURS: int(12, 1, 24 * 30),
  LOGIN_MAX_FAILURES: int(5, 1, 100),
  LOGIN_LOCKOUT_MINUTES: int(15, 1, 24 * 60),
  LOGIN_RATE_PER_IP: int(30, 1, 10_000),
  // In-process cache of statistics, hot spots and area GeoJSON responses, in MB (serialised plus
  // gzipped bodies); 0 turns it off. Entries are keyed by the data version, so never stale.
  STATS_CACHE_MB: int(64, 0, 4096),
  // The municipality the dashboard opens on (a GM code). Without it: the one municipality with
  // data, or all when several (or none) have data.
  DEFAULT_GEMEENTE: z.string().regex(/^GM\d{4}$/, 'DEFAULT_GEMEENTE must be a CBS municipality code like GM1700').optional(),
  // Rates per 1,000 inhabitants are only published for areas with at least this many inhabitants:
  // on an industrial estate with 6 inhabitants one report is "167 per 1,000".
  MIN_RATE_POPULATION: int(100, 0, 100_000),
  // Behind a TLS-terminating proxy: 1 (hops) so req.secure/req.ip are right and cookies get Secure.
  TRUST_PROXY: int(0, 0, 10),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  pgliteDir: string;
  disclosure: { k: number; kSensitive: number; roundTo: number };
  snapMetres: number;
  importLimitBytes: number;
  basemapStyleUrl?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  demoData: 'auto' | 'off';
  signalsAfterImport: boolean;
  sessions: { idleMinutes: number; maxHours: number; maxFailures: number; lockoutMinutes: number };
  loginRatePerIp: number;
  trustProxy: number;
  statsCacheBytes: number;
  defaultGemeente?: string;
  minRatePopulation: number;
}

/** Reads the configuration from the environment; a bad value is a clear start-up error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    disclosure: { k: e.DISCLOSURE_K, kSensitive: e.DISCLOSURE_K_SENSITIVE, roundTo: e.DISCLOSURE_ROUND_TO },
    snapMetres: e.SNAP_METRES,
    importLimitBytes: e.IMPORT_LIMIT_MB * 1024 * 1024,
    basemapStyleUrl: e.BASEMAP_STYLE_URL,
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA,
    signalsAfterImport: e.SIGNALS_AFTER_IMPORT === 'auto',
    sessions: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS, maxFailures: e.LOGIN_MAX_FAILURES, lockoutMinutes: e.LOGIN_LOCKOUT_MINUTES },
    loginRatePerIp: e.LOGIN_RATE_PER_IP,
    trustProxy: e.TRUST_PROXY,
    statsCacheBytes: e.STATS_CACHE_MB * 1024 * 1024,
    defaultGemeente: e.DEFAULT_GEMEENTE,
    minRatePopulation: e.MIN_RATE_POPULATION,
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
