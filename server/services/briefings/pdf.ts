// A briefing as an A4 PDF, made in Node with pdfkit (no browser). The map and charts are the
// scenes of charts.ts (the same ones the HTML page shows as SVG) drawn with pdfkit's vector
// operations; DejaVu Sans Condensed is embedded (subset).
import PDFDocument from 'pdfkit';
import { HATCH_SPACING, mapScene, trendScene, type Scene, type Shape, type Style } from './charts.ts';
import { briefingFonts } from './fonts.ts';
import {
  ATTRIBUTION, LEVEL, NOT_SHOWN, OUTCOME, SIGNAL_CLASS, SIGNAL_KIND, TEXT,
  change, changeParts, count, dateTime, decimal, integer, methodology, period, rate, shortDate, type Lang,
} from './i18n.ts';
import { MAX_SIGNALS, type BriefingModel, type FigureRow } from './model.ts';

const PAGE = { width: 595.28, height: 841.89 };
const M = { top: 40, bottom: 52, left: 40, right: 40 };
const WIDTH = PAGE.width - M.left - M.right;
// Shared with the bulletin (bulletin-pdf.ts).
export const INK = '#1a1a1a';
export const MUTED = '#5a5a5a';
export const RULE = '#c8c8c8';
export const ACCENT = '#08519c';
export const TILE = '#f1f4f8';
export const MAX_PAGES = 4;

export type Doc = PDFKit.PDFDocument;

class Flow {
  y = M.top;
  constructor(readonly doc: Doc) {}
  get bottom() { return PAGE.height - M.bottom; }
  /** Starts a new page unless `height` points still fit. */
  need(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }
  newPage(): void {
    this.doc.addPage();
    this.y = M.top;
  }
}

export function text(doc: Doc, s: string, x: number, y: number, o: { size?: number; bold?: boolean; color?: string; width?: number; align?: 'left' | 'right' | 'center'; lineGap?: number } = {}): number {
  doc.font(o.bold ? 'bold' : 'body').fontSize(o.size ?? 9).fillColor(o.color ?? INK);
  const options = { width: o.width ?? WIDTH, align: o.align ?? 'left', lineGap: o.lineGap ?? 1 };
  const h = doc.heightOfString(s, options);
  doc.text(s, x, y, options);
  return h;
}

/** A one-line cell: the text at `size`, else smaller (down to 6.5 pt), else cut with "…". */
export function fit(doc: Doc, s: string, width: number, size: number, bold: boolean): { text: string; size: number } {
  doc.font(bold ? 'bold' : 'body');
  for (let z = size; z >= 6.5; z -= 0.5) if (doc.fontSize(z).widthOfString(s) <= width) return { text: s, size: z };
  let cut = s;
  doc.fontSize(6.5);
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return { text: `${cut.trimEnd()}…`, size: 6.5 };
}

function heading(f: Flow, s: string, extra = 0): void {
  f.need(24 + extra);
  f.y += 6;
  text(f.doc, s, M.left, f.y, { size: 12, bold: true, color: ACCENT });
  f.y += 16;
  f.doc.moveTo(M.left, f.y).lineTo(M.left + WIDTH, f.y).lineWidth(0.6).strokeColor(ACCENT).stroke();
  f.y += 6;
}

/** Fill and stroke of a shape whose outline `outline()` puts on the current path. */
function paint(doc: Doc, st: Style, outline: () => void, bbox: [number, number, number, number], evenOdd = false): void {
  const rule = evenOdd ? 'even-odd' : 'non-zero';
  if (st.hatch) {
    doc.save();
    outline();
    doc.clip(rule);
    const [x0, y0, x1, y1] = bbox;
    doc.rect(x0, y0, x1 - x0, y1 - y0).fill('#ffffff');
    const span = y1 - y0;
    for (let t = Math.floor((x0 - span) / HATCH_SPACING) * HATCH_SPACING; t < x1; t += HATCH_SPACING) doc.moveTo(t, y1).lineTo(t + span, y0);
    doc.lineWidth(0.7).strokeColor(st.hatch, 1).undash().stroke();
    doc.restore();
  } else if (st.fill && st.fill !== 'none') {
    outline();
    doc.fillColor(st.fill, st.fillOpacity ?? 1).fill(rule);
  }
  if (st.stroke) {
    outline();
    doc.lineWidth(st.strokeWidth ?? 1).strokeColor(st.stroke, st.strokeOpacity ?? 1);
    if (st.dash) doc.dash(st.dash[0], { space: st.dash[1] });
    doc.stroke();
    if (st.dash) doc.undash();
  }
}

