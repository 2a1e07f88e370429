/**
 * The detector's settings an analyst or administrator may change for a signal run: their bounds
 * and calibrated defaults (docs/evaluation.md; DEFAULT_DETECTOR_PARAMS in earlySignals.ts takes
 * the defaults from here). The server's schema (services/signals/parameters.ts) checks the bounds
 * and fills the defaults; the client's form (client/src/signals/RunParametersForm.svelte) offers
 * the same bounds and starts from the defaults until the stored ones arrive. Without imports, so
 * the client's bundle takes it as it is.
 */
export const RUN_SETTINGS = {
  alpha: { min: 0.001, max: 0.5, step: 0.001, default: 0.5 },
  minCount: { min: 3, max: 50, step: 1, default: 3 },
  maxZoneSize: { min: 1, max: 4, step: 1, default: 4 },
  baselineWeeks: { min: 26, max: 104, step: 1, default: 104 },
} as const;

export type RunSetting = keyof typeof RUN_SETTINGS;
