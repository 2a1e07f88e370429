import { describe, expect, it } from 'vitest';
import { INCIDENT_WEEKS, SAME_DAY_QUIET_DAYS, SAME_DAY_SQUARES, incidentCounts, weekOfDay, type LocatedReport } from '../../../server/analysis/incidents.ts';

const at = (counts: Float64Array[], c: number, place: number, t: number, nWeeks: number) => counts[c]![place * nWeeks + t]!;

describe('incident counts', () => {
  it('reproduces the worked example of the module comment', () => {
    expect(INCIDENT_WEEKS).toBe(6);
    const reports: LocatedReport[] = [2, 3, 5, 7, 12].map((week) => ({ place: 0, category: 0, week, square: 'a' }));
    reports.push({ place: 0, category: 0, week: 3, square: 'b' });
    const counts = incidentCounts(reports, 1, 1, 0, 14);
    expect(Array.from(counts[0]!)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('counts a repeat in the week of the first report, whatever the order of the reports', () => {
    const reports: LocatedReport[] = [
      { place: 1, category: 1, week: 103, square: 7 },
      { place: 1, category: 1, week: 101, square: 7 },
      { place: 1, category: 1, week: 101, square: 7 },
    ];
    const counts = incidentCounts(reports, 2, 2, 100, 4);
    expect(at(counts, 1, 1, 1, 4)).toBe(1);
    expect(counts[1]!.reduce((a, v) => a + v, 0)).toBe(1);
    expect(counts[0]!.reduce((a, v) => a + v, 0)).toBe(0);
  });

  it('keeps different squares, categories and places apart', () => {
    const reports: LocatedReport[] = [
      { place: 0, category: 0, week: 0, square: 1 },
      { place: 0, category: 0, week: 0, square: 2 },
      { place: 0, category: 1, week: 0, square: 1 },
      { place: 1, category: 0, week: 0, square: 1 },
    ];
    const counts = incidentCounts(reports, 2, 2, 0, 1);
    expect([at(counts, 0, 0, 0, 1), at(counts, 1, 0, 0, 1), at(counts, 0, 1, 0, 1)]).toEqual([2, 1, 1]);
  });

  it('counts a square reported every week once every six weeks: 3 incidents in 13 weeks (a recurring problem can reach the minimum own count)', () => {
    const reports: LocatedReport[] = Array.from({ length: 13 }, (_, t) => ({ place: 0, category: 0, week: t + 1, square: 's' }));
    const counts = incidentCounts(reports, 1, 1, 0, 14);
    expect(Array.from(counts[0]!)).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('merges a repeat in the next weeks wherever the episode begins (no calendar blocks)', () => {
    for (const start of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const reports: LocatedReport[] = [start, start + 1, start + 3, start + 5].map((week) => ({ place: 0, category: 0, week, square: 1 }));
      expect(incidentCounts(reports, 1, 1, 0, 12)[0]!.reduce((a, v) => a + v, 0)).toBe(1);
    }
  });

  it('lets earlier reports decide the episodes, and counts only incidents that begin in the cube', () => {
    // Square x: episodes begin in weeks 3 and 9 (week 8 belongs to the first); the cube starts at
    // week 7, so only week 9's counts. Square y begins in week 7. Reports outside the places or
    // categories are ignored; incidents after the cube too.
    const reports: LocatedReport[] = [
      { place: 0, category: 0, week: 3, square: 'x' },
      { place: 0, category: 0, week: 8, square: 'x' },
      { place: 0, category: 0, week: 9, square: 'x' },
      { place: 0, category: 0, week: 7, square: 'y' },
      { place: 0, category: 0, week: 30, square: 'z' },
      { place: 5, category: 0, week: 7, square: 'y' },
      { place: 0, category: 9, week: 7, square: 'y' },
    ];
    const counts = incidentCounts(reports, 1, 1, 7, 4);
    expect(Array.from(counts[0]!)).toEqual([1, 0, 1, 0]);
  });

  describe('rule 2: several squares beginning an incident on one day', () => {
    // Day 20,000 (1970-01-01 + 20,000 days) is Friday 4 October 2024; its week index:
    const day = 20_000;
    const week = weekOfDay(day);
    const dated = (d: number, square: string | number, place = 0, category = 0): LocatedReport => ({ place, category, week: weekOfDay(d), square, day: d });
    const total = (counts: Float64Array[], c = 0) => counts[c]!.reduce((a, v) => a + v, 0);

    it('reproduces the worked example: four squares of a quiet buurt on one day are one incident, after a start ten days before four', () => {
      expect([SAME_DAY_SQUARES, SAME_DAY_QUIET_DAYS]).toEqual([3, 14]);
      const four = ['a', 'b', 'c', 'd'].map((sq) => dated(day, sq));
      expect(total(incidentCounts(four, 1, 1, week - 4, 8))).toBe(1);
      const withEarlier = [...four, dated(day - 10, 'e')];
      const counts = incidentCounts(withEarlier, 1, 1, week - 4, 8);
      expect(total(counts)).toBe(5);
      expect(at(counts, 0, 0, 4, 8)).toBe(4);
    });

    it('merges from three squares, not two; only on one day, in one buurt and category', () => {
      expect(total(incidentCounts(['a', 'b'].map((sq) => dated(day, sq)), 1, 1, week - 1, 3))).toBe(2);
      expect(total(incidentCounts(['a', 'b', 'c'].map((sq) => dated(day, sq)), 1, 1, week - 1, 3))).toBe(1);
      // Three squares over two days, or split over places or categories: no group of three.
      expect(total(incidentCounts([dated(day, 'a'), dated(day, 'b'), dated(day + 1, 'c')], 1, 1, week - 1, 3))).toBe(3);
      expect(total(incidentCounts([dated(day, 'a'), dated(day, 'b'), dated(day, 'c', 1)], 2, 1, week - 1, 3))).toBe(3);
      const byCategory = incidentCounts([dated(day, 'a'), dated(day, 'b'), dated(day, 'c', 0, 1)], 1, 2, week - 1, 3);
      expect([total(byCategory, 0), total(byCategory, 1)]).toEqual([2, 1]);
    });

    it('looks only at incident starts in the quiet days before: a start 15 days before, a repeat, or one the day after do not count', () => {
      const three = ['a', 'b', 'c'].map((sq) => dated(day, sq));
      // Day − 15 is outside the 14 quiet days: still one.
      expect(total(incidentCounts([...three, dated(day - 15, 'e')], 1, 1, week - 4, 8))).toBe(2);
      // Day − 14 is inside: three.
      expect(total(incidentCounts([...three, dated(day - 14, 'e')], 1, 1, week - 4, 8))).toBe(4);
      // A repeat report at square a five days before is the start of a's episode, so the group
      // has two new squares and a busy day before: b and c plus a's incident five days before.
      expect(total(incidentCounts([...three, dated(day - 5, 'a')], 1, 1, week - 4, 8))).toBe(3);
      // Only earlier days decide: a start the day after leaves the group merged.
      expect(total(incidentCounts([...three, dated(day + 1, 'e')], 1, 1, week - 4, 8))).toBe(2);
    });

    it('never merges reports without a day, and not at all without the rule (null)', () => {
      const undated: LocatedReport[] = ['a', 'b', 'c'].map((square) => ({ place: 0, category: 0, week, square }));
      expect(total(incidentCounts(undated, 1, 1, week - 1, 3))).toBe(3);
      const three = ['a', 'b', 'c'].map((sq) => dated(day, sq));
      expect(total(incidentCounts(three, 1, 1, week - 1, 3, INCIDENT_WEEKS, null))).toBe(3);
    });
  });
});
