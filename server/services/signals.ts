// Early-signal engine: the service layer over the pure detector of server/analysis/earlySignals.ts
// (see docs/signals.md, docs/methods.md §9). Split by concern under signals/: parameters, study
// areas, the pure run (compute.ts), publication of a signal's figures, explanations, runs and
// storage (engine.ts) and the read side.

export { categoryLabels, dataVersion, rankSignals, runSignals, scheduleSignalRun, signalRunsIdle, weeksFor } from './signals/engine.ts';
export type { DataVersion, RunOptions, RunSummary, ScheduleOptions } from './signals/engine.ts';
export { classMap, hotspots, listSignals } from './signals/read.ts';
export type { ClassMapQuery, HotspotResult, ListedSignal, SignalQuery } from './signals/read.ts';
export { parametersKey, resolveRunParameters, runParametersSchema } from './signals/parameters.ts';
export type { RunParameters, RunParametersInput } from './signals/parameters.ts';
export { computeRun, transferables } from './signals/compute.ts';
export type { RunInput, RunOutput } from './signals/compute.ts';
export { CELL_ID, cellId } from './signals/locations.ts';
export type { PublishedSignal } from './signals/publish.ts';
