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
  if (externalId === '') errors.push(rowError(line, 'external_id', 'is empty'));
  else if (!EXTERNAL_ID.test(externalId)) errors.push(rowError(line, 'external_id', `"${clip(externalId)}" must be 1-100 letters, digits or . _ : / # -`));

  const dateColumn = DATE_COLUMN[ctx.kind];
  const rawDate = record[dateColumn] ?? '';
  const date = parseDate(rawDate);
  if (rawDate.trim() === '') errors.push(rowError(line, dateColumn, 'is empty'));
  else if (date === null) errors.push(rowError(line, dateColumn, `"${clip(rawDate)}" is not a date (use YYYY-MM-DD or DD-MM-YYYY)`));
  else if (date < '2000-01-01' || date > ctx.today) errors.push(rowError(line, dateColumn, `${date} is outside 2000-01-01 … today`));

  let code = '';
  let code2 = '';
  if (ctx.kind === 'reports') {
    const rawCategory = record.category ?? '';
    code = ctx.categories.get(rawCategory) ?? ctx.categories.get(normaliseLabel(rawCategory)) ?? '';
    if (!code) errors.push(rowError(line, 'category', rawCategory.trim() === '' ? 'is empty' : `"${clip(rawCategory)}" is not a known category`));
    const rawSource = record.source ?? '';
    code2 = ctx.sources.get(rawSource) ?? ctx.sources.get(normaliseLabel(rawSource)) ?? '';
    if (!code2) errors.push(rowError(line, 'source', rawSource.trim() === '' ? 'is empty' : `"${clip(rawSource)}" is not a known source`));
  } else {
    const rawKind = normaliseLabel(record.kind ?? '');
    if (!KIND.test(rawKind)) errors.push(rowError(line, 'kind', `"${clip(record.kind ?? '')}" is not an inspection kind (a code like integrale_controle)`));
    code = rawKind;
    const rawOutcome = normaliseLabel(record.outcome ?? '');
    if (!(OUTCOMES as readonly string[]).includes(rawOutcome)) errors.push(rowError(line, 'outcome', `"${clip(record.outcome ?? '')}" must be one of ${OUTCOMES.join(', ')}`));
    code2 = rawOutcome;
  }

  const lon = parseCoordinate(record.lon, ctx.decimalComma);
  const lat = parseCoordinate(record.lat, ctx.decimalComma);
  const x = parseCoordinate(record.x, ctx.decimalComma);
  const y = parseCoordinate(record.y, ctx.decimalComma);
  const hasLonLat = lon !== null || lat !== null;
  const hasXY = x !== null || y !== null;
  if (hasLonLat && hasXY) errors.push(rowError(line, 'location', 'give either lon/lat or x/y, not both'));
  else if (hasLonLat) {
    if (lon === null || lat === null || Number.isNaN(lon) || Number.isNaN(lat)) errors.push(rowError(line, 'lon/lat', 'must both be decimal numbers'));
    else if (within(lon, NL_LAT) && within(lat, NL_LON)) errors.push(rowError(line, 'lon/lat', `(${lon}, ${lat}) looks swapped: lon is the east-west value (about 3-7), lat the north-south value (about 50-54)`));
    else if (!within(lon, NL_LON) || !within(lat, NL_LAT)) errors.push(rowError(line, 'lon/lat', `(${lon}, ${lat}) is outside the Netherlands`));
  } else if (hasXY) {
    if (x === null || y === null || Number.isNaN(x) || Number.isNaN(y)) errors.push(rowError(line, 'x/y', 'must both be numbers (RD New metres)'));
    else if (within(x, RD_Y) && within(y, RD_X)) errors.push(rowError(line, 'x/y', `(${x}, ${y}) looks swapped: x is the east-west RD value, y the north-south one`));
    else if (!within(x, RD_X) || !within(y, RD_Y)) errors.push(rowError(line, 'x/y', `(${x}, ${y}) is outside the Netherlands (RD New)`));
  } else errors.push(rowError(line, 'location', 'is missing: give lon and lat (WGS84) or x and y (RD New)'));

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

function rowError(line: number, column: string, message: string): RowError {
  return { line, column, message };
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
