import type { Database } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import { InputError, NotFoundError } from '../../errors.ts';
import { fdrBins, getisOrd } from '../../analysis/index.ts';
import { suppressHierarchy, thresholdFor, type DisclosureConfig as LegacyDisclosure, type PublishedCount as LegacyCount } from '../../analysis/suppression.ts';
import { publisher, type DisclosureConfig, type PublishedCount } from '../../publish/index.ts';
import type { CellSize } from '../areas.ts';
import { covers, type Filters } from '../filters.ts';
import { categoryLabels, dataVersion, runEmerging, stepsFor } from './engine.ts';
import { Explainer } from './explain.ts';
import { cellId, studyArea, weightsOf } from './locations.ts';
import { emergingKey, resolveRunParameters, type RunParameters } from './parameters.ts';
import { isoOf } from './steps.ts';
import type { SignalDetails, SignalKind, SignalRecord } from './types.ts';
import * as repo from '../../repositories/signals.ts';

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
/** p-values keep 4 significant digits (tiny ones matter for ranking, not more digits). */
const roundP = (p: number) => (p === 0 ? 0 : Number(p.toPrecision(4)));

async function loadedGemeenten(db: Database): Promise<string[]> {
  return (await db.query<{ code: string }>(sql('signals/loaded-gemeenten'))).map((r) => r.code);
}

async function checkGemeente(db: Database, gemeente: string | null | undefined): Promise<void> {
  if (!gemeente) return;
  const found = await db.query(`SELECT 1 FROM areas WHERE code = $1 AND level = 'gemeente'`, [gemeente]);
  if (found.length === 0) throw new NotFoundError(`gemeente: ${gemeente} is not loaded`, 'gemeente');
}

async function checkCategory(db: Database, category: string | null | undefined): Promise<void> {
  if (!category) return;
  const known = (await categoryLabels(db)).map((c) => c.code);
  if (!known.includes(category)) throw new InputError(`category: unknown category "${category}"; known: ${known.join(', ')}`, [], { parameter: 'category' });
}

function publishCells(ids: { id: string; gemeente: string; n: number }[], k: number, disclosure: LegacyDisclosure): Map<string, LegacyCount> {
  // Cells are parts of their municipality's total: secondary suppression across them.
  const counts = new Map<string, number>();
  const parts = new Map<string, string[]>();
  for (const c of ids) {
    counts.set(c.id, c.n);
    counts.set(c.gemeente, (counts.get(c.gemeente) ?? 0) + c.n);
    const list = parts.get(c.gemeente) ?? [];
    list.push(c.id);
    parts.set(c.gemeente, list);
  }
  return suppressHierarchy(counts, [...parts].map(([totalKey, partKeys]) => ({ totalKey, partKeys })), k, { roundTo: disclosure.roundTo });
}

// ---------------------------------------------------------------------------------------------
// Hot spots: Gi* on the period's cell counts

export interface HotspotCell {
  id: string;
  gemeente: string;
  geometry: unknown;
  areaKm2: number;
  /** The cell's published count (null: no data for the period). */
  count: PublishedCount | null;
  /** Confidence bin as ArcGIS, with FDR: ±3 / ±2 / ±1 for 99 / 95 / 90 %, 0 not significant. */
  bin: number;
}

export interface HotspotResult {
  k: number;
  cells: HotspotCell[];
  studyAreas: { gemeente: string; cells: number; noVariation: boolean; hot: number; cold: number }[];
}

/**
 * Where reports concentrate (a density map, not an early signal): Gi* per municipality (each its
 * own study area: zero cells inside it are data), queen contiguity of the clipped cells, bins with
 * FDR as ArcGIS. Computed on the PUBLISHED (perturbed) cell counts, and only the bins and the
 * published counts leave: z-scores and neighbour counts are linear in the counts and would solve
 * back to hidden ones (docs/disclosure.md).
 */
