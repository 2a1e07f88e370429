/**
 * Everything a user can set lives in the URL, so that a link or a reload shows the same view.
 * This module is pure (no DOM): `parseUrl` reads a query string into a complete `ViewState` (with
 * defaults for anything missing or malformed) and `toSearch` writes only what differs from the
 * defaults, so shared links stay short. Codes are checked against /api/meta later, in the app.
 */

export type View = 'overview' | 'map' | 'trends' | 'signals' | 'imports' | 'users' | 'audit';
export type Lang = 'nl' | 'en';
export type AreaLevel = 'buurt' | 'wijk';
export type Metric = 'count' | 'rate';
export type CellSize = 250 | 500 | 1000;
export type TrendsBy = 'category' | 'area';
export type Interval = 'week' | 'month';
export type SignalStatus = 'all' | 'new' | 'ongoing';
import { LAYER_IDS, type LayerId } from '../map/layers/ids.ts';
export { LAYER_IDS, type LayerId };

export interface Camera {
  lon: number;
  lat: number;
  zoom: number;
}

export interface ViewState {
  view: View;
  lang: Lang;
  /** One category code, or null for all categories (combinations are not published). */
  category: string | null;
  /** One source code, or null for all sources. */
  source: string | null;
  /** Municipality code, or null for the default (the one with data, or all). */
  gemeente: string | null;
  /** A period token from the menu ("last-12m", "2026-10", "2026-Q3", "2025", "2026-W47"), or null for the default. */
  period: string | null;
  level: AreaLevel;
  metric: Metric;
  layers: Record<LayerId, boolean>;
  cell: CellSize;
  /** The area whose panel is open. */
  area: string | null;
  /** The selected signal (highlighted on the map). */
  signal: string | null;
  camera: Camera | null;
  trendsBy: TrendsBy;
  interval: Interval;
  /** The area the trends view shows (null: the selected municipality, else the first). */
  trendArea: string | null;
  /** Show the area table next to / instead of the map. */
  table: boolean;
  /** Signals view: all signals, or only new or ongoing ones. */
  signalStatus: SignalStatus;
}

export const DEFAULT_LAYERS: Record<LayerId, boolean> = { choropleth: true, hexagons: false, heat: false, hotspots: false, signals: false };

/** The municipality a link without `gm` opens on (from /api/meta: DEFAULT_GEMEENTE or the one
 *  with data); `gm=all` then stands for all municipalities. */
let defaultGemeente: string | null = null;
export function setDefaultGemeente(code: string | null): void {
  defaultGemeente = code;
}

export function defaultState(): ViewState {
  return {
    // The overview is the landing page for every role (issue #15).
    view: 'overview',
    lang: 'nl',
    category: null,
    source: null,
    gemeente: defaultGemeente,
    period: null,
    level: 'buurt',
    metric: 'count',
    layers: { ...DEFAULT_LAYERS },
    cell: 500,
    area: null,
    signal: null,
    camera: null,
    trendsBy: 'category',
    interval: 'month',
    trendArea: null,
    table: false,
    signalStatus: 'all',
  };
}

const CODE = /^[a-z_]{1,40}$/;
const PERIOD_TOKEN = /^(last-\d{1,2}m|\d{4}(-(W\d{2}|Q[1-4]|\d{2}))?)$/;
const AREA_CODE = /^(GM\d{4}|WK\d{6}|BU\d{8})$/;

function oneOf<T extends string | number>(value: string | null, allowed: readonly T[], fallback: T): T {
  const hit = allowed.find((a) => String(a) === value);
  return hit ?? fallback;
}

/** One code; an old link with a list keeps its first code (combinations are not published). */
function oneCode(value: string | null): string | null {
  const first = value?.split(',').map((s) => s.trim()).find((s) => CODE.test(s));
  return first ?? null;
}

