// The import batches' own rows (the bulk statements of an import — staging, locating, storing —
// are in ./import-pipeline.ts, the rollup deltas in ./rollups.ts).
import type { BatchSummary } from '../services/imports/index.ts';
import { query } from './query.ts';

export const categoryLabels = query<Record<string, never>, { code: string; label_nl: string; label_en: string }>('imports/category-labels');
export const sourceLabels = query<Record<string, never>, { code: string; label_nl: string; label_en: string }>('imports/source-labels');
export const insertBatch = query<{ kind: string; fileName: string | null; droppedColumns: string[]; droppedColumnCount: number; snapMetres: number; createdBy: string }, { id: number }>('imports/insert-batch');
export const finishBatch = query<{ batchId: number; contentHash: string; rowsTotal: number; inserted: number; present: number }>('imports/finish-batch');
export const lockBatch = query<{ batchId: number }, { kind: string }>('imports/lock-batch');
export const deleteBatchReports = query<{ batchId: number }, { n: number }>('imports/delete-batch-reports');
export const deleteBatchInspections = query<{ batchId: number }, { n: number }>('imports/delete-batch-inspections');
export const deleteBatch = query<{ batchId: number }>('imports/delete-batch');
export const listBatches = query<Record<string, never>, BatchSummary>('imports/list-batches');
