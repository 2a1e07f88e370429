import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { AppContext } from './context.ts';
import { securityHeaders } from './security-headers.ts';
import { DatabaseUnavailableError } from './db/index.ts';
import { InputError } from './errors.ts';
import { apiRouter } from './routes/index.ts';

/** Re-exported for route modules not yet moved to context.ts (stats, signals): a type-only
 *  import, so no cycle at run time. */
export type { AppContext } from './context.ts';

export const CLIENT_DIST = fileURLToPath(new URL('../dist/client/', import.meta.url));

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  if (ctx.config.trustProxy > 0) app.set('trust proxy', ctx.config.trustProxy);
  app.locals.ctx = ctx;
  app.use(
    pinoHttp({
      logger: ctx.logger,
      // Logs carry method, URL with its query string (the filters asked for: who scripted what
      // must be traceable, docs/disclosure.md) and status — never bodies or cookies.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.slice(0, 2000) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // Who asked: the user of the session (set by the session middleware), for every API request.
      // Added to the completion line itself: pino-http evaluates customProps both when the request
      // starts (no session yet) and when it ends, which wrote the key twice ("user":null,"user":"x").
      customSuccessObject: (_req, res, value: object) => ({ ...value, user: userOf(res) }),
      customErrorObject: (_req, res, _err, value: object) => ({ ...value, user: userOf(res) }),
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => !(req.url ?? '').startsWith('/api/') },
    }),
  );
  // gzip/brotli for API answers (GeoJSON boundaries are megabytes) and the dashboard's assets.
  // A response that already carries a Content-Encoding (e.g. a cached, pre-gzipped statistics
  // answer) is passed through unchanged: the middleware skips it as "already encoded".
  app.use(compressResponses());
  app.use(securityHeaders(ctx.config));
  app.use('/api', cookieParser(), apiRouter(ctx));
  app.use('/api', (_req, _res, next) => next(new InputError('no such API endpoint', [], { status: 404 })));
  app.use(precompressedAssets(CLIENT_DIST));
  app.use(express.static(CLIENT_DIST, { index: 'index.html', setHeaders: staticCacheHeaders(CLIENT_DIST) }));
  // Client-side routes fall back to the app shell.
  app.get(/^\/(?!api\/).*/, (_req, res, next) => {
    res.sendFile(path.join(CLIENT_DIST, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } }, (err) => {
      if (err) next(new InputError('the dashboard is not built: run npm run build (npm start does this)', [], { status: 503 }));
    });
  });
  app.use(errorHandler(ctx.logger));
  return app;
}

const userOf = (res: unknown): string | null => (res as { locals?: { user?: { username: string } } }).locals?.user?.username ?? null;

/** Build output under assets/ carries a content hash in its name: a changed file gets a new name,
 *  so a browser may keep it for a year without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** index.html is revalidated on every load (it names the current hashed assets); other files in
 *  the build's root (none with a hash) keep an hour. */
export function staticCacheHeaders(root: string): (res: Response, file: string) => void {
  return (res, file) => {
    const rel = path.relative(root, file);
    if (rel.startsWith(`assets${path.sep}`)) res.setHeader('Cache-Control', IMMUTABLE);
    else if (rel === 'index.html') res.setHeader('Cache-Control', 'no-cache');
    else res.setHeader('Cache-Control', 'public, max-age=3600');
  };
}

/** The compression middleware as the app uses it (exported for its test). Defaults: responses
 *  under 1 kB and non-compressible types (PDF, PNG) stay as they are; brotli at quality 4 when
 *  the client prefers it, else gzip level 6 — fast enough to run per request. */
export function compressResponses() {
  return compression();
}

/**
 * Serves `/assets/x.js` as the `x.js.br` or `x.js.gz` the build wrote next to it, when the client
 * accepts that encoding. The Content-Encoding is set here, so the compression middleware leaves the
 * body alone. Anything else (no such file, no accepted encoding) falls through to express.static.
 */
export function precompressedAssets(root: string) {
  const assets = path.resolve(root, 'assets');
  return async (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.path.startsWith('/assets/')) return next();
    // Brotli whenever it is accepted (browsers list gzip first, with the same weight).
    const encoding = req.acceptsEncodings('br') === 'br' ? 'br' : req.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : null;
    if (!encoding) return next();
    let file: string;
    try {
      file = path.resolve(root, `.${decodeURIComponent(req.path)}`);
    } catch {
      return next(); // malformed escape: express.static answers it
    }
    // Only files inside assets/ (no ../ out of it).
    if (!file.startsWith(`${assets}${path.sep}`)) return next();
    const compressed = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
    try {
      if (!(await stat(compressed)).isFile()) return next();
    } catch {
      return next();
    }
    res.vary('Accept-Encoding');
    res.set('Content-Encoding', encoding);
    res.type(path.extname(file));
    res.sendFile(compressed, { cacheControl: false, headers: { 'Cache-Control': IMMUTABLE } }, (err) => {
      if (err) next(err);
    });
  };
}

/** Every error leaves as JSON `{ error, detail }`: no stack traces, no SQL. */
function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    // An error before the body was read (e.g. upload too large): close the connection rather
    // than leave unread bytes on a keep-alive socket.
    if (!req.complete) res.set('Connection', 'close');
    if (err instanceof InputError) {
      res.status(err.status).json({
        error: err.message,
        detail: err.details,
        ...(err.parameter ? { parameter: err.parameter } : {}),
        ...(err.code ? { code: err.code } : {}),
        ...(err.params ? { params: err.params } : {}),
        ...(err.problems ? { problems: err.problems } : {}),
      });
      return;
    }
    if (err instanceof DatabaseUnavailableError) {
      res.status(503).json({ error: 'the database is not reachable; try again shortly', detail: [] });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'the request body is not valid JSON', detail: [] });
      return;
    }
    if (e?.type === 'entity.too.large') {
      res.status(413).json({ error: 'the request body is too large', detail: [] });
      return;
    }
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: 'bad request', detail: [] });
      return;
    }
    logger.error({ err, reqId: req.id }, 'unhandled error');
    res.status(500).json({ error: 'internal error', detail: [] });
  };
}
