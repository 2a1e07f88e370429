/**
 * TOTP secrets at rest: sealed with AES-256-GCM (node:crypto) under a key that is not in the
 * database, so a copy of the database — a dump, a backup, the disk of a database server — does
 * not hold the accounts' second factors. Authenticated encryption: a changed value does not open.
 *
 * The key: TOTP_KEY (base64 of 32 bytes), else the file TOTP_KEY_FILE (default var/totp.key),
 * made with 32 random bytes and mode 0600 the first time it is needed. Keep it apart from the
 * database's backups and back it up on its own: without it every second factor has to be set up
 * again (`npm run user -- reset-2fa NAME`). docs/deployment.md, sections 3 and 10.
 *
 * Stored form: "v1." + base64url(iv ‖ tag ‖ ciphertext), a 12-byte random iv per value. A value
 * without the prefix is a plain base32 secret from before sealing (migration 010's column): it is
 * read as it is and sealed at the next start (sealStoredSecrets), which also refuses to start
 * when the key does not open the secrets that are sealed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { Queryable } from '../db/index.ts';
import * as repo from '../repositories/users.ts';

const PREFIX = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key does not open a sealed value (another key, or a changed value). */
export class TotpKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TotpKeyError';
  }
}

export function sealSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** The plain secret of a stored value (sealed, or plain from before sealing). */
export function openSecret(key: Buffer, stored: string): string {
  if (!isSealed(stored)) return stored;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new TotpKeyError('a sealed second-factor secret is damaged');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new TotpKeyError('the TOTP key does not open a stored second-factor secret');
  }
}

const keys = new Map<string, Buffer>();

/** The key of the configuration (TOTP_KEY, else the key file, made when missing); read once. */
export function totpKey(config: Pick<Config, 'totpKey'>): Buffer {
  const { inline, file } = config.totpKey;
  const id = inline ? `inline:${inline}` : `file:${path.resolve(file)}`;
  const known = keys.get(id);
  if (known) return known;
  const key = inline ? decodeKey(inline, 'TOTP_KEY') : keyFile(file);
  keys.set(id, key);
  return key;
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${source}: must be 32 bytes in base64 (44 characters; \`openssl rand -base64 32\`), got ${key.length} bytes`);
  return key;
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

function keyFile(file: string): Buffer {
  /** The file's key, or null when there is no such file (a path below a file included). */
  const read = (): Buffer | null => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (MISSING.has((err as NodeJS.ErrnoException).code ?? '')) return null;
      throw new ConfigError(`${file}: ${(err as Error).message}`);
    }
    return decodeKey(text, file);
  };
  const cannotMake = (err: unknown) =>
    new ConfigError(`cannot make the TOTP key file ${file} (${(err as Error).message}): set TOTP_KEY (openssl rand -base64 32) in the settings, or TOTP_KEY_FILE to a place this process may write`);
  const existing = read();
  if (existing) return existing;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (err) {
    throw cannotMake(err);
  }
  try {
    // 'wx': another process that made it first wins, and this one reads theirs.
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotMake(err);
  }
  const made = read();
  if (!made) throw new ConfigError(`${file}: made, then not found`);
  return made;
}

/**
 * At start: seals the secrets stored plain (from before sealing) and checks that the key opens
 * the sealed ones; a key that does not is a start-up error, not a failed login later. Returns
 * how many were sealed now.
 */
export async function sealStoredSecrets(db: Queryable, key: Buffer, keySource: string): Promise<number> {
  const rows = await repo.totpSecrets(db, {});
  const closed = rows.filter((u) => [u.totpSecret, u.totpPendingSecret].some((v) => v !== null && isSealed(v) && !opens(key, v))).map((u) => u.username);
  if (closed.length > 0) {
    throw new ConfigError(`${keySource} does not open the second-factor secret of account${closed.length > 1 ? 's' : ''} ${closed.join(', ')}: restore the key that sealed them, or set those second factors up again (npm run user -- reset-2fa NAME, for each)`);
  }
  let sealed = 0;
  for (const u of rows) {
    if ([u.totpSecret, u.totpPendingSecret].every((v) => v === null || isSealed(v))) continue;
    const reseal = (v: string | null) => (v === null ? null : isSealed(v) ? v : sealSecret(key, v));
    await repo.resealTotp(db, { userId: u.id, secret: reseal(u.totpSecret), pending: reseal(u.totpPendingSecret) });
    sealed++;
  }
  return sealed;
}

function opens(key: Buffer, stored: string): boolean {
  try {
    openSecret(key, stored);
    return true;
  } catch {
    return false;
  }
}

/** Where the key comes from, for messages. */
export const keySourceOf = (config: Pick<Config, 'totpKey'>): string => (config.totpKey.inline ? 'TOTP_KEY' : `the key file ${config.totpKey.file}`);
