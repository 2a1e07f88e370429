/**
 * Self-check of the planted signals against the project's emerging hot spot engine
 * (server/analysis/emerging.ts). This file only builds the cube the way the server does:
 * flat 500 m hexagons of ST_HexagonGrid in RD New (origin 0,0, odd columns shifted up), every cell
 * that meets the municipality buffered by 200 m, report points snapped to 50 m in RD New, weekly
 * steps, one cube per category; the 6 adjacent cells are the spatial neighbours. The engine does
 * the rest (space-time Gi* over t and t−1, Benjamini–Hochberg at α = 0.05, Mann–Kendall, classes).
 *
 *   npx tsx scripts/demo/check-signals.ts [DIR] [--tie-fix]      (default data/demo)
 *
 * A plant counts as recovered when the cell holding its centre gets the intended class.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmergingCategory, TrendDirection } from '../../server/analysis/emerging.ts';
import { classifyLocation, spaceTimeGiStar } from '../../server/analysis/emerging.ts';
import { benjaminiHochberg } from '../../server/analysis/fdr.ts';
import { mannKendall } from '../../server/analysis/mannKendall.ts';
import type { Buurt } from './areas.ts';
import { distanceToBoundaryMetres, findBuurt, loadBuurten, metresPerDegree } from './areas.ts';
import { parseIsoDate } from './dates.ts';
import type { Manifest } from './generate.ts';
import { REPO_ROOT } from './generate.ts';

/** WGS84 → RD New (EPSG:28992), the published polynomial approximation (≈ 1 m). */
export function wgs84ToRd(lon: number, lat: number): [number, number] {
  const dp = 0.36 * (lat - 52.1551744);
  const dl = 0.36 * (lon - 5.38720621);
  const x =
    155000 +
    190094.945 * dl +
    -11832.228 * dp * dl +
    -114.221 * dp * dp * dl +
    -32.391 * dl ** 3 +
    -0.705 * dp +
    -2.34 * dp ** 3 * dl +
    -0.608 * dp * dl ** 3 +
    -0.008 * dl * dl +
    0.148 * dp * dp * dl ** 3;
  const y =
    463000 +
    309056.544 * dp +
    3638.893 * dl * dl +
    73.077 * dp * dp +
    -157.984 * dp * dl * dl +
    59.788 * dp ** 3 +
    0.433 * dl +
    -6.439 * dp * dp * dl * dl +
    -0.032 * dp * dl +
    0.092 * dl ** 4 +
    -0.054 * dp * dl ** 4;
  return [x, y];
}

const EDGE = 500;
const HALF_H = EDGE * Math.cos(Math.PI / 6);

export function hexCentre(i: number, j: number): [number, number] {
  return [1.5 * EDGE * i, HALF_H * (2 * j + Math.abs(i % 2))];
}

/** Flat-topped hexagon (edge 500 m) holding an RD point: the nearest lattice centre. */
export function hexOf(x: number, y: number): [number, number] {
  const i0 = Math.round(x / (1.5 * EDGE));
  let best: [number, number] = [i0, 0];
  let bestD = Infinity;
  for (let i = i0 - 1; i <= i0 + 1; i++) {
    const j = Math.round((y - HALF_H * Math.abs(i % 2)) / (2 * HALF_H));
    for (let jj = j - 1; jj <= j + 1; jj++) {
      const [cx, cy] = hexCentre(i, jj);
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = [i, jj];
      }
    }
  }
  return best;
}

export function hexNeighbours(i: number, j: number): [number, number][] {
  const odd = Math.abs(i % 2) === 1;
  const side = odd ? [j, j + 1] : [j - 1, j];
  return [
    [i, j - 1],
    [i, j + 1],
    [i - 1, side[0]],
    [i - 1, side[1]],
    [i + 1, side[0]],
    [i + 1, side[1]],
  ];
}

