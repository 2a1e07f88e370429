import { describe, expect, it } from 'vitest';
import {
  comparisonsOf, isoMonthOf, isoMonthStart, isoWeekOf, lastCompleteMonth, lastCompleteSunday, monthsOf, PeriodError,
  periodMenu, periodOfRange, periodOfToken, weeksOf,
} from '../../../server/publish/periods.ts';

describe('ISO weeks and ISO-week months', () => {
  it('puts a week in the month and year of its Thursday', () => {
    expect(isoMonthOf('2024-12-30')).toBe('2025-01'); // Monday of the week of Thursday 2 January 2025
    expect(isoMonthOf('2025-12-31')).toBe('2026-01');
    expect(isoMonthOf('2026-10-01')).toBe('2026-10');
    expect(isoMonthOf('2026-09-30')).toBe('2026-10'); // Wednesday of the week of Thursday 1 October
    expect(isoMonthStart('2026-10')).toBe('2026-09-28');
    expect(isoMonthStart('2025-04')).toBe('2025-03-31');
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1 });
    expect(isoWeekOf('2026-12-31')).toEqual({ year: 2026, week: 53 }); // 2026 has 53 ISO weeks
    expect(isoWeekOf('2027-01-03')).toEqual({ year: 2026, week: 53 });
  });

  it('resolves every kind of token to whole weeks', () => {
    expect(periodOfToken('2026-W47', null)).toEqual({ token: '2026-W47', kind: 'week', from: '2026-11-16', to: '2026-11-22', weeks: 1 });
    expect(periodOfToken('2026-10', null)).toEqual({ token: '2026-10', kind: 'month', from: '2026-09-28', to: '2026-11-01', weeks: 5 });
    expect(periodOfToken('2026-Q3', null)).toMatchObject({ from: '2026-06-29', to: '2026-09-27', weeks: 13 });
    expect(periodOfToken('2026', null)).toMatchObject({ from: '2025-12-29', to: '2027-01-03', weeks: 53 });
    expect(periodOfToken('2025', null)).toMatchObject({ from: '2024-12-30', to: '2025-12-28', weeks: 52 });
    // The demo data end on Sunday 22 November 2026: November's last week (Thursday 26 November) is
    // not complete, so the last complete month is October.
    expect(periodOfToken('last-1m', '2026-11-22')).toMatchObject({ kind: 'last', from: '2026-09-28', to: '2026-11-01' });
    expect(periodOfToken('last-12m', '2026-11-22')).toMatchObject({ from: '2025-11-03', to: '2026-11-01' });
    expect(periodOfToken('last-3m', '2026-11-25')).toMatchObject({ to: '2026-11-01' });
  });

  it('refuses what is not on the menu, with the reason', () => {
    expect(() => periodOfToken('2026-13', null)).toThrow(PeriodError);
    expect(() => periodOfToken('2025-W53', null)).toThrow(/no ISO week 53/);
    expect(() => periodOfToken('last-2m', '2026-11-22')).toThrow(/last 1, 3, 6, 12 months/);
    expect(() => periodOfToken('last-12m', null)).toThrow(/no reports yet/);
    expect(() => periodOfToken('2026-11-01', null)).toThrow(/not one of the published periods/);
    expect(() => periodOfRange('2026-11-18', '2026-11-22', null)).toThrow(/from must be a Monday.*2026-11-18 is a Wednesday; its week starts on 2026-11-16/);
    expect(() => periodOfRange('2026-11-16', '2026-11-21', null)).toThrow(/to must be a Sunday/);
    expect(() => periodOfRange('2026-11-09', '2026-11-22', null)).toThrow(/not one of the published periods/);
  });

  it('recognises a menu period given by its days', () => {
    expect(periodOfRange('2026-11-16', '2026-11-22', null).token).toBe('2026-W47');
    expect(periodOfRange('2026-09-28', '2026-11-01', null).token).toBe('2026-10');
    expect(periodOfRange('2026-06-29', '2026-09-27', null).token).toBe('2026-Q3');
    expect(periodOfRange('2024-12-30', '2025-12-28', null).token).toBe('2025');
    expect(periodOfRange('2026-08-03', '2026-11-01', '2026-11-22').token).toBe('last-3m');
  });

  it('compares with the previous period and the same weeks or months a year earlier', () => {
    expect(comparisonsOf(periodOfToken('2026-W47', null))).toEqual({
      previous: { from: '2026-11-09', to: '2026-11-15' }, lastYear: { from: '2025-11-17', to: '2025-11-23' },
    });
    expect(comparisonsOf(periodOfToken('2026-10', null))).toEqual({
      previous: { from: '2026-08-31', to: '2026-09-27' }, lastYear: { from: '2025-09-29', to: '2025-11-02' },
    });
    expect(comparisonsOf(periodOfToken('last-12m', '2026-11-22'))).toEqual({
      previous: { from: '2024-11-04', to: '2025-11-02' }, lastYear: { from: '2024-11-04', to: '2025-11-02' },
    });
  });

  it('splits a period into weeks and ISO-week months', () => {
    const q = periodOfToken('2026-Q3', null);
    expect(weeksOf(q).length).toBe(13);
    expect(monthsOf(q).map((m) => [m.month, m.from, m.to])).toEqual([
      ['2026-07', '2026-06-29', '2026-08-02'], ['2026-08', '2026-08-03', '2026-08-30'], ['2026-09', '2026-08-31', '2026-09-27'],
    ]);
  });

  it('offers only complete periods within the data', () => {
    const menu = periodMenu({ firstDay: '2023-11-27', lastDay: '2026-11-22' });
    expect(menu.dataEnd).toBe('2026-11-22');
    expect(menu.dataStart).toBe('2023-11-27');
    expect(menu.last.map((p) => p.token)).toEqual(['last-1m', 'last-3m', 'last-6m', 'last-12m']);
    expect(menu.years.map((p) => p.token)).toEqual(['2025', '2024']);
    expect(menu.months[0]!.token).toBe('2026-10');
    expect(menu.months.at(-1)!.token).toBe('2023-12');
    expect(menu.quarters[0]!.token).toBe('2026-Q3');
    expect(menu.weeks).toEqual({ first: '2023-11-27', last: '2026-11-16' });
    expect(menu.defaultToken).toBe('last-12m');
    expect(lastCompleteSunday('2026-11-25')).toBe('2026-11-22');
    expect(lastCompleteMonth('2026-11-29')).toBe('2026-11');
    expect(periodMenu({ firstDay: null, lastDay: null }).last).toEqual([]);
  });

  it('never lets two menu periods longer than a week differ by a single week', () => {
    // Every multi-week period is a run of whole months, so nested periods differ by whole months.
    const menu = periodMenu({ firstDay: '2023-11-27', lastDay: '2026-11-22' });
    const all = [...menu.last, ...menu.years, ...menu.quarters, ...menu.months].flatMap((p) => {
      const c = comparisonsOf(p);
      return [p, c.previous, c.lastYear];
    });
    const weeks = (r: { from: string; to: string }) => new Set(weeksOf(r).map((w) => w.from));
    for (const a of all) {
      for (const b of all) {
        const wa = weeks(a);
        const wb = weeks(b);
        if (![...wb].every((w) => wa.has(w)) || wa.size === wb.size) continue; // b nested in a, and smaller
        expect(wa.size - wb.size, `${a.from}…${a.to} vs ${b.from}…${b.to}`).toBeGreaterThanOrEqual(4);
      }
    }
  });
});
