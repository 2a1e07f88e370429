import { describe, expect, it } from 'vitest';
import { randomLcg, randomUniform } from 'd3-random';
import {
  distanceBand,
  kNearest,
  queenContiguity,
  rookContiguity,
  type PolygonCoordinates,
} from '../../../server/analysis/weights.ts';

function square(x0: number, y0: number, size: number, inset = 0): PolygonCoordinates {
  const a = x0 + inset;
  const b = y0 + inset;
  const c = x0 + size - inset;
  const d = y0 + size - inset;
  return [
    [
      [a, b],
      [c, b],
      [c, d],
      [a, d],
      [a, b],
    ],
  ];
}

/** side × side squares of 100 m, numbered row by row, optionally shrunk to leave gaps. */
function squareGrid(side: number, inset = 0): PolygonCoordinates[] {
  const out: PolygonCoordinates[] = [];
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) out.push(square(c * 100, r * 100, 100, inset));
  return out;
}

/** Pointy-top hexagons (circumradius R) in rows of `width`, with their axial coordinates. */
function hexLattice(width: number, height: number, radius: number) {
  const polygons: PolygonCoordinates[] = [];
  const axial: [number, number][] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const q = c - Math.floor(r / 2);
      const cx = radius * Math.sqrt(3) * (q + r / 2) + 155000;
      const cy = radius * 1.5 * r + 463000;
      const ring = Array.from({ length: 7 }, (_, k) => {
        const angle = (Math.PI / 180) * (30 + 60 * (k % 6));
        return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
      });
      polygons.push([ring]);
      axial.push([q, r]);
    }
  }
  return { polygons, axial };
}

describe('queen and rook contiguity on a square grid', () => {
  const grid = squareGrid(4);

  it('queen: shared vertex or edge', () => {
    const queen = queenContiguity(grid, 0);
    expect(queen[5]).toEqual([0, 1, 2, 4, 6, 8, 9, 10]);
    expect(queen[0]).toEqual([1, 4, 5]);
    expect(queen[15]).toEqual([10, 11, 14]);
  });

  it('rook: shared edge only', () => {
    const rook = rookContiguity(grid, 0);
    expect(rook[5]).toEqual([1, 4, 6, 9]);
    expect(rook[0]).toEqual([1, 4]);
    expect(rookContiguity(grid, 25)[5]).toEqual([1, 4, 6, 9]);
  });

  it('is symmetric and sorted', () => {
    const queen = queenContiguity(grid);
    queen.forEach((row, i) => {
      expect(row).toEqual([...row].sort((a, b) => a - b));
      for (const j of row) expect(queen[j]).toContain(i);
    });
  });
});

describe('snapping tolerance', () => {
  // Every square shrunk by 5 m: neighbouring boundaries are 10 m apart, diagonal corners 14.1 m.
  const gapped = squareGrid(3, 5);

  it('joins boundaries within the tolerance', () => {
    expect(queenContiguity(gapped, 25)[4]).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(rookContiguity(gapped, 25)[4]).toEqual([1, 3, 5, 7]);
  });

  it('keeps boundaries further apart than the tolerance separate', () => {
    expect(queenContiguity(gapped, 5)[4]).toEqual([]);
    expect(queenContiguity(gapped, 12)[4]).toEqual([1, 3, 5, 7]);
    expect(rookContiguity(gapped, 5)[4]).toEqual([]);
  });

  it('counts a vertex lying on the other polygon’s edge (T-junction)', () => {
    const polygons = [
      [
        [
          [0, 0],
          [200, 0],
          [200, 100],
          [0, 100],
          [0, 0],
        ],
      ],
      square(0, 100, 100),
      square(100, 100, 100),
    ] as PolygonCoordinates[];
    expect(rookContiguity(polygons, 0)).toEqual([[1, 2], [0, 2], [0, 1]]);
    expect(queenContiguity(polygons, 0)).toEqual([[1, 2], [0, 2], [0, 1]]);
  });

  it('finds edges that overlap only partly, without vertices in common', () => {
    const polygons = [
      [
        [
          [0, 0],
          [1000, 0],
          [1000, 100],
          [0, 100],
          [0, 0],
        ],
      ],
      [
        [
          [500, 100.4],
          [1500, 100.4],
          [1500, 200],
          [500, 200],
          [500, 100.4],
        ],
      ],
    ] as PolygonCoordinates[];
    expect(rookContiguity(polygons, 1)).toEqual([[1], [0]]);
    expect(rookContiguity(polygons, 0.1)).toEqual([[], []]);
  });

  it('requires the shared stretch to be longer than the tolerance for rook', () => {
    // Two squares offset so that they share 20 m of edge.
    const polygons = [square(0, 0, 100), square(100, 80, 100)];
    expect(queenContiguity(polygons, 25)).toEqual([[1], [0]]);
    expect(rookContiguity(polygons, 25)).toEqual([[], []]);
    expect(rookContiguity(polygons, 5)).toEqual([[1], [0]]);
    expect(rookContiguity(polygons, 25, { minSharedLength: 10 })).toEqual([[1], [0]]);
  });

  it('rejects a negative tolerance', () => {
    expect(() => queenContiguity(gapped, -1)).toThrow(RangeError);
  });
});

