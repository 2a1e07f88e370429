import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE, publisherWith } from '../../../server/publish/index.ts';
import { publishSignal, type CubeData } from '../../../server/services/signals/publish.ts';
import { seriesBlockWeeks, seriesWeeks } from '../../../server/services/signals/parameters.ts';
import type { BuurtArea } from '../../../server/services/signals/locations.ts';
import type { LeadSignal } from '../../../server/analysis/earlySignals.ts';

// One place, 156 weeks, 2 reports a week, Monday 2023-11-27 as week 0.
const weeks = 156;
const firstMonday = Math.round(Date.UTC(2023, 10, 27) / 86_400_000);
const cube: CubeData = { nWeeks: weeks, counts: new Float64Array(weeks).fill(2), keys: Float64Array.from({ length: weeks }, (_, t) => (t * 2654435761) % 4294967296), firstMonday };
const area: BuurtArea = { gemeente: 'GM1700', codes: ['BU17000000'], names: ['Centrum'], bbox: [[6.5, 52.4, 6.6, 52.5]], centroids: new Float64Array([240000, 490000]), inhabitants: new Float64Array([1000]), neighbours: [[]] as unknown as BuurtArea['neighbours'] };
const pub = publisherWith(DEFAULT_DISCLOSURE, []);
const iso = (t: number) => new Date((firstMonday + 7 * t) * 86_400_000).toISOString().slice(0, 10);

function signal(cls: LeadSignal['class'], windowWeeks: number): LeadSignal {
  const end = weeks - 1;
  return {
    area: 'GM1700', class: cls, category: 'hennep', places: [0], test: cls === 'rising' ? 'trend' : 'window', from: end - windowWeeks + 1, to: end,
    observed: 2 * windowWeeks, expected: 2 * windowWeeks, base: 208, baseWeeks: 104, p: 1e-6, q: 1e-4, effect: 2,
    trend: cls === 'rising' ? { spanWeeks: windowWeeks, rateRatio: 2, p: 1e-6, q: 1e-4 } : null, recent: 26,
  };
}

describe('a signal card\'s series', () => {
  it('covers a 52-week trend whole, in blocks of 4 weeks, with 16 weeks before it', () => {
    const s = publishSignal(signal('rising', 52), area, cube, pub);
    expect(seriesWeeks(52)).toBe(68);
    expect(s.series).toHaveLength(17);
    expect(s.series.every((p) => p.weeks === 4)).toBe(true);
    expect(s.series[0]!.week).toBe(iso(weeks - 68));
    expect(s.series[4]!.week).toBe(s.window.from);
    expect(s.series.at(-1)!.week).toBe(iso(weeks - 4));
    // A block's count is the published count of its 4 weeks (8 reports); its expectation is 4 of
    // the weeks a short window's series expects (the same place, baseline and level).
    const weekly = publishSignal(signal('sudden', 2), area, cube, pub).series[0]!.expected;
    expect(weekly).toBeGreaterThan(1);
    expect(Math.abs(s.series[0]!.expected / (4 * weekly) - 1)).toBeLessThan(0.05);
    // The p-table moves a count by at most D = 3.
    expect(s.series.every((p) => p.observed !== null && Math.abs(p.observed - 8) <= 3)).toBe(true);
  });

  it('a 26-week trend in blocks of 2 weeks; short windows week by week, at least 26 weeks', () => {
    const rising = publishSignal(signal('rising', 26), area, cube, pub);
    expect(rising.series.every((p) => p.weeks === 2)).toBe(true);
    expect(rising.series).toHaveLength(seriesWeeks(26) / 2);
    expect(rising.series.some((p) => p.week === rising.window.from)).toBe(true);
    const sudden = publishSignal(signal('sudden', 2), area, cube, pub);
    expect(sudden.series).toHaveLength(26);
    expect(sudden.series.every((p) => p.weeks === 1)).toBe(true);
    expect(seriesBlockWeeks(13)).toBe(1);
    expect(seriesWeeks(13)).toBe(26);
  });

  it('data shorter than the series: whole blocks only, ending at the last week', () => {
    const short: CubeData = { ...cube, nWeeks: 60, counts: cube.counts.slice(0, 60), keys: cube.keys.slice(0, 60) };
    const s = publishSignal({ ...signal('rising', 52), from: 8, to: 59 }, area, short, pub);
    expect(s.series.every((p) => p.weeks === 4)).toBe(true);
    expect(s.series.at(-1)!.week).toBe(iso(56));
    expect(s.series[0]!.week).toBe(iso(0));
  });
});
