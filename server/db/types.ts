/** The one small database interface the rest of the code sees. Two implementations: embedded
 *  PGlite + PostGIS (default) and a `pg.Pool` on PostgreSQL + PostGIS (when DATABASE_URL is set). */

export type Row = Record<string, unknown>;
export type Engine = 'pglite' | 'postgres';

/** A source of CSV text for COPY … FROM: strings or byte chunks, already CSV-encoded, header-less. */
export type CsvChunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Options of one query. */
export interface QueryOptions {
  /** A statement name: PostgreSQL parses and plans the statement once per connection and reuses
   *  it (the same text must always come with the same name). For the small statements every
   *  request runs (session, data version), where parsing and planning are most of the cost; the
   *  embedded engine ignores it. */
  prepare?: string;
}

export interface Queryable {
  /** One statement with $1… parameters; returns the rows. */
  query<T = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Bulk-load CSV rows into `table(columns)` with COPY; returns the number of rows copied. */
  copyCsv(table: string, columns: readonly string[], chunks: CsvChunks): Promise<number>;
}

export interface Database extends Queryable {
  readonly engine: Engine;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A second session for work that runs at the same time as a transaction on another one (its
   *  own transaction, which sees only committed data). Only where sessions are separate server
   *  processes (PostgreSQL); the embedded engine has one session and leaves this undefined. */
  session?: () => Promise<Session>;
  close(): Promise<void>;
}

export interface Session extends Queryable {
  /** Runs `COPY (…) TO STDOUT` and returns what it wrote, as the server sent it. */
  copyOut(copySql: string): Promise<Buffer>;
  /** Gives the session back (rolling back whatever transaction it left open). */
  release(): Promise<void>;
}

/** Raised when the database cannot be reached; routes turn it into 503. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** A unique constraint refused a row (SQLSTATE 23505), on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}
