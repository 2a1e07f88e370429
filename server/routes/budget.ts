import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.ts';
import { InputError } from '../errors.ts';
import { actorOf } from '../http.ts';
import { canonicalRequest, QueryBudget } from '../services/query-budget.ts';

/** The statistics endpoints whose distinct requests count against a user's daily budget. */
export const BUDGETED = ['/stats', '/hotspots', '/emerging', '/exports', '/briefings', '/overview', '/bulletins'];

/** Answers 429 once a user's distinct statistics requests of the day reach the budget
 *  (server/services/query-budget.ts); counts each request that was answered. */
export function queryBudget(ctx: AppContext) {
  const budget = new QueryBudget(ctx.db, ctx.config.queryBudgetPerDay);
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !res.locals.user) return next();
    const actor = actorOf(req, res);
    const request = canonicalRequest(`${req.baseUrl}${req.path}`, req.query as Record<string, unknown>);
    try {
      const decision = await budget.check(actor, request);
      if (!decision.allowed) {
        const seconds = Math.max(1, Math.ceil((Date.parse(decision.resetsAt) - Date.now()) / 1000));
        res.set('Retry-After', String(seconds));
        return next(new InputError(
          `the daily budget of ${budget.perDay} different statistics requests is used up; it resets at ${decision.resetsAt} (ask an administrator if you need more)`,
          [], { status: 429 },
        ));
      }
      res.on('finish', () => {
        if (res.statusCode < 400) budget.record(actor, request).catch((err) => ctx.logger.error({ err }, 'query budget: could not record a request'));
      });
      next();
    } catch (err) {
      next(err);
    }
  };
}
