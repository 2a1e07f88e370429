import { parse } from 'csv-parse';
import { InputError } from '../../errors.ts';
import { checkFeatureProperties, checkHeaderWidth, checkJsonNesting } from './limits.ts';

/** One input record: lower-case column name → raw text, with its line (CSV) or feature number (GeoJSON). */
export interface InputRecord {
  line: number;
  record: Record<string, string | undefined>;
}

export interface ParsedInput {
  format: 'csv' | 'geojson';
  delimiter: ',' | ';' | null;
  columns: string[];
  /** Records in batches (whatever the parser has ready), to keep per-record overhead low. */
  records: AsyncGenerator<InputRecord[]>;
}

/** Decodes UTF-8 strictly: a byte sequence that is not UTF-8 stops the import with a clear error
 *  instead of storing replacement characters. */
async function* decodeUtf8(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let offset = 0;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    try {
      yield decoder.decode(chunk, { stream: true });
    } catch {
      throw new InputError(`the file is not UTF-8 text (invalid bytes after byte ${offset})`, [], { status: 422 });
    }
    offset += chunk.byteLength;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new InputError('the file is not UTF-8 text (truncated multi-byte character at the end)', [], { status: 422 });
  }
}

/** Looks at the start of the text to decide CSV vs GeoJSON and, for CSV, the delimiter. */
export async function parseInput(source: AsyncIterable<Uint8Array | string>, hint?: 'csv' | 'geojson'): Promise<ParsedInput> {
  const text = decodeUtf8(source);
  // Read until the first line break (or the end) to see what kind of file this is.
  let head = '';
  let done = false;
  while (!/[\r\n]/.test(head) && head.length < 1_000_000) {
    const next = await text.next();
    if (next.done) {
      done = true;
      break;
    }
    head += next.value;
  }
  head = head.replace(/^\uFEFF/, '');
  if (head.trim() === '' && done) throw new InputError('the file is empty', [], { status: 422 });
  if (/[\u0000-\u0008\u000e-\u001f]/.test(head.slice(0, 4096))) throw new InputError('the file looks binary, not CSV or GeoJSON text', [], { status: 422 });
  const rest = (async function* () {
    yield head;
    if (!done) yield* text;
  })();
  const format = hint ?? (head.trimStart().startsWith('{') ? 'geojson' : 'csv');
  if (format === 'geojson') return parseGeoJson(rest);
  return parseCsv(head, rest);
}

async function parseCsv(head: string, text: AsyncIterable<string>): Promise<ParsedInput> {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const semicolons = (firstLine.match(/;/g) ?? []).length;
  const commas = (firstLine.match(/,/g) ?? []).length;
  const delimiter = semicolons > commas ? ';' : ',';
  checkHeaderWidth(firstLine, delimiter);
  // No `info`, `trim` or `skip_empty_lines`: they double the parsing cost of a large file. Line
  // numbers are counted here (empty lines are counted and skipped), fields are trimmed where read.
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    max_record_size: 100_000,
  });
  // Feed the parser from the text stream; errors surface when records are read.
  (async () => {
    try {
      for await (const chunk of text) {
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  // Records are read in batches (every record the parser has ready), not one promise per record:
  // that is most of the parsing cost for a million rows.
  type Parsed = string[];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  parser.on('readable', () => wake?.());
  parser.on('end', () => {
    ended = true;
    wake?.();
  });
  parser.on('error', (err) => {
    failure = err;
    wake?.();
  });
  async function nextBatch(): Promise<Parsed[] | null> {
    for (;;) {
      const batch: Parsed[] = [];
      let r: Parsed | null;
      while ((r = parser.read() as Parsed | null) !== null) batch.push(r);
      if (batch.length > 0) return batch;
      if (failure) {
        if (failure instanceof InputError) throw failure;
        throw new InputError(`the CSV cannot be read: ${(failure as Error).message}`, [], { status: 422 });
      }
      if (ended) return null;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  }
  const isEmpty = (r: string[]) => r.length === 1 && r[0]!.trim() === '';
  let line = 0;
  let pending = (await nextBatch()) ?? [];
  while (pending.length > 0 && isEmpty(pending[0]!)) {
    pending.shift();
    line++;
  }
  const first = pending.shift();
  if (!first) throw new InputError('the file is empty', [], { status: 422 });
  line++;
  const columns = first.map((c) => c.trim().toLowerCase());
  async function* records(): AsyncGenerator<InputRecord[]> {
    for (;;) {
      const batch: InputRecord[] = [];
      for (const record of pending) {
        line++;
        if (isEmpty(record)) continue;
        const out: Record<string, string | undefined> = {};
        for (let i = 0; i < columns.length; i++) out[columns[i]!] = record[i];
        batch.push({ line, record: out });
      }
      yield batch;
      const next = await nextBatch();
      if (!next) return;
      pending = next;
    }
  }
  return { format: 'csv', delimiter, columns, records: records() };
}

/** GeoJSON FeatureCollection of Point features; properties are the columns. The JSON text is
 *  parsed whole (GeoJSON has no row boundaries); for very large loads use CSV. */
async function parseGeoJson(text: AsyncIterable<string>): Promise<ParsedInput> {
  let all = '';
  for await (const chunk of text) all += chunk;
  checkJsonNesting(all);
  let json: unknown;
  try {
    json = JSON.parse(all);
  } catch (err) {
    throw new InputError(`the GeoJSON is not valid JSON: ${(err as Error).message}`, [], { status: 422 });
  }
  const fc = json as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new InputError('the GeoJSON must be a FeatureCollection with a features array', [], { status: 422 });
  }
  const features = fc.features as unknown[];
  const columns = new Set<string>(['lon', 'lat']);
  for (let i = 0; i < features.length; i++) {
    const props = (features[i] as { properties?: unknown })?.properties;
    if (!props || typeof props !== 'object') continue;
    const keys = Object.keys(props);
    checkFeatureProperties(keys.length, i + 1, columns.size);
    for (const k of keys) columns.add(k.trim().toLowerCase());
    checkFeatureProperties(0, i + 1, columns.size);
  }
  function toRecord(i: number): InputRecord {
    const f = features[i] as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown }; properties?: Record<string, unknown> };
    const record: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(f?.properties ?? {})) {
      record[k.trim().toLowerCase()] = v === null || v === undefined ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    const g = f?.geometry;
    if (f?.type !== 'Feature' || !g || g.type !== 'Point' || !Array.isArray(g.coordinates)) {
      const got = f?.type !== 'Feature' ? 'not a Feature' : g?.type ? `a ${String(g.type)}` : 'no geometry';
      record.__geometry_error = `geometry must be a Point with [lon, lat] (got ${got})`;
    } else {
      const [lon, lat] = g.coordinates as unknown[];
      record.lon = typeof lon === 'number' ? String(lon) : 'not-a-number';
      record.lat = typeof lat === 'number' ? String(lat) : 'not-a-number';
      delete record.x;
      delete record.y;
    }
    return { line: i + 1, record };
  }
  async function* records(): AsyncGenerator<InputRecord[]> {
    for (let i = 0; i < features.length; i += 10_000) {
      yield Array.from({ length: Math.min(10_000, features.length - i) }, (_, k) => toRecord(i + k));
    }
  }
  return { format: 'geojson', delimiter: null, columns: [...columns], records: records() };
}
