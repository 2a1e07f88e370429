import { z } from 'zod';
import { PLACE_KINDS } from '../services/places.ts';
import { BBox, LonLat, MenuPeriod, noQuery } from './common.ts';
import { endpoint } from './endpoint.ts';

// GET /health, /meta, /categories, /sources (server/routes/meta.ts).

export const Health = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']),
  postgis: z.string(),
  migrationLevel: z.number().int(),
  counts: z.object({ areas: z.number().int(), reports: z.number().int(), inspections: z.number().int() }),
}).meta({ id: 'Health' });

export const Category = z.object({
  code: z.string(),
  labelNl: z.string(),
  labelEn: z.string(),
  descriptionNl: z.string(),
  descriptionEn: z.string(),
  sensitive: z.boolean().meta({ description: 'a sensitive category: counts below kSensitive are hidden' }),
  colour: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
}).meta({ id: 'Category' });

export const Source = z.object({
  code: z.string(),
  labelNl: z.string(),
  labelEn: z.string(),
  descriptionNl: z.string(),
  descriptionEn: z.string(),
}).meta({ id: 'Source' });

export const GemeenteMeta = z.object({
  code: z.string(),
  name: z.string(),
  inhabitants: z.number().int().nullable(),
  inhabitantsEstimated: z.boolean(),
  bbox: BBox.nullable(),
  dataExtent: z.object({ from: z.iso.date(), to: z.iso.date() }).nullable()
    .meta({ description: 'First and last day with reports of this municipality (widened to whole weeks); null when none are loaded — its figures are "no data", not 0.' }),
}).meta({ id: 'GemeenteMeta' });

export const Place = z.object({
  name: z.string(),
  kind: z.enum(PLACE_KINDS),
  gemeente: z.string(),
  point: LonLat.meta({ description: '[lon, lat] in WGS84' }),
}).meta({ id: 'Place', description: 'A town, village or hamlet (data/places/) with its label point: the centre of the largest circle inside the areas that make it up; for orientation.' });

export const PeriodMenu = z.object({
  dataEnd: z.iso.date().nullable().meta({ description: 'the last complete week with data (Sunday)' }),
  dataStart: z.iso.date().nullable().meta({ description: 'the first complete week with data (Monday)' }),
  last: z.array(MenuPeriod),
  years: z.array(MenuPeriod),
  quarters: z.array(MenuPeriod),
  months: z.array(MenuPeriod),
  weeks: z.object({ first: z.string(), last: z.string() }).nullable().meta({ description: 'single weeks: every week from … to (Mondays of the first and last week)' }),
  defaultToken: z.string(),
}).meta({ id: 'PeriodMenu', description: 'The periods on offer (complete ones within the data), newest first' });

export const Meta = z.object({
  extent: z.object({ from: z.iso.date().nullable(), to: z.iso.date().nullable() }),
  periods: PeriodMenu,
  gemeenten: z.array(GemeenteMeta),
  defaultGemeente: z.string().nullable()
    .meta({ description: 'The municipality the dashboard opens on — DEFAULT_GEMEENTE when loaded, else the only municipality with data, else null (all).' }),
  minRatePopulation: z.number().int()
    .meta({ description: 'Rates per 1,000 inhabitants are withheld for areas with fewer inhabitants (MIN_RATE_POPULATION).' }),
  disclosure: z.object({ k: z.number().int(), kSensitive: z.number().int() })
    .meta({ description: 'Disclosure thresholds (DISCLOSURE_K, DISCLOSURE_K_SENSITIVE): counts below them are published as "<k".' }),
  categories: z.array(Category),
  sources: z.array(Source),
  lastImport: z.object({ id: z.number().int(), kind: z.string(), createdAt: z.string() }).nullable(),
  places: z.array(Place),
}).meta({ id: 'Meta' });

export type Health = z.infer<typeof Health>;
export type Category = z.infer<typeof Category>;
export type Source = z.infer<typeof Source>;
export type GemeenteMeta = z.infer<typeof GemeenteMeta>;
export type Place = z.infer<typeof Place>;
export type PeriodMenu = z.infer<typeof PeriodMenu>;
export type Meta = z.infer<typeof Meta>;

export const getHealth = endpoint({
  method: 'get', path: '/health', summary: 'Engine status (public)',
  query: noQuery,
  responses: { 200: { description: 'OK', content: { 'application/json': Health } } },
  errors: [503],
});

export const getMeta = endpoint({
  method: 'get', path: '/meta', summary: 'Data extent, periods on offer, municipalities, categories, sources, last import, place names',
  query: noQuery,
  responses: { 200: { description: 'OK', content: { 'application/json': Meta } } },
});

export const getCategories = endpoint({
  method: 'get', path: '/categories', summary: 'Report categories',
  query: noQuery,
  responses: { 200: { description: 'OK', content: { 'application/json': z.array(Category) } } },
});

export const getSources = endpoint({
  method: 'get', path: '/sources', summary: 'Report sources',
  query: noQuery,
  responses: { 200: { description: 'OK', content: { 'application/json': z.array(Source) } } },
});

export const metaEndpoints = [getHealth, getMeta, getCategories, getSources];
