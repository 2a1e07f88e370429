import { importProblemText, type ImportNotice, type ImportProblemCode } from '../../../shared/import-messages.ts';

/** Row-level validation for report and inspection imports: what a row must contain, how dates,
 *  codes and coordinates are read, and what is never kept. Pure functions, no database. */

export type ImportKind = 'reports' | 'inspections';

/** The allow-list: every other column (names, addresses, phone numbers, free text, reporter data)
 *  is dropped at the door and only its header name is mentioned in the import report. */
export const ALLOWED_COLUMNS: Record<ImportKind, readonly string[]> = {
  reports: ['external_id', 'received_on', 'category', 'source', 'lon', 'lat', 'x', 'y'],
  inspections: ['external_id', 'inspected_on', 'kind', 'outcome', 'lon', 'lat', 'x', 'y'],
};
export const DATE_COLUMN: Record<ImportKind, string> = { reports: 'received_on', inspections: 'inspected_on' };

export const OUTCOMES = ['overtreding', 'geen_overtreding', 'onbekend'] as const;

/** Staged row: what goes into the staging table (coordinates as given; snapped in SQL). */
export interface StagedRow {
  line: number;
  externalId: string;
  date: string;
  /** category (reports) or kind (inspections) */
  code: string;
  /** source (reports) or outcome (inspections) */
  code2: string;
  lon: number | null;
  lat: number | null;
  x: number | null;
  y: number | null;
}

export interface RowError {
  line: number;
  column?: string;
  /** The kind of problem (shared/import-messages.ts) and its parameters: the dashboard renders
   *  them in the user's language. */
  code: ImportProblemCode;
  params: Record<string, string | number>;
  /** The English text of the same (CLI, logs, API `detail`). */
  message: string;
}

export function formatRowError(e: RowError, unit = 'line'): string {
  return `${unit} ${e.line}: ${e.column ? `${e.column} ` : ''}${e.message}`;
}

/** Lookup of accepted spellings (code, Dutch label, English label; case- and space-insensitive). */
export type CodeLookup = Map<string, string>;

export function normaliseLabel(value: string): string {
  return value.trim().toLowerCase().replace(/[\s/-]+/g, '_');
}

