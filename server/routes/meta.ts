import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { getCategories, getHealth, getMeta, getSources } from '../contract/meta.ts';
import { mount, shaped } from '../contract/endpoint.ts';
import { parseQuery } from '../http.ts';
import { categories, health, meta, sources } from '../services/meta.ts';

export function metaRoutes(router: Router, { db, config }: AppContext): void {
  mount(router, getHealth, async (req, res) => {
    parseQuery(getHealth.query, req.query);
    res.set('Cache-Control', 'no-store').json(shaped(getHealth, 200, await health(db)));
  });
  mount(router, getMeta, async (req, res) => {
    parseQuery(getMeta.query, req.query);
    const body = await meta(db, { defaultGemeente: config.defaultGemeente, minRatePopulation: config.disclosure.minRatePopulation, disclosure: config.disclosure });
    res.set('Cache-Control', 'no-cache').json(shaped(getMeta, 200, body));
  });
  mount(router, getCategories, async (req, res) => {
    parseQuery(getCategories.query, req.query);
    res.json(shaped(getCategories, 200, await categories(db)));
  });
  mount(router, getSources, async (req, res) => {
    parseQuery(getSources.query, req.query);
    res.json(shaped(getSources, 200, await sources(db)));
  });
}
