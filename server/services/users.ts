import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import type { Database, Queryable } from '../db/index.ts';
import { InputError, NotFoundError } from '../errors.ts';
import * as repo from '../repositories/users.ts';
import type { SessionStage } from '../repositories/users.ts';
import { audit, type Actor } from './audit.ts';
import { passwordStrength } from './password-strength.ts';
import { enrolment, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, recoveryCodeHash, totpStep } from './totp.ts';
import { openSecret, sealSecret } from './totp-secrets.ts';

export type { SessionStage } from '../repositories/users.ts';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** A second factor is set up (where known: sessions read it). */
  totp?: boolean;
}

/** argon2id (the `Algorithm` enum of @node-rs/argon2 is a const enum: 2 = Argon2id); OWASP's
 *  minimum parameters (19 MiB, 2 passes). The one hasher of the app: an object, so a test can
 *  count its calls (a login costs exactly one verify, whatever the account's state). */
const ARGON2ID = 2;
export const passwordHasher = {
  hash: (password: string) => hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  verify: (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false),
};

/** A hash of a random password with the same parameters, checked against for accounts that do not
 *  exist so that they cost what a real check costs. Made once (prepareLogins at start-up). */
let dummyHash: Promise<string> | null = null;
const unknownAccountHash = () => (dummyHash ??= passwordHasher.hash(randomBytes(16).toString('hex')));
/** Makes the stand-in hash before the first login, so the first unknown name costs no extra hash. */
export const prepareLogins = (): Promise<unknown> => unknownAccountHash();

export const usernameSchema = z.string().regex(/^[a-z0-9._-]{2,64}$/, 'must be 2-64 lower-case letters, digits or . _ -');
/** Only bounds here: whether a password is good enough is the strength estimator's call. */
export const passwordSchema = z.string().min(1, 'is empty').max(256, 'must be at most 256 characters');

export function randomPassword(): string {
  return randomBytes(15).toString('base64url');
}

/** Refuses a password the estimator finds too guessable for this user (400, parameter
 *  `password`, with the estimator's warning and suggestions as details). */
export async function checkPasswordStrength(password: string, user: { username: string; displayName?: string }, lang: 'nl' | 'en' = 'en'): Promise<void> {
  const pw = parseOr(passwordSchema, password, 'password');
  const strength = await passwordStrength(pw, [user.username, ...(user.displayName ?? '').split(/\s+/)], lang);
  if (!strength.acceptable) {
    throw new InputError('password: too easy to guess; use a longer password, e.g. four or five unrelated words', [
      ...(strength.warning ? [strength.warning] : []), ...strength.suggestions,
    ], { parameter: 'password' });
  }
}

export interface CreateOptions {
  /**
   * Whether the user must choose a new password at the first login: yes whenever the password was
   * seen by someone else (printed at first start, typed by an administrator). Only code can say
   * no — the test harnesses, which log in as prepared roles — never an HTTP request, a CLI flag
   * or an environment variable that a production install could set by accident.
   */
  mustChangePassword?: boolean;
}

export async function createUser(db: Queryable, input: { username: string; role: Role; password: string; displayName?: string }, actor: Actor, options: CreateOptions = {}): Promise<User> {
  const username = parseOr(usernameSchema, input.username, 'username');
  if (!ROLES.includes(input.role)) throw new InputError(`role must be one of ${ROLES.join(', ')}`, [], { parameter: 'role' });
  await checkPasswordStrength(input.password, { username, displayName: input.displayName });
  if ((await repo.userExists(db, { username })).length > 0) throw new InputError(`user ${username} exists already`, [], { status: 409, parameter: 'username' });
  const mustChangePassword = options.mustChangePassword ?? true;
  const [user] = await repo.insertUser(db, {
    username, displayName: input.displayName ?? '', role: input.role, passwordHash: await passwordHasher.hash(input.password), mustChangePassword,
  });
  await audit(db, actor, { action: 'user.add', target: username, details: { role: input.role, mustChangePassword } });
  return user!;
}

/** An administrator's (or the CLI's) new password for a user: to be changed at the next login;
 *  every session of the user ends. */
export async function resetPassword(db: Queryable, username: string, password: string, actor: Actor): Promise<void> {
  await checkPasswordStrength(password, { username });
  const rows = await repo.setPasswordHash(db, { username, passwordHash: await passwordHasher.hash(password), mustChangePassword: true });
  if (rows.length === 0) throw new NotFoundError(`user ${username} does not exist`, 'username');
  await repo.deleteUserSessions(db, { username, keepTokenHash: '' });
  await audit(db, actor, { action: 'user.reset', target: username });
}