export async function hotspots(db: Database, size: CellSize, filters: Filters, disclosure: DisclosureConfig): Promise<HotspotResult> {
  const gemeenten = filters.gemeente ? [filters.gemeente] : await loadedGemeenten(db);
  const version = await dataVersion(db);
  const areasVersion = String(version.areasBatchId ?? 0);
  const pub = await publisher(db, disclosure);
  const scope = { category: filters.category };
  const out: HotspotCell[] = [];
  const studyAreas: HotspotResult['studyAreas'] = [];
  for (const gemeente of gemeenten) {
    const area = await studyArea(db, gemeente, { type: 'cells', size }, areasVersion);
    if (area.locations.length === 0) continue;
    const covered = covers(filters.coverage, gemeente, filters.period);
    const neighbours = await weightsOf(db, area, { type: 'queen', snapMetres: 1 }, areasVersion);
    const [rows, geometries] = await Promise.all([
      db.query<{ i: number; j: number; n: number; key_sum: number }>(sql('stats/cell-counts'), [size, filters.period.from, filters.period.to, filters.category, filters.source, gemeente]),
      db.query<{ i: number; j: number; geometry: string; areaKm2: number }>(sql('signals/cell-geometries'), [size, gemeente]),
    ]);
    const truth = new Map(rows.map((r) => [`${r.i}:${r.j}`, r]));
    const values = new Float64Array(area.locations.length);
    area.locations.forEach((l, s) => {
      const r = truth.get(`${l.i}:${l.j}`);
      values[s] = r ? pub.perturbed(r.n, r.key_sum) : 0;
    });
    const g = getisOrd(values, neighbours);
    const bins = fdrBins(g.z, g.p);
    const geometryOf = new Map(geometries.map((r) => [`${r.i}:${r.j}`, r]));
    let hot = 0;
    let cold = 0;
    area.locations.forEach((l, s) => {
      const geo = geometryOf.get(`${l.i}:${l.j}`)!;
      const bin = covered ? bins[s]! : 0;
      if (bin > 0) hot++;
      if (bin < 0) cold++;
      out.push({
        id: l.id, gemeente, geometry: JSON.parse(geo.geometry), areaKm2: geo.areaKm2,
        count: covered ? pub.show(values[s]!, scope) : null, bin,
      });
    });
    studyAreas.push({ gemeente, cells: area.locations.length, noVariation: !covered || g.noVariation || g.tooFewFeatures, hot, cold });
  }
  return { k: pub.k(filters.category), cells: out, studyAreas };
}

// ---------------------------------------------------------------------------------------------
// Emerging map: from a stored run with the same settings and data, else computed and stored

export interface EmergingQuery {
  category: string | null;
  cell: CellSize | 'buurt';
  step: 'week' | 'month';
  gemeente: string | null;
}

interface RunInfo {
  id: number;
  purpose: string;
  startedAt: string;
  finishedAt: string;
  parameters: RunParameters;
  dataBatchId: number | null;
  rollupChecksum: string;
  dataEnd: string | null;
  cubeFrom: string | null;
  cubeTo: string | null;
  steps: number | null;
  gemeenten: string[];
}

const onDemand = new Map<string, Promise<unknown>>();

async function emergingRun(db: Database, params: RunParameters, gemeente: string | null): Promise<RunInfo | null> {
  const version = await dataVersion(db);
  const key = emergingKey(params);
  const steps = stepsFor(params, version);
  const needed = gemeente ? [gemeente] : steps
    ? (await db.query<{ code: string }>(sql('signals/gemeenten-with-reports'), [isoOf(steps.from), isoOf(steps.to)])).map((r) => r.code)
    : [];
  const find = async () => {
    const candidates = await db.query<RunInfo>(sql('signals/emerging-candidates'), [key, version.checksum]);
    return candidates.find((r) => needed.every((g) => r.gemeenten.includes(g))) ?? null;
  };
  const found = await find();
  if (found || needed.length === 0 || !steps) return found;
  // Single flight: concurrent requests for the same map wait for one computation.
  const flightKey = `${key}|${version.checksum}|${needed.join(',')}`;
  let flight = onDemand.get(flightKey);
  if (!flight) {
    flight = runEmerging(db, params, needed).finally(() => onDemand.delete(flightKey));
    onDemand.set(flightKey, flight);
  }
  await flight;
  return find();
}

