import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { changeDispersion } from '../../server/analysis/changeDispersion.ts';
import { compareCounts } from '../../server/analysis/poissonCompare.ts';
import { benjaminiHochberg } from '../../server/analysis/fdr.ts';
import { signalRunsIdle } from '../../server/services/signals/index.ts';
import { startTestServer, type Client, type TestServer } from './server-harness.ts';

// The overview (GET /api/overview) and its bulletin (GET /api/bulletins) on the demo data, on
// whichever engine the run uses: every figure is the one /api/stats publishes for the same area,
// period and filters; verdicts are computed from published counts; hidden counts are never ranked
// or shown; a municipality without data is "no data"; bad input is a 4xx; the bulletin is one
// page, says the same, renders, and is audited.

const exec = promisify(execFile);
type Count = { value: number | null; suppressed: boolean } | null;
type Change = { absolute: number | null; percent: number | null; suppressed: boolean };

let s: TestServer;
let viewer: Client;
let analyst: Client;
let o: any;
beforeAll(async () => {
  s = await startTestServer('demo');
  // The overview summarises the published signal list: saving the (built-in) defaults schedules
  // a published run.
  const defaults = await s.get('/api/signals/defaults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) });
  expect(defaults.status).toBe(200);
  await signalRunsIdle(s.db);
  viewer = await s.client('viewer');
  analyst = await s.client('analyst');
  o = await viewer.json('/api/overview');
});
afterAll(async () => s?.close());

describe('GET /api/overview: figures', () => {
  it('opens on the municipality with data, for the last complete month and 12 months against a year earlier', async () => {
    expect(o.gemeente.code).toBe('GM1700');
    expect(o.noData).toBe(false);
    expect(o.windows.map((w: any) => w.period.token)).toEqual(['last-1m', 'last-12m']);
    const meta = await viewer.json('/api/meta');
    const menu = Object.fromEntries(meta.periods.last.map((p: any) => [p.token, p]));
    for (const w of o.windows) {
      expect({ from: w.period.from, to: w.period.to }).toEqual({ from: menu[w.period.token].from, to: menu[w.period.token].to });
      // The same weeks a year earlier: 12 ISO-week months before.
      expect(w.lastYear.from < w.period.from).toBe(true);
      expect(Date.parse(w.period.from) - Date.parse(w.lastYear.from)).toBeGreaterThanOrEqual(364 * 86_400_000);
    }
    expect(o.windows[1].period.weeks).toBeGreaterThanOrEqual(52);
  });

  it('shows for total and every category exactly the counts /api/stats publishes', async () => {
    for (const w of o.windows) {
      const q = `level=gemeente&gemeente=GM1700&period=${w.period.token}`;
      const total = (await viewer.json(`/api/stats/areas?${q}`)).totals.find((t: any) => t.code === 'GM1700');
      expect(w.total.count).toEqual(total.count);
      expect(w.total.lastYear).toEqual(total.lastYear);
      expect(w.total.change).toEqual(total.changeVsLastYear);
      for (const c of w.categories) {
        const st = (await viewer.json(`/api/stats/areas?${q}&category=${c.code}`)).totals.find((t: any) => t.code === 'GM1700');
        expect(c.count, `${w.period.token} ${c.code}`).toEqual(st.count);
        expect(c.lastYear, `${w.period.token} ${c.code}`).toEqual(st.lastYear);
        expect(c.change).toEqual(st.changeVsLastYear);
      }
    }
  });

  it('draws the sparklines from the published series of /api/stats/timeseries', async () => {
    const w = o.windows[1];
    for (const c of w.categories.slice(0, 3)) {
      const series = await viewer.json(`/api/stats/timeseries?area=GM1700&interval=month&period=${w.period.token}&category=${c.code}`);
      expect(c.series).toEqual(series.points.map((p: any) => ({ label: p.label, count: p.count })));
    }
    const total = await viewer.json(`/api/stats/timeseries?area=GM1700&interval=month&period=${w.period.token}`);
    expect(w.totalSeries).toEqual(total.points.map((p: any) => ({ label: p.label, count: p.count })));
  });

  it('judges "more than chance" from the published counts: Poisson test widened by the buurten\'s dispersion, BH over the categories', async () => {
    // The default windows, and the data's last week: a week has a handful of buurten with ≥ 5
    // reports in it and a year before (far under 10, whatever the perturbation), so it borrows φ.
    const week = (await viewer.json('/api/overview?gemeente=GM1700&period=2026-W47')).windows[0];
    expect(week.period.weeks).toBe(1);
    for (const w of [...o.windows, week]) {
      // The dispersion from the published buurt counts of /api/stats/areas, as anyone can compute it:
      // the period's own, or the last 12 months' where the period has too few buurten with reports.
      const estimate = async (period: string) => {
        const st = await viewer.json(`/api/stats/areas?level=buurt&gemeente=GM1700&period=${period}`);
        return changeDispersion(st.areas.filter((a: any) => !a.noData && a.count && a.lastYear && !a.count.suppressed && !a.lastYear.suppressed).map((a: any) => ({ a: a.count.value, b: a.lastYear.value })));
      };
      const own = await estimate(w.period.token);
      const { phi } = own.areas > 0 ? own : await estimate('last-12m');
      expect(w.dispersionFrom).toBe(own.areas > 0 ? 'period' : 'last-12m');
      expect(w.dispersion).toBeCloseTo(phi, 2);
      // Both sources occur on the demo data: 12 months have well over 10 buurten with ≥ 5 reports,
      // a week a handful (a month, since the demo has repeat reports, about 10: either).
      if (w.period.token === 'last-12m') expect(w.dispersionFrom).toBe('period');
      if (w === week) expect(w.dispersionFrom).toBe('last-12m');
      expect(w.dispersion).toBeGreaterThanOrEqual(1);
      const testable = w.categories.filter((c: any) => c.count && c.lastYear && !c.count.suppressed && !c.lastYear.suppressed);
      const p = testable.map((c: any) => compareCounts(c.count.value, c.lastYear.value, w.period.weeks, w.lastYear.weeks, phi).p);
      const q = benjaminiHochberg(p);
      testable.forEach((c: any, i: number) => {
        expect(c.q).toBeCloseTo(Number(q[i]!.toPrecision(3)), 10);
        expect(c.verdict).toBe(q[i]! <= 0.05 ? (c.count.value / w.period.weeks > c.lastYear.value / w.lastYear.weeks ? 'rise' : 'fall') : 'chance');
        // No ratio against a published 0 (a week of a rare category).
        if (c.lastYear.value === 0) expect(c.rateRatio).toBeNull();
        else expect(c.rateRatio).toBeCloseTo((c.count.value / w.period.weeks) / (c.lastYear.value / w.lastYear.weeks), 12);
      });
      for (const c of w.categories.filter((x: any) => !testable.includes(x))) {
        expect(c.verdict).toBe('hidden');
        expect(c.q).toBeNull();
        expect(c.rateRatio).toBeNull();
      }
    }
    // Not vacuous: most categories are testable in both windows (the demo's plants are drawn at
    // random, so which category rises is not fixed).
    for (const w of o.windows) expect(w.categories.filter((c: any) => c.verdict !== 'hidden').length).toBeGreaterThan(w.categories.length / 2);
  });

  it('ranks wijken and buurten by published changes only; hidden ones are counted, never ranked or shown', async () => {
    for (const w of o.windows) {
      for (const [key, level] of [['wijken', 'wijk'], ['buurten', 'buurt']] as const) {
        const st = await viewer.json(`/api/stats/areas?level=${level}&gemeente=GM1700&period=${w.period.token}`);
        const byCode = new Map<string, any>(st.areas.map((a: any) => [a.code, a]));
        const r = w[key];
        const hidden = st.areas.filter((a: any) => !a.noData && a.changeVsLastYear.suppressed);
        expect(r.hidden).toBe(hidden.length);
        expect(r.areas).toBe(st.areas.filter((a: any) => !a.noData).length);
        const ranked = [...r.rises, ...r.falls];
        for (const a of ranked) {
          const ref = byCode.get(a.code);
          expect(a.count).toEqual(ref.count);
          expect(a.lastYear).toEqual(ref.lastYear);
          expect(a.change).toEqual(ref.changeVsLastYear);
          expect(a.change.suppressed).toBe(false);
        }
        for (const h of hidden) expect(ranked.some((a: any) => a.code === h.code), `${h.code} is hidden`).toBe(false);
        // Largest first, and nothing larger left out.
        const rises = r.rises.map((a: any) => a.change.absolute);
        expect(rises).toEqual([...rises].sort((a, b) => b - a));
        const shown = st.areas.filter((a: any) => !a.noData && !a.changeVsLastYear.suppressed && a.changeVsLastYear.absolute > 0).map((a: any) => a.changeVsLastYear.absolute as number);
        expect(rises[0] ?? null).toBe(shown.length ? Math.max(...shown) : null);
        const falls = r.falls.map((a: any) => a.change.absolute);
        expect(falls).toEqual([...falls].sort((a, b) => a - b));
      }
    }
  });

  it('carries no value where /api/stats shows "<k"', async () => {
    const walk = (v: unknown, visit: (c: Count) => void) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, visit));
      else if (v && typeof v === 'object') {
        if ('suppressed' in v && 'value' in v) visit(v as Count);
        Object.values(v).forEach((x) => walk(x, visit));
      }
    };
    let hidden = 0;
    walk(o, (c) => {
      if (c?.suppressed) {
        hidden++;
        expect(c.value).toBeNull();
      }
    });
    expect(hidden).toBeGreaterThan(0);
    // Changes and verdicts of hidden counts carry nothing either.
    walk(o.windows.flatMap((w: any) => [w.total, ...w.categories]), () => undefined);
    for (const f of o.windows.flatMap((w: any) => [w.total, ...w.categories])) {
      if (f.count?.suppressed || f.lastYear?.suppressed) expect(f.change as Change).toEqual({ absolute: null, percent: null, suppressed: true });
    }
  });

  it('summarises the latest signal run by class and wijk; the signals themselves for analysts only', async () => {
    const signals = await analyst.json('/api/signals?gemeente=GM1700&limit=1000');
    expect(o.signals.total).toBe(signals.signals.length);
    expect(o.signals.new).toBe(signals.signals.filter((x: any) => x.status === 'new').length);
    expect(o.signals.byClass.reduce((n: number, g: any) => n + g.count, 0)).toBe(o.signals.total);
    expect(o.signals.byWijk.reduce((n: number, g: any) => n + g.count, 0)).toBe(o.signals.total);
    for (const g of o.signals.byWijk) if (g.code) expect(g.code).toMatch(/^WK1700\d\d$/);
    expect(o.signals.items).toBeNull();
    const forAnalyst = await analyst.json('/api/overview');
    expect(forAnalyst.signals.items.map((x: any) => x.id).sort()).toEqual(signals.signals.map((x: any) => x.id).sort());
    expect(forAnalyst.windows).toEqual(o.windows);
  });

  it('one period from the menu gives one window with the same figures as /api/stats', async () => {
    const one = await viewer.json('/api/overview?gemeente=GM1700&period=2025-Q3');
    expect(one.windows.map((w: any) => w.period.token)).toEqual(['2025-Q3']);
    const st = (await viewer.json('/api/stats/areas?level=gemeente&gemeente=GM1700&period=2025-Q3')).totals[0];
    expect(one.windows[0].total.count).toEqual(st.count);
  });

  it('a municipality without reports is "no data", never 0', async () => {
    const almelo = await viewer.json('/api/overview?gemeente=GM0141');
    expect(almelo.gemeente.name).toBe('Almelo');
    expect(almelo.noData).toBe(true);
    expect(almelo.dataExtent).toBeNull();
    expect(almelo.windows).toEqual([]);
    expect(JSON.stringify(almelo)).not.toMatch(/"value":0/);
    expect(almelo.signals.total).toBe(0);
  });
});

