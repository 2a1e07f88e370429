// A briefing as one self-contained HTML page (inline SVG and CSS, no scripts, no external
// resources), with print styles for A4. Same model and same SVG as the PDF.
import { esc, mapSvg, trendSvg } from './charts.ts';
import {
  ATTRIBUTION, LEVEL, NOT_SHOWN, OUTCOME, SIGNAL_CLASS, SIGNAL_KIND, TEXT,
  change, changeParts, count, dateTime, decimal, integer, methodology, period, rate, shortDate,
} from './i18n.ts';
import { MAX_SIGNALS, type BriefingModel, type FigureRow } from './model.ts';

const CSS = `
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans Condensed", "DejaVu Sans", "Arial Narrow", Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 8mm 0; font-size: 9.5pt; line-height: 1.35; }
header .kicker { display: flex; justify-content: space-between; font-size: 7.5pt; color: #5a5a5a; }
header .kicker b { color: #08519c; letter-spacing: .02em; }
h1 { font-size: 20pt; margin: 4pt 0 2pt; }
h2 { font-size: 12pt; color: #08519c; border-bottom: 0.6pt solid #08519c; padding-bottom: 2pt; margin: 14pt 0 6pt; break-after: avoid; }
.muted { color: #5a5a5a; }
.small { font-size: 7.5pt; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6pt; margin: 8pt 0; }
.tile { background: #f1f4f8; padding: 5pt 7pt; }
.tile .label { font-size: 8pt; color: #5a5a5a; }
.tile .value { font-size: 17pt; font-weight: bold; }
.tile .note { font-size: 9.5pt; font-weight: bold; color: #5a5a5a; margin-left: 4pt; }
.tile .sub { font-size: 7pt; color: #5a5a5a; white-space: pre-line; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th { font-size: 7.2pt; color: #5a5a5a; text-align: right; vertical-align: bottom; border-bottom: 0.5pt solid #c8c8c8; padding: 2pt 3pt; }
td { text-align: right; padding: 1.5pt 3pt; }
th:first-child, td:first-child { text-align: left; }
tr.total td { font-weight: bold; border-top: 0.5pt solid #c8c8c8; }
.swatch { display: inline-block; width: 6pt; height: 6pt; margin-right: 4pt; }
.trends { display: grid; grid-template-columns: 1fr 1fr; gap: 8pt 15pt; }
.trends svg, .map svg { width: 100%; height: auto; }
.signal { display: grid; grid-template-columns: 18pt 1fr; gap: 0 4pt; margin: 0 0 7pt; break-inside: avoid; }
.signal .rank { background: #4d004b; color: #fff; border-radius: 50%; width: 14pt; height: 14pt; font-size: 7.5pt; font-weight: bold; text-align: center; line-height: 14pt; }
.signal .title { font-weight: bold; }
.method div { background: #f6f6f2; padding: 4pt 8pt; margin-bottom: 5pt; break-inside: avoid; }
.method b { display: block; }
.inspections { width: auto; min-width: 260pt; }
.warning { color: #9b2226; font-weight: bold; }
footer { margin-top: 14pt; border-top: 0.4pt solid #c8c8c8; padding-top: 4pt; font-size: 7pt; color: #5a5a5a; }
@media print { body { padding: 0; max-width: none; } .map { break-inside: avoid; } }
`;

