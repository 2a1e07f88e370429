import type { Queryable } from '../db/index.ts';
import { dataVersion } from '../repositories/meta.ts';
import { lookupKnown, type Known } from './filters.ts';

/**
 * Small derived data reused across requests (cell geometries, the codes and coverage filters are
 * checked against), kept per data version: the counter of migration 006, bumped in the transaction
 * of every write to the tables statistics are computed from — also by another process (the CLI
 * import). A memo is never older than the version it was read under; a newer version drops them all.
 * Plain data, no HTTP: the response cache (server/routes/response-cache.ts) builds on it.
 */
export class DataVersionMemo {
  private latest = 0n;
  private memos = new Map<string, Promise<unknown>>();
  private readonly listeners: (() => void)[] = [];

  /** Called whenever a newer data version is seen (the response cache drops its bodies). */
  onNewVersion(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The committed data version: one primary-key read. */
  async version(db: Queryable): Promise<string> {
    const [row] = await dataVersion(db, {});
    const version = row!.version;
    if (BigInt(version) > this.latest) {
      this.latest = BigInt(version);
      this.memos.clear();
      for (const l of this.listeners) l();
    }
    return version;
  }

  /** Whether `version` is the newest seen (an older one would never be asked for again). */
  isCurrent(version: string): boolean {
    return BigInt(version) >= this.latest;
  }

  /** `fn()` once per data version and key. */
  async memo<T>(db: Queryable, key: string, fn: () => Promise<T>): Promise<T> {
    return this.memoAt(await this.version(db), key, fn);
  }

  /** `fn()` once for a version the caller has read already. */
  memoAt<T>(version: string, key: string, fn: () => Promise<T>): Promise<T> {
    const full = `${version}\u0000${key}`;
    let value = this.memos.get(full) as Promise<T> | undefined;
    if (!value) {
      value = fn();
      this.memos.set(full, value);
      // A failed computation must not be remembered.
      value.catch(() => {
        if (this.memos.get(full) === value) this.memos.delete(full);
      });
    }
    return value;
  }

  /** The codes and coverage resolveFilters checks against, once per data version. */
  known(db: Queryable, version: string): Promise<Known> {
    return this.memoAt(version, 'known', () => lookupKnown(db));
  }
}