export async function setDisabled(db: Queryable, username: string, disabled: boolean, actor: Actor): Promise<void> {
  const rows = await repo.setDisabled(db, { username, disabled });
  if (rows.length === 0) throw new NotFoundError(`user ${username} does not exist`, 'username');
  if (disabled) await repo.deleteUserSessions(db, { username, keepTokenHash: '' });
  await audit(db, actor, { action: disabled ? 'user.disable' : 'user.enable', target: username });
}

export function listUsers(db: Queryable) {
  return repo.listUsers(db, {});
}

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
  /** Failed logins per account name and source address before that pair has to wait. */
  maxFailures: number;
  /** The longest wait (the wait doubles from a minute). */
  lockoutMinutes: number;
  /** Roles that need a second factor unless an administrator has said otherwise (REQUIRE_2FA). */
  requireTotp?: readonly Role[];
  /** The key sealing the TOTP secrets (totp-secrets.ts); needed by the TOTP steps only. */
  totpKey?: Buffer;
}

function keyOf(policy: SessionPolicy): Buffer {
  if (!policy.totpKey) throw new Error('the session policy has no TOTP key');
  return policy.totpKey;
}

/** A login half-way (waiting for a TOTP code, a new password or TOTP enrolment) lasts this long. */
export const PENDING_SESSION_MINUTES = 10;
/** Wrong TOTP codes one pending session may try before the login starts over. */
export const MAX_CODE_ATTEMPTS = 5;
/** The first wait after maxFailures failed logins; it doubles with each further failure. */
export const FIRST_WAIT_SECONDS = 60;

export interface Session { token: string; csrfToken: string; user: User; expiresAt: string; stage: SessionStage }

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type LoginResult = { ok: true; session: Session } | { ok: false; reason: 'invalid' | 'throttled' | 'disabled' };

/**
 * Checks a password. Unknown accounts, wrong passwords, disabled accounts and an account name
 * that is waiting after failures from this address all get the same answer, run the same
 * statements and cost one argon2 verification each — so neither the answer nor its timing says
 * which it was. Failures count per account name *and* source address: someone elsewhere cannot
 * make the real user wait.
 */
export async function login(db: Database, username: string, password: string, policy: SessionPolicy, actor: Omit<Actor, 'username'>): Promise<LoginResult> {
  const name = username.slice(0, 64);
  const source = actor.ip ?? 'unknown';
  const [row] = await repo.forLogin(db, { username: name, source });
  const valid = await passwordHasher.verify(row?.passwordHash ?? (await unknownAccountHash()), password.slice(0, 256));
  if (!valid || !row?.id || row.disabled || row.blocked) {
    const reason = row?.blocked ? 'throttled' : valid && row?.disabled ? 'disabled' : 'invalid';
    await repo.recordLoginFailure(db, { username: name, source, maxFailures: policy.maxFailures, baseSeconds: FIRST_WAIT_SECONDS, maxMinutes: policy.lockoutMinutes });
    await audit(db, { ...actor, username: name || '(empty)' }, { action: 'login', outcome: reason === 'invalid' ? 'failed' : 'denied', details: { reason } });
    return { ok: false, reason };
  }
  await repo.clearLoginFailures(db, { username: name, source });
  const user: User = { id: row.id, username: row.username!, displayName: row.displayName ?? '', role: row.role!, disabled: false };
  const stage = await stageAfter(db, { ...user, mustChangePassword: row.mustChangePassword, totpEnabled: row.totpEnabled }, false, policy);
  const session = await openSession(db, user, stage, policy);
  await audit(db, { ...actor, username: user.username, role: user.role }, { action: 'login', details: stage === 'full' ? {} : { next: stage } });
  return { ok: true, session };
}

async function openSession(db: Queryable, user: User, stage: SessionStage, policy: SessionPolicy): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const lifetimeSeconds = stage === 'full' ? policy.maxHours * 3600 : PENDING_SESSION_MINUTES * 60;
  const [s] = await repo.createSession(db, { tokenHash: tokenHash(token), userId: user.id, csrfToken, stage, lifetimeSeconds });
  return { token, csrfToken, user, expiresAt: s!.expiresAt, stage };
}

/** Which roles need a second factor: the administrator's choice per role, else REQUIRE_2FA. */
export async function totpPolicy(db: Queryable, defaults: readonly Role[] = []): Promise<Record<Role, boolean>> {
  const chosen = new Map((await repo.rolePolicy(db, {})).map((r) => [r.role, r.requireTotp]));
  return Object.fromEntries(ROLES.map((r) => [r, chosen.get(r) ?? defaults.includes(r)])) as Record<Role, boolean>;
}

