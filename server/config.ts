import { z } from 'zod';
import type { DisclosureConfig } from './publish/index.ts';

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
  // The p-table of the cell-key method (docs/disclosure.md): maximum noise and its variance.
  DISCLOSURE_MAX_NOISE: int(3, 1, 10),
  DISCLOSURE_NOISE_VARIANCE: z.coerce.number().min(0.1).max(100).default(2),
  // A published 0 of buurten, wijken and signal zones shown as "<k" in every category (off: only
  // in the sensitive ones): docs/disclosure.md, "Repeat reports".
  DISCLOSURE_HIDE_AREA_ZEROS: z.enum(['on', 'off']).default('on'),
  // Rates per 1,000 inhabitants only where an area has at least this many inhabitants.
  MIN_RATE_POPULATION: int(100, 1, 1_000_000),
  // Distinct statistics requests (filter combinations) per user per day before the API answers 429.
  QUERY_BUDGET_PER_DAY: int(2000, 10, 10_000_000),
  SNAP_METRES: int(50, 1, 1000),
  IMPORT_LIMIT_MB: int(200, 1, 4096),
  BASEMAP_STYLE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  // Recompute the early signals in the background after every import and rollback.
  SIGNALS_AFTER_IMPORT: z.enum(['auto', 'off']).default('auto'),
  // Daily check (server's local time) that the published signal list comes from the defaults and
  // the current data; a published run when it does not. 'off': no nightly check.
  SIGNALS_NIGHTLY: z.string().regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, 'SIGNALS_NIGHTLY must be a time HH:MM (24 h) or off').default('02:30'),
  // Signal runs compute in a worker thread (on) or on the event loop (off: the API stalls during a run).
  SIGNALS_WORKER: z.enum(['on', 'off']).default('on'),
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
  // Behind a TLS-terminating proxy: 1 (hops) so req.secure/req.ip are right and cookies get Secure.
  TRUST_PROXY: int(0, 0, 10),
  // The address users type, e.g. https://signaalkaart.gemeente.nl. With https, requests for that
  // host get HSTS, upgrade-insecure-requests and Secure cookies even when the proxy in front is
  // not trusted to say so; without it, only requests that arrive over TLS (or through a trusted
  // proxy that says https) get them, so a plain-http intranet install works.
  // Roles that must use a second factor (TOTP) unless an administrator decides otherwise per role:
  // "admin", "analyst,admin", or on/true/1 for admin. Unset: none.
  REQUIRE_2FA: z.string().regex(/^(on|true|1|off|false|0|((viewer|analyst|admin)(,(viewer|analyst|admin))*))$/, 'REQUIRE_2FA must be on, off or a list of roles like analyst,admin').optional(),
  PUBLIC_URL: z.string().url().refine((u) => /^https?:\/\//.test(u), 'PUBLIC_URL must start with http:// or https://').optional(),
  // The key that seals the accounts' TOTP secrets in the database (services/totp-secrets.ts):
  // TOTP_KEY (base64 of 32 bytes) or the file TOTP_KEY_FILE, made at first use. Keep it out of
  // the database's backups, and back it up on its own.
  TOTP_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}=?\s*$/, 'TOTP_KEY must be 32 bytes in base64 (openssl rand -base64 32)').optional(),
  TOTP_KEY_FILE: z.string().default('var/totp.key'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  pgliteDir: string;
  disclosure: DisclosureConfig;
  queryBudgetPerDay: number;
  snapMetres: number;
  importLimitBytes: number;
  basemapStyleUrl?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  demoData: 'auto' | 'off';
  signalsAfterImport: boolean;
  /** Daily time "HH:MM" of the published-run check, or null (off). */
  signalsNightly: string | null;
  signalsWorker: boolean;
  sessions: { idleMinutes: number; maxHours: number; maxFailures: number; lockoutMinutes: number };
  loginRatePerIp: number;
  trustProxy: number;
  /** Roles that need a second factor by default (REQUIRE_2FA). */
  requireTotp: ('viewer' | 'analyst' | 'admin')[];
  /** PUBLIC_URL, parsed (origin only). */
  publicUrl?: URL;
  statsCacheBytes: number;
  defaultGemeente?: string;
  /** The key sealing TOTP secrets: inline (TOTP_KEY) or a file (TOTP_KEY_FILE). */
  totpKey: { inline?: string; file: string };
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
  if (e.DISCLOSURE_NOISE_VARIANCE > e.DISCLOSURE_MAX_NOISE ** 2) {
    throw new ConfigError(`DISCLOSURE_NOISE_VARIANCE: must be at most DISCLOSURE_MAX_NOISE² (${e.DISCLOSURE_MAX_NOISE ** 2}), got ${e.DISCLOSURE_NOISE_VARIANCE}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    disclosure: {
      k: e.DISCLOSURE_K,
      kSensitive: e.DISCLOSURE_K_SENSITIVE,
      roundTo: e.DISCLOSURE_ROUND_TO,
      ptable: { D: e.DISCLOSURE_MAX_NOISE, V: e.DISCLOSURE_NOISE_VARIANCE, js: 2 },
      minRatePopulation: e.MIN_RATE_POPULATION,
      hideAreaZeros: e.DISCLOSURE_HIDE_AREA_ZEROS === 'on',
    },
    queryBudgetPerDay: e.QUERY_BUDGET_PER_DAY,
    snapMetres: e.SNAP_METRES,
    importLimitBytes: e.IMPORT_LIMIT_MB * 1024 * 1024,
    basemapStyleUrl: e.BASEMAP_STYLE_URL,
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA,
    signalsAfterImport: e.SIGNALS_AFTER_IMPORT === 'auto',
    signalsNightly: e.SIGNALS_NIGHTLY === 'off' ? null : e.SIGNALS_NIGHTLY,
    signalsWorker: e.SIGNALS_WORKER === 'on',
    sessions: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS, maxFailures: e.LOGIN_MAX_FAILURES, lockoutMinutes: e.LOGIN_LOCKOUT_MINUTES },
    loginRatePerIp: e.LOGIN_RATE_PER_IP,
    trustProxy: e.TRUST_PROXY,
    requireTotp: requiredRoles(e.REQUIRE_2FA),
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL) : undefined,
    statsCacheBytes: e.STATS_CACHE_MB * 1024 * 1024,
    defaultGemeente: e.DEFAULT_GEMEENTE,
    totpKey: { inline: e.TOTP_KEY, file: e.TOTP_KEY_FILE },
  };
}

function requiredRoles(value: string | undefined): ('viewer' | 'analyst' | 'admin')[] {
  if (!value || /^(off|false|0)$/.test(value)) return [];
  if (/^(on|true|1)$/.test(value)) return ['admin'];
  return [...new Set(value.split(','))] as ('viewer' | 'analyst' | 'admin')[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
