import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const QUERIES_DIR = fileURLToPath(new URL('../../sql/queries/', import.meta.url));
const cache = new Map<string, string>();

/** The text of a named query file, `sql/queries/<name>.sql` (read once, then cached). */
export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    if (!/^[a-z0-9_/-]+$/.test(name)) throw new Error(`invalid query name ${name}`);
    text = readFileSync(`${QUERIES_DIR}${name}.sql`, 'utf8');
    cache.set(name, text);
  }
  return text;
}
