import { sql } from '../db/index.ts';
import { namedQuery } from '../db/named.ts';

/** A typed function for the named query file `sql/queries/<name>.sql` (`:param` placeholders). */
export const query = <P extends object, R = never>(name: string) => namedQuery<P, R>(name, sql);
