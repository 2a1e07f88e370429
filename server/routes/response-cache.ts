import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/index.ts';
import { DataVersionMemo } from '../services/data-version.ts';
import type { Known } from '../services/filters.ts';

/**
 * The HTTP layer's cache of read-only responses (statistics, hot spots, area GeoJSON) that are pure
 * functions of the data and the validated query. Entries are keyed by endpoint + canonical query +
 * the data version of migration 006 (services/data-version.ts), bumped in the same transaction as
 * every write to the tables these responses read, also by other processes (the CLI import).
 *
 * Why reading the version first is safe: each request reads the committed version V *before* it
 * runs any query of the computation, and every query then sees at least the data committed with
 * V (read committed: each statement sees everything committed before it started). So a body
 * stored under V is never older than V. A write that commits during the computation may make the
 * body newer than V — it is then stored under V, which later requests no longer ask for because
 * they read V + 1. The reverse (old data under a new version) cannot happen: the version and
 * the data commit together. Reading the version *after* computing would allow exactly that.
 *
 * Bodies are serialised once, and gzipped once at fill time, so a hit costs one tiny query (the
 * version) and a memcpy; the ETag is the body's hash, so it survives versions that did not
 * change this response.
 */

export interface CachedBody {
  body: Buffer;
  /** Made at fill time; null on the uncached path (no point compressing once per request here:
   *  the compression middleware does that). */
  gzip: Buffer | null;
  etag: string;
  contentType: string;
}

// Off the event loop (libuv's thread pool): a 1 MB body takes ~10 ms to compress.
const gzipAsync = promisify(gzip);

const JSON_TYPE = 'application/json; charset=utf-8';
export const GEOJSON_TYPE = 'application/geo+json; charset=utf-8';

export class ResponseCache {
  private readonly lru: LRUCache<string, CachedBody> | null;
  /** Computations under way, so concurrent misses of one key compute once. */
  private readonly pending = new Map<string, Promise<CachedBody>>();
  /** Per-version memos for the services (kept also when the response cache is off). */
  readonly versions = new DataVersionMemo();

  constructor(maxBytes: number) {
    this.lru = maxBytes > 0
      ? new LRUCache<string, CachedBody>({ maxSize: maxBytes, sizeCalculation: (v, k) => v.body.length + (v.gzip?.length ?? 0) + k.length + 200 })
      : null;
    // A newer version makes every older entry unreachable: drop them now rather than wait for
    // the LRU to push them out.
    this.versions.onNewVersion(() => this.lru?.clear());
  }

  get enabled(): boolean {
    return this.lru !== null;
  }

  /** The cached body for `key` at `version`, computing and storing it on a miss. */
  async get(key: string, version: string, compute: () => Promise<{ body: string; contentType?: string }>): Promise<CachedBody> {
    const fullKey = `${version}\u0000${key}`;
    const hit = this.lru?.get(fullKey);
    if (hit) return hit;
    // A request that joins a computation already under way does not call `compute`: it reports
    // as a hit in X-Cache.
    let promise = this.pending.get(fullKey);
    if (!promise) {
      promise = compute().then(async ({ body, contentType }) => {
        const buffer = Buffer.from(body);
        const entry: CachedBody = { body: buffer, gzip: await gzipAsync(buffer, { level: 6 }), etag: etagOf(buffer), contentType: contentType ?? JSON_TYPE };
        if (this.versions.isCurrent(version)) this.lru?.set(fullKey, entry);
        return entry;
      }).finally(() => this.pending.delete(fullKey));
      this.pending.set(fullKey, promise);
    }
    return promise;
  }
}

/** Weak: the same ETag stands for the plain and the gzipped representation. */
const etagOf = (body: Buffer) => `W/"${createHash('sha1').update(body).digest('base64url')}"`;

/** A body computed without the cache (STATS_CACHE_MB=0), sent the same way. */
export function uncachedBody(body: string, contentType = JSON_TYPE): CachedBody {
  const buffer = Buffer.from(body);
  return { body: buffer, gzip: null, etag: etagOf(buffer), contentType };
}

/** Canonical cache key: endpoint + the validated, resolved query (object keys in a fixed order). */
export function cacheKey(endpoint: string, query: unknown): string {
  return `${endpoint}?${JSON.stringify(query, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v))}`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** Sends a body: 304 when the client has it, gzip when the client accepts it and we have it. */
export function sendBody(req: Request, res: Response, entry: CachedBody, cacheControl: string, state: 'hit' | 'miss' | 'off'): void {
  // X-Cache: for benchmarks, tests and operators; says nothing about the data.
  res.set({ ETag: entry.etag, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding', 'X-Cache': state });
  if (matches(req.get('if-none-match'), entry.etag)) {
    res.status(304).end();
    return;
  }
  res.set('Content-Type', entry.contentType);
  if (entry.gzip && req.acceptsEncodings('gzip') === 'gzip') {
    res.set({ 'Content-Encoding': 'gzip', 'Content-Length': String(entry.gzip.length) }).end(entry.gzip);
    return;
  }
  res.set('Content-Length', String(entry.body.length)).end(entry.body);
}

/**
 * The route helper: reads the data version, resolves the query with `prepare` (which may throw
 * a 4xx, and gets the per-version lookup of known codes), then answers from the cache or from
 * `compute`. Without the cache it is the plain path: prepare, compute, send.
 */
export async function cachedResponse<P>(
  req: Request, res: Response, db: Queryable, cache: ResponseCache,
  options: {
    endpoint: string;
    prepare: (known: () => Promise<Known>) => Promise<P>;
    compute: (prepared: P) => Promise<{ body: string; contentType?: string }>;
    cacheControl?: string;
  },
): Promise<void> {
  const cacheControl = options.cacheControl ?? 'private, no-cache';
  // The version is read before anything else of the request (see the comment at the top).
  const version = await cache.versions.version(db);
  const prepared = await options.prepare(() => cache.versions.known(db, version));
  if (!cache.enabled) {
    const { body, contentType } = await options.compute(prepared);
    sendBody(req, res, uncachedBody(body, contentType), cacheControl, 'off');
    return;
  }
  let state: 'hit' | 'miss' = 'hit';
  const entry = await cache.get(cacheKey(options.endpoint, prepared), version, () => {
    state = 'miss';
    return options.compute(prepared);
  });
  sendBody(req, res, entry, cacheControl, state);
}
