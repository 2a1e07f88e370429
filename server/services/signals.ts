// Early-signal engine: the service layer over the pure statistics of server/analysis/ (see
// docs/signals.md). Split by concern under signals/: parameters, steps, study areas and weights,
// cubes, emerging hot spots, alerts, clusters, explanations, storage and the read side.

export {
  categoryLabels, dataVersion, rankSignals, runEmerging, runSignals, scheduleSignalRun, signalRunsIdle, stepsFor,
} from './signals/engine.ts';
export type { DataVersion, RunOptions, RunSummary, ScheduleOptions } from './signals/engine.ts';
export { emergingMap, hotspots, listSignals } from './signals/read.ts';
export type { EmergingQuery, HotspotResult, SignalQuery } from './signals/read.ts';
export { emergingKey, resolveRunParameters, runParametersSchema } from './signals/parameters.ts';
export type { RunParameters, RunParametersInput } from './signals/parameters.ts';
export { SIGNAL_CLASSES } from './signals/emerging.ts';
export { CELL_ID, cellId } from './signals/locations.ts';
export type { SignalRecord } from './signals/types.ts';
