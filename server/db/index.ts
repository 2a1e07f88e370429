import { openPglite } from './pglite.ts';
import { openPostgres } from './pg.ts';
import type { Database } from './types.ts';

export type { Database, Queryable, QueryOptions, Row, Engine, CsvChunks, Session } from './types.ts';
export { DatabaseUnavailableError, isUniqueViolation } from './types.ts';
export { migrate } from './migrate.ts';
export { sql } from './sql.ts';

export interface DatabaseSettings {
  /** postgres://… → PostgreSQL + PostGIS; absent → embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; absent → in memory. */
  pgliteDir?: string;
  /** PGlite: start from a dumped data directory (a migrated template). */
  pgliteTemplate?: Blob;
}

/** The only place that decides between PGlite and `pg`. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  if (settings.databaseUrl) return openPostgres(settings.databaseUrl);
  return openPglite({ dataDir: settings.pgliteDir, loadDataDir: settings.pgliteTemplate });
}
