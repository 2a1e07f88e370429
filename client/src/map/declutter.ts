/**
 * Markers that would overlap on screen are spread on a small ring around their common centre, in
 * the order given (rank 1 at the top, then clockwise), each with a leader back to its own place.
 * Groups are found by single linkage: markers closer than `minDistance` pixels, directly or through
 * others, share a ring. Pure (screen pixels in, pixel offsets out): the map recomputes it after
 * every zoom.
 */
export interface ScreenPoint {
  id: string;
  x: number;
  y: number;
}

export interface Offset {
  dx: number;
  dy: number;
  /** Size of the marker's group (1: not moved). */
  group: number;
}

export function spreadMarkers(points: readonly ScreenPoint[], minDistance: number): Map<string, Offset> {
  const parent = points.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!;
      const b = points[j]!;
      if (Math.hypot(a.x - b.x, a.y - b.y) < minDistance) parent[find(i)] = find(j);
    }
  const groups = new Map<number, number[]>();
  points.forEach((_, i) => {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(i);
  });
  const out = new Map<string, Offset>();
  for (const members of groups.values()) {
    if (members.length === 1) {
      out.set(points[members[0]!]!.id, { dx: 0, dy: 0, group: 1 });
      continue;
    }
    const cx = members.reduce((s, i) => s + points[i]!.x, 0) / members.length;
    const cy = members.reduce((s, i) => s + points[i]!.y, 0) / members.length;
    // Neighbours on the ring are at least minDistance apart (chord of the ring).
    const n = members.length;
    const radius = Math.max(minDistance * 0.8, minDistance / (2 * Math.sin(Math.PI / n)));
    members.forEach((i, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / n;
      const p = points[i]!;
      out.set(p.id, { dx: cx + radius * Math.cos(angle) - p.x, dy: cy + radius * Math.sin(angle) - p.y, group: n });
    });
  }
  return out;
}