function drawShapes(doc: Doc, shapes: Shape[]): void {
  for (const sh of shapes) {
    switch (sh.kind) {
      case 'path':
        paint(doc, sh, () => doc.path(sh.d), sh.bbox, sh.evenOdd);
        break;
      case 'rect':
        paint(doc, sh, () => doc.rect(sh.x, sh.y, sh.w, sh.h), [sh.x, sh.y, sh.x + sh.w, sh.y + sh.h]);
        break;
      case 'circle':
        paint(doc, sh, () => doc.circle(sh.cx, sh.cy, sh.r), [sh.cx - sh.r, sh.cy - sh.r, sh.cx + sh.r, sh.cy + sh.r]);
        break;
      case 'text': {
        doc.font(sh.bold ? 'bold' : 'body').fontSize(sh.size).fillColor(sh.fill, 1);
        const w = sh.anchor && sh.anchor !== 'start' ? doc.widthOfString(sh.text) : 0;
        doc.text(sh.text, sh.x - (sh.anchor === 'middle' ? w / 2 : sh.anchor === 'end' ? w : 0), sh.y, { lineBreak: false, baseline: 'alphabetic' });
        break;
      }
      case 'clip':
        doc.save();
        doc.rect(sh.x, sh.y, sh.w, sh.h).clip();
        drawShapes(doc, sh.shapes);
        doc.restore();
        break;
    }
  }
}

/** Draws a scene with its top left corner at (x, y). */
export function drawScene(doc: Doc, scene: Scene, x: number, y: number): void {
  doc.save();
  doc.translate(x, y);
  drawShapes(doc, scene.shapes);
  doc.restore();
}

function header(f: Flow, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const doc = f.doc;
  text(doc, `${t.app.toUpperCase()} · ${t.docTitle.toUpperCase()}`, M.left, f.y, { size: 7.5, bold: true, color: ACCENT });
  text(doc, t.confidential, M.left, f.y, { size: 7.5, color: MUTED, align: 'right' });
  f.y += 14;
  f.y += text(doc, m.area.name, M.left, f.y, { size: 20, bold: true });
  const where = [`${LEVEL[m.lang][m.area.level]} ${m.area.code}`];
  if (m.area.level === 'buurt' && m.area.parent) where.push(`${m.lang === 'nl' ? 'wijk' : 'district'} ${m.area.parent.name}`);
  if (m.area.level !== 'gemeente') where.push(`${m.lang === 'nl' ? 'gemeente' : 'municipality'} ${m.area.gemeente.name}`);
  if (m.area.inhabitants !== null) where.push(`${integer(m.area.inhabitants, m.lang)} ${t.inhabitants}${m.area.inhabitantsEstimated ? '*' : ''}`);
  f.y += 2;
  f.y += text(doc, where.join(' · '), M.left, f.y, { size: 9.5, color: MUTED });
  const filters = [
    `${t.periodLabel}: ${period(m.periods.current, m.lang)}`,
    `${t.categories}: ${m.filters.categoryLabel ?? t.allCategories}`,
    `${t.sources}: ${m.filters.sourceLabel ?? t.allSources}`,
  ];
  f.y += text(doc, filters.join(' · '), M.left, f.y, { size: 9.5 });
  f.y += 8;
}

