/**
 * Everything a user can set lives in the URL, so that a link or a reload shows the same view.
 * This module is pure (no DOM): `parseUrl` reads a query string into a complete `ViewState` (with
 * defaults for anything missing or malformed) and `toSearch` writes only what differs from the
 * defaults, so shared links stay short. Codes are checked against /api/meta later, in the app.
 */

export type View = 'map' | 'trends' | 'signals' | 'imports' | 'users' | 'audit';
export type Lang = 'nl' | 'en';
export type PeriodPreset = '4w' | '13w' | '12m' | 'ytd' | 'custom';
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
  /** Selected category codes; empty = all categories. */
  categories: string[];
  /** Selected source codes; empty = all sources. */
  sources: string[];
  /** Municipality code, or null for all loaded municipalities. */
  gemeente: string | null;
  preset: PeriodPreset;
  /** Only for the custom preset: inclusive ISO dates. */
  from: string | null;
  to: string | null;
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
    view: 'map',
    lang: 'nl',
    categories: [],
    sources: [],
    gemeente: defaultGemeente,
    preset: '12m',
    from: null,
    to: null,
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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z_]{1,40}$/;
const AREA_CODE = /^(GM\d{4}|WK\d{6}|BU\d{8})$/;

export function isIsoDate(v: string | null | undefined): v is string {
  if (!v || !ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function oneOf<T extends string | number>(value: string | null, allowed: readonly T[], fallback: T): T {
  const hit = allowed.find((a) => String(a) === value);
  return hit ?? fallback;
}

function codeList(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((s) => s.trim()).filter((s) => CODE.test(s)))].slice(0, 20);
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
  s.view = oneOf(q.get('v'), ['map', 'trends', 'signals', 'imports', 'users', 'audit'] as const, 'map');
  s.lang = oneOf(q.get('lang'), ['nl', 'en'] as const, 'nl');
  s.categories = codeList(q.get('cat'));
  s.sources = codeList(q.get('src'));
  const gm = q.get('gm');
  if (gm === 'all') s.gemeente = null;
  else if (gm && /^GM\d{4}$/.test(gm)) s.gemeente = gm;
  s.preset = oneOf(q.get('p'), ['4w', '13w', '12m', 'ytd', 'custom'] as const, '12m');
  if (s.preset === 'custom') {
    const from = q.get('from');
    const to = q.get('to');
    if (isIsoDate(from) && isIsoDate(to) && from <= to) {
      s.from = from;
      s.to = to;
    } else s.preset = '12m';
  }
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
  if (s.categories.length) q.set('cat', [...s.categories].join(','));
  if (s.sources.length) q.set('src', [...s.sources].join(','));
  if (s.preset === 'custom' && s.from && s.to) {
    q.set('p', 'custom');
    q.set('from', s.from);
    q.set('to', s.to);
  } else if (s.preset !== d.preset && s.preset !== 'custom') q.set('p', s.preset);
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
