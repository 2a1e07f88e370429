/** Numbers and dates per locale (Intl), and the "<k" display of suppressed counts. */
import { en, nl, type MessageKey } from './messages.ts';
import type { PublishedChange, PublishedCount } from './api.ts';
import { isWithheld, WITHHELD_TEXT } from '../../../server/publish/derived.ts';
import type { Lang } from './url-state.ts';

export const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, digits: number, signed = false): Intl.NumberFormat {
  const key = `${lang}:${digits}:${signed}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits, minimumFractionDigits: 0, signDisplay: signed ? 'exceptZero' : 'auto' });
    numberFormats.set(key, f);
  }
  return f;
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = (lang === 'en' ? en : nl)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

export function formatNumber(lang: Lang, value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return numberFormat(lang, digits).format(value);
}

export function formatSigned(lang: Lang, value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return numberFormat(lang, digits, true).format(value);
}

/** A rate or share: one decimal below 10, none above. */
export function formatRate(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return formatNumber(lang, value, Math.abs(value) < 10 ? 1 : 0);
}

export function formatPercent(lang: Lang, share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share);
}

/** A published count: the value, "<k" when suppressed, "x" when withheld whatever its size (all
 *  categories over one week of a buurt, a wijk or a hexagon: docs/disclosure.md). */
export function formatCount(lang: Lang, count: PublishedCount | null | undefined, k: number): string {
  if (!count) return '–';
  if (count.suppressed) return isWithheld(count) ? WITHHELD_TEXT : `<${k}`;
  return formatNumber(lang, count.value);
}

// How a withheld count reads ("x") and the predicate: the server's own (a pure module shared with
// the client, as periods.ts is), so the CSV exports, the briefings and the dashboard cannot differ.
export { isWithheld, WITHHELD_TEXT };

/** Same, with words for screen readers ("fewer than 10"). */
export function describeCount(lang: Lang, count: PublishedCount | null | undefined, k: number): string {
  if (!count) return '–';
  if (count.suppressed) return isWithheld(count) ? translate(lang, 'withheldValue') : translate(lang, 'suppressedValue', { k });
  return formatNumber(lang, count.value);
}

export type Direction = 'up' | 'down' | 'unchanged' | null;

export function directionOf(change: PublishedChange | null | undefined): Direction {
  if (!change || change.suppressed || change.absolute === null) return null;
  return change.absolute > 0 ? 'up' : change.absolute < 0 ? 'down' : 'unchanged';
}

/** "▲ +12 (+8%)" — an arrow AND a sign, so direction never rests on colour alone. */
export function formatChange(lang: Lang, change: PublishedChange | null | undefined): string {
  const parts = formatChangeParts(lang, change);
  return parts.percent ? `${parts.absolute} ${parts.percent}` : parts.absolute;
}

/** The change as its two parts ("▲ +25" and "(+24,8 %)"), for tables that may put them on two
 *  lines on a narrow screen. */
export function formatChangeParts(lang: Lang, change: PublishedChange | null | undefined): { absolute: string; percent: string | null } {
  if (!change || change.suppressed || change.absolute === null) return { absolute: '–', percent: null };
  const arrow = change.absolute > 0 ? '▲' : change.absolute < 0 ? '▼' : '=';
  const percent = change.percent === null ? null : `(${formatSigned(lang, change.percent, Math.abs(change.percent) < 10 ? 1 : 0)}%)`;
  return { absolute: `${arrow} ${formatSigned(lang, change.absolute)}`, percent };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', ...options });
    dateFormats.set(key, f);
  }
  return f;
}

const asDate = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

export function formatDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '–';
  return dateFormat(lang, { day: 'numeric', month: 'short', year: 'numeric' }).format(asDate(iso));
}

/** How a moment reads: "7 dec 2026, 03:10" (short), with seconds for the audit log, or with the
 *  month written out for the overview ("7 december 2026 om 03:10"). */
export type MomentStyle = 'short' | 'seconds' | 'long';

const MOMENT_OPTIONS: Record<MomentStyle, Intl.DateTimeFormatOptions> = {
  short: { dateStyle: 'medium', timeStyle: 'short' },
  seconds: { dateStyle: 'medium', timeStyle: 'medium' },
  long: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
};

/** A moment from the API (ISO, or PostgreSQL's "2026-12-07 02:10:00+00") in Dutch time
 *  (Europe/Amsterdam, as the briefings print it: the municipality's clock, whatever the browser's
 *  time zone). '–' for none; the text itself when it cannot be read. */
export function formatMoment(lang: Lang, iso: string | null | undefined, style: MomentStyle = 'short'): string {
  if (!iso) return '–';
  const d = new Date(iso.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(d.getTime())) return iso;
  return dateFormat(lang, { ...MOMENT_OPTIONS[style], timeZone: 'Europe/Amsterdam' }).format(d);
}

export function formatShortDate(lang: Lang, iso: string): string {
  return dateFormat(lang, { day: 'numeric', month: 'short' }).format(asDate(iso));
}

export function formatMonth(lang: Lang, iso: string, withYear = true): string {
  return dateFormat(lang, withYear ? { month: 'short', year: 'numeric' } : { month: 'short' }).format(asDate(iso));
}

/** A chart bucket: "nov 2025" for months, "week van 24 nov 2025" for weeks. */
export function formatBucket(lang: Lang, start: string, interval: 'week' | 'month'): string {
  return interval === 'month' ? formatMonth(lang, start) : translate(lang, 'weekOf', { date: formatDate(lang, start) });
}

/** A q-value with its relation and two significant digits: "= 0,012", "< 0,0001"; a bound
 *  (`qBound`: the card's count is hidden, server publish.ts HIDDEN_Q_STEPS): "≤ 0,01". */
export function formatQ(lang: Lang, q: number, bound = false): string {
  if (bound) return `≤ ${formatNumber(lang, q, 2)}`;
  if (q < 0.0001) return `< ${formatNumber(lang, 0.0001, 4)}`;
  return `= ${new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumSignificantDigits: 2 }).format(q)}`;
}