export async function setTotpPolicy(db: Queryable, policy: Partial<Record<Role, boolean>>, actor: Actor): Promise<void> {
  for (const role of ROLES) {
    const requireTotp = policy[role];
    if (requireTotp !== undefined) await repo.setRolePolicy(db, { role, requireTotp, changedBy: actor.username });
  }
  await audit(db, actor, { action: 'security.policy', details: { requireTotp: policy } });
}

/** The stage a login is in after the password (totpDone false) or a later step (true): a TOTP
 *  code if the account has a second factor, then a new password if it must change, then TOTP
 *  enrolment if the role needs a second factor and the account has none, then done. */
async function stageAfter(db: Queryable, user: { role: Role; mustChangePassword: boolean; totpEnabled: boolean }, totpDone: boolean, policy: SessionPolicy): Promise<SessionStage> {
  if (user.totpEnabled && !totpDone) return 'totp';
  if (user.mustChangePassword) return 'password';
  if (!user.totpEnabled && (await totpPolicy(db, policy.requireTotp))[user.role]) return 'enrol';
  return 'full';
}

/** Moves a pending login on after a step; returns the new stage and the session's expiry. */
async function advance(db: Queryable, token: string, userId: number, policy: SessionPolicy): Promise<{ stage: SessionStage; expiresAt: string }> {
  const [user] = await repo.userById(db, { userId });
  if (!user) throw new InputError('login required', [], { status: 401 });
  const stage = await stageAfter(db, { role: user.role, mustChangePassword: user.mustChangePassword, totpEnabled: user.totpSecret !== null }, true, policy);
  const [s] = await repo.advanceSession(db, { tokenHash: tokenHash(token), stage, maxHours: policy.maxHours });
  return { stage, expiresAt: s!.expiresAt };
}

/**
 * The second step of a login: a TOTP code (or one of the recovery codes). A wrong code counts
 * against the pending session; after MAX_CODE_ATTEMPTS the session ends and the login starts
 * over (with the password, whose failures are throttled).
 */
export async function verifySecondFactor(db: Database, token: string, user: User, code: string, policy: SessionPolicy, actor: Actor): Promise<{ stage: SessionStage; expiresAt: string; recoveryCodesLeft?: number }> {
  const [record] = await repo.userById(db, { userId: user.id });
  let accepted = false;
  let recoveryCodesLeft: number | undefined;
  if (record?.totpSecret) {
    if (looksLikeRecoveryCode(code)) {
      const [used] = await repo.useRecoveryCode(db, { userId: user.id, codeHash: recoveryCodeHash(code) });
      if (used) {
        accepted = true;
        recoveryCodesLeft = used.left;
      }
    } else {
      const step = totpStep(openSecret(keyOf(policy), record.totpSecret), record.username, code);
      accepted = step !== null && (await repo.useTotpStep(db, { userId: user.id, step })).length > 0;
    }
  }
  if (!accepted) {
    // Counts like a failed password from this address too, so a known password does not buy
    // unlimited guesses at the code (a new login per five codes).
    await repo.recordLoginFailure(db, { username: user.username, source: actor.ip ?? 'unknown', maxFailures: policy.maxFailures, baseSeconds: FIRST_WAIT_SECONDS, maxMinutes: policy.lockoutMinutes });
    const [count] = await repo.countSessionAttempt(db, { tokenHash: tokenHash(token) });
    await audit(db, actor, { action: 'login.totp', outcome: 'failed' });
    if ((count?.attempts ?? MAX_CODE_ATTEMPTS) >= MAX_CODE_ATTEMPTS) {
      await repo.deleteSession(db, { tokenHash: tokenHash(token) });
      throw new InputError('too many wrong codes: log in again', [], { status: 401 });
    }
    throw new InputError('the code is not valid (or was used already); try the next one', [], { status: 400, parameter: 'code' });
  }
  await audit(db, actor, { action: 'login.totp', details: recoveryCodesLeft === undefined ? {} : { recoveryCode: true, recoveryCodesLeft } });
  return { ...(await advance(db, token, user.id, policy)), ...(recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft }) };
}

/**
 * A user's own new password: at a forced change (pending session, the current password was just
 * given at login) or later from the account menu (the current password is needed). Other sessions
 * of the user end.
 */
