// Spatial neighbour structures with binary weights, as adjacency lists: neighbours[i] holds the
// sorted indices j ≠ i with w_ij = 1 (Gi* adds the feature itself). All coordinates are projected
// metres (EPSG:28992 in this project), so distances are Euclidean.
//
// Contiguity is decided on the boundaries with a snapping tolerance, because generalised
// boundaries of adjacent areas do not line up exactly:
// - queen: the boundaries come within `tolerance` of each other anywhere (a shared vertex, a shared
//   edge, or a vertex within tolerance of the other polygon's boundary);
// - rook: they run alongside each other, i.e. share a stretch of boundary of positive length. With
//   a tolerance every touching point already "shares" about `tolerance` of boundary on each side
//   (a corner where four squares meet yields exactly 2·tolerance), so rook requires the length of
//   one polygon's boundary lying within tolerance of the other's (the longer of the two
//   directions) to exceed 2·tolerance + minSharedLength (default minSharedLength = tolerance: a
//   shared edge shorter than the snapping tolerance cannot be told apart from a shared corner).
//   A corner touch across a sliver narrower than 45° can still exceed that and count as rook.
//   With tolerance 0 this is the exact definition (shared length > 0).
// Candidate pairs come from a uniform grid over boundary segments, so the cost is linear in the
// number of segments for tessellations such as hexagon grids.

export type Position = ArrayLike<number>;
export type PolygonCoordinates = Position[][];
export type MultiPolygonCoordinates = Position[][][];
export type Neighbours = number[][];

export interface RookOptions {
  /** Shared boundary (beyond the 2·tolerance any touching point yields) needed for rook; default = tolerance. */
  minSharedLength?: number;
}

export const DEFAULT_CONTIGUITY_TOLERANCE_METRES = 25;

interface SegmentTable {
  count: number;
  x0: Float64Array;
  y0: Float64Array;
  x1: Float64Array;
  y1: Float64Array;
  owner: Int32Array;
}

function isMultiPolygon(coords: PolygonCoordinates | MultiPolygonCoordinates): coords is MultiPolygonCoordinates {
  const firstRing = coords[0];
  if (!firstRing || firstRing.length === 0) return false;
  // Polygon: coords[ring][vertex] is a position, whose first element is a number.
  const first = firstRing[0] as ArrayLike<unknown>;
  return typeof first[0] !== 'number';
}

function collectSegments(polygons: ReadonlyArray<PolygonCoordinates | MultiPolygonCoordinates>): SegmentTable {
  const x0: number[] = [];
  const y0: number[] = [];
  const x1: number[] = [];
  const y1: number[] = [];
  const owner: number[] = [];
  const addRing = (ring: Position[], polygon: number) => {
    const n = ring.length;
    if (n < 2) return;
    const closed = ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1];
    const edges = closed ? n - 1 : n;
    for (let k = 0; k < edges; k++) {
      const a = ring[k];
      const b = ring[(k + 1) % n];
      // Repeated vertices give zero-length edges that carry no boundary.
      if (a[0] === b[0] && a[1] === b[1]) continue;
      x0.push(a[0]);
      y0.push(a[1]);
      x1.push(b[0]);
      y1.push(b[1]);
      owner.push(polygon);
    }
  };
  polygons.forEach((coords, polygon) => {
    if (!coords || coords.length === 0) return;
    if (isMultiPolygon(coords)) {
      for (const part of coords) for (const ring of part) addRing(ring, polygon);
    } else {
      for (const ring of coords) addRing(ring, polygon);
    }
  });
  return {
    count: owner.length,
    x0: Float64Array.from(x0),
    y0: Float64Array.from(y0),
    x1: Float64Array.from(x1),
    y1: Float64Array.from(y1),
    owner: Int32Array.from(owner),
  };
}

/** Uniform grid in compressed-row layout: items of cell c are items[start[c] .. start[c+1]). */
interface Grid {
  minX: number;
  minY: number;
  cell: number;
  nx: number;
  ny: number;
  start: Int32Array;
  items: Int32Array;
}

function gridDimensions(minX: number, minY: number, maxX: number, maxY: number, cell: number, maxCells: number) {
  let size = cell;
  for (;;) {
    const nx = Math.floor((maxX - minX) / size) + 1;
    const ny = Math.floor((maxY - minY) / size) + 1;
    if (nx * ny <= maxCells) return { nx, ny, cell: size };
    size *= 2;
  }
}

function cellRange(v: number, min: number, cell: number, n: number): number {
  const c = Math.floor((v - min) / cell);
  return c < 0 ? 0 : c >= n ? n - 1 : c;
}

