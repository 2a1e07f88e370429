/**
 * Named parameters for the query files: `:name` in `sql/queries/**.sql` becomes `$1`, `$2` … in
 * order of first use, so a repository function passes an object (`{ username, source }`) instead
 * of a positional array whose order has to match the text. Casts (`::date`), string literals,
 * quoted identifiers, comments and dollar-quoted bodies are left alone (a to_char format like
 * 'HH24:MI:SS' holds no parameter).
 */
export interface CompiledQuery {
  text: string;
  /** Parameter names in $n order. */
  names: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

export function compileNamed(source: string): CompiledQuery {
  let text = '';
  const names: string[] = [];
  const index = new Map<string, number>();
  let i = 0;
  const copyUntil = (end: number) => {
    text += source.slice(i, end);
    i = end;
  };
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "'" || c === '"') {
      // '' (or "") inside is an escaped quote: the scan simply continues past it.
      let j = i + 1;
      for (;;) {
        j = source.indexOf(c, j);
        if (j < 0) {
          j = source.length;
          break;
        }
        if (source[j + 1] === c) j += 2;
        else {
          j += 1;
          break;
        }
      }
      copyUntil(j);
    } else if (c === '-' && next === '-') {
      const j = source.indexOf('\n', i);
      copyUntil(j < 0 ? source.length : j);
    } else if (c === '/' && next === '*') {
      const j = source.indexOf('*/', i + 2);
      copyUntil(j < 0 ? source.length : j + 2);
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(source.slice(i, i + 66))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(source.slice(i, i + 66))![0];
      const j = source.indexOf(tag, i + tag.length);
      copyUntil(j < 0 ? source.length : j + tag.length);
    } else if (c === ':' && next === ':') {
      copyUntil(i + 2);
    } else if (c === ':' && next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < source.length && NAME_PART.test(source[j]!)) j++;
      const name = source.slice(i + 1, j);
      let n = index.get(name);
      if (n === undefined) {
        names.push(name);
        n = names.length;
        index.set(name, n);
      }
      text += `$${n}`;
      i = j;
    } else {
      text += c;
      i++;
    }
  }
  return { text, names };
}

/**
 * A typed function for one named query file: `namedQuery<{ username: string }, UserRow>('users/find')`
 * gives `(db, { username }) => Promise<UserRow[]>`. A parameter the object lacks is a programming
 * error (pass null for SQL NULL), not a silent NULL.
 */
export function namedQuery<P extends object, R = never>(name: string, load: (name: string) => string, options: { prepared?: boolean } = {}) {
  let compiled: CompiledQuery | undefined;
  // One statement name per query file (its text never changes while the process runs).
  const prepare = options.prepared ? `q_${name.replace(/[^A-Za-z0-9]/g, '_')}` : undefined;
  return (db: { query<T>(sql: string, params?: readonly unknown[], options?: { prepare?: string }): Promise<T[]> }, params: P): Promise<R[]> => {
    compiled ??= compileNamed(load(name));
    const values = compiled.names.map((n) => {
      const v = (params as Record<string, unknown>)[n];
      if (v === undefined) throw new Error(`query ${name}: parameter :${n} is missing`);
      return v;
    });
    return prepare ? db.query<R>(compiled.text, values, { prepare }) : db.query<R>(compiled.text, values);
  };
}
