// Server-side SVG for briefings: the map (d3-geo, no basemap service) and the trend charts. The
// same SVG strings go into the HTML page and, through svg-to-pdfkit, into the PDF.
import { geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { scaleLinear } from 'd3-scale';
import type { PublishedCount } from '../../analysis/suppression.ts';
import { count as formatCountText, integer, monthLabel, shortDate, type Lang } from './i18n.ts';

export const FONT_FAMILY = 'DejaVu Sans Condensed';

export type Position = [number, number];
export type Geometry =
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const r2 = (v: number) => Math.round(v * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Ring orientation

/** Twice the signed planar area of a ring in lon/lat, x = lon, y = lat (positive = counterclockwise). */
export function signedArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s;
}

function orient(ring: Position[], clockwise: boolean): Position[] {
  const isClockwise = signedArea(ring) < 0;
  return isClockwise === clockwise ? ring : [...ring].reverse();
}

/**
 * The geometry with the winding d3-geo expects: exterior rings clockwise, holes counterclockwise.
 * The bundled boundaries follow RFC 7946 (the opposite, data/boundaries/SOURCE.md), and geometries
 * made in the database (unions, clipped cells) have no guaranteed orientation, so every polygon is
 * normalised here. Unrewound, d3-geo reads a small polygon as "the whole globe but this area".
 */
export function rewindForD3(g: Geometry): Geometry {
  const polygon = (rings: Position[][]) => rings.map((ring, i) => orient(ring, i === 0));
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polygon(g.coordinates) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map(polygon) };
}

// ---------------------------------------------------------------------------------------------
// Map

export interface MapArea {
  code: string;
  name: string;
  level: string;
  geometry: Geometry;
  /** Published count for the choropleth; null for context outlines. */
  count: PublishedCount | null;
  target: boolean;
}

export interface MapData {
  frame: Geometry;
  areas: MapArea[];
  /** Significant hot spot cells (Gi* bin ≥ 2) in the frame. */
  hotspots: Geometry[];
  signals: { rank: number; geometries: Geometry[] }[];
  k: number;
  cellSize: number;
}

const CHOROPLETH = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const ZERO_FILL = '#f7f7f7';
const HOT = '#c51b7d';
const SIGNAL = '#4d004b';

/** Class breaks for the choropleth: up to five classes of published counts ≥ 1. */
export function classBreaks(values: number[]): number[] {
  const positive = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (positive.length === 0) return [];
  const max = positive[positive.length - 1]!;
  const min = positive[0]!;
  const ticks = scaleLinear().domain([min, max]).nice(5).ticks(5).filter((t) => t > min && t <= max);
  // Lower bounds of each class: the first class starts at the smallest value.
  return [min, ...ticks.slice(0, CHOROPLETH.length - 1)].map(Math.round).filter((v, i, a) => i === 0 || v > a[i - 1]!);
}

function fillFor(c: PublishedCount | null, breaks: number[], uid: string): string {
  if (!c) return 'none';
  if (c.suppressed) return `url(#${uid}-hatch)`;
  if (c.value === 0) return ZERO_FILL;
  let cls = 0;
  breaks.forEach((b, i) => { if (c.value >= b) cls = i; });
  return CHOROPLETH[Math.min(cls + (CHOROPLETH.length - breaks.length), CHOROPLETH.length - 1)]!;
}

