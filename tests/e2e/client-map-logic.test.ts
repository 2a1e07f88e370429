/**
 * Pure logic behind issue #15 items 5–7, without a browser: when a view counts as mostly hidden
 * and what is offered instead (coarser level, next longer menu period), the menu period a signal
 * is shown with, the spreading of overlapping signal markers, and the signal card's chart
 * geometry (with a fixture of the `series` / `window` fields).
 */
import { describe, expect, it } from 'vitest';
import type { PublishedCount, SignalWeek } from '../../client/src/lib/api.ts';
import { coarserCell, coarserLevel, hiddenSummary, longerPeriod, MOSTLY_HIDDEN_SHARE } from '../../client/src/lib/hidden.ts';
import { periodForSpan, periodOfToken } from '../../client/src/lib/periods.ts';
import { spreadMarkers } from '../../client/src/map/declutter.ts';
import { signalChartModel } from '../../client/src/charts/signal-chart.ts';
import { anomalyBuckets } from '../../client/src/trends/anomalies.ts';
import { cellCount } from '../../client/src/map/layers/hexagons.ts';
import { periodMenu } from '../../server/publish/periods.ts';

const shown = (value: number): PublishedCount => ({ value, suppressed: false });
const hidden: PublishedCount = { value: null, suppressed: true };

// The demo data's extent: complete weeks from 2023-11-27 to 2026-11-22 (November 2026 is not a
// complete ISO-week month yet, so the last complete month is October).
const menu = periodMenu({ firstDay: '2023-11-27', lastDay: '2026-11-22' });
const p = (token: string) => periodOfToken(token, menu.dataEnd);

describe('mostly hidden', () => {
  it('reads a hexagon\'s count back from its GeoJSON properties', () => {
    expect(cellCount({ count: null, suppressed: true, withheld: true })).toEqual({ value: null, suppressed: true, withheld: true });
    expect(cellCount({ count: null, suppressed: true })).toEqual(hidden);
    expect(cellCount({ count: 7, suppressed: false })).toEqual(shown(7));
    expect(cellCount({ count: null, suppressed: false })).toBeNull();
  });

  it('counts only cells with data, and needs half of at least three hidden', () => {
    expect(MOSTLY_HIDDEN_SHARE).toBe(0.5);
    expect(hiddenSummary([hidden, hidden, shown(7), shown(0)])).toEqual({ withData: 4, hidden: 2, withheld: 0, share: 0.5, mostlyHidden: true });
    // Withheld counts (all categories over one week of a buurt) are hidden, and counted apart.
    const withheld = { value: null, suppressed: true, withheld: true } as const;
    expect(hiddenSummary([withheld, withheld, hidden, shown(3)])).toEqual({ withData: 4, hidden: 3, withheld: 2, share: 0.75, mostlyHidden: true });
    expect(hiddenSummary([hidden, shown(12), shown(0)]).mostlyHidden).toBe(false);
    // "No data" (null) is neither hidden nor shown.
    expect(hiddenSummary([hidden, hidden, null, null, null, shown(5)])).toMatchObject({ withData: 3, hidden: 2, mostlyHidden: true });
    // Two cells, both hidden: too small a view to call it disclosure control's doing.
    expect(hiddenSummary([hidden, hidden]).mostlyHidden).toBe(false);
    expect(hiddenSummary([]).share).toBe(0);
    const many = [...Array(49).fill(hidden), ...Array(51).fill(shown(9))];
    expect(hiddenSummary(many).mostlyHidden).toBe(false);
    expect(hiddenSummary([...many, hidden, hidden]).mostlyHidden).toBe(true);
  });

  it('offers the coarser level and the larger cells', () => {
    expect(coarserLevel('buurt')).toBe('wijk');
    expect(coarserLevel('wijk')).toBeNull();
    expect([coarserCell(250), coarserCell(500), coarserCell(1000)]).toEqual([500, 1000, null]);
  });

  it('offers the next longer menu period that holds the current one', () => {
    const next = (token: string) => longerPeriod(p(token), menu)?.token ?? null;
    // A week → its ISO-week month (week 40 of 2026 has its Thursday on 1 October).
    expect(next('2026-W40')).toBe('2026-10');
    expect(next('2025-W20')).toBe('2025-05');
    // A month → its quarter; a quarter → its year.
    expect(next('2026-07')).toBe('2026-Q3');
    expect(next('2025-Q2')).toBe('2025');
    // The quarter and year that are not complete yet are not in the menu: the last 3 or 6 months.
    expect(next('2026-10')).toBe('last-3m');
    expect(next('2026-Q3')).toBe('last-6m');
    expect(next('last-1m')).toBe('last-3m');
    expect(next('last-3m')).toBe('last-6m');
    expect(next('last-6m')).toBe('last-12m');
    // Nothing longer than a year in the menu.
    expect(next('last-12m')).toBeNull();
    expect(next('2025')).toBeNull();
    // A week of the incomplete month: the last complete month.
    expect(next('2026-W47')).toBe('2026-10');
    // Every offer is a menu period and longer than what was shown.
    for (const token of ['2026-W40', '2026-07', '2025-Q2', 'last-1m', '2026-W47']) {
      const offer = longerPeriod(p(token), menu)!;
      expect(offer.weeks).toBeGreaterThan(p(token).weeks);
      expect(periodOfToken(offer.token, menu.dataEnd)).toEqual(offer);
    }
  });
});

