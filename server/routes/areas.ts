import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { getAreas } from '../contract/areas.ts';
import { mount } from '../contract/endpoint.ts';
import { sql } from '../db/index.ts';
import { NotFoundError } from '../errors.ts';
import { parseQuery } from '../http.ts';
import { cachedResponse, GEOJSON_TYPE, type ResponseCache } from './response-cache.ts';

export function areaRoutes(router: Router, { db }: AppContext, cache: ResponseCache): void {
  mount(router, getAreas, async (req, res) => {
    const q = parseQuery(getAreas.query, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'areas',
      // Boundaries change rarely: the browser may reuse them for 5 minutes without asking.
      cacheControl: 'private, max-age=300',
      // The loaded municipalities come from the per-version lookup: no query on a cache hit.
      prepare: async (known) => {
        if (q.gemeente && !(await known()).gemeenten.has(q.gemeente)) throw new NotFoundError(`gemeente ${q.gemeente} is not loaded`, 'gemeente');
        return { level: q.level, gemeente: q.gemeente ?? null };
      },
      // The FeatureCollection is built in the database (sql/queries/stats/areas-geojson.sql), in
      // the contract's shape (AreaCollection; the OpenAPI test validates it).
      compute: async ({ level, gemeente }) => {
        const [row] = await db.query<{ geojson: string }>(sql('stats/areas-geojson'), [level, gemeente]);
        return { body: row!.geojson, contentType: GEOJSON_TYPE };
      },
    });
  });
}
