import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getisOrd } from '../../server/analysis/index.ts';
import { runAnalyse } from '../../scripts/analyse.ts';

// The methods.md §1 esda fixture as 4 m squares around its points (metres), placed near Nairobi
// and near Reykjavik: the CLI must project them itself (no Dutch grid) and reproduce the
// reference z-values with the distance band of 15 m (15.01: one pair is exactly 15 m apart).
const POINTS: [number, number][] = [[10, 10], [20, 10], [40, 10], [15, 20], [30, 20], [30, 30]];
const Y = [2, 3, 3.2, 5, 8, 7];
const GI_STAR = [-1.3972763, -0.2891776, 0.6506496, -0.2891776, 1.2345209, 2.0242433];
const GI = [-1.0136729, -0.0436159, 1.315587, -0.3141268, 1.1537399, 1.7783394];

const R = 6_371_008.8;
/** Inverse of the azimuthal equidistant projection centred on (lon0, lat0) (sphere). */
function inverse(lon0: number, lat0: number, x: number, y: number): [number, number] {
  const rad = Math.PI / 180;
  const c = Math.hypot(x, y) / R;
  if (c === 0) return [lon0, lat0];
  const phi0 = lat0 * rad;
  const phi = Math.asin(Math.cos(c) * Math.sin(phi0) + (y * Math.sin(c) * Math.cos(phi0)) / (Math.hypot(x, y)));
  const lambda = lon0 * rad + Math.atan2(x * Math.sin(c), Math.hypot(x, y) * Math.cos(phi0) * Math.cos(c) - y * Math.sin(phi0) * Math.sin(c));
  return [lambda / rad, phi / rad];
}

function square(lon0: number, lat0: number, cx: number, cy: number, half: number) {
  const ring = [[-half, -half], [half, -half], [half, half], [-half, half], [-half, -half]].map(([dx, dy]) => inverse(lon0, lat0, cx + dx!, cy + dy!));
  return { type: 'Polygon', coordinates: [ring] };
}

function esdaLayer(lon0: number, lat0: number) {
  // Centred on the middle of the points' extent (25, 20), which is where the CLI centres too.
  return {
    type: 'FeatureCollection',
    features: POINTS.map(([x, y], k) => ({
      type: 'Feature',
      properties: { name: `f${k + 1}`, y: Y[k] },
      geometry: square(lon0, lat0, x - 25, y - 20, 2),
    })),
  };
}

/** A 3 × 3 grid of 100 m squares sharing edges and corners (values 1..9, id field "code"). */
function gridLayer(lon0: number, lat0: number, values = [1, 2, 3, 4, 5, 6, 7, 8, 30]) {
  const features = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) {
    features.push({ type: 'Feature', properties: { code: `g${r}${c}`, v: values[r * 3 + c] }, geometry: square(lon0, lat0, (c - 1) * 100, (r - 1) * 100, 50) });
  }
  return { type: 'FeatureCollection', features };
}

