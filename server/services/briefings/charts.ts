// The map (d3-geo, no basemap service) and the trend charts of a briefing, made on the server as a
// small scene of shapes: `sceneSvg` writes it as SVG for the HTML page, pdf.ts draws the same scene
// with pdfkit's vector operations (no SVG parsing in the PDF path).
import { geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { scaleLinear } from 'd3-scale';
import { isWithheld, type PublishedCount } from '../../publish/index.ts';
import { classify, classLabels, colourOf, HATCH_LINE, SEQUENTIAL, ZERO_COLOUR, type Classification } from '../../../shared/classes.ts';
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
  /** Where its name goes (derived at import); null without a polygon. */
  labelPoint?: Position | null;
}

export interface MapData {
  frame: Geometry;
  areas: MapArea[];
  /** Significant hot spot cells (Gi* bin ≥ 2) in the frame. */
  hotspots: Geometry[];
  signals: { rank: number; geometries: Geometry[] }[];
  k: number;
  cellSize: number;
  /** The published counts the classes are computed from: the areas of the municipality at the
   *  map's level, as the dashboard classifies them (default: the areas in the frame). */
  classValues?: (number | null)[];
  /** Towns and villages in the frame, for orientation. */
  places?: { name: string; kind: 'stad' | 'dorp' | 'buurtschap'; point: Position }[];
}

const HOT = '#c51b7d';
const SIGNAL = '#4d004b';

/** The choropleth's classes: the dashboard's classification (shared/classes.ts) of the same
 *  published counts, so map, legend and PDF agree. */
export function mapClasses(data: MapData): Classification {
  const values = data.classValues ?? data.areas.filter((a) => a.count).map((a) => (a.count!.suppressed ? null : a.count!.value));
  return classify(values, SEQUENTIAL, { integers: true });
}

// ---------------------------------------------------------------------------------------------
// Scenes

export interface Style {
  fill?: string;
  fillOpacity?: number;
  /** Colour of a diagonal hatch on white (suppressed values); replaces `fill`. */
  hatch?: string;
  stroke?: string;
  strokeWidth?: number;
  strokeOpacity?: number;
  dash?: [number, number];
}
export type Shape =
  | ({ kind: 'path'; d: string; bbox: [number, number, number, number]; evenOdd?: boolean } & Style)
  | ({ kind: 'rect'; x: number; y: number; w: number; h: number } & Style)
  | ({ kind: 'circle'; cx: number; cy: number; r: number } & Style)
  | { kind: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; italic?: boolean; fill: string; anchor?: 'start' | 'middle' | 'end' }
  | { kind: 'clip'; x: number; y: number; w: number; h: number; shapes: Shape[] };
export interface Scene { width: number; height: number; shapes: Shape[] }

export const HATCH_SPACING = 4.5;

