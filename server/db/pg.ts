import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { copyStatement } from './csv-chunks.ts';
import { DatabaseUnavailableError, type CsvChunks, type Database, type Queryable, type QueryOptions, type Row, type Session } from './types.ts';

// Same value mapping as the PGlite side: dates as ISO strings, int8/numeric as numbers.
const typeParsers: Record<number, (v: string) => unknown> = {
  1082: (v) => v, // date
  20: (v) => Number(v), // int8
  1700: (v) => Number(v), // numeric
};
const getTypeParser = ((oid: number, format?: string) =>
  typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

/** Error codes that mean "the server is not there" rather than "your SQL is wrong". */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

function translate(err: unknown): unknown {
  const code = (err as { code?: string })?.code;
  const message = (err as Error)?.message ?? '';
  if ((code && UNAVAILABLE.has(code)) || /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)) {
    return new DatabaseUnavailableError(`database unavailable: ${message}`, { cause: err });
  }
  return err;
}

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T = Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) {
      try {
        const result = await client.query({ name: options.prepare, text: sql, values: params as unknown[], types: { getTypeParser } });
        return result.rows as T[];
      } catch (err) {
        throw translate(err);
      }
    },
    async exec(sql: string) {
      try {
        await client.query(sql);
      } catch (err) {
        throw translate(err);
      }
    },
    async copyCsv(table: string, columns: readonly string[], chunks: CsvChunks) {
      const run = async (c: pg.PoolClient) => {
        const stream = c.query(copyFrom(copyStatement(table, columns, 'STDIN')));
        await pipeline(Readable.from(chunks as AsyncIterable<string | Uint8Array>), stream);
        return Number(stream.rowCount ?? 0);
      };
      try {
        if ('release' in client) return await run(client);
        const c = await client.connect();
        try {
          return await run(c);
        } finally {
          c.release();
        }
      } catch (err) {
        throw translate(err);
      }
    },
  };
}

export async function openPostgres(connectionString: string, options: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next query opens a fresh one.
  pool.on('error', () => {});
  // Fail fast with a clear message when the server is not reachable at start-up.
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(`cannot connect to DATABASE_URL (${redact(connectionString)}): ${(err as Error).message}`, { cause: err });
  }
  const connect = () => pool.connect().catch((err: unknown) => {
    throw translate(err);
  });
  return {
    engine: 'postgres',
    ...queryable(pool),
    async transaction(fn) {
      const client = await connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw translate(err);
      } finally {
        client.release();
      }
    },
    async session(): Promise<Session> {
      const client = await connect();
      return {
        ...queryable(client),
        async copyOut(copySql: string) {
          // The server sends one message per row: joined into one buffer, they are written back
          // (copyCsv) in one piece instead of one socket write per row.
          const parts: Buffer[] = [];
          try {
            for await (const part of client.query(copyTo(copySql))) parts.push(part as Buffer);
          } catch (err) {
            throw translate(err);
          }
          return Buffer.concat(parts);
        },
        async release() {
          // A session that cannot roll back is broken: the pool discards it instead of reusing it.
          const broken = await client.query('ROLLBACK').then(() => undefined, (err: Error) => err);
          client.release(broken);
        },
      };
    },
    close: () => pool.end(),
  };
}

/** Hides the password of a connection string for messages and logs. */
export function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable connection string)';
  }
}
