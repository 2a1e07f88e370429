import { z } from 'zod';

/** A date parameter: YYYY-MM-DD that is a real calendar date (no 30 February, no month 13) in
 *  years 1000-9999 — PostgreSQL has no year 0, and a date it refuses would be a 500, not a 400. */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine(isCalendarDate, 'is not a calendar date');

export function isCalendarDate(v: string): boolean {
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  if (!(y >= 1000 && y <= 9999)) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
