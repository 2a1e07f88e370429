import type { Database } from '../../db/index.ts';
import { queenContiguity, type MultiPolygonCoordinates, type Neighbours, type Position } from '../../analysis/index.ts';
import * as repo from '../../repositories/signals.ts';
import type { CellSize } from '../areas.ts';

/** A municipality's buurten as the early-signal engine's study area (places), or its hexagon cells
 *  of one size for the density map; polygons only in RD New for contiguity, never published. */
export interface BuurtArea {
  gemeente: string;
  codes: string[];
  names: string[];
  /** [west, south, east, north] in WGS84, per buurt. */
  bbox: [number, number, number, number][];
  /** RD New centroids, flat [x, y, …]. */
  centroids: Float64Array;
  /** NaN where unknown. */
  inhabitants: Float64Array;
  /** Queen contiguity with 50 m snapping (generalised CBS boundaries leave gaps of tens of metres). */
  neighbours: Neighbours;
}

export interface CellArea {
  gemeente: string;
  size: CellSize;
  /** Cell ids GMxxxx:size:i:j and their (i, j). */
  ids: string[];
  ij: [number, number][];
  /** Queen contiguity (hexagons share exact edges; 1 m absorbs rounding). */
  neighbours: Neighbours;
}

export const BUURT_SNAP_METRES = 50;

export const cellId = (gemeente: string, size: number, i: number, j: number): string => `${gemeente}:${size}:${i}:${j}`;
export const CELL_ID = /^(GM\d{4}):(250|500|1000):(-?\d+):(-?\d+)$/;

interface CacheEntry {
  version: string;
  value: Promise<unknown>;
}
/** Per database: study areas keyed by municipality and kind, invalidated by an areas import. */
const caches = new WeakMap<Database, Map<string, CacheEntry>>();

function cached<T>(db: Database, key: string, version: string, build: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as Promise<T>;
  const value = build();
  cache.set(key, { version, value });
  value.catch(() => {
    if (cache!.get(key)?.value === value) cache!.delete(key);
  });
  return value;
}

function toMultiPolygon(geojson: string): MultiPolygonCoordinates {
  const g = JSON.parse(geojson) as { type: string; coordinates: unknown };
  if (g.type === 'Polygon') return [g.coordinates as Position[][]];
  if (g.type === 'MultiPolygon') return g.coordinates as MultiPolygonCoordinates;
  return [];
}

export function buurtArea(db: Database, gemeente: string, areasVersion: string): Promise<BuurtArea> {
  return cached(db, `buurten|${gemeente}`, areasVersion, async () => {
    const rows = await repo.buurtLocations(db, { gemeente });
    return {
      gemeente,
      codes: rows.map((r) => r.code),
      names: rows.map((r) => r.name),
      bbox: rows.map((r) => [r.west, r.south, r.east, r.north] as [number, number, number, number]),
      centroids: Float64Array.from(rows.flatMap((r) => [r.x, r.y])),
      inhabitants: Float64Array.from(rows, (r) => (r.inhabitants === null ? NaN : Number(r.inhabitants))),
      neighbours: queenContiguity(rows.map((r) => toMultiPolygon(r.geometryRd)), BUURT_SNAP_METRES),
    };
  });
}

export function cellArea(db: Database, gemeente: string, size: CellSize, areasVersion: string): Promise<CellArea> {
  return cached(db, `cells|${gemeente}|${size}`, areasVersion, async () => {
    const rows = await repo.cellLocations(db, { gemeente, size });
    return {
      gemeente,
      size,
      ids: rows.map((r) => cellId(gemeente, size, r.i, r.j)),
      ij: rows.map((r) => [r.i, r.j] as [number, number]),
      neighbours: queenContiguity(rows.map((r) => toMultiPolygon(r.geometryRd)), 1),
    };
  });
}

export type { CellSize };