function buildBoxGrid(
  count: number,
  box: (i: number) => [number, number, number, number],
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  preferredCell: number,
): Grid {
  const { nx, ny, cell } = gridDimensions(minX, minY, maxX, maxY, preferredCell, Math.max(16, 4 * count));
  const counts = new Int32Array(nx * ny + 1);
  const boxes = new Int32Array(count * 4);
  for (let i = 0; i < count; i++) {
    const [bx0, by0, bx1, by1] = box(i);
    const cx0 = cellRange(bx0, minX, cell, nx);
    const cy0 = cellRange(by0, minY, cell, ny);
    const cx1 = cellRange(bx1, minX, cell, nx);
    const cy1 = cellRange(by1, minY, cell, ny);
    boxes[4 * i] = cx0;
    boxes[4 * i + 1] = cy0;
    boxes[4 * i + 2] = cx1;
    boxes[4 * i + 3] = cy1;
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) counts[cy * nx + cx + 1]++;
  }
  for (let c = 1; c <= nx * ny; c++) counts[c] += counts[c - 1];
  const start = counts;
  const fill = start.slice(0, nx * ny);
  const items = new Int32Array(start[nx * ny]);
  for (let i = 0; i < count; i++) {
    for (let cy = boxes[4 * i + 1]; cy <= boxes[4 * i + 3]; cy++) {
      for (let cx = boxes[4 * i]; cx <= boxes[4 * i + 2]; cx++) items[fill[cy * nx + cx]++] = i;
    }
  }
  return { minX, minY, cell, nx, ny, start, items };
}

/**
 * Parameter interval [u0, u1] ⊂ [0, 1] of segment P + u·d that lies within `tol` of segment Q0→Q1,
 * or null. Distance to a segment is convex, so the set is one interval: the union of the line's
 * intersections with the two end discs and the central strip of the segment's capsule.
 */
function intervalWithin(
  px: number,
  py: number,
  dx: number,
  dy: number,
  qx0: number,
  qy0: number,
  qx1: number,
  qy1: number,
  tol: number,
  out: Float64Array,
): boolean {
  const dd = dx * dx + dy * dy;
  let lo = Infinity;
  let hi = -Infinity;
  const tol2 = tol * tol;
  // End discs.
  for (let k = 0; k < 2; k++) {
    const cx = k === 0 ? qx0 : qx1;
    const cy = k === 0 ? qy0 : qy1;
    const wx = px - cx;
    const wy = py - cy;
    const b = dx * wx + dy * wy;
    const c = wx * wx + wy * wy - tol2;
    const disc = b * b - dd * c;
    if (disc >= 0) {
      const root = Math.sqrt(disc);
      const u0 = (-b - root) / dd;
      const u1 = (-b + root) / dd;
      if (u0 < lo) lo = u0;
      if (u1 > hi) hi = u1;
    }
  }
  // Central strip: projection onto Q in [0, |e|], perpendicular offset in [−tol, tol].
  const ex = qx1 - qx0;
  const ey = qy1 - qy0;
  const elen = Math.sqrt(ex * ex + ey * ey);
  if (elen > 0) {
    const wx = px - qx0;
    const wy = py - qy0;
    // Two linear constraints lo_k ≤ a_k + b_k·u ≤ hi_k: along Q within [0, |e|], across within ±tol.
    let slo = -Infinity;
    let shi = Infinity;
    for (let k = 0; k < 2 && slo <= shi; k++) {
      const a = k === 0 ? (wx * ex + wy * ey) / elen : (ex * wy - ey * wx) / elen;
      const b = k === 0 ? (dx * ex + dy * ey) / elen : (ex * dy - ey * dx) / elen;
      const min = k === 0 ? 0 : -tol;
      const max = k === 0 ? elen : tol;
      if (b === 0) {
        if (a < min || a > max) slo = Infinity;
        continue;
      }
      const u0 = (min - a) / b;
      const u1 = (max - a) / b;
      if (Math.min(u0, u1) > slo) slo = Math.min(u0, u1);
      if (Math.max(u0, u1) < shi) shi = Math.max(u0, u1);
    }
    if (slo <= shi) {
      if (slo < lo) lo = slo;
      if (shi > hi) hi = shi;
    }
  }
  if (lo < 0) lo = 0;
  if (hi > 1) hi = 1;
  if (lo > hi) return false;
  out[0] = lo;
  out[1] = hi;
  return true;
}

