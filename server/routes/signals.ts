import express, { type Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { InputError } from '../errors.ts';
import { actorOf, parseQuery } from '../http.ts';
import { CELL_SIZES, type CellSize } from '../services/areas.ts';
import { periodInfo } from '../services/stats.ts';
import { filterShape, resolveFilters } from '../services/filters.ts';
import { cachedResponse, GEOJSON_TYPE, type ResponseCache } from './response-cache.ts';
import { classMap, discardDraft, ownDraft, hotspots, listSignals, queueView, runDraft, runPublished, setSignalDefaults, signalDefaults } from '../services/signals/index.ts';

const cellSize = z.enum(CELL_SIZES.map(String) as [string, ...string[]], { message: `must be one of ${CELL_SIZES.join(', ')} (metres)` });
const oneCategory = z.string().regex(/^[a-z_]{1,40}$/, 'is one lower-case category code like hennep');
const gemeente = z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code like GM1700');

const hotspotQuery = z.object({ ...filterShape, cell: cellSize.default('500').transform(Number) });
const emergingQuery = z.object({
  category: oneCategory.optional(),
  gemeente: gemeente.optional(),
});
const signalQuery = z.object({
  category: z.union([z.literal('all'), oneCategory]).optional(),
  status: z.enum(['new', 'ongoing']).optional(),
  kind: z.enum(['lead', 'map']).optional(),
  gemeente: gemeente.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  view: z.enum(['published', 'draft']).default('published'),
});

const NO_STORE = 'private, no-cache';

export function signalRoutes(router: Router, { db, config, logger }: AppContext, cache: ResponseCache): void {

  router.get('/hotspots', async (req, res) => {
    const q = parseQuery(hotspotQuery, req.query);
    // A pure function of the rollups, the cells and the query: cached like the statistics.
    // /emerging and /signals read stored runs and are not cached.
    await cachedResponse(req, res, db, cache, {
      endpoint: 'hotspots',
      prepare: async (known) => ({ cell: q.cell as CellSize, filters: await resolveFilters(db, q, known) }),
      compute: async ({ cell, filters }) => {
        const result = await hotspots(db, cell, filters, config.disclosure);
        return {
          contentType: GEOJSON_TYPE,
          body: JSON.stringify({
            type: 'FeatureCollection',
            method: 'Where reports concentrate (density, not an early signal): Getis-Ord Gi* on the published cell counts of the period; queen contiguity; confidence bins as ArcGIS, with FDR',
            cell,
            period: periodInfo(filters.period),
            filters: { category: filters.category, source: filters.source, gemeente: filters.gemeente },
            disclosure: { k: result.k, roundTo: config.disclosure.roundTo || null },
            studyAreas: result.studyAreas,
            features: result.cells.map((c) => ({
              type: 'Feature',
              id: c.id,
              geometry: c.geometry,
              properties: {
                id: c.id, gemeente: c.gemeente, count: c.count?.value ?? null, suppressed: c.count?.suppressed ?? false,
                noData: c.count === null, areaKm2: c.areaKm2, bin: c.bin,
              },
            })),
          }),
        };
      },
    });
  });

  router.get('/emerging', async (req, res) => {
    const q = parseQuery(emergingQuery, req.query);
    const result = await classMap(db, { category: q.category ?? null, gemeente: q.gemeente ?? null });
    res.set('Cache-Control', NO_STORE).type('application/geo+json').json({
      type: 'FeatureCollection',
      method: 'Early-signal classes per buurt from the latest run (new, rising, sudden: lead signals; persistent, falling: map classes; none); see docs/methods.md §9',
      category: q.category ?? null,
      run: result.run,
      note: result.note,
      features: result.features,
    });
  });

  router.get('/signals', async (req, res) => {
    const q = parseQuery(signalQuery, req.query);
    const actor = actorOf(req, res);
    const result = await listSignals(db, {
      category: q.category ?? null, status: q.status ?? null, kind: q.kind ?? null, gemeente: q.gemeente ?? null, limit: q.limit,
      view: q.view, username: actor.username,
    });
    // The asker's own draft, when there is one (nobody else's): the dashboard offers to switch.
    const draft = q.view === 'draft' ? null : await ownDraft(db, actor.username);
    res.set('Cache-Control', NO_STORE).json({
      ...result,
      view: q.view,
      draft: q.view === 'draft' ? (result.run ? { id: result.run.id, finishedAt: result.run.finishedAt } : null) : draft,
      queue: queueView(db, actor.username),
      disclosure: { k: config.disclosure.k, kSensitive: config.disclosure.kSensitive, roundTo: config.disclosure.roundTo || null },
    });
  });

  /** An analyst's what-if run: a draft with their changes on top of the defaults, theirs only. */
  router.post('/signals/run', express.json({ limit: '16kb', strict: false }), async (req, res) => {
    parseQuery(z.object({}), req.query);
    const summary = await runDraft(db, actorOf(req, res), req.body ?? {}, config.disclosure);
    logger.info({ runId: summary.id, visibility: summary.visibility, timings: summary.timings }, 'signal run finished');
    res.status(201).json(summary);
  });

  router.delete('/signals/draft', async (req, res) => {
    parseQuery(z.object({}), req.query);
    res.json(await discardDraft(db, actorOf(req, res)));
  });

  /** Administrators: a published run with the defaults now (after the runs already queued). */
  router.post('/signals/publish', async (req, res) => {
    parseQuery(z.object({}), req.query);
    const summary = await runPublished(db, 'admin', actorOf(req, res), config.disclosure);
    logger.info({ runId: summary.id, visibility: summary.visibility, timings: summary.timings }, 'signal run finished');
    res.status(201).json(summary);
  });

  router.get('/signals/defaults', async (req, res) => {
    parseQuery(z.object({}), req.query);
    res.set('Cache-Control', NO_STORE).json(await signalDefaults(db));
  });

  router.put('/signals/defaults', express.json({ limit: '16kb', strict: false }), async (req, res) => {
    parseQuery(z.object({}), req.query);
    const body: unknown = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InputError('the body must be a JSON object of run parameters', [], { parameter: 'body' });
    const saved = await setSignalDefaults(db, body, actorOf(req, res), { disclosure: config.disclosure, onError: (err) => logger.error({ err }, 'signal run after new defaults failed') });
    res.json(saved);
  });
}