describe('GET /api/overview and /api/bulletins: bad input is a 4xx JSON error', () => {
  const cases: [string, number, string][] = [
    ['/api/overview?gemeente=XX12', 400, 'gemeente'],
    ['/api/overview?gemeente=GM9999', 404, 'gemeente'],
    ['/api/overview?period=last-5m', 400, 'period'],
    ['/api/overview?period=2026-13', 400, 'period'],
    ['/api/overview?period=x%27%3B--', 400, 'period'],
    ['/api/overview?period=2025&period=2024', 400, 'period'],
    ['/api/overview?category=hennep', 400, 'category'],
    ['/api/bulletins?lang=de', 400, 'lang'],
    ['/api/bulletins?gemeente=GM9999', 404, 'gemeente'],
    ['/api/bulletins?period=1999-W60', 400, 'period'],
  ];
  for (const [url, status, parameter] of cases) {
    it(`${url} → ${status}`, async () => {
      const res = await viewer.get(url);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/json/);
      const body = await res.json();
      expect(body.parameter).toBe(parameter);
    });
  }
  it('needs a login', async () => {
    const anonymous = await s.client(null);
    expect((await anonymous.get('/api/overview')).status).toBe(401);
    expect((await anonymous.get('/api/bulletins')).status).toBe(401);
  });
  it('counts against the daily query budget like other statistics', async () => {
    const before = await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM query_budget WHERE username = 'test-viewer'`);
    await viewer.json('/api/overview?gemeente=GM1700&period=2025-10');
    // The budget records an answered request when its response has finished (not awaited).
    const count = async () => (await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM query_budget WHERE username = 'test-viewer'`))[0]!.n;
    await expect.poll(count).toBe(before[0]!.n + 1);
  });
});

