/** Early signals, shared by the map (markers, highlight), the signals view, the area panel and
 *  the trend charts (anomaly marks). One request for all of them. */
import { fetchSignalList, type Signal, type SignalList, type SignalRun } from './api.ts';
import { Resource } from './resource.svelte.ts';
import { isAnalyst, server, ui } from './state.svelte.ts';
import type { BBox } from './geo.ts';
import { periodForSpan, type Period, type PeriodMenu } from './periods.ts';
import { playback } from './playback.svelte.ts';

let shared: Resource<Signal[]> | null = null;

/** The run behind the current list (see SignalRun), or null before the first answer; the user's
 *  own draft and the run queue as the last answer said. */
export const signalRun = $state({ run: null as SignalRun | null, known: false, draft: null as SignalList['draft'], queue: null as SignalList['queue'] });

/** Which list the signals view (and the map's signal markers) show: the published one everyone
 *  sees, or the user's own draft. Not in the URL: a draft is private and short-lived. */
export const signalView = $state({ view: 'published' as 'published' | 'draft' });

/** The signal list for the current category and status filter. Call from a component's set-up
 *  (the first caller creates the shared resource inside an effect root, so it outlives it). */
export function signalsResource(): Resource<Signal[]> {
  if (!shared) {
    $effect.root(() => {
      shared = new Resource<Signal[]>(() => {
        if (!server.meta || !isAnalyst()) return null;
        const category = ui.category;
        const status = ui.signalStatus === 'all' ? null : ui.signalStatus;
        const gemeente = ui.gemeente;
        const view = signalView.view;
        return async (signal) => {
          const list = await fetchSignalList({ category, status, gemeente, view }, signal);
          signalRun.run = list.run;
          signalRun.draft = list.draft;
          signalRun.queue = list.queue;
          signalRun.known = true;
          return list.signals;
        };
      });
      $effect(() => {
        if (shared!.status === 'unavailable') server.signalsAvailable = false;
        else if (shared!.status === 'ready') server.signalsAvailable = true;
      });
    });
  }
  return shared!;
}

/** CBS codes nest by digits: BU 1700 01 01 lies in WK 1700 01, which lies in GM 1700. */
export const within = (inner: string, outer: string): boolean => inner.slice(2).startsWith(outer.slice(2));

/** Signals that concern an area: named in its area codes (or a parent/child of it), or — for
 *  cell-based signals — with a bounding box that overlaps the area's. */
export function signalsForArea(list: readonly Signal[], code: string, areaBox: BBox | null): Signal[] {
  return list.filter((s) => {
    if (s.areaCodes.some((a) => within(a, code) || within(code, a))) return true;
    if (s.areaCodes.length === 0 && areaBox && s.bbox) {
      const [w, so, e, n] = s.bbox;
      return w <= areaBox[2] && areaBox[0] <= e && so <= areaBox[3] && areaBox[1] <= n;
    }
    return false;
  });
}

export function signalClassKey(cls: string): string {
  return `class_${cls}`;
}

/** The menu period the map shows for a signal: the one that best matches its weeks (its window
 *  when the server sends one, else its first and last day). */
export function signalMapPeriod(s: Pick<Signal, 'firstStep' | 'lastStep' | 'window'>, menu: PeriodMenu): Period | null {
  const from = s.window?.from ?? s.firstStep;
  const to = s.window?.to ?? s.lastStep;
  if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return null;
  return periodForSpan(from, to, menu);
}

/** The filters before a signal was chosen (restored when the selection is cleared) and the ones
 *  the signal set (restoring only while they are still what the map shows). */
let before: { signal: string; category: string | null; period: string | null; set: { category: string | null; period: string | null } } | null = null;

/**
 * Shows a signal on the map: its category (all categories for a signal about all of them) and the
 * menu period that matches its weeks become the map's, so that the map underneath is the signal's
 * own; the signals layer is switched on. Playback stops (it played another period).
 */
export function selectSignal(s: Signal): void {
  const from = !before || ui.signal === null ? { category: ui.category, period: ui.period } : { category: before.category, period: before.period };
  ui.signal = s.id;
  ui.layers.signals = true;
  ui.category = s.category || null;
  const menu = server.meta?.periods;
  const period = menu ? signalMapPeriod(s, menu) : null;
  if (period) ui.period = period.token === menu?.defaultToken ? null : period.token;
  before = { signal: s.id, ...from, set: { category: ui.category, period: ui.period } };
  playback.playing = false;
  playback.open = false;
}

/** Clears the selection; the filters from before the first selection come back, unless the user
 *  has changed them since. */
export function clearSignal(): void {
  if (before && before.signal === ui.signal && ui.category === before.set.category && ui.period === before.set.period) {
    ui.category = before.category;
    ui.period = before.period;
  }
  before = null;
  ui.signal = null;
}
