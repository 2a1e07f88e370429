import type { NextFunction, Request, Response } from 'express';
import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import * as contract from '../contract/auth.ts';
import { mount, shaped } from '../contract/endpoint.ts';
import { InputError } from '../errors.ts';
import { actorOf, jsonBody, parseBody, parseQuery } from '../http.ts';
import { reachedOverHttps } from '../security-headers.ts';
import { audit } from '../services/audit.ts';
import { passwordStrength } from '../services/password-strength.ts';
import {
  changeOwnPassword, confirmTotpEnrolment, login, logout, PENDING_SESSION_MINUTES, prepareLogins, removeOwnTotp,
  resolveSession, startTotpEnrolment, verifySecondFactor, type SessionPolicy, type SessionStage, type User,
} from '../services/users.ts';
import type { Config } from '../config.ts';
import { totpKey } from '../services/totp-secrets.ts';

export const SESSION_COOKIE = 'sk_session';

/** A login half-way: the session exists but only its next step's route accepts it. */
export interface PendingLogin { user: User; stage: Exclude<SessionStage, 'full'>; csrfToken: string }

/** The session policy of the configuration. */
export function sessionPolicy(config: Config): SessionPolicy {
  return { ...config.sessions, requireTotp: config.requireTotp, totpKey: totpKey(config) };
}

/** Resolves the session cookie (if any): a full session into `res.locals.user` /
 *  `res.locals.csrfToken`, a login half-way into `res.locals.pending` (which no other route reads). */
export function sessionMiddleware({ db, config }: AppContext) {
  const policy = sessionPolicy(config);
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    if (token && token.length <= 100) {
      try {
        const session = await resolveSession(db, token, policy);
        if (session?.stage === 'full') {
          res.locals.user = session.user;
          res.locals.csrfToken = session.csrfToken;
        } else if (session) {
          res.locals.pending = { user: session.user, stage: session.stage, csrfToken: session.csrfToken } satisfies PendingLogin;
        }
      } catch (err) {
        return next(err);
      }
    }
    next();
  };
}

/** Login attempts per client address in a sliding window (in memory; one process). */
class AttemptWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly limit: number, private readonly windowMs: number) {}
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.hits.clear(); // bounded memory under a flood of addresses
    return true;
  }
}

/** The one answer to every failed login, whatever the reason (unknown name, wrong password,
 *  disabled account, waiting after failures from this address). */
export const LOGIN_FAILED = 'wrong username or password — after repeated failures from this address, wait a few minutes before trying again';