let dir: string;
const file = (name: string) => path.join(dir, name);
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAnalyse(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
function parseCsv(text: string) {
  const [header, ...lines] = text.trim().split('\n');
  const cols = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [cols[k]!, v])));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'analyse-cli-'));
  await writeFile(file('esda-nairobi.geojson'), JSON.stringify(esdaLayer(36.82, -1.29)));
  await writeFile(file('esda-reykjavik.geojson'), JSON.stringify(esdaLayer(-21.94, 64.15)));
  await writeFile(file('grid-quito.geojson'), JSON.stringify(gridLayer(-78.5, -0.2)));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('analyse gistar', () => {
  for (const place of ['nairobi', 'reykjavik']) {
    it(`reproduces the esda Gi* reference with a 15 m distance band (${place})`, async () => {
      const { code, stdout, stderr } = await run(['gistar', '--areas', file(`esda-${place}.geojson`), '--value', 'y', '--weights', 'distance:15.01', '--id', 'name']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const rows = parseCsv(stdout);
      expect(rows.map((r) => r.id)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
      expect(rows.map((r) => Number(r.neighbours))).toEqual([2, 3, 1, 3, 4, 1]);
      rows.forEach((r, k) => expect(Number(r.z)).toBeCloseTo(GI_STAR[k]!, 6));
      // Bins: only f6 reaches 90 % (|z| = 2.02 → p = .043 → 95 %).
      expect(rows.map((r) => Number(r.bin))).toEqual([0, 0, 0, 0, 0, 2]);
    });
  }

  it('computes Gi (self excluded) with --no-self, and JSON output', async () => {
    const { code, stdout } = await run(['gistar', '--areas', file('esda-nairobi.geojson'), '--value', 'y', '--weights=distance:15.01', '--no-self', '--format', 'json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { id: string; z: number; p: number }[];
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    rows.forEach((r, k) => expect(r.z).toBeCloseTo(GI[k]!, 6));
  });

  it('finds queen and rook neighbours of a grid far from the Netherlands, and adds FDR with --fdr', async () => {
    const queen = parseCsv((await run(['gistar', '--areas', file('grid-quito.geojson'), '--value', 'v', '--id', 'code', '--fdr'])).stdout);
    const rook = parseCsv((await run(['gistar', '--areas', file('grid-quito.geojson'), '--value', 'v', '--id', 'code', '--weights', 'rook'])).stdout);
    // Corner, edge and centre cells of a 3 × 3 grid.
    expect(queen.map((r) => Number(r.neighbours))).toEqual([3, 5, 3, 5, 8, 5, 3, 5, 3]);
    expect(rook.map((r) => Number(r.neighbours))).toEqual([2, 3, 2, 3, 4, 3, 2, 3, 2]);
    expect(Object.keys(queen[0]!)).toEqual(['id', 'value', 'neighbours', 'z', 'p', 'bin', 'q', 'bin_fdr']);
    expect(Object.keys(rook[0]!)).toEqual(['id', 'value', 'neighbours', 'z', 'p', 'bin']);
    // Expected z from the (reference-tested) statistic with hand-written grid adjacency.
    const at = (r: number, c: number) => r * 3 + c;
    const adjacency = (diagonal: boolean) => Array.from({ length: 9 }, (_, k) => {
      const r = Math.floor(k / 3);
      const c = k % 3;
      const out: number[] = [];
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
        if ((dr === 0 && dc === 0) || (!diagonal && dr !== 0 && dc !== 0)) continue;
        if (r + dr >= 0 && r + dr < 3 && c + dc >= 0 && c + dc < 3) out.push(at(r + dr, c + dc));
      }
      return out.sort((a, b) => a - b);
    });
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 30];
    const zQueen = getisOrd(values, adjacency(true)).z;
    const zRook = getisOrd(values, adjacency(false)).z;
    queen.forEach((r, k) => expect(Number(r.z)).toBeCloseTo(zQueen[k]!, 6));
    rook.forEach((r, k) => expect(Number(r.z)).toBeCloseTo(zRook[k]!, 6));
    // The corner with 30 is the hottest feature under both weights.
    expect(Number(queen[8]!.z)).toBeGreaterThan(Number(queen[7]!.z));
    expect(queen.every((r) => Number(r.q) >= Number(r.p))).toBe(true);
  });

  it('uses k nearest neighbours', async () => {
    const rows = parseCsv((await run(['gistar', '--areas', file('esda-nairobi.geojson'), '--value', 'y', '--weights', 'knn:2'])).stdout);
    expect(rows.every((r) => Number(r.neighbours) === 2)).toBe(true);
  });

  it('rejects bad input with a clear message and exit code 1', async () => {
    const cases: [string, unknown, string, RegExp][] = [
      ['missing-field.geojson', esdaLayer(36.82, -1.29), 'count', /no feature has the property "count"; available: name, y/],
      ['text.geojson', { ...esdaLayer(36.82, -1.29), features: esdaLayer(36.82, -1.29).features.map((f, k) => (k === 2 ? { ...f, properties: { y: 'veel' } } : f)) }, 'y', /feature 3: "y" is "veel", not a number/],
      ['points.geojson', { type: 'FeatureCollection', features: POINTS.map(([x, y]) => ({ type: 'Feature', properties: { y: 1 }, geometry: { type: 'Point', coordinates: [x, y] } })) }, 'y', /feature 1: geometry is Point, not a Polygon or MultiPolygon/],
      ['rd.geojson', { type: 'FeatureCollection', features: [0, 1, 2].map((k) => ({ type: 'Feature', properties: { y: k }, geometry: { type: 'Polygon', coordinates: [[[230000, 480000], [230100, 480000], [230100, 480100], [230000, 480000]]] } })) }, 'y', /coordinates must be \[lon, lat\] pairs/],
    ];
    for (const [name, layer, field, message] of cases) {
      await writeFile(file(name), JSON.stringify(layer));
      const { code, stdout, stderr } = await run(['gistar', '--areas', file(name), '--value', field]);
      expect(code, name).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    }
    await writeFile(file('broken.geojson'), '{"type": "FeatureCollection", ');
    expect((await run(['gistar', '--areas', file('broken.geojson'), '--value', 'y'])).stderr).toMatch(/is not valid JSON/);
    expect((await run(['gistar', '--areas', file('nope.geojson'), '--value', 'y'])).stderr).toMatch(/cannot read .*nope\.geojson: ENOENT/);
  });

  it('rejects a bad command line with the usage and exit code 2', async () => {
    for (const [args, message] of [
      [['gistar', '--areas', 'x.geojson', '--value', 'y', '--colour', 'red'], /unknown option "--colour"/],
      [['gistar', '--areas', 'x.geojson'], /--value FIELD is required/],
      [['gistar', '--areas', 'x.geojson', '--value', 'y', '--weights', 'distance:-5'], /--weights must be queen, rook/],
      [['hotspots'], /unknown command "hotspots"/],
    ] as [string[], RegExp][]) {
      const { code, stderr } = await run(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/usage: npm run analyse/);
    }
  });

  it('runs as a script with a non-zero exit status on bad input', async () => {
    const exec = promisify(execFile);
    const ok = await exec(process.execPath, ['--import', 'tsx', 'scripts/analyse.ts', 'gistar', '--areas', file('esda-nairobi.geojson'), '--value', 'y', '--weights', 'distance:15.01']);
    expect(ok.stdout.split('\n')[0]).toBe('id,value,neighbours,z,p,bin');
    const failed = await exec(process.execPath, ['--import', 'tsx', 'scripts/analyse.ts', 'gistar', '--areas', file('esda-nairobi.geojson'), '--value', 'nope']).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/no feature has the property "nope"/);
  }, 30_000);
});
