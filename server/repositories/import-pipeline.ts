// The bulk statements of an import (server/services/imports/): work tables, staging by COPY,
// locating, storing chunk by chunk under a savepoint, the chunks' rollup counts and the duplicate
// check. Over sql/queries/imports/; the rollup deltas are in ./rollups.ts.
import type { Queryable, Session } from '../db/index.ts';
import { sql } from '../db/index.ts';
import { query, statements } from './query.ts';
import { createDeltas } from './rollups.ts';

/** Session settings for an import, a rollback or a rollup rebuild (their transaction only). */
export const sessionSettings = statements('imports/session-settings');

// ---- Locating (the import's own session, or a second one beside it on PostgreSQL)

/** The staging table's columns, in the order of stagedCsv() (services/imports/rows.ts). */
const STAGED_COLUMNS = ['line', 'external_id', 'day', 'code', 'code2', 'lon', 'lat', 'x', 'y'] as const;
/** import_located's columns, in the order of the import_chunk_located view (imports/located.sql). */
const LOCATED_COLUMNS = [
  'line', 'external_id', 'day', 'code', 'code2', 'sx', 'sy', 'buurt_code', 'wijk_code', 'gemeente_code',
  'hex250_i', 'hex250_j', 'hex500_i', 'hex500_j', 'hex1000_i', 'hex1000_j',
] as const;
const KEY_COLUMNS = ['line', 'external_id', 'code2'] as const;

export const beginLocating = statements('imports/begin-locating');
const createLocateTables = statements('imports/create-locate-tables');
const createLocatedView = statements('imports/located');
/** Settings, locating work tables and the view of located rows. */
export async function prepareLocating(q: Queryable): Promise<void> {
  await sessionSettings(q);
  await createLocateTables(q);
  await createLocatedView(q);
}
export const clearChunk = statements('imports/clear-chunk');
/** One chunk of validated rows (COPY text in stagedCsv() form) into import_staging. */
export const stageChunk = (q: Queryable, csv: Buffer): Promise<number> => q.copyCsv('import_staging', STAGED_COLUMNS, [csv]);
export const locatePoints = query<{ snapMetres: number }>('imports/locate-points');
export const locateSquares = query<{ snapMetres: number }>('imports/locate-squares');
export const locateEdges = query<Record<string, never>>('imports/locate-edges');
/** Lines of the chunk more than 150 m from every buurt (the first 100). */
export const outside = query<Record<string, never>, { line: number }>('imports/outside');
/** The staged chunk's ids into import_keys, in the same session. */
export const keepStagedKeys = query<Record<string, never>>('imports/keep-staged-keys');
/** The staged chunk's ids as CSV from a locating session … */
export const copyStagedKeysOut = (session: Session): Promise<Buffer> => session.copyOut(sql('imports/copy-staged-keys'));
/** … into the import transaction's import_keys. */
export const loadKeys = (store: Queryable, keys: Buffer): Promise<number> => store.copyCsv('import_keys', KEY_COLUMNS, [keys]);
/** The chunk's located rows into import_located, in the same session. */
export const locateInto = query<Record<string, never>>('imports/locate');
/** The chunk's located rows as CSV from a locating session … */
export const copyLocatedOut = (session: Session): Promise<Buffer> => session.copyOut(sql('imports/copy-located'));
/** … into the import transaction's import_located. */
export const loadLocated = (store: Queryable, rows: Buffer): Promise<number> => store.copyCsv('import_located', LOCATED_COLUMNS, [rows]);

// ---- Storing (the import transaction)

const createStoreTables = statements('imports/create-store-tables');
/** Settings, the rollup delta tables and the store side's work tables. */
export async function prepareStoring(tx: Queryable): Promise<void> {
  await sessionSettings(tx);
  await createDeltas(tx);
  await createStoreTables(tx);
}
export const clearLocated = statements('imports/clear-located');
export const keepKeys = query<Record<string, never>>('imports/keep-keys');
export const chunkSavepoint = statements('imports/chunk-savepoint');
export const chunkRelease = statements('imports/chunk-release');
export const chunkUndo = statements('imports/chunk-undo');
/** A savepoint, with the anti-join probing the unique index per row (insert-reports.sql). */
export const probingSavepoint = statements('imports/chunk-savepoint', 'imports/probe-keys');
export const probingRelease = statements('imports/chunk-release', 'imports/probe-keys-end');
export const probingUndo = statements('imports/chunk-undo', 'imports/probe-keys-end');
/** Every located row of the chunk (fails on an id that is present: see chunkUndo). */
export const insertAll = {
  reports: query<{ batchId: number }>('imports/insert-reports-all'),
  inspections: query<{ batchId: number }>('imports/insert-inspections-all'),
};
/** The located rows whose ids are new. */
export const insertNew = {
  reports: query<{ batchId: number }, { inserted: number }>('imports/insert-reports'),
  inspections: query<{ batchId: number }, { inserted: number }>('imports/insert-inspections'),
};
export const chunkDailyCounts = query<Record<string, never>>('imports/chunk-daily-counts');
export const chunkCellCounts = query<Record<string, never>>('imports/chunk-cell-counts');
export const duplicates = query<{ kind: 'reports' | 'inspections' }, { external_id: string; lines: number[] }>('imports/duplicates');
/** BRIN summary and statistics of the reports table after an import. */
export const summariseReports = statements('imports/summarise-reports');
/** The chunks' rollup counts into the delta tables (when every chunk was stored whole). */
export const mergeDailyCounts = query<Record<string, never>>('imports/merge-daily-counts');
export const mergeCellCounts = query<Record<string, never>>('imports/merge-cell-counts');
