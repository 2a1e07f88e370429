// The early-signal engine's statements (sql/queries/signals/): runs, their signals, the study
// areas' buurten and cells, the data version a run cites; which run is published and which are an
// analyst's drafts, the administrator's default parameters, pruning, and the reference run for
// new/ongoing (server/services/signals/).
import type { LeadClass, MapClass } from '../analysis/earlySignals.ts';
import { query } from './query.ts';

export interface RunRow {
  id: number;
  purpose: string;
  visibility: 'published' | 'draft';
  trigger: string;
  createdBy: string;
  startedAt: string;
  finishedAt: string;
  parameters: Record<string, unknown>;
  key: string;
  dataBatchId: number | null;
  rollupChecksum: string;
  dataEnd: string | null;
  cubeFrom: string | null;
  cubeTo: string | null;
  steps: number | null;
  gemeenten: string[];
  timings: Record<string, number> | null;
  /** The publication settings of its figures (disclosureKey); null before migration 021. */
  disclosure: string | null;
}

export interface StoredSignalRow {
  id: number;
  gemeente: string;
  kind: 'lead' | 'map';
  category: string | null;
  /** Migration 016 removed runs with the classes of the first engine. */
  classCode: LeadClass | MapClass;
  locations: string[];
  bbox: number[];
  firstDay: string;
  lastDay: string;
  score: number;
  rank: number;
  status: 'new' | 'ongoing';
  q: number | null;
  explanationNl: string;
  explanationEn: string;
  details: Record<string, unknown>;
}

export interface BuurtLocationRow {
  code: string;
  name: string;
  geometryRd: string;
  x: number;
  y: number;
  west: number;
  south: number;
  east: number;
  north: number;
  inhabitants: number | null;
}

export const dataVersionRow = query<Record<string, never>, { batch_id: number | null; areas_batch_id: number | null; first_day: string | null; last_day: string | null; reports: number; checksum: string }>('signals/data-version');
export const categories = query<Record<string, never>, { code: string; nl: string; en: string }>('signals/categories');
export const gemeenteExists = query<{ gemeente: string }, { found: number }>('signals/gemeente-exists');
export const loadedGemeenten = query<Record<string, never>, { code: string }>('signals/loaded-gemeenten');
export const gemeentenWithReports = query<{ from: string; to: string }, { code: string }>('signals/gemeenten-with-reports');
/** Incidents (server/analysis/incidents.ts) of one municipality per buurt, category and week (weeks since 1970-01-05),
 *  as the imports keep them (migration 020). */
export const incidentCounts = query<{ gemeente: string; from: string; to: string }, { buurt: string; category: string; week: number; n: number }>('signals/incident-counts');
export const buurtLocations = query<{ gemeente: string }, BuurtLocationRow>('signals/buurt-locations');
export const buurtGeometries = query<{ gemeente: string }, { code: string; name: string; geometry: string; areaKm2: number }>('signals/buurt-geometries');
export const cellLocations = query<{ gemeente: string; size: number }, { i: number; j: number; geometryRd: string }>('signals/cell-locations');
export const insertRun = query<{ parameters: string; key: string; batchId: number | null; checksum: string; dataEnd: string | null; createdBy: string; disclosure: string }, { id: number; startedAt: string }>('signals/insert-run');
export const finishRun = query<{ runId: number; status: 'completed' | 'failed'; cubeFrom: string | null; cubeTo: string | null; steps: number | null; gemeenten: string[] | null; timings: string | null; error: string | null }, { finishedAt: string }>('signals/finish-run');
/** The run behind the published list: the latest completed published run. */
export const publishedRun = query<Record<string, never>, RunRow>('signals/run-published');
/** The latest completed draft of one analyst. */
export const draftRun = query<{ createdBy: string; disclosure: string }, RunRow>('signals/run-draft');
export const setRunVisibility = query<{ id: number; visibility: 'published' | 'draft'; trigger: string }>('signals/run-set-visibility');
export const deleteDrafts = query<{ createdBy: string; keepId: number | null }, { id: number }>('signals/drafts-delete');
export const prunePublishedRuns = query<{ keep: number }>('signals/runs-prune-published');
/** What new/ongoing compare with: the latest completed published run with the same key before :before. */
export const statusReferenceRun = query<{ key: string; before: number }, { id: number }>('signals/status-reference-run');

export interface StoredDefaults { parameters: unknown; updatedAt: string; updatedBy: string }
export const getDefaults = query<Record<string, never>, StoredDefaults>('signals/defaults-get');
export const putDefaults = query<{ parameters: string; updatedBy: string }, StoredDefaults>('signals/defaults-put');
export const runSignalPlaces = query<{ runId: number }, { category: string | null; classCode: LeadClass | MapClass; locations: string[] }>('signals/run-signal-places');
export const insertSignals = query<{ runId: number; records: string }>('signals/insert-signals');
export const runSignals = query<{ runId: number; gemeente: string | null; category: string | null; status: string | null; kind: string | null }, StoredSignalRow>('signals/run-signals');

