import { z } from 'zod';
import { zodToInputError } from '../../http.ts';
import { DEFAULT_DETECTOR_PARAMS, type DetectorParams } from '../../analysis/earlySignals.ts';
import { RUN_SETTINGS, type RunSetting } from '../../analysis/runSettings.ts';

/** Settings of a signal run (POST /api/signals/run, runSignals), every one bounded and with a
 *  default. The defaults are the calibrated ones (docs/evaluation.md): change them only with a new
 *  calibration on null data. */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((v) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}, 'is not a calendar date');

/** A changeable setting with its bounds and default (analysis/runSettings.ts, shared with the client's form). */
const setting = (schema: z.ZodNumber, key: RunSetting) => schema.min(RUN_SETTINGS[key].min).max(RUN_SETTINGS[key].max).default(RUN_SETTINGS[key].default);

export const runParametersSchema = z.object({
  /** One municipality, or null for every loaded municipality with reports. */
  gemeente: z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code like GM1700').nullable().default(null),
  /** The run ends with the last complete ISO week on or before this day (and the data's last day). */
  end: isoDate.nullable().default(null),
  /** Level of the lead tests' step-up (Tarone's screen, then weighted BH counting regions: clusterFdr.ts); calibrated on null data. */
  alpha: setting(z.number(), 'alpha'),
  /** Smallest own count of a signal in its window. */
  minCount: setting(z.number().int(), 'minCount'),
  /** Largest candidate zone, in adjacent buurten. */
  maxZoneSize: setting(z.number().int(), 'maxZoneSize'),
  /** Weeks of the place's own history before a window. */
  baselineWeeks: setting(z.number().int(), 'baselineWeeks'),
}).strict();

export type RunParameters = z.infer<typeof runParametersSchema>;
export type RunParametersInput = z.input<typeof runParametersSchema>;

/** Weeks a cube holds at most: the longest baseline, the longest window or span, and some slack. */
export const CUBE_WEEKS = 156;
/**
 * The series each signal carries (the card's chart): the whole window with at least a quarter
 * (13 weeks) before it, at least 26 weeks (a 52-week trend's chart once showed only its second
 * half). Points are single weeks for windows of up to 13 weeks, blocks of 2 weeks for longer ones
 * up to 26 and of 4 weeks beyond (the trend test's own blocks): a zone's weekly count is mostly
 * below the publication threshold, so a year of weeks showed as a row of hidden stubs, and fewer
 * points publish fewer numbers. Blocks end at the run's last week, so the window starts on one.
 * `singleWeeks` false (all categories of a zone smaller than its municipality): blocks of at least
 * 2 weeks, because the publication layer withholds all categories over one week of a buurt or a
 * wijk (rule 4, docs/disclosure.md) and a zone of one buurt, or of a wijk's buurten, is that set.
 */
export const SERIES_WEEKS = 26;
export const SERIES_WEEKS_BEFORE_WINDOW = 13;
export const seriesBlockWeeks = (windowWeeks: number, singleWeeks = true): number =>
  Math.max(singleWeeks ? 1 : 2, windowWeeks <= 13 ? 1 : windowWeeks <= 26 ? 2 : 4);
export const seriesWeeks = (windowWeeks: number, singleWeeks = true): number => {
  const block = seriesBlockWeeks(windowWeeks, singleWeeks);
  const before = Math.max(SERIES_WEEKS_BEFORE_WINDOW, SERIES_WEEKS - windowWeeks);
  return Math.ceil((windowWeeks + before) / block) * block;
};

/** Validated settings with every default filled in; a problem is a 400 naming the setting. */
export function resolveRunParameters(input: unknown): RunParameters {
  const parsed = runParametersSchema.safeParse(input ?? {});
  if (!parsed.success) throw zodToInputError(parsed.error);
  return parsed.data;
}

/** The engine's version in the key: raised when the same settings give different results, so that
 *  runs of an older engine are neither the reference for "ongoing" nor a current published list.
 *  v3 (2026-12-06): the step-up counts regions, not tests (clusterFdr.ts). v4 (2026-12-06): the
 *  windows of ≤ 4 weeks weigh 5 in the step-up (earlySignals.ts DEFAULT_DETECTOR_PARAMS). v5
 *  (2026-12-06): the window tests predict the zone's count from the rest (predictiveTest.ts)
 *  instead of Fisher's exact test. v6 (2026-12-07): the window and trend tests carry the counts'
 *  extra-Poisson variation estimated from the data (dispersion.ts). v7 (2026-12-07): the map's
 *  "falling" class is the 13-week predictive window test's lower tail with that variation, not
 *  Fisher's lower tail. v8 (2026-12-07): the trend tests' dispersion includes the covariance of
 *  blocks one and two apart (extra variation that lasts longer than a block). v9 (2026-12-07): at
 *  totals ≤ 80 a trend test's blocks are negative binomial, not a variance-scaled Poisson tail
 *  (dispersedTrend.ts). v10 (2026-12-07): the dispersion estimate leaves each block's own count out
 *  of its expectation and a category's estimate is never below the pooled one (dispersion.ts). v11
 *  (2026-12-07): no zone smaller than its municipality is tested on all categories over one week
 *  (earlySignals.ts zoneAllCategoriesMinWeeks: the count rule 4 withholds). v12 (2026-12-07): the
 *  same detector, published differently — a card whose window count is hidden publishes its q as
 *  a step (≤ 0.01, ≤ 0.5), map classes always (≤ 0.01, ≤ 0.05), and the list is ranked by the
 *  published q and effect (publish.ts HIDDEN_Q_STEPS): stored lists of v11 carry finer q-values.
 *  v13 (2026-12-07): three or more squares of a buurt beginning an incident of one category on one
 *  day, after 14 days without one, count as one incident (incidents.ts rule 2, migration 022). */
export const ENGINE_VERSION = 'v13';

/** Runs since v2 store their resolved settings as `parameters` (older keys: another format). */
export function storesSettings(key: string): boolean {
  const m = /^v(\d+)\|/.exec(key);
  return m !== null && Number(m[1]) >= 2;
}

/** The settings that decide the results, as canonical text (runs with the same key are comparable). */
export function parametersKey(p: RunParameters): string {
  return `${ENGINE_VERSION}|a${p.alpha}|min${p.minCount}|zone${p.maxZoneSize}|base${p.baselineWeeks}|end:${p.end ?? 'data'}`;
}

export function detectorParams(p: RunParameters): DetectorParams {
  return { ...DEFAULT_DETECTOR_PARAMS, alpha: p.alpha, minCount: p.minCount, maxZoneSize: p.maxZoneSize, baselineWeeks: p.baselineWeeks };
}
