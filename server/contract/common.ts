import { z } from 'zod';
import { isIsoDate } from '../publish/periods.ts';
import { CELL_SIZES } from '../services/areas.ts';

/**
 * Pieces shared by the endpoints of the contract: codes, dates, the statistics filters, and the
 * published figures (counts, changes, periods) every statistic answers with. Schemas with an `id`
 * become named components of docs/openapi.yaml.
 */

// ---------------------------------------------------------------------------------------------
// Request pieces

/** A date parameter: YYYY-MM-DD that is a real calendar date (no 30 February, no month 13) in
 *  years 1000-9999 — PostgreSQL has no year 0, and a date it refuses would be a 500, not a 400. */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine(isCalendarDate, 'is not a calendar date').meta({ format: 'date' });

export function isCalendarDate(v: string): boolean {
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  if (!(y >= 1000 && y <= 9999)) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const menuDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine(isIsoDate, 'is not a calendar date').meta({ format: 'date' });

export const GEMEENTE_CODE = /^GM\d{4}$/;
export const AREA_CODE = /^(GM\d{4}|WK\d{6}|BU\d{8})$/;
export const gemeenteCode = z.string().regex(GEMEENTE_CODE, 'must be a CBS municipality code like GM1700');
export const areaCode = z.string().regex(AREA_CODE, 'must be a CBS area code (GM…, WK… or BU…)');
export const AREA_LEVELS = ['gemeente', 'wijk', 'buurt'] as const;
export const areaLevel = z.enum(AREA_LEVELS);

/** The fields that name an area and its inhabitants, shared by the area list and the statistics. */
export const areaIdentity = {
  code: z.string(),
  name: z.string(),
  level: areaLevel,
  parent: z.string().nullable(),
  gemeente: z.string(),
  inhabitants: z.number().int().nullable(),
  inhabitantsEstimated: z.boolean(),
};
export const lang = z.enum(['nl', 'en']);
/** `lang` of a document (briefing, bulletin): nl unless asked. */
export const langParam = z.enum(lang.options, { message: 'must be nl or en' }).default('nl');

const ONE_OR_ALL = 'one code, or leave it out for all — combinations are not published, because their differences would reveal hidden counts';
const oneCode = (what: 'category' | 'source') =>
  z.union([z.string(), z.array(z.string())])
    .refine((v) => !Array.isArray(v) && !v.includes(','), `choose ${ONE_OR_ALL}`)
    .transform((v) => (v as string).trim())
    .refine((v) => /^[a-z_]{1,40}$/.test(v), `is a lower-case ${what} code like ${what === 'category' ? 'hennep' : 'mma'}`)
    // In the document: what a client should send (the list form exists only to be refused).
    .meta({ openapi: { type: 'string', pattern: '^[a-z_]{1,40}$' }, description: `one ${what} code; left out: all ${what === 'category' ? 'categories' : 'sources'}` });

/**
 * The filters every statistic, export and briefing accepts (resolved by services/filters.ts).
 * The query space is bounded on purpose (docs/disclosure.md): one category or all of them, one
 * source or all of them, and a period from the menu of publish/periods.ts (`period=2026-10`,
 * `2026-Q3`, `2025`, `2026-W47`, `last-12m`; or `from`/`to` giving exactly such a period).
 */
export const filterShape = {
  category: oneCode('category').optional(),
  source: oneCode('source').optional(),
  period: z.string().max(20).optional()
    .meta({ description: 'a menu period: 2026-W47 (week), 2026-10 (ISO-week month), 2026-Q3, 2025 (ISO year), last-1m / last-3m / last-6m / last-12m; default last-12m' }),
  from: menuDate.optional().meta({ description: 'a Monday: with `to`, the days of a menu period' }),
  to: menuDate.optional().meta({ description: 'a Sunday' }),
  gemeente: gemeenteCode.optional(),
};

/** One municipality (a CBS code); left out: every municipality (or the default one, where an
 *  endpoint says so). */
export const gemeenteParam = filterShape.gemeente;
/** One category code; left out: all categories. */
export const categoryParam = filterShape.category;
/** A period token of the menu, checked for its form here and against the menu by the service. */
export const periodToken = z.string().max(20).regex(/^[\w-]+$/, 'is a period of the menu, e.g. last-12m, 2026-10, 2026-Q3, 2025 or 2026-W47').optional();

/** Hexagon edge length in metres (a query parameter: text), and as an answer gives it. */
export const cellSize = z.enum(CELL_SIZES.map(String) as [string, ...string[]], { message: `must be one of ${CELL_SIZES.join(', ')} (metres)` })
  .meta({ description: 'hexagon edge length in metres' });
export const cellSizeLiteral = z.union(CELL_SIZES.map((s) => z.literal(s)) as [z.ZodLiteral<250>, z.ZodLiteral<500>, z.ZodLiteral<1000>]);
/** The hexagon size of the cell maps (/stats/grid, /hotspots): 500 m unless asked. */
export const cellParam = { cell: cellSize.default('500').transform(Number) };

/** A query without parameters (any parameter is refused). */
export const noQuery = z.object({});
/** A JSON body without fields (`{}`; any field is refused). */
export const emptyBody = z.object({}).strict();

// ---------------------------------------------------------------------------------------------
// Response pieces

export const ErrorBody = z.object({
  error: z.string(),
  detail: z.array(z.string()),
  parameter: z.string().optional(),
  code: z.string().optional().meta({ description: 'A refused import with several kinds of problems: import_refused' }),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional()
    .meta({ description: 'Counts of a refused import: bad, rows, invalid, duplicates, outside, kinds' }),
  problems: z.array(z.object({
    code: z.string(),
    count: z.number().int(),
    examples: z.array(z.object({ line: z.number().int(), column: z.string().optional(), params: z.record(z.string(), z.union([z.string(), z.number()])) })),
  })).optional().meta({ description: 'A refused import, every kind of problem at once (codes of shared/import-messages.ts), with its count and first examples.' }),
}).meta({ id: 'Error' });

export const Ok = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

export const PublishedCount = z.discriminatedUnion('suppressed', [
  z.object({ value: z.number().int().min(0), suppressed: z.literal(false) }),
  z.object({
    value: z.null(),
    suppressed: z.literal(true),
    withheld: z.literal(true).optional().meta({ description: 'Not published whatever its size (all categories over one week of a buurt, a wijk or a grid cell), shown as "x"; without it a suppressed count is below k' }),
  }),
]).meta({ id: 'Count', description: 'A published count, or nothing (suppressed: shown as "<k", or "x" when withheld)' });

export const CountOrNoData = PublishedCount.nullable().meta({ id: 'CountOrNoData', description: 'A published count; null: no data for the period' });

export const PublishedChange = z.object({
  absolute: z.number().int().nullable().meta({ description: 'current − previous, or null when either is hidden or missing' }),
  percent: z.number().nullable().meta({ description: '(current − previous) / previous × 100; null when hidden, missing or previous is 0' }),
  suppressed: z.boolean(),
}).meta({ id: 'Change' });

export const WeekRange = z.object({ from: z.iso.date(), to: z.iso.date() }).meta({ id: 'Period', description: 'Days, from a Monday to a Sunday' });

export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year', 'last', 'all'] as const;
export const MenuPeriod = z.object({
  token: z.string().meta({ description: 'how the period is asked for: 2026-W47, 2026-10, 2026-Q3, 2025, last-12m' }),
  kind: z.enum(PERIOD_KINDS),
  from: z.iso.date().meta({ description: 'a Monday' }),
  to: z.iso.date().meta({ description: 'a Sunday' }),
  weeks: z.number().int().min(1),
}).meta({ id: 'MenuPeriod' });

export const Disclosure = z.object({
  k: z.number().int().min(3).meta({ description: 'counts below k are published as "<k"' }),
  roundTo: z.number().int().nullable().meta({ description: 'shown counts are rounded to a multiple of this (null: not rounded)' }),
}).meta({ id: 'Disclosure' });

/** The filters an answer was computed for. */
export const FiltersEcho = z.object({
  category: z.string().nullable(),
  source: z.string().nullable(),
  gemeente: z.string().nullable(),
}).meta({ id: 'Filters' });

export const LonLat = z.tuple([z.number(), z.number()]);
export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

const Ring = z.array(LonLat);
export const Polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }).meta({ id: 'Polygon', description: 'GeoJSON, [lon, lat] in WGS84' });
export const MultiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }).meta({ id: 'MultiPolygon', description: 'GeoJSON, [lon, lat] in WGS84' });

