import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { metaRoutes } from './meta.ts';
import { importRoutes } from './imports.ts';
import { areaRoutes } from './areas.ts';
import { statsRoutes } from './stats.ts';

/** All API routes. Each module registers thin handlers: validate → service → shape. */
export function apiRouter(ctx: AppContext): Router {
  const router = Router();
  metaRoutes(router, ctx);
  areaRoutes(router, ctx);
  statsRoutes(router, ctx);
  importRoutes(router, ctx);
  return router;
}
