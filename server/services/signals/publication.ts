import type { Database } from '../../db/index.ts';
import { InputError } from '../../errors.ts';
import { DRAFT_CHOICES } from '../../analysis/runSettings.ts';
import { DEFAULT_DISCLOSURE, disclosureKey, type DisclosureConfig } from '../../publish/index.ts';
import * as repo from '../../repositories/signals.ts';
import { audit, type Actor } from '../audit.ts';
import { dataVersion, runSignals, type RunSummary } from './engine.ts';
import { parametersKey, resolveRunParameters, type RunParameters } from './parameters.ts';
import { queueFor, type QueueState } from './runner.ts';

/**
 * The published signal list versus analysts' what-if runs (issue #13 item 7).
 *
 * - The list everyone sees is the latest completed *published* run. Published runs are scheduled:
 *   after every report import or rollback, nightly, at start, after the administrator changes the
 *   defaults, or on an administrator's request — always with the administrator's default
 *   parameters (stored in signal_defaults; the engine's built-in defaults until then).
 * - An analyst's run is a *draft*: its parameters are the analyst's changes on top of the
 *   defaults, it is visible to that analyst only, a newer draft replaces it, and it can be
 *   discarded. A draft never changes what anyone else sees.
 * - Every run goes through the database's run queue (runner.ts): one at a time, in order.
 */

const SYSTEM: Actor = { username: 'system' };

// ---------------------------------------------------------------------------------------------
// Defaults

export interface SignalDefaults {
  parameters: RunParameters;
  /** null: never set; the built-in defaults apply. */
  updatedAt: string | null;
  updatedBy: string | null;
  /** The stored defaults no longer validate (the parameters changed with an upgrade): the
   *  built-in defaults apply until an administrator saves new ones. */
  invalidStored?: boolean;
}

export async function signalDefaults(db: Database): Promise<SignalDefaults> {
  const [row] = await repo.getDefaults(db, {});
  if (!row) return { parameters: resolveRunParameters({}), updatedAt: null, updatedBy: null };
  try {
    return { parameters: resolveRunParameters(row.parameters), updatedAt: row.updatedAt, updatedBy: row.updatedBy };
  } catch {
    return { parameters: resolveRunParameters({}), updatedAt: row.updatedAt, updatedBy: row.updatedBy, invalidStored: true };
  }
}

/** Validates complete or partial defaults (missing settings take the built-in defaults), stores
 *  them, audits the change and schedules a published run with them. */
export async function setSignalDefaults(db: Database, input: unknown, actor: Actor, options: ScheduleOptions = {}): Promise<SignalDefaults> {
  const parameters = resolveRunParameters(input);
  if (parameters.end !== null) {
    throw new InputError('end: the published list always follows the data to its last complete step; leave end out of the defaults (an analyst may set it in a draft)', [], { parameter: 'end' });
  }
  const before = await signalDefaults(db);
  const [row] = await repo.putDefaults(db, { parameters: JSON.stringify(parameters), updatedBy: actor.username });
  await audit(db, actor, { action: 'signals.defaults', target: 'signal defaults', details: { before: before.parameters, after: parameters } });
  scheduleSignalRun(db, { ...options, trigger: 'defaults' });
  return { parameters, updatedAt: row!.updatedAt, updatedBy: row!.updatedBy };
}

/** An analyst's changes on top of the defaults (each setting given replaces the default's); then
 *  the whole is validated (400 naming the setting): within the bounds, and a draft's own choices
 *  (runSettings.ts DRAFT_CHOICES: a few values per setting, the published list's minimum own count). */
export function draftParameters(defaults: RunParameters, input: unknown): RunParameters {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError('the body must be a JSON object of run parameters', [], { parameter: 'body' });
  }
  const parameters = resolveRunParameters({ ...defaults, ...(input as Record<string, unknown>) });
  if (parameters.minCount !== defaults.minCount) {
    throw new InputError(`minCount: a draft keeps the published list's minimum own count (${defaults.minCount}): drafts with other minimums would tell counts the publication hides`, [], { parameter: 'minCount' });
  }
  for (const key of Object.keys(DRAFT_CHOICES) as (keyof typeof DRAFT_CHOICES)[]) {
    const choices: readonly number[] = DRAFT_CHOICES[key];
    if (parameters[key] !== defaults[key] && !choices.includes(parameters[key])) {
      throw new InputError(`${key}: a draft chooses one of ${choices.join(', ')} (or the published list's ${defaults[key]})`, [], { parameter: key });
    }
  }
  return parameters;
}

