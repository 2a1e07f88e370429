// The one-page bulletin for the mayor and the driehoek: the overview (server/services/overview.ts)
// as an A4 PDF. Same machinery as the area briefings (pdfkit, DejaVu fonts, the scene drawing and
// formatters of pdf.ts / i18n.ts); every number is a figure of the overview, so the bulletin and
// the Overzicht view never differ.
import type { PublishedCount } from '../../publish/index.ts';
import type { AreaChange, CategoryFigure, Figure, Overview, OverviewWindow, Verdict } from '../overview.ts';
import { BULLETIN_TEXT, VERDICT } from './bulletin-i18n.ts';
import { lineColour, type Scene, type Shape } from './charts.ts';
import { ATTRIBUTION, SIGNAL_CLASS, change, count, date, dateTime, periodName, shortDate, type Lang } from './i18n.ts';
import { ACCENT, INK, MUTED, RULE, TILE, drawScene, fit, openPdf, text, type Doc } from './pdf.ts';

const PAGE = { width: 595.28, height: 841.89 };
const M = { top: 36, bottom: 40, left: 40, right: 40 };
const WIDTH = PAGE.width - M.left - M.right;
const RISE = '#a50f15';
const FALL = '#08519c';

export interface BulletinInput {
  overview: Overview;
  lang: Lang;
  generated: { at: string; by: string };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const spanOf = (w: OverviewWindow, lang: Lang) => periodName(w.period.token, lang);

/** Short verdict words for the table (the legend under it says them in full). */
const SHORT: Record<Lang, Record<Verdict, string>> = {
  nl: { rise: 'stijging', fall: 'daling', chance: 'binnen toeval', hidden: 'afgeschermd', 'no-data': 'geen gegevens' },
  en: { rise: 'rise', fall: 'fall', chance: 'within chance', hidden: 'suppressed', 'no-data': 'no data' },
};
const verdictColour = (v: Verdict) => (v === 'rise' ? RISE : v === 'fall' ? FALL : MUTED);

/** A sparkline of published counts: a line through the shown values; a hidden one is a hatched
 *  bar from 0 to k (somewhere below k), a bucket without data is left empty. */
export function sparkScene(points: { count: PublishedCount | null }[], k: number, colour: string, width: number, height: number): Scene {
  const shapes: Shape[] = [];
  const values = points.map((p) => (!p.count ? 0 : p.count.suppressed ? k : p.count.value));
  const max = Math.max(k, ...values, 1);
  const n = points.length;
  const step = n > 1 ? width / (n - 1) : width;
  const x = (i: number) => (n > 1 ? i * step : width / 2);
  const y = (v: number) => height - 1 - (v / max) * (height - 2);
  const c = lineColour(colour);
  shapes.push({ kind: 'path', d: `M0,${height - 0.5} L${width},${height - 0.5}`, bbox: [0, height - 1, width, height], stroke: '#d0d0d0', strokeWidth: 0.4 });
  points.forEach((p, i) => {
    if (p.count?.suppressed) {
      const w = Math.max(1.5, Math.min(4, step * 0.6));
      shapes.push({ kind: 'rect', x: x(i) - w / 2, y: y(k), w, h: height - 0.5 - y(k), hatch: c, stroke: c, strokeWidth: 0.2 });
    }
  });
  let d = '';
  let run = 0;
  let bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const flush = () => {
    // A lone shown value between hidden ones is a dot (a path needs two points).
    if (run === 1) shapes.push({ kind: 'circle', cx: bbox[0], cy: bbox[1], r: 1, fill: c });
    else if (d) shapes.push({ kind: 'path', d, bbox, stroke: c, strokeWidth: 1.1 });
    d = '';
    run = 0;
    bbox = [Infinity, Infinity, -Infinity, -Infinity];
  };
  points.forEach((p, i) => {
    if (!p.count || p.count.suppressed) return flush();
    const [px, py] = [x(i), y(p.count.value)];
    d += `${d ? ' L' : 'M'}${px.toFixed(2)},${py.toFixed(2)}`;
    run++;
    bbox = [Math.min(bbox[0], px), Math.min(bbox[1], py), Math.max(bbox[2], px), Math.max(bbox[3], py)];
  });
  flush();
  const last = [...points.keys()].reverse().find((i) => points[i]!.count && !points[i]!.count!.suppressed);
  if (last !== undefined) shapes.push({ kind: 'circle', cx: x(last), cy: y((points[last]!.count as { value: number }).value), r: 1.4, fill: c });
  return { width, height, shapes };
}

function bullet(doc: Doc, s: string, x: number, y: number, width: number): number {
  doc.circle(x + 2.5, y + 5, 1.6).fill(ACCENT);
  return text(doc, s, x + 10, y, { size: 9.5, width: width - 10, lineGap: 1.2 });
}

/** The headline sentences, longest period first. */
export function headlines(o: Overview, lang: Lang): string[] {
  const t = BULLETIN_TEXT[lang];
  if (o.noData) return [t.noData(o.gemeente.name)];
  const out: string[] = [];
  const windows = [...o.windows].sort((a, b) => b.period.weeks - a.period.weeks);
  for (const w of windows) {
    const span = capital(spanOf(w, lang));
    const f = w.total;
    if (!f.count) out.push(t.noDataPeriod(span));
    else if (f.count.suppressed) out.push(t.totalHidden(span));
    else out.push(t.totalSentence(span, count(f.count, w.k, lang), change(f.change, lang), VERDICT[lang][f.verdict], f.lastYear === null));
  }
  const long = windows[0];
  if (long && !long.noData) {
    const label = (c: CategoryFigure) => (lang === 'nl' ? c.labelNl : c.labelEn).toLowerCase();
    for (const w of windows) {
      const span = spanOf(w, lang);
      const up = w.categories.filter((c) => c.verdict === 'rise').map(label);
      const down = w.categories.filter((c) => c.verdict === 'fall').map(label);
      if (up.length) out.push(t.risenCategories(up.join(', '), span));
      if (down.length) out.push(t.fallenCategories(down.join(', '), span));
      if (w === long && !up.length && !down.length) out.push(t.noCategoryChange(span));
    }
    const up = long.wijken.rises[0];
    const down = long.wijken.falls[0];
    if (up || down) out.push(t.wijkSentence(up ? `${up.name}, ${change(up.change, lang)}` : null, down ? `${down.name}, ${change(down.change, lang)}` : null, spanOf(long, lang)));
  }
  out.push(o.signals.run ? t.signalSentence(o.signals.total, o.signals.new) : t.signalNoRun);
  return out;
}

function header(doc: Doc, o: Overview, lang: Lang, y: number): number {
  const t = BULLETIN_TEXT[lang];
  text(doc, `SIGNAALKAART · ${t.docTitle.toUpperCase()}`, M.left, y, { size: 7.5, bold: true, color: ACCENT, width: WIDTH });
  text(doc, t.confidential, M.left, y, { size: 7.5, color: MUTED, align: 'right', width: WIDTH });
  y += 13;
  y += text(doc, o.gemeente.name, M.left, y, { size: 22, bold: true, width: WIDTH });
  const windows = [...o.windows].sort((a, b) => a.period.weeks - b.period.weeks);
  const spans = windows.map((w) => `${capital(spanOf(w, lang))}: ${date(w.period.from, lang)} – ${date(w.period.to, lang)}`);
  const line = [t.subtitle(o.gemeente.name), ...(o.dataEnd ? [t.dataUntil(date(o.dataEnd, lang))] : [])].join(' · ');
  y += text(doc, line, M.left, y, { size: 9, color: MUTED, width: WIDTH });
  if (spans.length) y += text(doc, spans.join(' · '), M.left, y, { size: 8, color: MUTED, width: WIDTH });
  return y + 8;
}

function headlineBox(doc: Doc, o: Overview, lang: Lang, y: number): number {
  const t = BULLETIN_TEXT[lang];
  const lines = headlines(o, lang);
  doc.font('body').fontSize(9.5);
  const inner = WIDTH - 24;
  const h = 22 + lines.reduce((s, l) => s + doc.heightOfString(l, { width: inner - 10, lineGap: 1.2 }) + 3, 0);
  doc.rect(M.left, y, WIDTH, h).fill(TILE);
  doc.rect(M.left, y, 3, h).fill(ACCENT);
  text(doc, t.headline, M.left + 12, y + 6, { size: 10.5, bold: true, color: ACCENT, width: inner });
  let yy = y + 21;
  for (const l of lines) yy += bullet(doc, l, M.left + 12, yy, inner) + 3;
  return y + h + 10;
}

function sectionTitle(doc: Doc, s: string, x: number, y: number, width: number): number {
  const h = text(doc, s, x, y, { size: 11, bold: true, color: ACCENT, width, lineGap: 0 });
  doc.moveTo(x, y + h + 1).lineTo(x + width, y + h + 1).lineWidth(0.6).strokeColor(ACCENT).stroke();
  return y + h + 6;
}

function categoryTable(doc: Doc, o: Overview, lang: Lang, y: number): number {
  const t = BULLETIN_TEXT[lang];
  const windows = [...o.windows].sort((a, b) => a.period.weeks - b.period.weeks);
  const long = windows[windows.length - 1]!;
  y = sectionTitle(doc, t.tableTitle, M.left, y, WIDTH);
  // Columns: category | per window: count, change, verdict | sparkline of the longest window.
  const perWindow = windows.length === 1 ? [60, 90, 100] : [40, 68, 62];
  const spark = 60;
  const catW = WIDTH - perWindow.reduce((s, v) => s + v, 0) * windows.length - spark;
  let x = M.left + catW;
  windows.forEach((w) => {
    const span = capital(spanOf(w, lang));
    const span3 = perWindow[0]! + perWindow[1]! + perWindow[2]!;
    text(doc, span, x, y, { size: 7.5, bold: true, color: INK, width: span3 - 4, align: 'center' });
    doc.moveTo(x + 4, y + 10).lineTo(x + span3 - 4, y + 10).lineWidth(0.4).strokeColor(RULE).stroke();
    x += span3;
  });
  const unit = long.categories[0]?.series.length ?? 0;
  text(doc, long.period.weeks <= 5 ? t.perWeek : t.perMonth, x, y, { size: 7.5, bold: true, color: INK, width: spark, align: 'center' });
  y += 12;
  void unit;
  x = M.left;
  text(doc, t.colCategory, x, y, { size: 7, bold: true, color: MUTED, width: catW });
  x += catW;
  for (let i = 0; i < windows.length; i++) {
    const heads = [lang === 'nl' ? 'Aantal' : 'Count', t.colChange, t.colVerdict];
    heads.forEach((h, j) => {
      text(doc, h, x, y, { size: 7, bold: true, color: MUTED, width: perWindow[j]! - 4, align: j === 2 ? 'left' : 'right' });
      x += perWindow[j]!;
    });
  }
  y += 11;
  doc.moveTo(M.left, y).lineTo(M.left + WIDTH, y).lineWidth(0.5).strokeColor(RULE).stroke();
  y += 3;
  const rowH = 14.5;
  const row = (label: string, colour: string | null, figs: (Figure & { k: number })[], series: { count: PublishedCount | null }[] | null, seriesK: number, bold: boolean) => {
    let cx = M.left;
    if (colour) doc.rect(cx, y + 2.5, 6, 6).fill(colour);
    const fl = fit(doc, label, catW - 12, 8.5, bold);
    text(doc, fl.text, cx + (colour ? 10 : 0), y + 1 + (8.5 - fl.size) * 0.6, { size: fl.size, bold, width: catW - 10 });
    cx += catW;
    figs.forEach((f) => {
      const cells = [count(f.count, f.k, lang), change(f.change, lang)];
      cells.forEach((v, j) => {
        const ft = fit(doc, v, perWindow[j]! - 4, 8.5, bold);
        text(doc, ft.text, cx, y + 1 + (8.5 - ft.size) * 0.6, { size: ft.size, bold, width: perWindow[j]! - 4, align: 'right' });
        cx += perWindow[j]!;
      });
      const v = SHORT[lang][f.verdict];
      const strong = f.verdict === 'rise' || f.verdict === 'fall';
      text(doc, `${strong ? (f.verdict === 'rise' ? '▲ ' : '▼ ') : ''}${v}`, cx + 4, y + 1.5, { size: 7.5, bold: strong, color: verdictColour(f.verdict), width: perWindow[2]! - 4 });
      cx += perWindow[2]!;
    });
    if (series && series.length) drawScene(doc, sparkScene(series, seriesK, colour ?? '#444444', spark - 8, 11), cx + 4, y);
    y += rowH;
  };
  long.categories.forEach((c, i) => {
    const figs = windows.map((w) => ({ ...w.categories[i]!, k: w.categories[i]!.k }));
    row(lang === 'nl' ? c.labelNl : c.labelEn, c.colour, figs, c.series, c.k, false);
  });
  doc.moveTo(M.left, y - 1).lineTo(M.left + WIDTH, y - 1).lineWidth(0.5).strokeColor(RULE).stroke();
  y += 2;
  row(t.total, null, windows.map((w) => ({ ...w.total, k: w.k })), long.totalSeries, long.k, true);
  const legend = lang === 'nl'
    ? `▲ stijging / ▼ daling: ${VERDICT.nl.rise.replace('stijging ', '')}; binnen toeval: ${VERDICT.nl.chance}. Vergeleken met dezelfde weken een jaar eerder. "<k": afgeschermd; "–": niet te berekenen. Lijntje: ${long.period.weeks <= 5 ? 'per week' : 'per maand'}, gearceerd = afgeschermd.`
    : `▲ rise / ▼ fall: ${VERDICT.en.rise.replace('rise ', '')}; within chance: ${VERDICT.en.chance}. Compared with the same weeks a year earlier. "<k": suppressed; "–": cannot be computed. Line: ${long.period.weeks <= 5 ? 'per week' : 'per month'}, hatched = suppressed.`;
  y += 1;
  y += text(doc, legend, M.left, y, { size: 6.8, color: MUTED, width: WIDTH });
  return y + 8;
}

function areaList(doc: Doc, lang: Lang, title: string, items: AreaChange[], x: number, y: number, width: number, colour: string, k: number, max = 4): number {
  text(doc, title, x, y, { size: 8, bold: true, color: colour, width });
  y += 11;
  for (const a of items.slice(0, max)) {
    const name = fit(doc, a.name, width - 124, 8, false);
    text(doc, name.text, x, y, { size: name.size, width: width - 124 });
    text(doc, `${count(a.count, k, lang)}`, x + width - 124, y, { size: 8, width: 30, align: 'right', color: MUTED });
    text(doc, change(a.change, lang), x + width - 92, y, { size: 8, bold: true, width: 80, align: 'right' });
    if (a.verdict === 'rise' || a.verdict === 'fall') text(doc, a.verdict === 'rise' ? '▲' : '▼', x + width - 9, y + 0.5, { size: 7.5, color: verdictColour(a.verdict), width: 9 });
    y += 11;
  }
  return y;
}

function wijkSection(doc: Doc, o: Overview, lang: Lang, x: number, y: number, width: number): number {
  const t = BULLETIN_TEXT[lang];
  const long = [...o.windows].sort((a, b) => b.period.weeks - a.period.weeks)[0]!;
  y = sectionTitle(doc, t.wijkTitle(spanOf(long, lang)), x, y, width);
  text(doc, lang === 'nl' ? 'aantal' : 'count', x + width - 124, y - 1, { size: 6.5, color: MUTED, width: 30, align: 'right' });
  text(doc, t.colChange, x + width - 92, y - 1, { size: 6.5, color: MUTED, width: 80, align: 'right' });
  const r = long.wijken;
  if (!r.rises.length && !r.falls.length) {
    y += text(doc, t.noneRanked, x, y, { size: 8, width });
  } else {
    if (r.rises.length) y = areaList(doc, lang, t.rises, r.rises, x, y, width, RISE, r.k) + 3;
    if (r.falls.length) y = areaList(doc, lang, t.falls, r.falls, x, y, width, FALL, r.k) + 3;
  }
  const b = long.buurten;
  y += 4;
  y = sectionTitle(doc, t.buurtTitle(spanOf(long, lang)), x, y, width);
  if (!b.rises.length && !b.falls.length) y += text(doc, t.noneRanked, x, y, { size: 8, width });
  if (b.rises.length) y = areaList(doc, lang, t.rises, b.rises, x, y, width, RISE, b.k, 3) + 3;
  if (b.falls.length) y = areaList(doc, lang, t.falls, b.falls, x, y, width, FALL, b.k, 3) + 3;
  const notes: string[] = [];
  if (r.hidden) notes.push(t.hiddenAreas(r.hidden, t.wijken));
  if (b.hidden) notes.push(t.hiddenAreas(b.hidden, t.buurten));
  if (notes.length) y += text(doc, notes.join(' '), x, y + 2, { size: 7, color: MUTED, width }) + 2;
  return y;
}

function signalSection(doc: Doc, o: Overview, lang: Lang, x: number, y: number, width: number): number {
  const t = BULLETIN_TEXT[lang];
  y = sectionTitle(doc, t.signalsTitle, x, y, width);
  const s = o.signals;
  if (!s.run) return y + text(doc, t.signalNoRun, x, y, { size: 8, width });
  y += text(doc, t.signalsIntro(dateTime(s.run.finishedAt, lang), s.run.lastDay ? shortDate(s.run.lastDay, lang) : '–'), x, y, { size: 7.5, color: MUTED, width }) + 2;
  if (!s.run.current) y += text(doc, t.signalsStale, x, y, { size: 7.5, bold: true, color: RISE, width }) + 2;
  y += text(doc, t.signalSentence(s.total, s.new), x, y, { size: 8.5, bold: true, width }) + 3;
  const list = (title: string, rows: { label: string; count: number; fresh: number }[]) => {
    if (!rows.length) return;
    text(doc, title, x, y, { size: 8, bold: true, color: MUTED, width });
    y += 11;
    for (const r of rows.slice(0, 5)) {
      const l = fit(doc, r.label, width - 80, 8, false);
      text(doc, l.text, x, y, { size: l.size, width: width - 80 });
      text(doc, String(r.count), x + width - 80, y, { size: 8, bold: true, width: 24, align: 'right' });
      text(doc, t.newOf(r.fresh), x + width - 50, y, { size: 7.5, color: RISE, width: 50 });
      y += 11;
    }
    if (rows.length > 5) {
      text(doc, `+ ${rows.slice(5).reduce((a, r) => a + r.count, 0)} …`, x, y, { size: 7.5, color: MUTED, width });
      y += 10;
    }
    y += 3;
  };
  list(t.byClass, s.byClass.map((g) => ({ label: SIGNAL_CLASS[lang][g.class] ?? g.class, count: g.count, fresh: g.new })));
  list(t.byWijk, s.byWijk.map((g) => ({ label: g.name ?? t.unknownWijk, count: g.count, fresh: g.new })));
  return y;
}

function footer(doc: Doc, input: BulletinInput): void {
  const t = BULLETIN_TEXT[input.lang];
  const y = PAGE.height - 30;
  doc.moveTo(M.left, y - 4).lineTo(M.left + WIDTH, y - 4).lineWidth(0.4).strokeColor(RULE).stroke();
  text(doc, `Signaalkaart · ${t.docTitle} · ${input.overview.gemeente.name} · ${t.generated(dateTime(input.generated.at, input.lang), input.generated.by)}`, M.left, y, { size: 6.5, color: MUTED, width: WIDTH - 150 });
  text(doc, `${input.lang === 'nl' ? 'Grenzen' : 'Boundaries'}: ${ATTRIBUTION}`, M.left, y, { size: 6.5, color: MUTED, width: WIDTH, align: 'right' });
}

/** The bulletin as PDF bytes: one A4 page. */
export function bulletinPdf(input: BulletinInput): Promise<Buffer> {
  const { overview: o, lang } = input;
  const t = BULLETIN_TEXT[lang];
  const period = [...o.windows].sort((a, b) => b.period.weeks - a.period.weeks)[0];
  const { doc, done } = openPdf({
    margins: { ...M, bottom: 0 },
    lang,
    title: `${t.docTitle}: ${o.gemeente.name}${period ? `, ${periodName(period.period.token, lang)} (${period.period.from} – ${period.period.to})` : ''}`,
    subject: t.docTitle,
    generated: input.generated,
  });
  let y = header(doc, o, lang, M.top);
  y = headlineBox(doc, o, lang, y);
  if (!o.noData && o.windows.some((w) => !w.noData)) {
    y = categoryTable(doc, o, lang, y);
    const gap = 20;
    const colW = (WIDTH - gap) / 2;
    const left = wijkSection(doc, o, lang, M.left, y, colW);
    const right = signalSection(doc, o, lang, M.left + colW + gap, y, colW);
    y = Math.max(left, right) + 8;
  }
  // The method note, at the foot of the page.
  doc.font('body').fontSize(7);
  const note = t.methodText(o.disclosure.k, o.disclosure.kSensitive, o.alpha);
  const h = doc.heightOfString(note, { width: WIDTH - 16, lineGap: 1 }) + 18;
  const top = Math.max(y, PAGE.height - 40 - h - 6);
  doc.rect(M.left, top, WIDTH, h).fill('#f6f6f2');
  text(doc, t.method, M.left + 8, top + 4, { size: 8, bold: true, width: WIDTH - 16 });
  text(doc, note, M.left + 8, top + 14, { size: 7, color: INK, width: WIDTH - 16 });
  footer(doc, input);
  doc.end();
  return done;
}
