import { z } from 'zod';
import { DRAFT_CHOICES } from '../analysis/runSettings.ts';
import { runParametersSchema } from '../services/signals/parameters.ts';
import {
  areaFeature, BBox, cachedAnswers, cellParam, cellSizeLiteral, categoryParam, Disclosure, filterShape, FiltersEcho, gemeenteParam,
  json, MenuPeriod, noQuery,
} from './common.ts';
import { endpoint } from './endpoint.ts';

// Early signals and the density map (server/routes/signals.ts, docs/signals.md, docs/methods.md
// §9): analysts; the defaults and "publish now" administrators. No report locations, raw counts,
// z-scores or neighbour counts leave: only published counts, classes, bins and rounded q-values.

/** PostgreSQL's text form of a timestamp with time zone, e.g. `2026-11-28 16:41:38.6+00`. */
const timestamp = z.string().meta({ description: 'a moment as PostgreSQL writes it: 2026-11-28 16:41:38.6+00' });

// ---------------------------------------------------------------------------------------------
// Run parameters

/** What each run setting means (server/services/signals/parameters.ts has their bounds and
 *  calibrated defaults). */
const SETTINGS: Readonly<Record<string, string>> = {
  gemeente: 'one municipality, or null for every loaded municipality with reports',
  end: 'the run ends with the last complete ISO week on or before this day (and the data\'s last day); null: the data\'s last complete week',
  alpha: 'level of the lead tests (Tarone\'s screen, then a weighted Benjamini-Hochberg step-up counting regions, not tests; windows of up to 4 weeks weigh 5); calibrated on null data: lower is stricter',
  minCount: 'smallest own count of a signal in its window',
  maxZoneSize: 'largest candidate zone, in adjacent buurten',
  baselineWeeks: 'weeks of the place\'s own history before a window',
};
const described = <S extends z.ZodType>(key: string, schema: S): S => (SETTINGS[key] ? schema.meta({ description: SETTINGS[key] }) : schema);

type RunShape = typeof runParametersSchema.shape;
type WithoutDefaults = { [K in keyof RunShape]: z.ZodOptional<ReturnType<RunShape[K]['unwrap']>> };

/** The settings of a run with every default filled in. */
export const RunParameters = z.object(Object.fromEntries(
  Object.entries(runParametersSchema.shape).map(([key, schema]) => [key, described(key, schema)]),
) as RunShape).strict().meta({ id: 'RunParameters', description: 'The settings of a signal run (docs/signals.md); each bounded, with a calibrated default' });

/** Settings as a request gives them: any of them, without filling in defaults (a draft puts them
 *  on top of the administrator's defaults, new defaults on top of the built-in ones). */
export const RunChanges = z.object(Object.fromEntries(
  Object.entries(runParametersSchema.shape).map(([key, schema]) => [key, described(key, schema.unwrap()).optional()]),
) as WithoutDefaults).strict().meta({ id: 'RunChanges', description: 'Some or all run settings; unknown settings are refused' });

export type RunParameters = z.output<typeof RunParameters>;
export type RunChanges = z.input<typeof RunChanges>;

const Visibility = z.enum(['published', 'draft']).meta({ description: "published: the list everyone sees; draft: an analyst's own what-if run, visible to them only" });
const trigger = z.string().meta({ description: 'why the run was made: import, nightly, start, defaults, admin, analyst, cli, manual' });
const DataVersion = z.object({
  batchId: z.number().int().nullable().meta({ description: 'the last report import the run saw' }),
  rollupChecksum: z.string(),
  lastDay: z.iso.date().nullable().meta({ description: 'the last day with data the run saw' }),
});

export const RunInfo = z.object({
  id: z.number().int(),
  visibility: Visibility,
  trigger,
  startedAt: timestamp,
  finishedAt: timestamp,
  parameters: RunParameters,
  dataVersion: DataVersion,
  current: z.boolean().meta({ description: 'the run was made on the current data' }),
  weeks: z.object({ from: z.iso.date(), to: z.iso.date(), count: z.number().int().nullable() }).nullable()
    .meta({ description: 'the ISO weeks analysed (Monday to Sunday); null: no complete week with reports' }),
  gemeenten: z.array(z.string()),
}).meta({ id: 'SignalRun', description: 'The run a list or map comes from' });

