import type { Database } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import { NotFoundError } from '../../errors.ts';
import { EMERGING_SIGNAL_CATEGORIES, type EmergingCategory } from '../../analysis/index.ts';
import { defaultDisclosure, type DisclosureConfig } from '../../analysis/suppression.ts';
import { computeAlerts, type AlertInput } from './alerts.ts';
import { computeClusters, type ScanInput } from './clusters.ts';
import { buildCubes, type Cubes } from './cube.ts';
import { analyseCube, cubeOf, SIGNAL_CLASSES, type EmergingRow } from './emerging.ts';
import { Explainer } from './explain.ts';
import { studyArea, weightsOf, type StudyArea, type WeightsSpec } from './locations.ts';
import {
  emergingKey, locationKindOf, maxStepsOf, resolveRunParameters, snapMetres,
  type RunParameters, type RunParametersInput,
} from './parameters.ts';
import { cubeSteps, dayOf, isoOf, type StepRange } from './steps.ts';
import type { SignalRecord } from './types.ts';

export interface DataVersion {
  batchId: number | null;
  areasBatchId: number | null;
  firstDay: string | null;
  lastDay: string | null;
  reports: number;
  checksum: string;
}

/** The last computed DataVersion per database, with the data_version counter it was computed at. */
const versions = new WeakMap<Database, { counter: string; value: Promise<DataVersion> }>();

/** Last import batch, data extent and rollup checksum: what a run cites as its data version.
 *  The checksum reads the whole daily rollup (~0.1 s for a million reports), and the signal list
 *  asks for it on every request; it is computed again only when migration 006's counter has moved
 *  (read first, so a result is never stored under a newer counter than the data it saw). */
export async function dataVersion(db: Database): Promise<DataVersion> {
  const [row] = await db.query<{ version: string }>(sql('meta/data-version'));
  const counter = row!.version;
  const known = versions.get(db);
  if (known?.counter === counter) return known.value;
  const value = computeDataVersion(db);
  versions.set(db, { counter, value });
  value.catch(() => {
    if (versions.get(db)?.value === value) versions.delete(db);
  });
  return value;
}

async function computeDataVersion(db: Database): Promise<DataVersion> {
  const [r] = await db.query<{ batch_id: number | null; areas_batch_id: number | null; first_day: string | null; last_day: string | null; reports: number; checksum: string }>(sql('signals/data-version'));
  return {
    batchId: r?.batch_id ?? null,
    areasBatchId: r?.areas_batch_id ?? null,
    firstDay: r?.first_day ?? null,
    lastDay: r?.last_day ?? null,
    reports: r?.reports ?? 0,
    checksum: `${r?.reports ?? 0}:${r?.checksum ?? '0'}`,
  };
}

export interface CategoryInfo {
  code: string;
  nl: string;
  en: string;
}

export async function categoryLabels(db: Database): Promise<CategoryInfo[]> {
  return db.query<CategoryInfo>('SELECT code, label_nl AS nl, label_en AS en FROM categories ORDER BY sort_order');
}

export interface RunSummary {
  id: number;
  purpose: 'signals' | 'emerging';
  status: 'completed' | 'failed';
  startedAt: string;
  finishedAt: string;
  parameters: RunParameters;
  dataVersion: { batchId: number | null; rollupChecksum: string; lastDay: string | null };
  cube: { step: 'week' | 'month'; from: string; to: string; steps: number } | null;
  gemeenten: string[];
  signals: { emerging: number; alert: number; cluster: number };
  timings: Record<string, number>;
}

export interface RunOptions {
  parameters?: RunParametersInput | RunParameters;
  createdBy?: string;
  /** Disclosure settings for the stored explanations (the API renders them again with its own). */
  disclosure?: DisclosureConfig;
}

interface Computed {
  steps: StepRange | null;
  gemeenten: string[];
  rows: EmergingRow[];
  signals: SignalRecord[];
  timings: Record<string, number>;
}

const clock = () => performance.now();
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
const DEFAULT_SCAN_WEEKS = 156;

/** The municipalities a run covers: the requested one (it must be loaded) or every loaded one
 *  with reports in the cube's period. */
async function gemeentenFor(db: Database, params: RunParameters, steps: StepRange | null): Promise<string[]> {
  if (params.gemeente) {
    const found = await db.query(`SELECT 1 FROM areas WHERE code = $1 AND level = 'gemeente'`, [params.gemeente]);
    if (found.length === 0) throw new NotFoundError(`gemeente: ${params.gemeente} is not loaded`, 'gemeente');
    return [params.gemeente];
  }
  if (!steps) return [];
  const rows = await db.query<{ code: string }>(sql('signals/gemeenten-with-reports'), [isoOf(steps.from), isoOf(steps.to)]);
  return rows.map((r) => r.code);
}

