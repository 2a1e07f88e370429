import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../context.ts';
import { InputError } from '../errors.ts';
import { actorOf } from '../http.ts';
import { canonicalRequest, QueryBudget } from '../services/query-budget.ts';

/** The statistics endpoints whose distinct requests count against a user's daily budget. */
export const BUDGETED = ['/stats', '/hotspots', '/emerging', '/exports', '/briefings', '/overview', '/bulletins'];

/** One budget per app: its per-day state is a cache of the stored hashes. */
const budgets = new WeakMap<AppContext, QueryBudget>();
function budgetOf(ctx: AppContext): QueryBudget {
  let budget = budgets.get(ctx);
  if (!budget) budgets.set(ctx, (budget = new QueryBudget(ctx.db, ctx.config.queryBudgetPerDay)));
  return budget;
}

/**
 * Checks `request` against the user's budget: throws the 429 when it is used up, else returns
 * the function that counts it once it has been answered (a request refused as bad input costs
 * nothing).
 */
async function admit(ctx: AppContext, req: Request, res: Response, request: string): Promise<() => void> {
  const budget = budgetOf(ctx);
  const actor = actorOf(req, res);
  const decision = await budget.check(actor, request);
  if (!decision.allowed) {
    const seconds = Math.max(1, Math.ceil((Date.parse(decision.resetsAt) - Date.now()) / 1000));
    res.set('Retry-After', String(seconds));
    throw new InputError(
      `the daily budget of ${budget.perDay} different statistics requests is used up; it resets at ${decision.resetsAt} (ask an administrator if you need more)`,
      [], { status: 429 },
    );
  }
  return () => {
    budget.record(actor, request).catch((err) => ctx.logger.error({ err }, 'query budget: could not record a request'));
  };
}

/** Answers 429 once a user's distinct statistics requests of the day reach the budget
 *  (server/services/query-budget.ts); counts each request that was answered. */
export function queryBudget(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !res.locals.user) return next();
    try {
      const record = await admit(ctx, req, res, canonicalRequest(`${req.baseUrl}${req.path}`, req.query as Record<string, unknown>));
      res.on('finish', () => {
        if (res.statusCode < 400) record();
      });
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** An analyst's draft run counts as one statistics request of its settings (its cards publish
 *  counts of the zones it finds, and a draft per week gives those windows shifted week by week:
 *  docs/disclosure.md, "Signal drafts week by week"). The same settings again cost nothing. */
export function admitDraft(ctx: AppContext, req: Request, res: Response, changes: Record<string, unknown>): Promise<() => void> {
  return admit(ctx, req, res, canonicalRequest('POST /api/signals/run', changes));
}