function tiles(f: Flow, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const L = m.lang;
  const a = m.total.area;
  const g = m.total.gemeente;
  const estimate = (est: boolean, v: number | null) => (est && v !== null ? '*' : '');
  const prev = changeParts(a.changeVsPrevious, L);
  const last = changeParts(a.changeVsLastYear, L);
  const items: { label: string; value: string; note: string; sub: string }[] = [
    { label: t.reports, value: count(a.count, a.k, L), note: '', sub: g ? `${t.municipality}: ${count(g.count, g.k, L)}` : `${t.previousPeriod}: ${count(a.previous, a.k, L)}` },
    {
      label: t.per1000,
      value: `${rate(a.ratePer1000, L)}${estimate(m.area.inhabitantsEstimated, a.ratePer1000)}`,
      note: '',
      sub: g ? `${t.municipality}: ${rate(g.ratePer1000, L)}${estimate(m.area.gemeente.inhabitantsEstimated, g.ratePer1000)}` : m.area.inhabitants === null ? t.noInhabitants : '',
    },
    { label: t.vsPrevious, value: prev.absolute, note: prev.percent, sub: `${t.previousPeriod}: ${count(a.previous, a.k, L)}${g ? `\n${t.municipality}: ${change(g.changeVsPrevious, L)}` : ''}` },
    { label: t.vsLastYear, value: last.absolute, note: last.percent, sub: `${t.lastYear}: ${count(a.lastYear, a.k, L)}${g ? `\n${t.municipality}: ${change(g.changeVsLastYear, L)}` : ''}` },
  ];
  const gap = 8;
  const w = (WIDTH - gap * 3) / 4;
  const h = 66;
  f.need(h + 6);
  items.forEach((it, i) => {
    const x = M.left + i * (w + gap);
    f.doc.rect(x, f.y, w, h).fill(TILE);
    text(f.doc, it.label, x + 7, f.y + 6, { size: 8, color: MUTED, width: w - 14 });
    text(f.doc, it.value, x + 7, f.y + 17, { size: 17, bold: true, width: w - 14 });
    if (it.note) {
      f.doc.font('bold').fontSize(17);
      const vw = f.doc.widthOfString(it.value);
      text(f.doc, it.note, x + 7 + vw + 5, f.y + 23.5, { size: 9.5, bold: true, color: MUTED, width: w - 19 - vw });
    }
    text(f.doc, it.sub, x + 7, f.y + 41, { size: 7, color: MUTED, width: w - 14, lineGap: 0.5 });
  });
  f.y += h + 6;
}

function categoryTable(f: Flow, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const L = m.lang;
  const withGemeente = m.total.gemeente !== null;
  const cols = withGemeente
    ? [{ w: 128, h: t.colCategory }, { w: 48, h: t.colCount }, { w: 52, h: t.colPrevious }, { w: 48, h: t.colLastYear }, { w: 90, h: t.colChangeLastYear }, { w: 46, h: t.colRate }, { w: 50, h: t.colGemeente }, { w: 53, h: t.colGemeenteRate }]
    : [{ w: 173, h: t.colCategory }, { w: 62, h: t.colCount }, { w: 64, h: t.colPrevious }, { w: 60, h: t.colLastYear }, { w: 100, h: t.colChangeLastYear }, { w: 56, h: t.colRate }];
  const rowH = 13;
  heading(f, t.byCategory, 22 + rowH * (m.categories.length + 1));
  const doc = f.doc;
  let x = M.left;
  cols.forEach((c, i) => {
    text(doc, c.h, x + (i === 0 ? 0 : 2), f.y, { size: 7.2, bold: true, color: MUTED, width: c.w - 4, align: i === 0 ? 'left' : 'right', lineGap: 0 });
    x += c.w;
  });
  f.y += 22;
  const row = (label: string, colour: string | null, a: FigureRow, g: FigureRow | null, bold: boolean, estimated: boolean) => {
    const cells = [
      label,
      count(a.count, a.k, L),
      count(a.previous, a.k, L),
      count(a.lastYear, a.k, L),
      change(a.changeVsLastYear, L),
      `${rate(a.ratePer1000, L)}${estimated && a.ratePer1000 !== null ? '*' : ''}`,
      ...(g ? [count(g.count, g.k, L), rate(g.ratePer1000, L)] : []),
    ];
    let cx = M.left;
    if (colour) doc.rect(cx, f.y + 1.5, 6, 6).fill(colour);
    cells.forEach((v, i) => {
      const c = cols[i]!;
      const width = c.w - (i === 0 ? 10 : 4);
      const fitted = fit(doc, v, width, 8, bold);
      text(doc, fitted.text, cx + (i === 0 ? (colour ? 10 : 0) : 2), f.y + (8 - fitted.size) * 0.7, { size: fitted.size, bold, width, align: i === 0 ? 'left' : 'right' });
      cx += c.w;
    });
    f.y += rowH;
  };
  doc.moveTo(M.left, f.y - 3).lineTo(M.left + WIDTH, f.y - 3).lineWidth(0.5).strokeColor(RULE).stroke();
  for (const c of m.categories) row(c.label, c.colour, c.area, c.gemeente, false, m.area.inhabitantsEstimated);
  doc.moveTo(M.left, f.y - 2).lineTo(M.left + WIDTH, f.y - 2).lineWidth(0.5).strokeColor(RULE).stroke();
  row(m.filters.category ? t.selectedTotal : t.total, null, m.total.area, m.total.gemeente, true, m.area.inhabitantsEstimated);
  f.y += 2;
  const notes: string[] = [];
  if (m.area.inhabitantsEstimated || m.area.gemeente.inhabitantsEstimated) notes.push(t.estimateNote);
  notes.push(`"<k": ${m.lang === 'nl' ? 'afgeschermd aantal' : 'suppressed count'} (k = ${m.disclosure.kBase}, ${m.lang === 'nl' ? 'gevoelige categorieën en totalen' : 'sensitive categories and totals'} ${m.disclosure.kSensitive}); "${NOT_SHOWN}": ${m.lang === 'nl' ? 'niet te berekenen of afgeleid van een afgeschermd aantal' : 'cannot be computed or derived from a suppressed count'}.`);
  f.y += text(doc, notes.join(' '), M.left, f.y, { size: 7, color: MUTED });
  f.y += 4;
}