const row = (m: BriefingModel, label: string, colour: string | null, a: FigureRow, g: FigureRow | null, total: boolean) => {
  const L = m.lang;
  const star = m.area.inhabitantsEstimated && a.ratePer1000 !== null ? '*' : '';
  const cells = [
    `${colour ? `<span class="swatch" style="background:${esc(colour)}"></span>` : ''}${esc(label)}`,
    esc(count(a.count, a.k, L)), esc(count(a.previous, a.k, L)), esc(count(a.lastYear, a.k, L)),
    esc(change(a.changeVsLastYear, L)), esc(`${rate(a.ratePer1000, L)}${star}`),
    ...(g ? [esc(count(g.count, g.k, L)), esc(rate(g.ratePer1000, L))] : []),
  ];
  return `<tr${total ? ' class="total"' : ''}>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
};

export function briefingHtml(m: BriefingModel): string {
  const t = TEXT[m.lang];
  const L = m.lang;
  const a = m.total.area;
  const g = m.total.gemeente;
  const where = [`${LEVEL[L][m.area.level]} ${m.area.code}`];
  if (m.area.level === 'buurt' && m.area.parent) where.push(`${L === 'nl' ? 'wijk' : 'district'} ${m.area.parent.name}`);
  if (m.area.level !== 'gemeente') where.push(`${L === 'nl' ? 'gemeente' : 'municipality'} ${m.area.gemeente.name}`);
  if (m.area.inhabitants !== null) where.push(`${integer(m.area.inhabitants, L)} ${t.inhabitants}${m.area.inhabitantsEstimated ? '*' : ''}`);
  const est = (e: boolean, v: number | null) => (e && v !== null ? '*' : '');
  const prev = changeParts(a.changeVsPrevious, L);
  const last = changeParts(a.changeVsLastYear, L);
  const tiles = [
    { label: t.reports, value: count(a.count, a.k, L), note: '', sub: g ? `${t.municipality}: ${count(g.count, g.k, L)}` : `${t.previousPeriod}: ${count(a.previous, a.k, L)}` },
    { label: t.per1000, value: `${rate(a.ratePer1000, L)}${est(m.area.inhabitantsEstimated, a.ratePer1000)}`, note: '', sub: g ? `${t.municipality}: ${rate(g.ratePer1000, L)}${est(m.area.gemeente.inhabitantsEstimated, g.ratePer1000)}` : '' },
    { label: t.vsPrevious, value: prev.absolute, note: prev.percent, sub: `${t.previousPeriod}: ${count(a.previous, a.k, L)}${g ? `\n${t.municipality}: ${change(g.changeVsPrevious, L)}` : ''}` },
    { label: t.vsLastYear, value: last.absolute, note: last.percent, sub: `${t.lastYear}: ${count(a.lastYear, a.k, L)}${g ? `\n${t.municipality}: ${change(g.changeVsLastYear, L)}` : ''}` },
  ];
  const heads = [t.colCategory, t.colCount, t.colPrevious, t.colLastYear, t.colChangeLastYear, t.colRate, ...(g ? [t.colGemeente, t.colGemeenteRate] : [])];
  const out: string[] = [];
  out.push(`<!DOCTYPE html><html lang="${L}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`);
  out.push(`<title>${esc(`${t.docTitle}: ${m.area.name} (${m.area.code}), ${period(m.periods.current, L)}`)}</title><style>${CSS}</style></head><body>`);
  out.push(`<header><div class="kicker"><b>${esc(`${t.app} · ${t.docTitle}`.toUpperCase())}</b><span>${esc(t.confidential)}</span></div>`);
  out.push(`<h1>${esc(m.area.name)}</h1><div class="muted">${esc(where.join(' · '))}</div>`);
  out.push(`<div>${esc([`${t.periodLabel}: ${period(m.periods.current, L)}`, `${t.categories}: ${m.filters.categoryLabel ?? t.allCategories}`, `${t.sources}: ${m.filters.sourceLabel ?? t.allSources}`].join(' · '))}</div></header>`);
  out.push(`<section><h2>${esc(t.keyFigures)}</h2><div class="tiles">${tiles.map((x) => `<div class="tile"><div class="label">${esc(x.label)}</div><div><span class="value">${esc(x.value)}</span>${x.note ? `<span class="note">${esc(x.note)}</span>` : ''}</div><div class="sub">${esc(x.sub)}</div></div>`).join('')}</div></section>`);
  out.push(`<section><h2>${esc(t.byCategory)}</h2><table><thead><tr>${heads.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`);
  for (const c of m.categories) out.push(row(m, c.label, c.colour, c.area, c.gemeente, false));
  out.push(row(m, m.filters.category ? t.selectedTotal : t.total, null, a, g, true));
  out.push('</tbody></table>');
  const notes: string[] = [];
  if (m.area.inhabitantsEstimated || m.area.gemeente.inhabitantsEstimated) notes.push(t.estimateNote);
  notes.push(`"<k": ${L === 'nl' ? 'afgeschermd aantal' : 'suppressed count'} (k = ${m.disclosure.kBase}, ${L === 'nl' ? 'gevoelige categorieën en totalen' : 'sensitive categories and totals'} ${m.disclosure.kSensitive}); "${NOT_SHOWN}": ${L === 'nl' ? 'niet te berekenen of afgeleid van een afgeschermd aantal' : 'cannot be computed or derived from a suppressed count'}.`);
  out.push(`<p class="small muted">${esc(notes.join(' '))}</p></section>`);
  if (m.map) {
    out.push(`<section class="map"><h2>${esc(t.map)}</h2>${mapSvg(m.map, L, { legend: t.mapLegendCounts, suppressed: t.mapSuppressed, zero: t.mapNoData, hotspot: t.mapHotspot, signal: t.mapSignal, area: t.mapArea }, 515, 300)}`);
    out.push(`<p class="small muted">${esc(`${t.mapNote(m.map.cellSize)}${m.map.areas.some((a) => a.target) ? '' : ` ${t.mapNoBoundary}`}`)}</p></section>`);
  }
  out.push(`<section><h2>${esc(t.trends)}</h2>`);
  if (m.trends.length === 0) out.push(`<p>${esc(t.trendNone)}</p>`);
  else out.push(`<div class="trends">${m.trends.map((s, n) => trendSvg(s, L, s.interval === 'month' ? t.perMonth : t.perWeek, 250, 135, `trend${n}`)).join('')}</div><p class="small muted">${esc(t.trendNote)}</p>`);
  out.push('</section>');
  out.push(`<section><h2>${esc(t.signals)}</h2>`);
  const s = m.signals;
  if (!s.run) out.push(`<p>${esc(t.signalsNoRun)}</p>`);
  else {
    out.push(`<p class="small muted">${esc(t.signalsIntro(dateTime(s.run.finishedAt, L), s.run.lastDay ? shortDate(s.run.lastDay, L) : '–'))}</p>`);
    if (!s.run.current) out.push(`<p class="warning small">${esc(t.signalsStale)}</p>`);
    if (s.items.length === 0) out.push(`<p>${esc(t.signalsNone)}</p>`);
    for (const item of s.items.slice(0, MAX_SIGNALS)) {
      const meta = [SIGNAL_KIND[L][item.kind] ?? item.kind, t.signalStatus[item.status] ?? item.status,
        `${shortDate(item.firstDay, L)} – ${shortDate(item.lastDay, L)}`].filter(Boolean).join(' · ');
      out.push(`<div class="signal"><div class="rank">${item.rank}</div><div><div class="title">${esc(`${SIGNAL_CLASS[L][item.classCode] ?? item.classCode} · ${item.categoryLabel ? item.categoryLabel[L] : t.allCategoriesSignal}`)}</div><div class="small muted">${esc(meta)}</div><div>${esc(item.explanation[L])}</div></div></div>`);
    }
  }
  if (s.run && s.items.length > MAX_SIGNALS) out.push(`<p class="small muted">${esc(t.signalsMore(s.items.length - MAX_SIGNALS))}</p>`);
  out.push('</section>');
  const i = m.inspections;
  out.push(`<section><h2>${esc(t.inspections)}</h2><p class="small muted">${esc(t.inspectionsIntro(period(m.periods.current, L)))}</p>`);
  if (i.total && !i.total.suppressed && i.total.value === 0) out.push(`<p>${esc(t.inspectionsNone)}</p>`);
  else {
    out.push('<table class="inspections"><tbody>');
    for (const o of i.outcomes) out.push(`<tr><td>${esc(OUTCOME[L][o.outcome] ?? o.outcome)}</td><td>${esc(count(o.count, i.k, L))}</td></tr>`);
    out.push(`<tr class="total"><td>${esc(t.inspectionsTotal)}</td><td>${esc(count(i.total, i.k, L))}</td></tr></tbody></table>`);
  }
  out.push('</section>');
  out.push(`<section class="method"><h2>${esc(t.method)}</h2>`);
  for (const it of methodology(L, { k: m.disclosure.kBase, kSensitive: m.disclosure.kSensitive, sensitive: m.disclosure.sensitive, roundTo: m.disclosure.roundTo, cell: 500 })) {
    out.push(`<div><b>${esc(it.title)}</b>${esc(it.body)}</div>`);
  }
  const summary = t.suppressedCount(m.suppressed.shown);
  out.push(`<p><b>${esc(summary)}</b></p></section>`);
  const d = m.data;
  out.push(`<section><h2>${esc(t.data)}</h2>`);
  out.push(`<p>${esc(`${t.dataVersion}: ${d.batchId !== null ? `${t.lastImport} #${d.batchId} (${d.kind}, ${dateTime(d.createdAt!, L)})` : '–'}${d.dataFrom ? `; ${t.dataRange} ${shortDate(d.dataFrom, L)} ${t.until} ${shortDate(d.dataTo!, L)}` : ''}.`)}<br>`);
  out.push(`${esc(`${t.generatedAt} ${dateTime(m.generated.at, L)} ${t.generatedBy} ${m.generated.by}${m.generated.role ? ` (${m.generated.role})` : ''}.`)}<br>`);
  out.push(`${esc(`${t.attribution}: ${ATTRIBUTION} (Kadaster / Centraal Bureau voor de Statistiek, 2022). Signaalkaart.`)}</p></section>`);
  out.push(`<footer>${esc(`${t.confidential} · ${t.attribution}: ${ATTRIBUTION} · ${dateTime(m.generated.at, L)} · ${m.generated.by}`)}</footer>`);
  out.push('</body></html>');
  return out.join('\n');
}
