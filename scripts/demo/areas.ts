/**
 * Buurt (neighbourhood) polygons for the demo generator: loading, area types, estimated
 * inhabitants, and fast uniform point sampling inside a polygon (by triangulation, with a
 * point-in-polygon check of the rounded output coordinates).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import { parse } from 'csv-parse/sync';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { DemoError } from './errors.ts';

/** How a buurt is treated by the background model. */
export type AreaType = 'core' | 'rural' | 'industrial';

export interface Buurt {
  code: string;
  name: string;
  gmCode: string;
  wkCode: string;
  type: AreaType;
  /** Inhabitants: an ESTIMATE (population file, else density × area), not CBS figures. */
  inhabitants: number;
  areaKm2: number;
  feature: Feature<Polygon | MultiPolygon>;
  bbox: [number, number, number, number];
  /** Triangles as flat [ax, ay, bx, by, cx, cy, …] in lon/lat. */
  triangles: Float64Array;
  /** Cumulative triangle areas (in degree², only used relatively), last entry = total. */
  cumArea: Float64Array;
  /** All rings (outer and holes, all parts) as flat [x0, y0, x1, y1, …] for the even–odd test. */
  rings: Float64Array[];
}

/**
 * Inhabitants per km² for buurten that the population file does not cover (e.g. Almelo). The rural
 * and industrial values are those of data/population/README.md; the core value is a round guess.
 */
export const DENSITY_BY_TYPE: Readonly<Record<AreaType, number>> = {
  core: 3000,
  rural: 45,
  industrial: 15,
};

/** The project's per-buurt inhabitant ESTIMATES (not CBS figures, see data/population/README.md). */
export const DEFAULT_POPULATION_FILE = fileURLToPath(
  new URL('../../data/population/twenterand-buurten-2024-estimates.csv', import.meta.url),
);

