import { z } from 'zod';
import {
  areaCode, areaFeature, areaIdentity, areaLevel, cachedAnswers, cellParam, cellSizeLiteral, CountOrNoData, Disclosure, filterShape, FiltersEcho,
  LonLat, MenuPeriod, PublishedChange, WeekRange,
} from './common.ts';
import { endpoint } from './endpoint.ts';

// GET /stats/areas, /stats/grid, /stats/timeseries (server/routes/stats.ts). Every count passes
// the publication layer; a municipality or period without data is null with `noData`, never 0.

export const AreaStatistic = z.object({
  ...areaIdentity,
  noData: z.boolean().meta({ description: 'the municipality has no imported reports for the period: every figure is null' }),
  count: CountOrNoData,
  ratePer1000: z.number().nullable().meta({ description: 'per 1,000 inhabitants (estimates flagged by inhabitantsEstimated), from the published count; null with the reason in rateWithheld' }),
  rateWithheld: z.enum(['hidden', 'small-population', 'no-population']).nullable().meta({ description: 'why ratePer1000 is null' }),
  share: z.number().min(0).nullable().meta({ description: 'share of the published municipality total (published figures need not add up)' }),
  previous: CountOrNoData,
  lastYear: CountOrNoData,
  changeVsPrevious: PublishedChange,
  changeVsLastYear: PublishedChange,
}).meta({ id: 'AreaStatistic' });

export const AreaStatistics = z.object({
  level: areaLevel,
  periods: z.object({ current: MenuPeriod, previous: WeekRange, lastYear: WeekRange }),
  filters: FiltersEcho,
  disclosure: Disclosure,
  areas: z.array(AreaStatistic),
  totals: z.array(AreaStatistic).meta({ description: 'the municipalities of the areas' }),
}).meta({ id: 'AreaStatistics' });

export const GridCellProperties = z.object({
  id: z.string().regex(/^GM\d{4}:\d+:-?\d+:-?\d+$/),
  gemeente: z.string(),
  count: z.number().int().nullable(),
  suppressed: z.boolean(),
  withheld: z.literal(true).optional().meta({ description: 'all categories over one week of a grid cell: not published whatever its size (shown as "x")' }),
  noData: z.boolean().meta({ description: 'the municipality has no data for the period' }),
  areaKm2: z.number(),
  centroid: LonLat.meta({ description: 'centre of the (clipped) cell, never a report location' }),
}).meta({ id: 'GridCellProperties' });

export const Grid = z.object({
  type: z.literal('FeatureCollection'),
  cell: cellSizeLiteral,
  period: MenuPeriod,
  filters: FiltersEcho,
  disclosure: Disclosure,
  totals: z.record(z.string(), CountOrNoData).meta({ description: 'published total per municipality' }),
  features: z.array(areaFeature(GridCellProperties)),
}).meta({ id: 'Grid' });

export const TimePoint = z.object({
  label: z.string().meta({ description: '"2026-W47" or "2026-10"' }),
  start: z.iso.date(),
  end: z.iso.date(),
  count: CountOrNoData,
  lastYear: CountOrNoData,
  changeVsLastYear: PublishedChange,
}).meta({ id: 'TimePoint' });

export const TimeSeries = z.object({
  area: z.object({ code: z.string(), name: z.string(), level: areaLevel }),
  interval: z.enum(['week', 'month']),
  period: MenuPeriod,
  filters: FiltersEcho.omit({ gemeente: true }),
  disclosure: Disclosure,
  points: z.array(TimePoint),
}).meta({ id: 'TimeSeries' });

export type AreaStatistic = z.infer<typeof AreaStatistic>;
export type AreaStatistics = z.infer<typeof AreaStatistics>;
export type GridCellProperties = z.infer<typeof GridCellProperties>;
export type Grid = z.infer<typeof Grid>;
export type TimePoint = z.infer<typeof TimePoint>;
export type TimeSeries = z.infer<typeof TimeSeries>;

export const interval = z.enum(['week', 'month']);

export const statsAreasQuery = z.object({ ...filterShape, level: areaLevel.default('buurt') });
export const timeseriesQuery = z.object({
  ...filterShape,
  area: areaCode,
  interval: interval.default('month'),
});

export const getAreaStatistics = endpoint({
  method: 'get', path: '/stats/areas', summary: 'Counts, rates, shares and changes per area',
  query: statsAreasQuery,
  responses: cachedAnswers('application/json', AreaStatistics),
  errors: [400, 404],
  sample: { query: 'level=buurt&category=hennep&period=2025-Q2' },
});

export const getGrid = endpoint({
  method: 'get', path: '/stats/grid', summary: 'Counts per hexagon cell (flat-topped, ST_HexagonGrid in RD New, clipped to the municipality)',
  query: z.object({
    ...filterShape,
    ...cellParam,
    zeros: z.enum(['true', 'false']).default('false').transform((v) => v === 'true')
      .meta({ description: 'include cells whose published count is 0 (a zero shown as "<k" is always included)' }),
  }),
  responses: cachedAnswers('application/geo+json', Grid),
  errors: [400, 404],
  sample: { query: 'cell=500&gemeente=GM1700' },
});

export const getTimeSeries = endpoint({
  method: 'get', path: '/stats/timeseries',
  summary: 'Counts per ISO week or ISO-week month of the period for one area, with the same week (52 weeks earlier) or month a year earlier',
  description: '`period=all` (with `interval=week`) gives every complete week with data: each point is a single week, no total is published.',
  query: timeseriesQuery,
  responses: cachedAnswers('application/json', TimeSeries),
  errors: [400, 404],
  sample: { query: 'area=GM1700&interval=month&period=2025' },
});

export const statsEndpoints = [getAreaStatistics, getGrid, getTimeSeries];
