import type { Database, Queryable, Session } from '../db/index.ts';
import { sql } from '../db/index.ts';

/** The staging table's columns, in the order of stagedCsv(). */
const STAGED_COLUMNS = ['line', 'external_id', 'day', 'code', 'code2', 'lon', 'lat', 'x', 'y'] as const;
/** import_located's columns, in the order of the import_chunk_located view. */
const LOCATED_COLUMNS = [
  'line', 'external_id', 'day', 'code', 'code2', 'sx', 'sy', 'buurt_code', 'wijk_code', 'gemeente_code',
  'hex250_i', 'hex250_j', 'hex500_i', 'hex500_j', 'hex1000_i', 'hex1000_j',
] as const;

/** One chunk after locating: the lines that lie outside the loaded areas (and a way to put the
 *  chunk's ids into import_keys, so duplicates are still found), or a way to put its located rows
 *  into the import transaction's import_located (emptied first). */
export type LocatedChunk =
  | { outside: number[]; deliver?: undefined; keepKeys(store: Queryable): Promise<void> }
  | { outside: []; deliver(store: Queryable): Promise<void> };

/** Snaps and places an import's rows (buurt, wijk, gemeente, hexagon cells) chunk by chunk.
 *  `concurrent`: it works in a session of its own, so it may locate the next chunk while the
 *  import transaction stores the previous one; otherwise both share one session and take turns. */
export interface Locator {
  readonly concurrent: boolean;
  locate(csv: Buffer, snapMetres: number): Promise<LocatedChunk>;
  close(): Promise<void>;
}

/** On PostgreSQL the rows are located in a second session — another server process, so another
 *  core — while the import transaction stores the chunk before; the located rows travel back
 *  through COPY. Locating reads only committed data (areas, buurt pieces), so its own
 *  transaction sees what the import's would; that transaction is rolled back at the end and
 *  writes nothing that outlives it. On the embedded engine the import's own session locates. */
export async function openLocator(db: Database, tx: Queryable): Promise<Locator> {
  if (!db.session) return locatorIn(tx, false);
  const session = await db.session();
  try {
    await session.exec('BEGIN');
    return await locatorIn(session, true, session);
  } catch (err) {
    await session.release();
    throw err;
  }
}

async function locatorIn(q: Queryable, concurrent: boolean, session?: Session): Promise<Locator> {
  await q.exec(sql('imports/session-settings'));
  await q.exec(sql('imports/create-locate-tables'));
  await q.exec(sql('imports/located'));
  return {
    concurrent,
    async locate(csv, snapMetres) {
      await q.exec(sql('imports/clear-chunk'));
      await q.copyCsv('import_staging', STAGED_COLUMNS, [csv]);
      // (No ANALYZE of the work tables: the planner sizes them from their pages, and with merge
      // joins off it hashes them; analysing cost more than it saved.)
      await q.query(sql('imports/locate-points'), [snapMetres]);
      await q.query(sql('imports/locate-squares'), [snapMetres]);
      await q.query(sql('imports/locate-edges'));
      const lost = await q.query<{ line: number }>(sql('imports/outside'));
      if (lost.length > 0) {
        const outside = lost.map((o) => o.line);
        if (!session) return { outside, keepKeys: (store) => store.query(sql('imports/keep-staged-keys')).then(() => undefined) };
        const keys = await session.copyOut(sql('imports/copy-staged-keys'));
        return { outside, keepKeys: (store) => store.copyCsv('import_keys', ['line', 'external_id', 'code2'], [keys]).then(() => undefined) };
      }
      if (!session) return { outside: [], deliver: (store) => store.query(sql('imports/locate')).then(() => undefined) };
      const rows = await session.copyOut(sql('imports/copy-located'));
      return { outside: [], deliver: (store) => store.copyCsv('import_located', LOCATED_COLUMNS, [rows]).then(() => undefined) };
    },
    close: async () => {
      await session?.release();
    },
  };
}
