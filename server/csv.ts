// The one CSV writer for every CSV the app produces (area and time-series exports, the audit
// log). Excel with Dutch regional settings is the first reader: UTF-8 with a byte-order mark,
// CRLF line ends, ";" between fields and a decimal comma (dialect excel-nl); rfc4180 ("," and a
// decimal point) is for scripts and other locales.
//
// CSV injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that starts with = + - @, a
// tab or a carriage return as a formula. Text values that start with one of those get a leading
// apostrophe (Excel shows the text and runs nothing); like any text they are quoted when they hold
// a separator, a quote or a line break. Numbers are written as numbers, so
// a negative count stays a number; only text is neutralised.

export type CsvDialect = 'excel-nl' | 'rfc4180';
export const CSV_DIALECTS = ['excel-nl', 'rfc4180'] as const;

export type CsvValue = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

const separator = (dialect: CsvDialect) => (dialect === 'excel-nl' ? ';' : ',');

/** One field: numbers in the dialect's decimal style, booleans as true/false, null/undefined
 *  empty, text neutralised and quoted where needed. */
export function csvField(v: CsvValue, dialect: CsvDialect): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    const text = String(v); // shortest text that reads back as the same number
    return dialect === 'excel-nl' ? text.replace('.', ',') : text;
  }
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return text.includes(separator(dialect)) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV file: BOM, header line, one line per row, CRLF after every line. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], dialect: CsvDialect): string {
  const sep = separator(dialect);
  const lines = [header.map((h) => csvField(h, dialect)).join(sep), ...rows.map((r) => r.map((v) => csvField(v, dialect)).join(sep))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
