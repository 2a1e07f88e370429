/**
 * The signal list's run queue in the browser (client/src/lib/signals.svelte.ts): while a run is
 * running or waiting, the client asks /api/signals again every 4 s, so that "running" does not
 * outlive the run; once the queue is idle it stops asking.
 *
 * The server's answers are the real ones; only their `queue` is rewritten (page.route) to say
 * "running" for as long as the test wants, because a real run on the demo data is over before
 * a poll or two could be watched, and its length depends on the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, startDashboard, type Dashboard } from './harness.ts';

let app: Dashboard;

beforeAll(async () => {
  app = await startDashboard();
});
afterAll(async () => app?.close());

describe('signal run queue', () => {
  it('is asked again every 4 s while a run is busy, and no more once it is idle', async () => {
    const tracked = await app.open('/?v=signals', DESKTOP, 'analyst');
    const { page } = tracked;
    // The dashboard's start-up run must be over first: when it finishes the list is fetched again,
    // a request that is not a poll. The queue counts a scheduled run from the moment it is
    // scheduled (publication.ts queueView); before that fix the run's check "is the list
    // current?" looked idle, and this wait passed too early.
    const url = page.url();
    const origin = new URL(url).origin;
    await expect.poll(async () => {
      const queue = (await (await page.request.get(`${origin}/api/signals`)).json()).queue;
      return queue?.running === false && queue?.waiting === 0;
    }, { timeout: 120_000, interval: 500 }).toBe(true);
    // Then the page that watched the start-up run goes: its own poll timer (4 s, running while
    // that run was busy) could still fire once after the route below is in place, a request
    // 0.3-0.8 s before the new page's first (seen in full runs, where the machine is busier).
    await page.goto('about:blank');
    let busy = true;
    /** When each /api/signals request went out (ms, test clock), and what its queue said. */
    const requests: { at: number; busy: boolean }[] = [];
    await page.route(/\/api\/signals(\?|$)/, async (route) => {
      const at = Date.now();
      const saidBusy = busy;
      const response = await route.fetch();
      const json = await response.json();
      json.queue = saidBusy ? { running: true, waiting: 1, yourDraft: null } : { running: false, waiting: 0, yourDraft: null };
      requests.push({ at, busy: saidBusy });
      await route.fulfill({ response, json });
    });
    await page.goto(url);

    // Busy: the first answer, then at least three polls, each about 4 s after the previous answer.
    await expect.poll(() => requests.length, { timeout: 40_000, interval: 250 }).toBeGreaterThanOrEqual(4);
    const gaps = requests.slice(1, 4).map((r, i) => r.at - requests[i]!.at);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(3_500);
      // 4 s after the previous answer came back; a loaded machine answers slowly.
      expect(gap).toBeLessThan(9_000);
    }
    expect(await page.locator('.signals').count()).toBe(1);

    // Idle: the next poll says so, and after it nothing more is asked.
    busy = false;
    await expect.poll(() => requests.some((r) => !r.busy), { timeout: 15_000, interval: 250 }).toBe(true);
    const afterIdle = requests.length;
    await page.waitForTimeout(10_000);
    expect(requests.length, 'requests after the queue went idle').toBe(afterIdle);

    // Busy again (another run queued, seen with the next list request): polling starts again.
    busy = true;
    // A category change asks for the list again (a new query for the shared list).
    const before = requests.length;
    await page.locator('input[name=category]').nth(1).check();
    await expect.poll(() => requests.length, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(before + 2);
    expect(tracked.problems, tracked.problems.join('\n')).toEqual([]);
  });
});