describe('a signal on the map', () => {
  const forSpan = (from: string, to: string) => periodForSpan(from, to, menu)?.token ?? null;

  it('shows the menu period that best matches the signal weeks', () => {
    // One week: that week.
    expect(forSpan('2026-11-16', '2026-11-22')).toBe('2026-W47');
    // Seven weeks, four of them in October, three in the incomplete November: October (the month,
    // rather than "the last month", which has the same weeks).
    expect(forSpan('2026-10-05', '2026-11-22')).toBe('2026-10');
    // Four weeks with one in October and three in November: the most recent single week matches
    // best (1 of 4 weeks) — October would cover 1 of 8.
    expect(forSpan('2026-10-26', '2026-11-22')).toBe('2026-W47');
    // Three years: the most recent 12 months rather than the calendar year 2025.
    expect(forSpan('2023-11-27', '2026-11-22')).toBe('last-12m');
    // A whole quarter: that quarter.
    expect(forSpan('2025-03-31', '2025-06-29')).toBe('2025-Q2');
    // A day in the middle of a week: the week around it.
    expect(forSpan('2025-06-04', '2025-06-04')).toBe(periodOfToken('2025-W23', null).token);
    // Before the data: nothing.
    expect(forSpan('2020-01-06', '2020-01-12')).toBeNull();
  });
});

describe('overlapping signal markers', () => {
  it('spreads markers closer than the minimum on a ring, rank 1 on top, and leaves the others', () => {
    const points = [
      { id: 'a', x: 100, y: 100 },
      { id: 'b', x: 108, y: 104 },
      { id: 'c', x: 112, y: 96 },
      { id: 'far', x: 300, y: 300 },
    ];
    const out = spreadMarkers(points, 32);
    expect(out.get('far')).toEqual({ dx: 0, dy: 0, group: 1 });
    const placed = ['a', 'b', 'c'].map((id) => {
      const o = out.get(id)!;
      const q = points.find((x) => x.id === id)!;
      expect(o.group).toBe(3);
      return { id, x: q.x + o.dx, y: q.y + o.dy };
    });
    // No two markers of the group overlap any more.
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(Math.hypot(placed[i]!.x - placed[j]!.x, placed[i]!.y - placed[j]!.y)).toBeGreaterThanOrEqual(32 - 1e-9);
    // The first (rank 1) sits straight above the group's centre.
    const cx = (100 + 108 + 112) / 3;
    expect(placed[0]!.x).toBeCloseTo(cx, 6);
    expect(placed[0]!.y).toBeLessThan(100);
  });

  it('chains: markers linked through a neighbour share one ring', () => {
    const out = spreadMarkers([{ id: '1', x: 0, y: 0 }, { id: '2', x: 25, y: 0 }, { id: '3', x: 50, y: 0 }], 30);
    expect([...out.values()].map((o) => o.group)).toEqual([3, 3, 3]);
    expect(spreadMarkers([{ id: '1', x: 0, y: 0 }, { id: '2', x: 40, y: 0 }], 30).get('2')).toEqual({ dx: 0, dy: 0, group: 1 });
  });
});