function weightsSpec(params: RunParameters): WeightsSpec {
  return params.neighbourhood.type === 'queen' ? { type: 'queen', snapMetres: snapMetres(params) } : { type: 'distance', metres: params.neighbourhood.metres };
}

/** The cube's steps for the data version and settings (null when no complete step has data). */
export function stepsFor(params: RunParameters, version: DataVersion): StepRange | null {
  if (!version.firstDay || !version.lastDay) return null;
  const last = params.end ? Math.min(dayOf(params.end), dayOf(version.lastDay)) : dayOf(version.lastDay);
  return cubeSteps(params.step, dayOf(version.firstDay), last, maxStepsOf(params));
}

/** Emerging analysis (and optionally alerts and clusters) for every municipality of the run. */
async function compute(db: Database, params: RunParameters, version: DataVersion, withSignals: boolean, gemeenten?: string[]): Promise<Computed> {
  const timings: Record<string, number> = {};
  const t0 = clock();
  const steps = stepsFor(params, version);
  const codes = gemeenten ?? (await gemeentenFor(db, params, steps));
  const categories: (string | null)[] = [...(await categoryLabels(db)).map((c) => c.code), null];
  const rows: EmergingRow[] = [];
  const signals: SignalRecord[] = [];
  if (!steps || codes.length === 0) return { steps, gemeenten: codes, rows, signals, timings: { total: clock() - t0 } };
  const areasVersion = String(version.areasBatchId ?? 0);
  const kind = locationKindOf(params);
  // Alerts and scans are weekly, ending at the same last complete week: the alert series cover
  // the baseline years × 52 + the window; the scans the cube's weeks (or 156 weeks when monthly).
  const first = dayOf(version.firstDay!);
  const lastDay = params.end ? Math.min(dayOf(params.end), dayOf(version.lastDay!)) : dayOf(version.lastDay!);
  const alertWeeks = cubeSteps('week', first, lastDay, params.alerts.baselineYears * 52 + params.alerts.windowWeeks);
  const scanWeeks = params.step === 'week' ? steps : cubeSteps('week', first, lastDay, DEFAULT_SCAN_WEEKS);
  const alertInputs: AlertInput[] = [];
  const scanInputs: ScanInput[] = [];
  let tLoad = 0;
  let tEmerging = 0;
  for (const gemeente of codes) {
    let t = clock();
    const area = await studyArea(db, gemeente, kind, areasVersion);
    const neighbours = await weightsOf(db, area, weightsSpec(params), areasVersion);
    const cubes = await buildCubes(db, area, steps);
    tLoad += clock() - t;
    t = clock();
    for (const category of categories) {
      const out = analyseCube(area, category, cubeOf(cubes, category), cubes.nSteps, neighbours, steps, params);
      rows.push(...out.rows);
      if (withSignals) signals.push(...out.signals);
      // The analysis is CPU work; between cubes the server answers requests (PGlite queries
      // resolve without ever yielding to the event loop, so this is the only chance).
      await breathe();
    }
    tEmerging += clock() - t;
    if (!withSignals) continue;
    t = clock();
    if (alertWeeks) {
      const buurten = kind.type === 'buurten' ? area : await studyArea(db, gemeente, { type: 'buurten' }, areasVersion);
      const buurtCubes = kind.type === 'buurten' && params.step === 'week' && alertWeeks.from === steps.from ? cubes : await buildCubes(db, buurten, alertWeeks);
      alertInputs.push({ area: buurten, cubes: buurtCubes, weeks: alertWeeks });
    }
    if (scanWeeks) {
      const scanCubes: Cubes = scanWeeks === steps ? cubes : await buildCubes(db, area, scanWeeks);
      scanInputs.push({ area, cubes: scanCubes, weeks: scanWeeks });
    }
    tLoad += clock() - t;
  }
  timings.load = tLoad;
  timings.emerging = tEmerging;
  if (withSignals) {
    let t = clock();
    signals.push(...computeAlerts(alertInputs, categories, params));
    timings.alerts = clock() - t;
    t = clock();
    signals.push(...(await computeClusters(scanInputs, categories, params)).signals);
    timings.clusters = clock() - t;
  }
  timings.total = clock() - t0;
  for (const k of Object.keys(timings)) timings[k] = Math.round(timings[k]!);
  return { steps, gemeenten: codes, rows, signals, timings };
}