export interface EmergingFeature {
  type: 'Feature';
  id: string;
  geometry: unknown;
  properties: Record<string, unknown>;
}

export async function emergingMap(db: Database, query: EmergingQuery, disclosure: LegacyDisclosure) {
  await checkGemeente(db, query.gemeente);
  await checkCategory(db, query.category);
  const params = resolveRunParameters(query.cell === 'buurt'
    ? { locations: 'buurten', step: query.step }
    : { locations: 'cells', cellSize: query.cell, step: query.step });
  const run = await emergingRun(db, params, query.gemeente);
  const k = thresholdFor(query.category ? [query.category] : 'all', disclosure);
  if (!run) return { run: null, k, params, features: [] as EmergingFeature[], note: 'no complete time step with reports: nothing to analyse' };
  const gemeenten = query.gemeente ? [query.gemeente] : run.gemeenten;
  const features: EmergingFeature[] = [];
  const raw: { id: string; gemeente: string; n: number }[] = [];
  for (const gemeente of gemeenten) {
    const rows = await db.query<Record<string, unknown> & { location: string; total: number }>(sql('signals/run-emerging'), [run.id, gemeente, query.category ?? '']);
    const geometries = query.cell === 'buurt'
      ? new Map((await db.query<{ code: string; name: string; geometry: string; areaKm2: number }>(sql('signals/buurt-geometries'), [gemeente])).map((g) => [g.code, g]))
      : new Map((await db.query<{ i: number; j: number; geometry: string; areaKm2: number }>(sql('signals/cell-geometries'), [query.cell, gemeente])).map((g) => [cellId(gemeente, query.cell as number, g.i, g.j), g]));
    for (const r of rows) {
      const geo = geometries.get(r.location);
      if (!geo) continue;
      raw.push({ id: r.location, gemeente, n: r.total });
      features.push({
        type: 'Feature',
        id: r.location,
        geometry: JSON.parse(geo.geometry),
        properties: {
          id: r.location,
          gemeente,
          ...('name' in geo ? { name: geo.name } : {}),
          class: r.classCode,
          reason: r.reason,
          trend: { direction: r.trendDirection, tau: round(r.trendTau as number, 4), z: round(r.trendZ as number, 4), p: roundP(r.trendP as number) },
          hotSteps: r.hotSteps,
          coldSteps: r.coldSteps,
          firstHotStep: r.firstHot,
          lastHotStep: r.lastHot,
          firstColdStep: r.firstCold,
          lastColdStep: r.lastCold,
          finalRun: r.finalRun,
          lastZ: round(r.lastZ as number, 4),
          lastP: roundP(r.lastP as number),
          areaKm2: geo.areaKm2,
        },
      });
    }
  }
  const published = publishCells(raw, k, disclosure);
  for (const f of features) {
    const c = published.get(f.id)!;
    f.properties.count = c.value;
    f.properties.suppressed = c.suppressed;
  }
  return { run, k, params, features, note: null };
}

// ---------------------------------------------------------------------------------------------
// Signal list

export interface SignalQuery {
  /** A category code, 'all' (signals over all categories together) or null (any). */
  category: string | null;
  status: 'new' | 'ongoing' | null;
  kind: SignalKind | null;
  gemeente: string | null;
  limit: number;
  /** 'published' (default): the list everyone sees; 'draft': the asking analyst's own draft. */
  view?: 'published' | 'draft';
  /** Who asks (drafts are theirs only). */
  username?: string;
}

/** A signal as the run-signals query returns it: the trend in three columns. */
type StoredSignal = Omit<SignalRecord, 'trend' | 'bbox'> & {
  id: number;
  bbox: number[];
  trendTau: number | null;
  trendZ: number | null;
  trendP: number | null;
};

