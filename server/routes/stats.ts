import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { InputError } from '../errors.ts';
import { parseQuery } from '../http.ts';
import { CELL_SIZES, type CellSize } from '../services/areas.ts';
import { filterShape, resolveFilters } from '../services/filters.ts';
import { cachedResponse, GEOJSON_TYPE, type ResponseCache } from './response-cache.ts';
import { areaStatistics, cellStatistics, periodInfo, timeSeries } from '../services/stats.ts';

const areasQuery = z.object({ ...filterShape, level: z.enum(['gemeente', 'wijk', 'buurt']).default('buurt') });
const gridQuery = z.object({
  ...filterShape,
  cell: z.enum(CELL_SIZES.map(String) as [string, ...string[]], { message: `must be one of ${CELL_SIZES.join(', ')} (metres)` }).default('500').transform(Number),
  zeros: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
const seriesQuery = z.object({
  ...filterShape,
  area: z.string().regex(/^(GM\d{4}|WK\d{6}|BU\d{8})$/, 'must be a CBS area code (GM…, WK… or BU…)'),
  interval: z.enum(['week', 'month']).default('month'),
});

export function statsRoutes(router: Router, { db, config }: AppContext, cache: ResponseCache): void {
  const disclosure = config.disclosure;

  router.get('/stats/areas', async (req, res) => {
    const q = parseQuery(areasQuery, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'stats/areas',
      prepare: async (known) => ({ level: q.level, filters: await resolveFilters(db, q, known) }),
      compute: async ({ level, filters }) => ({ body: JSON.stringify(await areaStatistics(db, level, filters, disclosure)) }),
    });
  });

  router.get('/stats/grid', async (req, res) => {
    const q = parseQuery(gridQuery, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'stats/grid',
      prepare: async (known) => ({ size: q.cell as CellSize, zeros: q.zeros, filters: await resolveFilters(db, q, known) }),
      compute: async ({ size, zeros, filters }) => {
        const { cells, totals, k } = await cellStatistics(db, size, filters, disclosure, cache.versions);
        return {
          contentType: GEOJSON_TYPE,
          body: JSON.stringify({
            type: 'FeatureCollection',
            cell: size,
            period: periodInfo(filters.period),
            filters: { category: filters.category, source: filters.source, gemeente: filters.gemeente },
            disclosure: { k, roundTo: disclosure.roundTo || null },
            totals: Object.fromEntries(totals),
            // Omitted: cells whose PUBLISHED value is 0 (and, without data, null), unless asked.
            // A zero shown as "<k" stays in, so the list does not tell zeros apart.
            features: cells
              .filter((c) => zeros || (c.count !== null && (c.count.suppressed || c.count.value > 0)))
              .map((c) => ({
                type: 'Feature',
                id: c.id,
                geometry: c.geometry,
                properties: {
                  id: c.id, gemeente: c.gemeente, count: c.count?.value ?? null, suppressed: c.count?.suppressed ?? false,
                  noData: c.count === null, areaKm2: c.areaKm2, centroid: c.centroid,
                },
              })),
          }),
        };
      },
    });
  });

  router.get('/stats/timeseries', async (req, res) => {
    const q = parseQuery(seriesQuery, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'stats/timeseries',
      prepare: async (known) => {
        if (q.period === 'all' && q.interval !== 'week') throw new InputError('period=all is only offered with interval=week (every point a whole week)', [], { parameter: 'period' });
        return { area: q.area, interval: q.interval, filters: await resolveFilters(db, q, known, { allWeeks: true }) };
      },
      compute: async ({ area, interval, filters }) => {
        const series = await timeSeries(db, area, interval, filters, disclosure);
        return {
          body: JSON.stringify({
            area: { code: series.area.code, name: series.area.name, level: series.area.level },
            interval,
            period: periodInfo(filters.period),
            filters: { category: filters.category, source: filters.source },
            disclosure: { k: series.k, roundTo: disclosure.roundTo || null },
            points: series.points,
          }),
        };
      },
    });
  });
}
