import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { mount, shaped } from '../contract/endpoint.ts';
import { getAreaStatistics, getGrid, getTimeSeries, type Grid } from '../contract/stats.ts';
import { InputError } from '../errors.ts';
import { parseQuery } from '../http.ts';
import type { CellSize } from '../services/areas.ts';
import { resolveFilters } from '../services/filters.ts';
import { cachedResponse, GEOJSON_TYPE, type ResponseCache } from './response-cache.ts';
import { withheldFlag } from '../publish/index.ts';
import { areaStatistics, cellStatistics, periodInfo, timeSeries } from '../services/stats.ts';

/** A cell's polygon as the database gives it (GeoJSON, clipped to the municipality). */
type GridGeometry = Grid['features'][number]['geometry'];

export function statsRoutes(router: Router, { db, config }: AppContext, cache: ResponseCache): void {
  const disclosure = config.disclosure;

  mount(router, getAreaStatistics, async (req, res) => {
    const q = parseQuery(getAreaStatistics.query, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'stats/areas',
      prepare: async (known) => ({ level: q.level, filters: await resolveFilters(db, q, known) }),
      compute: async ({ level, filters }) => ({ body: JSON.stringify(shaped(getAreaStatistics, 200, await areaStatistics(db, level, filters, disclosure))) }),
    });
  });

  mount(router, getGrid, async (req, res) => {
    const q = parseQuery(getGrid.query, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'stats/grid',
      prepare: async (known) => ({ size: q.cell as CellSize, zeros: q.zeros, filters: await resolveFilters(db, q, known) }),
      compute: async ({ size, zeros, filters }) => {
        const { cells, totals, k } = await cellStatistics(db, size, filters, disclosure, cache.versions);
        return {
          contentType: GEOJSON_TYPE,
          body: JSON.stringify(shaped(getGrid, 200, {
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
                type: 'Feature' as const,
                id: c.id,
                geometry: c.geometry as GridGeometry,
                properties: {
                  id: c.id, gemeente: c.gemeente, count: c.count?.value ?? null, suppressed: c.count?.suppressed ?? false,
                  ...withheldFlag(c.count), noData: c.count === null, areaKm2: c.areaKm2, centroid: c.centroid,
                },
              })),
          })),
        };
      },
    });
  });

  mount(router, getTimeSeries, async (req, res) => {
    const q = parseQuery(getTimeSeries.query, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'stats/timeseries',
      prepare: async (known) => {
        if (q.period === 'all' && q.interval !== 'week') throw new InputError('period=all is only offered with interval=week (every point a whole week)', [], { parameter: 'period' });
        return { area: q.area, interval: q.interval, filters: await resolveFilters(db, q, known, { allWeeks: true }) };
      },
      compute: async ({ area, interval, filters }) => {
        const series = await timeSeries(db, area, interval, filters, disclosure);
        return {
          body: JSON.stringify(shaped(getTimeSeries, 200, {
            area: { code: series.area.code, name: series.area.name, level: series.area.level },
            interval,
            period: periodInfo(filters.period),
            filters: { category: filters.category, source: filters.source },
            disclosure: { k: series.k, roundTo: disclosure.roundTo || null },
            points: series.points,
          })),
        };
      },
    });
  });
}
