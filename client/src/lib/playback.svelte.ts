/**
 * Time playback: the map steps through the chosen period one ISO week at a time. Each step is an
 * ordinary statistics request for that week (`period=2026-W47`), so the publication layer treats
 * every week as it treats any week (its own threshold, its own noise) and every step counts against
 * the query budget. The state lives here so that the map's layers (MapView's query) and the
 * playback bar (Playback.svelte) read the same step.
 */
import { ApiError, fetchAreaStats, isAbort, type AreaStatistics, type StatsFilters } from './api.ts';
import { periodOfToken, weekToken, type Period } from './periods.ts';
import { weeksOf } from '../../../server/publish/periods.ts';
import type { AreaLevel } from './url-state.ts';

export const playback = $state({
  /** The bar is open: the map shows the week `index` of the period instead of the period. */
  open: false,
  playing: false,
  index: 0,
  /** Weeks of the current period loaded (prefetched) so far, and how many there are. */
  loaded: 0,
  total: 0,
  /** Why loading stopped: the daily query budget (429) or another error; null while fine. */
  stopped: null as null | { kind: 'budget' | 'error'; week: string; message: string },
  /** Milliseconds per step. */
  stepMs: 1200,
  /** Bumped to load again after a stop (pressing play once more). */
  attempt: 0,
});

/** The answers per week of the current selection (level and filters): for the shared classes. */
export const playbackData = $state({ key: '', byWeek: new Map<string, AreaStatistics>() as ReadonlyMap<string, AreaStatistics> });

/** The ISO week tokens of a period, oldest first. */
export function weekTokens(period: Pick<Period, 'from' | 'to'>): string[] {
  return weeksOf(period).map((w) => weekToken(w.from));
}

/** The filters of the step shown: the period's filters with the week's token, or as they are
 *  when playback is closed (or the period is a single week). */
export function stepFilters(filters: StatsFilters | null): StatsFilters | null {
  if (!filters || !playback.open) return filters;
  const weeks = weekTokens(filters);
  if (weeks.length < 2) return filters;
  const token = weeks[Math.min(playback.index, weeks.length - 1)]!;
  const week = periodOfToken(token, null);
  return { ...filters, period: token, from: week.from, to: week.to };
}

/** The week token shown, or null when playback is off. */
export function currentStep(filters: StatsFilters | null): string | null {
  const f = stepFilters(filters);
  return f && f !== filters ? f.period : null;
}

export const selectionKey = (level: AreaLevel, f: StatsFilters): string => JSON.stringify([level, f.gemeente, f.category, f.source, f.period]);

/**
 * Loads the weeks of a period ahead, politely: two requests at a time, from the week shown
 * onwards and then the weeks before it, each kept (and cached by the API module). Stops at the
 * first error; a 429 is the query budget. Returns when done or aborted.
 */
export async function prefetchWeeks(level: AreaLevel, filters: StatsFilters, from: number, signal: AbortSignal, concurrency = 2): Promise<void> {
  const weeks = weekTokens(filters);
  const key = selectionKey(level, filters);
  if (playbackData.key !== key) {
    playbackData.key = key;
    playbackData.byWeek = new Map();
  }
  playback.total = weeks.length;
  playback.loaded = playbackData.byWeek.size;
  playback.stopped = null;
  const order = [...weeks.slice(from), ...weeks.slice(0, from)].filter((w) => !playbackData.byWeek.has(w));
  let next = 0;
  const worker = async () => {
    while (next < order.length && !signal.aborted && !playback.stopped) {
      const token = order[next++]!;
      const week = periodOfToken(token, null);
      try {
        const stats = await fetchAreaStats(level, { ...filters, period: token, from: week.from, to: week.to }, signal);
        if (signal.aborted || playbackData.key !== key) return;
        const byWeek = new Map(playbackData.byWeek);
        byWeek.set(token, stats);
        playbackData.byWeek = byWeek;
        playback.loaded = byWeek.size;
      } catch (err) {
        if (isAbort(err) || signal.aborted) return;
        const budget = err instanceof ApiError && err.status === 429;
        playback.stopped = { kind: budget ? 'budget' : 'error', week: token, message: (err as Error).message };
        playback.playing = false;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
