import type { Database } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import { NotFoundError } from '../../errors.ts';
import { EMERGING_SIGNAL_CATEGORIES, type EmergingCategory } from '../../analysis/index.ts';
import { defaultDisclosure, type DisclosureConfig } from '../../analysis/suppression.ts';
import { buildCubes, type Cubes } from './cube.ts';
import { SIGNAL_CLASSES } from './emerging.ts';
import { computeArea, type ComputeGemeente, type ComputeInput } from './compute.ts';
import { compute as computeInThread, queueFor, type RunVisibility } from './runner.ts';
import * as repo from '../../repositories/signals.ts';
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
  /** 'published': the list everyone sees; 'draft': visible to its analyst only. */
  visibility: RunVisibility;
  /** Why it ran: import, nightly, defaults, admin, analyst, cli, map, manual, … */
  trigger: string;
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
  /** 'published' (default) or 'draft' (an analyst's what-if run, visible to them only). */
  visibility?: RunVisibility;
  /** Why the run is made (stored with it; shown in the dashboard). */
  trigger?: string;
  /** Disclosure settings for the stored explanations (the API renders them again with its own). */
  disclosure?: DisclosureConfig;
}

interface Computed {
  steps: StepRange | null;
  gemeenten: string[];
  /** The emerging rows as JSON chunks (compute.ts). */
  rowChunks: string[];
  signals: SignalRecord[];
  timings: Record<string, number>;
}

const clock = () => performance.now();
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

/**
 * The database half of a run before its computation: study areas, neighbours and count cubes of
 * every municipality (main thread: PGlite is in-process). Null when there is nothing to analyse.
 */
async function loadComputeInput(
  db: Database, params: RunParameters, version: DataVersion, withSignals: boolean, steps: StepRange | null, codes: string[],
): Promise<ComputeInput | null> {
  if (!steps || codes.length === 0) return null;
  const categories: (string | null)[] = [...(await categoryLabels(db)).map((c) => c.code), null];
  const areasVersion = String(version.areasBatchId ?? 0);
  const kind = locationKindOf(params);
  // Alerts and scans are weekly, ending at the same last complete week: the alert series cover
  // the baseline years × 52 + the window; the scans the cube's weeks (or 156 weeks when monthly).
  const first = dayOf(version.firstDay!);
  const lastDay = params.end ? Math.min(dayOf(params.end), dayOf(version.lastDay!)) : dayOf(version.lastDay!);
  const alertWeeks = cubeSteps('week', first, lastDay, params.alerts.baselineYears * 52 + params.alerts.windowWeeks);
  const scanWeeks = params.step === 'week' ? steps : cubeSteps('week', first, lastDay, DEFAULT_SCAN_WEEKS);
  const gemeenten: ComputeGemeente[] = [];
  for (const gemeente of codes) {
    const area = await studyArea(db, gemeente, kind, areasVersion);
    const neighbours = await weightsOf(db, area, weightsSpec(params), areasVersion);
    const cubes = await buildCubes(db, area, steps);
    const g: ComputeGemeente = { area: computeArea(area), neighbours, cubes, alerts: null, scan: null };
    if (withSignals && alertWeeks) {
      const buurten = kind.type === 'buurten' ? area : await studyArea(db, gemeente, { type: 'buurten' }, areasVersion);
      const buurtCubes = kind.type === 'buurten' && params.step === 'week' && alertWeeks.from === steps.from ? cubes : await buildCubes(db, buurten, alertWeeks);
      g.alerts = { area: computeArea(buurten), cubes: buurtCubes, weeks: alertWeeks };
    }
    if (withSignals && scanWeeks) {
      const scanCubes: Cubes = scanWeeks === steps ? cubes : await buildCubes(db, area, scanWeeks);
      g.scan = { area: computeArea(area), cubes: scanCubes, weeks: scanWeeks };
    }
    gemeenten.push(g);
  }
  return { params, steps, categories, withSignals, gemeenten };
}

