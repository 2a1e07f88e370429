/**
 * All calls to the Signaalkaart API. Keep this the only place that knows URLs. Request and
 * response shapes are the API contract's (server/contract/).
 */

// ---------------------------------------------------------------------------------------------
// Shapes: the API contract's types (server/contract/), imported type-only — erased from the
// bundle, so no zod reaches the browser — so the client cannot drift from what the API sends.

import type { JsonOf } from '../../../server/contract/endpoint.ts';
import type { Disclosure, PeriodInfo, PublishedChange, PublishedCount, WeekRange } from '../../../server/contract/common.ts';
import type { Category, GemeenteMeta, Meta, PeriodMenu, Place, Source } from '../../../server/contract/meta.ts';
import type { AreaCollection, AreaFeature, AreaLevel, AreaProperties } from '../../../server/contract/areas.ts';
import type { AreaStatistic, AreaStatistics, Grid, GridCellProperties, TimePoint, TimeSeries } from '../../../server/contract/stats.ts';
import type { Batch, ImportReport, Rollback } from '../../../server/contract/imports.ts';
import type {
  login as loginEndpoint, LoginStage, PasswordStrength, PendingLogin, Role, SessionInfo, SessionUser, totp as totpEndpoint,
  totpConfirm as totpConfirmEndpoint, TotpSetup,
} from '../../../server/contract/auth.ts';
import type { AuditEntry, SecurityPolicy, UserAccount } from '../../../server/contract/users.ts';
export type {
  AreaCollection, AreaFeature, AreaLevel, AreaProperties, AreaStatistic, AreaStatistics, AuditEntry, Category, Disclosure,
  GemeenteMeta, GridCellProperties, ImportReport, LoginStage, Meta, PasswordStrength, PendingLogin, PeriodInfo, PeriodMenu,
  Place, PublishedChange, PublishedCount, Role, Rollback, SecurityPolicy, SessionInfo, SessionUser, Source, TimePoint,
  TimeSeries, TotpSetup, UserAccount, WeekRange,
};
/** /api/stats/grid. */
export type GridCollection = Grid;
/** A row of /api/imports. */
export type BatchSummary = Batch;
import type { AreaChange, CategoryFigure, Figure, Overview, OverviewWindow, Verdict } from '../../../server/contract/overview.ts';
import type {
  HotspotCollection, HotspotProperties, RunChanges, RunInfo, RunParameters, Signal, SignalDefaults, SignalList, SignalWeek,
} from '../../../server/contract/signals.ts';
export type {
  AreaChange, CategoryFigure, Figure, HotspotCollection, HotspotProperties, Overview, OverviewWindow, RunChanges, RunParameters,
  Signal, SignalDefaults, SignalList, SignalWeek, Verdict,
};
/** The run a signal list comes from (null in the list: none has run yet); `current` false when
 *  data was imported after it; `visibility` published (the list everyone sees) or draft (the
 *  user's own what-if run). */
export type SignalRun = RunInfo;

// ---------------------------------------------------------------------------------------------
// Errors

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly parameter?: string,
    /** The server's details (e.g. why a password is too easy to guess). */
    readonly detail: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The session is missing or has ended: the user has to log in (again). */
export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(message, 401);
    this.name = 'UnauthorizedError';
  }
}

/** The user's role may not see this (e.g. hot spots and signals are for analysts). */
export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(message, 403);
    this.name = 'ForbiddenError';
  }
}

let onUnauthorized: () => void = () => undefined;
/** Called whenever the server answers 401 (session expired or logged out elsewhere). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** An endpoint that does not exist (yet) on this server. */
export class NotAvailableError extends ApiError {
  constructor(path: string) {
    super(`${path} is not available on this server`, 404);
    this.name = 'NotAvailableError';
  }
}

export const isAbort = (err: unknown): boolean => (err as { name?: string })?.name === 'AbortError';

// ---------------------------------------------------------------------------------------------
// Requests

export interface StatsFilters {
  /** One category, or null for all. */
  category: string | null;
  /** One source, or null for all. */
  source: string | null;
  /** The period token (the API's `period`); from/to are its days, for display. */
  period: string;
  from: string;
  to: string;
  gemeente: string | null;
}

type Params = Record<string, string | number | boolean | null | undefined | string[]>;

