/**
 * Background report intensity over (week, category, buurt): inhabitant- and area-driven weights
 * per category, seasonality per category and a mild overall growth. See docs/demo-data.md.
 */
import { randomBinomial } from 'd3';
import type { Buurt } from './areas.ts';
import { samplePointInBuurt } from './areas.ts';
import { dayOfYear } from './dates.ts';
import { CATEGORIES, CATEGORY_MODEL, GROWTH_PER_YEAR } from './model.ts';

export interface BackgroundModel {
  buurten: readonly Buurt[];
  /** Day numbers of the Mondays of the weeks. */
  weekStarts: number[];
  /** Relative weight of each week (growth × seasonality summed over categories). */
  weekWeights: Float64Array;
  /** Per week: cumulative weights over index categoryIndex * buurten.length + buurtIndex. */
  weekTables: Float64Array[];
  /** Per category: cumulative source weights (SOURCES order). */
  sourceTables: Float64Array[];
  /** Per category and buurt: the time-independent weight (shares × spatial weights). */
  base: Float64Array[];
}

export interface BackgroundSample {
  day: number;
  cat: number;
  src: number;
  lon: number;
  lat: number;
}

const scratch = new Float64Array(2);

/** Draws one background report of week k (day, category, source, point) into `out`. */
export function sampleBackground(
  model: BackgroundModel,
  k: number,
  rng: () => number,
  out: BackgroundSample = { day: 0, cat: 0, src: 0, lon: 0, lat: 0 },
): BackgroundSample {
  const nb = model.buurten.length;
  out.day = model.weekStarts[k] + Math.floor(rng() * 7);
  const idx = pickCumulative(model.weekTables[k], rng());
  const cat = Math.floor(idx / nb);
  samplePointInBuurt(model.buurten[idx % nb], rng, scratch);
  out.cat = cat;
  out.src = pickCumulative(model.sourceTables[cat], rng());
  out.lon = scratch[0];
  out.lat = scratch[1];
  return out;
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => {
    s += w;
    out[i] = s;
  });
  return out;
}

/** Index i of the first entry of a cumulative table with cum[i] > target. */
export function pickCumulative(cum: Float64Array, u: number): number {
  const target = u * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Spatial weight of each buurt for each category (time-independent part). */
export function spatialWeights(buurten: readonly Buurt[]): Float64Array[] {
  return CATEGORIES.map((c) => {
    const m = CATEGORY_MODEL[c];
    const pop = buurten.map((b) => b.inhabitants * m.popFactor[b.type]);
    const area = buurten.map((b) => b.areaKm2 * m.areaFactor[b.type]);
    const popSum = pop.reduce((a, v) => a + v, 0) || 1;
    const areaSum = area.reduce((a, v) => a + v, 0) || 1;
    const popShare = area.some((v) => v > 0) ? m.popShare : 1;
    return Float64Array.from(
      buurten.map((_, i) => m.share * (popShare * (pop[i] / popSum) + (1 - popShare) * (area[i] / areaSum))),
    );
  });
}

/** Seasonal multiplier of a category on a day. */
export function seasonFactor(categoryIndex: number, day: number): number {
  const m = CATEGORY_MODEL[CATEGORIES[categoryIndex]];
  if (m.seasonAmp === 0) return 1;
  return 1 + m.seasonAmp * Math.cos((2 * Math.PI * (dayOfYear(day) - m.seasonPeakDay)) / 365.25);
}

export function buildBackground(
  buurten: readonly Buurt[],
  startDay: number,
  weeks: number,
): BackgroundModel {
  const base = spatialWeights(buurten);
  const nb = buurten.length;
  const weekStarts: number[] = [];
  const weekWeights = new Float64Array(weeks);
  const weekTables: Float64Array[] = [];
  for (let k = 0; k < weeks; k++) {
    const monday = startDay + 7 * k;
    const mid = monday + 3;
    const growth = Math.exp((GROWTH_PER_YEAR * (mid - startDay)) / 365.25);
    const table = new Float64Array(CATEGORIES.length * nb);
    let s = 0;
    for (let c = 0; c < CATEGORIES.length; c++) {
      const f = growth * seasonFactor(c, mid);
      for (let b = 0; b < nb; b++) {
        s += f * base[c][b];
        table[c * nb + b] = s;
      }
    }
    weekStarts.push(monday);
    weekWeights[k] = s;
    weekTables.push(table);
  }
  const sourceTables = CATEGORIES.map((c) => cumulative(CATEGORY_MODEL[c].sources));
  return { buurten, weekStarts, weekWeights, weekTables, sourceTables, base };
}

/** Splits `total` over the weeks in proportion to `weights` (multinomial via sequential binomials). */
export function splitOverWeeks(total: number, weights: Float64Array, rng: () => number): number[] {
  const counts: number[] = new Array<number>(weights.length).fill(0);
  let remainingWeight = weights.reduce((a, v) => a + v, 0);
  let remaining = total;
  for (let k = 0; k < weights.length && remaining > 0; k++) {
    if (k === weights.length - 1) {
      counts[k] = remaining;
      break;
    }
    const p = Math.min(1, Math.max(0, weights[k] / remainingWeight));
    const n = p >= 1 ? remaining : randomBinomial.source(rng)(remaining, p)();
    counts[k] = n;
    remaining -= n;
    remainingWeight -= weights[k];
  }
  return counts;
}