// ---------------------------------------------------------------------------------------------
// Drafts

export async function runDraft(db: Database, actor: Actor, input: unknown, disclosure?: DisclosureConfig): Promise<RunSummary> {
  const { parameters: defaults } = await signalDefaults(db);
  const parameters = draftParameters(defaults, input);
  try {
    const summary = await runSignals(db, { parameters, createdBy: actor.username, visibility: 'draft', trigger: 'analyst', disclosure });
    await audit(db, actor, { action: 'signals.run', target: `run ${summary.id}`, details: { visibility: 'draft', parameters: input, status: summary.status } });
    return summary;
  } catch (err) {
    if (!(err instanceof InputError)) await audit(db, actor, { action: 'signals.run', target: 'draft', outcome: 'failed', details: { visibility: 'draft', parameters: input, error: String((err as Error)?.message ?? err).slice(0, 200) } });
    throw err;
  }
}

/** The analyst's own latest draft made under these publication settings (id and time), or null. */
export async function ownDraft(db: Database, username: string, disclosure: DisclosureConfig = DEFAULT_DISCLOSURE): Promise<{ id: number; finishedAt: string } | null> {
  const [draft] = await repo.draftRun(db, { createdBy: username, disclosure: disclosureKey(disclosure) });
  return draft ? { id: draft.id, finishedAt: draft.finishedAt } : null;
}

/** Discards the analyst's drafts; the published list is untouched. */
export async function discardDraft(db: Database, actor: Actor): Promise<{ discarded: number }> {
  const gone = await repo.deleteDrafts(db, { createdBy: actor.username, keepId: null });
  await audit(db, actor, { action: 'signals.discard', target: gone.length ? `run ${gone.map((r) => r.id).join(', ')}` : null, details: { discarded: gone.length } });
  return { discarded: gone.length };
}

