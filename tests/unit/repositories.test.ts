import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileNamed } from '../../server/db/named.ts';

// The layering of issue #14: services call SQL only through the typed functions of
// server/repositories/, whose query files take `:named` parameters.
const root = fileURLToPath(new URL('../../', import.meta.url));
const queryText = (name: string) => readFileSync(`${root}sql/queries/${name}.sql`, 'utf8');

/** The query text without comments, string literals, quoted identifiers and dollar-quoted bodies. */
function code(text: string): string {
  return text
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$/g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
}

interface Use { file: string; kind: 'query' | 'statements' | 'sql'; name: string }

/** Every query file a repository names, with the function that runs it. */
function repositoryUses(): Use[] {
  const dir = `${root}server/repositories/`;
  const uses: Use[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(dir + file, 'utf8');
    const call = /\b(query|statements|sql)\s*(<(?:[^<>]|<[^<>]*>)*>)?\s*\(([^)]*)\)/g;
    for (const m of source.matchAll(call)) {
      for (const [, name] of m[3]!.matchAll(/'([a-z0-9_-]+\/[a-z0-9_/-]+)'/g)) uses.push({ file, kind: m[1] as Use['kind'], name: name! });
    }
  }
  return uses;
}

describe('repositories', () => {
  const uses = repositoryUses();

  it('finds the query files of every repository module', () => {
    const files = new Set(uses.map((u) => u.file));
    for (const f of ['areas.ts', 'audit.ts', 'briefings.ts', 'budget.ts', 'import-pipeline.ts', 'imports.ts', 'meta.ts', 'overview.ts', 'places.ts', 'publish.ts', 'rollups.ts', 'signals.ts', 'stats.ts', 'users.ts']) {
      expect(files, f).toContain(f);
    }
    expect(uses.length).toBeGreaterThan(100);
  });

  it('names only query files that exist', () => {
    const missing = uses.filter((u) => !existsSync(`${root}sql/queries/${u.name}.sql`));
    expect(missing).toEqual([]);
  });

  it('gives named queries :names, not $n placeholders', () => {
    const positional = uses.filter((u) => u.kind === 'query' && /\$\d/.test(code(queryText(u.name))));
    expect(positional).toEqual([]);
  });

  it('runs statement files without parameters', () => {
    const withParams = uses.filter((u) => u.kind === 'statements' && compileNamed(queryText(u.name)).names.length > 0);
    expect(withParams).toEqual([]);
  });
});

describe('services', () => {
  const exempt = /^$/;
  const files = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}${e.name}/`, `${prefix}${e.name}/`) : e.name.endsWith('.ts') ? [prefix + e.name] : []));

  it('contain no SQL: no query files read, no statements sent, no SQL text', () => {
    const found: string[] = [];
    for (const dir of ['server/services/', 'server/publish/']) {
      for (const f of files(`${root}${dir}`).filter((f) => !(dir === 'server/services/' && exempt.test(f)))) {
        const source = readFileSync(`${root}${dir}${f}`, 'utf8');
        const pattern = /\bsql\(|\.query\s*[<(]|\.exec\(\s*['"`]|\.copy(Csv|Out)\(|['"`]\s*(SELECT|INSERT|UPDATE|DELETE|WITH|SAVEPOINT|BEGIN|SET LOCAL)\b/g;
        for (const m of source.matchAll(pattern)) found.push(`${dir}${f}: ${m[0]}`);
      }
    }
    expect(found).toEqual([]);
  });
});