/** Hexagon cells that meet the buurten buffered by `marginMetres` (sampled on a 50 m grid). */
export function areaCells(buurten: readonly Buurt[], marginMetres = 200): Set<string> {
  const set = new Set<string>();
  for (const b of buurten) {
    const [w, s, e, n] = b.bbox;
    const m = metresPerDegree((s + n) / 2);
    const padLon = (marginMetres + 50) / m.lon;
    const padLat = (marginMetres + 50) / m.lat;
    for (let x = w - padLon; x <= e + padLon; x += 50 / m.lon) {
      for (let y = s - padLat; y <= n + padLat; y += 50 / m.lat) {
        if (findBuurt([b], x, y) !== b && distanceToBoundaryMetres(b, x, y) > marginMetres) continue;
        const [i, j] = hexOf(...wgs84ToRd(x, y));
        set.add(`${i},${j}`);
      }
    }
  }
  return set;
}

export interface CellResult {
  key: string;
  i: number;
  j: number;
  cls: EmergingCategory;
  hotShare: number;
  total: number;
  trend: string;
  trendP: number;
}

/**
 * Emerging hot spot analysis of one category's points on the given cells, with the engine's parts
 * (spaceTimeGiStar, benjaminiHochberg, mannKendall, classifyLocation) wired as emergingHotSpots
 * does. `tieFix` rounds the z-scores to 9 decimals before the trend test: the engine's running
 * window sums leave floating-point noise that breaks ties between equal counts in time order,
 * which can fake a significant Mann–Kendall trend (see docs/demo-data.md).
 */
export function analyse(
  points: { x: number; y: number; week: number }[],
  weeks: number,
  cells: Set<string>,
  { tieFix = false }: { tieFix?: boolean } = {},
): Map<string, CellResult> {
  const keys = [...cells].sort();
  const index = new Map(keys.map((k, i) => [k, i]));
  const cube = new Float64Array(keys.length * weeks);
  for (const p of points) {
    const [i, j] = hexOf(Math.round(p.x / 50) * 50, Math.round(p.y / 50) * 50);
    const s = index.get(`${i},${j}`);
    if (s !== undefined) cube[s * weeks + p.week] += 1;
  }
  const neighbours = keys.map((k) => {
    const [i, j] = k.split(',').map(Number);
    return hexNeighbours(i, j)
      .map(([a, b]) => index.get(`${a},${b}`))
      .filter((x): x is number => x !== undefined)
      .sort((a, b) => a - b);
  });
  const { z, p } = spaceTimeGiStar(cube, keys.length, weeks, neighbours);
  const q = benjaminiHochberg(p);
  const out = new Map<string, CellResult>();
  keys.forEach((key, s) => {
    const [i, j] = key.split(',').map(Number);
    const bins = new Int8Array(weeks);
    let total = 0;
    let hot = 0;
    for (let t = 0; t < weeks; t++) {
      const b = s * weeks + t;
      if (q[b] <= 0.05) bins[t] = z[b] > 0 ? 1 : z[b] < 0 ? -1 : 0;
      if (bins[t] > 0) hot++;
      total += cube[b];
    }
    let series = z.slice(s * weeks, (s + 1) * weeks);
    if (tieFix) series = series.map((v) => Math.round(v * 1e9) / 1e9);
    const mk = mannKendall(series);
    const trend: TrendDirection = mk.defined && mk.p <= 0.05 ? (mk.z > 0 ? 'up' : mk.z < 0 ? 'down' : 'none') : 'none';
    const cls = classifyLocation(bins, trend).category;
    out.set(key, { key, i, j, cls, hotShare: hot / weeks, total, trend, trendP: mk.defined ? mk.p : 1 });
  });
  return out;
}

export interface PlantCheck {
  id: string;
  intendedClass: string;
  /** Classes of the cells within reach of the plant (cell centre ≤ radius + 500 m from its centre). */
  cells: { key: string; cls: EmergingCategory; hotShare: number; total: number; trend: string; trendP: number }[];
  ok: boolean;
  /** Cells elsewhere in the same category with a hot class (background hot spots). */
  elsewhere: Record<string, number>;
}

