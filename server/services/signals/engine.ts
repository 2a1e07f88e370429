import type { Database } from '../../db/index.ts';
import * as metaRepo from '../../repositories/meta.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import { DEFAULT_DISCLOSURE, disclosureKey, publisher, type DisclosureConfig } from '../../publish/index.ts';
import * as repo from '../../repositories/signals.ts';
import type { AreaCube } from '../../analysis/earlySignals.ts';
import { rollupStore, weekIndex } from '../rollup-store.ts';
import type { RunInput } from './compute.ts';
import { compute as computeInThread, loopSlicer, queueFor, type RunVisibility } from './runner.ts';
import { Explainer } from './explain.ts';
import { buurtArea, type BuurtArea } from './locations.ts';
import { CUBE_WEEKS, detectorParams, parametersKey, resolveRunParameters, type RunParameters, type RunParametersInput } from './parameters.ts';
import { MAP_Q_STEPS, publishedEffect, publishSignal, qStep, type CubeData } from './publish.ts';
import { cubeSteps, dayOf, isoOf, type StepRange } from './steps.ts';
import type { StoredLead, StoredMapClass } from './types.ts';

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
 *  Computed again only when migration 006's counter has moved. */
export async function dataVersion(db: Database): Promise<DataVersion> {
  const [row] = await metaRepo.dataVersion(db, {});
  const counter = row?.version ?? '';
  const known = versions.get(db);
  if (known?.counter === counter) return known.value;
  const value = (async () => {
    const [r] = await repo.dataVersionRow(db, {});
    return {
      batchId: r?.batch_id ?? null,
      areasBatchId: r?.areas_batch_id ?? null,
      firstDay: r?.first_day ?? null,
      lastDay: r?.last_day ?? null,
      reports: r?.reports ?? 0,
      checksum: `${r?.reports ?? 0}:${r?.checksum ?? '0'}`,
    };
  })();
  versions.set(db, { counter, value });
  value.catch(() => {
    if (versions.get(db)?.value === value) versions.delete(db);
  });
  return value;
}

export interface CategoryInfo {
  code: string;
  nl: string;
  en: string;
}

export async function categoryLabels(db: Database): Promise<CategoryInfo[]> {
  return repo.categories(db, {});
}

export interface RunSummary {
  id: number;
  /** 'published': the list everyone sees; 'draft': visible to its analyst only. */
  visibility: RunVisibility;
  /** Why it ran: import, nightly, defaults, admin, analyst, start, cli, manual, … */
  trigger: string;
  status: 'completed' | 'failed';
  startedAt: string;
  finishedAt: string;
  parameters: RunParameters;
  dataVersion: { batchId: number | null; rollupChecksum: string; lastDay: string | null };
  weeks: { from: string; to: string; count: number } | null;
  gemeenten: string[];
  signals: { lead: number; map: number };
  tests: { tests: number; family: number; significant: number };
  timings: Record<string, number>;
}

export interface RunOptions {
  parameters?: RunParametersInput | RunParameters;
  createdBy?: string;
  /** 'published' (default) or 'draft' (an analyst's what-if run, visible to them only). */
  visibility?: RunVisibility;
  /** Why the run is made (stored with it; shown in the dashboard). */
  trigger?: string;
  /** The publication settings (config.disclosure); the run stores the figures it may publish. */
  disclosure?: DisclosureConfig;
}

const clock = () => performance.now();

/** The run's weeks: ISO weeks ending with the last complete one on the data's last day (or the
 *  run's `end`), at most CUBE_WEEKS, starting with the first whole week of data. */
export function weeksFor(params: RunParameters, version: DataVersion): StepRange | null {
  if (!version.firstDay || !version.lastDay) return null;
  const last = params.end ? Math.min(dayOf(params.end), dayOf(version.lastDay)) : dayOf(version.lastDay);
  return cubeSteps('week', dayOf(version.firstDay), last, CUBE_WEEKS);
}

