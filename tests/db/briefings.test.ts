import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DEFAULT_DISCLOSURE, formatCount, publisherWith } from '../../server/publish/index.ts';
import { briefingPdf, buildBriefing } from '../../server/services/briefings/index.ts';
import { signalRunsIdle } from '../../server/services/signals/index.ts';
import { SIGNAL_CLASS } from '../../server/services/briefings/i18n.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// Area briefings on the demo data (Twenterand), on whichever engine the run uses: the PDF parses,
// has 2–4 pages, names the area, shows the same figures as the API for the same filters
// (suppressed ones as "<k", never as numbers), renders to non-blank pages, never shows a report
// location, and every briefing is audited.

const exec = promisify(execFile);
const BUURT = 'BU17000402'; // Vroomshoop-West: a planted money-laundering signal (P2) the engine lists
const NAME = 'Vroomshoop-West';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('demo');
  // A signal run, so the briefing has signals to list. Briefings list the published signals:
  // saving the (built-in) defaults schedules a published run.
  const defaults = await s.get('/api/signals/defaults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({}) });
  expect(defaults.status).toBe(200);
  await signalRunsIdle(s.db);
  expect((await s.json('/api/signals')).run.visibility).toBe('published');
});
afterAll(async () => s?.close());

interface Line { y: number; cells: string[]; text: string }
interface PdfText { pages: number; lines: Line[][]; text: string; info: Record<string, unknown> }

/** Text of a PDF as lines (items at the same height, left to right; items closer than 2 pt joined). */
async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const lines: Line[][] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    const items = (content.items as { str: string; transform: number[]; width: number }[])
      .filter((i) => i.str.trim() !== '')
      .map((i) => ({ x: i.transform[4]!, y: Math.round(i.transform[5]!), w: i.width, str: i.str }));
    const byY = new Map<number, typeof items>();
    for (const it of items) {
      const key = [...byY.keys()].find((y) => Math.abs(y - it.y) <= 1) ?? it.y;
      byY.set(key, [...(byY.get(key) ?? []), it]);
    }
    lines.push([...byY.entries()].sort((a, b) => b[0] - a[0]).map(([y, its]) => {
      its.sort((a, b) => a.x - b.x);
      const cells: string[] = [];
      let end = -Infinity;
      for (const it of its) {
        if (cells.length > 0 && it.x - end < 2) cells[cells.length - 1] += it.str;
        else cells.push(it.str);
        end = it.x + it.w;
      }
      return { y, cells: cells.map((c) => c.trim()), text: cells.join(' ') };
    }));
  }
  const info = (await doc.getMetadata()).info as Record<string, unknown>;
  await doc.destroy();
  return { pages: doc.numPages, lines, text: lines.flat().map((l) => l.text).join('\n'), info };
}