export type PublishedCount = z.infer<typeof PublishedCount>;
export type PublishedChange = z.infer<typeof PublishedChange>;
export type WeekRange = z.infer<typeof WeekRange>;
export type PeriodInfo = z.infer<typeof MenuPeriod>;
export type Disclosure = z.infer<typeof Disclosure>;
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Headers of the answers from the response cache (server/routes/response-cache.ts). */
export const CACHED_HEADERS = {
  ETag: { description: 'weak validator of the body (the same for the plain and the compressed representation)' },
  'Content-Encoding': { description: 'gzip or br when the request accepts it', enum: ['gzip', 'br'] },
  'X-Cache': { description: 'hit, miss or off: whether the server cache answered', enum: ['hit', 'miss', 'off'] },
} as const;

/** 304 of the cached answers. */
export const NOT_MODIFIED = { description: 'Not modified (If-None-Match matched the ETag); no body', headers: { ETag: CACHED_HEADERS.ETag } } as const;

/** JSON content of a request or an answer. */
export const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': schema });

/** The answers of a GET served by the response cache: 200 with its validators, or 304. */
export const cachedAnswers = <M extends string, S extends z.ZodType>(mediaType: M, schema: S) => ({
  200: { description: 'OK', headers: CACHED_HEADERS, content: { [mediaType]: schema } as { [K in M]: S } },
  304: NOT_MODIFIED,
});

/** A GeoJSON Feature of an area or a hexagon cell: its code or cell id, its (clipped) polygon. */
export const areaFeature = <P extends z.ZodType>(properties: P) => z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.union([Polygon, MultiPolygon]),
  properties,
});
