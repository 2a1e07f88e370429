/**
 * Candidate zones for the early-signal tests: each place (buurt) alone and groups of up to
 * `maxSize` adjacent places grown from it, nearest first.
 *
 * As the circular zones of the space-time scan statistic (Kulldorff 1997, "A spatial scan
 * statistic", Comm. Stat. 26; Kulldorff et al. 2005, prospective space-time permutation scan),
 * a zone around a seed adds the next-nearest place by centroid distance — but only places that
 * touch the zone (contiguity), so a zone never jumps a gap (Tango & Takahashi 2005 flexible
 * scan keep zones connected for the same reason). Duplicates (the same set reached from two
 * seeds) are removed. Zones of 1 … 4 buurten cover a cluster that straddles a buurt boundary
 * without testing every connected subset.
 *
 * Worked example: places on a line 0–1–2–3 (neighbours i±1), centroids at x = 0, 1, 2, 3,
 * maxSize 2: zones {0}, {0,1}, {1}, {1,0} (= {0,1}, dropped), {2}, {2,1}, {3}, {3,2} → 6 zones.
 */
import type { Neighbours } from './weights.ts';

export interface Zone {
  /** Member places (indices), ascending. */
  members: number[];
  /** The place the zone was grown from. */
  seed: number;
}

export function candidateZones(neighbours: Neighbours, centroids: ArrayLike<readonly [number, number]>, maxSize = 4): Zone[] {
  const n = neighbours.length;
  if (centroids.length !== n) throw new RangeError(`${n} places but ${centroids.length} centroids`);
  const seen = new Set<string>();
  const zones: Zone[] = [];
  for (let seed = 0; seed < n; seed++) {
    const members = [seed];
    const inZone = new Set(members);
    for (;;) {
      const key = [...members].sort((a, b) => a - b).join(',');
      if (!seen.has(key)) {
        seen.add(key);
        zones.push({ members: [...members].sort((a, b) => a - b), seed });
      }
      if (members.length >= maxSize) break;
      // Next: the nearest place (to the seed) that touches the zone.
      let best = -1;
      let bestD = Infinity;
      const [sx, sy] = centroids[seed]!;
      for (const m of members) {
        for (const j of neighbours[m]!) {
          if (inZone.has(j)) continue;
          const [x, y] = centroids[j]!;
          const d = (x - sx) ** 2 + (y - sy) ** 2;
          if (d < bestD || (d === bestD && j < best)) {
            bestD = d;
            best = j;
          }
        }
      }
      if (best < 0) break;
      members.push(best);
      inZone.add(best);
    }
  }
  return zones;
}
