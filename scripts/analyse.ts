/**
 * Getis-Ord Gi* / Gi for any polygon layer (GeoJSON in lon/lat, anywhere on Earth).
 *
 *   npm run analyse -- gistar --areas FILE.geojson --value FIELD [--weights queen|rook|distance:M|knn:K]
 *                     [--snap M] [--no-self] [--fdr] [--id FIELD] [--format csv|json]
 *
 * Prints one row per feature, in input order: id, value, number of neighbours, z, p, bin (ArcGIS
 * confidence bin, ±3/±2/±1 for p ≤ .01/.05/.10) and, with --fdr, the Benjamini-Hochberg q and
 * the bin after FDR correction. Metric weights need metres: the layer is projected with an
 * azimuthal equidistant projection centred on the layer (distances from the centre are exact, and
 * within a municipality- or region-sized layer the distortion is far below a metre), so no
 * national grid is assumed. Bad input gives one clear message on stderr and exit code 1; a bad
 * command line gives the usage and exit code 2.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benjaminiHochberg, confidenceBins, distanceBand, fdrBins, getisOrd, kNearest, queenContiguity, rookContiguity,
  type MultiPolygonCoordinates, type Neighbours, type Position,
} from '../server/analysis/index.ts';

export const USAGE = `usage: npm run analyse -- gistar --areas FILE.geojson --value FIELD [options]

options:
  --weights queen|rook|distance:METRES|knn:K   spatial weights (default queen)
  --snap METRES     contiguity tolerance for queen/rook (default 0.001: shared vertices and edges)
  --no-self         Gi (the feature is not its own neighbour) instead of Gi*
  --fdr             add the Benjamini-Hochberg q-value and the bin after FDR correction
  --id FIELD        property with the feature id (default: the feature's id, else its position)
  --format csv|json output format (default csv)`;

export class UsageError extends Error {}
export class InputFileError extends Error {}

type Weights = { type: 'queen' | 'rook' } | { type: 'distance'; metres: number } | { type: 'knn'; k: number };

export interface AnalyseOptions {
  areas: string;
  value: string;
  weights: Weights;
  snapMetres: number;
  includeSelf: boolean;
  fdr: boolean;
  idField: string | null;
  format: 'csv' | 'json';
}

export function parseArgs(argv: readonly string[]): AnalyseOptions {
  const [command, ...rest] = argv;
  if (command !== 'gistar') throw new UsageError(command ? `unknown command "${command}" (the only command is gistar)` : 'missing command gistar');
  const options: Partial<AnalyseOptions> = { weights: { type: 'queen' }, snapMetres: 0.001, includeSelf: true, fdr: false, idField: null, format: 'csv' };
  for (let k = 0; k < rest.length; k++) {
    const arg = rest[k]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++k];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--areas': options.areas = value(); break;
      case '--value': options.value = value(); break;
      case '--id': options.idField = value(); break;
      case '--no-self': options.includeSelf = false; break;
      case '--fdr': options.fdr = true; break;
      case '--format': {
        const f = value();
        if (f !== 'csv' && f !== 'json') throw new UsageError(`--format must be csv or json (got "${f}")`);
        options.format = f;
        break;
      }
      case '--snap': {
        const v = Number(value());
        if (!(v >= 0) || !Number.isFinite(v)) throw new UsageError('--snap must be a number of metres ≥ 0');
        options.snapMetres = v;
        break;
      }
      case '--weights': options.weights = parseWeights(value()); break;
      default: throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (!options.areas) throw new UsageError('--areas FILE.geojson is required');
  if (!options.value) throw new UsageError('--value FIELD is required');
  return options as AnalyseOptions;
}

function parseWeights(spec: string): Weights {
  if (spec === 'queen' || spec === 'rook') return { type: spec };
  const distance = /^distance:(\d+(?:\.\d+)?)$/.exec(spec);
  if (distance && Number(distance[1]) > 0) return { type: 'distance', metres: Number(distance[1]) };
  const knn = /^knn:(\d+)$/.exec(spec);
  if (knn && Number(knn[1]) >= 1) return { type: 'knn', k: Number(knn[1]) };
  throw new UsageError(`--weights must be queen, rook, distance:METRES (> 0) or knn:K (≥ 1), got "${spec}"`);
}

interface Feature {
  id: string;
  value: number;
  polygon: MultiPolygonCoordinates;
}

/** Reads and validates the layer; every problem is collected so one run reports them all. */
export function readLayer(text: string, options: Pick<AnalyseOptions, 'value' | 'idField'>, fileName = 'the file'): Feature[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputFileError(`${fileName} is not valid JSON: ${(err as Error).message}`);
  }
  const collection = json as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw new InputFileError(`${fileName} is not a GeoJSON FeatureCollection`);
  if (collection.features.length < 3) throw new InputFileError(`${fileName} has ${collection.features.length} features; Gi* needs at least 3`);
  const problems: string[] = [];
  const features: Feature[] = [];
  let missing = 0;
  collection.features.forEach((raw, index) => {
    const f = raw as { id?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: Record<string, unknown> | null };
    const label = `feature ${index + 1}`;
    const props = f.properties ?? {};
    const type = f.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      problems.push(`${label}: geometry is ${type ?? 'missing'}, not a Polygon or MultiPolygon`);
      return;
    }
    const polygon = (type === 'Polygon' ? [f.geometry!.coordinates] : f.geometry!.coordinates) as MultiPolygonCoordinates;
    if (!validCoordinates(polygon)) {
      problems.push(`${label}: coordinates must be [lon, lat] pairs in degrees (lon −180…180, lat −90…90) in rings of at least 4 positions`);
      return;
    }
    if (!(options.value in props)) {
      missing++;
      problems.push(`${label}: has no property "${options.value}"`);
      return;
    }
    const rawValue = props[options.value];
    const value = typeof rawValue === 'number' ? rawValue : typeof rawValue === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(rawValue) ? Number(rawValue) : NaN;
    if (!Number.isFinite(value)) {
      problems.push(`${label}: "${options.value}" is ${JSON.stringify(rawValue)}, not a number`);
      return;
    }
    let id: string;
    if (options.idField) {
      const v = props[options.idField];
      if (v === undefined || v === null || v === '') {
        problems.push(`${label}: has no property "${options.idField}" for --id`);
        return;
      }
      id = String(v);
    } else {
      id = f.id !== undefined && f.id !== null ? String(f.id) : String(index + 1);
    }
    features.push({ id, value, polygon });
  });
  if (missing === collection.features.length) {
    const available = Object.keys((collection.features[0] as { properties?: object })?.properties ?? {});
    throw new InputFileError(`no feature has the property "${options.value}"; available: ${available.join(', ') || '(none)'}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    throw new InputFileError(`${problems.length} features cannot be used:\n  ${shown.join('\n  ')}${problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : ''}`);
  }
  return features;
}

function validCoordinates(polygon: unknown): boolean {
  if (!Array.isArray(polygon) || polygon.length === 0) return false;
  return polygon.every((rings) => Array.isArray(rings) && rings.length > 0 && rings.every((ring) =>
    Array.isArray(ring) && ring.length >= 4 && ring.every((p) =>
      Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)));
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const RAD = Math.PI / 180;

/** Azimuthal equidistant projection (sphere) centred on (lon0, lat0), in metres. */
export function azimuthalEquidistant(lon0: number, lat0: number): (lon: number, lat: number) => [number, number] {
  const sinPhi0 = Math.sin(lat0 * RAD);
  const cosPhi0 = Math.cos(lat0 * RAD);
  return (lon, lat) => {
    const phi = lat * RAD;
    const dLambda = (lon - lon0) * RAD;
    const sinPhi = Math.sin(phi);
    const cosPhi = Math.cos(phi);
    const cosDl = Math.cos(dLambda);
    const cosC = Math.min(1, Math.max(-1, sinPhi0 * sinPhi + cosPhi0 * cosPhi * cosDl));
    const c = Math.acos(cosC);
    const k = c < 1e-12 ? 1 : c / Math.sin(c);
    return [EARTH_RADIUS_METRES * k * cosPhi * Math.sin(dLambda), EARTH_RADIUS_METRES * k * (cosPhi0 * sinPhi - sinPhi0 * cosPhi * cosDl)];
  };
}

/** Centre of the layer: the middle of its longitude/latitude extent (the shorter way round the
 *  antimeridian when the layer straddles it). */
export function layerCentre(features: readonly Feature[]): [number, number] {
  let minLat = Infinity;
  let maxLat = -Infinity;
  const lons: number[] = [];
  for (const f of features) for (const rings of f.polygon) for (const ring of rings) for (const p of ring) {
    lons.push(p[0]!);
    minLat = Math.min(minLat, p[1]!);
    maxLat = Math.max(maxLat, p[1]!);
  }
  const minLon = Math.min(...lons);
  const maxLon = Math.max(...lons);
  let lon0 = (minLon + maxLon) / 2;
  if (maxLon - minLon > 180) {
    const shifted = lons.map((l) => (l < 0 ? l + 360 : l));
    lon0 = (Math.min(...shifted) + Math.max(...shifted)) / 2;
    if (lon0 > 180) lon0 -= 360;
  }
  return [lon0, (minLat + maxLat) / 2];
}

/** Area-weighted centroid of a projected (multi)polygon, holes subtracted. */
function centroid(polygon: MultiPolygonCoordinates): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (const rings of polygon) for (const ring of rings) {
    for (let k = 0; k < ring.length - 1; k++) {
      const [x0, y0] = [ring[k]![0]!, ring[k]![1]!];
      const [x1, y1] = [ring[k + 1]![0]!, ring[k + 1]![1]!];
      const cross = x0 * y1 - x1 * y0;
      a += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
      sx += x0;
      sy += y0;
      n++;
    }
  }
  // Rings are oriented either way in GeoJSON in the wild: a signed sum over an outer ring and its
  // holes still weighs them correctly as long as holes run opposite to their ring; a degenerate
  // (zero-area) polygon falls back to the mean vertex.
  if (Math.abs(a) < 1e-9) return [sx / n, sy / n];
  return [cx / (3 * a), cy / (3 * a)];
}

export interface AnalyseRow {
  id: string;
  value: number;
  neighbours: number;
  z: number;
  p: number;
  bin: number;
  q?: number;
  binFdr?: number;
}

export function analyseLayer(features: readonly Feature[], options: Pick<AnalyseOptions, 'weights' | 'snapMetres' | 'includeSelf' | 'fdr'>): AnalyseRow[] {
  const [lon0, lat0] = layerCentre(features);
  const project = azimuthalEquidistant(lon0, lat0);
  const polygons: MultiPolygonCoordinates[] = features.map((f) => f.polygon.map((rings) => rings.map((ring) => ring.map((p) => project(p[0]!, p[1]!) as Position))));
  let neighbours: Neighbours;
  switch (options.weights.type) {
    case 'queen': neighbours = queenContiguity(polygons, options.snapMetres); break;
    case 'rook': neighbours = rookContiguity(polygons, options.snapMetres); break;
    case 'distance': neighbours = distanceBand(polygons.map(centroid), options.weights.metres); break;
    case 'knn': neighbours = kNearest(polygons.map(centroid), options.weights.k); break;
  }
  const values = Float64Array.from(features, (f) => f.value);
  const g = getisOrd(values, neighbours, { includeSelf: options.includeSelf });
  const bins = confidenceBins(g.z, g.p);
  const q = options.fdr ? benjaminiHochberg(g.p) : null;
  const binsFdr = options.fdr ? fdrBins(g.z, g.p) : null;
  return features.map((f, i) => ({
    id: f.id,
    value: f.value,
    neighbours: neighbours[i]!.filter((j) => j !== i).length,
    z: g.z[i]!,
    p: g.p[i]!,
    bin: bins[i]!,
    ...(q && binsFdr ? { q: q[i]!, binFdr: binsFdr[i]! } : {}),
  }));
}

const num = (v: number) => String(Number(v.toPrecision(12)));
const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function formatRows(rows: readonly AnalyseRow[], format: 'csv' | 'json', fdr: boolean): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  const header = ['id', 'value', 'neighbours', 'z', 'p', 'bin', ...(fdr ? ['q', 'bin_fdr'] : [])];
  const lines = rows.map((r) => [csvField(r.id), num(r.value), String(r.neighbours), num(r.z), num(r.p), String(r.bin), ...(fdr ? [num(r.q!), String(r.binFdr!)] : [])].join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The whole command; returns the exit code (0 ok, 1 bad input, 2 bad command line). */
export async function runAnalyse(argv: readonly string[], io: Io): Promise<number> {
  let options: AnalyseOptions;
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`analyse: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  try {
    let text: string;
    try {
      text = await readFile(options.areas, 'utf8');
    } catch (err) {
      throw new InputFileError(`cannot read ${options.areas}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const features = readLayer(text, options, path.basename(options.areas));
    io.stdout(formatRows(analyseLayer(features, options), options.format, options.fdr));
    return 0;
  } catch (err) {
    if (err instanceof InputFileError || err instanceof RangeError) {
      io.stderr(`analyse: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runAnalyse(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) })
    .then((code) => { process.exitCode = code; });
}