function mapSection(f: Flow, m: BriefingModel): void {
  if (!m.map) return;
  const t = TEXT[m.lang];
  const h = 300;
  heading(f, t.map, h + 30);
  drawScene(f.doc, mapScene(m.map, m.lang, { legend: t.mapLegendCounts, suppressed: t.mapSuppressed, zero: t.mapNoData, hotspot: t.mapHotspot, signal: t.mapSignal, area: t.mapArea }, WIDTH, h), M.left, f.y);
  f.y += h + 4;
  const note = `${t.mapNote(m.map.cellSize)}${m.map.areas.some((a) => a.target) ? '' : ` ${t.mapNoBoundary}`}`;
  f.y += text(f.doc, note, M.left, f.y, { size: 7, color: MUTED });
  f.y += 4;
}

function trendSection(f: Flow, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const gap = 15;
  const w = (WIDTH - gap) / 2;
  const h = 135;
  heading(f, t.trends, h + 20);
  if (m.trends.length === 0) {
    f.y += text(f.doc, t.trendNone, M.left, f.y, { size: 8.5 });
    return;
  }
  m.trends.forEach((s, i) => {
    if (i % 2 === 0 && i > 0) f.y += h + 8;
    if (i % 2 === 0) f.need(h + 8);
    drawScene(f.doc, trendScene(s, m.lang, s.interval === 'month' ? t.perMonth : t.perWeek, w, h), M.left + (i % 2) * (w + gap), f.y);
  });
  f.y += h + 4;
  f.y += text(f.doc, t.trendNote, M.left, f.y, { size: 7, color: MUTED });
  f.y += 4;
}

