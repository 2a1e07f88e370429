import type { CsvChunks } from './types.ts';

const encoder = new TextEncoder();

/** Groups CSV chunks into batches of roughly `targetBytes`, each ending on a row boundary as
 *  long as the incoming chunks do (callers pass whole rows). PGlite's COPY takes one Blob, so
 *  batching keeps memory bounded for large imports. */
export async function* batchBytes(chunks: CsvChunks, targetBytes = 8 * 1024 * 1024): AsyncGenerator<Uint8Array[]> {
  let batch: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks as AsyncIterable<string | Uint8Array>) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    batch.push(bytes);
    size += bytes.byteLength;
    if (size >= targetBytes) {
      yield batch;
      batch = [];
      size = 0;
    }
  }
  if (size > 0) yield batch;
}

/** Double-quotes identifiers for COPY statements built from code-defined table/column names. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid identifier ${name}`);
  return `"${name}"`;
}

export function copyStatement(table: string, columns: readonly string[], from: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${from} WITH (FORMAT csv)`;
}
