/**
 * Query-volume control (docs/disclosure.md, "Query budget"). The publication layer makes single
 * answers safe; a budget on the number of DIFFERENT statistics requests per user per day bounds
 * how many answers a script can combine, and makes such a script visible:
 *
 * - a request is its endpoint and its query parameters in a canonical order (repeating a request,
 *   e.g. the map refreshing, costs nothing);
 * - each user's distinct requests of a day are counted (kept as hashes in `query_budget`, so the
 *   count survives a restart); beyond `QUERY_BUDGET_PER_DAY` (default 2,000, generous for people:
 *   a busy analyst's day is a few hundred) the API answers 429 until the next day;
 * - the audit log gets the totals: at the first request of a day and every 250 distinct requests
 *   (`stats.queries`), and once when the budget is reached (`stats.budget`, outcome denied).
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import * as repo from '../repositories/budget.ts';
import { audit, type Actor } from './audit.ts';

export const AUDIT_EVERY = 250;

export type BudgetDecision = { allowed: true; distinct: number } | { allowed: false; distinct: number; resetsAt: string };

interface DayState {
  seen: Set<string>;
  loaded: Promise<void>;
  refusedLogged: boolean;
}

/** The canonical form of a request: path and sorted parameters (arrays in the order given). */
export function canonicalRequest(path: string, query: Record<string, unknown>): string {
  const params = Object.keys(query).sort().map((k) => `${k}=${JSON.stringify(query[k])}`);
  return `${path}?${params.join('&')}`;
}

export class QueryBudget {
  private readonly days = new Map<string, DayState>();

  constructor(private readonly db: Queryable, readonly perDay: number, private readonly today: () => string = () => new Date().toISOString().slice(0, 10)) {}

  /** Whether `request` may be answered for `actor`: a request made before today always may; a new
   *  one while the day's budget is not used up. Call `record` once it has been answered. */
  async check(actor: Actor, request: string): Promise<BudgetDecision> {
    const day = this.today();
    const state = await this.stateOf(day, actor.username);
    if (state.seen.has(hashOf(request)) || state.seen.size < this.perDay) return { allowed: true, distinct: state.seen.size };
    if (!state.refusedLogged) {
      state.refusedLogged = true;
      await audit(this.db, actor, { action: 'stats.budget', target: day, details: { distinct: state.seen.size, budget: this.perDay }, outcome: 'denied' });
    }
    return { allowed: false, distinct: state.seen.size, resetsAt: `${nextDay(day)}T00:00:00Z` };
  }

  /** Counts an answered request (requests refused as bad input cost nothing). */
  async record(actor: Actor, request: string): Promise<number> {
    const day = this.today();
    const state = await this.stateOf(day, actor.username);
    const hash = hashOf(request);
    if (state.seen.has(hash)) return state.seen.size;
    state.seen.add(hash);
    await repo.addRequest(this.db, { day, username: actor.username, request: hash });
    const distinct = state.seen.size;
    if (distinct === 1 || distinct % AUDIT_EVERY === 0) {
      await audit(this.db, actor, { action: 'stats.queries', target: day, details: { distinct, budget: this.perDay } });
    }
    return distinct;
  }

  private async stateOf(day: string, username: string): Promise<DayState> {
    const key = `${day}\u0000${username}`;
    let state = this.days.get(key);
    if (!state) {
      await this.forgetBefore(day);
      const seen = new Set<string>();
      const loaded = repo.knownRequests(this.db, { day, username }).then((rows) => {
        for (const r of rows) seen.add(r.request);
      });
      state = { seen, loaded, refusedLogged: false };
      this.days.set(key, state);
      loaded.catch(() => this.days.delete(key));
    }
    await state.loaded;
    return state;
  }

  /** On the first request of a day (in this process): earlier days' hashes are dropped, in memory
   *  and in the table (the audit log keeps the totals). */
  private async forgetBefore(day: string): Promise<void> {
    if (this.pruned === day) return;
    for (const key of this.days.keys()) if (key.slice(0, 10) < day) this.days.delete(key);
    await repo.pruneBefore(this.db, { day });
    this.pruned = day;
  }

  private pruned = '';
}

const hashOf = (request: string) => createHash('sha256').update(request).digest('base64url').slice(0, 22);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