export function queryString(params: Params): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) q.set(key, value.join(','));
    } else q.set(key, String(value));
  }
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

const filterParams = (f: Pick<StatsFilters, 'category' | 'source' | 'period'> & { gemeente?: string | null }): Params =>
  ({ gemeente: f.gemeente, category: f.category, source: f.source, period: f.period });

/** Recent answers by URL. The data only changes with an import, and a user flipping between two
 *  filters should not wait twice. Bounded, oldest first out. */
const cache = new Map<string, Promise<unknown>>();
const CACHE_SIZE = 120;

async function request<T>(path: string, signal: AbortSignal | undefined, optional: boolean): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError('network', 0);
  }
  if (!res.ok) {
    // Early-signal endpoints that are not deployed yet answer 404 "no such API endpoint".
    if (optional && (res.status === 404 || res.status === 501)) throw new NotAvailableError(path.split('?')[0]!);
    let body: { error?: string; parameter?: string } = {};
    try {
      body = await res.json();
    } catch {
      /* not JSON: keep the status */
    }
    if (res.status === 401) {
      onUnauthorized();
      throw new UnauthorizedError(body.error ?? 'login required');
    }
    if (res.status === 403) throw new ForbiddenError(body.error ?? 'forbidden');
    throw new ApiError(body.error ?? `HTTP ${res.status}`, res.status, body.parameter);
  }
  return (await res.json()) as T;
}

async function post<T>(path: string, body: unknown, csrfToken: string | null): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const answer = (await res.json().catch(() => ({}))) as T & { error?: string; parameter?: string; detail?: unknown };
  if (!res.ok) throw new ApiError(answer.error ?? `HTTP ${res.status}`, res.status, answer.parameter, Array.isArray(answer.detail) ? answer.detail.map(String) : []);
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Sessions

