/**
 * The periods that can be published: whole ISO weeks, and runs of whole ISO-week months, from a
 * fixed menu (docs/disclosure.md, "A bounded query space"). A pure module: the client uses it too.
 *
 * - A week is an ISO week, Monday to Sunday ("2026-W47").
 * - A month is an ISO-week month: the weeks whose Thursday falls in the calendar month ("2026-10").
 *   So a month is 4 or 5 whole weeks, a quarter ("2026-Q3") 13 or 14, a year ("2025", the ISO year)
 *   52 or 53, and every longer period is a union of whole months.
 * - "The last N months" ("last-1m", "last-3m", "last-6m", "last-12m") are the N complete months
 *   before the last complete week with data.
 * - Comparisons: the previous period of the same kind and length, and the same weeks or months one
 *   year earlier (52 weeks for a week, 12 months otherwise).
 *
 * Why this menu: with consistent perturbation the same set of reports always shows the same number,
 * so two published periods that differ by one week show the same number exactly when that week had
 * no reports — for a buurt and a category that reveals single reports. Rolling windows ("last 4
 * weeks") next to calendar months, or free ranges, make such pairs everywhere. In this menu every
 * period longer than a week is a run of whole months, nested periods differ by at least two months,
 * and a week's own figure is shown with a threshold that treats 0 like a small count.
 */

export type PeriodKind = 'week' | 'month' | 'quarter' | 'year' | 'last' | 'all';

/** Days as ISO dates, from a Monday to a Sunday. */
export interface WeekRange {
  readonly from: string;
  readonly to: string;
}

export interface Period extends WeekRange {
  /** How the period is asked for: "2026-W47", "2026-10", "2026-Q3", "2025", "last-12m". */
  readonly token: string;
  readonly kind: PeriodKind;
  /** Number of weeks. */
  readonly weeks: number;
}

export interface Comparisons {
  readonly previous: WeekRange;
  readonly lastYear: WeekRange;
}

/** The data a menu is offered for: the first day and the last day with reports (or null). */
export interface DataExtent {
  readonly firstDay: string | null;
  readonly lastDay: string | null;
}

export const LAST_MONTHS = [1, 3, 6, 12] as const;
export type LastMonths = (typeof LAST_MONTHS)[number];
export const DEFAULT_PERIOD_TOKEN = 'last-12m';