/**
 * Polygons whose boundaries come within `tol` of polygon A's boundary (others[A]) and, for each,
 * the length of A's boundary lying within `tol` of theirs (lengths[A], same order).
 */
interface BoundaryContacts {
  others: number[][];
  lengths: number[][];
}

function boundaryContacts(
  polygons: ReadonlyArray<PolygonCoordinates | MultiPolygonCoordinates>,
  tol: number,
): BoundaryContacts {
  const seg = collectSegments(polygons);
  const n = polygons.length;
  const contacts: BoundaryContacts = {
    others: Array.from({ length: n }, () => []),
    lengths: Array.from({ length: n }, () => []),
  };
  if (seg.count === 0) return contacts;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let totalLength = 0;
  for (let s = 0; s < seg.count; s++) {
    minX = Math.min(minX, seg.x0[s], seg.x1[s]);
    minY = Math.min(minY, seg.y0[s], seg.y1[s]);
    maxX = Math.max(maxX, seg.x0[s], seg.x1[s]);
    maxY = Math.max(maxY, seg.y0[s], seg.y1[s]);
    totalLength += Math.hypot(seg.x1[s] - seg.x0[s], seg.y1[s] - seg.y0[s]);
  }
  const extent = Math.max(maxX - minX, maxY - minY, 1e-9);
  const preferredCell = Math.max(totalLength / seg.count, 2 * tol, extent * 1e-9);
  const grid = buildBoxGrid(
    seg.count,
    (s) => [
      Math.min(seg.x0[s], seg.x1[s]),
      Math.min(seg.y0[s], seg.y1[s]),
      Math.max(seg.x0[s], seg.x1[s]),
      Math.max(seg.y0[s], seg.y1[s]),
    ],
    minX,
    minY,
    maxX,
    maxY,
    preferredCell,
  );

  const stamp = new Int32Array(seg.count).fill(-1);
  const interval = new Float64Array(2);
  // Intervals found on the current segment: (other polygon, u0, u1), grown on demand.
  let capacity = 64;
  let hitPolygon = new Int32Array(capacity);
  let hitLo = new Float64Array(capacity);
  let hitHi = new Float64Array(capacity);
  for (let a = 0; a < seg.count; a++) {
    const owner = seg.owner[a];
    const px = seg.x0[a];
    const py = seg.y0[a];
    const dx = seg.x1[a] - px;
    const dy = seg.y1[a] - py;
    const length = Math.sqrt(dx * dx + dy * dy);
    const bx0 = Math.min(px, seg.x1[a]) - tol;
    const by0 = Math.min(py, seg.y1[a]) - tol;
    const bx1 = Math.max(px, seg.x1[a]) + tol;
    const by1 = Math.max(py, seg.y1[a]) + tol;
    const cx0 = cellRange(bx0, grid.minX, grid.cell, grid.nx);
    const cy0 = cellRange(by0, grid.minY, grid.cell, grid.ny);
    const cx1 = cellRange(bx1, grid.minX, grid.cell, grid.nx);
    const cy1 = cellRange(by1, grid.minY, grid.cell, grid.ny);
    let hits = 0;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * grid.nx + cx;
        for (let k = grid.start[c]; k < grid.start[c + 1]; k++) {
          const b = grid.items[k];
          if (stamp[b] === a) continue;
          stamp[b] = a;
          const other = seg.owner[b];
          if (other === owner) continue;
          if (
            Math.max(seg.x0[b], seg.x1[b]) < bx0 ||
            Math.min(seg.x0[b], seg.x1[b]) > bx1 ||
            Math.max(seg.y0[b], seg.y1[b]) < by0 ||
            Math.min(seg.y0[b], seg.y1[b]) > by1
          ) {
            continue;
          }
          if (intervalWithin(px, py, dx, dy, seg.x0[b], seg.y0[b], seg.x1[b], seg.y1[b], tol, interval)) {
            if (hits === capacity) {
              capacity *= 2;
              const grow = <T extends Int32Array | Float64Array>(from: T, to: T) => (to.set(from), to);
              hitPolygon = grow(hitPolygon, new Int32Array(capacity));
              hitLo = grow(hitLo, new Float64Array(capacity));
              hitHi = grow(hitHi, new Float64Array(capacity));
            }
            hitPolygon[hits] = other;
            hitLo[hits] = interval[0];
            hitHi[hits] = interval[1];
            hits++;
          }
        }
      }
    }
    if (hits === 0) continue;
    // Merge the intervals per neighbouring polygon so overlaps (near the other's vertices) count
    // once. A segment has only a handful of hits: insertion sort by (polygon, start), no closures.
    for (let i = 1; i < hits; i++) {
      const polygon = hitPolygon[i];
      const lo = hitLo[i];
      const hi = hitHi[i];
      let j = i - 1;
      while (j >= 0 && (hitPolygon[j] > polygon || (hitPolygon[j] === polygon && hitLo[j] > lo))) {
        hitPolygon[j + 1] = hitPolygon[j];
        hitLo[j + 1] = hitLo[j];
        hitHi[j + 1] = hitHi[j];
        j--;
      }
      hitPolygon[j + 1] = polygon;
      hitLo[j + 1] = lo;
      hitHi[j + 1] = hi;
    }
    let i = 0;
    while (i < hits) {
      const other = hitPolygon[i];
      let covered = 0;
      let runLo = hitLo[i];
      let runHi = hitHi[i];
      i++;
      while (i < hits && hitPolygon[i] === other) {
        if (hitLo[i] > runHi) {
          covered += runHi - runLo;
          runLo = hitLo[i];
          runHi = hitHi[i];
        } else if (hitHi[i] > runHi) {
          runHi = hitHi[i];
        }
        i++;
      }
      covered += runHi - runLo;
      // Few neighbours per polygon: a linear scan beats a global map keyed by pairs.
      const others = contacts.others[owner];
      const lengths = contacts.lengths[owner];
      const at = others.indexOf(other);
      if (at >= 0) lengths[at] += covered * length;
      else {
        others.push(other);
        lengths.push(covered * length);
      }
    }
  }
  return contacts;
}

