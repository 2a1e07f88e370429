import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { sql } from '../db/index.ts';
import { NotFoundError } from '../errors.ts';
import { parseQuery } from '../http.ts';
import { cachedResponse, GEOJSON_TYPE, type ResponseCache } from './response-cache.ts';

const areasQuery = z.object({
  level: z.enum(['gemeente', 'wijk', 'buurt']).default('buurt'),
  gemeente: z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code like GM1700').optional(),
});

export function areaRoutes(router: Router, { db }: AppContext, cache: ResponseCache): void {
  router.get('/areas', async (req, res) => {
    const q = parseQuery(areasQuery, req.query);
    await cachedResponse(req, res, db, cache, {
      endpoint: 'areas',
      // Boundaries change rarely: the browser may reuse them for 5 minutes without asking.
      cacheControl: 'private, max-age=300',
      // The loaded municipalities come from the per-version lookup: no query on a cache hit.
      prepare: async (known) => {
        if (q.gemeente && !(await known()).gemeenten.has(q.gemeente)) throw new NotFoundError(`gemeente ${q.gemeente} is not loaded`, 'gemeente');
        return { level: q.level, gemeente: q.gemeente ?? null };
      },
      compute: async ({ level, gemeente }) => {
        const [row] = await db.query<{ geojson: string }>(sql('stats/areas-geojson'), [level, gemeente]);
        return { body: row!.geojson, contentType: GEOJSON_TYPE };
      },
    });
  });
}