const DAY = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const fromDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
export const addDays = (iso: string, days: number): string => fromDay(toDay(iso) + days);
/** ISO weekday: Monday 1 … Sunday 7. */
export const isoWeekday = (iso: string): number => ((((toDay(iso) + 3) % 7) + 7) % 7) + 1;
export const isIsoDate = (v: unknown): v is string => {
  if (typeof v !== 'string' || !ISO.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
export const mondayOf = (iso: string): string => addDays(iso, 1 - isoWeekday(iso));
const thursdayOf = (iso: string): string => addDays(iso, 4 - isoWeekday(iso));

/** "YYYY-MM" of the ISO-week month a day belongs to (the month of its week's Thursday). */
export function isoMonthOf(iso: string): string {
  return thursdayOf(iso).slice(0, 7);
}

/** The Monday that starts ISO-week month "YYYY-MM": the Monday of the week holding its first Thursday. */
export function isoMonthStart(month: string): string {
  const first = `${month}-01`;
  return addDays(first, ((11 - isoWeekday(first)) % 7) - 3);
}

/** "YYYY-MM" shifted by `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The weeks of the months first … last (inclusive). */
export function monthRange(first: string, last: string): WeekRange {
  return { from: isoMonthStart(first), to: addDays(isoMonthStart(addMonths(last, 1)), -1) };
}

/** ISO year and week number of a day. */
export function isoWeekOf(iso: string): { year: number; week: number } {
  const thursday = thursdayOf(iso);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((toDay(thursday) - toDay(`${year}-01-01`)) / 7) + 1;
  return { year, week };
}

export function weekToken(monday: string): string {
  const { year, week } = isoWeekOf(monday);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of ISO week `week` of ISO year `year`. */
function mondayOfIsoWeek(year: number, week: number): string {
  // 4 January is always in week 1.
  return addDays(mondayOf(`${String(year).padStart(4, '0')}-01-04`), (week - 1) * 7);
}

export const weeksIn = (r: WeekRange): number => Math.round((toDay(r.to) - toDay(r.from) + 1) / 7);

/** The last day of the last complete ISO week on or before `day` (a Sunday). */
export function lastCompleteSunday(day: string): string {
  return isoWeekday(day) === 7 ? day : addDays(mondayOf(day), -1);
}

/** The last complete ISO-week month ending on or before `sunday`. */
export function lastCompleteMonth(sunday: string): string {
  const month = isoMonthOf(sunday);
  return monthRange(month, month).to <= sunday ? month : addMonths(month, -1);
}

export class PeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

const period = (token: string, kind: PeriodKind, r: WeekRange): Period => ({ token, kind, from: r.from, to: r.to, weeks: weeksIn(r) });

/** The period a token stands for, given the last complete week with data (for "last-Nm"). */
export function periodOfToken(token: string, dataEnd: string | null): Period {
  let m: RegExpExecArray | null;
  if ((m = /^last-(\d+)m$/.exec(token))) {
    const n = Number(m[1]);
    if (!(LAST_MONTHS as readonly number[]).includes(n)) throw new PeriodError(`period ${token}: the last ${LAST_MONTHS.join(', ')} months can be chosen`);
    if (!dataEnd) throw new PeriodError(`period ${token}: there are no reports yet`);
    const last = lastCompleteMonth(lastCompleteSunday(dataEnd));
    return period(token, 'last', monthRange(addMonths(last, 1 - n), last));
  }
  if ((m = /^(\d{4})-W(\d{2})$/.exec(token))) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const monday = mondayOfIsoWeek(year, week);
    if (week < 1 || weekToken(monday) !== token) throw new PeriodError(`period ${token}: ${year} has no ISO week ${week}`);
    return period(token, 'week', { from: monday, to: addDays(monday, 6) });
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(token))) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new PeriodError(`period ${token}: there is no month ${month}`);
    return period(token, 'month', monthRange(token, token));
  }
  if ((m = /^(\d{4})-Q([1-4])$/.exec(token))) {
    const first = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}`;
    return period(token, 'quarter', monthRange(first, addMonths(first, 2)));
  }
  if ((m = /^(\d{4})$/.exec(token))) return period(token, 'year', monthRange(`${token}-01`, `${token}-12`));
  throw new PeriodError(`period "${token}" is not one of the published periods: a week (2026-W47), month (2026-10), quarter (2026-Q3), year (2025) or the last 1, 3, 6 or 12 months (last-12m)`);
}

/**
 * The menu period with exactly these days, for requests that give `from`/`to`. Days must be
 * whole ISO weeks; a run of weeks that is not a menu period is refused with the reason.
 */
export function periodOfRange(from: string, to: string, dataEnd: string | null): Period {
  if (from > to) throw new PeriodError(`from (${from}) is after to (${to})`);
  if (isoWeekday(from) !== 1) throw new PeriodError(`from must be a Monday: periods are whole ISO weeks, Monday to Sunday (${from} is a ${WEEKDAYS[isoWeekday(from) - 1]}; its week starts on ${mondayOf(from)})`);
  if (isoWeekday(to) !== 7) throw new PeriodError(`to must be a Sunday: periods are whole ISO weeks, Monday to Sunday (${to} is a ${WEEKDAYS[isoWeekday(to) - 1]}; its week ends on ${addDays(mondayOf(to), 6)})`);
  const candidates: string[] = [];
  if (weeksIn({ from, to }) === 1) candidates.push(weekToken(from));
  const firstMonth = isoMonthOf(from);
  const lastMonth = isoMonthOf(to);
  const months = monthRange(firstMonth, lastMonth);
  if (months.from === from && months.to === to) {
    const span = monthsBetween(firstMonth, lastMonth) + 1;
    if (span === 1) candidates.push(firstMonth);
    const [y, mo] = firstMonth.split('-').map(Number) as [number, number];
    if (span === 3 && (mo - 1) % 3 === 0) candidates.push(`${y}-Q${(mo - 1) / 3 + 1}`);
    if (span === 12 && mo === 1) candidates.push(String(y));
    if (dataEnd && (LAST_MONTHS as readonly number[]).includes(span) && lastMonth === lastCompleteMonth(lastCompleteSunday(dataEnd))) {
      candidates.push(`last-${span}m`);
    }
  }
  if (candidates.length === 0) {
    throw new PeriodError(`${from} … ${to} is not one of the published periods: a single week, a month, a quarter, a year or the last 1, 3, 6 or 12 complete months (docs/disclosure.md explains why free ranges are not offered)`);
  }
  return periodOfToken(candidates[0]!, dataEnd);
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
}

/**
 * Every complete week with data, for weekly series only ("all"): each point of such a series is a
 * single week, a menu period of its own; no figure is published for the whole range.
 */
export function allWeeks(dataStart: string | null, dataEnd: string | null): Period {
  if (!dataStart || !dataEnd) throw new PeriodError('period all: there are no reports yet');
  const from = isoWeekday(dataStart) === 1 ? dataStart : addDays(mondayOf(dataStart), 7);
  const to = lastCompleteSunday(dataEnd);
  if (from > to) throw new PeriodError('period all: there is no complete week of reports yet');
  return period('all', 'all', { from, to });
}

/** The previous period of the same length, and the same weeks or months a year earlier. */
export function comparisonsOf(p: Period): Comparisons {
  if (p.kind === 'week') {
    return {
      previous: { from: addDays(p.from, -7), to: addDays(p.to, -7) },
      lastYear: { from: addDays(p.from, -364), to: addDays(p.to, -364) },
    };
  }
  const first = isoMonthOf(p.from);
  const last = isoMonthOf(p.to);
  const n = monthsBetween(first, last) + 1;
  return {
    previous: monthRange(addMonths(first, -n), addMonths(last, -n)),
    lastYear: monthRange(addMonths(first, -12), addMonths(last, -12)),
  };
}

/** The weeks of a period, as week ranges. */
export function weeksOf(r: WeekRange): WeekRange[] {
  const out: WeekRange[] = [];
  for (let d = r.from; d <= r.to; d = addDays(d, 7)) out.push({ from: d, to: addDays(d, 6) });
  return out;
}

/** The ISO-week months of a period (a run of whole months), as "YYYY-MM" with their weeks. */
export function monthsOf(r: WeekRange): (WeekRange & { month: string })[] {
  const out: (WeekRange & { month: string })[] = [];
  for (let m = isoMonthOf(r.from); m <= isoMonthOf(r.to); m = addMonths(m, 1)) out.push({ month: m, ...monthRange(m, m) });
  return out;
}

export interface PeriodMenu {
  /** The last complete week with data (Sunday), or null without data. */
  readonly dataEnd: string | null;
  /** The first complete week with data (Monday). */
  readonly dataStart: string | null;
  readonly last: Period[];
  readonly years: Period[];
  readonly quarters: Period[];
  readonly months: Period[];
  /** Single weeks: every week from … to (Mondays of the first and last week). */
  readonly weeks: { first: string; last: string } | null;
  readonly defaultToken: string;
}

/** The periods offered for data that run from `extent.firstDay` to `extent.lastDay`: complete ones only. */
export function periodMenu(extent: DataExtent): PeriodMenu {
  if (!extent.firstDay || !extent.lastDay) {
    return { dataEnd: null, dataStart: null, last: [], years: [], quarters: [], months: [], weeks: null, defaultToken: DEFAULT_PERIOD_TOKEN };
  }
  const end = lastCompleteSunday(extent.lastDay);
  const start = isoWeekday(extent.firstDay) === 1 ? extent.firstDay : addDays(mondayOf(extent.firstDay), 7);
  if (start > end) {
    return { dataEnd: null, dataStart: null, last: [], years: [], quarters: [], months: [], weeks: null, defaultToken: DEFAULT_PERIOD_TOKEN };
  }
  const within = (p: Period) => p.from >= start && p.to <= end;
  const months: Period[] = [];
  for (let m = isoMonthOf(start); m <= isoMonthOf(end); m = addMonths(m, 1)) {
    const p = periodOfToken(m, end);
    if (within(p)) months.push(p);
  }
  const quarters: Period[] = [];
  const years: Period[] = [];
  for (let y = Number(start.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) {
    for (let q = 1; q <= 4; q++) {
      const p = periodOfToken(`${y}-Q${q}`, end);
      if (within(p)) quarters.push(p);
    }
    const p = periodOfToken(String(y), end);
    if (within(p)) years.push(p);
  }
  const last = LAST_MONTHS.map((n) => periodOfToken(`last-${n}m`, end)).filter(within);
  const newest = (list: Period[]) => [...list].reverse();
  return {
    dataEnd: end,
    dataStart: start,
    last,
    years: newest(years),
    quarters: newest(quarters),
    months: newest(months),
    weeks: { first: start, last: mondayOf(end) },
    defaultToken: last.some((p) => p.token === DEFAULT_PERIOD_TOKEN) ? DEFAULT_PERIOD_TOKEN : (last.at(-1)?.token ?? DEFAULT_PERIOD_TOKEN),
  };
}
