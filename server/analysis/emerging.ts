// Emerging hot spot analysis (methods.md §3, ArcGIS Pro semantics): space-time Gi* per bin of a
// locations × steps cube, FDR-corrected hot/cold bins, Mann-Kendall trend of each location's z
// series, and the 17-way classification.
//
// Cube layout is location-major: the value of location s at step t is cube[s·nSteps + t]. The
// space-time neighbourhood of bin (s, t) is {s} ∪ neighbours[s] at steps t, t−1, …, t−N (only
// steps that exist, so the first N steps have smaller neighbourhoods), with binary weights and the
// mean and population SD of the whole cube. Window sums over time make the cost
// O(bins × (1 + mean neighbour count)).

import { benjaminiHochberg } from './fdr.ts';
import { checkNeighbours, giStarZ } from './gistar.ts';
import { mannKendall } from './mannKendall.ts';
import { twoSidedP } from './normal.ts';
import type { Neighbours } from './weights.ts';

export const EMERGING_CATEGORIES = [
  'new_hot',
  'consecutive_hot',
  'intensifying_hot',
  'persistent_hot',
  'diminishing_hot',
  'sporadic_hot',
  'oscillating_hot',
  'historical_hot',
  'new_cold',
  'consecutive_cold',
  'intensifying_cold',
  'persistent_cold',
  'diminishing_cold',
  'sporadic_cold',
  'oscillating_cold',
  'historical_cold',
  'no_pattern',
] as const;

export type EmergingCategory = (typeof EMERGING_CATEGORIES)[number];

/** Categories the dashboard leads with: hot spots that are appearing or growing. */
export const EMERGING_SIGNAL_CATEGORIES: readonly EmergingCategory[] = ['new_hot', 'consecutive_hot', 'intensifying_hot'];

export type TrendDirection = 'up' | 'down' | 'none';

/**
 * Why a location has no pattern: 'too_few_steps' when the cube has fewer than `minSteps` steps
 * (ArcGIS requires 10; a shorter series cannot support the 90 % rules), 'no_rule_matched' otherwise.
 */
export type NoPatternReason = 'too_few_steps' | 'no_rule_matched';

export interface EmergingClassification {
  category: EmergingCategory;
  reason: NoPatternReason | null;
}

export const DEFAULT_MIN_STEPS = 10;

export interface ClassifyOptions {
  /** Minimum number of time steps for any pattern (default 10, as ArcGIS). */
  minSteps?: number;
}

type PatternName = 'new' | 'consecutive' | 'intensifying' | 'persistent' | 'diminishing' | 'sporadic' | 'oscillating' | 'historical';

/**
 * The hot spot rules of methods.md §3 for one side: side = +1 reads bins > 0 as "H" and bins < 0
 * as "C"; side = −1 swaps them, and `strengthening` is then a downward trend.
 */
function matchSide(bins: ArrayLike<number>, side: 1 | -1, strengthening: boolean, weakening: boolean): PatternName | null {
  const n = bins.length;
  let count = 0;
  let opposite = 0;
  for (let t = 0; t < n; t++) {
    const v = bins[t] * side;
    if (v > 0) count++;
    else if (v < 0) opposite++;
  }
  let run = 0;
  for (let t = n - 1; t >= 0 && bins[t] * side > 0; t--) run++;
  const lastIsHit = run > 0;
  // f ≥ 0.9 in integers, so 9 of 10 is exactly at the limit.
  const mostly = 10 * count >= 9 * n;
  if (lastIsHit && count === 1 && opposite === 0) return 'new';
  if (lastIsHit && run >= 2 && count === run && opposite === 0 && !mostly) return 'consecutive';
  if (lastIsHit && mostly && strengthening) return 'intensifying';
  if (lastIsHit && mostly && !strengthening && !weakening) return 'persistent';
  if (lastIsHit && mostly && weakening) return 'diminishing';
  if (lastIsHit && !mostly && opposite >= 1) return 'oscillating';
  if (!lastIsHit && mostly) return 'historical';
  if (lastIsHit && !mostly && opposite === 0 && count >= 2) return 'sporadic';
  return null;
}

/**
 * Classifies one location from its per-step bins (> 0 significant hot, < 0 significant cold,
 * 0 not significant; in time order) and the Mann-Kendall trend of its z-scores.
 *
 * First match wins. All rules except "historical" require the last step to be hot (H[n]) or cold
 * (C[n]), which exclude each other, so the lists overlap only where a historical rule meets a
 * last-step rule of the other family: e.g. + + + + + + + + + − is both a historical hot spot and an
 * oscillating cold spot. Taking the hot list strictly first would resolve this case one way and its
 * mirror image (− × 9, then +) the other way, breaking the "same rules with H↔C" symmetry of
 * methods.md §3; so the state of the last step decides (oscillating cold, resp. oscillating hot)
 * and the historical rules come last: hot 1–6 and 8, cold 1–6 and 8, then historical hot / cold.
 * Classification is therefore symmetric: flipping every bin and the trend mirrors the category.
 */
