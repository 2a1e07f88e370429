import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/index.ts';
import { sql } from '../db/index.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { parseInput } from './import-parse.ts';
import {
  ALLOWED_COLUMNS, DATE_COLUMN, buildLookup, formatRowError, stagedCsv, validateRow,
  type ImportKind, type RowContext, type RowError, type StagedRow,
} from './import-rows.ts';

export const MAX_REPORTED_ERRORS = 100;

export interface ImportOptions {
  kind: ImportKind;
  fileName?: string;
  format?: 'csv' | 'geojson';
  snapMetres: number;
  createdBy: string;
  /** ISO date of "today" (rows dated later are errors); injectable for tests. */
  today?: string;
}

export interface ImportReport {
  batchId: number;
  kind: ImportKind;
  fileName: string | null;
  format: 'csv' | 'geojson';
  delimiter: ',' | ';' | null;
  rows: number;
  inserted: number;
  alreadyPresent: number;
  droppedColumns: string[];
  snapMetres: number;
  period: { from: string; to: string } | null;
  rollupDays: number;
}

/** Reads, validates, anonymises and stores one file of reports or inspections — all or nothing.
 *  Rows stream through validation into a staging table (COPY); any invalid row anywhere aborts the
 *  transaction and the error lists up to 100 problems with line and column. */