export function buildLookup(rows: { code: string; label_nl?: string; label_en?: string }[]): CodeLookup {
  const lookup: CodeLookup = new Map();
  for (const r of rows) {
    for (const v of [r.code, r.label_nl, r.label_en]) if (v) lookup.set(normaliseLabel(v), r.code);
  }
  return lookup;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DUTCH_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

/** Reads an ISO (2024-03-31, optionally with a time) or Dutch (31-03-2024, 31/3/2024) date and
 *  returns it as YYYY-MM-DD; the time of day is dropped. Returns null for non-dates (31-02-2024). */
export function parseDate(value: string): string | null {
  // Most files write plain ISO dates: read those digit by digit (a million rows a load).
  if (value.length === 10) {
    const iso = plainIsoDate(value);
    if (iso !== undefined) return iso;
  }
  const v = value.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(v);
  const dutch = iso ? null : DUTCH_DATE.exec(v);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dutch) [y, m, d] = [Number(dutch[3]), Number(dutch[2]), Number(dutch[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (v: string, i: number) => v.charCodeAt(i) - 48;
const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** A YYYY-MM-DD text as itself when it is a real date, null when it has that shape but is not
 *  one (2024-02-30), undefined when it has another shape. */
function plainIsoDate(v: string): string | null | undefined {
  if (v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined;
  for (const i of ISO_DIGITS) if (digit(v, i) < 0 || digit(v, i) > 9) return undefined;
  const y = digit(v, 0) * 1000 + digit(v, 1) * 100 + digit(v, 2) * 10 + digit(v, 3);
  const m = digit(v, 5) * 10 + digit(v, 6);
  const d = digit(v, 8) * 10 + digit(v, 9);
  const leap = m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return m >= 1 && m <= 12 && d >= 1 && d <= DAYS_IN_MONTH[m - 1]! + (leap ? 1 : 0) ? v : null;
}

/** Reads a number written with a decimal point, or with a decimal comma when the file is
 *  semicolon-separated (the Dutch spreadsheet default). */
export function parseCoordinate(value: string | undefined, decimalComma: boolean): number | null {
  if (value === undefined) return null;
  let v = value.trim();
  if (v === '') return null;
  if (decimalComma) v = v.replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(v)) return Number.NaN;
  return Number(v);
}

// Bounds of the Netherlands (with a margin) in WGS84 and in RD New (EPSG:28992).
const NL_LON = [3.0, 7.4] as const;
const NL_LAT = [50.6, 53.7] as const;
const RD_X = [-7000, 300000] as const;
const RD_Y = [289000, 629000] as const;
const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

export interface RowContext {
  kind: ImportKind;
  categories: CodeLookup;
  sources: CodeLookup;
  decimalComma: boolean;
  today: string;
}

const EXTERNAL_ID = /^[\p{L}\p{N}._:\/#-]{1,100}$/u;
const KIND = /^[a-z][a-z0-9_]{1,39}$/;

/** Validates one row (a record keyed by lower-case column name). Returns the staged row or the
 *  row's errors (all of them, so the user can fix a file in one go). */
export function validateRow(record: Record<string, string | undefined>, line: number, ctx: RowContext): StagedRow | RowError[] {
  // (No closure for adding errors: this runs a million times per large file, and each closure
  // created per row costs more than the checks themselves.)
  const errors: RowError[] = [];

  const externalId = (record.external_id ?? '').trim();
  if (externalId === '') errors.push(rowError(line, 'external_id', 'value_empty'));
  else if (!EXTERNAL_ID.test(externalId)) errors.push(rowError(line, 'external_id', 'id_invalid', { value: clip(externalId) }));

  const dateColumn = DATE_COLUMN[ctx.kind];
  const rawDate = record[dateColumn] ?? '';
  const date = parseDate(rawDate);
  if (rawDate.trim() === '') errors.push(rowError(line, dateColumn, 'value_empty'));
  else if (date === null) errors.push(rowError(line, dateColumn, 'date_invalid', { value: clip(rawDate) }));
  else if (date < '2000-01-01' || date > ctx.today) errors.push(rowError(line, dateColumn, 'date_out_of_range', { date: date! }));

  let code = '';
  let code2 = '';
  if (ctx.kind === 'reports') {
    const rawCategory = record.category ?? '';
    code = ctx.categories.get(rawCategory) ?? ctx.categories.get(normaliseLabel(rawCategory)) ?? '';
    if (!code) errors.push((rawCategory.trim() === '' ? rowError(line, 'category', 'value_empty') : rowError(line, 'category', 'category_unknown', { value: clip(rawCategory) })));
    const rawSource = record.source ?? '';
    code2 = ctx.sources.get(rawSource) ?? ctx.sources.get(normaliseLabel(rawSource)) ?? '';
    if (!code2) errors.push((rawSource.trim() === '' ? rowError(line, 'source', 'value_empty') : rowError(line, 'source', 'source_unknown', { value: clip(rawSource) })));
  } else {
    const rawKind = normaliseLabel(record.kind ?? '');
    if (!KIND.test(rawKind)) errors.push(rowError(line, 'kind', 'kind_invalid', { value: clip(record.kind ?? '') }));
    code = rawKind;
    const rawOutcome = normaliseLabel(record.outcome ?? '');
    if (!(OUTCOMES as readonly string[]).includes(rawOutcome)) errors.push(rowError(line, 'outcome', 'outcome_invalid', { value: clip(record.outcome ?? ''), allowed: OUTCOMES.join(', ') }));
    code2 = rawOutcome;
  }

  const lon = parseCoordinate(record.lon, ctx.decimalComma);
  const lat = parseCoordinate(record.lat, ctx.decimalComma);
  const x = parseCoordinate(record.x, ctx.decimalComma);
  const y = parseCoordinate(record.y, ctx.decimalComma);
  const hasLonLat = lon !== null || lat !== null;
  const hasXY = x !== null || y !== null;
  if (hasLonLat && hasXY) errors.push(rowError(line, 'location', 'location_both'));
  else if (hasLonLat) {
    if (lon === null || lat === null || Number.isNaN(lon) || Number.isNaN(lat)) errors.push(rowError(line, 'lon/lat', 'lonlat_not_numbers'));
    else if (within(lon, NL_LAT) && within(lat, NL_LON)) errors.push(rowError(line, 'lon/lat', 'lonlat_swapped', { lon, lat }));
    else if (!within(lon, NL_LON) || !within(lat, NL_LAT)) errors.push(rowError(line, 'lon/lat', 'lonlat_outside_nl', { lon, lat }));
  } else if (hasXY) {
    if (x === null || y === null || Number.isNaN(x) || Number.isNaN(y)) errors.push(rowError(line, 'x/y', 'xy_not_numbers'));
    else if (within(x, RD_Y) && within(y, RD_X)) errors.push(rowError(line, 'x/y', 'xy_swapped', { x, y }));
    else if (!within(x, RD_X) || !within(y, RD_Y)) errors.push(rowError(line, 'x/y', 'xy_outside_nl', { x, y }));
  } else errors.push(rowError(line, 'location', 'location_missing'));

  if (errors.length > 0) return errors;
  return {
    line,
    externalId,
    date: date!,
    code,
    code2,
    lon: hasLonLat ? lon : null,
    lat: hasLonLat ? lat : null,
    x: hasXY ? x : null,
    y: hasXY ? y : null,
  };
}

/** Only on the error path: a valid row builds none of this. */
export function rowError(line: number, column: string | undefined, code: ImportProblemCode, params: Record<string, string | number> = {}): RowError {
  return { line, ...(column === undefined ? {} : { column }), code, params, message: importProblemText('en', code, params) };
}

function clip(v: string): string {
  const s = v.replace(/[\u0000-\u001f\u007f]/g, '?');
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** CSV line for the staging table's COPY (values contain no quotes or delimiters by validation). */
export function stagedCsv(r: StagedRow): string {
  return `${r.line},${r.externalId},${r.date},${r.code},${r.code2},${csvNumber(r.lon)},${csvNumber(r.lat)},${csvNumber(r.x)},${csvNumber(r.y)}\n`;
}

function csvNumber(v: number | null): string {
  return v === null ? '' : String(v);
}

/** Rows and span from which a file's dates are judged (fewer: too little to tell). */
export const FEW_DAYS_MIN_ROWS = 100;
export const FEW_DAYS_MIN_SPAN = 28;

/**
 * A notice when a file's reports fall on far fewer days than their number and span imply: dated by
 * the day they were forwarded in bulk (every Monday, every first of the month) rather than the day
 * they were made, which the same-day rule of the early signals relies on
 * (server/analysis/incidents.ts rule 2). With n reports over S days, each on a day drawn at
 * random, about E = S · (1 − e^(−n/S)) different days occur; a weekly batch gives a seventh of
 * that or less. Fewer than half of E is the notice: weekday patterns (fewer reports at weekends)
 * stay well above it. Dates are `YYYY-MM-DD`, counted per date.
 */
export function fewDaysNotice(dates: ReadonlyMap<string, number>): ImportNotice | null {
  let n = 0;
  let first = '';
  let last = '';
  for (const [date, count] of dates) {
    n += count;
    if (!first || date < first) first = date;
    if (!last || date > last) last = date;
  }
  if (n < FEW_DAYS_MIN_ROWS) return null;
  const span = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;
  if (span < FEW_DAYS_MIN_SPAN) return null;
  const expected = span * (1 - Math.exp(-n / span));
  return dates.size < 0.5 * expected ? { code: 'dates_few_days', params: { days: dates.size, expected: Math.round(expected) } } : null;
}
