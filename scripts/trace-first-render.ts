/**
 * Where the CPU goes in the map's first render: Chromium traces of `--runs` first map views
 * (each a new context, after one warm-up view), summed per thread as CPU time (the trace's thread
 * time, so less sensitive to a busy machine than the wall clock), from navigation start to the
 * app's first-render mark. A diagnosis aid beside measure-first-render.ts.
 *
 *   npx tsx scripts/trace-first-render.ts [--no-build] [--runs 3] [--out /tmp/signaalkaart-trace]
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startDashboard, waitForMap } from '../tests/e2e/harness.ts';

const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, out: { type: 'string', default: '/tmp/signaalkaart-trace' }, runs: { type: 'string', default: '3' }, label: { type: 'string', default: '-' } } });
interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: any }

const app = await startDashboard({ build: !values['no-build'] });
try {
  for (let t0 = Date.now(); ; ) {
    const list = await app.api<{ run: { current: boolean } | null }>('/api/signals').catch(() => null);
    if (list?.run?.current || Date.now() - t0 > 180_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  {
    const { page } = await app.open('/?v=map');
    await waitForMap(page);
    await page.context().close();
  }
  for (let run = 1; run <= Number(values.runs); run++) {
    const { page } = await app.open('/?v=trends');
    await page.goto('about:blank');
    const path = `${values.out}-${run}.json`;
    await app.browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'blink.user_timing', 'navigation'] });
    await page.goto(`${app.url}/?v=map`);
    await waitForMap(page);
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('signaalkaart:', ''), Math.round(m.startTime)])));
    await page.waitForTimeout(300);
    await app.browser.stopTracing();
    await page.context().close();
    const events = (JSON.parse(await readFile(path, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const names = new Map<string, string>();
    for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    const t0 = events.find((e) => e.name === 'NavigationTiming navigationStart')!.ts;
    const end = t0 + (marks['map-rendered'] ?? 0) * 1000;
    const create = t0 + (marks['map-create'] ?? 0) * 1000;
    // CPU time of top-level tasks per thread (nested tasks are not counted twice).
    const cpu = new Map<string, { all: number; afterCreate: number }>();
    const open = new Map<string, number>();
    for (const e of events.filter((x) => x.ph === 'X' && /^(RunTask|ThreadControllerImpl::RunTask|ThreadPool_RunTask)$/.test(x.name)).sort((a, b) => a.ts - b.ts)) {
      const thread = (names.get(`${e.pid}:${e.tid}`) ?? '?').replace(/\d+$/, '');
      const key = `${e.pid}:${e.tid}`;
      if ((open.get(key) ?? 0) > e.ts || e.ts < t0 || e.ts > end) continue;
      open.set(key, e.ts + (e.dur ?? 0));
      const c = cpu.get(thread) ?? { all: 0, afterCreate: 0 };
      c.all += (e.tdur ?? e.dur ?? 0) / 1000;
      if (e.ts >= create) c.afterCreate += (e.tdur ?? e.dur ?? 0) / 1000;
      cpu.set(thread, c);
    }
    const pick = ['CrRendererMain', 'DedicatedWorker thread', 'CrGpuMain', 'ThreadPoolForegroundWorker', 'VizCompositorThread'];
    console.log(`TRACE ${values.label} run ${run} load ${loadavg()[0]!.toFixed(1)} marks ${['worker-early', 'meta', 'map-create', 'style-loaded', 'map-rendered'].map((m) => `${m}=${marks[m] ?? '-'}`).join(' ')} | CPU ms to the mark (after map-create): ${pick.map((p) => `${p.replace(' thread', '')}=${Math.round(cpu.get(p)?.all ?? 0)} (${Math.round(cpu.get(p)?.afterCreate ?? 0)})`).join(' ')}`);
  }
} finally {
  await app.close();
}
