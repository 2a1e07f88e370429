/**
 * The dashboard's shared state. `ui` is the URL state (everything the user set) and is written
 * back to the address bar on every change; `server` holds what came from /api/meta and `session`
 * who is logged in. Components
 * read both directly; derived filters for API calls come from `currentFilters()`.
 */
import {
  clearCache, fetchAreas, fetchAreaStats, fetchMeta, fetchOverview, fetchSession, logout as apiLogout, setUnauthorizedHandler, UnauthorizedError,
  type Meta, type PendingLogin, type SessionInfo, type SessionUser, type StatsFilters,
} from './api.ts';
import { formatDate, formatNumber, translate, type Direction } from './format.ts';
import type { MessageKey } from './messages.ts';
import { periodName, resolvePeriod, type Period } from './periods.ts';
import { parseUrl, setDefaultGemeente, toSearch, withoutCamera, type LayerId, type ViewState } from './url-state.ts';
import { layerById } from '../map/layers/registry.ts';
// The URL only (a string): the worker's file keeps its hashed name next to MapLibre's chunk.
import mapWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

export const ui: ViewState = $state(parseUrl(location.search));
/** Whether the link named a municipality (or `gm=all`): then /api/meta's default does not apply. */
const linkChoseGemeente = new URLSearchParams(location.search).has('gm');

export const server = $state({
  meta: null as Meta | null,
  metaError: null as string | null,
  /** null = not asked yet; false = the endpoint answered 404 (not deployed). */
  hotspotsAvailable: null as boolean | null,
  signalsAvailable: null as boolean | null,
});

/** `t('key', { k: 5 })` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(ui.lang, key, params);
}

export function directionLabel(d: Direction): string {
  return d ? t(d) : '';
}

/** Who is logged in. `checking` until /api/auth/me answered. */
export const session = $state({
  status: 'checking' as 'checking' | 'anonymous' | 'signedIn',
  user: null as SessionUser | null,
  /** A login half-way (second factor, new password or enrolment still to do); status stays
   *  'anonymous' and the login view shows the next step. */
  pending: null as PendingLogin | null,
  csrfToken: null as string | null,
  /** The last session ended by itself (timeout): the login form says so. */
  expired: false,
});

/** Analysts and admins see hexagons, hot spots, signals and briefings; viewers do not. */
export function isAnalyst(): boolean {
  return session.user?.role === 'analyst' || session.user?.role === 'admin';
}

/** Whether a map layer is shown: switched on, and allowed for the user's role (registry). */
export function layerOn(id: LayerId): boolean {
  return ui.layers[id] && (layerById(id)?.minRole === 'viewer' || isAnalyst());
}

// A 401 from any request: the session is gone (idle timeout, logout elsewhere).
setUnauthorizedHandler(() => {
  if (session.status !== 'signedIn') return;
  session.status = 'anonymous';
  session.expired = true;
  session.user = null;
  clearCache();
});

/** Asked for as soon as this module loads (before the app mounts). */
const earlySession: Promise<SessionInfo | null> = fetchSession().catch(() => null);

/** Checks the session, then loads /api/meta; the login form calls `signedIn` instead. */
export async function start(): Promise<void> {
  const info = await earlySession;
  if (!info?.user) {
    session.status = 'anonymous';
    session.pending = info?.pending ?? null;
    session.csrfToken = info?.pending ? info.csrfToken : null;
    if (!info) server.metaError = 'network';
    return;
  }
  await signedIn(info);
}

export async function signedIn(info: SessionInfo): Promise<void> {
  // The landing page's figures are asked for together with /api/meta (the server knows the
  // default municipality); the overview finds the answer in the API cache.
  if (ui.view === 'overview' && !linkChoseGemeente) void fetchOverview(null, ui.period).catch(() => undefined);
  // The map's boundaries do not depend on /api/meta: asked for together with it.
  if (ui.view === 'map') {
    prefetchBoundaries();
    prefetchMapWorker();
  }
  session.user = info.user;
  session.pending = null;
  session.csrfToken = info.csrfToken;
  session.expired = false;
  session.status = 'signedIn';
  await loadMeta();
}

export async function signOut(): Promise<void> {
  await apiLogout(session.csrfToken);
  session.status = 'anonymous';
  session.user = null;
  session.pending = null;
  session.csrfToken = null;
  session.expired = false;
  server.meta = null;
}

/**
 * The data of the first map view, requested as early as it can be (the answers land in the API
 * cache, where the map's own requests find them), instead of after the map has been set up: the
 * boundaries with /api/meta, the figures the moment /api/meta has said which period and
 * municipality they are for.
 */
function prefetchBoundaries(): void {
  void Promise.all([fetchAreas('gemeente'), fetchAreas('wijk'), fetchAreas('buurt')]).catch(() => undefined);
}
/** MapLibre's worker script (119 kB), fetched into the HTTP cache (hashed asset, immutable) while
 *  /api/meta and the map's code are on their way: the worker MapLibre starts later finds it there
 *  instead of queueing behind the first figures on the server (traces: ~0.17 s). Only the URL is
 *  in the entry, not MapLibre. */
