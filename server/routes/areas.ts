import { createHash } from 'node:crypto';
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { sql } from '../db/index.ts';
import { NotFoundError } from '../errors.ts';
import { parseQuery } from '../http.ts';

const areasQuery = z.object({
  level: z.enum(['gemeente', 'wijk', 'buurt']).default('buurt'),
  gemeente: z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code like GM1700').optional(),
});

export function areaRoutes(router: Router, { db }: AppContext): void {
  router.get('/areas', async (req, res) => {
    const q = parseQuery(areasQuery, req.query);
    if (q.gemeente) {
      const known = await db.query('SELECT 1 FROM areas WHERE code = $1 AND level = $2', [q.gemeente, 'gemeente']);
      if (known.length === 0) throw new NotFoundError(`gemeente ${q.gemeente} is not loaded`, 'gemeente');
    }
    const [row] = await db.query<{ geojson: string }>(sql('stats/areas-geojson'), [q.level, q.gemeente ?? null]);
    const body = row!.geojson;
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    res.set({ ETag: etag, 'Cache-Control': 'private, max-age=300', 'Content-Type': 'application/geo+json; charset=utf-8' });
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.send(body);
  });
}