export async function fetchSession(): Promise<SessionInfo> {
  const res = await fetch('/api/auth/me', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new ApiError(`HTTP ${res.status}`, res.status);
  return res.json();
}

/** Logs in; the server sets the session cookie. The answer may be a login half-way (`pending`).
 *  Throws ApiError 401 (wrong name or password, or waiting after failures) or 429. */
export function login(username: string, password: string): Promise<JsonOf<typeof loginEndpoint, 200>> {
  return post('/api/auth/login', { username, password }, null);
}

/** The second step: a code from the authenticator app or a recovery code. 400: wrong code;
 *  401: too many wrong codes, log in again. */
export function submitTotp(code: string, csrfToken: string | null): Promise<JsonOf<typeof totpEndpoint, 200>> {
  return post('/api/auth/totp', { code }, csrfToken);
}

/** The own new password: at a forced change (no current password) or from the account dialog. */
export function changePassword(input: { password: string; currentPassword?: string; lang: 'nl' | 'en' }, csrfToken: string | null): Promise<SessionInfo> {
  return post('/api/auth/password', input, csrfToken);
}

export function passwordStrength(password: string, lang: 'nl' | 'en', csrfToken: string | null): Promise<PasswordStrength> {
  return post('/api/auth/password/strength', { password, lang }, csrfToken);
}

export function startTotpSetup(csrfToken: string | null): Promise<TotpSetup> {
  return post('/api/auth/totp/setup', {}, csrfToken);
}
export function confirmTotpSetup(code: string, csrfToken: string | null): Promise<JsonOf<typeof totpConfirmEndpoint, 200>> {
  return post('/api/auth/totp/confirm', { code }, csrfToken);
}
export async function removeTotp(password: string, csrfToken: string | null): Promise<void> {
  await post('/api/auth/totp/remove', { password }, csrfToken);
}

export async function logout(csrfToken: string | null): Promise<void> {
  await post('/api/auth/logout', {}, csrfToken).catch(() => undefined);
  cache.clear();
}

/** Resolves like `promise`, or rejects with an AbortError as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function getJson<T>(path: string, options: { signal?: AbortSignal; optional?: boolean; cache?: boolean } = {}): Promise<T> {
  const optional = options.optional ?? false;
  if (!options.cache) return request<T>(path, options.signal, optional);
  let shared = cache.get(path) as Promise<T> | undefined;
  if (shared) {
    cache.delete(path);
    cache.set(path, shared);
  } else {
    // Shared by every caller, so it is not cancelled when one of them loses interest.
    shared = request<T>(path, undefined, optional);
    cache.set(path, shared);
    shared.catch(() => cache.delete(path));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return abortable(shared, options.signal);
}

/** Forget cached answers (after a retry, or when new data may have been imported). */
export function clearCache(): void {
  cache.clear();
}

export function fetchMeta(signal?: AbortSignal): Promise<Meta> {
  return getJson<Meta>('/api/meta', { signal });
}

/** Boundaries do not change while the page is open: cached per level and municipality. */
export function fetchAreas(level: AreaLevel, gemeente?: string | null): Promise<AreaCollection> {
  return getJson<AreaCollection>(`/api/areas${queryString({ level, gemeente })}`, { cache: true });
}

export function fetchAreaStats(level: AreaLevel, filters: StatsFilters, signal?: AbortSignal): Promise<AreaStatistics> {
  return getJson<AreaStatistics>(`/api/stats/areas${queryString({ level, ...filterParams(filters) })}`, { signal, cache: true });
}

export function fetchGrid(cell: number, filters: StatsFilters, signal?: AbortSignal, zeros = false): Promise<GridCollection> {
  return getJson<GridCollection>(`/api/stats/grid${queryString({ cell, zeros: zeros ? 'true' : null, ...filterParams(filters) })}`, { signal, cache: true });
}

/** Cell geometries only (all cells of a size, whatever the counts): for highlighting cells of a signal. */
export function fetchCellShapes(cell: number): Promise<GridCollection> {
  return getJson<GridCollection>(`/api/stats/grid${queryString({ cell, zeros: 'true' })}`, { cache: true });
}

export function fetchTimeSeries(
  area: string,
  interval: 'week' | 'month',
  filters: Pick<StatsFilters, 'category' | 'source' | 'period'>,
  signal?: AbortSignal,
): Promise<TimeSeries> {
  return getJson<TimeSeries>(
    `/api/stats/timeseries${queryString({ area, interval, category: filters.category, source: filters.source, period: filters.period })}`,
    { signal, cache: true },
  );
}

/** Gi* hot spots. Throws NotAvailableError while the endpoint does not exist. */
export function fetchHotspots(cell: number, filters: StatsFilters, signal?: AbortSignal): Promise<HotspotCollection> {
  return getJson<HotspotCollection>(`/api/hotspots${queryString({ cell, ...filterParams(filters) })}`, { signal, optional: true, cache: true });
}

/** Ranked early signals (one category, `all` for the signals over all categories together, or
 *  null for every category), the run they come from, the user's own draft and the run queue.
 *  Not kept in the answer cache: the queue's state changes by the second (the server sends
 *  `no-cache` for the same reason). Throws NotAvailableError while the endpoint does not exist. */
export function fetchSignalList(
  q: { category: string | null; status?: 'new' | 'ongoing' | null; gemeente?: string | null; view?: 'published' | 'draft' },
  signal?: AbortSignal,
): Promise<SignalList> {
  const view = q.view === 'draft' ? 'draft' : null;
  return getJson<SignalList>(`/api/signals${queryString({ category: q.category, status: q.status, gemeente: q.gemeente, view })}`, { signal, optional: true });
}

/** After a run or a discarded draft: answers that carry the published run (the overview's signal
 *  summary, the class map) are fetched again. The list itself is never cached. */
function forgetSignals() {
  for (const key of [...cache.keys()]) if (key.startsWith('/api/overview') || key.startsWith('/api/emerging')) cache.delete(key);
}

async function sendJson<T>(method: 'PUT' | 'DELETE', path: string, body: unknown, csrfToken: string | null): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await res.json().catch(() => ({}))) as T & { error?: string; parameter?: string; detail?: unknown };
  if (!res.ok) throw new ApiError(answer.error ?? `HTTP ${res.status}`, res.status, answer.parameter, Array.isArray(answer.detail) ? answer.detail.map(String) : []);
  return answer;
}

/** An analyst's what-if run with `changes` on top of the defaults: a draft only they see
 *  (takes some seconds; waits for runs queued before it). */
export async function runSignalDraft(changes: RunChanges, csrfToken: string | null): Promise<void> {
  await post('/api/signals/run', changes, csrfToken);
  forgetSignals();
}

export async function discardSignalDraft(csrfToken: string | null): Promise<void> {
  await sendJson('DELETE', '/api/signals/draft', undefined, csrfToken);
  forgetSignals();
}

