import { describe, expect, it } from 'vitest';
import { MAX_WAITING, RunQueue, type JobInfo } from '../../server/services/signals/runner.ts';
import { lastSlot } from '../../server/services/signals/publication.ts';

// The signal-run queue (server/services/signals/runner.ts): one run at a time, first come first
// served, a failed run does not hold up the next, bounded, one queued draft per analyst.

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));
const job = (by: string, kind: JobInfo['kind'] = 'published'): JobInfo => ({ kind, by, trigger: 'test' });

describe('RunQueue', () => {
  it('runs one job at a time, in the order they came', async () => {
    const q = new RunQueue();
    const log: string[] = [];
    let concurrent = 0;
    let most = 0;
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, k) => q.enqueue(job(`u${k}`), async () => {
      concurrent++;
      most = Math.max(most, concurrent);
      log.push(`start ${k}`);
      await gate.promise;
      log.push(`end ${k}`);
      concurrent--;
      return k;
    }));
    await tick();
    expect(log).toEqual(['start 0']);
    expect(q.state()).toEqual({ running: job('u0'), waiting: [job('u1'), job('u2')] });
    // Finishing the third first changes nothing: it has not started.
    gates[2]!.resolve();
    gates[1]!.resolve();
    await tick();
    expect(log).toEqual(['start 0']);
    gates[0]!.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    expect(most).toBe(1);
    expect(q.state()).toEqual({ running: null, waiting: [] });
  });

  it('goes on after a failed job, and the failure reaches only its own caller', async () => {
    const q = new RunQueue();
    const failing = q.enqueue(job('a'), async () => {
      throw new Error('boom');
    });
    const next = q.enqueue(job('b'), async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('refuses a second queued draft of the same analyst (409) but not of another, nor published runs', async () => {
    const q = new RunQueue();
    const gate = deferred();
    const first = q.enqueue(job('anna', 'draft'), () => gate.promise);
    expect(() => q.enqueue(job('anna', 'draft'), async () => {})).toThrow(expect.objectContaining({ status: 409 }));
    const other = q.enqueue(job('bert', 'draft'), async () => {});
    const published = q.enqueue(job('system'), async () => {});
    gate.resolve();
    await Promise.all([first, other, published]);
    // Once done, anna may queue again.
    await q.enqueue(job('anna', 'draft'), async () => {});
  });

  it(`refuses more than ${MAX_WAITING} waiting runs with 503`, async () => {
    const q = new RunQueue();
    const gate = deferred();
    const all = [q.enqueue(job('x'), () => gate.promise)];
    await tick();
    for (let k = 0; k < MAX_WAITING; k++) all.push(q.enqueue(job(`w${k}`), async () => {}));
    expect(() => q.enqueue(job('late'), async () => {})).toThrow(expect.objectContaining({ status: 503 }));
    gate.resolve();
    await Promise.all(all);
  });

  it('idle() resolves once every queued job has finished', async () => {
    const q = new RunQueue();
    const gate = deferred();
    let finished = 0;
    q.enqueue(job('a'), async () => {
      await gate.promise;
      finished++;
    });
    q.enqueue(job('b'), async () => {
      finished++;
    });
    const idle = q.idle().then(() => finished);
    await tick();
    gate.resolve();
    expect(await idle).toBe(2);
  });
});

describe('nightly slots', () => {
  it('is today at the time once it has passed, else yesterday (local time)', () => {
    expect(lastSlot(new Date(2026, 10, 28, 2, 29), '02:30')).toEqual(new Date(2026, 10, 27, 2, 30));
    expect(lastSlot(new Date(2026, 10, 28, 2, 30), '02:30')).toEqual(new Date(2026, 10, 28, 2, 30));
    expect(lastSlot(new Date(2026, 10, 28, 23, 59), '02:30')).toEqual(new Date(2026, 10, 28, 2, 30));
    // Across a month end.
    expect(lastSlot(new Date(2026, 11, 1, 0, 5), '23:00')).toEqual(new Date(2026, 10, 30, 23, 0));
  });
});
