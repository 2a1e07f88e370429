// Prospective space-time permutation scan statistic (methods.md §5; Kulldorff et al. 2005, as
// SaTScan) for counts per zone × step, zones represented by centroids in metres.
//
// c_zd cases in zone z at step d, C in total; under the null hypothesis of no space-time
// interaction μ_zd = (Σ_d c_zd)(Σ_z c_zd)/C, so for a cylinder A (a set of zones × a time window)
// μ_A = (cases of A's zones over the whole period)·(cases of all zones in A's window)/C.
// LLR(A) = c_A ln(c_A/μ_A) + (C−c_A) ln((C−c_A)/(C−μ_A)) when c_A > μ_A, else 0.
//
// Candidate cylinders: around every zone centroid, circles through its 1, 2, …, maxZones nearest
// zones (ties by index), stopping before a zone beyond maxRadius or before the circle would hold
// more than maxShare of all cases (SaTScan's default 50 %); windows are prospective, ending at the
// last step, of 1..maxDuration steps (default half the study period, SaTScan's default).
// Monte Carlo: the steps are randomly permuted among the cases (seeded d3 randomLcg), which keeps
// both the zone and the step totals, hence every μ_A; p = rank/(R + 1) where rank counts the
// observed statistic and every replicate maximum at least as large. Secondary clusters are the
// best cylinders of other centres that share no zone with a reported cluster, each judged against
// the same distribution of replicate maxima (SaTScan's conservative rule).

import { randomLcg } from 'd3-random';
import { kNearest, type Position } from './weights.ts';

export interface ScanOptions {
  /** Largest circle radius in metres (default: unlimited). */
  maxRadius?: number;
  /** Largest number of zones in a circle, the k of the k nearest zones (default 20). */
  maxZones?: number;
  /** Largest share of all cases (over the whole period) inside a circle (default 0.5). */
  maxShare?: number;
  /** Longest window in steps (default ⌊nSteps/2⌋, at least 1). */
  maxDuration?: number;
  /** Monte Carlo replications R (default 999). */
  replications?: number;
  /** Seed for d3-random's randomLcg (default 1). */
  seed?: number;
  /** Most clusters reported, the most likely first (default 10). */
  maxClusters?: number;
  /** How many analyses are run per time unit, for the recurrence interval (default 1). */
  analysesPerTimeUnit?: number;
}

export interface ScanCluster {
  /** Zone whose centroid is the circle's centre. */
  centre: number;
  /** Zones in the cluster, sorted. */
  zones: number[];
  /** Distance from the centre to the farthest included centroid. */
  radius: number;
  /** First and last step (0-based, inclusive); endStep is always the last step. */
  startStep: number;
  endStep: number;
  duration: number;
  observed: number;
  expected: number;
  /** observed / expected. */
  relativeRisk: number;
  llr: number;
  /** Monte Carlo rank among the R replicates plus the observed data. */
  rank: number;
  p: number;
  /** 1/(p × analysesPerTimeUnit), in time units: how often a cluster this strong arises by chance. */
  recurrenceInterval: number;
}

export interface ScanResult {
  totalCases: number;
  replications: number;
  maxDuration: number;
  /** Most likely cluster first, then non-overlapping secondary clusters by LLR; empty when no cylinder has c > μ. */
  clusters: ScanCluster[];
}

export const DEFAULT_SCAN_REPLICATIONS = 999;
export const DEFAULT_SCAN_MAX_ZONES = 20;
export const DEFAULT_SCAN_MAX_SHARE = 0.5;

/** Log-likelihood ratio of a space-time permutation cylinder with c cases, μ expected, C in total. */
export function permutationLlr(c: number, mu: number, total: number): number {
  if (!(c > mu)) return 0;
  const inside = c * Math.log(c / mu);
  const rest = total - c;
  return rest > 0 ? inside + rest * Math.log(rest / (total - mu)) : inside;
}

interface Circle {
  zones: Int32Array; // nearest first, the centre itself first
  distances: Float64Array;
  size: number; // usable prefix length after radius and share limits
}

function buildCircles(
  centroids: ReadonlyArray<Position>,
  zoneTotals: Float64Array,
  total: number,
  maxZones: number,
  maxRadius: number,
  maxShare: number,
): Circle[] {
  const nZones = centroids.length;
  const nearest = kNearest(centroids, Math.min(maxZones - 1, nZones - 1));
  return nearest.map((others, centre) => {
    const cx = centroids[centre][0];
    const cy = centroids[centre][1];
    const members = [centre, ...others].map((zone) => ({
      zone,
      distance: zone === centre ? 0 : Math.hypot(centroids[zone][0] - cx, centroids[zone][1] - cy),
    }));
    members.sort((a, b) => (a.zone === centre ? -1 : b.zone === centre ? 1 : a.distance - b.distance || a.zone - b.zone));
    let size = 0;
    let cases = 0;
    for (const member of members) {
      cases += zoneTotals[member.zone];
      if (member.distance > maxRadius || cases > maxShare * total) break;
      size++;
    }
    return {
      zones: Int32Array.from(members, (m) => m.zone),
      distances: Float64Array.from(members, (m) => m.distance),
      size,
    };
  });
}