/** Administrators: a published run with the defaults now. */
export async function publishSignals(csrfToken: string | null): Promise<void> {
  await post('/api/signals/publish', {}, csrfToken);
  forgetSignals();
}

export function fetchSignalDefaults(signal?: AbortSignal): Promise<SignalDefaults> {
  return getJson<SignalDefaults>('/api/signals/defaults', { signal });
}

/** Administrators: new defaults; a published run with them follows in the background. */
export async function saveSignalDefaults(parameters: RunChanges, csrfToken: string | null): Promise<SignalDefaults> {
  const saved = await sendJson<SignalDefaults>('PUT', '/api/signals/defaults', parameters, csrfToken);
  forgetSignals();
  return saved;
}

/** The area figures as CSV (Excel-friendly Dutch dialect), for the current level and filters. */
export function areasCsvUrl(level: AreaLevel, filters: StatsFilters): string {
  return `/api/exports/areas.csv${queryString({ level, ...filterParams(filters) })}`;
}

/** The same figures as GeoJSON (with the area polygons), for GIS. */
export function areasGeoJsonUrl(level: AreaLevel, filters: StatsFilters): string {
  return `/api/exports/areas.geojson${queryString({ level, ...filterParams(filters) })}`;
}

/** One area's time series (weekly or monthly, with last year) as CSV. */
export function timeseriesCsvUrl(area: string, interval: 'week' | 'month', filters: Pick<StatsFilters, 'category' | 'source' | 'period'>): string {
  return `/api/exports/timeseries.csv${queryString({ area, interval, category: filters.category, source: filters.source, period: filters.period })}`;
}

/** The overview of one municipality (server/contract/overview.ts): the default periods, or one.
 *  Without a municipality the server takes the default one (as /api/meta's defaultGemeente). */
export function fetchOverview(gemeente: string | null, period: string | null, signal?: AbortSignal): Promise<Overview> {
  return getJson<Overview>(`/api/overview${queryString({ gemeente, period })}`, { signal, cache: true });
}

/** The one-page bulletin (PDF) of the overview: a download (the server sends an attachment). */
export function bulletinUrl(gemeente: string, period: string | null, lang: string): string {
  return `/api/bulletins${queryString({ gemeente, period, lang })}`;
}

/** The area briefing (PDF) for the current filters. */
export function briefingUrl(area: string, filters: StatsFilters, lang: string): string {
  return `/api/briefings/${encodeURIComponent(area)}.pdf${queryString({ category: filters.category, source: filters.source, period: filters.period, lang })}`;
}

// ---------------------------------------------------------------------------------------------
// Imports (administrators)

import type { ImportProblem } from '../../../shared/import-messages.ts';
export type { ImportProblem };
export type ImportKind = 'reports' | 'inspections';

/** The server refused a file (422 and friends): `problems` are its row errors ("line 3: …"),
 *  up to 100. Nothing was imported. */
export class ImportRejectedError extends ApiError {
  constructor(
    message: string,
    status: number,
    readonly problems: string[],
    /** Every kind of problem with its count and first examples, as codes (shared catalogue). */
    readonly kinds: ImportProblem[] = [],
    readonly params: Record<string, string | number> | null = null,
  ) {
    super(message, status);
    this.name = 'ImportRejectedError';
  }
}

/** The file name as the API accepts it (`?filename=`: letters, digits, space, . ( ) - _). */
export function importFileName(name: string): string {
  return name.replace(/[^\w .()-]/g, '_').slice(-200) || 'upload';
}

/** GeoJSON by extension or type, CSV otherwise (the server checks the content either way). */
export function importFormat(file: { name: string; type: string }): 'csv' | 'geojson' {
  return /\.(geo)?json$/i.test(file.name) || /json/i.test(file.type) ? 'geojson' : 'csv';
}

