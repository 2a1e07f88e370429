// Limits on what an import file may be shaped like and on what is kept of it as metadata. A file
// past a limit is refused at parse time (422, naming the line or feature) instead of being read
// into memory whole, recursed into until the stack runs out, or echoed back in every batch list.
import { InputError } from '../../errors.ts';

/** Columns of a CSV header, distinct property names across a GeoJSON file, and properties of
 *  one feature. The import format has 6 columns; a thousand leaves room for wide exports whose
 *  other columns are dropped. */
export const MAX_COLUMNS = 1000;
/** Nesting of arrays and objects in a GeoJSON file. A Point FeatureCollection needs 5 levels;
 *  property values are not read when nested anyway. */
export const MAX_JSON_DEPTH = 20;
/** Dropped column names kept in the batch record and the audit entry (with their total count). */
export const KEPT_DROPPED_COLUMNS = 50;
/** Characters kept of each dropped column name. */
export const KEPT_NAME_LENGTH = 64;

/** The CSV header line: refused past MAX_COLUMNS before the parser splits it. */
export function checkHeaderWidth(firstLine: string, delimiter: string): void {
  let columns = 1;
  for (let i = firstLine.indexOf(delimiter); i >= 0; i = firstLine.indexOf(delimiter, i + 1)) columns++;
  if (columns > MAX_COLUMNS) {
    throw new InputError(`the header has ${columns}${firstLine.length >= 1_000_000 ? ' or more' : ''} columns; at most ${MAX_COLUMNS} columns are read`, ['line 1: too many columns'], { status: 422 });
  }
}

/**
 * Scans JSON text for its nesting depth before it is parsed (one pass, no recursion), and refuses
 * it past MAX_JSON_DEPTH with the line and the feature (the n-th object of the array that is the
 * top-level object's value: `features`) where the limit is crossed.
 */
export function checkJsonNesting(text: string, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let line = 1;
  let feature = 0;
  let inString = false;
  // The kind of container at depth 2 ('[' for the features array).
  let second = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      else if (c === 10) line++;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 10) line++;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth === 2) second = c;
      else if (depth === 3 && second === 91 && c === 123) feature++;
      if (depth > maxDepth) {
        const where = feature > 0 ? `feature ${feature} (line ${line})` : `line ${line}`;
        throw new InputError(`the JSON is nested more than ${maxDepth} levels deep`, [`${where}: arrays or objects nested more than ${maxDepth} levels deep`], { status: 422 });
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
}

/** The property names of one feature (1-based number), counted against MAX_COLUMNS, and the
 *  distinct names of the file so far. */
export function checkFeatureProperties(count: number, feature: number, distinct: number): void {
  if (count > MAX_COLUMNS) {
    throw new InputError(`a feature has ${count} properties; at most ${MAX_COLUMNS} properties are read`, [`feature ${feature}: ${count} properties`], { status: 422 });
  }
  if (distinct > MAX_COLUMNS) {
    throw new InputError(`the features have more than ${MAX_COLUMNS} different property names; at most ${MAX_COLUMNS} properties are read`, [`feature ${feature}: the ${MAX_COLUMNS + 1}th different property name`], { status: 422 });
  }
}

/** What is kept of the dropped columns: the first names, shortened, and how many there were. */
export function keptDroppedColumns(names: string[]): { droppedColumns: string[]; droppedColumnCount: number } {
  return { droppedColumns: names.slice(0, KEPT_DROPPED_COLUMNS).map((n) => n.slice(0, KEPT_NAME_LENGTH)), droppedColumnCount: names.length };
}

/** The snap grid of an import: the configured SNAP_METRES unless a coarser one is asked for.
 *  Locations must be coarsened at least that much, so a finer grid is refused. */
export function snapMetresFor(requested: number | undefined, configured: number): number {
  if (requested === undefined) return configured;
  if (requested < configured) {
    throw new InputError(`snap: must be at least ${configured} metres (SNAP_METRES): locations may only be coarsened further, never kept finer`, [], { parameter: 'snap' });
  }
  return requested;
}