/** What a user may know of the queue: how busy it is and whether their own draft is in it. */
export function queueView(db: Database, username: string): { running: boolean; waiting: number; yourDraft: 'running' | 'waiting' | null } {
  const state: QueueState = queueFor(db).state();
  const mine = (j: { kind: string; by: string } | null) => j?.kind === 'draft' && j.by === username;
  // A scheduled published run (after an import, at start, nightly) spends a moment outside the
  // queue: it first checks whether the list is already current. Counted as waiting, or a client
  // that sees "idle" then stops asking, and the list changes under it unannounced.
  const jobs = state.running ? [state.running, ...state.waiting] : state.waiting;
  const scheduled = schedulers.get(db)?.running && !jobs.some((j) => j.kind === 'published' && j.by === SYSTEM.username) ? 1 : 0;
  return {
    running: state.running !== null,
    waiting: state.waiting.length + scheduled,
    yourDraft: mine(state.running) ? 'running' : state.waiting.some(mine) ? 'waiting' : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Published runs

export interface ScheduleOptions {
  disclosure?: DisclosureConfig;
  /** Where a failed background run is reported (the import has already been committed). */
  onError?: (err: unknown) => void;
  /** Why: import, nightly, start, defaults, … (stored with the run). */
  trigger?: string;
}

/** JSON with sorted keys: jsonb does not keep the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The published list is current when its run used the current defaults on the current data,
 *  with this engine (the key's version: after an upgrade that changes results the list is made
 *  again, even on unchanged data and defaults) and under the current publication settings (its
 *  cards hold published figures). */
export async function publishedIsCurrent(db: Database, disclosure: DisclosureConfig = DEFAULT_DISCLOSURE): Promise<boolean> {
  const [published] = await repo.publishedRun(db, {});
  if (!published) return false;
  const [{ parameters }, version] = await Promise.all([signalDefaults(db), dataVersion(db)]);
  return published.rollupChecksum === version.checksum && canonical(published.parameters) === canonical(parameters) && published.key === parametersKey(parameters)
    && published.disclosure === disclosureKey(disclosure);
}

/** A published run with the defaults, now (queued), audited as the system's or the actor's. */
export async function runPublished(db: Database, trigger: string, actor: Actor = SYSTEM, disclosure?: DisclosureConfig): Promise<RunSummary> {
  const { parameters } = await signalDefaults(db);
  try {
    const summary = await runSignals(db, { parameters, createdBy: actor.username, visibility: 'published', trigger, disclosure });
    await audit(db, actor, { action: 'signals.run', target: `run ${summary.id}`, details: { visibility: 'published', trigger, status: summary.status, signals: summary.signals } });
    return summary;
  } catch (err) {
    if (!(err instanceof InputError && err.status === 503)) {
      await audit(db, actor, { action: 'signals.run', target: 'published', outcome: 'failed', details: { visibility: 'published', trigger, error: String((err as Error)?.message ?? err).slice(0, 200) } }).catch(() => {});
    }
    throw err;
  }
}

interface SchedulerState {
  running: Promise<void> | null;
  pending: string[];
}
const schedulers = new WeakMap<Database, SchedulerState>();
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Cheap: returns at once and makes a published run in the background, after the runs already
 * queued; several calls while one is waiting cause one more run, not several. The run uses the
 * administrator's defaults and is skipped when the published list already comes from those
 * defaults on the current data (so a nightly check on unchanged data changes nothing).
 */
export function scheduleSignalRun(db: Database, options: ScheduleOptions = {}): void {
  let state = schedulers.get(db);
  if (!state) schedulers.set(db, (state = { running: null, pending: [] }));
  state.pending.push(options.trigger ?? 'import');
  if (state.running) return;
  const s = state;
  s.running = (async () => {
    while (s.pending.length > 0) {
      // Named after the first reason that asked (an import, then a nightly check: 'import').
      const trigger = s.pending[0]!;
      s.pending = [];
      // Start after the caller's own work (the import's response) has gone out.
      await breathe();
      try {
        if (await publishedIsCurrent(db, options.disclosure)) continue;
        await runPublished(db, trigger, SYSTEM, options.disclosure);
      } catch (err) {
        options.onError?.(err);
      }
    }
    s.running = null;
  })();
}

/** Resolves when no scheduled run is pending and the run queue is empty (tests, shutdown). */
export async function signalRunsIdle(db: Database): Promise<void> {
  for (;;) {
    const state = schedulers.get(db);
    if (state?.running) {
      await state.running;
      continue;
    }
    const queue = queueFor(db);
    if (queue.state().running || queue.state().waiting.length > 0) {
      await queue.idle();
      continue;
    }
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// Nightly

/** "HH:MM" (24 h, the server's local time) or 'off'. */
export const NIGHTLY_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The latest moment at the daily time `at` that is not after `now` (local time). */
export function lastSlot(now: Date, at: string): Date {
  const [h, m] = at.split(':').map(Number) as [number, number];
  const slot = new Date(now.getFullYear(), now.getMonth(), now.getDate(), h, m, 0, 0);
  if (slot.getTime() > now.getTime()) slot.setDate(slot.getDate() - 1);
  return slot;
}

export interface NightlyOptions extends Omit<ScheduleOptions, 'trigger'> {
  /** Daily time "HH:MM" in the server's local time. */
  at: string;
  /** The clock (injected by tests). */
  now?: () => Date;
  /** How often the clock is looked at, in ms (default one minute). */
  checkEveryMs?: number;
}

/**
 * Checks the clock every minute; when a daily slot (e.g. 02:30) has passed since the last check,
 * schedules a published run ('nightly'; skipped when the list is already current). The slot
 * that has passed before the schedule starts does not count (the start has its own check).
 */
export class NightlySchedule {
  private handled: number;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => Date;

  constructor(private readonly db: Database, private readonly options: NightlyOptions) {
    if (!NIGHTLY_TIME.test(options.at)) throw new Error(`nightly time must be HH:MM, got ${options.at}`);
    this.now = options.now ?? (() => new Date());
    this.handled = lastSlot(this.now(), options.at).getTime();
  }

  /** Looks at the clock once; true when it scheduled a run. */
  tick(): boolean {
    const slot = lastSlot(this.now(), this.options.at).getTime();
    if (slot <= this.handled) return false;
    this.handled = slot;
    scheduleSignalRun(this.db, { disclosure: this.options.disclosure, onError: this.options.onError, trigger: 'nightly' });
    return true;
  }

  start(): this {
    this.timer ??= setInterval(() => this.tick(), this.options.checkEveryMs ?? 60_000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
