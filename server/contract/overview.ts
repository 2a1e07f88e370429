import { z } from 'zod';
import { CountOrNoData, gemeenteParam, json, langParam, MenuPeriod, periodToken, PublishedChange, WeekRange } from './common.ts';
import { endpoint } from './endpoint.ts';

// The overview (Overzicht) and its one-page bulletin (server/routes/overview.ts,
// server/services/overview.ts, docs/dashboard.md): every role; both count against the query
// budget. Every count is the one /stats publishes for the same area, period and filters; changes,
// rate ratios and verdicts come from the published counts.

export const Verdict = z.enum(['rise', 'fall', 'chance', 'hidden', 'no-data']).meta({
  id: 'Verdict',
  description: 'rise / fall: greater than chance (q ≤ alpha); chance: within what chance can explain; hidden: a count is suppressed ("<k"); no-data: a period without data',
});

const figureShape = {
  count: CountOrNoData,
  lastYear: CountOrNoData,
  change: PublishedChange,
  rateRatio: z.number().nullable().meta({ description: 'per week, from the published counts; null when not testable or last year is 0' }),
  q: z.number().nullable().meta({ description: 'BH-FDR q-value of the comparison (3 significant digits); null when not testable' }),
  verdict: Verdict,
};
export const Figure = z.object(figureShape).meta({ id: 'OverviewFigure' });

const SeriesPoint = z.object({
  label: z.string().meta({ description: '"2026-W47" or "2026-10"' }),
  count: CountOrNoData,
});

export const CategoryFigure = z.object({
  code: z.string(),
  labelNl: z.string(),
  labelEn: z.string(),
  colour: z.string(),
  sensitive: z.boolean(),
  k: z.number().int(),
  ...figureShape,
  series: z.array(SeriesPoint).meta({ description: 'published counts per ISO-week month of the period (per week for a period of a month or less)' }),
}).meta({ id: 'OverviewCategory' });

export const AreaChange = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['wijk', 'buurt']),
  ...figureShape,
}).meta({ id: 'OverviewAreaChange' });

export const AreaRanking = z.object({
  level: z.enum(['wijk', 'buurt']),
  k: z.number().int(),
  rises: z.array(AreaChange).max(5).meta({ description: 'largest published rises first' }),
  falls: z.array(AreaChange).max(5).meta({ description: 'largest published falls first' }),
  areas: z.number().int().meta({ description: 'areas of the municipality at this level with data' }),
  hidden: z.number().int().meta({ description: 'areas whose change is suppressed: never ranked' }),
}).meta({ id: 'OverviewRanking' });

export const OverviewWindow = z.object({
  period: MenuPeriod,
  lastYear: WeekRange.extend({ weeks: z.number().int() }).meta({ description: 'the same weeks a year earlier' }),
  noData: z.boolean().meta({ description: 'the municipality has no imported reports for the period or the year before' }),
  k: z.number().int(),
  total: Figure,
  categories: z.array(CategoryFigure),
  totalSeries: z.array(SeriesPoint).meta({ description: 'all categories together per month (per week for a month or less)' }),
  wijken: AreaRanking,
  buurten: AreaRanking,
  dispersion: z.number().meta({ description: 'how many times the Poisson variance the published counts vary between the period and the year before (≥ 1, estimated from the buurten: repeat reports, the perturbation, ordinary variation); every verdict of the window allows for it' }),
  dispersionFrom: z.enum(['period', 'last-12m', 'none']).meta({ description: "where `dispersion` comes from: the period's own buurten, those of the last 12 complete months (a short period has too few buurten with reports), or none (1: fewer than 10 buurten with reports)" }),
}).meta({ id: 'OverviewWindow' });

const SignalGroup = { count: z.number().int(), new: z.number().int().meta({ description: 'of which new in the latest run' }) };

export const OverviewSignal = z.object({
  id: z.number().int(),
  rank: z.number().int(),
  kind: z.string(),
  class: z.string(),
  category: z.string().nullable(),
  status: z.enum(['new', 'ongoing']),
  wijk: z.string().nullable().meta({ description: 'the wijk holding most of its buurten' }),
  explanation: z.object({ nl: z.string(), en: z.string() }),
}).meta({ id: 'OverviewSignal' });

