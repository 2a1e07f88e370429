import { describe, expect, it } from 'vitest';
import { buildLookup, FEW_DAYS_MIN_ROWS, FEW_DAYS_MIN_SPAN, fewDaysNotice, parseDate, stagedCsv, validateRow, type RowContext } from '../../server/services/imports/rows.ts';
import { IMPORT_NOTICES, IMPORT_PROBLEMS, importNoticeText, importProblemText } from '../../shared/import-messages.ts';

describe('parseDate', () => {
  it.each([
    ['2024-03-31', '2024-03-31'],
    ['2024-02-29', '2024-02-29'], // leap year
    ['2000-02-29', '2000-02-29'], // divisible by 400
    ['2024-12-31', '2024-12-31'],
    [' 2024-03-31 ', '2024-03-31'],
    ['2024-03-31T14:05', '2024-03-31'],
    ['2024-03-31 14:05:59+01:00', '2024-03-31'],
    ['31-03-2024', '2024-03-31'],
    ['1/3/2024', '2024-03-01'],
    ['31.03.2024 09:30', '2024-03-31'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    '2023-02-29', // not a leap year
    '1900-02-29', // divisible by 100, not by 400
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1a-01',
    '2024/03/31',
    '31-02-2024',
    'yesterday',
    '',
  ])('refuses %j', (input) => {
    expect(parseDate(input)).toBeNull();
  });
});

describe('validateRow', () => {
  const ctx: RowContext = {
    kind: 'reports',
    categories: buildLookup([{ code: 'hennep', label_nl: 'Hennepteelt' }]),
    sources: buildLookup([{ code: 'mma', label_nl: 'Meld Misdaad Anoniem' }]),
    decimalComma: false,
    today: '2026-11-28',
  };

  it('stages a good row with codes from labels and the time of day dropped', () => {
    const row = validateRow({ external_id: ' A-1 ', received_on: '2025-01-02 10:00', category: 'Hennepteelt', source: 'meld misdaad anoniem', lon: '6.6', lat: '52.4' }, 7, ctx);
    expect(row).toEqual({ line: 7, externalId: 'A-1', date: '2025-01-02', code: 'hennep', code2: 'mma', lon: 6.6, lat: 52.4, x: null, y: null });
    expect(stagedCsv(row as Exclude<typeof row, unknown[]>)).toBe('7,A-1,2025-01-02,hennep,mma,6.6,52.4,,\n');
  });

  it('lists every problem of a row with its column', () => {
    const errors = validateRow({ external_id: '', received_on: '2025-02-30', category: 'fietsendiefstal', source: 'mma', x: '480000', y: '230000' }, 3, ctx);
    expect(errors).toEqual([
      { line: 3, column: 'external_id', code: 'value_empty', params: {}, message: 'is empty' },
      { line: 3, column: 'received_on', code: 'date_invalid', params: { value: '2025-02-30' }, message: '"2025-02-30" is not a date (use YYYY-MM-DD or DD-MM-YYYY)' },
      { line: 3, column: 'category', code: 'category_unknown', params: { value: 'fietsendiefstal' }, message: '"fietsendiefstal" is not a known category' },
      { line: 3, column: 'x/y', code: 'xy_swapped', params: { x: 480000, y: 230000 }, message: '(480000, 230000) looks swapped: x is the east-west RD value, y the north-south one' },
    ]);
    // The Dutch text comes from the same catalogue.
    expect(importProblemText('nl', 'category_unknown', { value: 'fietsendiefstal' })).toBe('"fietsendiefstal" is geen bekende categorie');
  });

  it('refuses a date after today and before 2000', () => {
    for (const date of ['2026-11-29', '1999-12-31']) {
      expect(validateRow({ external_id: 'A', received_on: date, category: 'hennep', source: 'mma', lon: '6.6', lat: '52.4' }, 1, ctx))
        .toEqual([{ line: 1, column: 'received_on', code: 'date_out_of_range', params: { date }, message: `${date} is outside 2000-01-01 … today` }]);
    }
  });
});

describe('import problem catalogue', () => {
  it('has a title and a text in both languages, with the same parameters', () => {
    for (const [code, entry] of Object.entries(IMPORT_PROBLEMS)) {
      const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(entry.text.nl), code).toEqual(names(entry.text.en));
      for (const v of [entry.title.nl, entry.title.en, entry.text.nl, entry.text.en]) expect(v.length, code).toBeGreaterThan(0);
    }
  });
});

describe('fewDaysNotice: reports dated by the day they were forwarded', () => {
  const day = (k: number) => new Date(Date.UTC(2025, 0, 6) + k * 86_400_000).toISOString().slice(0, 10); // 6 January 2025 is a Monday
  const count = (days: number[]) => {
    const m = new Map<string, number>();
    for (const d of days) m.set(day(d), (m.get(day(d)) ?? 0) + 1);
    return m;
  };

  it('notices 700 reports over 20 weeks that all fall on Mondays, with the days and the days expected', () => {
    const mondays = Array.from({ length: 700 }, (_, i) => 7 * (i % 20));
    expect(fewDaysNotice(count(mondays))).toEqual({ code: 'dates_few_days', params: { days: 20, expected: 133 } });
    // Monthly batches too.
    expect(fewDaysNotice(count(Array.from({ length: 300 }, (_, i) => 30 * (i % 6))))?.code).toBe('dates_few_days');
  });

  it('leaves reports spread over the days alone, also with few at weekends, and sparse or short files', () => {
    // 700 over 20 weeks, only Monday to Friday: 100 different days, 137 expected (68 the notice).
    const weekdays = Array.from({ length: 700 }, (_, i) => 7 * Math.floor((i % 100) / 5) + (i % 5));
    expect(fewDaysNotice(count(weekdays))).toBeNull();
    // 120 reports over three years (most days have none): as many days as a random draw gives.
    expect(fewDaysNotice(count(Array.from({ length: 120 }, (_, i) => (i * 9137) % 1095)))).toBeNull();
    // Under 100 rows or under four weeks: too little to tell.
    expect(fewDaysNotice(count(Array.from({ length: 98 }, () => 0).concat([60])))).toBeNull();
    expect(fewDaysNotice(count(Array.from({ length: 500 }, (_, i) => 7 * (i % 3))))).toBeNull();
    expect([FEW_DAYS_MIN_ROWS, FEW_DAYS_MIN_SPAN]).toEqual([100, 28]);
  });

  it('reads the same in Dutch and English, with the days filled in', () => {
    const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(names(IMPORT_NOTICES.dates_few_days.nl)).toEqual(['days', 'expected']);
    expect(names(IMPORT_NOTICES.dates_few_days.en)).toEqual(['days', 'expected']);
    expect(importNoticeText('nl', 'dates_few_days', { days: 20, expected: 133 })).toMatch(/^De meldingen vallen op weinig dagen: 20 verschillende dagen, waar er ongeveer 133 /);
    expect(importNoticeText('en', 'dates_few_days', { days: 20, expected: 133 })).toMatch(/^The reports fall on few days: 20 different days, where about 133 /);
  });
});