describe('hexagon lattice', () => {
  it('gives every hexagon its six lattice neighbours, queen = rook', () => {
    const { polygons, axial } = hexLattice(12, 10, 250);
    const key = (q: number, r: number) => `${q},${r}`;
    const index = new Map(axial.map(([q, r], i) => [key(q, r), i]));
    const expected = axial.map(([q, r]) =>
      [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
        [1, -1],
        [-1, 1],
      ]
        .map(([dq, dr]) => index.get(key(q + dq, r + dr)))
        .filter((i): i is number => i !== undefined)
        .sort((a, b) => a - b),
    );
    const queen = queenContiguity(polygons, 25);
    const rook = rookContiguity(polygons, 25);
    expect(queen).toEqual(expected);
    expect(rook).toEqual(expected);
    expect(queen[5 * 12 + 5]).toHaveLength(6);
  });
});

describe('MultiPolygon and holes', () => {
  it('accepts MultiPolygon coordinates', () => {
    const multi = [square(0, 0, 100), square(500, 0, 100)];
    const polygons = [multi, square(100, 0, 100), square(600, 0, 100), square(300, 300, 100)];
    expect(queenContiguity(polygons, 0)).toEqual([[1, 2], [0], [0], []]);
  });

  it('treats a polygon filling a hole as a neighbour', () => {
    const withHole: PolygonCoordinates = [square(0, 0, 300)[0], square(100, 100, 100)[0].slice().reverse()];
    expect(rookContiguity([withHole, square(100, 100, 100)], 0)).toEqual([[1], [0]]);
  });

  it('ignores empty polygons and repeated vertices', () => {
    const repeated: PolygonCoordinates = [
      [
        [100, 0],
        [100, 0],
        [200, 0],
        [200, 100],
        [100, 100],
        [100, 0],
      ],
    ];
    expect(rookContiguity([square(0, 0, 100), [], repeated], 0)).toEqual([[2], [], [0]]);
  });
});

describe('distanceBand', () => {
  it('includes points at exactly the band distance', () => {
    const points: [number, number][] = [
      [0, 0],
      [3, 4],
      [6, 8],
      [100, 100],
    ];
    expect(distanceBand(points, 5)).toEqual([[1], [0, 2], [1], []]);
    expect(distanceBand(points, 4.999)).toEqual([[], [], [], []]);
    expect(distanceBand(points, 10)).toEqual([[1, 2], [0, 2], [0, 1], []]);
  });

  it('matches brute force on random points', () => {
    const uniform = randomUniform.source(randomLcg(4))(0, 10000);
    const points = Array.from({ length: 600 }, () => [uniform(), uniform()] as [number, number]);
    const band = distanceBand(points, 700);
    points.forEach(([x, y], i) => {
      const brute = points.map(([u, v], j) => (j !== i && Math.hypot(u - x, v - y) <= 700 ? j : -1)).filter((j) => j >= 0);
      expect(band[i]).toEqual(brute);
    });
  });
});

describe('kNearest', () => {
  it('breaks distance ties by the lower index', () => {
    const points: [number, number][] = [
      [0, 0],
      [5, 0],
      [-5, 0],
      [0, 7],
    ];
    expect(kNearest(points, 1)).toEqual([[1], [0], [0], [0]]);
    expect(kNearest(points, 2)[0]).toEqual([1, 2]);
    expect(kNearest(points, 10)).toEqual([[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]]);
    expect(kNearest(points, 0)).toEqual([[], [], [], []]);
  });

  it('matches brute force on random (clustered) points', () => {
    const uniform = randomUniform.source(randomLcg(8))(0, 1);
    const points = Array.from({ length: 700 }, (_, i) =>
      i % 3 === 0 ? ([uniform() * 100, uniform() * 100] as [number, number]) : ([uniform() * 20000, uniform() * 5000] as [number, number]),
    );
    for (const k of [1, 4, 8]) {
      const knn = kNearest(points, k);
      points.forEach(([x, y], i) => {
        const brute = points
          .map(([u, v], j) => ({ j, d: Math.hypot(u - x, v - y) }))
          .filter(({ j }) => j !== i)
          .sort((a, b) => a.d - b.d || a.j - b.j)
          .slice(0, k)
          .map(({ j }) => j)
          .sort((a, b) => a - b);
        expect(knn[i]).toEqual(brute);
      });
    }
  });
});
