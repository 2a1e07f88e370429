import { z } from 'zod';
import { areaFeature, areaIdentity, areaLevel, cachedAnswers, gemeenteParam, LonLat } from './common.ts';
import { endpoint } from './endpoint.ts';

// GET /areas (server/routes/areas.ts).

export const AreaInfo = z.object({
  ...areaIdentity,
  areaKm2: z.number().nullable(),
}).meta({ id: 'AreaInfo' });

export const AreaProperties = AreaInfo.extend({
  labelPoint: LonLat.nullable()
    .meta({ description: '[lon, lat] inside the area where its name goes: the centre of the largest inscribed circle, derived at import (migration 009).' }),
}).meta({ id: 'AreaProperties' });

export const AreaFeature = areaFeature(AreaProperties).meta({ id: 'AreaFeature' });

export const AreaCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(AreaFeature),
}).meta({ id: 'AreaCollection' });

export type AreaLevel = z.infer<typeof areaLevel>;
export type AreaInfo = z.infer<typeof AreaInfo>;
export type AreaProperties = z.infer<typeof AreaProperties>;
export type AreaFeature = z.infer<typeof AreaFeature>;
export type AreaCollection = z.infer<typeof AreaCollection>;

export const getAreas = endpoint({
  method: 'get', path: '/areas', summary: 'Area polygons (GeoJSON, coordinates rounded to 5 decimals), with ETag',
  query: z.object({
    level: areaLevel.default('buurt'),
    gemeente: gemeenteParam,
  }),
  responses: cachedAnswers('application/geo+json', AreaCollection),
  errors: [400, 404],
  sample: { query: 'level=buurt&gemeente=GM1700' },
});

export const areaEndpoints = [getAreas];
