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

// One formatter per language and style: the period menu names dozens of months when /api/meta
// arrives, and making an Intl.DateTimeFormat each time cost ~0.1 s of the map's first view (profiled).
const monthFormats = new Map<string, Intl.DateTimeFormat>();
const monthName = (lang: Lang, month: string, style: 'long' | 'short' = 'long') => {
  const key = `${lang}:${style}`;
  let f = monthFormats.get(key);
  if (!f) monthFormats.set(key, (f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { month: style, year: 'numeric', timeZone: 'UTC' })));
  return f.format(parseIsoDate(`${month}-01`));
};

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

/** One option of the week picker: "wk 47 · 16 nov 2026" (the week and its Monday). */
export interface WeekChoice { token: string; label: string }

/**
 * The single weeks of the menu (Mondays `first` … `last`), newest first, grouped by ISO year: the
 * week picker's options. A <select> rather than <input type="week">: Firefox and Safari show that
 * as a plain text field, and Chromium labels it in the browser's language, not the dashboard's.
 */
export function weekChoices(lang: Lang, weeks: { first: string; last: string }): { year: string; weeks: WeekChoice[] }[] {
  const groups: { year: string; weeks: WeekChoice[] }[] = [];
  for (let monday = weeks.last; monday >= weeks.first; monday = addDays(monday, -7)) {
    const token = weekOf(monday);
    const year = token.slice(0, 4);
    if (groups.at(-1)?.year !== year) groups.push({ year, weeks: [] });
    groups.at(-1)!.weeks.push({ token, label: `${bucketName(lang, token)} · ${formatDate(lang, monday)}` });
  }
  return groups;
}

/** The ISO week token of a day. */
export function weekOf(iso: string): string {
  const { year, week } = isoWeekOf(iso);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last day (Sunday) of a week range, as the API gives it: for axis ends. */
export const dayAfter = (iso: string): string => addDays(iso, 1);

const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * The menu period that best matches a span of days (a signal's weeks), for showing the signal on
 * the map: free ranges are not published, so the map shows the menu period — a week, month,
 * quarter, year or the last N months — with the largest overlap relative to the union of the two
 * (Jaccard), ties to the more recent and then the shorter one. Single weeks inside the span are
 * candidates too (a signal of one week shows that week). Null without a menu or without overlap.
 */
export function periodForSpan(from: string, to: string, menu: PeriodMenu): Period | null {
  if (!menu.dataEnd || !menu.weeks) return null;
  const start = mondayOfDay(from);
  const candidates: Period[] = [...menu.months, ...menu.quarters, ...menu.years, ...menu.last];
  for (let d = start < menu.weeks.first ? menu.weeks.first : start; d <= to && d <= menu.weeks.last; d = addDays(d, 7)) {
    candidates.push(periodOfToken(weekOf(d), menu.dataEnd));
  }
  const a0 = dayNumber(start);
  const a1 = dayNumber(to) + 1;
  let best: { p: Period; score: number } | null = null;
  for (const p of candidates) {
    const b0 = dayNumber(p.from);
    const b1 = dayNumber(p.to) + 1;
    const overlap = Math.min(a1, b1) - Math.max(a0, b0);
    if (overlap <= 0) continue;
    const score = overlap / (Math.max(a1, b1) - Math.min(a0, b0));
    if (
      !best || score > best.score + 1e-9 ||
      (Math.abs(score - best.score) <= 1e-9 && (p.to > best.p.to || (p.to === best.p.to && (p.weeks < best.p.weeks || (p.weeks === best.p.weeks && p.kind !== 'last' && best.p.kind === 'last')))))
    ) best = { p, score };
  }
  return best?.p ?? null;
}

function mondayOfDay(iso: string): string {
  const weekday = ((((dayNumber(iso) + 3) % 7) + 7) % 7) + 1;
  return addDays(iso, 1 - weekday);
}
