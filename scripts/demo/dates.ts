/**
 * Calendar helpers for the demo generator. Days are handled as integer day numbers
 * (days since 1970-01-01, UTC) so that nothing depends on the local time zone.
 */
import { DemoError } from './errors.ts';

const MS_PER_DAY = 86_400_000;

/** Parses a strict `YYYY-MM-DD` calendar date into a UTC day number; throws DemoError otherwise. */
export function parseIsoDate(value: string, label = 'date'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new DemoError(`${label} must be a date like 2026-11-22 (YYYY-MM-DD), got "${value}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new DemoError(`${label} is not a real calendar date: "${value}"`);
  }
  return Math.round(ms / MS_PER_DAY);
}

/** Formats a UTC day number as `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7 + 1;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function weekdayName(day: number): string {
  return WEEKDAY_NAMES[isoWeekday(day) - 1];
}

/**
 * The default `--end`: the Sunday of the newest ISO week that ended before `today`
 * (taken as a UTC calendar date). On a Sunday that is the Sunday one week earlier,
 * because the current week is not complete yet.
 */
export function defaultEndDay(today: Date): number {
  const day = Math.floor(today.getTime() / MS_PER_DAY);
  return day - isoWeekday(day);
}

/** Day of the year (0-based) of a day number, used for seasonal curves. */
export function dayOfYear(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return Math.round((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / MS_PER_DAY);
}