interface Best {
  llr: number;
  size: number;
  duration: number;
  observed: number;
  expected: number;
}

/** Quantities shared by the observed data and every replicate (the margins do not change). */
interface ScanTables {
  total: number;
  maxDuration: number;
  zoneTotals: Float64Array;
  /** Share of all cases in the last d + 1 steps: μ = (cases of the zones)·stepShare[d]. */
  stepShare: Float64Array;
  /** ln of stepShare. */
  logStepShare: Float64Array;
  /** k·ln k for k = 0..C (cases are integers), so most of the LLR is table look-ups. */
  kLogK: Float64Array;
}

function scanTables(zoneTotals: Float64Array, stepSuffix: Float64Array, total: number): ScanTables {
  const maxDuration = stepSuffix.length;
  const stepShare = Float64Array.from(stepSuffix, (cases) => cases / total);
  const kLogK = new Float64Array(total + 1);
  for (let k = 1; k <= total; k++) kLogK[k] = k * Math.log(k);
  return { total, maxDuration, zoneTotals, stepShare, logStepShare: stepShare.map(Math.log), kLogK };
}

/**
 * Maximum LLR over all cylinders given, for every zone, its cases in the last d steps
 * (windowCases[z·D + d − 1]). When `bestPerCentre` is given it receives each centre's best cylinder.
 * The LLR is permutationLlr rewritten for integer counts with μ = Z·share:
 * c ln c − c ln μ + (C−c) ln(C−c) − (C−c) ln(C−μ), with ln μ = ln Z + ln share;
 * this loop runs (centres × zones per circle × durations) times per replicate.
 */
function scanMaximum(circles: Circle[], windowCases: Float64Array, tables: ScanTables, bestPerCentre?: Best[]): number {
  const { total, maxDuration, zoneTotals, stepShare, logStepShare, kLogK } = tables;
  const inside = new Float64Array(maxDuration);
  let overall = 0;
  for (let centre = 0; centre < circles.length; centre++) {
    const circle = circles[centre];
    inside.fill(0);
    let zoneCases = 0;
    let best: Best | null = null;
    for (let m = 0; m < circle.size; m++) {
      const zone = circle.zones[m];
      zoneCases += zoneTotals[zone];
      const logZoneCases = Math.log(zoneCases);
      const base = zone * maxDuration;
      for (let d = 0; d < maxDuration; d++) {
        const c = (inside[d] += windowCases[base + d]);
        const expected = zoneCases * stepShare[d];
        if (c <= expected) continue;
        const rest = total - c;
        let llr = kLogK[c] - c * (logZoneCases + logStepShare[d]);
        if (rest > 0) llr += kLogK[rest] - rest * Math.log(total - expected);
        if (llr > overall) overall = llr;
        if (bestPerCentre && (!best || llr > best.llr)) {
          best = { llr, size: m + 1, duration: d + 1, observed: c, expected };
        }
      }
    }
    if (bestPerCentre && best) bestPerCentre[centre] = best;
  }
  return overall;
}

/** Cases per zone in the last 1..D steps from a zone-major count table. */
function windowCasesOf(counts: ArrayLike<number>, nZones: number, nSteps: number, maxDuration: number): Float64Array {
  const out = new Float64Array(nZones * maxDuration);
  for (let z = 0; z < nZones; z++) {
    let running = 0;
    for (let d = 0; d < maxDuration; d++) {
      running += counts[z * nSteps + nSteps - 1 - d];
      out[z * maxDuration + d] = running;
    }
  }
  return out;
}

/**
 * Prospective space-time permutation scan over a zone-major count table
 * (counts[z·nSteps + t] = cases in zone z at step t; the last step is the newest).
 */