function signalSection(f: Flow, m: BriefingModel, maxSignals: number): void {
  const t = TEXT[m.lang];
  const L = m.lang;
  heading(f, t.signals, 40);
  const doc = f.doc;
  const s = m.signals;
  if (!s.run) {
    f.y += text(doc, t.signalsNoRun, M.left, f.y, { size: 8.5 }) + 4;
    return;
  }
  f.y += text(doc, t.signalsIntro(dateTime(s.run.finishedAt, L), s.run.lastDay ? shortDate(s.run.lastDay, L) : '–'), M.left, f.y, { size: 8, color: MUTED }) + 2;
  if (!s.run.current) f.y += text(doc, t.signalsStale, M.left, f.y, { size: 8, bold: true, color: '#9b2226' }) + 2;
  if (s.items.length === 0) {
    f.y += text(doc, t.signalsNone, M.left, f.y, { size: 8.5 }) + 4;
    return;
  }
  f.y += 3;
  for (const item of s.items.slice(0, maxSignals)) {
    const title = `${SIGNAL_CLASS[L][item.classCode] ?? item.classCode} · ${item.categoryLabel ? item.categoryLabel[L] : t.allCategoriesSignal}`;
    const meta = [
      SIGNAL_KIND[L][item.kind] ?? item.kind,
      t.signalStatus[item.status] ?? item.status,
      `${shortDate(item.firstDay, L)} – ${shortDate(item.lastDay, L)}`,
    ].filter(Boolean).join(' · ');
    const body = item.explanation[L];
    doc.font('body').fontSize(8);
    const bodyH = doc.heightOfString(body, { width: WIDTH - 26, lineGap: 1 });
    f.need(bodyH + 26);
    doc.circle(M.left + 8, f.y + 6, 7).fill('#4d004b');
    text(doc, String(item.rank), M.left + 1, f.y + 2.2, { size: 7.5, bold: true, color: '#ffffff', width: 14, align: 'center' });
    text(doc, title, M.left + 22, f.y, { size: 9, bold: true, width: WIDTH - 22 });
    f.y += 12;
    text(doc, meta, M.left + 22, f.y, { size: 7.5, color: MUTED, width: WIDTH - 22 });
    f.y += 10;
    f.y += text(doc, body, M.left + 22, f.y, { size: 8, width: WIDTH - 26 });
    f.y += 6;
  }
  if (s.items.length > maxSignals) f.y += text(doc, t.signalsMore(s.items.length - maxSignals), M.left + 22, f.y, { size: 8, color: MUTED }) + 4;
}

function inspectionSection(f: Flow, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const L = m.lang;
  const i = m.inspections;
  heading(f, t.inspections, 80);
  f.y += text(f.doc, t.inspectionsIntro(period(m.periods.current, L)), M.left, f.y, { size: 8, color: MUTED }) + 4;
  if (i.total && !i.total.suppressed && i.total.value === 0) {
    f.y += text(f.doc, t.inspectionsNone, M.left, f.y, { size: 8.5 }) + 4;
    return;
  }
  const rows = [...i.outcomes.map((o) => [OUTCOME[L][o.outcome] ?? o.outcome, count(o.count, i.k, L)]), [t.inspectionsTotal, count(i.total, i.k, L)]];
  rows.forEach((r, n) => {
    const bold = n === rows.length - 1;
    if (bold) f.doc.moveTo(M.left, f.y - 2).lineTo(M.left + 260, f.y - 2).lineWidth(0.5).strokeColor(RULE).stroke();
    text(f.doc, r[0]!, M.left, f.y, { size: 8.5, bold, width: 190 });
    text(f.doc, r[1]!, M.left + 190, f.y, { size: 8.5, bold, width: 70, align: 'right' });
    f.y += 13;
  });
  f.y += 4;
}

function methodSection(f: Flow, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const items = methodology(m.lang, { k: m.disclosure.kBase, kSensitive: m.disclosure.kSensitive, sensitive: m.disclosure.sensitive, roundTo: m.disclosure.roundTo, cell: 500 });
  heading(f, t.method, 60);
  const doc = f.doc;
  // A light box around the whole section (drawn per page part).
  for (const it of items) {
    doc.font('body').fontSize(8);
    const h = doc.heightOfString(it.body, { width: WIDTH - 16, lineGap: 1 }) + 14;
    f.need(h + 4);
    doc.rect(M.left, f.y, WIDTH, h + 2).fill('#f6f6f2');
    text(doc, it.title, M.left + 8, f.y + 3, { size: 8.5, bold: true, width: WIDTH - 16 });
    text(doc, it.body, M.left + 8, f.y + 14, { size: 8, width: WIDTH - 16 });
    f.y += h + 5;
  }
  const summary = [TEXT[m.lang].suppressedCount(m.suppressed.shown)];
  const s = summary.join(' ');
  doc.font('bold').fontSize(8);
  f.need(doc.heightOfString(s, { width: WIDTH }) + 6);
  f.y += text(doc, s, M.left, f.y, { size: 8, bold: true }) + 4;
}

