import { readFileSync } from 'node:fs';
import { Document, isScalar, visit } from 'yaml';
import { openApiDocument } from './openapi.ts';

/** docs/openapi.yaml as the contract gives it (the version is package.json's). Short maps and
 *  lists are written on one line, `{ type: string, maxLength: 100 }`, as the hand-written file was. */
export function openApiYaml(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const doc = new Document(openApiDocument(pkg.version), { aliasDuplicateObjects: false });
  visit(doc, {
    Map: (_key, node) => { if (JSON.stringify(node.toJSON()).length <= 90) node.flow = true; },
    // Lists of names (required properties, enums) on one line, however long.
    Seq: (_key, node) => { if (JSON.stringify(node.toJSON()).length <= 90 || node.items.every((i) => isScalar(i))) node.flow = true; },
  });
  const header = '# Generated from server/contract/ by `npm run openapi`: do not edit by hand.\n';
  return header + doc.toString({ lineWidth: 0 });
}
