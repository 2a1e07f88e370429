// Hot spot map quality (methods.md §6; for evaluation, not for users' decisions).
// Predictive Accuracy Index PAI = (n/N)/(a/A): the share of next-period reports inside the flagged
// area divided by the flagged share of the total area (1 = no better than random).
//
// The flagged area at a coverage c is the largest run of cells, in order of decreasing score (ties
// by lower index), whose area does not exceed c·A; at least one cell is flagged so that a coarse
// grid still gives a value, and a/A is then the share actually flagged (reported alongside).

export interface PaiAtCoverage {
  /** Requested share of the area (e.g. 0.01). */
  coverage: number;
  /** Share of the area actually flagged, a/A. */
  areaShare: number;
  /** Share of next-period reports inside the flagged cells, n/N. */
  hitShare: number;
  /** (n/N)/(a/A); null when there are no next-period reports or no area. */
  pai: number | null;
  cellsFlagged: number;
}

export const DEFAULT_PAI_COVERAGES = [0.01, 0.05, 0.1] as const;

/**
 * PAI of a ranking of cells: `scores` (higher = flagged first), next-period report counts and
 * cell areas (equal areas when omitted), at each requested coverage of the area.
 */
export function predictiveAccuracyIndex(
  scores: ArrayLike<number>,
  nextCounts: ArrayLike<number>,
  areas?: ArrayLike<number>,
  coverages: readonly number[] = DEFAULT_PAI_COVERAGES,
): PaiAtCoverage[] {
  const n = scores.length;
  if (nextCounts.length !== n || (areas && areas.length !== n)) throw new RangeError('scores, counts and areas must have equal length');
  const areaOf = (i: number) => (areas ? areas[i] : 1);
  let totalArea = 0;
  let totalCount = 0;
  for (let i = 0; i < n; i++) {
    if (!(areaOf(i) >= 0) || !(nextCounts[i] >= 0)) throw new RangeError(`cell ${i} has a negative or missing area or count`);
    totalArea += areaOf(i);
    totalCount += nextCounts[i];
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const sa = Number.isNaN(scores[a]) ? -Infinity : scores[a];
    const sb = Number.isNaN(scores[b]) ? -Infinity : scores[b];
    return sb - sa || a - b;
  });
  return coverages.map((coverage) => {
    let area = 0;
    let hits = 0;
    let cells = 0;
    for (const i of order) {
      if (cells > 0 && area + areaOf(i) > coverage * totalArea) break;
      area += areaOf(i);
      hits += nextCounts[i];
      cells++;
    }
    const areaShare = totalArea > 0 ? area / totalArea : 0;
    const hitShare = totalCount > 0 ? hits / totalCount : 0;
    const pai = totalCount > 0 && areaShare > 0 ? hitShare / areaShare : null;
    return { coverage, areaShare, hitShare, pai, cellsFlagged: cells };
  });
}
