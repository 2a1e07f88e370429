import { z } from 'zod';
import { noQuery, WeekRange } from './common.ts';
import { endpoint } from './endpoint.ts';
import { IMPORT_NOTICES, type ImportNoticeCode } from '../../shared/import-messages.ts';

// Imports of reports and inspections, their batches and rollbacks: administrators only
// (server/routes/imports.ts). docs/import-format.md.

const columns = z.array(z.string().max(64)).max(50)
  .meta({ description: 'the first 50 columns not on the allow-list (names shortened to 64 characters); their values are never stored' });

export const ImportReport = z.object({
  batchId: z.number().int(),
  kind: z.enum(['reports', 'inspections']),
  fileName: z.string().nullable(),
  format: z.enum(['csv', 'geojson']),
  delimiter: z.enum([',', ';']).nullable(),
  rows: z.number().int(),
  inserted: z.number().int(),
  alreadyPresent: z.number().int(),
  droppedColumns: columns,
  droppedColumnCount: z.number().int().meta({ description: 'how many columns were dropped in all' }),
  snapMetres: z.number().int(),
  period: WeekRange.nullable().meta({ description: 'first and last day of the imported rows' }),
  rollupDays: z.number().int(),
  notices: z.array(z.object({
    code: z.enum(Object.keys(IMPORT_NOTICES) as [ImportNoticeCode, ...ImportNoticeCode[]]),
    params: z.record(z.string(), z.number()),
  })).meta({ description: 'what to check about the file although it was imported, as codes of shared/import-messages.ts IMPORT_NOTICES: dates_few_days (params days, expected): the reports fall on far fewer days than their number and span imply, as when dated by the day they were forwarded (docs/import-format.md, "Notices")' }),
}).meta({ id: 'ImportReport' });

export const Batch = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string().nullable(),
  rowsTotal: z.number().int(),
  rowsInserted: z.number().int(),
  rowsPresent: z.number().int(),
  droppedColumns: columns,
  droppedColumnCount: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  rowsStored: z.number().int().nullable().meta({ description: 'rows of the batch still stored; null for areas and population batches' }),
}).meta({ id: 'Batch' });

export const Rollback = z.object({
  batchId: z.number().int(),
  kind: z.string(),
  removed: z.number().int(),
  rollupDays: z.number().int(),
}).meta({ id: 'Rollback' });

export type ImportReport = z.infer<typeof ImportReport>;
export type Batch = z.infer<typeof Batch>;
export type Rollback = z.infer<typeof Rollback>;

export const importQuery = z.object({
  format: z.enum(['csv', 'geojson']).optional().meta({ description: 'default: from the Content-Type' }),
  filename: z.string().max(200).regex(/^[\w .()-]+$/, 'may contain letters, digits, space, . ( ) - and _').optional(),
  snap: z.coerce.number().int().min(1).max(1000).optional()
    .meta({ description: 'grid size in metres for coarsening; at least SNAP_METRES (default 50): a finer grid is refused with 400' }),
});

const upload = {
  'text/csv': { opaque: 'string', description: 'CSV with a header row (comma or semicolon)' },
  'application/geo+json': { opaque: 'object', description: 'a GeoJSON FeatureCollection of points' },
} as const;

export const importReports = endpoint({
  method: 'post', path: '/imports/reports', summary: 'Import reports (CSV or GeoJSON body; all or nothing)',
  description: 'See docs/import-format.md. Body limit IMPORT_LIMIT_MB (default 200 MB). A refused file is a 422 with every kind of row problem (`code`, `params`, `problems`).',
  query: importQuery,
  body: upload,
  responses: { 201: { description: 'Imported', content: { 'application/json': ImportReport } } },
  errors: [400, 413, 422],
});

export const importInspections = endpoint({
  method: 'post', path: '/imports/inspections', summary: 'Import inspections (CSV or GeoJSON body; all or nothing)',
  query: importQuery,
  body: upload,
  responses: { 201: { description: 'Imported', content: { 'application/json': ImportReport } } },
  errors: [400, 413, 422],
});

export const listImports = endpoint({
  method: 'get', path: '/imports', summary: 'Import batches, newest first',
  query: noQuery,
  responses: { 200: { description: 'OK', content: { 'application/json': z.array(Batch) } } },
});

export const rollbackImport = endpoint({
  method: 'delete', path: '/imports/:id', summary: 'Roll back one import batch (reports or inspections) and its rollups',
  params: z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1).meta({ description: 'an import batch id' }) }),
  responses: { 200: { description: 'Rolled back', content: { 'application/json': Rollback } } },
  errors: [400, 404, 409],
});

export const importEndpoints = [listImports, importReports, importInspections, rollbackImport];