/** Loads on the main thread, computes in the worker (runner.ts), for every municipality of the run. */
async function compute(db: Database, params: RunParameters, version: DataVersion, withSignals: boolean, gemeenten?: string[]): Promise<Computed> {
  const t0 = clock();
  const steps = stepsFor(params, version);
  const codes = gemeenten ?? (await gemeentenFor(db, params, steps));
  const input = await loadComputeInput(db, params, version, withSignals, steps, codes);
  if (!input) return { steps, gemeenten: codes, rowChunks: [], signals: [], timings: { total: Math.round(clock() - t0) } };
  const load = clock() - t0;
  const t = clock();
  const output = await computeInThread(input);
  const timings: Record<string, number> = { load, ...output.timings, compute: clock() - t, total: clock() - t0 };
  for (const k of Object.keys(timings)) timings[k] = Math.round(timings[k]!);
  return { steps, gemeenten: codes, rowChunks: output.rowChunks, signals: output.signals, timings };
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

/** 'ongoing' when the reference run (the latest published run with the same emerging settings,
 *  status-reference-run.sql) had a signal of the same kind, category
 *  and class on an overlapping set of locations; otherwise 'new'. */
async function markStatus(db: Database, signals: SignalRecord[], key: string, runId: number): Promise<void> {
  const [previous] = await repo.statusReferenceRun(db, { emergingKey: key, before: runId });
  if (!previous) return;
  const before = await repo.statusReferenceSignals(db, { runId: previous.id });
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
  owner: { visibility: RunVisibility; createdBy: string },
): Promise<string> {
  const { steps, gemeenten, rowChunks, signals, timings } = computed;
  return db.transaction(async (tx) => {
    for (const chunk of rowChunks) await tx.query(sql('signals/insert-emerging'), [runId, chunk]);
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
    // A new draft replaces the analyst's previous one; published runs keep the newest KEEP_RUNS.
    if (owner.visibility === 'draft') await repo.deleteDrafts(tx, { createdBy: owner.createdBy, keepId: runId });
    else await repo.prunePublishedRuns(tx, { keep: KEEP_RUNS });
    return done!.finishedAt;
  });
}

async function executeRun(db: Database, purpose: 'signals' | 'emerging', params: RunParameters, options: RunOptions, gemeenten?: string[]): Promise<RunSummary> {
  const version = await dataVersion(db);
  const key = emergingKey(params);
  const visibility: RunVisibility = purpose === 'signals' ? options.visibility ?? 'published' : 'published';
  const createdBy = options.createdBy ?? 'system';
  const trigger = options.trigger ?? (purpose === 'emerging' ? 'map' : 'manual');
  const [run] = await db.query<{ id: number; startedAt: string }>(sql('signals/insert-run'), [
    purpose, JSON.stringify(params), key, version.batchId, version.checksum, version.lastDay, createdBy,
  ]);
  const runId = run!.id;
  await repo.setRunVisibility(db, { id: runId, visibility, trigger });
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
    const finishedAt = await storeRun(db, runId, computed, explainer, { visibility, createdBy });
    computed.timings.store = Math.round(clock() - t);
    const count = (kind: string) => computed.signals.filter((s) => s.kind === kind).length;
    return {
      id: runId,
      purpose,
      visibility,
      trigger,
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
 * Queued behind the database's other runs (runner.ts); published unless `visibility: 'draft'`
 * (services/signals/publication.ts decides which runs are which).
 */
export async function runSignals(db: Database, options: RunOptions = {}): Promise<RunSummary> {
  const params = resolveRunParameters(options.parameters ?? {});
  const visibility = options.visibility ?? 'published';
  const info = { kind: visibility, by: options.createdBy ?? 'system', trigger: options.trigger ?? 'manual' };
  return queueFor(db).enqueue(info, () => executeRun(db, 'signals', params, options));
}

/** An emerging-only run for /api/emerging settings no stored run has (for `gemeenten`). */
export async function runEmerging(db: Database, params: RunParameters, gemeenten: string[], createdBy = 'api'): Promise<RunSummary> {
  return queueFor(db).enqueue({ kind: 'emerging', by: createdBy, trigger: 'map' }, () => executeRun(db, 'emerging', params, { createdBy }, gemeenten));
}

export type { StudyArea };
