// Changing the rollups (daily and monthly hexagon counts) by one batch of reports, or all of them:
// the deltas are computed once into work tables, then added or subtracted. Over sql/queries/rollups/.
import { query, statements } from './query.ts';

export interface RollupChange { days: number; daily_rows: number; cell_monthly_rows: number }

export const createDeltas = statements('rollups/create-deltas');
/** The batch's (null: every report's) counts per day × buurt × category × source. */
export const dailyDelta = query<{ batchId: number | null }>('rollups/daily-delta');
/** The batch's (null: every report's) counts per hexagon size × cell × ISO-week month × category × source. */
export const cellDelta = query<{ batchId: number | null }>('rollups/cell-delta');
export const addDeltas = query<Record<string, never>, RollupChange>('rollups/add-deltas');
export const subtractDeltas = query<Record<string, never>, RollupChange>('rollups/subtract-deltas');
/** Empties every rollup (before a full rebuild). */
export const clear = statements('rollups/clear');
