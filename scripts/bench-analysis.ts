// Times the heavy early-signal statistics on synthetic data of production size and prints the
// milliseconds as JSON. Targets on the 2-core reference machine: emerging hot spots for 5,000 cells
// × 156 weekly steps < 2 s, Gi* for 50,000 cells < 1 s.
//   npx tsx scripts/bench-analysis.ts

import { randomLcg, randomPoisson } from 'd3-random';
import { DEFAULT_DETECTOR_PARAMS, emergingHotSpots, getisOrd, queenContiguity, type AreaCube, type PolygonCoordinates } from '../server/analysis/index.ts';
import { computeRun } from '../server/services/signals/compute.ts';
import { CATEGORIES } from './demo/model.ts';
import { scenario } from './evaluate/simulate.ts';
import { municipality } from './evaluate/world.ts';

/** Adjacency of a width × height hexagon lattice (pointy-top, odd rows shifted), cells row by row. */
function hexLatticeNeighbours(width: number, height: number): number[][] {
  const neighbours: number[][] = [];
  for (let r = 0; r < height; r++) {
    const shift = r % 2;
    for (let c = 0; c < width; c++) {
      const candidates: [number, number][] = [
        [r, c - 1],
        [r, c + 1],
        [r - 1, c - 1 + shift],
        [r - 1, c + shift],
        [r + 1, c - 1 + shift],
        [r + 1, c + shift],
      ];
      neighbours.push(
        candidates
          .filter(([rr, cc]) => rr >= 0 && rr < height && cc >= 0 && cc < width)
          .map(([rr, cc]) => rr * width + cc)
          .sort((a, b) => a - b),
      );
    }
  }
  return neighbours;
}

function hexPolygons(width: number, height: number, radius: number): PolygonCoordinates[] {
  const polygons: PolygonCoordinates[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const cx = 100000 + radius * Math.sqrt(3) * (c + (r % 2) / 2);
      const cy = 400000 + radius * 1.5 * r;
      const ring = Array.from({ length: 7 }, (_, k) => {
        const angle = (Math.PI / 180) * (30 + 60 * (k % 6));
        return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
      });
      polygons.push([ring]);
    }
  }
  return polygons;
}

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: Math.round((performance.now() - start) * 10) / 10, value };
}

const poisson = randomPoisson.source(randomLcg(2024))(1.5);

// (a) Emerging hot spots: 5,000 cells × 156 weeks = 780,000 bins.
const cells = 5000;
const weeks = 156;
const emergingNeighbours = hexLatticeNeighbours(100, 50);
const cube = Float64Array.from({ length: cells * weeks }, () => poisson());
const emerging = time(() => emergingHotSpots(cube, cells, weeks, emergingNeighbours));
const emergingAgain = time(() => emergingHotSpots(cube, cells, weeks, emergingNeighbours));

// (b) Gi* for 50,000 cells.
const manyCells = 50000;
const giNeighbours = hexLatticeNeighbours(250, 200);
const values = Float64Array.from({ length: manyCells }, () => poisson());
const giStar = time(() => getisOrd(values, giNeighbours));
const giStarAgain = time(() => getisOrd(values, giNeighbours));

// (c) Queen contiguity for 50,000 hexagon polygons (250 m circumradius).
const polygons = hexPolygons(250, 200, 250);
const queen = time(() => queenContiguity(polygons, 25));
const interior = queen.value[100 * 250 + 100].length;

// (d) The early-signal detector (a weekly run) for Twenterand and Almelo: at the demo's volume
// (≈ 11,000 reports in 3 years) and at ≈ 1,000,000 reports (volume × 90). Target < 5 s a run.
const detector: Record<string, { reports: number; msPerMunicipality: number[]; ms: number; secondRunMs: number }> = {};
for (const volume of [1, 90]) {
  let reports = 0;
  const areas: AreaCube[] = (['GM1700', 'GM0141'] as const).map((code) => {
    const m = municipality(code);
    const sc = scenario(m, 7, { sudden: 6, rising: 3 }, undefined, undefined, { volume });
    reports += sc.counts.reduce((a, c) => a + c.reduce((x, y) => x + y, 0), 0);
    return { id: code, nPlaces: m.buurten.length, nWeeks: sc.weeks, categories: [...CATEGORIES], counts: sc.counts, neighbours: m.neighbours, centroids: m.centroids, inhabitants: m.inhabitants };
  });
  const first = time(() => computeRun({ areas }, DEFAULT_DETECTOR_PARAMS));
  const second = time(() => computeRun({ areas }, DEFAULT_DETECTOR_PARAMS));
  detector[`volume${volume}`] = { reports, msPerMunicipality: second.value.ms, ms: first.ms, secondRunMs: second.ms };
}

const counts: Record<string, number> = {};
for (const location of emerging.value.locations) counts[location.category] = (counts[location.category] ?? 0) + 1;

console.log(
  JSON.stringify(
    {
      emergingHotSpots: { cells, steps: weeks, bins: cells * weeks, ms: emerging.ms, secondRunMs: emergingAgain.ms, targetMs: 2000, categories: counts },
      giStar: { cells: manyCells, ms: giStar.ms, secondRunMs: giStarAgain.ms, targetMs: 1000 },
      queenContiguity: { hexagons: manyCells, ms: queen.ms, interiorNeighbours: interior },
      earlySignalRun: { ...detector, targetMs: 5000 },
    },
    null,
    2,
  ),
);
