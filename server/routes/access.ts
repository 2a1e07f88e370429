import type { NextFunction, Request, Response, Router } from 'express';
import { InputError } from '../errors.ts';
import { ROLE_RANK, type Role } from '../services/users.ts';

export type Access = 'public' | Role;

/**
 * Who may call what: the one route table. Every route registered on the API router must have a
 * rule here (start-up fails otherwise), and the access tests are generated from this table.
 * viewer: maps, trends, buurt/wijk statistics; analyst: also hexagon grid, hot spots, signals,
 * briefings and exports; admin: also imports, rollbacks, users and the audit log.
 */
export const ACCESS: Readonly<Record<string, Access>> = {
  'GET /health': 'public',
  'POST /auth/login': 'public',
  'GET /auth/me': 'public',
  'POST /auth/logout': 'viewer',
  // The steps of a login (second factor, forced password change, enrolment) are reached by a
  // login half-way, which has no role yet: each checks its own session stage and CSRF token.
  'POST /auth/totp': 'public',
  'POST /auth/password': 'public',
  'POST /auth/password/strength': 'public',
  'POST /auth/totp/setup': 'public',
  'POST /auth/totp/confirm': 'public',
  'POST /auth/totp/remove': 'viewer',
  'GET /meta': 'viewer',
  'GET /categories': 'viewer',
  'GET /sources': 'viewer',
  'GET /areas': 'viewer',
  'GET /stats/areas': 'viewer',
  'GET /stats/timeseries': 'viewer',
  'GET /overview': 'viewer',
  // The one-page bulletin carries only overview figures (the signals as a summary): every role.
  'GET /bulletins': 'viewer',
  'GET /stats/grid': 'analyst',
  'GET /hotspots': 'analyst',
  'GET /emerging': 'analyst',
  'GET /signals': 'analyst',
  'POST /signals/run': 'analyst',
  'DELETE /signals/draft': 'analyst',
  'POST /signals/publish': 'admin',
  'GET /signals/defaults': 'admin',
  'PUT /signals/defaults': 'admin',
  'GET /briefings/:file': 'analyst',
  'GET /exports/:file': 'analyst',
  'GET /imports': 'admin',
  'POST /imports/reports': 'admin',
  'POST /imports/inspections': 'admin',
  'DELETE /imports/:id': 'admin',
  'GET /users': 'admin',
  'POST /users': 'admin',
  'POST /users/:username/reset': 'admin',
  'POST /users/:username/disable': 'admin',
  'POST /users/:username/enable': 'admin',
  'POST /users/:username/reset-totp': 'admin',
  'GET /security': 'admin',
  'POST /security': 'admin',
  'GET /audit': 'admin',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** State-changing routes that cannot carry a CSRF token yet (no session exists). */
const CSRF_EXEMPT = new Set(['POST /auth/login']);

export interface SessionUser { id: number; username: string; role: Role; displayName: string }

export function requireAccess(rule: Access, key: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (rule === 'public') return next();
    const user = res.locals.user as SessionUser | undefined;
    if (!user) return next(new InputError('login required', [], { status: 401 }));
    if (ROLE_RANK[user.role] < ROLE_RANK[rule]) return next(new InputError(`this needs the ${rule} role`, [], { status: 403 }));
    if (!SAFE_METHODS.has(req.method) && !CSRF_EXEMPT.has(key)) {
      const token = req.get('x-csrf-token');
      if (!token || token !== res.locals.csrfToken) return next(new InputError('missing or invalid CSRF token (send the X-CSRF-Token header from /api/auth/me)', [], { status: 403 }));
    }
    next();
  };
}

type Method = 'get' | 'post' | 'delete' | 'put' | 'patch';

/** Makes every route registered on `router` pass its access rule first; a route without a rule
 *  is a programming error and stops start-up. */
export function secureRouter(router: Router, table: Readonly<Record<string, Access>> = ACCESS): Router {
  for (const method of ['get', 'post', 'delete', 'put', 'patch'] as Method[]) {
    const register = router[method].bind(router) as (path: string, ...handlers: unknown[]) => Router;
    (router as unknown as Record<Method, unknown>)[method] = (path: string, ...handlers: unknown[]) => {
      const key = `${method.toUpperCase()} ${path}`;
      const rule = table[key];
      if (!rule) throw new Error(`route ${key} has no access rule in server/routes/access.ts`);
      return register(path, requireAccess(rule, key), ...handlers);
    };
  }
  return router;
}