export function classifyLocation(
  bins: ArrayLike<number>,
  trend: TrendDirection,
  { minSteps = DEFAULT_MIN_STEPS }: ClassifyOptions = {},
): EmergingClassification {
  if (bins.length < Math.max(1, minSteps)) return { category: 'no_pattern', reason: 'too_few_steps' };
  const last = bins[bins.length - 1];
  // A significant last step selects its family (whose rules 1–6 and 8 cover every series ending
  // that way); otherwise only the historical rules can match.
  const families: (1 | -1)[] = last > 0 ? [1] : last < 0 ? [-1] : [1, -1];
  for (const side of families) {
    const pattern = matchSide(bins, side, trend === (side > 0 ? 'up' : 'down'), trend === (side > 0 ? 'down' : 'up'));
    if (pattern) return { category: side > 0 ? `${pattern}_hot` : `${pattern}_cold`, reason: null };
  }
  return { category: 'no_pattern', reason: 'no_rule_matched' };
}

export interface SpaceTimeGiStarOptions {
  /** Neighbourhood time step N: bins t, t−1, …, t−N are in the neighbourhood (default 1). */
  timeStep?: number;
}

export interface SpaceTimeGiStarResult {
  /** Location-major, like the cube. */
  z: Float64Array;
  p: Float64Array;
  /** Every bin has the same value (e.g. all zero): z = 0, p = 1 everywhere. */
  noVariation: boolean;
}

function checkCube(cube: ArrayLike<number>, nLocations: number, nSteps: number, neighbours: Neighbours): void {
  if (!Number.isInteger(nLocations) || nLocations < 0 || !Number.isInteger(nSteps) || nSteps < 0) {
    throw new RangeError(`invalid cube shape ${nLocations} × ${nSteps}`);
  }
  if (cube.length !== nLocations * nSteps) {
    throw new RangeError(`cube has ${cube.length} values, expected ${nLocations} × ${nSteps}`);
  }
  checkNeighbours(neighbours, nLocations);
}

/** Space-time Gi* z-score and two-sided p of every bin of the cube. */
export function spaceTimeGiStar(
  cube: ArrayLike<number>,
  nLocations: number,
  nSteps: number,
  neighbours: Neighbours,
  { timeStep = 1 }: SpaceTimeGiStarOptions = {},
): SpaceTimeGiStarResult {
  checkCube(cube, nLocations, nSteps, neighbours);
  if (!Number.isInteger(timeStep) || timeStep < 0) throw new RangeError(`timeStep must be an integer ≥ 0 (got ${timeStep})`);
  const total = nLocations * nSteps;
  const z = new Float64Array(total);
  const p = new Float64Array(total).fill(1);

  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < total; i++) {
    const v = cube[i];
    if (!Number.isFinite(v)) throw new RangeError(`cube value ${i} is not a finite number`);
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Fewer than 2 bins or a constant cube: no variance, nothing is significant.
  if (total < 2 || min === max) return { z, p, noVariation: true };
  const mean = sum / total;
  let sumSquares = 0;
  for (let i = 0; i < total; i++) {
    const d = cube[i] - mean;
    sumSquares += d * d;
  }
  const sd = Math.sqrt(sumSquares / total);

  // windowed[s·T + t] = Σ_{u = max(0, t−N)..t} x_su. Raw sums, not deviations: for counts they
  // are exact integers, so equal neighbourhood counts give bit-identical z-scores and Mann-Kendall
  // sees the ties it should (running sums of x − x̄ drift by rounding and invent trends).
  const windowed = new Float64Array(total);
  for (let s = 0; s < nLocations; s++) {
    const base = s * nSteps;
    let running = 0;
    for (let t = 0; t < nSteps; t++) {
      running += cube[base + t];
      if (t - timeStep - 1 >= 0) running -= cube[base + t - timeStep - 1];
      windowed[base + t] = running;
    }
  }

  const row = new Float64Array(nSteps);
  for (let s = 0; s < nLocations; s++) {
    const base = s * nSteps;
    row.set(windowed.subarray(base, base + nSteps));
    let spatialCount = 1;
    for (const j of neighbours[s]) {
      if (j === s) continue;
      spatialCount++;
      const other = j * nSteps;
      for (let t = 0; t < nSteps; t++) row[t] += windowed[other + t];
    }
    for (let t = 0; t < nSteps; t++) {
      const weightCount = spatialCount * (Math.min(t, timeStep) + 1);
      const zt = giStarZ(row[t] - mean * weightCount, weightCount, total, sd);
      z[base + t] = zt;
      p[base + t] = twoSidedP(zt);
    }
  }
  return { z, p, noVariation: false };
}

