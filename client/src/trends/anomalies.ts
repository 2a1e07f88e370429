/**
 * Which buckets of a trend chart carry the signal analysis' diamond. Pure, so it is tested with a
 * fixture (tests/e2e/client-map-logic.test.ts); TrendsView picks the signals of the chart's
 * category and area.
 */
import type { Signal, TimePoint } from '../lib/api.ts';

/**
 * Windows up to a quarter (sudden and new signals: 1–13 weeks) mark every bucket they overlap.
 * A rising signal's window is its trend's span of 26 or 52 weeks: marking every week of it put a
 * diamond on half a year or a year of every chart of all categories, which says nothing, so it is
 * marked at the bucket of its last week, where the run found it.
 */
export const ANOMALY_WHOLE_WINDOW_WEEKS = 13;

type Marked = Pick<Signal, 'firstDay' | 'lastDay' | 'window'>;

export function anomalyBuckets(points: readonly Pick<TimePoint, 'start' | 'end'>[], signals: readonly Marked[]): string[] {
  const spans = signals.map((s) => {
    const from = s.window?.from ?? s.firstDay;
    const to = s.window?.to ?? s.lastDay;
    return (s.window?.weeks ?? 0) > ANOMALY_WHOLE_WINDOW_WEEKS ? { from: to, to } : { from, to };
  });
  return points.filter((p) => spans.some((s) => s.from <= p.end && s.to >= p.start)).map((p) => p.start);
}