export async function listSignals(db: Database, query: SignalQuery, disclosure: LegacyDisclosure) {
  await checkGemeente(db, query.gemeente);
  if (query.category && query.category !== 'all') await checkCategory(db, query.category);
  const [run] = query.view === 'draft'
    ? (query.username ? await repo.draftRun(db, { createdBy: query.username }) : [])
    : await repo.publishedRun(db, {});
  if (!run) return { run: null, total: 0, signals: [] };
  const version = await dataVersion(db);
  const rows = await db.query<StoredSignal>(sql('signals/run-signals'), [
    run.id, query.gemeente, query.category === 'all' ? '' : query.category, query.status, query.kind,
  ]);
  const labels = new Map((await categoryLabels(db)).map((c) => [c.code, c]));
  const explainer = new Explainer(labels, disclosure);
  const signals = rows.slice(0, query.limit).map((r) => {
    const record: SignalRecord = {
      gemeente: r.gemeente, kind: r.kind, category: r.category, classCode: r.classCode, locationType: r.locationType,
      locations: r.locations, bbox: r.bbox as SignalRecord['bbox'], confidence: r.confidence, firstDay: r.firstDay,
      lastDay: r.lastDay, counts: r.counts, trend: r.trendTau === null ? null : { tau: r.trendTau, z: r.trendZ!, p: r.trendP! },
      score: r.score, rank: r.rank, status: r.status, details: r.details,
    };
    const counts = Object.fromEntries(Object.entries(r.counts).map(([name, n]) => [name, explainer.published(r.category, n)]));
    const details: Record<string, unknown> = { ...r.details };
    if (r.details.cluster && counts.observed?.suppressed) {
      // Expected count and relative risk would give the suppressed observed count back.
      details.cluster = { ...r.details.cluster, expected: null, relativeRisk: null };
    }
    // The EARS statistic (with its 0.5 sd floor) and the exact p-values can be solved for the
    // counts behind them: withheld when one of those counts is suppressed (and so is the
    // confidence derived from q).
    const hidden = (...names: string[]) => names.some((name) => counts[name]?.suppressed);
    const hideSamePeriod = hidden('window', 'baseline');
    if (r.details.tests) {
      details.tests = r.details.tests.map((t) => (t.test === 'same_period'
        ? (hideSamePeriod ? { ...t, p: null, q: null } : t)
        : (hidden('lastWeek', 'earsBaseline') ? { ...t, statistic: null } : t)));
    }
    return {
      id: r.id,
      rank: r.rank,
      kind: r.kind,
      class: r.classCode,
      category: r.category,
      categoryLabel: r.category ? labels.get(r.category) ?? null : { nl: 'Alle categorieën', en: 'All categories' },
      gemeente: r.gemeente,
      status: r.status,
      locationType: r.locationType,
      highlight: r.locationType === 'cell' ? { cells: r.locations, areas: [] } : { cells: [], areas: r.locations },
      bbox: r.bbox.map((v) => round(v, 5)),
      confidence: r.details.tests && hideSamePeriod ? null : r.confidence,
      firstDay: r.firstDay,
      lastDay: r.lastDay,
      counts,
      trend: record.trend ? { tau: round(record.trend.tau, 4), z: round(record.trend.z, 4), p: roundP(record.trend.p) } : null,
      score: round(r.score, 4),
      details,
      explanation: explainer.explain(record),
    };
  });
  return {
    run: {
      id: run.id,
      visibility: run.visibility,
      trigger: run.trigger,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      parameters: run.parameters,
      dataVersion: { batchId: run.dataBatchId, rollupChecksum: run.rollupChecksum, lastDay: run.dataEnd },
      current: run.rollupChecksum === version.checksum,
      cube: run.cubeFrom ? { step: run.parameters.step, from: run.cubeFrom, to: run.cubeTo, steps: run.steps } : null,
      gemeenten: run.gemeenten,
    },
    total: rows.length,
    signals,
  };
}