export const RunSummary = z.object({
  id: z.number().int(),
  visibility: Visibility,
  trigger,
  status: z.enum(['completed', 'failed']),
  startedAt: timestamp,
  finishedAt: timestamp,
  parameters: RunParameters,
  dataVersion: DataVersion,
  weeks: z.object({ from: z.iso.date(), to: z.iso.date(), count: z.number().int() }).nullable(),
  gemeenten: z.array(z.string()),
  signals: z.object({ lead: z.number().int(), map: z.number().int() }).meta({ description: 'lead signals (the list) and map classes (persistent, falling) found' }),
  tests: z.object({ tests: z.number().int(), family: z.number().int(), significant: z.number().int() }),
  timings: z.record(z.string(), z.number()).meta({ description: 'ms: load (database, main thread), compute (worker thread), publish, store, total' }),
}).meta({ id: 'RunSummary' });

export const SignalDefaults = z.object({
  parameters: RunParameters,
  updatedAt: timestamp.nullable().meta({ description: 'null: never set; the built-in defaults apply' }),
  updatedBy: z.string().nullable(),
  invalidStored: z.boolean().optional()
    .meta({ description: 'the stored defaults no longer validate (the settings changed with an upgrade): the built-in defaults apply until an administrator saves new ones' }),
}).meta({ id: 'SignalDefaults' });

export type RunInfo = z.infer<typeof RunInfo>;
export type RunSummary = z.infer<typeof RunSummary>;
export type SignalDefaults = z.infer<typeof SignalDefaults>;

// ---------------------------------------------------------------------------------------------
// Signals

const Bilingual = z.object({ nl: z.string(), en: z.string() });
const Place = z.object({ code: z.string(), name: z.string() });

export const SignalWeek = z.object({
  week: z.iso.date().meta({ description: "the Monday of the point's first week" }),
  weeks: z.number().int().min(1).meta({ description: 'weeks the point covers: 1 for windows of up to 13 weeks, 2 up to 26, 4 beyond (a zone\'s weekly count is mostly hidden)' }),
  observed: z.number().int().nullable().meta({ description: 'published count of the point\'s weeks; null: hidden ("<k")' }),
  expected: z.number().meta({ description: 'the expected count of the point\'s weeks: the zone\'s baseline share of the rest of the municipality in those weeks, from published counts' }),
}).meta({ id: 'SignalWeek' });

export const Signal = z.object({
  id: z.number().int(),
  rank: z.number().int(),
  kind: z.enum(['lead', 'map']).meta({ description: 'lead: on the list (new, rising, sudden); map: a class of the map (persistent, falling)' }),
  class: z.enum(['new', 'rising', 'sudden', 'persistent', 'falling']).meta({ description: 'new, rising or sudden (lead); persistent or falling (map)' }),
  category: z.string().nullable().meta({ description: 'null: all categories together' }),
  categoryLabel: Bilingual.nullable(),
  gemeente: z.string(),
  status: z.enum(['new', 'ongoing']).meta({ description: 'new: not at the same place in the run before' }),
  locationType: z.literal('buurt'),
  places: z.array(Place),
  highlight: z.object({ cells: z.array(z.string()), areas: z.array(z.string()).meta({ description: 'CBS codes of the buurten' }) }),
  bbox: BBox.meta({ description: '[west, south, east, north] of its places, WGS84' }),
  firstDay: z.iso.date(),
  lastDay: z.iso.date(),
  window: z.object({ from: z.iso.date(), to: z.iso.date(), weeks: z.number().int() }).nullable()
    .meta({ description: 'the weeks the signal is about (Monday to Sunday); null for map classes' }),
  observed: z.number().int().nullable().meta({ description: 'published count in the window; null: below k, or a map class' }),
  expected: z.number().nullable().meta({ description: "expected count in the window from the place's own published history (1 decimal)" }),
  expectedUpperBound: z.boolean().meta({ description: "`expected` is an upper bound (the place's history is hidden as \"<k\")" }),
  k: z.number().int().nullable(),
  q: z.number().nullable().meta({ description: 'BH q-value across all tests of the run (2 significant digits), or with `qBound` the step it is at most' }),
  qBound: z.boolean().meta({ description: '`q` (and `trend.q`) is an upper bound, 0.01 or 0.5 (map classes 0.01 or 0.05): the window\'s count is hidden ("<k"; map classes publish none), and a finer q would tell it (docs/disclosure.md)' }),
  recurrence: z.object({
    years: z.number().meta({ description: 'years between chance signals at least this strong (about)' }),
    atLeast: z.boolean().meta({ description: '`years` is a lower bound: no null run had a signal this strong' }),
  }).nullable(),
  trend: z.object({ spanWeeks: z.number().int(), rateRatio: z.number().nullable(), q: z.number() }).nullable()
    .meta({ description: 'rising signals: rate ratio of the span\'s last block to its first (null: from zero, or the window\'s count is hidden)' }),
  series: z.array(SignalWeek).meta({ description: 'observed against expected per week (or block of 2 or 4 weeks for windows of 26 and 52 weeks; all categories of a zone smaller than its municipality: blocks of at least 2 weeks), the whole window and at least 13 weeks before it, at least the last 26 weeks of the run (lead signals)' }),
  explanation: Bilingual,
}).meta({ id: 'Signal', description: 'An early signal of the run: published figures only' });

