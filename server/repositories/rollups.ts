// Changing the rollups (daily and monthly hexagon counts, and the incident counts) by one batch of
// reports, or all of them: the deltas are computed once into work tables, then added or subtracted;
// the incident counts change in one statement. Over sql/queries/rollups/.
import { query, statements } from './query.ts';

export interface RollupChange { days: number; daily_rows: number; cell_monthly_rows: number }

export const createDeltas = statements('rollups/create-deltas');
/** The batch's (null: every report's) counts per day × buurt × category × source. */
export const dailyDelta = query<{ batchId: number | null }>('rollups/daily-delta');
/** The batch's (null: every report's) counts per hexagon size × cell × ISO-week month × category × source. */
export const cellDelta = query<{ batchId: number | null }>('rollups/cell-delta');
export const addDeltas = query<Record<string, never>, RollupChange>('rollups/add-deltas');
export const subtractDeltas = query<Record<string, never>, RollupChange>('rollups/subtract-deltas');
/** The incident counts changed by what the batch (null: every report) does to its squares'
 *  incidents: sign 1 after its reports were inserted, -1 before they are deleted. */
export const changeIncidents = query<{ batchId: number | null; sign: -1 | 1 }, { incident_rows: number }>('rollups/change-incidents');
/** Empties every rollup (before a full rebuild). */
export const clear = statements('rollups/clear');
