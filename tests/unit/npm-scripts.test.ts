import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every `tsx FILE` of package.json's scripts exists (issue #14, 8: `npm run dev` pointed at a
 *  scripts/dev.ts that did not exist). */
describe('package.json scripts', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const [name, command] of Object.entries(scripts)) {
    const files = [...command.matchAll(/\btsx\s+(\S+\.ts)\b/g)].map((m) => m[1]!);
    if (files.length === 0) continue;
    it(`npm run ${name}: ${files.join(', ')} exists`, () => {
      for (const f of files) expect(existsSync(f), f).toBe(true);
    });
  }
});
