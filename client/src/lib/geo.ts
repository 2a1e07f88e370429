/** Small geometry helpers for labels and camera moves (planar, in degrees scaled for latitude:
 *  good enough at the scale of a municipality). */
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

export type BBox = [number, number, number, number];

export function bboxOf(geometry: Polygon | MultiPolygon): BBox {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const [x, y] of polygon[0] ?? []) {
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    }
  return [w, s, e, n];
}

export function unionBBox(boxes: readonly (BBox | null | undefined)[]): BBox | null {
  const valid = boxes.filter((b): b is BBox => !!b);
  if (valid.length === 0) return null;
  return [Math.min(...valid.map((b) => b[0])), Math.min(...valid.map((b) => b[1])), Math.max(...valid.map((b) => b[2])), Math.max(...valid.map((b) => b[3]))];
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return Math.abs(sum / 2);
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(x: number, y: number, polygon: Position[][]): boolean {
  if (!polygon[0] || !inRing(x, y, polygon[0])) return false;
  return !polygon.slice(1).some((hole) => inRing(x, y, hole));
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return Math.sqrt(x * x + y * y);
}

/**
 * A point well inside the largest part of an area, for its label: the grid sample (refined twice)
 * farthest from the boundary. A centroid can fall outside a crescent-shaped buurt; this cannot.
 */
export function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const polygon = polygons.reduce((best, p) => (ringArea(p[0] ?? []) > ringArea(best[0] ?? []) ? p : best), polygons[0]!);
  const outer = polygon[0] ?? [];
  // Scale longitude so distances are roughly isotropic at this latitude.
  const lat0 = outer.reduce((s, p) => s + p[1]!, 0) / Math.max(1, outer.length);
  const kx = Math.cos((lat0 * Math.PI) / 180);
  const distance = (x: number, y: number) => {
    let d = Infinity;
    for (const ring of polygon)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
        d = Math.min(d, segmentDistance(x * kx, y, ring[j]![0]! * kx, ring[j]![1]!, ring[i]![0]! * kx, ring[i]![1]!));
    return d;
  };
  let [w, s, e, n] = bboxOf({ type: 'Polygon', coordinates: polygon });
  let best: [number, number] = [(w + e) / 2, (s + n) / 2];
  let bestD = inPolygon(best[0], best[1], polygon) ? distance(best[0], best[1]) : -1;
  const steps = 10;
  for (let round = 0; round < 3; round++) {
    const dx = (e - w) / steps;
    const dy = (n - s) / steps;
    for (let i = 0; i <= steps; i++)
      for (let j = 0; j <= steps; j++) {
        const x = w + i * dx;
        const y = s + j * dy;
        if (!inPolygon(x, y, polygon)) continue;
        const d = distance(x, y);
        if (d > bestD) {
          bestD = d;
          best = [x, y];
        }
      }
    // Refine around the best point.
    [w, s, e, n] = [best[0] - dx, best[1] - dy, best[0] + dx, best[1] + dy];
  }
  if (bestD < 0) return [outer[0]![0]!, outer[0]![1]!];
  return best;
}

/** Pixels per metre at a zoom level and latitude (512-pixel tiles, as MapLibre). */
export function pixelsPerMetre(zoom: number, latitude: number): number {
  return (512 * 2 ** zoom) / (40_075_016.686 * Math.cos((latitude * Math.PI) / 180));
}

/**
 * Whether two feature collections draw the same: the same features in the same order, each with
 * the very same geometry object and equal (primitive) properties. The map's sources are rebuilt
 * whenever any of their inputs changes; sending an equal collection again would make MapLibre
 * re-tile it in its worker and redraw the whole map for nothing.
 */
export function sameFeatures(a: FeatureCollection | null | undefined, b: FeatureCollection | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.features.length !== b.features.length) return false;
  for (let i = 0; i < a.features.length; i++) {
    const f = a.features[i]!;
    const g = b.features[i]!;
    if (f.geometry !== g.geometry || f.id !== g.id) return false;
    const p = f.properties ?? {};
    const q = g.properties ?? {};
    const keys = Object.keys(p);
    if (keys.length !== Object.keys(q).length) return false;
    for (const k of keys) if (p[k] !== q[k]) return false;
  }
  return true;
}
