/** Time steps of the space-time cube: ISO weeks (Monday … Sunday) or calendar months, as day
 *  numbers (days since 1970-01-01, UTC) so no time zone can shift a step. */

export type StepUnit = 'week' | 'month';

const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
export const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

function ymd(day: number): [number, number, number] {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
}
const monthStart = (year: number, month: number): number => Math.round(Date.UTC(year, month, 1) / DAY_MS);

export interface StepRange {
  unit: StepUnit;
  /** First day of each step; the last step ends on `to`. */
  starts: number[];
  from: number;
  to: number;
}

export function stepEnd(unit: StepUnit, start: number): number {
  if (unit === 'week') return start + 6;
  const [y, m] = ymd(start);
  return monthStart(y, m + 1) - 1;
}

/**
 * The steps of a cube over the data [firstDay, lastDay]: it ends with the last step that is
 * complete on `lastDay` and starts with the first step that begins on or after `firstDay` (a
 * partial first step would look like a drop), keeping at most `maxSteps` of the most recent
 * steps. Null when not one complete step fits.
 */
export function cubeSteps(unit: StepUnit, firstDay: number, lastDay: number, maxSteps: number): StepRange | null {
  let to: number;
  let first: number;
  if (unit === 'week') {
    to = lastDay - ((weekdayOf(lastDay) + 1) % 7); // the Sunday on or before lastDay
    first = firstDay + ((7 - weekdayOf(firstDay)) % 7); // the Monday on or after firstDay
  } else {
    const [y, m, d] = ymd(lastDay);
    to = stepEnd('month', monthStart(y, m)) === lastDay ? lastDay : monthStart(y, m) - 1;
    const [fy, fm, fd] = ymd(firstDay);
    first = fd === 1 ? firstDay : monthStart(fy, fm + 1);
    void d;
  }
  const starts: number[] = [];
  let start = unit === 'week' ? to - 6 : monthStart(...(ymd(to).slice(0, 2) as [number, number]));
  while (start >= first && starts.length < maxSteps) {
    starts.push(start);
    if (unit === 'week') start -= 7;
    else {
      const [y, m] = ymd(start);
      start = monthStart(y, m - 1);
    }
  }
  if (starts.length === 0) return null;
  starts.reverse();
  return { unit, starts, from: starts[0]!, to };
}

/** Weekly steps ending at the same day as `range` (or its last complete week), `weeks` long at most. */
export function weeklySteps(firstDay: number, lastDay: number, weeks: number): StepRange | null {
  return cubeSteps('week', firstDay, lastDay, weeks);
}
