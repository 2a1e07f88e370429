/** iso_month (migrations 008, 018): the month of an ISO week is the month of its Thursday. The
 *  rollups, the record-key months and the period menu all rest on it, so every day of 1900–2200 is
 *  checked against a plain JavaScript reference, in a time zone far from UTC (the function must
 *  not depend on the session's time zone). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from './harness.ts';

let t: TestDb;
beforeAll(async () => { t = await openTestDb('base'); });
afterAll(async () => t?.dispose());

/** The first day of the month that holds the Thursday of `day`'s ISO week (UTC date arithmetic). */
function isoMonthReference(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const isoDow = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const thursday = new Date(d.getTime() + (4 - isoDow) * 86_400_000);
  return `${thursday.toISOString().slice(0, 7)}-01`;
}

describe('iso_month', () => {
  it('gives the month of the ISO week\'s Thursday for every day of 1900–2200, whatever the session time zone', async () => {
    for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Adak']) {
      const rows = await t.db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('TimeZone', $1, true)`, [zone]);
        return tx.query<{ d: string; m: string }>(
          `SELECT to_char(d, 'YYYY-MM-DD') AS d, to_char(iso_month(d), 'YYYY-MM-DD') AS m
           FROM (SELECT date '1900-01-01' + g AS d FROM generate_series(0, date '2200-12-31' - date '1900-01-01') g) days`);
      });
      expect(rows.length).toBe(109_938);
      const wrong = rows.filter((r) => r.m !== isoMonthReference(r.d));
      expect(wrong.slice(0, 5), zone).toEqual([]);
    }
    // Known cases: 2026-01-01 is a Thursday (its week is January's); 2027-01-01 a Friday (December's).
    expect(isoMonthReference('2026-01-01')).toBe('2026-01-01');
    expect(isoMonthReference('2027-01-01')).toBe('2026-12-01');
    expect(isoMonthReference('2025-12-29')).toBe('2026-01-01');
  });
});
