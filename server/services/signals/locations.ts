import type { Database } from '../../db/index.ts';
import { sql } from '../../db/index.ts';
import { distanceBand, queenContiguity, type MultiPolygonCoordinates, type Neighbours, type Position } from '../../analysis/index.ts';
import type { CellSize } from '../areas.ts';
import type { LocationKind } from './parameters.ts';

/** One location of a study area: a hexagon cell (id GMxxxx:size:i:j) or a buurt (its code). */
export interface Location {
  id: string;
  /** Cell indices; null for buurten. */
  i: number | null;
  j: number | null;
  /** Centroid in RD New (metres): for distance weights and scan zones, never published. */
  x: number;
  y: number;
  /** [west, south, east, north] in WGS84. */
  bbox: [number, number, number, number];
  areaKm2: number;
  name: string | null;
}

export interface StudyArea {
  gemeente: string;
  kind: LocationKind;
  locations: Location[];
  index: Map<string, number>;
  /** RD New polygons, kept for contiguity. */
  polygons: MultiPolygonCoordinates[];
}

export type WeightsSpec = { type: 'queen'; snapMetres: number } | { type: 'distance'; metres: number };

export const cellId = (gemeente: string, size: number, i: number, j: number): string => `${gemeente}:${size}:${i}:${j}`;
export const CELL_ID = /^(GM\d{4}):(250|500|1000):(-?\d+):(-?\d+)$/;

interface CacheEntry<T> {
  version: string;
  value: T;
}
/** Study areas and weights per database, (gemeente, locations, weights), invalidated when areas
 *  are imported again (the grid is rebuilt then). */
const caches = new WeakMap<Database, Map<string, CacheEntry<unknown>>>();

async function cached<T>(db: Database, key: string, version: string, build: () => Promise<T> | T): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await build();
  cache.set(key, { version, value });
  return value;
}

interface LocationRow {
  i?: number;
  j?: number;
  code?: string;
  name?: string;
  geometry_rd: string;
  x: number;
  y: number;
  west: number;
  south: number;
  east: number;
  north: number;
  areaKm2: number;
}

function toMultiPolygon(geojson: string): MultiPolygonCoordinates {
  const g = JSON.parse(geojson) as { type: string; coordinates: unknown };
  if (g.type === 'Polygon') return [g.coordinates as Position[][]];
  if (g.type === 'MultiPolygon') return g.coordinates as MultiPolygonCoordinates;
  return [];
}

/** The locations of one municipality (cached per areas version). */
export async function studyArea(db: Database, gemeente: string, kind: LocationKind, areasVersion: string): Promise<StudyArea> {
  const key = `area|${gemeente}|${kind.type === 'cells' ? kind.size : 'buurten'}`;
  return cached(db, key, areasVersion, async () => {
    const rows = kind.type === 'cells'
      ? await db.query<LocationRow>(sql('signals/cell-locations'), [gemeente, kind.size])
      : await db.query<LocationRow>(sql('signals/buurt-locations'), [gemeente]);
    const locations: Location[] = rows.map((r) => ({
      id: kind.type === 'cells' ? cellId(gemeente, kind.size, r.i!, r.j!) : r.code!,
      i: kind.type === 'cells' ? r.i! : null,
      j: kind.type === 'cells' ? r.j! : null,
      x: r.x,
      y: r.y,
      bbox: [r.west, r.south, r.east, r.north],
      areaKm2: r.areaKm2,
      name: r.name ?? null,
    }));
    return {
      gemeente,
      kind,
      locations,
      index: new Map(locations.map((l, k) => [kind.type === 'cells' ? `${l.i}:${l.j}` : l.id, k])),
      polygons: rows.map((r) => toMultiPolygon(r.geometry_rd)),
    };
  });
}

/** Spatial neighbours of a study area (cached per areas version and weights). */
export async function weightsOf(db: Database, area: StudyArea, spec: WeightsSpec, areasVersion: string): Promise<Neighbours> {
  const key = `weights|${area.gemeente}|${area.kind.type === 'cells' ? area.kind.size : 'buurten'}|${spec.type}:${spec.type === 'queen' ? spec.snapMetres : spec.metres}`;
  return cached(db, key, areasVersion, () =>
    spec.type === 'queen'
      ? queenContiguity(area.polygons, spec.snapMetres)
      : distanceBand(area.locations.map((l) => [l.x, l.y]), spec.metres),
  );
}

export type { CellSize };
