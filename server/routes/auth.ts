import type { NextFunction, Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { InputError } from '../errors.ts';
import { actorOf, parseQuery, zodToInputError } from '../http.ts';
import { audit } from '../services/audit.ts';
import { login, logout, resolveSession } from '../services/users.ts';

export const SESSION_COOKIE = 'sk_session';

/** Resolves the session cookie (if any) into `res.locals.user` / `res.locals.csrfToken`. */
export function sessionMiddleware({ db, config }: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    if (token && token.length <= 100) {
      try {
        const session = await resolveSession(db, token, config.sessions);
        if (session) {
          res.locals.user = session.user;
          res.locals.csrfToken = session.csrfToken;
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

const credentials = z.object({ username: z.string().max(100), password: z.string().max(1000) }).strict();

export function authRoutes(router: Router, ctx: AppContext): void {
  const { db, config } = ctx;
  const perIp = new AttemptWindow(config.loginRatePerIp, 15 * 60_000);
  const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, secure: req.secure, path: '/' });

  router.post('/auth/login', express.json({ limit: '4kb' }), async (req, res) => {
    if (!perIp.allow(req.ip ?? 'unknown')) throw new InputError('too many login attempts from this address; try again later', [], { status: 429 });
    const body = credentials.safeParse(req.body);
    if (!body.success) throw zodToInputError(body.error);
    const result = await login(db, body.data.username, body.data.password, config.sessions, { ip: req.ip ?? null });
    if (!result.ok) {
      const message = result.reason === 'locked' ? 'this account is locked for a while after repeated failed logins' : 'wrong username or password';
      throw new InputError(message, [], { status: result.reason === 'locked' ? 423 : 401 });
    }
    res.cookie(SESSION_COOKIE, result.session.token, { ...cookieOptions(req), maxAge: config.sessions.maxHours * 3_600_000 });
    res.json({ user: publicUser(result.session.user), csrfToken: result.session.csrfToken, expiresAt: result.session.expiresAt });
  });

  router.get('/auth/me', (req, res) => {
    parseQuery(z.object({}), req.query);
    const user = res.locals.user;
    res.set('Cache-Control', 'no-store').json(user ? { user: publicUser(user), csrfToken: res.locals.csrfToken } : { user: null, csrfToken: null });
  });

  router.post('/auth/logout', async (req, res) => {
    await logout(db, req.cookies[SESSION_COOKIE]);
    await audit(db, actorOf(req, res), { action: 'logout' });
    res.clearCookie(SESSION_COOKIE, cookieOptions(req)).json({ ok: true });
  });
}

function publicUser(u: { username: string; displayName: string; role: string }) {
  return { username: u.username, displayName: u.displayName, role: u.role };
}