export function checkSignals(dir: string, options: { tieFix?: boolean } = {}): { plants: PlantCheck[]; background: Record<string, Record<string, number>> } {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const buurten = loadBuurten(manifest.areas.map((a) => path.resolve(REPO_ROOT, a)));
  const startDay = parseIsoDate(manifest.start);
  const lines = readFileSync(path.join(dir, 'reports.csv'), 'utf8').trim().split('\n').slice(1);
  const byCat = new Map<string, { x: number; y: number; week: number }[]>();
  for (const line of lines) {
    const [, date, cat, , lon, lat] = line.split(',');
    const [x, y] = wgs84ToRd(Number(lon), Number(lat));
    const week = Math.floor((parseIsoDate(date) - startDay) / 7);
    let a = byCat.get(cat);
    if (!a) byCat.set(cat, (a = []));
    a.push({ x, y, week });
  }
  const cellsOfArea = areaCells(buurten);
  const results = new Map<string, Map<string, CellResult>>();
  for (const [cat, pts] of byCat) results.set(cat, analyse(pts, manifest.weeks, cellsOfArea, options));
  const plants: PlantCheck[] = [];
  const near = new Map<string, Set<string>>();
  for (const p of manifest.plants) {
    const res = results.get(p.category)!;
    const [px, py] = wgs84ToRd(p.centre[0], p.centre[1]);
    const cells = [...res.values()]
      .filter((c) => {
        const [cx, cy] = hexCentre(c.i, c.j);
        return Math.hypot(cx - px, cy - py) <= p.radiusMetres + EDGE;
      })
      .map((c) => ({ key: c.key, cls: c.cls, hotShare: Number(c.hotShare.toFixed(3)), total: c.total, trend: c.trend, trendP: Number(c.trendP.toExponential(2)) }));
    // Cells whose neighbourhood reaches the plant's cells (two rings) do not count as background.
    const set = near.get(p.category) ?? new Set<string>();
    for (const c of res.values()) {
      const [cx, cy] = hexCentre(c.i, c.j);
      if (Math.hypot(cx - px, cy - py) <= p.radiusMetres + 4 * HALF_H + EDGE) set.add(c.key);
    }
    near.set(p.category, set);
    const [ci, cj] = hexOf(px, py);
    const centreCell = cells.find((c) => c.key === `${ci},${cj}`);
    plants.push({ id: p.id, intendedClass: p.intendedClass, cells, ok: centreCell?.cls === p.intendedClass, elsewhere: {} });
  }
  const background: Record<string, Record<string, number>> = {};
  for (const [cat, res] of results) {
    const counts: Record<string, number> = {};
    for (const c of res.values()) {
      if (c.cls === 'no_pattern' || near.get(cat)?.has(c.key)) continue;
      counts[c.cls] = (counts[c.cls] ?? 0) + 1;
    }
    background[cat] = counts;
  }
  for (const p of plants) p.elsewhere = background[manifest.plants.find((m) => m.id === p.id)!.category];
  return { plants, background };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--')) ?? path.join(REPO_ROOT, 'data', 'demo');
  const { plants, background } = checkSignals(dir, { tieFix: args.includes('--tie-fix') });
  for (const p of plants) {
    console.log(`${p.ok ? 'OK  ' : 'MISS'} ${p.id} (intended ${p.intendedClass})`);
    for (const c of p.cells) {
      if (c.total === 0 && c.cls === 'no_pattern') continue;
      const hot = (c.hotShare * 100).toFixed(1).padStart(5);
      console.log(`       cell ${c.key.padEnd(9)} ${c.cls.padEnd(17)} hot ${hot} %  n=${String(c.total).padStart(4)}  trend ${c.trend} (p=${c.trendP})`);
    }
  }
  console.log('classes of cells away from the plants (background):');
  for (const [cat, counts] of Object.entries(background)) console.log(`  ${cat.padEnd(18)} ${JSON.stringify(counts)}`);
}