export const SignalList = z.object({
  run: RunInfo.nullable().meta({ description: 'null: no signal run yet' }),
  total: z.number().int().meta({ description: 'signals matching the filters (the list may be cut at `limit`)' }),
  signals: z.array(Signal),
  view: Visibility,
  draft: z.object({ id: z.number().int(), finishedAt: timestamp }).nullable().meta({ description: "the caller's own latest draft (never anyone else's)" }),
  queue: z.object({
    running: z.boolean(),
    waiting: z.number().int(),
    yourDraft: z.enum(['running', 'waiting']).nullable(),
  }).meta({ description: 'the run queue now (not cached): whether a run is running, how many wait, where the caller\'s draft is' }),
  disclosure: Disclosure.extend({ kSensitive: z.number().int() }),
}).meta({ id: 'SignalList' });

export type SignalWeek = z.infer<typeof SignalWeek>;
export type Signal = z.infer<typeof Signal>;
export type SignalList = z.infer<typeof SignalList>;

// ---------------------------------------------------------------------------------------------
// Maps: density (Gi*) and classes per buurt

export const HotspotProperties = z.object({
  id: z.string(),
  gemeente: z.string(),
  count: z.number().int().nullable(),
  suppressed: z.boolean(),
  withheld: z.literal(true).optional().meta({ description: 'all categories over one week of a grid cell: not published whatever its size (shown as "x")' }),
  noData: z.boolean(),
  areaKm2: z.number(),
  bin: z.number().int().min(-3).max(3).meta({ description: 'concentration bin as ArcGIS numbers them: ±3, ±2, ±1 for q ≤ 0.01, 0.05, 0.10 after FDR (hot +, cold −); 0 not significant' }),
}).meta({ id: 'HotspotProperties' });

export const HotspotCollection = z.object({
  type: z.literal('FeatureCollection'),
  method: z.string(),
  cell: cellSizeLiteral,
  period: MenuPeriod,
  filters: FiltersEcho,
  disclosure: Disclosure,
  studyAreas: z.array(z.object({
    gemeente: z.string(),
    cells: z.number().int(),
    noVariation: z.boolean().meta({ description: 'no data, or nothing to test: every bin is 0' }),
    hot: z.number().int(),
    cold: z.number().int(),
  })),
  features: z.array(areaFeature(HotspotProperties)),
}).meta({ id: 'HotspotCollection' });

export const EmergingProperties = z.object({
  id: z.string(),
  gemeente: z.string(),
  name: z.string(),
  class: z.enum(['new', 'rising', 'sudden', 'persistent', 'falling', 'none']).meta({ description: 'new, rising, sudden (lead signals), persistent, falling (map classes) or none' }),
  q: z.number().nullable().meta({ description: 'the class\'s q as the signal list publishes it: two significant digits, or the step it is at most (a lead signal whose count is hidden: 0.01 or 0.5; a map class: 0.01 or 0.05)' }),
  signal: z.number().int().nullable().meta({ description: 'the lead signal of the buurt, if any' }),
  areaKm2: z.number(),
}).meta({ id: 'EmergingProperties' });

export const EmergingCollection = z.object({
  type: z.literal('FeatureCollection'),
  method: z.string(),
  category: z.string().nullable(),
  run: RunInfo.nullable(),
  note: z.string().nullable(),
  features: z.array(areaFeature(EmergingProperties)),
}).meta({ id: 'EmergingCollection' });

export type HotspotProperties = z.infer<typeof HotspotProperties>;
export type HotspotCollection = z.infer<typeof HotspotCollection>;
export type EmergingCollection = z.infer<typeof EmergingCollection>;

// ---------------------------------------------------------------------------------------------
// Endpoints