export interface EmergingOptions extends SpaceTimeGiStarOptions, ClassifyOptions {
  /** Benjamini-Hochberg over all bins (default true, as ArcGIS). */
  fdr?: boolean;
  /** Significance of hot/cold bins (default 0.05). */
  alpha?: number;
  /** Significance of the Mann-Kendall trend (default 0.05). */
  trendAlpha?: number;
}

export interface TrendSummary {
  direction: TrendDirection;
  /** False when the series is too short for Mann-Kendall (< 3 steps); s = tau = z = 0, p = 1. */
  defined: boolean;
  s: number;
  tau: number;
  z: number;
  p: number;
}

export interface EmergingLocation {
  location: number;
  category: EmergingCategory;
  reason: NoPatternReason | null;
  trend: TrendSummary;
  /** +1 significant hot, −1 significant cold, 0 otherwise, per step (a view into the result's bins). */
  bins: Int8Array;
  hotSteps: number;
  coldSteps: number;
  /** Step indices (0-based), null when never hot / cold. */
  firstHotStep: number | null;
  lastHotStep: number | null;
  firstColdStep: number | null;
  lastColdStep: number | null;
  /** Length of the uninterrupted run of the last step's state (hot or cold) ending at the last step; 0 if not significant. */
  finalRun: number;
  /** z and p of the last step. */
  lastZ: number;
  lastP: number;
}

export interface EmergingResult {
  nLocations: number;
  nSteps: number;
  z: Float64Array;
  p: Float64Array;
  /** BH q-values over all bins, or null when fdr is off. */
  q: Float64Array | null;
  /** Location-major hot (+1) / cold (−1) / 0 per bin. */
  bins: Int8Array;
  noVariation: boolean;
  locations: EmergingLocation[];
}

function trendOf(series: Float64Array, trendAlpha: number): TrendSummary {
  const mk = mannKendall(series);
  if (!mk.defined) return { direction: 'none', defined: false, s: 0, tau: 0, z: 0, p: 1 };
  const significant = mk.p <= trendAlpha;
  const direction: TrendDirection = significant && mk.z > 0 ? 'up' : significant && mk.z < 0 ? 'down' : 'none';
  return { direction, defined: true, s: mk.s, tau: mk.tau, z: mk.z, p: mk.p };
}

/** Emerging hot spot analysis of a location-major cube; one classified record per location. */
export function emergingHotSpots(
  cube: ArrayLike<number>,
  nLocations: number,
  nSteps: number,
  neighbours: Neighbours,
  options: EmergingOptions = {},
): EmergingResult {
  const { timeStep = 1, fdr = true, alpha = 0.05, trendAlpha = 0.05, minSteps = DEFAULT_MIN_STEPS } = options;
  const { z, p, noVariation } = spaceTimeGiStar(cube, nLocations, nSteps, neighbours, { timeStep });
  const q = fdr ? benjaminiHochberg(p) : null;
  const significance = q ?? p;
  const bins = new Int8Array(z.length);
  for (let i = 0; i < z.length; i++) {
    if (significance[i] <= alpha) bins[i] = z[i] > 0 ? 1 : z[i] < 0 ? -1 : 0;
  }

  const locations: EmergingLocation[] = [];
  for (let s = 0; s < nLocations; s++) {
    const base = s * nSteps;
    const series = z.subarray(base, base + nSteps);
    const locationBins = bins.subarray(base, base + nSteps);
    const trend = trendOf(series, trendAlpha);
    const { category, reason } = classifyLocation(locationBins, trend.direction, { minSteps });
    let hotSteps = 0;
    let coldSteps = 0;
    let firstHotStep: number | null = null;
    let lastHotStep: number | null = null;
    let firstColdStep: number | null = null;
    let lastColdStep: number | null = null;
    for (let t = 0; t < nSteps; t++) {
      const b = locationBins[t];
      if (b > 0) {
        hotSteps++;
        firstHotStep ??= t;
        lastHotStep = t;
      } else if (b < 0) {
        coldSteps++;
        firstColdStep ??= t;
        lastColdStep = t;
      }
    }
    let finalRun = 0;
    const last = nSteps > 0 ? locationBins[nSteps - 1] : 0;
    if (last !== 0) for (let t = nSteps - 1; t >= 0 && locationBins[t] === last; t--) finalRun++;
    locations.push({
      location: s,
      category,
      reason,
      trend,
      bins: locationBins,
      hotSteps,
      coldSteps,
      firstHotStep,
      lastHotStep,
      firstColdStep,
      lastColdStep,
      finalRun,
      lastZ: nSteps > 0 ? z[base + nSteps - 1] : 0,
      lastP: nSteps > 0 ? p[base + nSteps - 1] : 1,
    });
  }
  return { nLocations, nSteps, z, p, q, bins, noVariation, locations };
}