function dataSection(f: Flow, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const L = m.lang;
  heading(f, t.data, 60);
  const d = m.data;
  const lines = [
    `${t.dataVersion}: ${d.batchId !== null ? `${t.lastImport} #${d.batchId} (${d.kind}, ${dateTime(d.createdAt!, L)})` : '–'}${d.dataFrom ? `; ${t.dataRange} ${shortDate(d.dataFrom, L)} ${t.until} ${shortDate(d.dataTo!, L)}` : ''}.`,
    `${t.generatedAt} ${dateTime(m.generated.at, L)} ${t.generatedBy} ${m.generated.by}${m.generated.role ? ` (${m.generated.role})` : ''}.`,
    `${t.attribution}: ${ATTRIBUTION} (Kadaster / Centraal Bureau voor de Statistiek, 2022). Signaalkaart.`,
  ];
  for (const l of lines) {
    f.need(14);
    f.y += text(f.doc, l, M.left, f.y, { size: 8 }) + 2;
  }
}

function footers(doc: Doc, m: BriefingModel): void {
  const t = TEXT[m.lang];
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - 36;
    doc.moveTo(M.left, y - 4).lineTo(M.left + WIDTH, y - 4).lineWidth(0.4).strokeColor(RULE).stroke();
    text(doc, `${t.app} · ${m.area.name} (${m.area.code}) · ${period(m.periods.current, m.lang)}`, M.left, y, { size: 7, color: MUTED, width: WIDTH - 80 });
    text(doc, `${t.page} ${i + 1} ${t.of} ${range.count}`, M.left, y, { size: 7, color: MUTED, align: 'right' });
    text(doc, `${t.confidential} · ${t.attribution}: ${ATTRIBUTION} · ${dateTime(m.generated.at, m.lang)} · ${m.generated.by}`, M.left, y + 10, { size: 6.5, color: MUTED });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * An A4 PDF with the embedded fonts registered as 'body' and 'bold' (no standard, non-embedded
 * default font: every text sets one), the document information, and its bytes once ended. Shared
 * by the briefing and the bulletin.
 */
export function openPdf(o: {
  margins: { top: number; right: number; bottom: number; left: number };
  bufferPages?: boolean;
  lang: Lang;
  title: string;
  subject: string;
  generated: { at: string; by: string };
}): { doc: Doc; done: Promise<Buffer> } {
  const fonts = briefingFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: o.margins,
    bufferPages: o.bufferPages ?? false,
    font: null as unknown as string,
    lang: o.lang === 'nl' ? 'nl-NL' : 'en-GB',
    displayTitle: true,
    info: { Title: o.title, Author: `Signaalkaart (${o.generated.by})`, Subject: o.subject, Creator: 'Signaalkaart', CreationDate: new Date(o.generated.at) },
  });
  doc.registerFont('body', fonts.regular as unknown as string);
  doc.registerFont('bold', fonts.bold as unknown as string);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

function render(m: BriefingModel, maxSignals: number): Promise<{ pdf: Buffer; pages: number }> {
  const t = TEXT[m.lang];
  const { doc, done } = openPdf({
    margins: M,
    bufferPages: true,
    lang: m.lang,
    title: `${t.docTitle}: ${m.area.name} (${m.area.code}), ${period(m.periods.current, m.lang)}`,
    subject: t.docTitle,
    generated: m.generated,
  });
  const f = new Flow(doc);
  header(f, m);
  tiles(f, m);
  categoryTable(f, m);
  mapSection(f, m);
  trendSection(f, m);
  signalSection(f, m, maxSignals);
  inspectionSection(f, m);
  methodSection(f, m);
  dataSection(f, m);
  const pages = doc.bufferedPageRange().count;
  footers(doc, m);
  doc.end();
  return done.then((pdf) => ({ pdf, pages }));
}

/** The briefing as PDF bytes, A4, two to four pages (fewer signals are listed when needed). */
export async function briefingPdf(m: BriefingModel): Promise<Buffer> {
  let maxSignals = MAX_SIGNALS;
  for (;;) {
    const out = await render(m, maxSignals);
    if (out.pages <= MAX_PAGES || maxSignals === 0) return out.pdf;
    maxSignals = Math.max(0, maxSignals - 3);
  }
}

export type { Lang };
