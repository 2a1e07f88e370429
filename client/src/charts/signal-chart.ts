/**
 * The geometry of a signal card's small chart: observed counts per week (or block of 2 or 4 weeks
 * for long windows) as bars, the expected count as a line, the signal's window as a shaded band.
 * Pure (d3 scales and a line generator, no DOM), so it is tested with a fixture; SignalChart.svelte
 * draws it.
 */
import { line, scaleBand, scaleLinear } from 'd3';
import type { SignalWeek } from '../lib/api.ts';
import { addDays } from '../lib/periods.ts';

export interface SignalBar {
  week: string;
  x: number;
  width: number;
  /** Top of the bar (observed) or null when the week's count is hidden. */
  y: number | null;
  height: number;
  observed: number | null;
  expected: number;
  inWindow: boolean;
}

export interface SignalChartModel {
  bars: SignalBar[];
  /** SVG path of the expected counts (through the middle of each week). */
  expectedPath: string;
  /** The window as a band on the x axis, or null when it lies outside the series. */
  window: { x: number; width: number } | null;
  /** A highlighted point also counts weeks outside the window (a window of one week in a 2-week
   *  block on cards of all categories of a zone; a long window that does not start on a block). */
  overhang: boolean;
  yMax: number;
  yTicks: number[];
  /** Plot area inside the margins. */
  inner: { width: number; height: number };
}

export const SIGNAL_CHART_MARGIN = { top: 6, right: 4, bottom: 14, left: 24 } as const;

export function signalChartModel(
  series: readonly SignalWeek[],
  window: { from: string; to: string } | null,
  width: number,
  height: number,
): SignalChartModel {
  const m = SIGNAL_CHART_MARGIN;
  const inner = { width: Math.max(20, width - m.left - m.right), height: Math.max(10, height - m.top - m.bottom) };
  const x = scaleBand<string>().domain(series.map((p) => p.week)).range([0, inner.width]).paddingInner(0.2).paddingOuter(0.1);
  const yMax = Math.max(1, ...series.map((p) => Math.max(p.observed ?? 0, p.expected)));
  const y = scaleLinear().domain([0, yMax]).nice(3).range([inner.height, 0]);
  // A point (a week, or a block of 2 or 4 weeks) is in the window when any of its days are: a
  // window of one week sits in a 2-week block on the card of all categories of a zone.
  const inWindow = (p: SignalWeek) => !!window && p.week <= window.to && addDays(p.week, 7 * p.weeks - 1) >= window.from;
  const bars = series.map((p): SignalBar => {
    const top = p.observed === null ? null : y(p.observed);
    return {
      week: p.week,
      x: x(p.week) ?? 0,
      width: x.bandwidth(),
      y: top,
      height: top === null ? 0 : inner.height - top,
      observed: p.observed,
      expected: p.expected,
      inWindow: inWindow(p),
    };
  });
  const mid = (p: SignalWeek) => (x(p.week) ?? 0) + x.bandwidth() / 2;
  const expectedPath = line<SignalWeek>().x(mid).y((p) => y(p.expected))([...series]) ?? '';
  const inside = bars.filter((b) => b.inWindow);
  const step = x.step();
  const band = inside.length
    ? { x: inside[0]!.x - (step - x.bandwidth()) / 2, width: inside.at(-1)!.x + x.bandwidth() - inside[0]!.x + (step - x.bandwidth()) }
    : null;
  const overhang = !!window && series.some((p) => inWindow(p) && (p.week < window.from || addDays(p.week, 7 * p.weeks - 1) > window.to));
  return { bars, expectedPath, window: band, overhang, yMax: y.domain()[1]!, yTicks: y.ticks(3), inner };
}
