import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE, publisherWith } from '../../../server/publish/index.ts';
import { HIDDEN_Q_STEPS, MAP_Q_STEPS, publishSignal, qStep, type CubeData } from '../../../server/services/signals/publish.ts';
import { Explainer } from '../../../server/services/signals/explain.ts';
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

  it('all categories of a zone: blocks of 2 weeks even for a window of one week (rule 4); of the municipality week by week', () => {
    const two: BuurtArea = { ...area, codes: ['BU17000000', 'BU17000001'], names: ['Centrum', 'Noord'], centroids: new Float64Array([240000, 490000, 241000, 491000]), inhabitants: new Float64Array([1000, 1000]), neighbours: [[], []] as unknown as BuurtArea['neighbours'] };
    const cube2: CubeData = { ...cube, counts: new Float64Array(2 * weeks).fill(2), keys: Float64Array.from({ length: 2 * weeks }, (_, t) => (t * 2654435761) % 4294967296) };
    const all = { ...signal('sudden', 1), category: null };
    const zone = publishSignal(all, two, cube2, pub);
    expect(seriesBlockWeeks(1, false)).toBe(2);
    expect(zone.series).toHaveLength(seriesWeeks(1, false) / 2);
    expect(zone.series.every((p) => p.weeks === 2)).toBe(true);
    expect(zone.series.at(-1)!.week).toBe(iso(weeks - 2));
    // The window's own count is the one week the card publishes; its blocks are never a single week.
    expect(zone.window.weeks).toBe(1);
    // One category of the zone, and all categories of the whole municipality: week by week.
    expect(publishSignal({ ...all, category: 'hennep' }, two, cube2, pub).series.every((p) => p.weeks === 1)).toBe(true);
    expect(publishSignal({ ...all, places: [0, 1] }, two, cube2, pub).series.every((p) => p.weeks === 1)).toBe(true);
    // Long windows keep their blocks of 2 and 4 weeks.
    expect(publishSignal({ ...signal('rising', 52), category: null }, two, cube2, pub).series.every((p) => p.weeks === 4)).toBe(true);
  });

  it('data shorter than the series: whole blocks only, ending at the last week', () => {
    const short: CubeData = { ...cube, nWeeks: 60, counts: cube.counts.slice(0, 60), keys: cube.keys.slice(0, 60) };
    const s = publishSignal({ ...signal('rising', 52), from: 8, to: 59 }, area, short, pub);
    expect(s.series.every((p) => p.weeks === 4)).toBe(true);
    expect(s.series.at(-1)!.week).toBe(iso(56));
    expect(s.series[0]!.week).toBe(iso(0));
  });
});