const CLASS_ORDER = new Map<string, number>(SIGNAL_CLASSES.map((c, k) => [c, k]));

/** Tier of a signal in the list: the emerging classes (new, consecutive, intensifying) first,
 *  then alerts, then clusters, then the hot spots that are not emerging (persistent,
 *  diminishing, sporadic, oscillating: known places, context rather than news). */
export function signalTier(s: Pick<SignalRecord, 'kind' | 'classCode'>): number {
  if (s.kind === 'emerging') return EMERGING_SIGNAL_CATEGORIES.includes(s.classCode as EmergingCategory) ? 0 : 3;
  return s.kind === 'alert' ? 1 : 2;
}

/** Ranked by tier, then (emerging) by class in the order new, consecutive, intensifying, …,
 *  then strongest first (score); ties in a fixed order. */
export function rankSignals(signals: SignalRecord[]): SignalRecord[] {
  const sorted = [...signals].sort((a, b) =>
    signalTier(a) - signalTier(b)
    || (CLASS_ORDER.get(a.classCode) ?? 99) - (CLASS_ORDER.get(b.classCode) ?? 99)
    || b.score - a.score
    || a.gemeente.localeCompare(b.gemeente)
    || (a.category ?? '').localeCompare(b.category ?? '')
    || a.locations[0]!.localeCompare(b.locations[0]!));
  sorted.forEach((s, k) => (s.rank = k + 1));
  return sorted;
}

/** 'ongoing' when the previous comparable run had a signal of the same kind, category and class
 *  on an overlapping set of locations; otherwise 'new'. */
async function markStatus(db: Database, signals: SignalRecord[], key: string, runId: number): Promise<void> {
  const [previous] = await db.query<{ id: number }>(
    `SELECT id FROM signal_runs WHERE purpose = 'signals' AND status = 'completed' AND emerging_key = $1 AND id < $2 ORDER BY id DESC LIMIT 1`, [key, runId]);
  if (!previous) return;
  const before = await db.query<{ kind: string; category: string | null; class_code: string; locations: string[] }>(
    'SELECT kind, category, class_code, locations FROM signals WHERE run_id = $1', [previous.id]);
  const index = new Map<string, Set<string>[]>();
  for (const b of before) {
    const k = `${b.kind}|${b.category ?? ''}|${b.class_code}`;
    const list = index.get(k) ?? [];
    list.push(new Set(b.locations));
    index.set(k, list);
  }
  for (const s of signals) {
    const list = index.get(`${s.kind}|${s.category ?? ''}|${s.classCode}`) ?? [];
    s.status = list.some((set) => s.locations.some((l) => set.has(l))) ? 'ongoing' : 'new';
  }
}

const KEEP_RUNS = 20;

async function storeRun(
  db: Database,
  runId: number,
  computed: Computed,
  explainer: Explainer | null,
): Promise<string> {
  const { steps, gemeenten, rows, signals, timings } = computed;
  return db.transaction(async (tx) => {
    for (let k = 0; k < rows.length; k += 5000) await tx.query(sql('signals/insert-emerging'), [runId, JSON.stringify(rows.slice(k, k + 5000))]);
    if (explainer && signals.length > 0) {
      const records = signals.map((s) => {
        const text = explainer.explain(s);
        return {
          gemeente: s.gemeente, kind: s.kind, category: s.category, class_code: s.classCode, location_type: s.locationType,
          locations: s.locations, bbox: s.bbox, confidence: s.confidence, first_day: s.firstDay, last_day: s.lastDay,
          counts: s.counts, trend_tau: s.trend?.tau ?? null, trend_z: s.trend?.z ?? null, trend_p: s.trend?.p ?? null,
          score: s.score, rank: s.rank, status: s.status, explanation_nl: text.nl, explanation_en: text.en, details: s.details,
        };
      });
      await tx.query(sql('signals/insert-signals'), [runId, JSON.stringify(records)]);
    }
    const [done] = await tx.query<{ finishedAt: string }>(sql('signals/finish-run'), [
      runId, 'completed', steps ? isoOf(steps.from) : null, steps ? isoOf(steps.to) : null, steps?.starts.length ?? null,
      gemeenten, JSON.stringify(timings), null,
    ]);
    await tx.query(sql('signals/prune-runs'), [KEEP_RUNS]);
    return done!.finishedAt;
  });
}

/** Serialises runs per database: two full runs at once would only slow each other down. */
const locks = new WeakMap<Database, Promise<unknown>>();
function withRunLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(db) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  locks.set(db, next.catch(() => {}));
  return next;
}