export async function uploadImport(kind: ImportKind, file: File, csrfToken: string | null, signal?: AbortSignal): Promise<ImportReport> {
  const format = importFormat(file);
  let res: Response;
  try {
    res = await fetch(`/api/imports/${kind}${queryString({ format, filename: importFileName(file.name) })}`, {
      method: 'POST',
      signal,
      headers: {
        'Content-Type': format === 'geojson' ? 'application/geo+json' : 'text/csv',
        Accept: 'application/json',
        ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
      },
      body: file,
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError('network', 0);
  }
  const body = (await res.json().catch(() => ({}))) as ImportReport & { error?: string; detail?: unknown; problems?: ImportProblem[]; params?: Record<string, string | number> };
  if (res.ok) {
    dataChanged();
    return body;
  }
  if (res.status === 401) {
    onUnauthorized();
    throw new UnauthorizedError(body.error ?? 'login required');
  }
  const problems = Array.isArray(body.detail) ? body.detail.map(String) : [];
  throw new ImportRejectedError(body.error ?? `HTTP ${res.status}`, res.status, problems, Array.isArray(body.problems) ? body.problems : [], body.params ?? null);
}

export function fetchImportBatches(signal?: AbortSignal): Promise<BatchSummary[]> {
  return getJson<BatchSummary[]>('/api/imports', { signal });
}

export async function rollbackImport(id: number, csrfToken: string | null): Promise<Rollback> {
  const res = await fetch(`/api/imports/${encodeURIComponent(String(id))}`, {
    method: 'DELETE',
    headers: { Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
  });
  const body = (await res.json().catch(() => ({}))) as Rollback & { error?: string };
  if (res.status === 401) {
    onUnauthorized();
    throw new UnauthorizedError(body.error ?? 'login required');
  }
  if (!res.ok) throw new ApiError(body.error ?? `HTTP ${res.status}`, res.status);
  dataChanged();
  return body;
}

/** After an import or rollback every cached figure may be wrong: forget them all. */
function dataChanged(): void {
  cache.clear();
}

// ---------------------------------------------------------------------------------------------
// Users (administrators)

export function fetchUsers(signal?: AbortSignal): Promise<UserAccount[]> {
  return getJson<UserAccount[]>('/api/users', { signal });
}

/** Adds an account. Throws ApiError 400 (with `parameter`: username, password …) or 409 (exists). */
export function addUser(input: { username: string; role: Role; password: string; displayName?: string }, csrfToken: string | null): Promise<{ username: string }> {
  return post('/api/users', input, csrfToken);
}

/** Sets a new password; the user's sessions end. */
export async function resetUserPassword(username: string, password: string, csrfToken: string | null): Promise<void> {
  await post(`/api/users/${encodeURIComponent(username)}/reset`, { password }, csrfToken);
}

/** Disables (ends the user's sessions) or enables an account. */
export async function setUserDisabled(username: string, disabled: boolean, csrfToken: string | null): Promise<void> {
  await post(`/api/users/${encodeURIComponent(username)}/${disabled ? 'disable' : 'enable'}`, {}, csrfToken);
}

// ---------------------------------------------------------------------------------------------
// Audit log (administrators)

export interface AuditQuery {
  from?: string | null;
  to?: string | null;
  action?: string | null;
  actor?: string | null;
  limit?: number;
}

const auditParams = (q: AuditQuery): Params => ({ from: q.from, to: q.to, action: q.action, actor: q.actor?.trim() || null, limit: q.limit });

/** The audit trail, newest first (GET /api/audit). Not cached: it grows with every action. */
export function fetchAudit(q: AuditQuery, signal?: AbortSignal): Promise<AuditEntry[]> {
  return getJson<AuditEntry[]>(`/api/audit${queryString(auditParams(q))}`, { signal });
}

/** The same selection as CSV (the download is itself written to the audit log). */
export function auditCsvUrl(q: AuditQuery): string {
  return `/api/audit${queryString({ ...auditParams(q), format: 'csv' })}`;
}

/** Accounts made for trying the dashboard (created with the demo data) are named demo-…. */
export function isDemoAccount(username: string): boolean {
  return username.startsWith('demo-');
}

/** Removes a user's second factor (lost phone). */
export async function resetUserTotp(username: string, csrfToken: string | null): Promise<void> {
  await post(`/api/users/${encodeURIComponent(username)}/reset-totp`, {}, csrfToken);
}

export function fetchSecurity(signal?: AbortSignal): Promise<SecurityPolicy> {
  return getJson<SecurityPolicy>('/api/security', { signal });
}
export function saveSecurity(requireTotp: Record<Role, boolean>, csrfToken: string | null): Promise<SecurityPolicy> {
  return post('/api/security', { requireTotp }, csrfToken);
}