/** Reads a population CSV with columns `code` and `inhabitants` (header line required). */
export function loadPopulation(file: string): Map<string, number> {
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (err) {
    throw new DemoError(`cannot read population file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const out = new Map<string, number>();
  for (const r of rows) {
    const n = Number(r.inhabitants);
    if (!r.code || !Number.isFinite(n) || n < 0) throw new DemoError(`population file ${file}: bad row ${JSON.stringify(r)}`);
    out.set(r.code, n);
  }
  return out;
}

/**
 * Area type from a CBS buurt name. For Twenterand this reproduces the `basis` column of the
 * population estimates: "Verspreide huizen …" / "Buurtschap …" rural, the two industrial estates
 * industrial, the rest village core.
 */
export function classifyByName(name: string): AreaType {
  if (/industrie|bedrijven|bedrijfs/i.test(name)) return 'industrial';
  if (/verspreide huizen|buitengebied|buurtschap/i.test(name)) return 'rural';
  return 'core';
}

function triangulate(feature: Feature<Polygon | MultiPolygon>): { triangles: Float64Array; cumArea: Float64Array } {
  const tris = turf.tesselate(feature).features;
  const triangles = new Float64Array(tris.length * 6);
  const cumArea = new Float64Array(tris.length);
  let total = 0;
  tris.forEach((t, i) => {
    const [a, b, c] = t.geometry.coordinates[0];
    triangles.set([a[0], a[1], b[0], b[1], c[0], c[1]], i * 6);
    total += Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2;
    cumArea[i] = total;
  });
  return { triangles, cumArea };
}

/** Reads one or more CBS buurt GeoJSON files. Features with `geometry: null` are skipped. */
export function loadBuurten(files: readonly string[], population: ReadonlyMap<string, number> = new Map()): Buurt[] {
  const out: Buurt[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new DemoError(`cannot read area file ${file}: ${why}`);
    }
    const fc = parsed as { type?: unknown; features?: unknown };
    if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      throw new DemoError(`area file ${file} is not a GeoJSON FeatureCollection`);
    }
    for (const raw of fc.features as Array<Feature<Polygon | MultiPolygon | null>>) {
      const props = (raw.properties ?? {}) as Record<string, unknown>;
      const code = String(props.statcode ?? '');
      if (!/^BU\d{8}$/.test(code)) throw new DemoError(`area file ${file}: feature without a buurt statcode (BU + 8 digits)`);
      if (raw.geometry === null) continue; // e.g. Almelo BU01411801, lost in the CBS generalisation
      if (raw.geometry.type !== 'Polygon' && raw.geometry.type !== 'MultiPolygon') {
        throw new DemoError(`area file ${file}: ${code} is not a (Multi)Polygon`);
      }
      if (seen.has(code)) continue;
      seen.add(code);
      const feature = raw as Feature<Polygon | MultiPolygon>;
      const name = String(props.statnaam ?? code);
      const areaKm2 = turf.area(feature) / 1e6;
      const type = classifyByName(name);
      const inhabitants = population.get(code) ?? Math.round(areaKm2 * DENSITY_BY_TYPE[type]);
      out.push({
        code,
        name,
        gmCode: String(props.gmCode ?? `GM${code.slice(2, 6)}`),
        wkCode: String(props.wkCode ?? `WK${code.slice(2, 8)}`),
        type,
        inhabitants,
        areaKm2,
        feature,
        bbox: turf.bbox(feature) as [number, number, number, number],
        ...triangulate(feature),
        rings: (feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat()).map(
          (ring) => Float64Array.from(ring.flat()),
        ),
      });
    }
  }
  if (out.length === 0) throw new DemoError(`no buurt polygons found in ${files.join(', ')}`);
  out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return out;
}

/** Rounds to the 6 decimals that the CSV carries (≈ 0.1 m). */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Point-in-polygon by the even–odd rule over all rings (a fast replacement of turf's
 * booleanPointInPolygon for the hot loop; the tests check the output with turf). A point exactly on
 * the boundary may come out either way; the generator then simply draws again.
 */
export function insideBuurt(b: Buurt, lon: number, lat: number): boolean {
  const bb = b.bbox;
  if (lon < bb[0] || lon > bb[2] || lat < bb[1] || lat > bb[3]) return false;
  let inside = false;
  for (const r of b.rings) {
    const n = r.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const yi = r[i + 1];
      const yj = r[j + 1];
      if (yi > lat !== yj > lat && lon < ((r[j] - r[i]) * (lat - yi)) / (yj - yi) + r[i]) inside = !inside;
    }
  }
  return inside;
}

/** The first buurt (by code) that contains the point, or undefined. */
export function findBuurt(buurten: readonly Buurt[], lon: number, lat: number): Buurt | undefined {
  for (const b of buurten) if (insideBuurt(b, lon, lat)) return b;
  return undefined;
}

/**
 * A uniformly distributed point inside the buurt (uniform in lon/lat, which over a few km is uniform
 * in area up to a constant factor), already rounded to 6 decimals and checked to lie inside the
 * polygon after rounding; written to `out` as [lon, lat]. `rng` returns uniform numbers in [0, 1).
 */
export function samplePointInBuurt(b: Buurt, rng: () => number, out: Float64Array = new Float64Array(2)): Float64Array {
  const cum = b.cumArea;
  const total = cum[cum.length - 1];
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = rng() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    const t = b.triangles;
    const o = lo * 6;
    let u = rng();
    let v = rng();
    if (u + v > 1) {
      u = 1 - u;
      v = 1 - v;
    }
    const lon = round6(t[o] + u * (t[o + 2] - t[o]) + v * (t[o + 4] - t[o]));
    const lat = round6(t[o + 1] + u * (t[o + 3] - t[o + 1]) + v * (t[o + 5] - t[o + 1]));
    if (insideBuurt(b, lon, lat)) {
      out[0] = lon;
      out[1] = lat;
      return out;
    }
  }
  throw new Error(`could not sample a point inside ${b.code}`);
}

/** Distance in metres from a point to the buurt's boundary (local flat-earth approximation). */
export function distanceToBoundaryMetres(b: Buurt, lon: number, lat: number): number {
  const m = metresPerDegree(lat);
  const g = b.feature.geometry;
  const rings: number[][][] = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const ax = (ring[i - 1][0] - lon) * m.lon;
      const ay = (ring[i - 1][1] - lat) * m.lat;
      const dx = (ring[i][0] - ring[i - 1][0]) * m.lon;
      const dy = (ring[i][1] - ring[i - 1][1]) * m.lat;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

/** Metres per degree of latitude / longitude at a latitude (local equirectangular approximation). */
export function metresPerDegree(lat: number): { lon: number; lat: number } {
  const mLat = 111_320;
  return { lat: mLat, lon: mLat * Math.cos((lat * Math.PI) / 180) };
}