/** The map as SVG of `width` × `height` points: choropleth, outlines, hot spots, signal marks, legend. */
export function mapSvg(data: MapData, lang: Lang, labels: { legend: string; suppressed: string; zero: string; hotspot: string; signal: string; area: string }, width: number, height: number, uid = 'map'): string {
  const legendW = 150;
  const mapW = width - legendW - 8;
  const frame = rewindForD3(data.frame);
  const projection = geoMercator().fitExtent([[2, 2], [mapW - 2, height - 2]], frame as GeoPermissibleObjects);
  const path = geoPath(projection).digits(1);
  const d = (g: Geometry) => path(rewindForD3(g) as GeoPermissibleObjects) ?? '';
  const choropleth = data.areas.filter((a) => a.count);
  const breaks = classBreaks(choropleth.map((a) => (a.count!.suppressed ? 0 : a.count!.value)));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`);
  out.push('<defs>');
  out.push(`<pattern id="${uid}-hatch" patternUnits="userSpaceOnUse" width="5" height="5"><rect width="5" height="5" fill="#ffffff"/><path d="M0,5 L5,0" stroke="#888888" stroke-width="0.8"/></pattern>`);
  out.push(`<clipPath id="${uid}-frame"><rect x="0" y="0" width="${mapW}" height="${height}"/></clipPath>`);
  out.push('</defs>');
  out.push(`<rect x="0" y="0" width="${mapW}" height="${height}" fill="#ffffff" stroke="#999999" stroke-width="0.5"/>`);
  out.push(`<g clip-path="url(#${uid}-frame)">`);
  for (const a of choropleth) {
    out.push(`<path d="${d(a.geometry)}" fill="${fillFor(a.count, breaks, uid)}" stroke="#ffffff" stroke-width="0.6"/>`);
  }
  for (const a of choropleth) out.push(`<path d="${d(a.geometry)}" fill="none" stroke="#8c8c8c" stroke-width="0.35"/>`);
  for (const g of data.hotspots) out.push(`<path d="${d(g)}" fill="${HOT}" fill-opacity="0.22" stroke="${HOT}" stroke-width="0.9"/>`);
  for (const a of data.areas.filter((x) => x.level === 'gemeente')) out.push(`<path d="${d(a.geometry)}" fill="none" stroke="#444444" stroke-width="1" stroke-dasharray="4,2"/>`);
  for (const a of data.areas.filter((x) => x.target)) out.push(`<path d="${d(a.geometry)}" fill="none" stroke="#000000" stroke-width="2.2"/>`);
  for (const s of data.signals) {
    for (const g of s.geometries) out.push(`<path d="${d(g)}" fill="none" stroke="${SIGNAL}" stroke-width="1.4" stroke-dasharray="3,1.5"/>`);
    const first = s.geometries[0];
    if (!first) continue;
    const [x, y] = path.centroid(rewindForD3(first) as GeoPermissibleObjects);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    out.push(`<circle cx="${r2(x)}" cy="${r2(y)}" r="6" fill="${SIGNAL}" stroke="#ffffff" stroke-width="0.8"/>`);
    out.push(`<text x="${r2(x)}" y="${r2(y + 2.6)}" font-size="7.5" font-weight="bold" fill="#ffffff" text-anchor="middle">${s.rank}</text>`);
  }
  out.push('</g>');
  // Scale bar (the projection is conformal: metres per point at the frame's centre).
  const [[fx0], [fx1]] = path.bounds(frame as GeoPermissibleObjects);
  const frameMetres = geoWidthMetres(frame);
  if (frameMetres > 0 && fx1 > fx0) {
    const perPoint = frameMetres / (fx1 - fx0);
    const target = (mapW * 0.22) * perPoint;
    const nice = [100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000].reduce((best, v) => (v <= target ? v : best), 100);
    const len = nice / perPoint;
    const y0 = height - 10;
    out.push(`<rect x="6" y="${y0 - 9}" width="${r2(len + 36)}" height="14" fill="#ffffff" fill-opacity="0.8"/>`);
    out.push(`<path d="M8,${y0} L${r2(8 + len)},${y0}" stroke="#000000" stroke-width="1.5"/>`);
    out.push(`<text x="${r2(12 + len)}" y="${y0 + 2.5}" font-size="7" fill="#000000">${nice >= 1000 ? `${integer(nice / 1000, lang)} km` : `${nice} m`}</text>`);
  }
  // Legend
  const lx = mapW + 10;
  let ly = 8;
  const item = (swatch: (x: number, y: number) => string, text: string) => {
    out.push(swatch(lx, ly));
    const lines = wrapText(text, legendW - 20, 7.5);
    lines.forEach((l, i) => out.push(`<text x="${lx + 18}" y="${r2(ly + 8 + i * 9)}" font-size="7.5" fill="#222222">${esc(l)}</text>`));
    ly += Math.max(14, lines.length * 9 + 5);
  };
  out.push(`<text x="${lx}" y="${ly + 7}" font-size="8" font-weight="bold" fill="#222222">${esc(labels.legend)}</text>`);
  ly += 15;
  const maxValue = Math.max(0, ...choropleth.map((a) => (a.count!.suppressed ? 0 : a.count!.value)));
  const box = (fill: string, extra = 'stroke="#8c8c8c" stroke-width="0.35"') => (x: number, y: number) => `<rect x="${x}" y="${y}" width="14" height="10" fill="${fill}" ${extra}/>`;
  breaks.forEach((b, i) => {
    const upper = i + 1 < breaks.length ? breaks[i + 1]! - 1 : maxValue;
    const colour = CHOROPLETH[Math.min(i + (CHOROPLETH.length - breaks.length), CHOROPLETH.length - 1)]!;
    item(box(colour), upper > b ? `${integer(b, lang)} – ${integer(upper, lang)}` : integer(b, lang));
  });
  item(box(ZERO_FILL), labels.zero);
  item(box(`url(#${uid}-hatch)`), `${formatCountText({ value: null, suppressed: true }, data.k, lang)} ${labels.suppressed}`);
  ly += 4;
  item(box('none', 'stroke="#000000" stroke-width="2"'), labels.area);
  item(box(HOT, `fill-opacity="0.22" stroke="${HOT}" stroke-width="0.9"`), labels.hotspot);
  item((x, yy) => `<circle cx="${x + 7}" cy="${yy + 5}" r="5" fill="${SIGNAL}"/>`, labels.signal);
  out.push('</svg>');
  return out.join('');
}

/** Splits text into lines of about `width` points (rough estimate for the condensed font). */
export function wrapText(text: string, width: number, size: number): string[] {
  const maxChars = Math.max(8, Math.floor(width / (size * 0.5)));
  const lines: string[] = [''];
  for (const w of text.split(' ')) {
    const cur = lines[lines.length - 1]!;
    if (cur && `${cur} ${w}`.length > maxChars) lines.push(w);
    else lines[lines.length - 1] = cur ? `${cur} ${w}` : w;
  }
  return lines;
}

/** East-west extent of a geometry in metres at its mean latitude. */
function geoWidthMetres(g: Geometry): number {
  const pts = (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()).flat();
  const lons = pts.map((p) => p[0]);
  const lats = pts.map((p) => p[1]);
  const lat = ((Math.min(...lats) + Math.max(...lats)) / 2) * (Math.PI / 180);
  return (Math.max(...lons) - Math.min(...lons)) * 111_320 * Math.cos(lat);
}

// ---------------------------------------------------------------------------------------------
// Trend chart

export interface TrendSeries {
  label: string;
  colour: string;
  interval: 'week' | 'month';
  k: number;
  points: { start: string; end: string; count: PublishedCount; lastYear: PublishedCount }[];
}

/** A colour readable as a thin line on white: light colours (yellow) are darkened. */
export function lineColour(hex: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((x) => parseInt(x, 16));
  const luminance = (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
  if (luminance < 0.6) return hex;
  const dark = (v: number) => Math.round(v * 0.6).toString(16).padStart(2, '0');
  return `#${dark(r!)}${dark(g!)}${dark(b!)}`;
}

/** One category's counts per month (or week) with last year dashed; hidden points hatched 0 … k. */
export function trendSvg(s: TrendSeries, lang: Lang, unitLabel: string, width: number, height: number, uid = 'trend'): string {
  const m = { top: 22, right: 8, bottom: 20, left: 30 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const n = s.points.length;
  const values = s.points.flatMap((p) => [p.count, p.lastYear]).map((c) => (c.suppressed ? s.k : c.value));
  const y = scaleLinear().domain([0, Math.max(s.k, ...values)]).nice(4).range([h, 0]);
  const step = n > 0 ? w / n : w;
  const x = (i: number) => (i + 0.5) * step;
  const colour = lineColour(s.colour);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`);
  out.push(`<defs><pattern id="${uid}-hatch" patternUnits="userSpaceOnUse" width="4" height="4"><rect width="4" height="4" fill="#ffffff"/><path d="M0,4 L4,0" stroke="${colour}" stroke-width="0.7"/></pattern></defs>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="0" y="10" font-size="9" font-weight="bold" fill="#222222">${esc(s.label)}</text>`);
  out.push(`<text x="${width}" y="10" font-size="7" fill="#555555" text-anchor="end">${esc(unitLabel)}</text>`);
  out.push(`<g transform="translate(${m.left},${m.top})">`);
  for (const t of y.ticks(4).filter(Number.isInteger)) {
    out.push(`<path d="M0,${r2(y(t))} L${r2(w)},${r2(y(t))}" stroke="#e3e3e3" stroke-width="0.5"/>`);
    out.push(`<text x="-4" y="${r2(y(t) + 2.5)}" font-size="7" fill="#555555" text-anchor="end">${integer(t, lang)}</text>`);
  }
  out.push(`<path d="M0,${r2(h)} L${r2(w)},${r2(h)}" stroke="#888888" stroke-width="0.6"/>`);
  // Hidden points: a hatched band from 0 to k ("somewhere below k", or a complement).
  s.points.forEach((p, i) => {
    if (p.count.suppressed) out.push(`<rect x="${r2(x(i) - step * 0.35)}" y="${r2(y(s.k))}" width="${r2(step * 0.7)}" height="${r2(h - y(s.k))}" fill="url(#${uid}-hatch)" stroke="${colour}" stroke-width="0.3"/>`);
  });
  const line = (key: 'count' | 'lastYear') => {
    const segments: string[] = [];
    let current = '';
    s.points.forEach((p, i) => {
      const c = p[key];
      if (c.suppressed) {
        if (current) segments.push(current);
        current = '';
        return;
      }
      current += `${current ? ' L' : 'M'}${r2(x(i))},${r2(y(c.value))}`;
    });
    if (current) segments.push(current);
    return segments;
  };
  for (const seg of line('lastYear')) out.push(`<path d="${seg}" fill="none" stroke="${colour}" stroke-opacity="0.6" stroke-width="1" stroke-dasharray="3,2"/>`);
  for (const seg of line('count')) out.push(`<path d="${seg}" fill="none" stroke="${colour}" stroke-width="1.7"/>`);
  s.points.forEach((p, i) => {
    if (!p.count.suppressed) out.push(`<circle cx="${r2(x(i))}" cy="${r2(y(p.count.value))}" r="1.8" fill="${colour}"/>`);
  });
  // X labels: months (or week starts), at most ~8.
  const every = Math.max(1, Math.ceil(n / 8));
  s.points.forEach((p, i) => {
    if (i % every !== 0) return;
    const text = s.interval === 'month' ? `${monthLabel(p.start, lang)}${p.start.slice(5, 7) === '01' || i === 0 ? ` ${p.start.slice(2, 4)}` : ''}` : shortDate(p.start, lang).replace(/ \d{4}$/, '');
    out.push(`<text x="${r2(x(i))}" y="${r2(h + 10)}" font-size="6.5" fill="#555555" text-anchor="middle">${esc(text)}</text>`);
  });
  out.push('</g></svg>');
  return out.join('');
}