function parseCamera(value: string | null): Camera | null {
  if (!value) return null;
  const parts = value.split('/').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [zoom, lat, lon] = parts as [number, number, number];
  if (zoom < 0 || zoom > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null;
  return { zoom, lat, lon };
}

export function parseUrl(search: string): ViewState {
  const q = new URLSearchParams(search);
  const s = defaultState();
  s.view = oneOf(q.get('v'), ['overview', 'map', 'trends', 'signals', 'imports', 'users', 'audit'] as const, 'overview');
  s.lang = oneOf(q.get('lang'), ['nl', 'en'] as const, 'nl');
  s.category = oneCode(q.get('cat'));
  s.source = oneCode(q.get('src'));
  const gm = q.get('gm');
  // `gm=all`: all municipalities (without `gm`: the default municipality, see setDefaultGemeente).
  if (gm === 'all') s.gemeente = null;
  else if (gm && /^GM\d{4}$/.test(gm)) s.gemeente = gm;
  // Tokens are checked against the data later (the menu); older presets fall back to the default.
  const period = q.get('p');
  s.period = period && PERIOD_TOKEN.test(period) ? period : null;
  s.level = oneOf(q.get('lvl'), ['buurt', 'wijk'] as const, 'buurt');
  s.metric = oneOf(q.get('m'), ['count', 'rate'] as const, 'count');
  const layers = q.get('layers');
  if (layers !== null) {
    const on = new Set(layers.split(','));
    for (const id of LAYER_IDS) s.layers[id] = on.has(id);
  }
  s.cell = oneOf(q.get('cell'), [250, 500, 1000] as const, 500);
  const area = q.get('area');
  s.area = area && AREA_CODE.test(area) ? area : null;
  const signal = q.get('sig');
  s.signal = signal && /^[\w:.-]{1,120}$/.test(signal) ? signal : null;
  s.camera = parseCamera(q.get('map'));
  s.trendsBy = oneOf(q.get('by'), ['category', 'area'] as const, 'category');
  s.interval = oneOf(q.get('int'), ['week', 'month'] as const, 'month');
  const trendArea = q.get('ta');
  s.trendArea = trendArea && AREA_CODE.test(trendArea) ? trendArea : null;
  s.table = q.get('tbl') === '1';
  s.signalStatus = oneOf(q.get('sst'), ['all', 'new', 'ongoing'] as const, 'all');
  return s;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** The query string (with "?", or "" for the defaults) for a state. Parameter order is fixed. */
export function toSearch(s: ViewState): string {
  const d = defaultState();
  const q = new URLSearchParams();
  if (s.view !== d.view) q.set('v', s.view);
  if (s.lang !== d.lang) q.set('lang', s.lang);
  if (s.gemeente !== d.gemeente) q.set('gm', s.gemeente ?? 'all');
  if (s.category) q.set('cat', s.category);
  if (s.source) q.set('src', s.source);
  if (s.period) q.set('p', s.period);
  if (s.level !== d.level) q.set('lvl', s.level);
  if (s.metric !== d.metric) q.set('m', s.metric);
  const layers = LAYER_IDS.filter((id) => s.layers[id]);
  if (LAYER_IDS.some((id) => s.layers[id] !== d.layers[id])) q.set('layers', layers.join(','));
  if (s.cell !== d.cell) q.set('cell', String(s.cell));
  if (s.area) q.set('area', s.area);
  if (s.signal) q.set('sig', s.signal);
  if (s.trendsBy !== d.trendsBy) q.set('by', s.trendsBy);
  if (s.interval !== d.interval) q.set('int', s.interval);
  if (s.trendArea) q.set('ta', s.trendArea);
  if (s.table) q.set('tbl', '1');
  if (s.signalStatus !== d.signalStatus) q.set('sst', s.signalStatus);
  if (s.camera) q.set('map', `${round(s.camera.zoom, 2)}/${round(s.camera.lat, 5)}/${round(s.camera.lon, 5)}`);
  const text = q.toString().replace(/%2C/g, ',').replace(/%2F/g, '/');
  return text ? `?${text}` : '';
}

/** The part of the state that is not the camera: a change here is a new history entry; a camera
 *  move only replaces the current one (panning should not flood the back button). */
export function withoutCamera(search: string): string {
  const q = new URLSearchParams(search);
  q.delete('map');
  return q.toString();
}
