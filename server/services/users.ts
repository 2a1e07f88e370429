import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { Database, Queryable } from '../db/index.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { audit, type Actor } from './audit.ts';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

export interface User { id: number; username: string; displayName: string; role: Role; disabled: boolean }

/** argon2id (the `Algorithm` enum of @node-rs/argon2 is a const enum: 2 = Argon2id); OWASP's
 *  minimum parameters (19 MiB, 2 passes). */
const ARGON2ID = 2;
const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

export const usernameSchema = z.string().regex(/^[a-z0-9._-]{2,64}$/, 'must be 2-64 lower-case letters, digits or . _ -');
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(256, 'must be at most 256 characters');

export function randomPassword(): string {
  return randomBytes(15).toString('base64url');
}

const USER_COLUMNS = `id, username, display_name AS "displayName", role, disabled`;

export async function createUser(db: Queryable, input: { username: string; role: Role; password: string; displayName?: string }, actor: Actor): Promise<User> {
  const username = parseOr(usernameSchema, input.username, 'username');
  const password = parseOr(passwordSchema, input.password, 'password');
  if (!ROLES.includes(input.role)) throw new InputError(`role must be one of ${ROLES.join(', ')}`, [], { parameter: 'role' });
  const existing = await db.query('SELECT 1 FROM users WHERE username = $1', [username]);
  if (existing.length > 0) throw new InputError(`user ${username} exists already`, [], { status: 409, parameter: 'username' });
  const [user] = await db.query<User>(
    `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
    [username, input.displayName ?? '', input.role, await hashPassword(password)],
  );
  await audit(db, actor, { action: 'user.add', target: username, details: { role: input.role } });
  return user!;
}

export async function resetPassword(db: Queryable, username: string, password: string, actor: Actor): Promise<void> {
  const pw = parseOr(passwordSchema, password, 'password');
  const rows = await db.query(
    `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL, password_changed_at = now() WHERE username = $1 RETURNING id`,
    [username, await hashPassword(pw)],
  );
  if (rows.length === 0) throw new NotFoundError(`user ${username} does not exist`, 'username');
  // A new password ends every existing session of that user.
  await db.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)', [username]);
  await audit(db, actor, { action: 'user.reset', target: username });
}

export async function setDisabled(db: Queryable, username: string, disabled: boolean, actor: Actor): Promise<void> {
  const rows = await db.query('UPDATE users SET disabled = $2 WHERE username = $1 RETURNING id', [username, disabled]);
  if (rows.length === 0) throw new NotFoundError(`user ${username} does not exist`, 'username');
  if (disabled) await db.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)', [username]);
  await audit(db, actor, { action: disabled ? 'user.disable' : 'user.enable', target: username });
}

export function listUsers(db: Queryable): Promise<(User & { lockedUntil: string | null; createdAt: string })[]> {
  return db.query(`SELECT ${USER_COLUMNS}, to_char(locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "lockedUntil",
    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt" FROM users ORDER BY username`);
}

export interface SessionPolicy { idleMinutes: number; maxHours: number; maxFailures: number; lockoutMinutes: number }

export interface Session { token: string; csrfToken: string; user: User; expiresAt: string }

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type LoginResult = { ok: true; session: Session } | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

/** Checks a password; counts failures per account and locks it for a while after too many.
 *  Unknown users and wrong passwords give the same answer (and take about as long). */
export async function login(db: Database, username: string, password: string, policy: SessionPolicy, actor: Omit<Actor, 'username'>): Promise<LoginResult> {
  const [row] = await db.query<User & { passwordHash: string; locked: boolean }>(
    `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash", COALESCE(locked_until > now(), false) AS locked FROM users WHERE username = $1`,
    [username],
  );
  const fail = async (reason: 'invalid' | 'locked' | 'disabled'): Promise<LoginResult> => {
    await audit(db, { ...actor, username: username.slice(0, 64) || '(empty)' }, { action: 'login', outcome: reason === 'invalid' ? 'failed' : 'denied', details: { reason } });
    return { ok: false, reason };
  };
  if (!row) {
    await hashPassword(password.slice(0, 256)); // same cost as a real check
    return fail('invalid');
  }
  if (row.locked) return fail('locked');
  const valid = await verify(row.passwordHash, password.slice(0, 256)).catch(() => false);
  if (!valid) {
    await db.query(
      `UPDATE users SET failed_logins = failed_logins + 1,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
       WHERE id = $1`,
      [row.id, policy.maxFailures, policy.lockoutMinutes],
    );
    return fail('invalid');
  }
  if (row.disabled) return fail('disabled');
  await db.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [row.id]);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const [s] = await db.query<{ expiresAt: string }>(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))
     RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "expiresAt"`,
    [tokenHash(token), row.id, csrfToken, policy.maxHours],
  );
  const user: User = { id: row.id, username: row.username, displayName: row.displayName, role: row.role, disabled: false };
  await audit(db, { ...actor, username: user.username, role: user.role }, { action: 'login' });
  return { ok: true, session: { token, csrfToken, user, expiresAt: s!.expiresAt } };
}

/** How often a session's last_seen_at is written: once a minute at most, not on every request
 *  (a write per request was a bottleneck under load). Idle expiry is therefore exact to within
 *  this minute: a session can end up to a minute before idleMinutes after its last request. */
export const SESSION_TOUCH_SECONDS = 60;

/** The session of a cookie token, if it exists, is within its absolute lifetime and was used
 *  within the idle timeout; touching it (at most once a minute) extends the idle window. One
 *  statement: the UPDATE only runs, and only writes, when the last touch is a minute old. */
export async function resolveSession(db: Queryable, token: string, policy: SessionPolicy): Promise<{ user: User; csrfToken: string } | null> {
  const [row] = await db.query<User & { csrfToken: string }>(
    `WITH live AS (
       SELECT s.token_hash, s.last_seen_at, u.id, u.username, u.display_name, u.role, u.disabled, s.csrf_token
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND NOT u.disabled
         AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)
     ), touched AS (
       UPDATE sessions s SET last_seen_at = now() FROM live
       WHERE s.token_hash = live.token_hash AND live.last_seen_at <= now() - make_interval(secs => $3)
     )
     -- A data-modifying WITH runs whether or not the main query reads it.
     SELECT id, username, display_name AS "displayName", role, disabled, csrf_token AS "csrfToken" FROM live`,
    [tokenHash(token), policy.idleMinutes, SESSION_TOUCH_SECONDS],
  );
  if (!row) return null;
  const { csrfToken, ...user } = row;
  return { user, csrfToken };
}

export async function logout(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

function parseOr<T>(schema: z.ZodType<T>, value: unknown, parameter: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InputError(`${parameter}: ${r.error.issues[0]!.message}`, [], { parameter });
  return r.data;
}
