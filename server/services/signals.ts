// Early-signal engine: the service layer over the pure statistics of server/analysis/ (see
// docs/signals.md). Split by concern under signals/: parameters, steps, study areas and weights,
// cubes, emerging hot spots, alerts, clusters, explanations, storage and the read side.

export {
  categoryLabels, dataVersion, rankSignals, runEmerging, runSignals, stepsFor,
} from './signals/engine.ts';
export type { DataVersion, RunOptions, RunSummary } from './signals/engine.ts';
export {
  discardDraft, draftParameters, NightlySchedule, ownDraft, publishedIsCurrent, queueView, runDraft, runPublished, scheduleSignalRun,
  setSignalDefaults, signalDefaults, signalRunsIdle,
} from './signals/publication.ts';
export type { NightlyOptions, ScheduleOptions, SignalDefaults } from './signals/publication.ts';
export { computeMode, queueFor, setComputeMode, stopComputeThread, threadComputations, warmComputeThread } from './signals/runner.ts';
export { emergingMap, hotspots, listSignals } from './signals/read.ts';
export type { EmergingQuery, HotspotResult, SignalQuery } from './signals/read.ts';
export { emergingKey, resolveRunParameters, runParametersSchema } from './signals/parameters.ts';
export type { RunParameters, RunParametersInput } from './signals/parameters.ts';
export { SIGNAL_CLASSES } from './signals/emerging.ts';
export { CELL_ID, cellId } from './signals/locations.ts';
export type { SignalRecord } from './signals/types.ts';
