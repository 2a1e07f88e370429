/**
 * Period presets. Every preset ends on the last day with data (not today): imports lag, and a
 * period that ends in the future would show a false drop. The presets are whole weeks where that
 * matters (4 and 13 weeks, 52 weeks for "12 months", as the API default) so that weekly
 * comparisons with last year line up on weekdays.
 */
import { isIsoDate, type PeriodPreset } from './url-state.ts';

export interface Period {
  from: string;
  to: string;
}

const DAY = 86_400_000;
export const addDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
export const toIsoDate = (d: Date): string => d.toISOString().slice(0, 10);
export const parseIsoDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export const PRESETS: readonly Exclude<PeriodPreset, 'custom'>[] = ['4w', '13w', '12m', 'ytd'];

/** The period a preset stands for, given the data extent. Custom periods are clamped to the extent. */
export function resolvePeriod(preset: PeriodPreset, extent: Period, custom?: { from: string | null; to: string | null }): Period {
  const end = extent.to;
  const clamp = (p: Period): Period => {
    const from = p.from < extent.from ? extent.from : p.from > end ? end : p.from;
    const to = p.to > end ? end : p.to < from ? from : p.to;
    return { from, to };
  };
  switch (preset) {
    case '4w':
      return clamp({ from: addDays(end, -27), to: end });
    case '13w':
      return clamp({ from: addDays(end, -90), to: end });
    case 'ytd':
      return clamp({ from: `${end.slice(0, 4)}-01-01`, to: end });
    case 'custom':
      if (custom && isIsoDate(custom.from) && isIsoDate(custom.to)) return clamp({ from: custom.from, to: custom.to });
      return clamp({ from: addDays(end, -363), to: end });
    case '12m':
    default:
      return clamp({ from: addDays(end, -363), to: end });
  }
}

/** A sensible chart interval for a period: weeks up to about a quarter, months beyond. */
export function intervalFor(period: Period): 'week' | 'month' {
  return daysBetween(period.from, period.to) <= 120 ? 'week' : 'month';
}
