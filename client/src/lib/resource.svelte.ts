/**
 * A value loaded from the API that follows reactive inputs: create it during component set-up
 * with a function that reads the inputs and returns a loader (or null when there is nothing to
 * load). A newer request aborts an older one, so a slow answer never overwrites a newer one.
 */
import { ForbiddenError, isAbort, NotAvailableError } from './api.ts';

export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'error' | 'unavailable' | 'forbidden';

export class Resource<T> {
  // Raw: API answers are replaced, never mutated, and a deep proxy over GeoJSON coordinates
  // would make every read of a vertex go through the reactivity system (seconds, not ms).
  data = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  status = $state<ResourceStatus>('idle');
  #retries = $state(0);

  constructor(source: () => ((signal: AbortSignal) => Promise<T>) | null, options: { keepStale?: boolean } = {}) {
    $effect(() => {
      void this.#retries;
      const load = source();
      if (!load) {
        this.status = 'idle';
        if (!options.keepStale) this.data = null;
        return;
      }
      const controller = new AbortController();
      this.status = 'loading';
      load(controller.signal).then(
        (data) => {
          if (controller.signal.aborted) return;
          this.data = data;
          this.error = null;
          this.status = 'ready';
        },
        (err: unknown) => {
          if (controller.signal.aborted || isAbort(err)) return;
          if (err instanceof NotAvailableError || err instanceof ForbiddenError) {
            this.status = err instanceof ForbiddenError ? 'forbidden' : 'unavailable';
            this.data = null;
            return;
          }
          this.error = (err as Error).message ?? String(err);
          this.status = 'error';
          if (!options.keepStale) this.data = null;
        },
      );
      return () => controller.abort();
    });
  }

  retry(): void {
    this.#retries++;
  }
}
