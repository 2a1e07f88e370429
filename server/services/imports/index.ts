import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../db/index.ts';
import { isUniqueViolation } from '../../db/index.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import { openLocator } from './locate.ts';
import { parseInput } from './parse.ts';
import { keptDroppedColumns } from './limits.ts';
import * as repo from '../../repositories/imports.ts';
import * as pipeline from '../../repositories/import-pipeline.ts';
import * as rollups from '../../repositories/rollups.ts';
import {
  ALLOWED_COLUMNS, DATE_COLUMN, buildLookup, fewDaysNotice, formatRowError, rowError, stagedCsv, validateRow,
  type ImportKind, type RowContext, type RowError, type StagedRow,
} from './rows.ts';
import { IMPORT_SUMMARY, fill, type ImportNotice, type ImportProblem, type ImportProblemCode } from '../../../shared/import-messages.ts';

export const MAX_REPORTED_ERRORS = 100;
/** Examples kept per kind of problem (the count is always complete). */
export const EXAMPLES_PER_KIND = 100;

/**
 * Every problem of a file, by kind: the complete count and the first examples of each, so that a
 * file with bad dates, unknown categories and points outside the areas is fixed in one round.
 */
export class ProblemCollector {
  readonly #kinds = new Map<ImportProblemCode, { count: number; examples: RowError[] }>();

  /** Counts one problem and keeps it as an example while the kind has fewer than its share. */
  add(e: RowError): void {
    let kind = this.#kinds.get(e.code);
    if (!kind) this.#kinds.set(e.code, (kind = { count: 0, examples: [] }));
    kind.count++;
    if (kind.examples.length < EXAMPLES_PER_KIND) kind.examples.push(e);
  }

  setCount(code: ImportProblemCode, count: number): void {
    const kind = this.#kinds.get(code);
    if (kind) kind.count = Math.max(kind.count, count);
  }

  get size(): number {
    return this.#kinds.size;
  }

