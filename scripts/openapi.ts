/**
 * Writes docs/openapi.yaml from the API contract (server/contract/). `--check`: exits 1 when the
 * file differs from what the contract gives (CI and the OpenAPI test use the same comparison).
 *
 *   npm run openapi            # write
 *   npm run openapi -- --check # compare only
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiYaml } from '../server/contract/yaml.ts';

const file = fileURLToPath(new URL('../docs/openapi.yaml', import.meta.url));
const text = openApiYaml();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    /* missing: differs */
  }
  if (current !== text) {
    console.error('docs/openapi.yaml is not what the contract gives: run npm run openapi');
    process.exit(1);
  }
  console.log('docs/openapi.yaml matches the contract');
} else {
  writeFileSync(file, text);
  console.log(`wrote docs/openapi.yaml (${text.length} characters)`);
}
