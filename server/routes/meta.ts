import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { parseQuery } from '../http.ts';
import { z } from 'zod';
import { categories, health, meta, sources } from '../services/meta.ts';

const none = z.object({});

export function metaRoutes(router: Router, { db, config }: AppContext): void {
  router.get('/health', async (req, res) => {
    parseQuery(none, req.query);
    res.set('Cache-Control', 'no-store').json(await health(db));
  });
  router.get('/meta', async (req, res) => {
    parseQuery(none, req.query);
    res.set('Cache-Control', 'no-cache').json(await meta(db, { defaultGemeente: config.defaultGemeente, minRatePopulation: config.disclosure.minRatePopulation, disclosure: config.disclosure }));
  });
  router.get('/categories', async (req, res) => {
    parseQuery(none, req.query);
    res.json(await categories(db));
  });
  router.get('/sources', async (req, res) => {
    parseQuery(none, req.query);
    res.json(await sources(db));
  });
}
