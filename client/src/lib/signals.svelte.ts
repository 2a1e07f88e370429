/** Early signals, shared by the map (markers, highlight), the signals view, the area panel and
 *  the trend charts (anomaly marks). One request for all of them. */
import { fetchSignalList, type Signal, type SignalList, type SignalRun } from './api.ts';
import { Resource } from './resource.svelte.ts';
import { isAnalyst, server, ui } from './state.svelte.ts';
import type { BBox } from './geo.ts';
import { periodForSpan, type Period, type PeriodMenu } from './periods.ts';
import { playback } from './playback.svelte.ts';

/** The run behind the current list (see SignalRun), or null before the first answer; the user's
 *  own draft and the run queue as the last answer said. */
export const signalRun = $state({ run: null as SignalRun | null, known: false, draft: null as SignalList['draft'], queue: null as SignalList['queue'] | null });

/** Which list the signals view (and the map's signal markers) show: the published one everyone
 *  sees, or the user's own draft. Not in the URL: a draft is private and short-lived. */
export const signalView = $state({ view: 'published' as 'published' | 'draft' });

type ListQuery = Parameters<typeof fetchSignalList>[0];
const QUEUE_POLL_MS = 4000;
/** The query of the list shown (the queue is polled with it while runs are busy). */
let shown: ListQuery | null = null;

const take = (list: SignalList) => {
  signalRun.run = list.run;
  signalRun.draft = list.draft;
  signalRun.queue = list.queue;
  signalRun.known = true;
};

/**
 * The shared list, for the app's lifetime. Its effect root is made here, when the module loads,
 * and belongs to no component: made inside the first caller's set-up (as it was), the root was a
 * child of that component, and when the component went away in the same update that changed the
 * category — choosing a signal in the signals view sets the map's category and leaves the view —
 * the list's effect was marked for a re-run under the old parent and then cut loose from it, so it
 * never ran again: the map kept the previous category's signals.
 */
let shared!: Resource<Signal[]>;
$effect.root(() => {
  const resource = new Resource<Signal[]>(() => {
    if (!server.meta || !isAnalyst()) return null;
    const q: ListQuery = {
      category: ui.category,
      status: ui.signalStatus === 'all' ? null : ui.signalStatus,
      gemeente: ui.gemeente,
      view: signalView.view,
    };
    return async (signal) => {
      const list = await fetchSignalList(q, signal);
      shown = q;
      take(list);
      return list.signals;
    };
  });
  $effect(() => {
    if (resource.status === 'unavailable') server.signalsAvailable = false;
    else if (resource.status === 'ready') server.signalsAvailable = true;
  });
  // While runs are running or waiting, the queue is asked again every few seconds, so that
  // "running" does not outlive the run; when a new run has finished the list is fetched again.
  $effect(() => {
    const queue = signalRun.queue;
    const run = signalRun.run;
    if (!queue || (!queue.running && queue.waiting === 0) || !shown) return;
    const q = shown;
    const timer = setTimeout(() => {
      fetchSignalList(q).then((list) => {
        if (q !== shown) return;
        if (list.run?.id !== run?.id || list.draft?.id !== signalRun.draft?.id) resource.retry();
        else signalRun.queue = list.queue;
      }, () => undefined);
    }, QUEUE_POLL_MS);
    return () => clearTimeout(timer);
  });
  shared = resource;
});

/** The signal list for the current category and status filter (one request for all its users). */
export function signalsResource(): Resource<Signal[]> {
  return shared;
}

/** CBS codes nest by digits: BU 1700 01 01 lies in WK 1700 01, which lies in GM 1700. */
export const within = (inner: string, outer: string): boolean => inner.slice(2).startsWith(outer.slice(2));

/** Signals that concern an area: one of its places is the area (or a parent/child of it), or —
 *  for a signal without areas — its bounding box overlaps the area's. */
export function signalsForArea(list: readonly Signal[], code: string, areaBox: BBox | null): Signal[] {
  return list.filter((s) => {
    const areas = s.highlight.areas;
    if (areas.some((a) => within(a, code) || within(code, a))) return true;
    if (areas.length === 0 && areaBox) {
      const [w, so, e, n] = s.bbox;
      return w <= areaBox[2] && areaBox[0] <= e && so <= areaBox[3] && areaBox[1] <= n;
    }
    return false;
  });
}

export function signalClassKey(cls: string): string {
  return `class_${cls}`;
}

/** The days a signal is about: its window (lead signals), else its first and last day. */
export function signalSpan(s: Pick<Signal, 'firstDay' | 'lastDay' | 'window'>): { from: string; to: string } {
  return s.window ? { from: s.window.from, to: s.window.to } : { from: s.firstDay, to: s.lastDay };
}

/** The menu period the map shows for a signal: the one that best matches its weeks. */
export function signalMapPeriod(s: Pick<Signal, 'firstDay' | 'lastDay' | 'window'>, menu: PeriodMenu): Period | null {
  const { from, to } = signalSpan(s);
  return periodForSpan(from, to, menu);
}

/** The signal chosen on the map (`ui.signal` is the URL's text form of its id). */
export const isSelected = (s: Pick<Signal, 'id'>): boolean => ui.signal === String(s.id);

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
  ui.signal = String(s.id);
  ui.layers.signals = true;
  ui.category = s.category;
  const menu = server.meta?.periods;
  const period = menu ? signalMapPeriod(s, menu) : null;
  if (period) ui.period = period.token === menu?.defaultToken ? null : period.token;
  before = { signal: String(s.id), ...from, set: { category: ui.category, period: ui.period } };
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