export function spaceTimePermutationScan(
  counts: ArrayLike<number>,
  nZones: number,
  nSteps: number,
  centroids: ReadonlyArray<Position>,
  options: ScanOptions = {},
): ScanResult {
  if (!Number.isInteger(nZones) || nZones < 0 || !Number.isInteger(nSteps) || nSteps < 0) {
    throw new RangeError(`invalid table shape ${nZones} × ${nSteps}`);
  }
  if (counts.length !== nZones * nSteps) throw new RangeError(`counts has ${counts.length} values, expected ${nZones} × ${nSteps}`);
  if (centroids.length !== nZones) throw new RangeError(`${centroids.length} centroids for ${nZones} zones`);
  const {
    maxRadius = Infinity,
    maxZones = DEFAULT_SCAN_MAX_ZONES,
    maxShare = DEFAULT_SCAN_MAX_SHARE,
    replications = DEFAULT_SCAN_REPLICATIONS,
    seed = 1,
    maxClusters = 10,
    analysesPerTimeUnit = 1,
  } = options;
  const maxDuration = Math.min(nSteps, options.maxDuration ?? Math.max(1, Math.floor(nSteps / 2)));
  if (!Number.isInteger(maxZones) || maxZones < 1) throw new RangeError(`maxZones must be an integer ≥ 1 (got ${maxZones})`);
  if (!(maxShare > 0 && maxShare <= 1)) throw new RangeError(`maxShare must be in (0, 1] (got ${maxShare})`);
  if (!(maxRadius >= 0)) throw new RangeError(`maxRadius must be ≥ 0 (got ${maxRadius})`);
  if (!Number.isInteger(replications) || replications < 0) throw new RangeError(`replications must be an integer ≥ 0 (got ${replications})`);
  if (!(analysesPerTimeUnit > 0)) throw new RangeError(`analysesPerTimeUnit must be > 0 (got ${analysesPerTimeUnit})`);
  if (nSteps > 0 && !(Number.isInteger(maxDuration) && maxDuration >= 1)) {
    throw new RangeError(`maxDuration must be an integer ≥ 1 (got ${options.maxDuration})`);
  }

  const zoneTotals = new Float64Array(nZones);
  const stepTotals = new Float64Array(nSteps);
  let total = 0;
  for (let z = 0; z < nZones; z++) {
    for (let t = 0; t < nSteps; t++) {
      const c = counts[z * nSteps + t];
      if (!Number.isInteger(c) || c < 0) throw new RangeError(`count of zone ${z} at step ${t} must be a non-negative integer (got ${c})`);
      zoneTotals[z] += c;
      stepTotals[t] += c;
      total += c;
    }
  }
  const empty: ScanResult = { totalCases: total, replications, maxDuration, clusters: [] };
  if (total === 0 || nZones === 0 || nSteps === 0) return empty;

  const stepSuffix = new Float64Array(maxDuration);
  for (let d = 0, running = 0; d < maxDuration; d++) {
    running += stepTotals[nSteps - 1 - d];
    stepSuffix[d] = running;
  }
  const circles = buildCircles(centroids, zoneTotals, total, maxZones, maxRadius, maxShare);

  const tables = scanTables(zoneTotals, stepSuffix, total);
  const bestPerCentre: Best[] = new Array(nZones);
  const observedMax = scanMaximum(circles, windowCasesOf(counts, nZones, nSteps, maxDuration), tables, bestPerCentre);
  if (!(observedMax > 0)) return empty;

  // Replicates: shuffle the step labels of the individual cases.
  const caseZone = new Int32Array(total);
  const caseStep = new Int32Array(total);
  for (let z = 0, k = 0; z < nZones; z++) {
    for (let t = 0; t < nSteps; t++) {
      for (let c = counts[z * nSteps + t]; c > 0; c--, k++) {
        caseZone[k] = z;
        caseStep[k] = t;
      }
    }
  }
  const random = randomLcg(seed);
  const replicateCounts = new Float64Array(nZones * maxDuration);
  const replicateMaxima = new Float64Array(replications);
  const firstWindowStep = nSteps - maxDuration;
  for (let r = 0; r < replications; r++) {
    for (let i = total - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const step = caseStep[i];
      caseStep[i] = caseStep[j];
      caseStep[j] = step;
    }
    // Cases at offset d from the end, then cumulated to "last d + 1 steps".
    replicateCounts.fill(0);
    for (let i = 0; i < total; i++) {
      const step = caseStep[i];
      if (step >= firstWindowStep) replicateCounts[caseZone[i] * maxDuration + (nSteps - 1 - step)]++;
    }
    for (let z = 0; z < nZones; z++) {
      const base = z * maxDuration;
      for (let d = 1; d < maxDuration; d++) replicateCounts[base + d] += replicateCounts[base + d - 1];
    }
    replicateMaxima[r] = scanMaximum(circles, replicateCounts, tables);
  }

  const rankOf = (llr: number) => {
    // Identical arrangements give identical sums; the relative slack only absorbs rounding.
    const bar = llr * (1 - 1e-12);
    let rank = 1;
    for (let r = 0; r < replications; r++) if (replicateMaxima[r] >= bar) rank++;
    return rank;
  };

  const ranked = bestPerCentre
    .map((best, centre) => ({ best, centre }))
    .filter((entry) => entry.best && entry.best.llr > 0)
    .sort((a, b) => b.best.llr - a.best.llr || a.centre - b.centre);
  const used = new Uint8Array(nZones);
  const clusters: ScanCluster[] = [];
  for (const { best, centre } of ranked) {
    if (clusters.length >= maxClusters) break;
    const circle = circles[centre];
    const zones = Array.from(circle.zones.subarray(0, best.size));
    if (zones.some((z) => used[z])) continue;
    for (const z of zones) used[z] = 1;
    const rank = rankOf(best.llr);
    const p = rank / (replications + 1);
    clusters.push({
      centre,
      zones: zones.sort((a, b) => a - b),
      radius: circle.distances[best.size - 1],
      startStep: nSteps - best.duration,
      endStep: nSteps - 1,
      duration: best.duration,
      observed: best.observed,
      expected: best.expected,
      relativeRisk: best.observed / best.expected,
      llr: best.llr,
      rank,
      p,
      recurrenceInterval: 1 / (p * analysesPerTimeUnit),
    });
  }
  return { totalCases: total, replications, maxDuration, clusters };
}