export async function changeOwnPassword(db: Database, token: string, user: User, input: { currentPassword?: string; newPassword: string; lang?: 'nl' | 'en' }, pending: boolean, policy: SessionPolicy, actor: Actor): Promise<{ stage: SessionStage; expiresAt: string | null }> {
  const [record] = await repo.userById(db, { userId: user.id });
  if (!record) throw new InputError('login required', [], { status: 401 });
  if (!pending) {
    const ok = await passwordHasher.verify(record.passwordHash, (input.currentPassword ?? '').slice(0, 256));
    if (!ok) throw new InputError('currentPassword: this is not your current password', [], { parameter: 'currentPassword' });
  }
  if (await passwordHasher.verify(record.passwordHash, input.newPassword.slice(0, 256))) {
    throw new InputError('password: choose a password other than the current one', [], { parameter: 'password' });
  }
  await checkPasswordStrength(input.newPassword, record, input.lang);
  await repo.setPasswordHash(db, { username: record.username, passwordHash: await passwordHasher.hash(input.newPassword), mustChangePassword: false });
  await repo.deleteUserSessions(db, { username: record.username, keepTokenHash: tokenHash(token) });
  await audit(db, actor, { action: 'user.password', target: record.username });
  if (!pending) return { stage: 'full', expiresAt: null };
  return advance(db, token, user.id, policy);
}

/** Starts (or restarts) TOTP enrolment: a new secret, kept aside until a code from it confirms it. */
export async function startTotpEnrolment(db: Queryable, user: User, policy: SessionPolicy): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const secret = newTotpSecret();
  await repo.setPendingTotp(db, { userId: user.id, secret: sealSecret(keyOf(policy), secret) });
  return { secret, ...(await enrolment(secret, user.username)) };
}

/** Confirms enrolment with a code from the app; returns ten one-time recovery codes (shown once). */
export async function confirmTotpEnrolment(db: Database, token: string, user: User, code: string, pending: boolean, policy: SessionPolicy, actor: Actor): Promise<{ recoveryCodes: string[]; stage: SessionStage; expiresAt: string | null }> {
  const [record] = await repo.userById(db, { userId: user.id });
  const stored = record?.totpPendingSecret;
  if (!stored) throw new InputError('start the set-up first (no code was asked for)', [], { status: 409 });
  const step = totpStep(openSecret(keyOf(policy), stored), user.username, code);
  if (step === null) throw new InputError('the code is not valid; check the time on your phone and try the next one', [], { parameter: 'code' });
  const codes = newRecoveryCodes();
  await db.transaction(async (tx) => {
    if ((await repo.enableTotp(tx, { userId: user.id, secret: stored, step })).length === 0) throw new InputError('the set-up was restarted elsewhere; start again', [], { status: 409 });
    await repo.replaceRecoveryCodes(tx, { userId: user.id, codeHashes: codes.map(recoveryCodeHash) });
  });
  await audit(db, actor, { action: 'user.totp', target: user.username, details: { enabled: true } });
  if (!pending) return { recoveryCodes: codes, stage: 'full', expiresAt: null };
  return { recoveryCodes: codes, ...(await advance(db, token, user.id, policy)) };
}

/** Removes a user's second factor: the user (with the password, unless the role requires one)
 *  or an administrator (lost phone and recovery codes). */
export async function removeTotp(db: Queryable, username: string, actor: Actor): Promise<void> {
  const rows = await repo.clearTotp(db, { username });
  if (rows.length === 0) throw new NotFoundError(`user ${username} does not exist`, 'username');
  await audit(db, actor, { action: 'user.totp', target: username, details: { enabled: false } });
}

export async function removeOwnTotp(db: Queryable, user: User, password: string, policy: SessionPolicy, actor: Actor): Promise<void> {
  const [record] = await repo.userById(db, { userId: user.id });
  if (!record || !(await passwordHasher.verify(record.passwordHash, password.slice(0, 256)))) {
    throw new InputError('password: this is not your current password', [], { parameter: 'password' });
  }
  if ((await totpPolicy(db, policy.requireTotp))[user.role]) throw new InputError('your role requires a second factor; an administrator can change that', [], { status: 409 });
  await removeTotp(db, user.username, actor);
}

/** How often a session's last_seen_at is written: once a minute at most, not on every request
 *  (a write per request was a bottleneck under load). Idle expiry is therefore exact to within
 *  this minute: a session can end up to a minute before idleMinutes after its last request. */
export const SESSION_TOUCH_SECONDS = 60;

/** The session of a cookie token (full, or a login half-way), if it is alive. */
export async function resolveSession(db: Queryable, token: string, policy: SessionPolicy): Promise<{ user: User; csrfToken: string; stage: SessionStage } | null> {
  const [row] = await repo.resolveSession(db, { tokenHash: tokenHash(token), idleMinutes: policy.idleMinutes, touchSeconds: SESSION_TOUCH_SECONDS });
  if (!row) return null;
  const { csrfToken, stage, ...user } = row;
  return { user, csrfToken, stage };
}

export async function logout(db: Queryable, token: string): Promise<void> {
  await repo.deleteSession(db, { tokenHash: tokenHash(token) });
}

function parseOr<T>(schema: z.ZodType<T>, value: unknown, parameter: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InputError(`${parameter}: ${r.error.issues[0]!.message}`, [], { parameter });
  return r.data;
}
