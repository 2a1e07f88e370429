import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { secureRouter } from './access.ts';
import { authRoutes, sessionMiddleware } from './auth.ts';
import { metaRoutes } from './meta.ts';
import { importRoutes } from './imports.ts';
import { areaRoutes } from './areas.ts';
import { statsRoutes } from './stats.ts';
import { signalRoutes } from './signals.ts';
import { userRoutes } from './users.ts';
import { exportRoutes } from './exports.ts';
import { overviewRoutes } from './overview.ts';
import { BUDGETED, queryBudget } from './budget.ts';
import { ResponseCache } from './response-cache.ts';
import { warmStatistics } from '../services/stats.ts';
import { health } from '../services/meta.ts';

/** All API routes. Each module registers thin handlers: validate → service → shape; every route
 *  passes its rule from the access table (server/routes/access.ts) first. */
export function apiRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(sessionMiddleware(ctx));
  // Distinct statistics requests per user per day are counted and capped (docs/disclosure.md).
  router.use(BUDGETED, queryBudget(ctx));
  // One cache per app: statistics, hot spots and area GeoJSON (server/routes/response-cache.ts).
  const cache = new ResponseCache(ctx.config.statsCacheBytes);
  // The statistics' in-memory rollups are loaded now and again whenever the data change, in the
  // background, so no request waits for them (services/rollup-store.ts).
  // /api/health's row counts likewise (a million reports take 0.1-0.3 s to count).
  const warm = () => Promise.all([warmStatistics(ctx.db, cache.versions), health(ctx.db)]).catch((err) => ctx.logger.warn({ err }, 'could not load the statistics rollups ahead'));
  void warm();
  cache.versions.onNewVersion(() => void warm());
  const secured = secureRouter(router);
  authRoutes(secured, ctx);
  metaRoutes(secured, ctx);
  areaRoutes(secured, ctx, cache);
  statsRoutes(secured, ctx, cache);
  importRoutes(secured, ctx);
  signalRoutes(secured, ctx, cache);
  userRoutes(secured, ctx);
  exportRoutes(secured, ctx);
  overviewRoutes(secured, ctx, cache);
  return secured;
}