async function gemeentenFor(db: Database, params: RunParameters, weeks: StepRange | null): Promise<string[]> {
  if (params.gemeente) {
    if ((await repo.gemeenteExists(db, { gemeente: params.gemeente })).length === 0) throw new NotFoundError(`gemeente: ${params.gemeente} is not loaded`, 'gemeente');
    return [params.gemeente];
  }
  if (!weeks) return [];
  return (await repo.gemeentenWithReports(db, { from: isoOf(weeks.from), to: isoOf(weeks.to) })).map((r) => r.code);
}

interface Loaded {
  area: BuurtArea;
  cube: AreaCube;
  /** Per category index, and at categories.length all categories together. */
  data: CubeData[];
}

/** The run's input: per municipality its buurten, the weekly incident counts the detector tests
 *  (server/analysis/incidents.ts: repeat reports about one place count once) and the weekly report
 *  counts with their record-key sums from the in-memory rollup, kept on this side for publication
 *  (the cards show reports). */
async function load(db: Database, gemeenten: string[], weeks: StepRange, categories: string[], version: DataVersion): Promise<Loaded[]> {
  const store = await rollupStore(db);
  const nWeeks = weeks.starts.length;
  const firstWeek = weekIndex(isoOf(weeks.from));
  const incidentRows = await incidentCountsFor(db, gemeenten, weeks);
  const out: Loaded[] = [];
  const pause = loopSlicer();
  for (const gemeente of gemeenten) {
    await pause();
    const area = await buurtArea(db, gemeente, String(version.areasBatchId ?? 0));
    const { counts, keys } = store.weeklyCube(area.codes, isoOf(weeks.from), nWeeks, categories);
    const allCounts = new Float64Array(area.codes.length * nWeeks);
    const allKeys = new Float64Array(area.codes.length * nWeeks);
    counts.forEach((c, k) => {
      for (let i = 0; i < c.length; i++) {
        allCounts[i]! += c[i]!;
        allKeys[i] = (allKeys[i]! + keys[k]![i]!) % 4294967296;
      }
    });
    const data: CubeData[] = [...counts.map((c, k) => ({ nWeeks, counts: c, keys: keys[k]!, firstMonday: weeks.from })), { nWeeks, counts: allCounts, keys: allKeys, firstMonday: weeks.from }];
    const cube: AreaCube = {
      id: gemeente, nPlaces: area.codes.length, nWeeks, categories, counts: incidentCube(incidentRows.get(gemeente)!, area.codes, categories, firstWeek, nWeeks),
      neighbours: area.neighbours, centroids: area.centroids.slice(), inhabitants: area.inhabitants.slice(),
    };
    out.push({ area, cube, data });
  }
  return out;
}

/** The detector's cubes of a run with these settings, as a run would load them (for the null
 *  calibration, scripts/calibrate.ts): one per municipality with reports. */
export async function detectorCubes(db: Database, params: RunParameters): Promise<AreaCube[]> {
  const version = await dataVersion(db);
  const weeks = weeksFor(params, version);
  const gemeenten = await gemeentenFor(db, params, weeks);
  if (!weeks || gemeenten.length === 0) return [];
  const categories = (await categoryLabels(db)).map((c) => c.code);
  return (await load(db, gemeenten, weeks, categories, version)).map((l) => l.cube);
}

type IncidentRow = Awaited<ReturnType<typeof repo.incidentCounts>>[number];

/** Incident counts per municipality, as the imports keep them (migration 020: a run reads only its
 *  incidents, not every report). One query per municipality, concurrently: on PostgreSQL each
 *  runs on its own connection. */
async function incidentCountsFor(db: Database, gemeenten: string[], weeks: StepRange): Promise<Map<string, IncidentRow[]>> {
  const rows = await Promise.all(gemeenten.map((gemeente) => repo.incidentCounts(db, { gemeente, from: isoOf(weeks.from), to: isoOf(weeks.to) })));
  return new Map(gemeenten.map((g, k) => [g, rows[k]!]));
}

