import type { Queryable } from '../db/index.ts';
import { sql } from '../db/index.ts';
import { compileNamed, namedQuery } from '../db/named.ts';

/** A typed function for the named query file `sql/queries/<name>.sql` (`:param` placeholders).
 *  `prepared`: a small statement that (nearly) every request runs, prepared once per PostgreSQL
 *  connection (parsing and planning were two thirds of its database time: docs/benchmarks.md). */
export const query = <P extends object, R = never>(name: string, options: { prepared?: boolean } = {}) => namedQuery<P, R>(name, sql, options);

/**
 * A function for query files of one or more statements without parameters (session settings,
 * work tables, savepoints), run with one `exec`: several names run in that order in one round
 * trip. A `:name` in such a file is a mistake, caught on first use.
 */
export const statements = (...names: string[]) => {
  let text: string | undefined;
  return (db: Pick<Queryable, 'exec'>): Promise<void> => {
    if (text === undefined) {
      for (const name of names) {
        const found = compileNamed(sql(name)).names;
        if (found.length) throw new Error(`query ${name}: statements take no parameters (found :${found.join(', :')})`);
      }
      text = names.map((name) => sql(name)).join('\n;\n');
    }
    return db.exec(text);
  };
};