export const getHotspots = endpoint({
  method: 'get', path: '/hotspots',
  summary: 'Where reports concentrate (density, not an early signal): Getis-Ord Gi* bins of hexagon cells for a period (analyst)',
  description: 'Gi* on the cell counts as published (a cell shown "<k" counts as (k − 1) / 2, whatever it holds), queen contiguity between the clipped cells of each municipality; `bin` −3…3 numbered as ArcGIS, for q ≤ 0.01/0.05/0.10 after Benjamini-Hochberg FDR. Only bins and published counts are returned — no z, p or neighbour counts, which would solve back to hidden counts.',
  query: z.object({ ...filterShape, ...cellParam }),
  responses: cachedAnswers('application/geo+json', HotspotCollection),
  errors: [400, 404],
  sample: { query: 'cell=500&gemeente=GM1700' },
});

export const getEmerging = endpoint({
  method: 'get', path: '/emerging',
  summary: 'Early-signal classes per buurt from the published run (analyst)',
  description: 'Every buurt of the run\'s municipalities with its class for one category (or all categories together): new, rising, sudden (lead signals), persistent, falling (map classes) or none; the q-value of the class\'s test, no counts.',
  query: z.object({ category: categoryParam, gemeente: gemeenteParam }),
  responses: { 200: { description: 'OK', content: { 'application/geo+json': EmergingCollection } } },
  errors: [400, 404],
  sample: { query: 'gemeente=GM1700' },
});

export const signalsQuery = z.object({
  category: categoryParam.meta({ description: 'one category code, or `all` for the signals over all categories together; left out: every category' }),
  status: z.enum(['new', 'ongoing']).optional(),
  kind: z.enum(['lead', 'map']).optional().meta({ description: 'lead (the list) or map (persistent, falling; a draft has none: the class map is the published run\'s); left out: lead' }),
  gemeente: gemeenteParam,
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  view: z.enum(['published', 'draft']).default('published').meta({ description: "published: the list everyone sees; draft: the caller's own draft" }),
});

export const getSignals = endpoint({
  method: 'get', path: '/signals',
  summary: 'Ranked early signals of the published run (analyst), or with view=draft the caller\'s own draft',
  description: 'The published list is the latest scheduled run with the administrator\'s defaults (after every import, nightly, after new defaults). `draft` points at the caller\'s own draft (never anyone else\'s); `queue` says whether runs are running or waiting. Sent with `Cache-Control: private, no-cache`: the queue changes by the second.',
  query: signalsQuery,
  responses: { 200: { description: 'OK', content: json(SignalList) } },
  errors: [400, 404],
  sample: { query: 'gemeente=GM1700' },
});

export const runDraft = endpoint({
  method: 'post', path: '/signals/run',
  summary: `An analyst's what-if run: a draft only the caller sees (replaces their previous draft); the body holds changes on top of the defaults (docs/signals.md): ${Object.entries(DRAFT_CHOICES).map(([k, v]) => `${k} one of ${v.join(', ')}`).join('; ')} (or the defaults' own value); minCount the defaults' (400 otherwise: thresholds an analyst could move would tell counts the publication hides). Counts as one request of its settings against the daily query budget (429 when used up)`,
  query: noQuery,
  body: json(RunChanges),
  responses: { 201: { description: 'Run finished', content: json(RunSummary) } },
  errors: [400, 404, 409, 429, 503],
});

export const discardDraft = endpoint({
  method: 'delete', path: '/signals/draft',
  summary: 'Discard the caller\'s draft (analyst); the published list is untouched',
  query: noQuery,
  responses: { 200: { description: 'OK', content: json(z.object({ discarded: z.number().int() }).meta({ id: 'DiscardedDrafts' })) } },
  errors: [400],
});

export const publishNow = endpoint({
  method: 'post', path: '/signals/publish',
  summary: 'A published run with the defaults now, after the runs already queued (admin)',
  query: noQuery,
  responses: { 201: { description: 'Run finished', content: json(RunSummary) } },
  errors: [400, 503],
});

export const getSignalDefaults = endpoint({
  method: 'get', path: '/signals/defaults',
  summary: 'The administrator\'s default run parameters (admin); updatedAt null: the built-in defaults',
  query: noQuery,
  responses: { 200: { description: 'OK', content: json(SignalDefaults) } },
});

export const setSignalDefaults = endpoint({
  method: 'put', path: '/signals/defaults',
  summary: 'New default run parameters (admin; complete or partial, missing settings take the built-in defaults; `end` not allowed); audited; a published run with them follows in the background',
  query: noQuery,
  body: json(RunChanges),
  responses: { 200: { description: 'Stored', content: json(SignalDefaults) } },
  errors: [400],
});

export const signalEndpoints = [getHotspots, getEmerging, getSignals, runDraft, discardDraft, publishNow, getSignalDefaults, setSignalDefaults];