/** One municipality's incident counts as the detector's cube (counts[category][place * nWeeks + t]). */
function incidentCube(rows: readonly IncidentRow[], codes: readonly string[], categories: readonly string[], firstWeek: number, nWeeks: number): Float64Array[] {
  const place = new Map(codes.map((c, i) => [c, i]));
  const out = categories.map(() => new Float64Array(codes.length * nWeeks));
  for (const r of rows) {
    const p = place.get(r.buurt);
    const c = categories.indexOf(r.category);
    const t = r.week - firstWeek;
    if (p === undefined || c < 0 || t < 0 || t >= nWeeks) continue;
    out[c]![p * nWeeks + t]! += r.n;
  }
  return out;
}

function bboxOf(area: BuurtArea, places: number[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of places) {
    const x = area.bbox[p]!;
    b[0] = Math.min(b[0], x[0]);
    b[1] = Math.min(b[1], x[1]);
    b[2] = Math.max(b[2], x[2]);
    b[3] = Math.max(b[3], x[3]);
  }
  return b;
}

/** Strongest evidence first, then the larger effect; ties in a fixed order. Both as published
 *  (score = −log10 of the published q, the effect of the published counts): the order of the list
 *  is published too, and ranking by the unrounded q told a hidden card's q between its neighbours'
 *  (publish.ts HIDDEN_Q_STEPS). */
export function rankSignals<T extends Pick<StoredLead, 'score' | 'effect' | 'gemeente' | 'category' | 'locations' | 'rank'>>(signals: T[]): T[] {
  const sorted = [...signals].sort((a, b) =>
    b.score - a.score || b.effect - a.effect || a.gemeente.localeCompare(b.gemeente) || (a.category ?? '').localeCompare(b.category ?? '') || a.locations[0]!.localeCompare(b.locations[0]!));
  sorted.forEach((s, k) => (s.rank = k + 1));
  return sorted;
}

/** A draft's lead signals: those whose published q is within its alpha. Only a card whose count is
 *  hidden can fall out (its published q is a step above its own, publish.ts HIDDEN_Q_STEPS); the
 *  others' published q is their own, rounded. */
export function listedInDraft<T extends { q: number; published: { qBound: boolean } }>(leads: readonly T[], alpha: number): T[] {
  return leads.filter((l) => !(l.published.qBound && l.q > alpha));
}

/** 'ongoing' when the reference run (the latest published run with the same settings,
 *  status-reference-run.sql; never a draft) had a lead signal of the same class and category
 *  sharing a buurt; otherwise 'new'. */
async function markStatus(db: Database, signals: StoredLead[], key: string, runId: number): Promise<void> {
  const [previous] = await repo.statusReferenceRun(db, { key, before: runId });
  if (!previous) return;
  const before = await repo.runSignalPlaces(db, { runId: previous.id });
  for (const s of signals) {
    s.status = before.some((b) => b.classCode === s.classCode && (b.category ?? null) === s.category && b.locations.some((l) => s.locations.includes(l))) ? 'ongoing' : 'new';
  }
}

const KEEP_RUNS = 20;