describe('a signal\'s expected count', () => {
  // Two places: the zone (0) with `zone` reports a week before the window (the last 4 weeks) and
  // `outbreak` a week in it, the rest (1) with `rest` a week until week 139 and `later` from 140 on.
  const twoPlaces = (zone: number, outbreak: number, rest: number, later: number): CubeData => {
    const counts = new Float64Array(2 * weeks);
    for (let t = 0; t < weeks; t++) {
      counts[t] = t >= weeks - 4 ? outbreak : zone;
      counts[weeks + t] = t >= 140 ? later : rest;
    }
    return { nWeeks: weeks, counts, keys: Float64Array.from({ length: 2 * weeks }, (_, i) => (i * 2654435761) % 4294967296), firstMonday };
  };
  const area2: BuurtArea = { ...area, codes: ['BU17000000', 'BU17000001'], names: ['Centrum', 'Noord'], centroids: new Float64Array([240000, 490000, 241000, 491000]), inhabitants: new Float64Array([1000, 1000]), neighbours: [[], []] as unknown as BuurtArea['neighbours'] };
  const mean = (ps: { expected: number }[]) => ps.reduce((a, p) => a + p.expected, 0) / ps.length;

  it('is the zone\'s baseline share of the rest of the municipality in the same weeks, not raised by the zone\'s own reports', () => {
    // The category doubled everywhere at week 140.
    const s = publishSignal(signal('sudden', 4), area2, twoPlaces(2, 6, 25, 50), pub);
    // Baseline weeks 48..151: zone 208, rest 92·25 + 12·50 = 2,900; window: rest 200 → 208 / 2,900
    // · 200 ≈ 14.3, up to the perturbation of the published counts (D = 3 each). With the zone's
    // own 24 reports in the window's municipality count it would be ≈ 16; from the municipality's
    // level of the last 26 weeks ≈ 11.6.
    expect(s.observed).not.toBeNull();
    expect(s.expected).toBeGreaterThan(13.8);
    expect(s.expected).toBeLessThan(14.9);
    // The series (weeks 130..155) follows the rest week by week: 0.0717 · 25 ≈ 1.8 a week before
    // week 140, ≈ 3.6 after; each week up to the perturbation of its two published counts (the
    // municipality's by ≤ 3, the zone's 2 published as 0 or hidden): ≤ 0.0717 · 6 ≈ 0.43.
    const before = s.series.filter((p) => p.week < iso(140));
    const after = s.series.filter((p) => p.week >= iso(140) && p.week < s.window.from);
    expect(before).toHaveLength(10);
    expect(after).toHaveLength(12);
    for (const p of before) expect(Math.abs(p.expected - 1.79)).toBeLessThan(0.45);
    for (const p of after) expect(Math.abs(p.expected - 3.59)).toBeLessThan(0.45);
    expect(Math.abs(mean(before) - 1.79)).toBeLessThan(0.2);
    expect(Math.abs(mean(after) - 3.59)).toBeLessThan(0.2);
  });

  it('takes the rest\'s level over 13 weeks where a week has too few reports for its perturbed count', () => {
    // 3 + 1 reports a week in the municipality: a week's published count is hidden or off by up to
    // 3 (and biased at 3–4); the zone's share is 104 / 312 = 1/3, so about 1 a week, smoothly.
    const s = publishSignal(signal('sudden', 4), area2, twoPlaces(1, 5, 3, 3), pub);
    const before = s.series.filter((p) => p.week < s.window.from);
    expect(before).toHaveLength(22);
    for (const p of before) expect(Math.abs(p.expected - 1)).toBeLessThan(0.15);
    // The window itself has 32 reports in the municipality: its own rest, (32 − 20) / 3 = 4.
    expect(Math.abs(s.expected - 4)).toBeLessThan(1.1);
  });

  it('takes those 13 weeks as fixed spans ending at the run\'s last week, so a card publishes a few span counts, not a pair per week', () => {
    // Every count the card publishes passes `perturbed`; record the sets (count and key sum).
    const cells = new Set<string>();
    const recording = Object.create(pub) as typeof pub;
    recording.perturbed = (n, key) => {
      cells.add(`${n}|${key}`);
      return pub.perturbed(n, key);
    };
    const s = publishSignal(signal('sudden', 4), area2, twoPlaces(1, 5, 3, 3), recording);
    expect(s.series).toHaveLength(26);
    // The 26 weeks' zone and municipality counts (52), the window's and baseline's and the level's
    // (≤ 6), and the spans of weeks 130..155 (two spans of 13 weeks, each the zone's and the
    // municipality's: 4). A span centred on each sparse week published about 2 × 22 more.
    expect(cells.size).toBeLessThanOrEqual(52 + 6 + 4);
  });

  it('is an upper bound, with k in place of a hidden baseline count', () => {
    // The zone had 2 reports in its 104 baseline weeks (hidden: < k = 5), then 6 in the window.
    const data = twoPlaces(0, 6, 25, 25);
    data.counts[60] = 1;
    data.counts[90] = 1;
    const s = publishSignal(signal('new', 4), area2, data, pub);
    expect(s.expectedUpperBound).toBe(true);
    // True expectation 2 / 2,600 · 100 ≈ 0.08; published: 5 / (2,600 − 4) · 100 ≈ 0.19 (±0.01).
    expect(s.expected).toBeGreaterThanOrEqual(0.1);
    expect(s.expected).toBeLessThanOrEqual(0.3);
  });

  it('falls back to the municipality\'s level when the rest is too small to divide by (a zone that is the municipality)', () => {
    const s = publishSignal(signal('sudden', 4), area, cube, pub);
    // One place: 2 a week before and in the window, level 1 → 8.
    expect(Math.abs(s.expected - 8)).toBeLessThan(0.8);
    expect(mean(s.series)).toBeCloseTo(2, 0);
  });
});

describe("a signal card's evidence", () => {
  // 2 reports a week: a 1-week window holds 2, shown "<5"; a 4-week window 8, shown.
  it('publishes q as a step where the window count is hidden, with no rate ratio, and two digits where it is shown', () => {
    const hidden = publishSignal({ ...signal('sudden', 1), q: 0.0123 }, area, cube, pub);
    expect(hidden.observed).toBeNull();
    expect(hidden).toMatchObject({ qBound: true, q: 0.5, recurrence: { atLeast: true } });
    expect(publishSignal({ ...signal('sudden', 1), q: 0.0043 }, area, cube, pub)).toMatchObject({ qBound: true, q: 0.01 });
    expect(publishSignal({ ...signal('sudden', 1), q: 0.01 }, area, cube, pub)).toMatchObject({ qBound: true, q: 0.01 });
    const rising = publishSignal({ ...signal('rising', 1), q: 0.2, trend: { spanWeeks: 26, rateRatio: 2.345, p: 1e-3, q: 0.0071 } }, area, cube, pub);
    expect(rising.trend).toEqual({ spanWeeks: 26, rateRatio: null, q: 0.01 });
    const shown = publishSignal({ ...signal('sudden', 4), q: 0.0123 }, area, cube, pub);
    expect(shown.observed).not.toBeNull();
    expect(shown).toMatchObject({ qBound: false, q: 0.012 });
    expect(qStep(0.03, MAP_Q_STEPS)).toBe(0.05);
    expect(qStep(0.5, HIDDEN_Q_STEPS)).toBe(0.5);
  });

  it('reads the step as a bound in both languages', () => {
    const hidden = publishSignal({ ...signal('sudden', 1), q: 0.0043 }, area, cube, pub);
    const text = new Explainer(new Map([['hennep', { nl: 'Hennepteelt', en: 'Cannabis' }]])).explain(hidden);
    expect(text.nl).toContain('Sterkte van het bewijs: q ≤ 0,01 na correctie');
    expect(text.nl).toMatch(/zou bij toeval minder dan (eens per [\d,]+ jaar|[\d,]+ keer per jaar) voorkomen/);
    expect(text.en).toContain('Strength of evidence: q ≤ 0.01 after correction');
  });
});