  list(): ImportProblem[] {
    return [...this.#kinds].map(([code, k]) => ({
      code,
      count: k.count,
      examples: k.examples.map((e) => ({ line: e.line, ...(e.column ? { column: e.column } : {}), params: e.params })),
    }));
  }

  /** The refusal: a summary, the examples as English lines (at most 100, every kind shown) and
   *  the problems as codes with parameters for the dashboard to render in its language. */
  error(c: { rows: number; errorRows: number; duplicates: number; outsideRows: number; unit: string }): InputError {
    const kinds = [...this.#kinds.values()];
    const share = Math.max(1, Math.floor(MAX_REPORTED_ERRORS / kinds.length));
    const details = kinds.flatMap((k) => k.examples.slice(0, share)).map((e) => (e.code === 'duplicate_id'
      ? `${c.unit}s ${e.params.lines}: external_id "${e.params.id}" occurs more than once`
      : formatRowError(e, c.unit)));
    const families = [c.errorRows > 0, c.duplicates > 0, c.outsideRows > 0].filter(Boolean).length;
    const message = families > 1
      ? fill(IMPORT_SUMMARY.en, { bad: c.errorRows + c.outsideRows + c.duplicates, rows: c.rows, kinds: this.#kinds.size })
      : c.errorRows > 0
        ? `${c.errorRows} of ${c.rows} rows are invalid; nothing was imported`
        : c.duplicates > 0
          ? `${c.duplicates}${c.duplicates === MAX_REPORTED_ERRORS ? ' or more' : ''} external ids occur more than once in the file; nothing was imported`
          : 'rows lie outside the loaded areas (more than 150 m from every buurt); nothing was imported';
    return new InputError(message, details, {
      status: 422,
      code: families > 1 ? 'import_refused' : undefined,
      params: { bad: c.errorRows + c.outsideRows + c.duplicates, rows: c.rows, invalid: c.errorRows, duplicates: c.duplicates, outside: c.outsideRows, kinds: this.#kinds.size },
      problems: this.list(),
    });
  }
}

export interface ImportOptions {
  kind: ImportKind;
  fileName?: string;
  format?: 'csv' | 'geojson';
  snapMetres: number;
  createdBy: string;
  /** ISO date of "today" (rows dated later are errors); injectable for tests. */
  today?: string;
  /** Rows per chunk (default CHUNK_ROWS); tests use small chunks to cover files of several. */
  chunkRows?: number;
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
  /** The first 50 dropped column names (64 characters each at most) … */
  droppedColumns: string[];
  /** … and how many columns were dropped in all. */
  droppedColumnCount: number;
  snapMetres: number;
  period: { from: string; to: string } | null;
  rollupDays: number;
  /** What to check about the file although it was imported (rows.ts fewDaysNotice). */
  notices: ImportNotice[];
}

/** Rows per chunk: one chunk is stored while the next is located and the one after is parsed and
 *  validated, so the stages work at the same time instead of in turn. */
const CHUNK_ROWS = 50_000;
/** Starting size of a chunk's COPY text per row (a staged report line is 50-70 bytes); the buffer
 *  grows when the lines are longer. */
const CHUNK_BYTES_PER_ROW = 80;

/** Reads, validates, anonymises and stores one file of reports or inspections — all or nothing.
 *  Rows stream through validation in chunks into a staging table (COPY) and are located and stored
 *  chunk by chunk inside one transaction; any invalid row, duplicate id or location outside the
 *  areas anywhere in the file stops the writing and rolls everything back, and the error lists up
 *  to 100 problems with line and column. */
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
  const { droppedColumns, droppedColumnCount } = keptDroppedColumns(parsed.columns.filter((c) => !allowed.includes(c) && c !== '__geometry_error' && c !== ''));
  checkColumns(options.kind, parsed.columns);
  const unit = parsed.format === 'geojson' ? 'feature' : 'line';
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;

  return db.transaction(async (tx) => {
    const ctx: RowContext = {
      kind: options.kind,
      categories: buildLookup(await repo.categoryLabels(tx, {})),
      sources: buildLookup(await repo.sourceLabels(tx, {})),
      decimalComma: parsed.delimiter === ';',
      today: options.today ?? new Date().toISOString().slice(0, 10),
    };
    await pipeline.prepareStoring(tx);

    const problems = new ProblemCollector();
    let errorRows = 0;
    let rows = 0;
    let minDate = '';
    let maxDate = '';
    /** Valid rows per date (reports: how many different days they fall on, fewDaysNotice). */
    const dates = new Map<string, number>();
    /** Validated rows as COPY text, CHUNK_ROWS at a time; after the first problem it only keeps
     *  validating (to report every problem) and yields nothing more. Each line is written into
     *  the chunk's byte buffer at once, so it dies young instead of being kept (and promoted to
     *  the old generation of the heap) until the chunk is complete. */
    async function* chunks(): AsyncGenerator<{ bytes: Buffer; rows: number }> {
      let buffer = Buffer.allocUnsafe(chunkRows * CHUNK_BYTES_PER_ROW);
      let used = 0;
      let inBuffer = 0;
      // The first chunk is smaller, so the locator and the store start sooner (the stages of the
      // pipeline only overlap once each has a chunk).
      let limit = Math.ceil(chunkRows / 5);
      for await (const batch of parsed.records) for (const { line, record } of batch) {
        rows++;
        const geometryError = record.__geometry_error;
        const result: StagedRow | RowError[] = geometryError
          ? [rowError(line, 'geometry', 'geometry_not_point', { got: /\(got (.*)\)$/.exec(geometryError)?.[1] ?? '?' })]
          : validateRow(record, line, ctx);
        if (Array.isArray(result)) {
          errorRows++;
          for (const e of result) problems.add(e);
          continue;
        }
        // Valid rows go on being located and stored after a problem (the transaction is rolled
        // back in the end), so one pass reports every kind: invalid rows, duplicate ids and
        // locations outside the areas.
        if (!minDate || result.date < minDate) minDate = result.date;
        if (!maxDate || result.date > maxDate) maxDate = result.date;
        dates.set(result.date, (dates.get(result.date) ?? 0) + 1);
        const text = stagedCsv(result);
        // A UTF-8 character takes at most 3 bytes per UTF-16 code unit.
        if (used + text.length * 3 > buffer.length) {
          const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + text.length * 3));
          buffer.copy(larger, 0, 0, used);
          buffer = larger;
        }
        used += buffer.write(text, used);
        if (++inBuffer === limit) {
          yield { bytes: buffer.subarray(0, used), rows: inBuffer };
          buffer = Buffer.allocUnsafe(chunkRows * CHUNK_BYTES_PER_ROW);
          used = 0;
          inBuffer = 0;
          limit = chunkRows;
        }
      }
      if (inBuffer > 0) yield { bytes: buffer.subarray(0, used), rows: inBuffer };
    }

    const [batch] = await repo.insertBatch(tx, {
      kind: options.kind, fileName: options.fileName ?? null, droppedColumns, droppedColumnCount, snapMetres: options.snapMetres, createdBy: options.createdBy,
    });
    const outside: number[] = [];
    let outsideRows = 0;
    let inserted = 0;
    // Until an id turns out to be present already, chunks are stored without looking for them.
    let idsMayExist = false;
    // An id of the file met twice while storing: the duplicate check below says which.
    let duplicateMet = false;
    // Ids of chunks that were not stored: only the duplicate check below can compare them.
    let keysOfUnstored = false;
    const locator = await openLocator(db, tx);
    // Three stages at once where the engine allows: Node parses and validates the next chunk,
    // the locator places the one before and the transaction stores the one before that.
    const source = chunks();
    // The next chunk is read while this one is located and stored; a failure of that read (an
    // upload over the limit, say) is awaited with it, so it must not count as unhandled before.
    const read = () => {
      const promise = source.next();
      promise.catch(() => {});
      return promise;
    };
    let next = read();
    let storing: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const chunk = await next;
        if (chunk.done) break;
        next = read();
        if (!locator.concurrent) await storing;
        const located = await locator.locate(chunk.value.bytes, options.snapMetres);
        await storing;
        if (!located.deliver) {
          // Not stored, but its ids still take part in the duplicate check.
          outsideRows += located.outside.length;
          outside.push(...located.outside.slice(0, MAX_REPORTED_ERRORS - outside.length));
          await located.keepKeys(tx);
          keysOfUnstored = true;
          continue;
        }
        storing = storeChunk(located.deliver, chunk.value.rows);
        // Awaited before the next store or after the loop; until then a failure must not count
        // as unhandled.
        storing.catch(() => {});
      }
      await storing;
    } catch (err) {
      // The chunk being stored may still be sending statements: let it finish before the
      // transaction is rolled back and its session given back.
      await storing.catch(() => {});
      throw err;
    } finally {
      await locator.close();
    }

    async function storeChunk(deliver: (store: Queryable) => Promise<void>, rowsInChunk: number): Promise<void> {
      await pipeline.clearLocated(tx);
      await deliver(tx);
      await pipeline.keepKeys(tx, {});
      if (!idsMayExist) {
        // Optimistic: store the whole chunk and let the primary key say whether an id was there.
        await pipeline.chunkSavepoint(tx);
        try {
          await pipeline.insertAll[options.kind](tx, { batchId: batch!.id });
          await pipeline.chunkRelease(tx);
          inserted += rowsInChunk;
          if (options.kind === 'reports') {
            await pipeline.chunkDailyCounts(tx, {});
            await pipeline.chunkCellCounts(tx, {});
          }
          return;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          await pipeline.chunkUndo(tx);
          idsMayExist = true;
        }
      }
      // Probe the primary key for each row of the chunk rather than hash the whole table.
      await pipeline.probingSavepoint(tx);
      try {
        const [result] = await pipeline.insertNew[options.kind](tx, { batchId: batch!.id });
        await pipeline.probingRelease(tx);
        inserted += result?.inserted ?? 0;
      } catch (err) {
        // Still refused: the chunk holds an id twice.
        if (!isUniqueViolation(err)) throw err;
        await pipeline.probingUndo(tx);
        duplicateMet = true;
      }
    }

    if (rows === 0) throw new InputError('the file has a header but no data rows', [], { status: 422 });
    // Without a refused id the unique index has shown there are no duplicates; with one, an id
    // of the file may have been skipped as present when an earlier chunk had stored it.
    const duplicates = idsMayExist || duplicateMet || keysOfUnstored
      ? await pipeline.duplicates(tx, { kind: options.kind })
      : [];
    for (const d of duplicates) problems.add(rowError(d.lines[0]!, 'external_id', 'duplicate_id', { id: d.external_id, lines: d.lines.join(', ') }));
    for (const line of outside) problems.add(rowError(line, undefined, 'outside_areas'));
    problems.setCount('outside_areas', outsideRows);
    if (problems.size > 0) throw problems.error({ rows, errorRows, duplicates: duplicates.length, outsideRows, unit });

    await repo.finishBatch(tx, { batchId: batch!.id, contentHash: hash.digest('hex'), rowsTotal: rows, inserted, present: rows - inserted });
    let rollupDays = 0;
    if (options.kind === 'reports' && inserted > 0) {
      await pipeline.summariseReports(tx);
      if (idsMayExist) rollupDays = await addToRollups(tx, batch!.id);
      else {
        // Every chunk was stored whole, so the counts taken per chunk are the batch's. (The delta
        // tables were created, empty, with the import's own work tables.)
        await pipeline.mergeDailyCounts(tx, {});
        await pipeline.mergeCellCounts(tx, {});
        rollupDays = await applyDeltas(tx, batch!.id);
      }
    }
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
      droppedColumnCount,
      snapMetres: options.snapMetres,
      period: minDate ? { from: minDate, to: maxDate } : null,
      rollupDays,
      notices: options.kind === 'reports' ? [fewDaysNotice(dates)].filter((x) => x !== null) : [],
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

/** Counts the reports of one batch (or, with null, of every batch) per rollup key, into the
 *  transaction's delta tables. */
async function computeDeltas(tx: Queryable, batchId: number | null): Promise<void> {
  await rollups.createDeltas(tx);
  await rollups.dailyDelta(tx, { batchId });
  await rollups.cellDelta(tx, { batchId });
}

/** Adds the reports of one batch (or, with null, of every batch) to the daily and monthly
 *  hexagon rollups and the incident counts; returns the number of days that changed. */
export async function addToRollups(tx: Queryable, batchId: number | null): Promise<number> {
  await computeDeltas(tx, batchId);
  return applyDeltas(tx, batchId);
}

/** Adds the delta tables to the rollups and the batch's (null: every report's) incidents to the
 *  incident counts; returns the number of days that changed. */
async function applyDeltas(tx: Queryable, batchId: number | null): Promise<number> {
  const [change] = await rollups.addDeltas(tx, {});
  await rollups.changeIncidents(tx, { batchId, sign: 1 });
  return change?.days ?? 0;
}

/** Rebuilds every rollup from the reports (maintenance, and the reference the tests hold the
 *  incremental updates to). */
export async function rebuildRollups(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await pipeline.sessionSettings(tx);
    await rollups.clear(tx);
    await addToRollups(tx, null);
  });
}