/** Symmetric, sorted adjacency from the contacts accepted by `accept(A→B length, B→A length)`. */
function adjacencyFromContacts(contacts: BoundaryContacts, accept: (length: number, reverse: number) => boolean): Neighbours {
  const n = contacts.others.length;
  const rows: number[][] = Array.from({ length: n }, () => []);
  for (let a = 0; a < n; a++) {
    const others = contacts.others[a];
    for (let k = 0; k < others.length; k++) {
      const b = others[k];
      // Contact is symmetric up to rounding at exactly `tol`: decide each pair once, from its
      // lower index, unless only the higher one saw it.
      const back = contacts.others[b].indexOf(a);
      if (b < a && back >= 0) continue;
      const reverse = back >= 0 ? contacts.lengths[b][back] : 0;
      if (accept(contacts.lengths[a][k], reverse)) {
        rows[a].push(b);
        rows[b].push(a);
      }
    }
  }
  for (const row of rows) row.sort((x, y) => x - y);
  return rows;
}

function checkTolerance(tolerance: number): void {
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new RangeError(`tolerance must be a finite number ≥ 0 (got ${tolerance})`);
  }
}

/**
 * Queen contiguity: polygons whose boundaries come within `toleranceMetres` of each other
 * (shared vertex or edge after snapping). Polygons are GeoJSON Polygon or MultiPolygon coordinate
 * arrays in projected metres.
 */
export function queenContiguity(
  polygons: ReadonlyArray<PolygonCoordinates | MultiPolygonCoordinates>,
  toleranceMetres = DEFAULT_CONTIGUITY_TOLERANCE_METRES,
): Neighbours {
  checkTolerance(toleranceMetres);
  return adjacencyFromContacts(boundaryContacts(polygons, toleranceMetres), () => true);
}

/**
 * Rook contiguity: polygons sharing a stretch of boundary of positive length after snapping with
 * `toleranceMetres` (see the module comment for how "positive length" is measured).
 */
export function rookContiguity(
  polygons: ReadonlyArray<PolygonCoordinates | MultiPolygonCoordinates>,
  toleranceMetres = DEFAULT_CONTIGUITY_TOLERANCE_METRES,
  options: RookOptions = {},
): Neighbours {
  checkTolerance(toleranceMetres);
  const minShared = options.minSharedLength ?? toleranceMetres;
  const required = 2 * toleranceMetres + minShared;
  return adjacencyFromContacts(
    boundaryContacts(polygons, toleranceMetres),
    (length, reverse) => Math.max(length, reverse) > required,
  );
}

function pointExtent(points: ReadonlyArray<Position>) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new RangeError('points must have finite coordinates');
    if (p[0] < minX) minX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] > maxY) maxY = p[1];
  }
  return { minX, minY, maxX, maxY };
}

function buildPointGrid(points: ReadonlyArray<Position>, preferredCell: number): Grid {
  const { minX, minY, maxX, maxY } = pointExtent(points);
  return buildBoxGrid(points.length, (i) => [points[i][0], points[i][1], points[i][0], points[i][1]], minX, minY, maxX, maxY, preferredCell);
}

