import { mkdir } from 'node:fs/promises';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { batchBytes, copyStatement } from './csv-chunks.ts';
import type { CsvChunks, Database, Queryable, Row } from './types.ts';

// Dates stay ISO strings and bigints/numerics become numbers, on both engines alike, so no
// caller ever sees a timezone-shifted Date or a numeric string (see pg.ts for the mirror image).
const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

export interface PgliteOptions {
  /** Directory for the data files; omitted → in memory. */
  dataDir?: string;
  /** A gzipped data directory made by `dumpDataDir` (a migrated template, for fast test start). */
  loadDataDir?: Blob;
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function queryable(pg: PgliteLike): Queryable {
  return {
    async query<T = Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pg.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    async copyCsv(table: string, columns: readonly string[], chunks: CsvChunks) {
      let copied = 0;
      for await (const batch of batchBytes(chunks)) {
        const result = await pg.query(copyStatement(table, columns, `'/dev/blob'`), [], {
          blob: new Blob(batch as BlobPart[]),
        });
        copied += result.affectedRows ?? 0;
      }
      return copied;
    },
  };
}

export async function openPglite(options: PgliteOptions = {}): Promise<Database & { dump(): Promise<Blob> }> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pg = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { postgis },
    parsers,
  });
  return {
    engine: 'pglite',
    ...queryable(pg),
    transaction: (fn) => pg.transaction((tx) => fn(queryable(tx))),
    close: () => pg.close(),
    dump: () => pg.dumpDataDir('gzip'),
  };
}
