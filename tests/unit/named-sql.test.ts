import { describe, expect, it } from 'vitest';
import { compileNamed } from '../../server/db/named.ts';

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
