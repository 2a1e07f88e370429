import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE, publisherWith } from '../../../server/publish/index.ts';
import { publishSignal, type CubeData } from '../../../server/services/signals/publish.ts';
import { seriesWeeks } from '../../../server/services/signals/parameters.ts';
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

describe('a signal card\'s weekly series', () => {
  it('covers a 52-week trend whole, with 13 weeks before it', () => {
    const s = publishSignal(signal('rising', 52), area, cube, pub);
    expect(s.series).toHaveLength(65);
    expect(s.series[0]!.week).toBe(iso(weeks - 65));
    expect(s.series[13]!.week).toBe(s.window.from);
    expect(s.series.at(-1)!.week).toBe(iso(weeks - 1));
  });

  it('shows at least 26 weeks for a short window', () => {
    expect(publishSignal(signal('sudden', 2), area, cube, pub).series).toHaveLength(26);
    expect(seriesWeeks(13)).toBe(26);
    expect(seriesWeeks(26)).toBe(39);
  });
});