export interface BatchSummary {
  id: number;
  kind: string;
  fileName: string | null;
  rowsTotal: number;
  rowsInserted: number;
  rowsPresent: number;
  droppedColumns: string[];
  droppedColumnCount: number;
  createdAt: string;
  createdBy: string;
  /** Rows of the batch still stored; null for areas and population (not kept per batch). */
  rowsStored: number | null;
}

export async function listBatches(db: Queryable): Promise<BatchSummary[]> {
  return repo.listBatches(db, {});
}

/** Removes one import batch and everything it inserted, and rebuilds the rollups of its days. */
export async function rollbackBatch(db: Database, batchId: number): Promise<{ batchId: number; kind: string; removed: number; rollupDays: number }> {
  return db.transaction(async (tx) => {
    const [batch] = await repo.lockBatch(tx, { batchId });
    if (!batch) throw new NotFoundError(`import batch ${batchId} does not exist`, 'id');
    if (batch.kind !== 'reports' && batch.kind !== 'inspections') {
      throw new InputError(`import batch ${batchId} loaded ${batch.kind}; only report and inspection imports can be rolled back`, [], { status: 409 });
    }
    await pipeline.sessionSettings(tx);
    // The rollups lose exactly what this batch added, before its reports go.
    let rollupDays = 0;
    if (batch.kind === 'reports') {
      await computeDeltas(tx, batchId);
      const [change] = await rollups.subtractDeltas(tx, {});
      await rollups.changeIncidents(tx, { batchId, sign: -1 });
      rollupDays = change?.days ?? 0;
    }
    const [removed] = await (batch.kind === 'reports' ? repo.deleteBatchReports : repo.deleteBatchInspections)(tx, { batchId });
    await repo.deleteBatch(tx, { batchId });
    return { batchId, kind: batch.kind, removed: removed?.n ?? 0, rollupDays };
  });
}
