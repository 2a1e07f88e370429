import type { Database, Queryable, Session } from '../../db/index.ts';
import * as pipeline from '../../repositories/import-pipeline.ts';

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
    await pipeline.beginLocating(session);
    return await locatorIn(session, true, session);
  } catch (err) {
    await session.release();
    throw err;
  }
}

async function locatorIn(q: Queryable, concurrent: boolean, session?: Session): Promise<Locator> {
  await pipeline.prepareLocating(q);
  return {
    concurrent,
    async locate(csv, snapMetres) {
      await pipeline.clearChunk(q);
      await pipeline.stageChunk(q, csv);
      // (No ANALYZE of the work tables: the planner sizes them from their pages, and with merge
      // joins off it hashes them; analysing cost more than it saved.)
      await pipeline.locatePoints(q, { snapMetres });
      await pipeline.locateSquares(q, { snapMetres });
      await pipeline.locateEdges(q, {});
      const lost = await pipeline.outside(q, {});
      if (lost.length > 0) {
        const outside = lost.map((o) => o.line);
        if (!session) return { outside, keepKeys: (store) => pipeline.keepStagedKeys(store, {}).then(() => undefined) };
        const keys = await pipeline.copyStagedKeysOut(session);
        return { outside, keepKeys: (store) => pipeline.loadKeys(store, keys).then(() => undefined) };
      }
      if (!session) return { outside: [], deliver: (store) => pipeline.locateInto(store, {}).then(() => undefined) };
      const rows = await pipeline.copyLocatedOut(session);
      return { outside: [], deliver: (store) => pipeline.loadLocated(store, rows).then(() => undefined) };
    },
    close: async () => {
      await session?.release();
    },
  };
}
