/**
 * The evaluation harness's map: the real CBS 2022 buurten of Twenterand (GM1700) and Almelo
 * (GM0141) with their inhabitants (the project's estimates, data/population/README.md; Almelo
 * from the density by area type), centroids and contiguity in RD New. Independent of the
 * database: the same geometry the service reads, projected here with the published RD polynomial.
 */
import path from 'node:path';
import { queenContiguity, type MultiPolygonCoordinates } from '../../server/analysis/index.ts';
import { DEFAULT_POPULATION_FILE, loadBuurten, loadPopulation, type Buurt } from '../demo/areas.ts';
import { spatialWeights } from '../demo/background.ts';
import { fileURLToPath } from 'node:url';

export interface Municipality {
  code: string;
  buurten: Buurt[];
  /** RD New centroids, flat [x, y, …]. */
  centroids: Float64Array;
  neighbours: number[][];
  inhabitants: Float64Array;
  /** Per category (CATEGORIES order): each buurt's share of the municipality's background. */
  weights: Float64Array[];
}

/** WGS84 → RD New (EPSG:28992), the published polynomial approximation (≈ 1 m). */
export function wgs84ToRd(lon: number, lat: number): [number, number] {
  const dp = 0.36 * (lat - 52.1551744);
  const dl = 0.36 * (lon - 5.38720621);
  const x = 155000 + 190094.945 * dl - 11832.228 * dp * dl - 114.221 * dp * dp * dl - 32.391 * dl ** 3 - 0.705 * dp
    - 2.34 * dp ** 3 * dl - 0.608 * dp * dl ** 3 - 0.008 * dl * dl + 0.148 * dp * dp * dl ** 3;
  const y = 463000 + 309056.544 * dp + 3638.893 * dl * dl + 73.077 * dp * dp - 157.984 * dp * dl * dl + 59.788 * dp ** 3
    + 0.433 * dl - 6.439 * dp * dp * dl * dl - 0.032 * dp * dl + 0.092 * dl ** 4 - 0.054 * dp * dl ** 4;
  return [x, y];
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const FILES: Record<string, string> = {
  GM1700: path.join(REPO_ROOT, 'data', 'boundaries', 'twenterand-buurten-2022.geojson'),
  GM0141: path.join(REPO_ROOT, 'data', 'boundaries', 'almelo-buurten-2022.geojson'),
};

const cache = new Map<string, Municipality>();

export function municipality(code: 'GM1700' | 'GM0141'): Municipality {
  const known = cache.get(code);
  if (known) return known;
  const m = municipalityFrom(code, loadBuurten([FILES[code]!], loadPopulation(DEFAULT_POPULATION_FILE)));
  cache.set(code, m);
  return m;
}

/** The harness's view of any set of buurten (the demo generator's loaded areas, too). */
export function municipalityFrom(code: string, buurten: Buurt[]): Municipality {
  const polygons: MultiPolygonCoordinates[] = buurten.map((b) => {
    const g = b.feature.geometry;
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return parts.map((rings) => rings.map((ring) => ring.map(([lon, lat]) => wgs84ToRd(lon!, lat!))));
  });
  const centroids = new Float64Array(buurten.length * 2);
  polygons.forEach((poly, i) => {
    // Area-weighted centroid of the outer rings.
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (const rings of poly) {
      const ring = rings[0]!;
      for (let k = 0; k < ring.length - 1; k++) {
        const x0 = ring[k]![0];
        const y0 = ring[k]![1];
        const x1 = ring[k + 1]![0];
        const y1 = ring[k + 1]![1];
        const cross = x0! * y1! - x1! * y0!;
        a += cross;
        cx += (x0! + x1!) * cross;
        cy += (y0! + y1!) * cross;
      }
    }
    centroids[2 * i] = cx / (3 * a);
    centroids[2 * i + 1] = cy / (3 * a);
  });
  // The service's contiguity for buurten: queen with 50 m snapping (generalised CBS boundaries).
  const neighbours = queenContiguity(polygons, 50).map((list) => [...list]);
  return {
    code,
    buurten,
    centroids,
    neighbours,
    inhabitants: Float64Array.from(buurten, (b) => b.inhabitants),
    weights: spatialWeights(buurten),
  };
}
