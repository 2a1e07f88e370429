/** Early signals, shared by the map (markers, highlight), the signals view, the area panel and
 *  the trend charts (anomaly marks). One request for all of them. */
import { fetchSignalList, type Signal, type SignalList, type SignalRun } from './api.ts';
import { Resource } from './resource.svelte.ts';
import { isAnalyst, server, ui } from './state.svelte.ts';
import type { BBox } from './geo.ts';

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
