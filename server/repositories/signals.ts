// Signal runs: which run is published and which are an analyst's drafts, the administrator's
// default parameters, pruning, and the reference run for new/ongoing (server/services/signals/).
import { query } from './query.ts';
import type { RunParameters } from '../services/signals/parameters.ts';

export interface StoredRun {
  id: number;
  purpose: 'signals' | 'emerging';
  visibility: 'published' | 'draft';
  trigger: string;
  createdBy: string;
  startedAt: string;
  finishedAt: string;
  parameters: RunParameters;
  emergingKey: string;
  dataBatchId: number | null;
  rollupChecksum: string;
  dataEnd: string | null;
  cubeFrom: string | null;
  cubeTo: string | null;
  steps: number | null;
  gemeenten: string[];
  timings: Record<string, number> | null;
}

export const publishedRun = query<Record<string, never>, StoredRun>('signals/run-published');
export const draftRun = query<{ createdBy: string }, StoredRun>('signals/run-draft');
export const setRunVisibility = query<{ id: number; visibility: 'published' | 'draft'; trigger: string }>('signals/run-set-visibility');
export const deleteDrafts = query<{ createdBy: string; keepId: number | null }, { id: number }>('signals/drafts-delete');
export const prunePublishedRuns = query<{ keep: number }>('signals/runs-prune-published');
export const statusReferenceRun = query<{ emergingKey: string; before: number }, { id: number }>('signals/status-reference-run');
export const statusReferenceSignals = query<{ runId: number }, { kind: string; category: string | null; class_code: string; locations: string[] }>('signals/status-reference-signals');

export interface StoredDefaults { parameters: unknown; updatedAt: string; updatedBy: string }
export const getDefaults = query<Record<string, never>, StoredDefaults>('signals/defaults-get');
export const putDefaults = query<{ parameters: string; updatedBy: string }, StoredDefaults>('signals/defaults-put');