describe('signal card chart', () => {
  // Eight weeks; the signal's window is the last four; one week hidden ("<k").
  const series: SignalWeek[] = [
    { weeks: 1, week: '2026-09-28', observed: 2, expected: 2.5 },
    { weeks: 1, week: '2026-10-05', observed: 3, expected: 2.4 },
    { weeks: 1, week: '2026-10-12', observed: null, expected: 2.6 },
    { weeks: 1, week: '2026-10-19', observed: 2, expected: 2.5 },
    { weeks: 1, week: '2026-10-26', observed: 6, expected: 2.5 },
    { weeks: 1, week: '2026-11-02', observed: 8, expected: 2.7 },
    { weeks: 1, week: '2026-11-09', observed: 7, expected: 2.6 },
    { weeks: 1, week: '2026-11-16', observed: 11, expected: 2.8 },
  ];
  const window = { from: '2026-10-26', to: '2026-11-22' };

  it('draws a bar per week, the hidden week as no bar, the window over exactly its weeks', () => {
    const m = signalChartModel(series, window, 300, 74);
    expect(m.bars.map((b) => b.week)).toEqual(series.map((s) => s.week));
    expect(m.bars.map((b) => b.inWindow)).toEqual([false, false, false, false, true, true, true, true]);
    expect(m.bars[2]!.y).toBeNull();
    // Taller bars for larger counts; the scale holds the largest.
    expect(m.bars[7]!.height).toBeGreaterThan(m.bars[4]!.height);
    expect(m.yMax).toBeGreaterThanOrEqual(11);
    expect(m.bars.every((b) => b.x >= 0 && b.x + b.width <= m.inner.width + 1e-9)).toBe(true);
    // The band starts before the first window bar and ends after the last.
    const first = m.bars[4]!;
    const last = m.bars[7]!;
    expect(m.window!.x).toBeLessThanOrEqual(first.x);
    expect(m.window!.x + m.window!.width).toBeGreaterThanOrEqual(last.x + last.width);
    expect(m.window!.x).toBeGreaterThan(m.bars[3]!.x + m.bars[3]!.width - 1e-9);
    // The expected line passes every week (one point each).
    expect(m.expectedPath.startsWith('M')).toBe(true);
    expect(m.expectedPath.split('L').length).toBe(series.length);
  });

  it('blocks of 4 weeks: a block is in the window when any of its weeks is', () => {
    const blocks: SignalWeek[] = [
      { week: '2026-08-03', weeks: 4, observed: 5, expected: 4 },
      { week: '2026-08-31', weeks: 4, observed: null, expected: 4 },
      { week: '2026-09-28', weeks: 4, observed: 9, expected: 4.2 },
      { week: '2026-10-26', weeks: 4, observed: 14, expected: 4.3 },
    ];
    // A window starting on the third block's Monday; one starting a week later leaves that block out.
    expect(signalChartModel(blocks, { from: '2026-09-28', to: '2026-11-22' }, 300, 74).bars.map((b) => b.inWindow)).toEqual([false, false, true, true]);
    expect(signalChartModel(blocks, { from: '2026-10-05', to: '2026-11-22' }, 300, 74).bars.map((b) => b.inWindow)).toEqual([false, false, true, true]);
    // A window of one week in the last block of 2 weeks (all categories of a zone: no single weeks).
    const pairs: SignalWeek[] = [
      { week: '2026-10-26', weeks: 2, observed: 6, expected: 4 },
      { week: '2026-11-09', weeks: 2, observed: 12, expected: 4 },
    ];
    const one = signalChartModel(pairs, { from: '2026-11-16', to: '2026-11-22' }, 300, 74);
    expect(one.bars.map((b) => b.inWindow)).toEqual([false, true]);
    expect(one.window).not.toBeNull();
    expect(one.overhang).toBe(true);
    expect(signalChartModel(blocks, { from: '2026-09-28', to: '2026-11-22' }, 300, 74).overhang).toBe(false);
  });

  it('has no window band when the window lies outside the series', () => {
    expect(signalChartModel(series, { from: '2025-01-06', to: '2025-02-02' }, 300, 74).window).toBeNull();
    expect(signalChartModel(series, null, 300, 74).window).toBeNull();
  });
});

describe('anomaly diamonds on trend charts', () => {
  // Twelve weeks from Monday 2026-09-07 to Sunday 2026-11-29.
  const points = Array.from({ length: 12 }, (_, k) => {
    const start = new Date(Date.UTC(2026, 8, 7 + 7 * k)).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2026, 8, 13 + 7 * k)).toISOString().slice(0, 10);
    return { start, end };
  });
  const lead = (from: string, to: string, weeks: number) => ({ firstDay: from, lastDay: to, window: { from, to, weeks } });

  it('marks every week a short window overlaps', () => {
    expect(anomalyBuckets(points, [lead('2026-11-09', '2026-11-22', 2)])).toEqual(['2026-11-09', '2026-11-16']);
  });

  it('marks a rising trend of 26 or 52 weeks only at its last week, not every week of its span', () => {
    expect(anomalyBuckets(points, [lead('2025-11-24', '2026-11-22', 52)])).toEqual(['2026-11-16']);
    // Both together: the union.
    expect(anomalyBuckets(points, [lead('2025-11-24', '2026-11-22', 52), lead('2026-09-07', '2026-09-13', 1)])).toEqual(['2026-09-07', '2026-11-16']);
    // A month bucket holds the last week too.
    expect(anomalyBuckets([{ start: '2026-10-26', end: '2026-11-29' }], [lead('2026-05-25', '2026-11-22', 26)])).toEqual(['2026-10-26']);
  });

  it('a signal outside the chart marks nothing; map classes (no window) their first to last day', () => {
    expect(anomalyBuckets(points, [lead('2025-01-06', '2025-03-30', 13)])).toEqual([]);
    expect(anomalyBuckets(points, [{ firstDay: '2026-09-14', lastDay: '2026-09-20', window: null }])).toEqual(['2026-09-14']);
  });
});