async function pdfLines(bytes: Uint8Array): Promise<{ pages: number; text: string; title: string }> {
  const doc = await getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const parts: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    const rows = new Map<number, { x: number; s: string }[]>();
    for (const i of content.items as { str: string; transform: number[] }[]) {
      const y = Math.round(i.transform[5]!);
      rows.set(y, [...(rows.get(y) ?? []), { x: i.transform[4]!, s: i.str }]);
    }
    for (const [, items] of [...rows].sort((a, b) => b[0] - a[0])) parts.push(items.sort((a, b) => a.x - b.x).map((i) => i.s).join(' '));
  }
  const info = (await doc.getMetadata()).info as { Title?: string };
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text: parts.join('\n').replace(/\s+/g, ' '), title: info.Title ?? '' };
}

describe('GET /api/bulletins', () => {
  let bytes: Uint8Array;
  let res: Response;
  beforeAll(async () => {
    res = await viewer.get('/api/bulletins?lang=nl');
    bytes = new Uint8Array(await res.arrayBuffer());
  });

  it('is a one-page PDF attachment for every role', async () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bulletin-GM1700-.*-nl\.pdf"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const pdf = await pdfLines(bytes);
    expect(pdf.pages).toBe(1);
    expect(pdf.title).toContain('Twenterand');
  });

  it('prints the overview\'s own figures and verdicts in words, and the method note', async () => {
    const pdf = await pdfLines(bytes);
    const nl = new Intl.NumberFormat('nl-NL');
    const year = o.windows[1];
    expect(pdf.text).toContain(`Laatste 12 maanden: ${nl.format(year.total.count.value)} meldingen`);
    expect(pdf.text).toContain(year.total.verdict === 'rise' ? 'stijging groter dan toeval' : year.total.verdict === 'fall' ? 'daling groter dan toeval' : 'binnen wat toeval kan verklaren');
    // The headline line of significant rises is there exactly when the overview has one.
    const rises = year.categories.filter((c: any) => c.verdict === 'rise');
    if (rises.length) expect(pdf.text).toContain('Groter dan toeval gestegen (laatste 12 maanden)');
    else expect(pdf.text).not.toContain('Groter dan toeval gestegen (laatste 12 maanden)');
    for (const c of year.categories) {
      const shown = c.count.suppressed ? `<${c.k}` : nl.format(c.count.value);
      expect(pdf.text).toContain(shown);
    }
    expect(pdf.text).toContain(year.wijken.rises[0].name);
    expect(pdf.text).toContain('licht onzeker gemaakt');
    expect(pdf.text).toMatch(/\d+ actieve signalen/);
  });

  it('speaks English with lang=en', async () => {
    const en = await pdfLines(new Uint8Array(await (await viewer.get('/api/bulletins?lang=en')).arrayBuffer()));
    expect(en.pages).toBe(1);
    expect(en.text).toContain('Last 12 months:');
    expect(en.text).toContain('slightly uncertain');
  });

  it('renders to a page that is not blank (pdftoppm)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bulletin-'));
    try {
      await writeFile(path.join(dir, 'b.pdf'), bytes);
      await exec('pdftoppm', ['-r', '40', '-gray', path.join(dir, 'b.pdf'), path.join(dir, 'page')]);
      const files = (await readdir(dir)).filter((f) => f.endsWith('.pgm'));
      expect(files).toHaveLength(1);
      const img = await readFile(path.join(dir, files[0]!));
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(img.subarray(0, 30).toString('latin1'))!;
      const pixels = img.subarray(img.length - Number(header[1]) * Number(header[2]));
      expect(pixels.reduce((n, v) => n + (v < 200 ? 1 : 0), 0) / pixels.length).toBeGreaterThan(0.03);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('says "geen gegevens" for a municipality without reports', async () => {
    const r = await viewer.get('/api/bulletins?gemeente=GM0141');
    const pdf = await pdfLines(new Uint8Array(await r.arrayBuffer()));
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('geen gegevens');
    expect(pdf.text).not.toMatch(/\b0 meldingen/);
  });

  it('is written to the audit log', async () => {
    const rows = (await s.db.query<{ actor: string; target: string; details: any }>(`SELECT actor, target, details FROM audit_log WHERE action = 'bulletin' ORDER BY id`))
      .map((r) => ({ ...r, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }));
    // The three bulletins above (nl, en, Almelo); refused requests are not audited.
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => [r.actor, r.target, r.details.lang])).toEqual([['test-viewer', 'GM1700', 'nl'], ['test-viewer', 'GM1700', 'en'], ['test-viewer', 'GM0141', 'nl']]);
    expect(rows[0]!.details).toMatchObject({ format: 'pdf', lang: 'nl', gemeente: 'GM1700' });
    expect(rows[0]!.details.periods.map((p: any) => p.period)).toEqual(['last-1m', 'last-12m']);
  });
});