function prefetchMapWorker(): void {
  void fetch(mapWorkerUrl).then((r) => r.arrayBuffer()).catch(() => undefined);
}
function prefetchFirstView(meta: Meta): void {
  const filters = filtersFor(meta);
  prefetchBoundaries();
  if (filters) void fetchAreaStats(ui.level, filters).catch(() => undefined);
}

export async function loadMeta(): Promise<void> {
  server.metaError = null;
  try {
    const answer = fetchMeta();
    // The browser's first date and number formatter of a language loads its locale data (tens
    // of milliseconds, more on a busy machine): made while /api/meta is on its way, not in the
    // update that renders its answer (the period menu, the data date), which the map waits for.
    periodName(ui.lang, '2000-01');
    formatDate(ui.lang, '2000-01-01');
    formatNumber(ui.lang, 0.5, 1);
    const meta = await answer;
    performance.mark('signaalkaart:meta');
    // Drop codes from the URL that this server does not know (old links, typos).
    const categories = new Set(meta.categories.map((c) => c.code));
    const sources = new Set(meta.sources.map((s) => s.code));
    const gemeenten = new Set(meta.gemeenten.map((g) => g.code));
    if (ui.category && !categories.has(ui.category)) ui.category = null;
    if (ui.source && !sources.has(ui.source)) ui.source = null;
    if (ui.gemeente && !gemeenten.has(ui.gemeente)) ui.gemeente = null;
    // A period token this data cannot show (an old link, a typo) gives way to the default.
    if (ui.period && resolvePeriod(ui.period, meta.periods)?.token !== ui.period) ui.period = null;
    // A link without `gm` opens on the municipality with data (or DEFAULT_GEMEENTE).
    setDefaultGemeente(meta.defaultGemeente && gemeenten.has(meta.defaultGemeente) ? meta.defaultGemeente : null);
    if (!linkChoseGemeente && !server.meta) ui.gemeente = meta.defaultGemeente ?? null;
    if (ui.view === 'map' && !server.meta) prefetchFirstView(meta);
    server.meta = meta;
  } catch (err) {
    if (err instanceof UnauthorizedError) return;
    server.metaError = (err as Error).message;
  }
}

/** After an import or rollback: forget every cached answer and ask for /api/meta again. The new
 *  meta object re-runs everything that depends on the filters (map, trends, signals, overview),
 *  so the figures on screen follow the changed data. */
export async function refreshData(): Promise<void> {
  clearCache();
  await loadMeta();
}

/** Administrators import data and manage users. */
export function isAdmin(): boolean {
  return session.user?.role === 'admin';
}

/** The period the filters stand for, or null before /api/meta arrived (or without data). */
export function currentPeriod(): Period | null {
  const menu = server.meta?.periods;
  return menu ? resolvePeriod(ui.period, menu) : null;
}

export function currentFilters(): StatsFilters | null {
  return server.meta ? filtersFor(server.meta) : null;
}

function filtersFor(meta: Meta): StatsFilters | null {
  const period = resolvePeriod(ui.period, meta.periods);
  if (!period) return null;
  return { category: ui.category, source: ui.source, gemeente: ui.gemeente, period: period.token, from: period.from, to: period.to };
}

export function categoryLabel(code: string): string {
  if (code === '') return t('allCategories');
  const c = server.meta?.categories.find((x) => x.code === code);
  if (!c) return code;
  return ui.lang === 'en' ? c.labelEn : c.labelNl;
}

export function categoryColour(code: string): string {
  return server.meta?.categories.find((x) => x.code === code)?.colour ?? '#777777';
}

/** Whether reports of a municipality are loaded for (part of) the period: without, its areas
 *  show "geen gegevens" instead of 0 and its wijken are left out of pickers. */
export function hasData(gemeente: string, period: { from: string; to: string } | null = currentPeriod()): boolean {
  const g = server.meta?.gemeenten.find((x) => x.code === gemeente);
  if (!g) return false;
  if (g.dataExtent === undefined) return true; // an older server: no coverage known
  if (!g.dataExtent) return false;
  return !period || (g.dataExtent.from <= period.to && g.dataExtent.to >= period.from);
}

export function gemeenteName(code: string): string {
  return server.meta?.gemeenten.find((g) => g.code === code)?.name ?? code;
}

/**
 * Mirrors `ui` into the address bar. A change of anything but the camera is a new history entry
 * (so Back undoes a filter change); camera moves replace the current entry.
 */
export function startUrlSync(): () => void {
  const stop = $effect.root(() => {
    $effect(() => {
      const search = toSearch(ui);
      if (search === location.search) return;
      const url = `${location.pathname}${search}${location.hash}`;
      if (withoutCamera(search) === withoutCamera(location.search)) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    });
  });
  const onPop = () => Object.assign(ui, parseUrl(location.search));
  window.addEventListener('popstate', onPop);
  return () => {
    stop();
    window.removeEventListener('popstate', onPop);
  };
}

/** Keeps <html lang> and the title in step with the language. */
export function startDocumentSync(): () => void {
  return $effect.root(() => {
    $effect(() => {
      document.documentElement.lang = ui.lang;
      const viewKey = ({ overview: 'viewOverview', map: 'viewMap', trends: 'viewTrends', signals: 'viewSignals', imports: 'viewImports', users: 'viewUsers', audit: 'viewAudit' } as const)[ui.view];
      document.title = `${t('appTitle')} – ${t(viewKey)}`;
    });
  });
}
