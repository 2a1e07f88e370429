/**
 * Periods in the dashboard: the same menu as the API (server/publish/periods.ts, a pure module
 * shared with the server) — whole ISO weeks, ISO-week months, quarters, years and the last 1, 3, 6
 * or 12 complete months — plus their labels. Every period ends at or before the last complete week
 * with data. docs/disclosure.md explains why free date ranges are not offered.
 */
import {
  addDays, isoWeekOf, LAST_MONTHS, PeriodError, periodOfToken,
  type Period, type PeriodMenu, type WeekRange,
} from '../../../server/publish/periods.ts';
import { formatDate, translate } from './format.ts';
import type { Lang } from './url-state.ts';

export { addDays, LAST_MONTHS, periodOfToken, weekToken, type Period, type PeriodMenu, type WeekRange } from '../../../server/publish/periods.ts';

export const parseIsoDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
export const toIsoDate = (d: Date): string => d.toISOString().slice(0, 10);

/** The period of a token for this data; an unknown or malformed token gives the default. */
export function resolvePeriod(token: string | null, menu: PeriodMenu): Period | null {
  if (!menu.dataEnd) return null;
  try {
    return periodOfToken(token ?? menu.defaultToken, menu.dataEnd);
  } catch (err) {
    if (!(err instanceof PeriodError)) throw err;
    return periodOfToken(menu.defaultToken, menu.dataEnd);
  }
}

/** A sensible chart interval: weeks up to a quarter, ISO-week months beyond. */
export function intervalFor(period: WeekRange & { weeks?: number }): 'week' | 'month' {
  const weeks = period.weeks ?? Math.round((parseIsoDate(period.to).getTime() - parseIsoDate(period.from).getTime()) / 604_800_000 + 1 / 7);
  return weeks <= 14 ? 'week' : 'month';
}

const monthName = (lang: Lang, month: string, style: 'long' | 'short' = 'long') =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { month: style, year: 'numeric', timeZone: 'UTC' }).format(parseIsoDate(`${month}-01`));

/** "oktober 2026", "Q3 2026", "2025", "week 47 (16–22 nov 2026)", "laatste 12 maanden". */
export function periodName(lang: Lang, token: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^last-(\d+)m$/.exec(token))) return translate(lang, Number(m[1]) === 1 ? 'periodLastMonth' : 'periodLastMonths', { n: Number(m[1]) });
  if ((m = /^(\d{4})-W(\d{2})$/.exec(token))) return translate(lang, 'periodWeek', { week: Number(m[2]), year: m[1]! });
  if ((m = /^(\d{4})-Q([1-4])$/.exec(token))) return `Q${m[2]} ${m[1]}`;
  if (/^\d{4}-\d{2}$/.test(token)) return monthName(lang, token);
  return token;
}

/** A chart bucket or period label ("2026-10", "2026-W47") in short words. */
export function bucketName(lang: Lang, label: string): string {
  if (/^\d{4}-\d{2}$/.test(label)) return monthName(lang, label, 'short');
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  return m ? translate(lang, 'periodWeekShort', { week: Number(m[2]) }) : label;
}

/** The name of a period with its days: "oktober 2026 (28 sep – 1 nov 2026)". */
export function periodSummary(lang: Lang, p: Period): string {
  return translate(lang, 'periodNamed', { name: periodName(lang, p.token), from: formatDate(lang, p.from), to: formatDate(lang, p.to) });
}

/** The ISO week token of a day. */
export function weekOf(iso: string): string {
  const { year, week } = isoWeekOf(iso);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last day (Sunday) of a week range, as the API gives it: for axis ends. */
export const dayAfter = (iso: string): string => addDays(iso, 1);