async function executeRun(db: Database, params: RunParameters, options: RunOptions): Promise<RunSummary> {
  const version = await dataVersion(db);
  // A draft's end before the data's first complete week would be an empty run that reads as "no
  // signals": refused instead, before anything is stored.
  if (params.end && version.firstDay && !weeksFor(params, version)) {
    throw new InputError(`end: ${params.end} is before the first complete week of the data, which start on ${version.firstDay}`, [], { parameter: 'end' });
  }
  const key = parametersKey(params);
  const visibility: RunVisibility = options.visibility ?? 'published';
  const draft = visibility === 'draft';
  const createdBy = options.createdBy ?? 'system';
  const trigger = options.trigger ?? 'manual';
  const [run] = await repo.insertRun(db, {
    parameters: JSON.stringify(params), key, batchId: version.batchId, checksum: version.checksum, dataEnd: version.lastDay, createdBy,
    disclosure: disclosureKey(options.disclosure ?? DEFAULT_DISCLOSURE),
  });
  const runId = run!.id;
  await repo.setRunVisibility(db, { id: runId, visibility, trigger });
  const timings: Record<string, number> = {};
  try {
    const t0 = clock();
    const weeks = weeksFor(params, version);
    const gemeenten = await gemeentenFor(db, params, weeks);
    const labels = await categoryLabels(db);
    const categories = labels.map((c) => c.code);
    const leads: StoredLead[] = [];
    const maps: StoredMapClass[] = [];
    const stats = { tests: 0, family: 0, significant: 0 };
    if (weeks && gemeenten.length > 0) {
      let t = clock();
      const loaded = await load(db, gemeenten, weeks, categories, version);
      timings.load = clock() - t;
      t = clock();
      // The CPU part in the worker thread (runner.ts); the cubes' buffers move there, which is
      // why load() hands the detector copies and keeps the counts publication needs.
      const input: RunInput = { areas: loaded.map((l) => l.cube) };
      const output = await computeInThread(input, detectorParams(params));
      timings.compute = clock() - t;
      t = clock();
      const pub = await publisher(db, options.disclosure ?? DEFAULT_DISCLOSURE);
      const explainer = new Explainer(new Map(labels.map((c) => [c.code, c])));
      // On the main thread, in slices (runner.ts: loopSlicer), so the API answers in between.
      const pause = loopSlicer();
      for (const [a, result] of output.areas.entries()) {
        const { area, data } = loaded[a]!;
        stats.tests += result.stats.tests;
        stats.family += result.stats.family;
        stats.significant += result.stats.significant;
        for (const s of result.lead) {
          await pause();
          const c = s.category === null ? categories.length : categories.indexOf(s.category);
          const published = publishSignal(s, area, data[c]!, pub);
          leads.push({
            gemeente: area.gemeente, kind: 'lead', category: s.category, classCode: s.class, locations: published.places.map((p) => p.code),
            bbox: bboxOf(area, s.places), firstDay: published.window.from, lastDay: published.window.to,
            score: -Math.log10(Math.max(published.q, 1e-300)), q: published.q, effect: publishedEffect(published), rank: 0, status: 'new',
            published, explanation: explainer.explain(published),
          });
        }
        // A draft lists no map classes (below): none are made.
        for (const m of draft ? [] : result.map) {
          await pause();
          const name = area.names[m.place]!;
          maps.push({
            gemeente: area.gemeente, kind: 'map', category: m.category, classCode: m.class, locations: [area.codes[m.place]!],
            bbox: area.bbox[m.place]!, firstDay: isoOf(weeks.starts[Math.max(0, weeks.starts.length - 52)]!), lastDay: isoOf(weeks.to), q: qStep(m.q, MAP_Q_STEPS), name,
            explanation: explainer.mapText(m.class, m.category, name),
          });
        }
      }
      timings.publish = clock() - t;
    }
    // A draft tells its analyst what other settings would list, and nothing more than the published
    // list about a hidden count. A card whose window count is hidden publishes its q only as a step
    // (publish.ts HIDDEN_Q_STEPS), but drafts at every alpha they may choose would still tell the q
    // between the choices, so such a card is listed in a draft only when its step is within the
    // draft's alpha. And a draft lists no map classes: the class map is the published run's, and
    // drafts ending in every week told when a class appeared at the minimum own count, a week's
    // count bit (docs/disclosure.md, "Signal drafts"); they are not made for a draft (above).
    const ranked = rankSignals(draft ? listedInDraft(leads, params.alpha) : leads);
    // Map classes after the lead signals, in an order of published figures only (their q step,
    // then where and what): the detector's order follows the unrounded q.
    maps.sort((a, b) => a.q - b.q || a.gemeente.localeCompare(b.gemeente) || (a.category ?? '').localeCompare(b.category ?? '') || a.classCode.localeCompare(b.classCode) || a.locations[0]!.localeCompare(b.locations[0]!));
    await markStatus(db, ranked, key, runId);
    let t = clock();
    const records = [
      ...ranked.map((s) => ({
        gemeente: s.gemeente, kind: 'lead', category: s.category, class_code: s.classCode, locations: s.locations, bbox: s.bbox,
        first_day: s.firstDay, last_day: s.lastDay, score: s.score, rank: s.rank, status: s.status,
        explanation_nl: s.explanation.nl, explanation_en: s.explanation.en, details: s.published, q: s.q,
      })),
      ...maps.map((m, k) => ({
        gemeente: m.gemeente, kind: 'map', category: m.category, class_code: m.classCode, locations: m.locations, bbox: m.bbox,
        first_day: m.firstDay, last_day: m.lastDay, score: -Math.log10(Math.max(m.q, 1e-300)), rank: ranked.length + k + 1, status: 'new',
        explanation_nl: m.explanation.nl, explanation_en: m.explanation.en, details: { name: m.name, q: m.q, qBound: true }, q: m.q,
      })),
    ];
    const finishedAt = await db.transaction(async (tx) => {
      for (let k = 0; k < records.length; k += 2000) await repo.insertSignals(tx, { runId, records: JSON.stringify(records.slice(k, k + 2000)) });
      timings.total = clock() - t0;
      for (const name of Object.keys(timings)) timings[name] = Math.round(timings[name]!);
      const [done] = await repo.finishRun(tx, {
        runId, status: 'completed', cubeFrom: weeks ? isoOf(weeks.from) : null, cubeTo: weeks ? isoOf(weeks.to) : null,
        steps: weeks?.starts.length ?? null, gemeenten, timings: JSON.stringify(timings), error: null,
      });
      // A new draft replaces the analyst's previous one; published runs keep the newest KEEP_RUNS.
      if (draft) await repo.deleteDrafts(tx, { createdBy, keepId: runId });
      else await repo.prunePublishedRuns(tx, { keep: KEEP_RUNS });
      return done!.finishedAt;
    });
    timings.store = Math.round(clock() - t);
    return {
      id: runId,
      visibility,
      trigger,
      status: 'completed',
      startedAt: run!.startedAt,
      finishedAt,
      parameters: params,
      dataVersion: { batchId: version.batchId, rollupChecksum: version.checksum, lastDay: version.lastDay },
      weeks: weeks ? { from: isoOf(weeks.from), to: isoOf(weeks.to), count: weeks.starts.length } : null,
      gemeenten,
      signals: { lead: ranked.length, map: maps.length },
      tests: stats,
      timings,
    };
  } catch (err) {
    await repo.finishRun(db, { runId, status: 'failed', cubeFrom: null, cubeTo: null, steps: null, gemeenten: null, timings: null, error: String((err as Error)?.message ?? err).slice(0, 2000) }).catch(() => {});
    throw err;
  }
}

/**
 * A full run: lead signals and map classes for every municipality, stored with its parameters
 * and data version. Queued behind the database's other runs (runner.ts: one at a time, in order,
 * the statistics in a worker thread); published unless `visibility: 'draft'`
 * (publication.ts decides which runs are which).
 */
export async function runSignals(db: Database, options: RunOptions = {}): Promise<RunSummary> {
  const params = resolveRunParameters(options.parameters ?? {});
  const visibility = options.visibility ?? 'published';
  const info = { kind: visibility, by: options.createdBy ?? 'system', trigger: options.trigger ?? 'manual' };
  return queueFor(db).enqueue(info, () => executeRun(db, params, options));
}
