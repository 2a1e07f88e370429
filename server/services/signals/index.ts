// Early-signal engine: the service layer over the pure statistics of server/analysis/ (see
// docs/signals.md). Split by concern under signals/: parameters, steps, study areas and weights,
// cubes, emerging hot spots, alerts, clusters, explanations, storage and the read side.

export {
  categoryLabels, dataVersion, rankSignals, runEmerging, runSignals, scheduleSignalRun, signalRunsIdle, stepsFor,
} from './engine.ts';
export type { DataVersion, RunOptions, RunSummary, ScheduleOptions } from './engine.ts';
export { emergingMap, hotspots, listSignals } from './read.ts';
export type { EmergingQuery, HotspotResult, SignalQuery } from './read.ts';
export { emergingKey, resolveRunParameters, runParametersSchema } from './parameters.ts';
export type { RunParameters, RunParametersInput } from './parameters.ts';
export { SIGNAL_CLASSES } from './emerging.ts';
export { CELL_ID, cellId } from './locations.ts';
export type { SignalRecord } from './types.ts';