export const OverviewSignals = z.object({
  run: z.object({ finishedAt: z.string(), lastDay: z.iso.date().nullable(), current: z.boolean() }).nullable()
    .meta({ description: 'the published signal run; null when none ran yet' }),
  total: z.number().int(),
  new: z.number().int().meta({ description: 'new in the latest run: not seen at the same place in the run before' }),
  byClass: z.array(z.object({ class: z.string(), kind: z.string(), ...SignalGroup })),
  byWijk: z.array(z.object({ code: z.string().nullable(), name: z.string().nullable(), ...SignalGroup })),
  items: z.array(OverviewSignal).nullable().meta({ description: 'analysts and administrators: the signals themselves (ids link to the details); null for viewers' }),
}).meta({ id: 'OverviewSignals' });

export const Overview = z.object({
  gemeente: z.object({ code: z.string(), name: z.string(), inhabitants: z.number().int().nullable(), inhabitantsEstimated: z.boolean() }),
  dataExtent: WeekRange.nullable().meta({ description: 'weeks with data of this municipality; null: no data' }),
  noData: z.boolean(),
  dataEnd: z.iso.date().nullable().meta({ description: 'the last complete week of the data (Sunday)' }),
  disclosure: z.object({ k: z.number().int(), kSensitive: z.number().int(), roundTo: z.number().int().nullable() }),
  alpha: z.number().meta({ description: 'the FDR level of the verdicts' }),
  windows: z.array(OverviewWindow),
  signals: OverviewSignals,
}).meta({ id: 'Overview' });

export type Verdict = z.infer<typeof Verdict>;
export type Figure = z.infer<typeof Figure>;
export type CategoryFigure = z.infer<typeof CategoryFigure>;
export type AreaChange = z.infer<typeof AreaChange>;
export type AreaRanking = z.infer<typeof AreaRanking>;
export type OverviewWindow = z.infer<typeof OverviewWindow>;
export type OverviewSignal = z.infer<typeof OverviewSignal>;
export type OverviewSignals = z.infer<typeof OverviewSignals>;
export type Overview = z.infer<typeof Overview>;

export const overviewQuery = z.object({
  gemeente: gemeenteParam.meta({ description: 'left out: DEFAULT_GEMEENTE, else the only (else the first) municipality with data' }),
  period: periodToken.meta({ description: 'one menu period; left out: last-1m and last-12m' }),
});

export const getOverview = endpoint({
  method: 'get', path: '/overview',
  summary: 'The overview of one municipality (every role; counts against the query budget): what changed, at a glance',
  description: 'Total and per category for the last complete ISO-week month and the last 12 complete months (or the one `period` given), each against the same weeks a year earlier, with a verdict from an exact Poisson comparison of the published counts, widened by the dispersion the buurten show (`dispersion`), BH-FDR 5 % over the categories; the wijken and buurten with the largest published changes (hidden ones counted, never ranked); the published signal run summarised by class and wijk (`items`: the signals themselves, analysts only, else null). A municipality without reports has `noData: true` and no windows. See docs/dashboard.md.',
  query: overviewQuery,
  responses: { 200: { description: 'OK', content: json(Overview) } },
  errors: [400, 404],
  sample: { query: 'gemeente=GM1700' },
});

export const getBulletin = endpoint({
  method: 'get', path: '/bulletins',
  summary: 'The overview as a one-page A4 PDF bulletin for the mayor and the driehoek (every role; audited; counts against the query budget)',
  query: overviewQuery.extend({ lang: langParam }),
  responses: {
    200: { description: 'The bulletin (Content-Disposition: attachment)', content: { 'application/pdf': { opaque: 'binary' } } },
  },
  errors: [400, 404],
  sample: { query: 'gemeente=GM1700' },
});

export const overviewEndpoints = [getOverview, getBulletin];