export function authRoutes(router: Router, ctx: AppContext): void {
  const { db, config } = ctx;
  const policy = sessionPolicy(config);
  void prepareLogins();
  const perIp = new AttemptWindow(config.loginRatePerIp, 15 * 60_000);
  const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, secure: reachedOverHttps(req, config), path: '/' });
  const setCookie = (req: Request, res: Response, token: string, stage: SessionStage) =>
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: stage === 'full' ? config.sessions.maxHours * 3_600_000 : PENDING_SESSION_MINUTES * 60_000 });
  const json = jsonBody('4kb');

  /** The session of a login step: a login half-way in one of `stages`, or (where `full` is set) a
   *  full session; the CSRF token is checked here, since these routes are public in the table. */
  function loginStep(req: Request, res: Response, stages: SessionStage[]): { user: User; stage: SessionStage; token: string } {
    const pending = res.locals.pending as PendingLogin | undefined;
    const user = (res.locals.user as User | undefined) ?? pending?.user;
    const stage: SessionStage | undefined = res.locals.user ? 'full' : pending?.stage;
    const csrf = res.locals.user ? (res.locals.csrfToken as string) : pending?.csrfToken;
    if (!user || !stage) throw new InputError('no login in progress: log in with your user name and password first', [], { status: 401 });
    if (req.get('x-csrf-token') !== csrf) throw new InputError('missing or invalid CSRF token (send the X-CSRF-Token header from /api/auth/me)', [], { status: 403 });
    if (!stages.includes(stage)) throw new InputError(`this step does not apply now (the login is at: ${stage})`, [], { status: 409 });
    return { user, stage, token: req.cookies[SESSION_COOKIE] as string };
  }

  /** What /auth/me and every login step answer. */
  const state = (user: User, stage: SessionStage, csrfToken: string, expiresAt?: string | null) => ({
    user: stage === 'full' ? publicUser(user) : null,
    pending: stage === 'full' ? null : { stage, username: user.username, displayName: user.displayName },
    csrfToken,
    ...(expiresAt ? { expiresAt } : {}),
  });

  mount(router, contract.login, json, async (req, res) => {
    if (!perIp.allow(req.ip ?? 'unknown')) throw new InputError('too many login attempts from this address; try again later', [], { status: 429 });
    const b = parseBody(contract.login.body['application/json'], req.body);
    const result = await login(db, b.username, b.password, policy, { ip: req.ip ?? null });
    if (!result.ok) throw new InputError(LOGIN_FAILED, [], { status: 401 });
    const s = result.session;
    setCookie(req, res, s.token, s.stage);
    res.set('Cache-Control', 'no-store').json(shaped(contract.login, 200, state(s.user, s.stage, s.csrfToken, s.expiresAt)));
  });

  mount(router, contract.me, (req, res) => {
    parseQuery(contract.me.query, req.query);
    const user = res.locals.user as User | undefined;
    const pending = res.locals.pending as PendingLogin | undefined;
    res.set('Cache-Control', 'no-store');
    if (user) res.json(shaped(contract.me, 200, state(user, 'full', res.locals.csrfToken as string)));
    else if (pending) res.json(shaped(contract.me, 200, state(pending.user, pending.stage, pending.csrfToken)));
    else res.json(shaped(contract.me, 200, { user: null, pending: null, csrfToken: null }));
  });

  mount(router, contract.totp, json, async (req, res) => {
    const step = loginStep(req, res, ['totp']);
    const b = parseBody(contract.totp.body['application/json'], req.body);
    const actor = { ...actorOf(req, res), username: step.user.username, role: step.user.role };
    const next = await verifySecondFactor(db, step.token, step.user, b.code, policy, actor);
    setCookie(req, res, step.token, next.stage);
    res.set('Cache-Control', 'no-store').json(shaped(contract.totp, 200, { ...state(step.user, next.stage, csrfOf(res), next.expiresAt), ...(next.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: next.recoveryCodesLeft }) }));
  });

  mount(router, contract.password, json, async (req, res) => {
    const step = loginStep(req, res, ['password', 'full']);
    const b = parseBody(contract.password.body['application/json'], req.body);
    const actor = { ...actorOf(req, res), username: step.user.username, role: step.user.role };
    const next = await changeOwnPassword(db, step.token, step.user, { currentPassword: b.currentPassword, newPassword: b.password, lang: b.lang }, step.stage !== 'full', policy, actor);
    setCookie(req, res, step.token, next.stage);
    res.set('Cache-Control', 'no-store').json(shaped(contract.password, 200, state(step.user, next.stage, csrfOf(res), next.expiresAt)));
  });

  mount(router, contract.passwordStrength, json, async (req, res) => {
    const step = loginStep(req, res, ['password', 'full']);
    const b = parseBody(contract.passwordStrength.body['application/json'], req.body);
    res.set('Cache-Control', 'no-store').json(shaped(contract.passwordStrength, 200, await passwordStrength(b.password, [step.user.username, ...step.user.displayName.split(/\s+/)], b.lang)));
  });

  mount(router, contract.totpSetup, json, async (req, res) => {
    const step = loginStep(req, res, ['enrol', 'full']);
    parseBody(contract.totpSetup.body['application/json'], req.body);
    res.set('Cache-Control', 'no-store').json(shaped(contract.totpSetup, 200, await startTotpEnrolment(db, step.user, policy)));
  });

  mount(router, contract.totpConfirm, json, async (req, res) => {
    const step = loginStep(req, res, ['enrol', 'full']);
    const b = parseBody(contract.totpConfirm.body['application/json'], req.body);
    const actor = { ...actorOf(req, res), username: step.user.username, role: step.user.role };
    const next = await confirmTotpEnrolment(db, step.token, step.user, b.code, step.stage !== 'full', policy, actor);
    setCookie(req, res, step.token, next.stage);
    res.set('Cache-Control', 'no-store').json(shaped(contract.totpConfirm, 200, { ...state(step.user, next.stage, csrfOf(res), next.expiresAt), recoveryCodes: next.recoveryCodes }));
  });

  mount(router, contract.totpRemove, json, async (req, res) => {
    const b = parseBody(contract.totpRemove.body['application/json'], req.body);
    const user = res.locals.user as User;
    await removeOwnTotp(db, user, b.password, policy, actorOf(req, res));
    res.json(shaped(contract.totpRemove, 200, { ok: true }));
  });

  mount(router, contract.logout, async (req, res) => {
    await logout(db, req.cookies[SESSION_COOKIE]);
    await audit(db, actorOf(req, res), { action: 'logout' });
    res.clearCookie(SESSION_COOKIE, cookieOptions(req)).json(shaped(contract.logout, 200, { ok: true }));
  });
}

const csrfOf = (res: Response): string => (res.locals.csrfToken as string | undefined) ?? (res.locals.pending as PendingLogin).csrfToken;

function publicUser(u: User) {
  return { username: u.username, displayName: u.displayName, role: u.role, ...(u.totp === undefined ? {} : { totp: u.totp }) };
}