/** Distance band: j is a neighbour of i when the centroids are at most `distance` apart (inclusive). */
export function distanceBand(points: ReadonlyArray<Position>, distance: number): Neighbours {
  if (!(distance >= 0) || !Number.isFinite(distance)) throw new RangeError(`distance must be finite and ≥ 0 (got ${distance})`);
  const n = points.length;
  const result: Neighbours = Array.from({ length: n }, () => []);
  if (n === 0) return result;
  const { minX, minY, maxX, maxY } = pointExtent(points);
  const extent = Math.max(maxX - minX, maxY - minY);
  // A cell at least as wide as the band keeps the search to the 3×3 block around a point.
  const grid = buildPointGrid(points, Math.max(distance, extent / Math.sqrt(4 * n), 1e-9));
  const d2 = distance * distance;
  const reach = Math.max(1, Math.ceil(distance / grid.cell));
  for (let i = 0; i < n; i++) {
    const x = points[i][0];
    const y = points[i][1];
    const cx = cellRange(x, grid.minX, grid.cell, grid.nx);
    const cy = cellRange(y, grid.minY, grid.cell, grid.ny);
    const list = result[i];
    for (let gy = Math.max(0, cy - reach); gy <= Math.min(grid.ny - 1, cy + reach); gy++) {
      for (let gx = Math.max(0, cx - reach); gx <= Math.min(grid.nx - 1, cx + reach); gx++) {
        const c = gy * grid.nx + gx;
        for (let k = grid.start[c]; k < grid.start[c + 1]; k++) {
          const j = grid.items[k];
          if (j === i) continue;
          const ddx = points[j][0] - x;
          const ddy = points[j][1] - y;
          if (ddx * ddx + ddy * ddy <= d2) list.push(j);
        }
      }
    }
    list.sort((a, b) => a - b);
  }
  return result;
}

/**
 * k nearest neighbours of every point (excluding itself); ties in distance are broken by the lower
 * index, so every row has exactly min(k, n − 1) entries. The relation is not symmetric.
 */
export function kNearest(points: ReadonlyArray<Position>, k: number): Neighbours {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer (got ${k})`);
  const n = points.length;
  const want = Math.min(k, n - 1);
  const result: Neighbours = Array.from({ length: n }, () => []);
  if (n === 0 || want <= 0) return result;
  const { minX, minY, maxX, maxY } = pointExtent(points);
  const extent = Math.max(maxX - minX, maxY - minY, 1e-9);
  // About two points per cell on average.
  const grid = buildPointGrid(points, Math.max(extent / Math.sqrt(n / 2), 1e-9));
  const maxRing = Math.max(grid.nx, grid.ny);
  const candidateIndex: number[] = [];
  const candidateDist: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = points[i][0];
    const y = points[i][1];
    const cx = cellRange(x, grid.minX, grid.cell, grid.nx);
    const cy = cellRange(y, grid.minY, grid.cell, grid.ny);
    candidateIndex.length = 0;
    candidateDist.length = 0;
    const visit = (gx: number, gy: number) => {
      if (gx < 0 || gy < 0 || gx >= grid.nx || gy >= grid.ny) return;
      const c = gy * grid.nx + gx;
      for (let q = grid.start[c]; q < grid.start[c + 1]; q++) {
        const j = grid.items[q];
        if (j === i) continue;
        candidateIndex.push(j);
        candidateDist.push(Math.hypot(points[j][0] - x, points[j][1] - y));
      }
    };
    let order: number[] = [];
    for (let ring = 0; ring <= maxRing; ring++) {
      if (ring === 0) {
        visit(cx, cy);
      } else {
        for (let g = -ring; g <= ring; g++) {
          visit(cx + g, cy - ring);
          visit(cx + g, cy + ring);
        }
        for (let g = -ring + 1; g <= ring - 1; g++) {
          visit(cx - ring, cy + g);
          visit(cx + ring, cy + g);
        }
      }
      if (candidateIndex.length >= want) {
        order = candidateIndex.map((_, q) => q).sort((p, q) => candidateDist[p] - candidateDist[q] || candidateIndex[p] - candidateIndex[q]);
        // Every point outside the searched block is at least ring·cell away; strict, so that an
        // unvisited point at exactly the k-th distance but with a lower index cannot be missed.
        if (candidateDist[order[want - 1]] < ring * grid.cell) break;
      }
    }
    result[i] = order.slice(0, want).map((q) => candidateIndex[q]).sort((a, b) => a - b);
  }
  return result;
}