/** The scene as one SVG element (ids prefixed with `uid`, so several can share a page). */
export function sceneSvg(scene: Scene, uid: string): string {
  const hatches: string[] = [];
  const hatchId = (colour: string) => {
    let i = hatches.indexOf(colour);
    if (i < 0) i = hatches.push(colour) - 1;
    return `${uid}-h${i}`;
  };
  let clips = 0;
  const style = (st: Style) => [
    `fill="${st.hatch ? `url(#${hatchId(st.hatch)})` : st.fill ?? 'none'}"`,
    st.fillOpacity !== undefined ? `fill-opacity="${st.fillOpacity}"` : '',
    st.stroke ? `stroke="${st.stroke}" stroke-width="${st.strokeWidth ?? 1}"` : '',
    st.strokeOpacity !== undefined ? `stroke-opacity="${st.strokeOpacity}"` : '',
    st.dash ? `stroke-dasharray="${st.dash.join(',')}"` : '',
  ].filter(Boolean).join(' ');
  const write = (shapes: Shape[]): string => shapes.map((sh) => {
    switch (sh.kind) {
      case 'path': return `<path d="${sh.d}" ${style(sh)}${sh.evenOdd ? ' fill-rule="evenodd"' : ''}/>`;
      case 'rect': return `<rect x="${r2(sh.x)}" y="${r2(sh.y)}" width="${r2(sh.w)}" height="${r2(sh.h)}" ${style(sh)}/>`;
      case 'circle': return `<circle cx="${r2(sh.cx)}" cy="${r2(sh.cy)}" r="${sh.r}" ${style(sh)}/>`;
      case 'text': return `<text x="${r2(sh.x)}" y="${r2(sh.y)}" font-size="${sh.size}"${sh.bold ? ' font-weight="bold"' : ''}${sh.italic ? ' font-style="italic"' : ''} fill="${sh.fill}"${sh.anchor && sh.anchor !== 'start' ? ` text-anchor="${sh.anchor}"` : ''}>${esc(sh.text)}</text>`;
      case 'clip': {
        const id = `${uid}-c${clips++}`;
        return `<clipPath id="${id}"><rect x="${sh.x}" y="${sh.y}" width="${sh.w}" height="${sh.h}"/></clipPath><g clip-path="url(#${id})">${write(sh.shapes)}</g>`;
      }
    }
  }).join('');
  const body = write(scene.shapes);
  const defs = hatches.map((c, i) => `<pattern id="${uid}-h${i}" patternUnits="userSpaceOnUse" width="${HATCH_SPACING}" height="${HATCH_SPACING}"><rect width="${HATCH_SPACING}" height="${HATCH_SPACING}" fill="#ffffff"/><path d="M0,${HATCH_SPACING} L${HATCH_SPACING},0" stroke="${c}" stroke-width="0.7"/></pattern>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" font-family="${FONT_FAMILY}">${defs ? `<defs>${defs}</defs>` : ''}${body}</svg>`;
}

// ---------------------------------------------------------------------------------------------
// Map

const HATCH_GREY = HATCH_LINE;

function styleFor(c: PublishedCount | null, classes: Classification): Style {
  if (!c) return {};
  if (c.suppressed) return { hatch: HATCH_GREY };
  return { fill: colourOf(c.value, classes) ?? ZERO_COLOUR };
}

/** Place and area names at their label points, larger kinds first; a name that would overlap
 *  one already placed is left out (rough text widths of the condensed font). */
export function mapLabelShapes(data: MapData, project: (p: Position) => [number, number] | null, width: number, height: number): Shape[] {
  const candidates: { text: string; at: Position; size: number; bold: boolean; italic: boolean }[] = [];
  for (const p of data.places ?? []) candidates.push({ text: p.name, at: p.point, size: p.kind === 'stad' ? 9 : p.kind === 'dorp' ? 8 : 6.5, bold: p.kind !== 'buurtschap', italic: p.kind === 'buurtschap' });
  for (const a of data.areas) if (a.count && a.labelPoint) candidates.push({ text: a.name.length > 26 ? `${a.name.slice(0, 25)}…` : a.name, at: a.labelPoint, size: a.target ? 7 : 6, bold: a.target, italic: false });
  const taken: [number, number, number, number][] = [];
  const shapes: Shape[] = [];
  const written = new Set<string>();
  for (const c of candidates) {
    // A wijk named after its village ("Vroomshoop") is named once.
    if (written.has(c.text)) continue;
    const xy = project(c.at);
    if (!xy) continue;
    const [x, y] = xy;
    const w = c.text.length * c.size * 0.56 + 4;
    const box: [number, number, number, number] = [x - w / 2, y - c.size, x + w / 2, y + c.size * 0.4];
    if (box[0] < 2 || box[2] > width - 2 || box[1] < 2 || box[3] > height - 2) continue;
    if (taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) continue;
    taken.push(box);
    written.add(c.text);
    // A light plate under the name keeps it readable on any fill (text is drawn once, so it
    // reads once when the PDF is searched or read aloud).
    shapes.push({ kind: 'rect', x: box[0], y: box[1] - 0.5, w: box[2] - box[0], h: box[3] - box[1] + 1, fill: '#ffffff', fillOpacity: 0.72 });
    shapes.push({ kind: 'text', x, y, text: c.text, size: c.size, bold: c.bold, italic: c.italic, fill: '#1d2025', anchor: 'middle' });
  }
  return shapes;
}

export interface MapLabels { legend: string; suppressed: string; zero: string; hotspot: string; signal: string; area: string }

/** The map of `width` × `height` points: choropleth, outlines, hot spots, signal marks, scale, legend. */
export function mapScene(data: MapData, lang: Lang, labels: MapLabels, width: number, height: number): Scene {
  const legendW = 150;
  const mapW = width - legendW - 8;
  const frame = rewindForD3(data.frame);
  const projection = geoMercator().fitExtent([[2, 2], [mapW - 2, height - 2]], frame as GeoPermissibleObjects);
  const path = geoPath(projection).digits(1);
  const shape = (g: Geometry, st: Style): Shape => {
    const geo = rewindForD3(g) as GeoPermissibleObjects;
    const [[x0, y0], [x1, y1]] = path.bounds(geo);
    return { kind: 'path', d: path(geo) ?? '', bbox: [x0, y0, x1, y1], evenOdd: true, ...st };
  };
  const choropleth = data.areas.filter((a) => a.count);
  const classes = mapClasses(data);
  const inFrame: Shape[] = [];
  for (const a of choropleth) inFrame.push(shape(a.geometry, { ...styleFor(a.count, classes), stroke: '#ffffff', strokeWidth: 0.6 }));
  for (const a of choropleth) inFrame.push(shape(a.geometry, { stroke: '#8c8c8c', strokeWidth: 0.35 }));
  for (const g of data.hotspots) inFrame.push(shape(g, { fill: HOT, fillOpacity: 0.22, stroke: HOT, strokeWidth: 0.9 }));
  for (const a of data.areas.filter((x) => x.level === 'gemeente')) inFrame.push(shape(a.geometry, { stroke: '#444444', strokeWidth: 1, dash: [4, 2] }));
  for (const a of data.areas.filter((x) => x.target)) inFrame.push(shape(a.geometry, { stroke: '#000000', strokeWidth: 2.2 }));
  for (const sig of data.signals) {
    for (const g of sig.geometries) inFrame.push(shape(g, { stroke: SIGNAL, strokeWidth: 1.4, dash: [3, 1.5] }));
    const first = sig.geometries[0];
    if (!first) continue;
    const [x, y] = path.centroid(rewindForD3(first) as GeoPermissibleObjects);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    inFrame.push({ kind: 'circle', cx: x, cy: y, r: 6, fill: SIGNAL, stroke: '#ffffff', strokeWidth: 0.8 });
    inFrame.push({ kind: 'text', x, y: y + 2.6, text: String(sig.rank), size: 7.5, bold: true, fill: '#ffffff', anchor: 'middle' });
  }
  inFrame.push(...mapLabelShapes(data, (p) => {
    const xy = projection(p);
    return xy && Number.isFinite(xy[0]) && Number.isFinite(xy[1]) ? [xy[0], xy[1]] : null;
  }, mapW, height));
  const shapes: Shape[] = [
    { kind: 'rect', x: 0, y: 0, w: mapW, h: height, fill: '#ffffff', stroke: '#999999', strokeWidth: 0.5 },
    { kind: 'clip', x: 0, y: 0, w: mapW, h: height, shapes: inFrame },
  ];
  // Scale bar (the projection is conformal: metres per point at the frame's centre).
  const [[fx0], [fx1]] = path.bounds(frame as GeoPermissibleObjects);
  const frameMetres = geoWidthMetres(frame);
  if (frameMetres > 0 && fx1 > fx0) {
    const perPoint = frameMetres / (fx1 - fx0);
    const target = (mapW * 0.22) * perPoint;
    const nice = [100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000].reduce((best, v) => (v <= target ? v : best), 100);
    const len = nice / perPoint;
    const y0 = height - 10;
    shapes.push(
      { kind: 'rect', x: 6, y: y0 - 9, w: len + 36, h: 14, fill: '#ffffff', fillOpacity: 0.8 },
      { kind: 'path', d: `M8,${y0} L${r2(8 + len)},${y0}`, bbox: [8, y0, 8 + len, y0], stroke: '#000000', strokeWidth: 1.5 },
      { kind: 'text', x: 12 + len, y: y0 + 2.5, text: nice >= 1000 ? `${integer(nice / 1000, lang)} km` : `${nice} m`, size: 7, fill: '#000000' },
    );
  }
  // Legend
  const lx = mapW + 10;
  let ly = 8;
  const item = (swatch: (x: number, y: number) => Shape, text: string) => {
    shapes.push(swatch(lx, ly));
    const lines = wrapText(text, legendW - 20, 7.5);
    lines.forEach((l, i) => shapes.push({ kind: 'text', x: lx + 18, y: ly + 8 + i * 9, text: l, size: 7.5, fill: '#222222' }));
    ly += Math.max(14, lines.length * 9 + 5);
  };
  shapes.push({ kind: 'text', x: lx, y: ly + 7, text: labels.legend, size: 8, bold: true, fill: '#222222' });
  ly += 15;
  const box = (st: Style) => (x: number, y: number): Shape => ({ kind: 'rect', x, y, w: 14, h: 10, stroke: '#8c8c8c', strokeWidth: 0.35, ...st });
  classLabels(classes, (v) => integer(v, lang)).forEach((label, i) => item(box({ fill: classes.colours[i]! }), label));
  // As on the dashboard: a zero item only where an area is 0 (a buurt's or wijk's 0 is "<k" by
  // default), and "x" where counts are withheld (all categories over one week of a buurt or a wijk).
  const counts = data.areas.map((a) => a.count);
  if (counts.some((c) => c && !c.suppressed && c.value === 0)) item(box({ fill: ZERO_COLOUR }), labels.zero);
  const withheld = counts.some(isWithheld);
  if (!withheld || counts.some((c) => c?.suppressed && !isWithheld(c))) item(box({ hatch: HATCH_GREY }), `${formatCountText({ value: null, suppressed: true }, data.k, lang)} ${labels.suppressed}`);
  if (withheld) item(box({ hatch: HATCH_GREY }), `${formatCountText({ value: null, suppressed: true, withheld: true }, data.k, lang)} ${labels.suppressed}`);
  ly += 4;
  item(box({ stroke: '#000000', strokeWidth: 2 }), labels.area);
  item(box({ fill: HOT, fillOpacity: 0.22, stroke: HOT, strokeWidth: 0.9 }), labels.hotspot);
  item((x, y) => ({ kind: 'circle', cx: x + 7, cy: y + 5, r: 5, fill: SIGNAL }), labels.signal);
  return { width, height, shapes };
}

/** The map as SVG (for the HTML page). */
export function mapSvg(data: MapData, lang: Lang, labels: MapLabels, width: number, height: number, uid = 'map'): string {
  return sceneSvg(mapScene(data, lang, labels, width, height), uid);
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
  points: { start: string; end: string; count: PublishedCount | null; lastYear: PublishedCount | null }[];
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
export function trendScene(s: TrendSeries, lang: Lang, unitLabel: string, width: number, height: number): Scene {
  const m = { top: 22, right: 8, bottom: 20, left: 30 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const n = s.points.length;
  const values = s.points.flatMap((p) => [p.count, p.lastYear]).map((c) => (!c ? 0 : c.suppressed ? s.k : c.value));
  const y = scaleLinear().domain([0, Math.max(s.k, ...values)]).nice(4).range([m.top + h, m.top]);
  const step = n > 0 ? w / n : w;
  const x = (i: number) => m.left + (i + 0.5) * step;
  const colour = lineColour(s.colour);
  const shapes: Shape[] = [
    { kind: 'rect', x: 0, y: 0, w: width, h: height, fill: '#ffffff' },
    { kind: 'text', x: 0, y: 10, text: s.label, size: 9, bold: true, fill: '#222222' },
    { kind: 'text', x: width, y: 10, text: unitLabel, size: 7, fill: '#555555', anchor: 'end' },
  ];
  const line = (x0: number, y0: number, x1: number, y1: number, st: Style): Shape =>
    ({ kind: 'path', d: `M${r2(x0)},${r2(y0)} L${r2(x1)},${r2(y1)}`, bbox: [x0, y0, x1, y1], ...st });
  for (const t of y.ticks(4).filter(Number.isInteger)) {
    shapes.push(line(m.left, y(t), m.left + w, y(t), { stroke: '#e3e3e3', strokeWidth: 0.5 }));
    shapes.push({ kind: 'text', x: m.left - 4, y: y(t) + 2.5, text: integer(t, lang), size: 7, fill: '#555555', anchor: 'end' });
  }
  shapes.push(line(m.left, m.top + h, m.left + w, m.top + h, { stroke: '#888888', strokeWidth: 0.6 }));
  // Hidden points: a hatched band from 0 to k ("somewhere below k"); weeks without data: nothing.
  s.points.forEach((p, i) => {
    if (p.count?.suppressed) shapes.push({ kind: 'rect', x: x(i) - step * 0.35, y: y(s.k), w: step * 0.7, h: m.top + h - y(s.k), hatch: colour, stroke: colour, strokeWidth: 0.3 });
  });
  const segments = (key: 'count' | 'lastYear') => {
    const out: { d: string; bbox: [number, number, number, number] }[] = [];
    let current = '';
    let bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    const flush = () => {
      if (current) out.push({ d: current, bbox });
      current = '';
      bbox = [Infinity, Infinity, -Infinity, -Infinity];
    };
    s.points.forEach((p, i) => {
      const c = p[key];
      if (!c || c.suppressed) return flush();
      const [px, py] = [x(i), y(c.value)];
      current += `${current ? ' L' : 'M'}${r2(px)},${r2(py)}`;
      bbox = [Math.min(bbox[0], px), Math.min(bbox[1], py), Math.max(bbox[2], px), Math.max(bbox[3], py)];
    });
    flush();
    return out;
  };
  for (const seg of segments('lastYear')) shapes.push({ kind: 'path', ...seg, stroke: colour, strokeOpacity: 0.6, strokeWidth: 1, dash: [3, 2] });
  for (const seg of segments('count')) shapes.push({ kind: 'path', ...seg, stroke: colour, strokeWidth: 1.7 });
  s.points.forEach((p, i) => {
    if (p.count && !p.count.suppressed) shapes.push({ kind: 'circle', cx: x(i), cy: y(p.count.value), r: 1.8, fill: colour });
  });
  // X labels: months (or week starts), at most ~8.
  const every = Math.max(1, Math.ceil(n / 8));
  s.points.forEach((p, i) => {
    if (i % every !== 0) return;
    const text = s.interval === 'month' ? `${monthLabel(p.start, lang)}${p.start.slice(5, 7) === '01' || i === 0 ? ` ${p.start.slice(2, 4)}` : ''}` : shortDate(p.start, lang).replace(/ \d{4}$/, '');
    shapes.push({ kind: 'text', x: x(i), y: m.top + h + 10, text, size: 6.5, fill: '#555555', anchor: 'middle' });
  });
  return { width, height, shapes };
}

/** The trend chart as SVG (for the HTML page). */
export function trendSvg(s: TrendSeries, lang: Lang, unitLabel: string, width: number, height: number, uid = 'trend'): string {
  return sceneSvg(trendScene(s, lang, unitLabel, width, height), uid);
}