async function get(path: string) {
  const res = await s.get(path);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

type Count = { value: number | null; suppressed: boolean };
const fmt = (c: Count | null, k: number, locale = 'nl-NL') => (c === null ? '–' : formatCount(c.suppressed ? { value: null, suppressed: true } : { value: c.value!, suppressed: false }, k, locale));
const SENSITIVE = ['prostitutie', 'adresfraude', 'illegale_bewoning'];
const kOf = (c: string) => (SENSITIVE.includes(c) ? 10 : 5);

/** The table row of a category (first cell = its label). */
function row(t: PdfText, label: string): string[] {
  const line = t.lines.flat().find((l) => l.cells[0] === label);
  expect(line, `row "${label}"`).toBeTruthy();
  return line!.cells;
}

async function auditRows(action: string) {
  return s.db.query<{ actor: string; action: string; target: string; details: Record<string, unknown>; at: string }>(
    `SELECT actor, action, target, details, at::text FROM audit_log WHERE action = $1 ORDER BY id`, [action]);
}

describe('GET /api/briefings/:area.pdf', () => {
  let pdf: PdfText;
  let bytes: Uint8Array;
  beforeAll(async () => {
    const before = (await auditRows('briefing')).length;
    const out = await get(`/api/briefings/${BUURT}.pdf`);
    expect(out.res.status).toBe(200);
    expect(out.res.headers.get('content-type')).toBe('application/pdf');
    expect(out.res.headers.get('content-disposition')).toBe(`attachment; filename="briefing-${BUURT}-last-12m-nl.pdf"`);
    expect(out.res.headers.get('cache-control')).toBe('private, no-store');
    bytes = out.bytes;
    pdf = await pdfText(bytes.slice());
    expect((await auditRows('briefing')).length).toBe(before + 1);
  });

  it('is an A4 PDF of 2–4 pages with the area, the period and the attribution', async () => {
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    expect(pdf.pages).toBeLessThanOrEqual(4);
    const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
    const view = (await doc.getPage(1)).view;
    expect([Math.round(view[2]!), Math.round(view[3]!)]).toEqual([595, 842]);
    await doc.destroy();
    expect(pdf.text).toContain(NAME);
    expect(pdf.text).toContain(`Buurt ${BUURT}`);
    // The default period: the last 12 complete ISO-week months before the data's last week.
    expect(pdf.text).toContain('Periode: laatste 12 maanden (3 november 2025 – 1 november 2026)');
    expect(pdf.text).toContain('CBS / Kadaster, CC-BY 4.0');
    expect(pdf.text).toMatch(/Gemaakt op \d+ \w+ \d{4} om \d{2}:\d{2} \S+ door test-admin \(admin\)/);
    expect(pdf.text).toMatch(/Gegevensversie: laatste import #\d+/);
    for (const section of ['Meldingen per categorie', 'Kaart: het gebied en de omgeving', 'Verloop per categorie', 'Actieve signalen', 'Controles en uitkomsten', 'Methode en afscherming']) expect(pdf.text).toContain(section);
    expect(pdf.info.Title).toContain(NAME);
    expect(pdf.info.Language).toBe('nl-NL');
  });

  it('embeds its fonts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefing-'));
    await writeFile(path.join(dir, 'b.pdf'), bytes);
    const { stdout } = await exec('pdffonts', [path.join(dir, 'b.pdf')], { encoding: 'utf8' }).finally(() => rm(dir, { recursive: true }));
    const fonts = stdout.trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f, f).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/); // embedded, subset, unicode
  });

  it('shows the same key figures as GET /api/stats/areas for the same filters', async () => {
    const api = await s.json('/api/stats/areas?level=buurt');
    const area = api.areas.find((a: any) => a.code === BUURT);
    const gemeente = api.totals.find((t: any) => t.code === 'GM1700');
    const k = api.disclosure.k;
    const total = row(pdf, 'Totaal');
    expect(total[1]).toBe(fmt(area.count, k));
    expect(total[2]).toBe(fmt(area.previous, k));
    expect(total[3]).toBe(fmt(area.lastYear, k));
    expect(total[5]).toBe(`${new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(area.ratePer1000)}*`);
    expect(total[6]).toBe(fmt(gemeente.count, k));
    expect(total[7]).toBe(new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(gemeente.ratePer1000));
    const change = area.changeVsLastYear;
    const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '');
    const pct = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(change.percent));
    expect(total[4]).toBe(`${sign(change.absolute)}${Math.abs(change.absolute)} (${sign(change.percent)}${pct} %)`);
    expect(pdf.text).toContain(`Gemeente: ${fmt(gemeente.count, k)}`);
  });

  it('shows per category exactly what the API publishes, hidden counts as "<k"', async () => {
    const cats = await s.json('/api/categories');
    let suppressed = 0;
    for (const c of cats) {
      const api = await s.json(`/api/stats/areas?level=buurt&category=${c.code}`);
      const a = api.areas.find((x: any) => x.code === BUURT);
      const g = api.totals.find((x: any) => x.code === 'GM1700');
      const cells = row(pdf, c.labelNl);
      const k = kOf(c.code);
      expect(api.disclosure.k).toBe(k);
      for (const [i, count] of [[1, a.count], [2, a.previous], [3, a.lastYear], [6, g.count]] as [number, Count][]) {
        expect(cells[i], `${c.code} column ${i}`).toBe(fmt(count, k));
        if (count.suppressed) suppressed++;
      }
    }
    expect(suppressed).toBeGreaterThan(0);
    expect(pdf.text.replace(/\n/g, ' ')).toMatch(/In deze briefing zijn \d+ aantallen afgeschermd \(getoond als "<k"\)/);
    expect(pdf.text.replace(/\n/g, ' ')).toMatch(/licht onzeker gemaakt/);
  });

  it('lists the active signals of the area with class and explanation', async () => {
    // What the published list has for this buurt (the demo plants money laundering here; which
    // class the engine gives it is the engine's business), each with its class and category.
    const listed = (await s.json('/api/signals?limit=1000')).signals.filter((x: any) => x.highlight.areas.includes(BUURT));
    expect(listed.length).toBeGreaterThan(0);
    for (const x of listed) {
      expect(pdf.text).toContain(`${SIGNAL_CLASS.nl[x.class]} · ${x.categoryLabel ? x.categoryLabel.nl : 'alle categorieën samen'}`);
    }
    expect(pdf.text).toMatch(/meldingen van witwassen/);
    expect(pdf.text).toMatch(/q = 0,\d+/);
    // A q-value, never a "confidence" percentage.
    expect(pdf.text).not.toMatch(/betrouwbaarheid/);
  });

  it('publishes inspections by outcome through the publication layer (all-categories rule, k = 10)', async () => {
    const pub = publisherWith(DEFAULT_DISCLOSURE, SENSITIVE);
    const inPeriod = `buurt_code = $1 AND inspected_on BETWEEN '2025-11-03' AND '2026-11-01'`;
    const [t] = await s.db.query<{ n: number; key: number }>(`SELECT count(*)::integer AS n, (COALESCE(sum(record_key), 0) % 4294967296)::bigint AS key FROM inspections WHERE ${inPeriod}`, [BUURT]);
    expect(row(pdf, 'Controles totaal')[1]).toBe(fmt(pub.count(t!.n, t!.key, { category: null }), 10));
    const byOutcome = await s.db.query<{ outcome: string; n: number; key: number }>(`SELECT outcome, count(*)::integer AS n, (sum(record_key) % 4294967296)::bigint AS key FROM inspections WHERE ${inPeriod} GROUP BY 1`, [BUURT]);
    for (const label of ['Overtreding geconstateerd', 'Geen overtreding', 'Uitkomst onbekend']) expect(row(pdf, label)[1]).toMatch(/^(<10|\d+)$/);
    for (const o of byOutcome) {
      const label = { overtreding: 'Overtreding geconstateerd', geen_overtreding: 'Geen overtreding', onbekend: 'Uitkomst onbekend' }[o.outcome]!;
      expect(row(pdf, label)[1]).toBe(fmt(pub.count(o.n, o.key, { category: null }), 10));
    }
  });

  it('never contains a report location or id', async () => {
    const reports = await s.db.query<{ external_id: string; lon: string; lat: string }>(
      `SELECT external_id, to_char(ST_X(ST_Transform(geom_rd, 4326)), 'FM990.000000') AS lon, to_char(ST_Y(ST_Transform(geom_rd, 4326)), 'FM990.000000') AS lat FROM reports WHERE buurt_code = $1 LIMIT 50`, [BUURT]);
    expect(reports.length).toBeGreaterThan(0);
    expect(pdf.text).not.toMatch(/DEMO-R-|\b5[0-3][.,]\d{4,}\b|\b[67][.,]\d{4,}\b/);
    const html = await (await s.get(`/api/briefings/${BUURT}.html`)).text();
    for (const r of reports) {
      expect(html).not.toContain(r.external_id);
      expect(html).not.toContain(r.lon);
      expect(html).not.toContain(r.lat);
    }
    const raw = Buffer.from(bytes).toString('latin1');
    for (const r of reports.slice(0, 10)) expect(raw).not.toContain(r.lon);
  });

  it('renders to pages that are not blank (pdftoppm)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefing-'));
    try {
      await writeFile(path.join(dir, 'b.pdf'), bytes);
      await exec('pdftoppm', ['-r', '40', '-gray', path.join(dir, 'b.pdf'), path.join(dir, 'page')]);
      const files = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
      expect(files).toHaveLength(pdf.pages);
      for (const f of files) {
        const img = await readFile(path.join(dir, f));
        // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
        const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(img.subarray(0, 30).toString('latin1'))!;
        const [w, h] = [Number(header[1]), Number(header[2])];
        const pixels = img.subarray(img.length - w * h);
        const inked = pixels.reduce((n, v) => n + (v < 200 ? 1 : 0), 0) / pixels.length;
        expect(inked, `${f}: share of dark pixels`).toBeGreaterThan(0.01);
      }
      // The first page holds the map: many distinct grey levels (fills), not just text.
      const first = await readFile(path.join(dir, files[0]!));
      expect(new Set(first.subarray(20)).size).toBeGreaterThan(40);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('filters, languages and levels', () => {
  it('matches the API for a category filter and a period, with "<5" for hidden counts', async () => {
    const q = 'category=hennep&period=last-6m';
    const { res, bytes } = await get(`/api/briefings/${BUURT}.pdf?${q}`);
    expect(res.status).toBe(200);
    const t = await pdfText(bytes);
    expect(t.text).toContain('Periode: laatste 6 maanden (4 mei 2026 – 1 november 2026)');
    expect(t.text).toContain('Categorieën: Hennepteelt');
    const api = await s.json(`/api/stats/areas?level=buurt&${q}`);
    const area = api.areas.find((a: any) => a.code === BUURT);
    expect(api.disclosure.k).toBe(5);
    expect(row(t, 'Totaal (geselecteerd)')[1]).toBe(fmt(area.count, 5));
    expect(row(t, 'Hennepteelt')[1]).toBe(fmt(area.count, 5));
    expect(t.lines.flat().some((l) => l.cells[0] === 'Adresfraude')).toBe(false);
    // No sensitive category in the filter: the table uses k = 5 throughout (inspections, which are
    // not split by category, keep the strict k).
    for (const label of ['Hennepteelt', 'Totaal (geselecteerd)']) expect(row(t, label).join(' ')).not.toContain('<10');
    // Six months are shown per ISO-week month: exactly the period's months, as the API gives them.
    const series = await s.json(`/api/stats/timeseries?area=${BUURT}&interval=month&${q}`);
    expect(series.points.map((p: any) => p.label)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
  });

  it('speaks English with English number formats (lang=en)', async () => {
    const { res, bytes } = await get('/api/briefings/GM1700.pdf?lang=en');
    expect(res.status).toBe(200);
    const t = await pdfText(bytes);
    expect(t.pages).toBeGreaterThanOrEqual(2);
    expect(t.pages).toBeLessThanOrEqual(4);
    expect(t.text).toContain('Twenterand');
    expect(t.text).toContain('Reports by category');
    expect(t.text).toContain('Municipality (gemeente) GM1700');
    expect(t.info.Language).toBe('en-GB');
    const api = await s.json('/api/stats/areas?level=gemeente');
    const g = api.areas.find((a: any) => a.code === 'GM1700');
    expect(row(t, 'Total')[1]).toBe(fmt(g.count, 10, 'en-GB'));
    expect(fmt(g.count, 10, 'en-GB')).toMatch(/^\d{1,3},\d{3}$/);
    // A gemeente briefing has no "compared with the municipality" columns.
    expect(row(t, 'Total')).toHaveLength(6);
  });

  it('makes a wijk briefing within four pages, and an HTML version with the same figures', async () => {
    const { res, bytes } = await get('/api/briefings/WK170004.pdf');
    expect(res.status).toBe(200);
    const t = await pdfText(bytes);
    expect(t.pages).toBeGreaterThanOrEqual(2);
    expect(t.pages).toBeLessThanOrEqual(4);
    const html = await s.get('/api/briefings/WK170004.html?lang=nl');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const text = await html.text();
    expect(text).toMatch(/^<!DOCTYPE html><html lang="nl">/);
    expect(text).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const api = await s.json('/api/stats/areas?level=wijk');
    const w = api.areas.find((a: any) => a.code === 'WK170004');
    expect(text).toContain(`<h1>${w.name}</h1>`);
    expect(text).toContain(`<tr class="total"><td>Totaal</td><td>${fmt(w.count, 10)}</td>`);
    expect(row(t, 'Totaal')[1]).toBe(fmt(w.count, 10));
  });

  it('keeps to four pages when an area has many signals', async () => {
    const model = await buildBriefing(s.db, 'GM1700', {}, { lang: 'nl', disclosure: DEFAULT_DISCLOSURE, actor: { username: 'test' } });
    const many = { ...model, signals: { ...model.signals, items: Array.from({ length: 60 }, (_, i) => ({ ...model.signals.items[i % model.signals.items.length]!, rank: i + 1 })) } };
    expect(model.signals.items.length).toBeGreaterThan(0);
    const t = await pdfText(new Uint8Array(await briefingPdf(many)));
    expect(t.pages).toBeLessThanOrEqual(4);
    expect(t.text).toMatch(/En nog \d+ signalen: zie het dashboard/);
  });
});

describe('validation and audit', () => {
  it('answers 404 JSON for an unknown area and 400 JSON naming the parameter', async () => {
    const cases: [string, number, string][] = [
      ['/api/briefings/BU99999999.pdf', 404, 'areaCode'],
      ['/api/briefings/XX1234.pdf', 400, 'areaCode'],
      ['/api/briefings/BU17000402.pdf?lang=fr', 400, 'lang'],
      ['/api/briefings/BU17000402.pdf?from=2026-13-01', 400, 'from'],
      ['/api/briefings/BU17000402.html?from=2026-06-01&to=2026-01-01', 400, 'from'],
      ['/api/briefings/BU17000402.html?from=2026-06-01&to=2026-06-30', 400, 'from'],
      ['/api/briefings/BU17000402.pdf?category=hennep,drugslab', 400, 'category'],
      ['/api/briefings/BU17000402.pdf?period=2026-06-01', 400, 'period'],
      ['/api/briefings/BU17000402.pdf?category=nope', 400, 'category'],
      ['/api/briefings/BU17000402.pdf?gemeente=GM1700', 400, 'gemeente'],
      ['/api/briefings/BU17000402.docx', 404, 'areaCode'],
    ];
    const before = (await auditRows('briefing')).length;
    for (const [url, status, parameter] of cases) {
      const res = await s.get(url);
      expect(res.status, url).toBe(status);
      expect(res.headers.get('content-type'), url).toMatch(/application\/json/);
      const body = await res.json();
      expect(body.parameter, url).toBe(parameter);
      expect(typeof body.error).toBe('string');
    }
    expect((await auditRows('briefing')).length).toBe(before);
  });

  it('writes who, what, which filters and when to the audit log for every briefing', async () => {
    const analyst = await s.client('analyst');
    const before = (await auditRows('briefing')).length;
    const res = await analyst.get('/api/briefings/BU17000402.html?category=adresfraude&period=2026-Q2&lang=en');
    expect(res.status).toBe(200);
    const rows = await auditRows('briefing');
    expect(rows).toHaveLength(before + 1);
    const last = rows[rows.length - 1]!;
    expect(last).toMatchObject({ actor: 'test-analyst', action: 'briefing', target: 'BU17000402' });
    expect(last.details).toEqual({ format: 'html', lang: 'en', category: 'adresfraude', source: null, period: '2026-Q2', from: '2026-03-30', to: '2026-06-28' });
    expect(Date.now() - Date.parse(last.at)).toBeLessThan(60_000);
    expect((await (await s.client('viewer')).get('/api/briefings/BU17000402.pdf')).status).toBe(403);
  });
});

describe('a configured threshold', () => {
  let k7: TestServer;
  beforeAll(async () => {
    k7 = await startTestServer('demo', { DISCLOSURE_K: '7' });
  });
  afterAll(async () => k7?.close());

  it('shows suppressed counts as "<7"', async () => {
    const res = await k7.get(`/api/briefings/${BUURT}.pdf?category=hennep`);
    expect(res.status).toBe(200);
    const t = await pdfText(new Uint8Array(await res.arrayBuffer()));
    const api = await k7.json(`/api/stats/areas?level=buurt&category=hennep`);
    expect(api.disclosure.k).toBe(7);
    expect(t.text).toContain('<7');
    expect(t.text).not.toMatch(/<5\b/);
    const a = api.areas.find((x: any) => x.code === BUURT);
    expect(row(t, 'Hennepteelt')[1]).toBe(fmt(a.count, 7));
  });
});