export async function importFile(db: Database, input: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, options: ImportOptions): Promise<ImportReport> {
  const hash = createHash('sha256');
  const hashed = (async function* () {
    for await (const chunk of input) {
      hash.update(chunk);
      yield chunk;
    }
  })();
  const parsed = await parseInput(hashed, options.format);
  const allowed = ALLOWED_COLUMNS[options.kind];
  const droppedColumns = parsed.columns.filter((c) => !allowed.includes(c) && c !== '__geometry_error' && c !== '');
  checkColumns(options.kind, parsed.columns);
  const unit = parsed.format === 'geojson' ? 'feature' : 'line';

  return db.transaction(async (tx) => {
    const ctx: RowContext = {
      kind: options.kind,
      categories: buildLookup(await tx.query('SELECT code, label_nl, label_en FROM categories')),
      sources: buildLookup(await tx.query('SELECT code, label_nl, label_en FROM sources')),
      decimalComma: parsed.delimiter === ';',
      today: options.today ?? new Date().toISOString().slice(0, 10),
    };
    // Sorting and grouping a million rows in memory instead of spilling to disk.
    await tx.exec(`SET LOCAL work_mem = '256MB'`);
    await tx.query(sql('imports/create-staging'));

    const errors: RowError[] = [];
    let errorRows = 0;
    let rows = 0;
    let minDate = '';
    let maxDate = '';
    async function* staged(): AsyncGenerator<string> {
      let buffer = '';
      for await (const batch of parsed.records) for (const { line, record } of batch) {
        rows++;
        const geometryError = record.__geometry_error;
        const result: StagedRow | RowError[] = geometryError
          ? [{ line, column: 'geometry', message: geometryError }]
          : validateRow(record, line, ctx);
        if (Array.isArray(result)) {
          errorRows++;
          for (const e of result) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
          continue;
        }
        if (errorRows > 0) continue; // nothing will be written; keep validating only
        if (!minDate || result.date < minDate) minDate = result.date;
        if (!maxDate || result.date > maxDate) maxDate = result.date;
        buffer += stagedCsv(result);
        if (buffer.length > 1 << 20) {
          yield buffer;
          buffer = '';
        }
      }
      if (buffer) yield buffer;
    }
    await tx.copyCsv('import_staging', ['line', 'external_id', 'day', 'code', 'code2', 'lon', 'lat', 'x', 'y'], staged());

    if (rows === 0) throw new InputError('the file has a header but no data rows', [], { status: 422 });
    if (errorRows > 0) {
      throw new InputError(
        `${errorRows} of ${rows} rows are invalid; nothing was imported`,
        errors.map((e) => formatRowError(e, unit)),
        { status: 422 },
      );
    }
    const duplicates = await tx.query<{ external_id: string; lines: number[] }>(sql('imports/duplicates'), [options.kind]);
    if (duplicates.length > 0) {
      throw new InputError(
        `${duplicates.length} external ids occur more than once in the file; nothing was imported`,
        duplicates.map((d) => `${unit}s ${d.lines.join(', ')}: external_id "${d.external_id}" occurs more than once`),
        { status: 422 },
      );
    }
    await tx.exec('ANALYZE import_staging');
    await tx.query(sql('imports/locate'), [options.snapMetres]);
    const outside = await tx.query<{ line: number }>(sql('imports/outside'));
    if (outside.length > 0) {
      throw new InputError(
        `rows lie outside the loaded areas (more than 150 m from every buurt); nothing was imported`,
        outside.map((o) => `${unit} ${o.line}: location is outside the loaded areas`),
        { status: 422 },
      );
    }

    const [batch] = await tx.query<{ id: number }>(
      `INSERT INTO import_batches (kind, file_name, content_hash, rows_total, dropped_columns, snap_metres, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [options.kind, options.fileName ?? null, hash.digest('hex'), rows, droppedColumns, options.snapMetres, options.createdBy],
    );
    const [result] = await tx.query<{ inserted: number; days: string[] }>(
      sql(options.kind === 'reports' ? 'imports/insert-reports' : 'imports/insert-inspections'),
      [batch!.id],
    );
    const inserted = result?.inserted ?? 0;
    await tx.query('UPDATE import_batches SET rows_inserted = $2, rows_present = $3 WHERE id = $1', [batch!.id, inserted, rows - inserted]);
    const rollupDays = options.kind === 'reports' ? await refreshRollups(tx, result?.days ?? []) : 0;
    return {
      batchId: batch!.id,
      kind: options.kind,
      fileName: options.fileName ?? null,
      format: parsed.format,
      delimiter: parsed.delimiter,
      rows,
      inserted,
      alreadyPresent: rows - inserted,
      droppedColumns,
      snapMetres: options.snapMetres,
      period: minDate ? { from: minDate, to: maxDate } : null,
      rollupDays,
    };
  });
}

function checkColumns(kind: ImportKind, columns: string[]): void {
  const required = ['external_id', DATE_COLUMN[kind], ...(kind === 'reports' ? ['category', 'source'] : ['kind', 'outcome'])];
  const missing = required.filter((c) => !columns.includes(c));
  const hasLocation = (columns.includes('lon') && columns.includes('lat')) || (columns.includes('x') && columns.includes('y'));
  if (missing.length === 0 && hasLocation) return;
  const problems = missing.map((c) => `column ${c} is missing`);
  if (!hasLocation) problems.push('location columns are missing: lon and lat (WGS84) or x and y (RD New)');
  const hint = columns.length === 1 && /[\t|]/.test(columns[0]!) ? ' — the file seems to use another delimiter; use comma or semicolon' : '';
  throw new InputError(`the header does not have the required columns${hint}`, [...problems, `header read as: ${columns.slice(0, 20).join(' | ')}`], { status: 422 });
}

/** Brings the daily and monthly rollups up to date for exactly the given days (and their months). */
export async function refreshRollups(tx: Queryable, days: readonly string[]): Promise<number> {
  if (days.length === 0) return 0;
  await tx.query(sql('rollups/clear-days'), [days]);
  await tx.query(sql('rollups/build-days'), [days]);
  await tx.query(sql('rollups/build-months'), [days]);
  return days.length;
}

export interface BatchSummary {
  id: number;
  kind: string;
  fileName: string | null;
  rowsTotal: number;
  rowsInserted: number;
  rowsPresent: number;
  droppedColumns: string[];
  createdAt: string;
  createdBy: string;
  rowsStored: number;
}

export async function listBatches(db: Queryable): Promise<BatchSummary[]> {
  return db.query<BatchSummary>(sql('imports/list-batches'));
}

/** Removes one import batch and everything it inserted, and rebuilds the rollups of its days. */
export async function rollbackBatch(db: Database, batchId: number): Promise<{ batchId: number; kind: string; removed: number; rollupDays: number }> {
  return db.transaction(async (tx) => {
    const [batch] = await tx.query<{ kind: string }>('SELECT kind FROM import_batches WHERE id = $1 FOR UPDATE', [batchId]);
    if (!batch) throw new NotFoundError(`import batch ${batchId} does not exist`, 'id');
    if (batch.kind !== 'reports' && batch.kind !== 'inspections') {
      throw new InputError(`import batch ${batchId} loaded ${batch.kind}; only report and inspection imports can be rolled back`, [], { status: 409 });
    }
    const table = batch.kind === 'reports' ? 'reports' : 'inspections';
    await tx.exec(`SET LOCAL work_mem = '256MB'`);
    const [affected] = await tx.query<{ removed: number; days: string[] }>(
      batch.kind === 'reports'
        ? `SELECT count(*)::integer AS removed, COALESCE(array_agg(DISTINCT received_on::text), '{}') AS days FROM reports WHERE batch_id = $1`
        : `SELECT count(*)::integer AS removed, '{}'::text[] AS days FROM inspections WHERE batch_id = $1`,
      [batchId],
    );
    await tx.query(`DELETE FROM ${table} WHERE batch_id = $1`, [batchId]);
    await tx.query('DELETE FROM import_batches WHERE id = $1', [batchId]);
    const rollupDays = await refreshRollups(tx, affected?.days ?? []);
    return { batchId, kind: batch.kind, removed: affected?.removed ?? 0, rollupDays };
  });
}
