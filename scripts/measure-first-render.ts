/**
 * Measures the dashboard's first meaningful map render (navigation start → choropleth drawn,
 * `window.__signaalkaart.firstRenderMs`) in headless Chromium against the real server on a fresh
 * embedded database with the demo data, and shows where the time goes: the request waterfall and
 * the client's own marks.
 *
 *   npx tsx scripts/measure-first-render.ts [--runs 7] [--no-build] [--viewport 1440x900]
 *
 * Every run is a new browser context (cold HTTP cache, new session). The first run also warms the
 * server, so the median of the later runs is the figure to quote. Prints the load average too:
 * the number means little on a busy machine.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startDashboard, waitForMap } from '../tests/e2e/harness.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, 'no-build': { type: 'boolean', default: false }, viewport: { type: 'string', default: '1440x900' } },
});
const runs = Math.max(1, Number(values.runs));
const [width, height] = values.viewport!.split('x').map(Number) as [number, number];

const app = await startDashboard({ build: !values['no-build'] });
const results: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const { page } = await app.open('/', { width, height }, 'analyst');
    await waitForMap(page);
    const report = await page.evaluate(() => {
      const w = (window as unknown as { __signaalkaart: { firstRenderMs: number } }).__signaalkaart;
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
      return { firstRenderMs: Math.round(w.firstRenderMs), resources, marks, domContentLoaded: Math.round(nav.domContentLoadedEventEnd), html: Math.round(nav.responseEnd) };
    });
    results.push(report.firstRenderMs);
    console.log(`\nrun ${i + 1}: first render ${report.firstRenderMs} ms (html ${report.html} ms, DOMContentLoaded ${report.domContentLoaded} ms), load ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
    if (i === 0 || i === runs - 1) {
      for (const r of report.resources) console.log(`  ${String(r.start).padStart(5)}–${String(r.end).padEnd(5)} ${String(r.kB).padStart(7)} kB  ${r.name}`);
      for (const m of report.marks) console.log(`  ${String(m.at).padStart(5)}        mark  ${m.name}`);
    }
    await page.context().close();
  }
} finally {
  await app.close();
}
const later = results.length > 1 ? results.slice(1) : results;
const sorted = [...later].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`\nfirst render, ms: ${results.join(', ')}; median of runs 2–${runs}: ${median}; load average now ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
