/**
 * Measures the dashboard's first render in headless Chromium against the real server on a fresh
 * embedded database with the demo data, and shows where the time goes: the request waterfall and
 * the client's own marks.
 *
 *   npx tsx scripts/measure-first-render.ts [--runs 7] [--no-build] [--viewport 1440x900]
 *                                           [--view map|overview] [--role analyst]
 *
 * `--view map` (default) opens `/?v=map` and measures navigation start → choropleth drawn
 * (`window.__signaalkaart.firstRenderMs`); `--view overview` opens `/` (the landing page) and
 * measures the `signaalkaart:overview` mark (figures on screen).
 *
 * Every run is a new browser context (cold HTTP cache, new session). The first run also warms the
 * server, so the median of the later runs is the figure to quote. The server's scheduled signal
 * run at first start (a worker thread, seconds of CPU) is waited for before the first run, so it
 * does not fall into the measurements. Prints the load average too: the number means little on a
 * busy machine. Also prints the first view's own scripts (everything but MapLibre) as they came
 * over the wire (brotli from the server).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startDashboard, waitForMap } from '../tests/e2e/harness.ts';
import type { Role } from '../server/services/users.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'no-build': { type: 'boolean', default: false },
    viewport: { type: 'string', default: '1440x900' },
    view: { type: 'string', default: 'map' },
    role: { type: 'string', default: 'analyst' },
    label: { type: 'string', default: '' },
  },
});
const runs = Math.max(1, Number(values.runs));
const [width, height] = values.viewport!.split('x').map(Number) as [number, number];
const overview = values.view === 'overview';
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

const app = await startDashboard({ build: !values['no-build'] });
const results: number[] = [];
/** Map only: when the first frame was shown. The app marks the render when MapLibre has issued
 *  the frame ('idle'); without a GPU the browser then still rasterises it on the CPU and reads it
 *  back for the compositor. Two animation frames after the mark it is on screen: a script in the
 *  page (the same for every build) watches for the mark and records that moment. */
const presented: number[] = [];
let firstViewJs: { brotli: number; raw: number; files: string[] } | null = null;
try {
  // The scheduled signal run of the first start (worker thread): let it finish first.
  const t0 = Date.now();
  for (;;) {
    const list = await app.api<{ run: { current: boolean } | null }>('/api/signals').catch(() => null);
    if (list?.run?.current || Date.now() - t0 > 180_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const loadBefore = load();
  for (let i = 0; i < runs; i++) {
    const { page } = await app.open(overview ? '/' : '/?v=map', { width, height }, values.role as Role, {
      // A string, not a function: tsx would wrap a function's inner functions in a helper that
      // does not exist in the page.
      init: `(() => {
        const watch = () => {
          if (window.__signaalkaart?.firstRenderMs == null) return requestAnimationFrame(watch);
          requestAnimationFrame(() => requestAnimationFrame(() => (window.__shownMs = performance.now())));
        };
        requestAnimationFrame(watch);
      })();`,
    });
    if (overview) await page.waitForFunction(() => performance.getEntriesByName('signaalkaart:overview').length > 0, null, { timeout: 60_000 });
    else {
      await waitForMap(page);
      await page.waitForFunction(() => (window as unknown as { __shownMs?: number }).__shownMs !== undefined, null, { timeout: 20_000 }).catch(() => undefined);
    }
    const report = await page.evaluate((overview) => {
      const w = (window as unknown as { __signaalkaart?: { firstRenderMs: number } }).__signaalkaart;
      const shownMs = (window as unknown as { __shownMs?: number }).__shownMs;
      const ms = overview ? performance.getEntriesByName('signaalkaart:overview')[0]!.startTime : w!.firstRenderMs;
      const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
        name: new URL(e.name).pathname + new URL(e.name).search.slice(0, 40),
        start: Math.round(e.startTime),
        end: Math.round(e.responseEnd),
        kB: Math.round(e.transferSize / 102.4) / 10,
        encoded: e.encodedBodySize,
        decoded: e.decodedBodySize,
      }));
      const marks = performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: Math.round(m.startTime) }));
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { ms: Math.round(ms), shown: overview ? null : Math.round(shownMs ?? NaN), resources, marks, domContentLoaded: Math.round(nav.domContentLoadedEventEnd), html: Math.round(nav.responseEnd) };
    }, overview);
    results.push(report.ms);
    if (report.shown !== null && Number.isFinite(report.shown)) presented.push(report.shown);
    console.log(`\nrun ${i + 1}: first render ${report.ms} ms${report.shown ? ` (shown ${report.shown} ms)` : ''} (html ${report.html} ms, DOMContentLoaded ${report.domContentLoaded} ms), load ${load()}`);
    if (i === 0 || i === runs - 1) {
      for (const r of report.resources) console.log(`  ${String(r.start).padStart(5)}–${String(r.end).padEnd(5)} ${String(r.kB).padStart(7)} kB  ${r.name}`);
      for (const m of report.marks) console.log(`  ${String(m.at).padStart(5)}        mark  ${m.name}`);
    }
    if (!firstViewJs) {
      // Scripts fetched before the first render, MapLibre (library and worker) apart.
      const own = report.resources.filter((r) => /\.m?js$/.test(r.name) && !/maplibre/.test(r.name) && r.start <= report.ms);
      firstViewJs = { brotli: own.reduce((s, r) => s + r.encoded, 0), raw: own.reduce((s, r) => s + r.decoded, 0), files: own.map((r) => r.name) };
    }
    await page.context().close();
  }
  const later = results.length > 1 ? results.slice(1) : results;
  const sorted = [...later].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`\n${overview ? 'overview' : 'map'} first render, ms: ${results.join(', ')}; median of runs 2–${runs}: ${median}; load average before ${loadBefore}, now ${load()}`);
  if (firstViewJs)
    console.log(`first-view own JS (before the first render, MapLibre apart): ${(firstViewJs.brotli / 1024).toFixed(1)} kB on the wire (${(firstViewJs.raw / 1024).toFixed(1)} kB raw): ${firstViewJs.files.join(', ')}`);
  const shownLater = presented.length > 1 ? presented.slice(1) : presented;
  const shownMedian = shownLater.length ? [...shownLater].sort((a, b) => a - b)[Math.floor(shownLater.length / 2)] : null;
  if (shownMedian !== null) console.log(`first frame shown, ms: ${presented.join(', ')}; median of runs 2–${runs}: ${shownMedian}`);
  console.log(`RESULT ${values.label || '-'} ${overview ? 'overview' : 'map'} median=${median} runs=${later.join(',')}${shownMedian !== null ? ` shown_median=${shownMedian} shown=${shownLater.join(',')}` : ''} js_br_kB=${((firstViewJs?.brotli ?? 0) / 1024).toFixed(1)} load=${loadBefore}`);
} finally {
  await app.close();
}