async function executeRun(db: Database, purpose: 'signals' | 'emerging', params: RunParameters, options: RunOptions, gemeenten?: string[]): Promise<RunSummary> {
  const version = await dataVersion(db);
  const key = emergingKey(params);
  const [run] = await db.query<{ id: number; startedAt: string }>(sql('signals/insert-run'), [
    purpose, JSON.stringify(params), key, version.batchId, version.checksum, version.lastDay, options.createdBy ?? 'system',
  ]);
  const runId = run!.id;
  try {
    const computed = await compute(db, params, version, purpose === 'signals', gemeenten);
    let explainer: Explainer | null = null;
    if (purpose === 'signals') {
      rankSignals(computed.signals).forEach((s, k) => (computed.signals[k] = s));
      await markStatus(db, computed.signals, key, runId);
      const labels = new Map((await categoryLabels(db)).map((c) => [c.code, c]));
      explainer = new Explainer(labels, options.disclosure ?? defaultDisclosure);
    }
    const t = clock();
    const finishedAt = await storeRun(db, runId, computed, explainer);
    computed.timings.store = Math.round(clock() - t);
    const count = (kind: string) => computed.signals.filter((s) => s.kind === kind).length;
    return {
      id: runId,
      purpose,
      status: 'completed',
      startedAt: run!.startedAt,
      finishedAt,
      parameters: params,
      dataVersion: { batchId: version.batchId, rollupChecksum: version.checksum, lastDay: version.lastDay },
      cube: computed.steps ? { step: params.step, from: isoOf(computed.steps.from), to: isoOf(computed.steps.to), steps: computed.steps.starts.length } : null,
      gemeenten: computed.gemeenten,
      signals: { emerging: count('emerging'), alert: count('alert'), cluster: count('cluster') },
      timings: computed.timings,
    };
  } catch (err) {
    await db.query(sql('signals/finish-run'), [runId, 'failed', null, null, null, null, null, String((err as Error)?.message ?? err).slice(0, 2000)]).catch(() => {});
    throw err;
  }
}

/**
 * A full run: emerging hot spots per location, alerts per buurt and space-time clusters, for every
 * category and all categories together, stored as one run with its parameters and data version.
 */
export async function runSignals(db: Database, options: RunOptions = {}): Promise<RunSummary> {
  const params = resolveRunParameters(options.parameters ?? {});
  return withRunLock(db, () => executeRun(db, 'signals', params, options));
}

/** An emerging-only run for /api/emerging settings no stored run has (for `gemeenten`). */
export async function runEmerging(db: Database, params: RunParameters, gemeenten: string[], createdBy = 'api'): Promise<RunSummary> {
  return withRunLock(db, () => executeRun(db, 'emerging', params, { createdBy }, gemeenten));
}

interface SchedulerState {
  running: Promise<void> | null;
  pending: boolean;
}
const schedulers = new WeakMap<Database, SchedulerState>();

export interface ScheduleOptions {
  disclosure?: DisclosureConfig;
  /** Where a failed background run is reported (the import has already been committed). */
  onError?: (err: unknown) => void;
}

/**
 * Cheap: returns at once and recomputes in the background, after the current run if one is busy;
 * several calls while busy cause one more run, not several. Uses the settings of the latest
 * completed full run (so an analyst's choice persists), following the data to its new end, and
 * skips the run when that run already covers the current data version.
 */
export function scheduleSignalRun(db: Database, options: ScheduleOptions = {}): void {
  let state = schedulers.get(db);
  if (!state) schedulers.set(db, (state = { running: null, pending: false }));
  state.pending = true;
  if (state.running) return;
  const s = state;
  s.running = (async () => {
    while (s.pending) {
      s.pending = false;
      // Start after the caller's own work (the import's response) has gone out.
      await breathe();
      try {
        const [latest] = await db.query<{ parameters: RunParameters; rollupChecksum: string }>(sql('signals/latest-run'), ['signals', null, null]);
        const parameters = latest ? { ...latest.parameters, end: null } : {};
        const version = await dataVersion(db);
        if (latest && latest.parameters.end === null && latest.rollupChecksum === version.checksum) continue;
        await runSignals(db, { parameters, createdBy: 'import', disclosure: options.disclosure });
      } catch (err) {
        options.onError?.(err);
      }
    }
    s.running = null;
  })();
}

/** Resolves when no scheduled run is running or pending (tests, shutdown). */
export async function signalRunsIdle(db: Database): Promise<void> {
  const state = schedulers.get(db);
  while (state?.running) await state.running;
}

export type { StudyArea };
