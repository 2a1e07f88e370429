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

/**
 * What a draft (an analyst's what-if run, docs/signals.md) may choose: a few values per setting,
 * or the published list's own. The minimum own count is not among them: a draft keeps the
 * published list's. Whether a signal or a map class appears is a threshold on true counts, so a
 * draft per minimum (3, 4, 5, …) told a buurt's exact count of incidents where every card shows
 * "<10", and drafts ending a week apart then told its single weeks (docs/disclosure.md, "Signal
 * drafts"). Fixed steps for the others keep the number of distinct views small.
 */
export const DRAFT_CHOICES = {
  alpha: [0.01, 0.05, 0.1, 0.2, 0.3, 0.5],
  maxZoneSize: [1, 2, 3, 4],
  baselineWeeks: [26, 52, 78, 104],
} as const satisfies Partial<Record<RunSetting, readonly number[]>>;
