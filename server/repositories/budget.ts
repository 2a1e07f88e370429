// The query budget's request hashes (server/services/query-budget.ts), over sql/queries/budget/.
import { query } from './query.ts';

export const addRequest = query<{ day: string; username: string; request: string }>('budget/add', { prepared: true });
export const knownRequests = query<{ day: string; username: string }, { request: string }>('budget/known');
export const pruneBefore = query<{ day: string }>('budget/prune');
