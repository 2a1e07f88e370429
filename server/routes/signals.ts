import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { mount, shaped } from '../contract/endpoint.ts';
import * as contract from '../contract/signals.ts';
import { InputError } from '../errors.ts';
import { actorOf, jsonBody, parseBody, parseQuery } from '../http.ts';
import type { CellSize } from '../services/areas.ts';
import { periodInfo } from '../services/stats.ts';
import { resolveFilters } from '../services/filters.ts';
import { admitDraft } from './budget.ts';
import { cachedResponse, GEOJSON_TYPE, type ResponseCache } from './response-cache.ts';
import { withheldFlag } from '../publish/index.ts';
import { classMap, discardDraft, ownDraft, hotspots, listSignals, queueView, runDraft, runPublished, setSignalDefaults, signalDefaults } from '../services/signals/index.ts';

// Early signals and the density map: validate with the contract (server/contract/signals.ts) →
// service (server/services/signals/) → the contract's shape.

/** The list, the queue and the class map change with every run (and the queue by the second):
 *  the browser asks again every time. */
const NO_STORE = 'private, no-cache';

type Geometry = contract.HotspotCollection['features'][number]['geometry'];
type Box = [number, number, number, number];

/** A run as stored: its parameters are jsonb, written as the resolved settings (runs since 'v2|'). */
const runOf = <R extends { parameters: Record<string, unknown> }>(run: R | null) =>
  run && { ...run, parameters: run.parameters as contract.RunParameters };

/** Run settings in a body: a JSON object (a list or a number names the body), as the contract
 *  says; defaults are not filled in here (a draft takes the administrator's). */
function runChanges(body: unknown): contract.RunChanges {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InputError('the body must be a JSON object of run parameters', [], { parameter: 'body' });
  return parseBody(contract.RunChanges, body);
}

export function signalRoutes(router: Router, ctx: AppContext, cache: ResponseCache): void {
  const { db, config, logger } = ctx;
  const json = jsonBody('16kb', { strict: false });

  mount(router, contract.getHotspots, async (req, res) => {
    const q = parseQuery(contract.getHotspots.query, req.query);
    // A pure function of the rollups, the cells and the query: cached like the statistics.
    // /emerging and /signals read stored runs and are not cached.
    await cachedResponse(req, res, db, cache, {
      endpoint: 'hotspots',
      prepare: async (known) => ({ cell: q.cell as CellSize, filters: await resolveFilters(db, q, known) }),
      compute: async ({ cell, filters }) => {
        const result = await hotspots(db, cell, filters, config.disclosure, cache.versions);
        return {
          contentType: GEOJSON_TYPE,
          body: JSON.stringify(shaped(contract.getHotspots, 200, {
            type: 'FeatureCollection',
            method: 'Where reports concentrate (density, not an early signal): Getis-Ord Gi* on the published cell counts of the period; queen contiguity; bins numbered as ArcGIS, for q ≤ 0.01/0.05/0.10 after FDR',
            cell,
            period: periodInfo(filters.period),
            filters: { category: filters.category, source: filters.source, gemeente: filters.gemeente },
            disclosure: { k: result.k, roundTo: config.disclosure.roundTo || null },
            studyAreas: result.studyAreas,
            features: result.cells.map((c) => ({
              type: 'Feature' as const,
              id: c.id,
              geometry: c.geometry as Geometry,
              properties: {
                id: c.id, gemeente: c.gemeente, count: c.count?.value ?? null, suppressed: c.count?.suppressed ?? false,
                ...withheldFlag(c.count), noData: c.count === null, areaKm2: c.areaKm2, bin: c.bin,
              },
            })),
          })),
        };
      },
    });
  });

  mount(router, contract.getEmerging, async (req, res) => {
    const q = parseQuery(contract.getEmerging.query, req.query);
    const result = await classMap(db, { category: q.category ?? null, gemeente: q.gemeente ?? null });
    res.set('Cache-Control', NO_STORE).type('application/geo+json').json(shaped(contract.getEmerging, 200, {
      type: 'FeatureCollection',
      method: 'Early-signal classes per buurt from the latest run (new, rising, sudden: lead signals; persistent, falling: map classes; none); see docs/methods.md §9',
      category: q.category ?? null,
      run: runOf(result.run),
      note: result.note,
      features: result.features.map((f) => ({ ...f, geometry: f.geometry as Geometry })),
    }));
  });

  mount(router, contract.getSignals, async (req, res) => {
    const q = parseQuery(contract.getSignals.query, req.query);
    const actor = actorOf(req, res);
    const result = await listSignals(db, {
      category: q.category ?? null, status: q.status ?? null, kind: q.kind ?? null, gemeente: q.gemeente ?? null, limit: q.limit,
      view: q.view, username: actor.username, disclosure: config.disclosure,
    });
    // The asker's own draft, when there is one (nobody else's): the dashboard offers to switch.
    const draft = q.view === 'draft' ? null : await ownDraft(db, actor.username, config.disclosure);
    res.set('Cache-Control', NO_STORE).json(shaped(contract.getSignals, 200, {
      run: runOf(result.run),
      total: result.total,
      signals: result.signals.map((s) => ({ ...s, bbox: s.bbox as Box })),
      view: q.view,
      draft: q.view === 'draft' ? (result.run ? { id: result.run.id, finishedAt: result.run.finishedAt } : null) : draft,
      queue: queueView(db, actor.username),
      disclosure: { k: config.disclosure.k, kSensitive: config.disclosure.kSensitive, roundTo: config.disclosure.roundTo || null },
    }));
  });

  /** An analyst's what-if run: a draft with their changes on top of the defaults, theirs only. */
  mount(router, contract.runDraft, json, async (req, res) => {
    parseQuery(contract.runDraft.query, req.query);
    const changes = runChanges(req.body ?? {});
    const counted = await admitDraft(ctx, req, res, changes);
    const summary = await runDraft(db, actorOf(req, res), changes, config.disclosure);
    counted();
    logger.info({ runId: summary.id, visibility: summary.visibility, timings: summary.timings }, 'signal run finished');
    res.status(201).json(shaped(contract.runDraft, 201, summary));
  });

  mount(router, contract.discardDraft, async (req, res) => {
    parseQuery(contract.discardDraft.query, req.query);
    res.json(shaped(contract.discardDraft, 200, await discardDraft(db, actorOf(req, res))));
  });

  /** Administrators: a published run with the defaults now (after the runs already queued). */
  mount(router, contract.publishNow, async (req, res) => {
    parseQuery(contract.publishNow.query, req.query);
    const summary = await runPublished(db, 'admin', actorOf(req, res), config.disclosure);
    logger.info({ runId: summary.id, visibility: summary.visibility, timings: summary.timings }, 'signal run finished');
    res.status(201).json(shaped(contract.publishNow, 201, summary));
  });

  mount(router, contract.getSignalDefaults, async (req, res) => {
    parseQuery(contract.getSignalDefaults.query, req.query);
    res.set('Cache-Control', NO_STORE).json(shaped(contract.getSignalDefaults, 200, await signalDefaults(db)));
  });

  mount(router, contract.setSignalDefaults, json, async (req, res) => {
    parseQuery(contract.setSignalDefaults.query, req.query);
    const saved = await setSignalDefaults(db, runChanges(req.body ?? {}), actorOf(req, res), {
      disclosure: config.disclosure, onError: (err) => logger.error({ err }, 'signal run after new defaults failed'),
    });
    res.json(shaped(contract.setSignalDefaults, 200, saved));
  });
}
