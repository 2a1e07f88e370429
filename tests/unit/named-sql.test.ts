import { describe, expect, it } from 'vitest';
import { compileNamed, namedQuery } from '../../server/db/named.ts';

describe('named query parameters', () => {
  it('numbers names in order of first use and reuses a number for a repeated name', () => {
    expect(compileNamed('SELECT * FROM users WHERE username = :username AND (:role::text IS NULL OR role = :role)')).toEqual({
      text: 'SELECT * FROM users WHERE username = $1 AND ($2::text IS NULL OR role = $2)',
      names: ['username', 'role'],
    });
  });

  it('leaves casts, literals, quoted identifiers, comments and dollar quotes alone', () => {
    const source = `SELECT to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "a:b", 'it''s :not' AS x, $$ :no $$, $f$ :nor $f$,
      a[1:50], now()::date -- :comment
      /* :block */ FROM t WHERE id = :id`;
    const out = compileNamed(source);
    expect(out.names).toEqual(['id']);
    expect(out.text).toBe(source.replace(':id', '$1'));
  });
});

describe('prepared named queries', () => {
  it('names the statement after its file when asked, and only then', async () => {
    const calls: unknown[][] = [];
    const db = { query: async <T>(...args: unknown[]) => { calls.push(args); return [] as T[]; } };
    const load = () => 'SELECT 1 FROM t WHERE a = :a AND b = :b';
    await namedQuery<{ a: number; b: string }>('sessions/resolve', load, { prepared: true })(db, { a: 1, b: 'x' });
    await namedQuery<{ a: number; b: string }>('sessions/resolve', load)(db, { a: 2, b: 'y' });
    expect(calls).toEqual([
      ['SELECT 1 FROM t WHERE a = $1 AND b = $2', [1, 'x'], { prepare: 'q_sessions_resolve' }],
      ['SELECT 1 FROM t WHERE a = $1 AND b = $2', [2, 'y']],
    ]);
  });
});
