// Early-signal engine: the service layer over the pure detector of server/analysis/earlySignals.ts
// (see docs/signals.md, docs/methods.md §9). Split by concern under signals/: parameters, study
// areas, the pure run (compute.ts), publication of a signal's figures, explanations, runs and
// storage (engine.ts), the read side, where runs execute (runner.ts: FIFO queue, worker thread)
// and which run is published and which are drafts (publication.ts).

export { categoryLabels, dataVersion, rankSignals, runSignals, weeksFor } from './engine.ts';
export type { DataVersion, RunOptions, RunSummary } from './engine.ts';
export {
  discardDraft, draftParameters, NightlySchedule, ownDraft, publishedIsCurrent, queueView, runDraft, runPublished, scheduleSignalRun,
  setSignalDefaults, signalDefaults, signalRunsIdle,
} from './publication.ts';
export type { NightlyOptions, ScheduleOptions, SignalDefaults } from './publication.ts';
export { computeMode, queueFor, setComputeMode, stopComputeThread, threadComputations, warmComputeThread } from './runner.ts';
export { classMap, hotspots, listSignals } from './read.ts';
export type { ClassMapQuery, HotspotResult, ListedSignal, SignalQuery } from './read.ts';
export { parametersKey, resolveRunParameters, runParametersSchema } from './parameters.ts';
export type { RunParameters, RunParametersInput } from './parameters.ts';
export { computeRun, transferables } from './compute.ts';
export type { RunInput, RunOutput } from './compute.ts';
export { CELL_ID, cellId } from './locations.ts';
export type { PublishedSignal } from './publish.ts';
