import type { Database } from '../../db/index.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import { fdrBins, getisOrd } from '../../analysis/index.ts';
import type { LeadClass, MapClass } from '../../analysis/earlySignals.ts';
import { DEFAULT_DISCLOSURE, derivedValue, disclosureKey, publisher, type DisclosureConfig, type PublishedCount } from '../../publish/index.ts';
import * as repo from '../../repositories/signals.ts';
import type { CellSize } from '../areas.ts';
import { covers, type Filters } from '../filters.ts';
import { cellShapes, cellSums } from '../stats.ts';
import type { DataVersionMemo } from '../data-version.ts';
import { storesSettings } from './parameters.ts';
import { categoryLabels, dataVersion, type CategoryInfo } from './engine.ts';
import { cellArea } from './locations.ts';
import type { PublishedSignal } from './publish.ts';

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

async function checkGemeente(db: Database, gemeente: string | null | undefined): Promise<void> {
  if (!gemeente) return;
  if ((await repo.gemeenteExists(db, { gemeente })).length === 0) throw new NotFoundError(`gemeente: ${gemeente} is not loaded`, 'gemeente');
}

async function checkCategory(db: Database, category: string | null | undefined): Promise<CategoryInfo[]> {
  const labels = await categoryLabels(db);
  if (category && !labels.some((c) => c.code === category)) {
    throw new InputError(`category: unknown category "${category}"; known: ${labels.map((c) => c.code).join(', ')}`, [], { parameter: 'category' });
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------
// Density map: Gi* on the period's published cell counts

export interface HotspotCell {
  id: string;
  gemeente: string;
  geometry: unknown;
  areaKm2: number;
  /** The cell's published count (null: no data for the period). */
  count: PublishedCount | null;
  /** Concentration bin numbered as ArcGIS: ±3 / ±2 / ±1 for q ≤ 0.01 / 0.05 / 0.10 after FDR, 0 not significant. */
  bin: number;
}

export interface HotspotResult {
  k: number;
  cells: HotspotCell[];
  studyAreas: { gemeente: string; cells: number; noVariation: boolean; hot: number; cold: number }[];
}

/**
 * Where reports concentrate (a DENSITY map, not an early signal): Gi* per municipality on the
 * PUBLISHED (perturbed) cell counts, queen contiguity of the clipped cells, bins with FDR as
 * ArcGIS. Only the bins and the published counts leave: z-scores and neighbour counts are linear
 * in the counts and would solve back to hidden ones (docs/disclosure.md).
 */
export async function hotspots(db: Database, size: CellSize, filters: Filters, disclosure: DisclosureConfig, memo?: DataVersionMemo): Promise<HotspotResult> {
  const gemeenten = filters.gemeente ? [filters.gemeente] : (await repo.loadedGemeenten(db, {})).map((r) => r.code);
  const version = await dataVersion(db);
  const areasVersion = String(version.areasBatchId ?? 0);
  const pub = await publisher(db, disclosure);
  const scope = { category: filters.category, area: 'cell' as const, weeks: filters.period.weeks };
  // All categories over one week: the cells' counts are withheld (publisher.ts, rule 4), and so is
  // what Gi* would make of them: no bins, as a map without variation.
  const withheld = pub.withholds(scope);
  const k = pub.k(filters.category);
  const out: HotspotCell[] = [];
  const studyAreas: HotspotResult['studyAreas'] = [];
  const [truth, shapes] = await Promise.all([cellSums(db, size, filters), cellShapes(db, size, filters.gemeente, memo)]);
  const shapeOf = new Map(shapes.map((c) => [`${c.gemeente}:${c.i}:${c.j}`, c]));
  for (const gemeente of gemeenten) {
    const area = await cellArea(db, gemeente, size, areasVersion);
    if (area.ids.length === 0) continue;
    const covered = covers(filters.coverage, gemeente, filters.period);
    // Gi* of the counts as the grid shows them (derived.ts derivedValue): a cell shown "<k" is
    // (k − 1) / 2 whatever it holds, so the bins are computable from the published grid alone.
    const shown = area.ij.map(([i, j]) => {
      const r = truth.get(`${gemeente}:${size}:${i}:${j}`);
      return pub.show(r ? pub.perturbed(r.n, r.key) : 0, scope);
    });
    const values = withheld ? new Float64Array(area.ids.length) : Float64Array.from(shown, (c) => derivedValue(c, k));
    const g = getisOrd(values, area.neighbours);
    const bins = fdrBins(g.z, g.p);
    let hot = 0;
    let cold = 0;
    area.ij.forEach(([i, j], s) => {
      const shape = shapeOf.get(`${gemeente}:${i}:${j}`)!;
      const bin = covered ? bins[s]! : 0;
      if (bin > 0) hot++;
      if (bin < 0) cold++;
      out.push({ id: area.ids[s]!, gemeente, geometry: shape.geometry, areaKm2: shape.areaKm2, count: covered ? shown[s]! : null, bin });
    });
    studyAreas.push({ gemeente, cells: area.ids.length, noVariation: !covered || withheld || g.noVariation || g.tooFewFeatures, hot, cold });
  }
  return { k, cells: out, studyAreas };
}

// ---------------------------------------------------------------------------------------------
// The latest run

export interface RunInfo {
  id: number;
  /** 'published': the list everyone sees; 'draft': the asking analyst's own what-if run. */
  visibility: 'published' | 'draft';
  /** Why it ran: import, nightly, defaults, admin, analyst, start, cli, … */
  trigger: string;
  startedAt: string;
  finishedAt: string;
  parameters: Record<string, unknown>;
  dataVersion: { batchId: number | null; rollupChecksum: string; lastDay: string | null };
  current: boolean;
  weeks: { from: string; to: string; count: number | null } | null;
  gemeenten: string[];
}

/** The published run, or (view 'draft') the asking analyst's own latest draft; never anyone
 *  else's draft. */
async function latest(db: Database, view: 'published' | 'draft' = 'published', username?: string, disclosure: DisclosureConfig = DEFAULT_DISCLOSURE): Promise<{ info: RunInfo; id: number } | null> {
  const [run] = view === 'draft'
    ? (username ? await repo.draftRun(db, { createdBy: username, disclosure: disclosureKey(disclosure) }) : [])
    : await repo.publishedRun(db, {});
  if (!run || !storesSettings(run.key)) return null;
  const version = await dataVersion(db);
  return {
    id: run.id,
    info: {
      id: run.id,
      visibility: run.visibility,
      trigger: run.trigger,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      parameters: run.parameters,
      dataVersion: { batchId: run.dataBatchId, rollupChecksum: run.rollupChecksum, lastDay: run.dataEnd },
      current: run.rollupChecksum === version.checksum,
      weeks: run.cubeFrom ? { from: run.cubeFrom, to: run.cubeTo!, count: run.steps } : null,
      gemeenten: run.gemeenten,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Map classes per buurt (GET /api/emerging)

export interface ClassMapQuery {
  category: string | null;
  gemeente: string | null;
}

/** Every buurt of the run's municipalities with its class for one category (or all categories
 *  together): new, rising, sudden (lead signals), persistent, falling (map classes) or none. No
 *  counts, z-scores or p-values; the class's q as published (two significant digits, or a step:
 *  publish.ts HIDDEN_Q_STEPS, MAP_Q_STEPS). */
export async function classMap(db: Database, query: ClassMapQuery) {
  await checkGemeente(db, query.gemeente);
  await checkCategory(db, query.category);
  const run = await latest(db);
  if (!run) return { run: null, features: [], note: 'no signal run yet' };
  const gemeenten = query.gemeente ? [query.gemeente] : run.info.gemeenten;
  const rows = await repo.runSignals(db, { runId: run.id, gemeente: query.gemeente, category: query.category ?? '', status: null, kind: null });
  const classOf = new Map<string, { cls: LeadClass | MapClass; q: number | null; signal: number | null; rank: number }>();
  for (const r of rows) {
    for (const code of r.locations) {
      const known = classOf.get(code);
      // A lead signal wins over a map class; among lead signals the stronger (lower rank).
      if (known && (known.signal !== null || r.kind === 'map') && known.rank <= r.rank) continue;
      if (known && known.signal !== null && r.kind === 'map') continue;
      classOf.set(code, { cls: r.classCode, q: r.q, signal: r.kind === 'lead' ? r.id : null, rank: r.rank });
    }
  }
  const features = [];
  for (const gemeente of gemeenten) {
    for (const g of await repo.buurtGeometries(db, { gemeente })) {
      const c = classOf.get(g.code);
      features.push({
        type: 'Feature' as const,
        id: g.code,
        geometry: JSON.parse(g.geometry),
        properties: { id: g.code, gemeente, name: g.name, class: c?.cls ?? ('none' as const), q: c?.q ?? null, signal: c?.signal ?? null, areaKm2: g.areaKm2 },
      });
    }
  }
  return { run: run.info, features, note: run.info.weeks ? null : 'no complete week with reports: nothing to analyse' };
}

// ---------------------------------------------------------------------------------------------
// Signal list

export interface SignalQuery {
  /** A category code, 'all' (signals over all categories together) or null (any). */
  category: string | null;
  status: 'new' | 'ongoing' | null;
  /** lead (default: the list) or map (persistent, falling). */
  kind: 'lead' | 'map' | null;
  gemeente: string | null;
  limit: number;
  /** 'published' (default): the list everyone sees; 'draft': the asking analyst's own draft. */
  view?: 'published' | 'draft';
  /** Who asks (drafts are theirs only). */
  username?: string;
  /** The publication settings now: a draft made under others is not shown (run-draft.sql). */
  disclosure?: DisclosureConfig;
}

export interface ListedSignal {
  id: number;
  rank: number;
  kind: 'lead' | 'map';
  class: LeadClass | MapClass;
  category: string | null;
  categoryLabel: { nl: string; en: string } | null;
  gemeente: string;
  status: 'new' | 'ongoing';
  locationType: 'buurt';
  places: { code: string; name: string }[];
  highlight: { cells: string[]; areas: string[] };
  bbox: number[];
  firstDay: string;
  lastDay: string;
  window: PublishedSignal['window'] | null;
  observed: number | null;
  expected: number | null;
  expectedUpperBound: boolean;
  k: number | null;
  q: number | null;
  /** `q` is an upper bound (publish.ts HIDDEN_Q_STEPS, MAP_Q_STEPS). */
  qBound: boolean;
  recurrence: PublishedSignal['recurrence'] | null;
  trend: PublishedSignal['trend'];
  series: PublishedSignal['series'];
  explanation: { nl: string; en: string };
}

export async function listSignals(db: Database, query: SignalQuery) {
  await checkGemeente(db, query.gemeente);
  const labels = await checkCategory(db, query.category === 'all' ? null : query.category);
  const run = await latest(db, query.view ?? 'published', query.username, query.disclosure);
  if (!run) return { run: null, total: 0, signals: [] as ListedSignal[] };
  const rows = await repo.runSignals(db, {
    runId: run.id, gemeente: query.gemeente, category: query.category === 'all' ? '' : query.category, status: query.status, kind: query.kind ?? 'lead',
  });
  const labelOf = new Map(labels.map((c) => [c.code, { nl: c.nl, en: c.en }]));
  const signals: ListedSignal[] = rows.slice(0, query.limit).map((r) => {
    const d = r.details as Partial<PublishedSignal> & { name?: string };
    const lead = r.kind === 'lead';
    return {
      id: r.id,
      rank: r.rank,
      kind: r.kind,
      class: r.classCode,
      category: r.category,
      categoryLabel: r.category ? labelOf.get(r.category) ?? null : { nl: 'Alle categorieën', en: 'All categories' },
      gemeente: r.gemeente,
      status: r.status,
      locationType: 'buurt',
      places: lead ? d.places ?? [] : [{ code: r.locations[0]!, name: d.name ?? r.locations[0]! }],
      highlight: { cells: [], areas: r.locations },
      bbox: r.bbox.map((v) => round(v, 5)),
      firstDay: r.firstDay,
      lastDay: r.lastDay,
      window: lead ? d.window ?? null : null,
      observed: lead ? d.observed ?? null : null,
      expected: lead ? d.expected ?? null : null,
      expectedUpperBound: lead ? d.expectedUpperBound ?? false : false,
      k: lead ? d.k ?? null : null,
      q: r.q,
      qBound: lead ? d.qBound ?? false : true,
      recurrence: lead ? d.recurrence ?? null : null,
      trend: lead ? d.trend ?? null : null,
      // Runs stored before the series had blocks (2026-12-07) hold single weeks.
      series: lead ? (d.series ?? []).map((w) => ({ ...w, weeks: w.weeks ?? 1 })) : [],
      explanation: { nl: r.explanationNl, en: r.explanationEn },
    };
  });
  return { run: run.info, total: rows.length, signals };
}
