/**
 * Synthetic weekly counts for the evaluation harness (and the plants of the demo data), drawn
 * without reference to the engine:
 *
 * - Background: per buurt × category × week a Poisson count with mean
 *   V · w_c,b · growth(t) · season_c(t), where w_c,b are the demo model's spatial weights (category
 *   mix; inhabitant-driven and area-driven parts; scripts/demo/model.ts), growth +10 %/year and the
 *   category's seasonal cycle, and V scales the volume with the municipality's inhabitants (the
 *   demo's 4,000 background reports in 3 years for Twenterand's 34,071 inhabitants). With
 *   `dispersion` F > 0 (robustness runs) the mean is first multiplied by a Gamma(mean 1, variance F)
 *   draw per buurt × category × week: negative-binomial counts.
 * - Plants, drawn at random: any buurt, a group of 2–4 adjacent buurten, or a disc of 300–800 m
 *   around a random point; a random category (all nine, the sensitive ones included).
 *   * sudden: onset 2–12 weeks before the end, relative risk RR ~ U(2, 5): the plant adds
 *     (RR − 1) × the background of its footprint every week from the onset;
 *   * rising: over the last 26–52 weeks the plant grows linearly from 0 to 3 × the background of
 *     its footprint (the place goes from 1× to 4× its background).
 *   The plant's footprint distributes its reports like the background inside it (a disc: by the
 *   share of each buurt's area inside the disc).
 * - Every report gets a uniform day of its week (ReportModel.days) and a square of its buurt, so
 *   that the detector's input is built by the service's incident rule (server/analysis/incidents.ts).
 */
import { randomGamma, randomLcg } from 'd3';
import type { Buurt } from '../demo/areas.ts';
import { insideBuurt, metresPerDegree, samplePointInBuurt } from '../demo/areas.ts';
import { seasonFactor } from '../demo/background.ts';
import { CATEGORIES, DEFAULT_BACKGROUND_REPORTS, GROWTH_PER_YEAR, WEEKS } from '../demo/model.ts';
import type { Municipality } from './world.ts';
import { weekOfDay, type LocatedReport } from '../../server/analysis/incidents.ts';

export const TWENTERAND_INHABITANTS = 34_071;
/** Background reports per inhabitant per week (the demo's volume). */
export const REPORTS_PER_INHABITANT_WEEK = DEFAULT_BACKGROUND_REPORTS / WEEKS / TWENTERAND_INHABITANTS;

/** Monday of the first of the 156 weeks ending on Sunday 2026-11-22 (the demo's period): day number. */
export const DEFAULT_START_DAY = Math.round(Date.UTC(2026, 10, 22) / 86_400_000) - 7 * WEEKS + 1;

export type PlantKind = 'sudden' | 'rising';
export type PlantShape = 'buurt' | 'group' | 'disc';

export interface Plant {
  id: string;
  kind: PlantKind;
  shape: PlantShape;
  category: number;
  categoryCode: string;
  /** Week index of the first week with planted reports; the plant lasts to the last week. */
  onset: number;
  /** sudden: relative risk; rising: the final multiple of the background added (3). */
  rr: number;
  /** Buurt indices and the share of the plant's reports in each (sums to 1). */
  buurten: number[];
  shares: number[];
  centre: [number, number] | null;
  radiusMetres: number | null;
  /** Expected planted reports per week (index = week). */
  expected: Float64Array;
  /** Drawn planted reports per week × buurt (filled by addPlants). */
  counts: Float64Array[];
}

/** Poisson draw by inversion (means here are far below 100) with a normal fallback. */
export function poisson(mean: number, rng: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rng();
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Mean background per category × buurt × week: means[c][b * weeks + t]. */
export function backgroundMeans(m: Municipality, weeks: number, startDay: number, volumeFactor = 1): Float64Array[] {
  const nb = m.buurten.length;
  const inhabitants = m.inhabitants.reduce((a, v) => a + v, 0);
  const volume = REPORTS_PER_INHABITANT_WEEK * inhabitants * volumeFactor;
  // Normalise growth × season so the average week has `volume` reports.
  const timeFactor: Float64Array[] = CATEGORIES.map((_, c) => {
    const f = new Float64Array(weeks);
    for (let t = 0; t < weeks; t++) {
      const mid = startDay + 7 * t + 3;
      f[t] = Math.exp((GROWTH_PER_YEAR * (7 * t)) / 365.25) * seasonFactor(c, mid);
    }
    return f;
  });
  let norm = 0;
  for (let c = 0; c < CATEGORIES.length; c++) {
    const share = m.weights[c]!.reduce((a, v) => a + v, 0);
    for (let t = 0; t < weeks; t++) norm += share * timeFactor[c]![t]!;
  }
  norm /= weeks;
  return CATEGORIES.map((_, c) => {
    const out = new Float64Array(nb * weeks);
    for (let b = 0; b < nb; b++) for (let t = 0; t < weeks; t++) out[b * weeks + t] = (volume * m.weights[c]![b]! * timeFactor[c]![t]!) / norm;
    return out;
  });
}

/**
 * Where the simulated reports fall and how often an incident is reported: the harness's model of
 * what the import stores (one snapped square per report, the SNAP_METRES grid of 50 m), so the
 * detector's input is built by the service's own rule (server/analysis/incidents.ts) from located
 * reports.
 *
 * - Squares: an incident is at a random one of its buurt's squares: the buurt's area in 50 m
 *   squares, but at most one per household (inhabitants / 2.2: reports are about addresses), at
 *   least one.
 * - Repeats (`repeats` = R > 1): an incident is reported 1 + Poisson(R − 1) times; every further
 *   report comes 0, 1, 2, … weeks after the first with probability 1/2, 1/4, 1/8, … (a mean of one
 *   week; reports after the data's last week are not in the data), at the same square. R = 1: one
 *   report per incident, the counts exactly those of plain Poisson draws.
 */
export interface ReportModel {
  repeats: number;
  /** Extra-Poisson variation of the background: each buurt × category × week mean is multiplied by
   *  a Gamma draw with mean 1 and variance `dispersion` (negative-binomial counts, variance
   *  μ + dispersion · μ²); 0: plain Poisson (the default; the draws then stay those of before). */
  dispersion: number;
  /** Weeks one Gamma effect lasts (1: a new draw every week, the default): longer, the extra
   *  variation comes in runs of that many weeks (a dispute reported for a month), each buurt ×
   *  category with its own phase. */
  dispersionWeeks: number;
  /** Squares per buurt. */
  squares: number[];
  /** Week index (weeks since 1970-01-05) of the data's week 0. */
  firstWeek: number;
  /** The squares' own random stream (so R = 1 leaves every count of the old draws unchanged). */
  locate: () => number;
  /** The days' own random stream (each report a uniform day of its week: the same-day rule of
   *  incidents.ts needs them), so the weeks and squares stay those drawn before days were; null:
   *  no days (never merged). */
  days: (() => number) | null;
}

const SQUARE_KM2 = 0.05 * 0.05;
const PERSONS_PER_HOUSEHOLD = 2.2;

export function squaresPerBuurt(m: Municipality): number[] {
  return m.buurten.map((b) => {
    const byArea = b.areaKm2 / SQUARE_KM2;
    const byAddress = Number.isFinite(b.inhabitants) && b.inhabitants > 0 ? b.inhabitants / PERSONS_PER_HOUSEHOLD : byArea;
    return Math.max(1, Math.round(Math.min(byArea, byAddress)));
  });
}

/** A report's day (a uniform day of its week) when the model draws days. */
function dayOf(model: ReportModel, week: number): { day?: number } {
  return model.days ? { day: 7 * (model.firstWeek + week) + 4 + Math.floor(model.days() * 7) } : {};
}

/**
 * Frequent reporters (robustness, `sweeps` per municipality and year): one person files 3–6
 * reports of one category about different addresses of one buurt on one day. A sweep's category
 * is drawn by the category's share of all reports, its buurt by where that category's reports
 * fall, its week uniform over the data, its 3–6 squares distinct (as many as the buurt has). Its
 * own random stream; the reports count as background (on null data every signal they cause is
 * false). Variants beyond that model (`variant`; the draws of 'one-day' are those above):
 * - spread: each report in the sweep's buurt with probability 1/2, else in a random neighbour;
 * - categories: each report's category drawn by the category mix;
 * - weekly: the same person, buurt and category on the same weekday for 8 consecutive weeks, 3–6
 *   new squares each time (`perYear` counts these episodes);
 * - two-day: each report on the sweep's day or the next, with probability 1/2.
 */
export type SweepVariant = 'one-day' | 'spread' | 'categories' | 'weekly' | 'two-day';
export const SWEEP_VARIANTS: readonly SweepVariant[] = ['one-day', 'spread', 'categories', 'weekly', 'two-day'];

export function addSweeps(data: { counts: Float64Array[]; reports: LocatedReport[] }, means: Float64Array[], weeks: number, perYear: number, seed: number, model: ReportModel, variant: SweepVariant = 'one-day', neighbours: readonly (readonly number[])[] = []): number {
  const rng = randomLcg((seed ^ 0x5ee95eed) >>> 0);
  const nb = model.squares.length;
  const byCategory = means.map((mu) => mu.reduce((a, v) => a + v, 0));
  const total = byCategory.reduce((a, v) => a + v, 0);
  const add = (c: number, b: number, day: number, square: number): void => {
    const t = weekOfDay(day) - model.firstWeek;
    if (t < 0 || t >= weeks) return;
    data.counts[c]![b * weeks + t]! += 1;
    data.reports.push({ place: b, category: c, week: model.firstWeek + t, square, day });
  };
  const n = poisson((perYear * weeks) / 52.1775, rng);
  for (let i = 0; i < n; i++) {
    const c = drawIndex(byCategory, total, rng);
    const perBuurt = Array.from({ length: nb }, (_, b) => {
      let x = 0;
      for (let t = 0; t < weeks; t++) x += means[c]![b * weeks + t]!;
      return x;
    });
    const b = drawIndex(perBuurt, byCategory[c]!, rng);
    const times = variant === 'weekly' ? 8 : 1;
    const t0 = Math.floor(rng() * (weeks - times + 1));
    const day0 = 7 * (model.firstWeek + t0) + 4 + Math.floor(rng() * 7);
    for (let k = 0; k < times; k++) {
      // At most the buurt's squares (a spread sweep has its neighbours' too).
      const size = Math.min(3 + Math.floor(rng() * 4), variant === 'spread' ? Infinity : model.squares[b]!);
      const used = new Set<string>();
      for (let j = 0, tries = 0; j < size && tries < 1000; tries++) {
        const elsewhere = variant === 'spread' && rng() >= 0.5 && (neighbours[b]?.length ?? 0) > 0;
        const bb = elsewhere ? neighbours[b]![Math.floor(rng() * neighbours[b]!.length)]! : b;
        const cc = variant === 'categories' ? drawIndex(byCategory, total, rng) : c;
        const square = Math.floor(rng() * model.squares[bb]!);
        if (used.has(`${bb}:${square}`)) continue;
        used.add(`${bb}:${square}`);
        j++;
        add(cc, bb, day0 + 7 * k + (variant === 'two-day' && rng() < 0.5 ? 1 : 0), square);
      }
    }
  }
  return n;
}

function drawIndex(weights: readonly number[], total: number, rng: () => number): number {
  let u = rng() * total;
  for (let k = 0; k < weights.length; k++) {
    u -= weights[k]!;
    if (u <= 0) return k;
  }
  return weights.length - 1;
}

/** Extra weeks before a repeat report: 0, 1, 2, … with probability 1/2, 1/4, 1/8, … */
export function repeatLag(rng: () => number): number {
  return Math.floor(Math.log(Math.max(rng(), 1e-300)) / Math.log(0.5));
}

/** Adds `incidents` incidents of category c in buurt b starting in week t: their reports to the
 *  counts (and to `planted`, a plant's own counts per week, if given) and, located, to `reports`. */
function report(incidents: number, c: number, b: number, t: number, weeks: number, counts: Float64Array[], reports: LocatedReport[], model: ReportModel, rng: () => number, planted?: Float64Array): void {
  for (let i = 0; i < incidents; i++) {
    const square = Math.floor(model.locate() * model.squares[b]!);
    const n = model.repeats > 1 ? 1 + poisson(model.repeats - 1, rng) : 1;
    for (let k = 0; k < n; k++) {
      const week = k === 0 ? t : t + repeatLag(rng);
      if (week >= weeks) continue;
      counts[c]![b * weeks + week]! += 1;
      if (planted) planted[week]! += 1;
      reports.push({ place: b, category: c, week: model.firstWeek + week, square, ...dayOf(model, week) });
    }
  }
}

/** Background reports: counts[c][b * weeks + t] and the located reports. Incidents are Poisson
 *  with mean v / R per buurt × category × week (v the background mean), so the mean number of
 *  reports stays v; R = 1 draws Poisson(v) reports exactly as before the reports were located. */
export function drawBackground(means: Float64Array[], rng: () => number, model: ReportModel): { counts: Float64Array[]; reports: LocatedReport[] } {
  const reports: LocatedReport[] = [];
  const counts = means.map((mu) => new Float64Array(mu.length));
  const weeks = means[0]!.length / model.squares.length;
  // The Gamma effects on their own stream (d3's Marsaglia–Tsang sampler), so dispersion 0 leaves
  // every draw of the plain Poisson background unchanged.
  const gammaRng = model.dispersion > 0 ? randomLcg(Math.floor(rng() * 2 ** 31)) : null;
  const gamma = gammaRng ? randomGamma.source(gammaRng)(1 / model.dispersion, model.dispersion) : null;
  const L = Math.max(1, Math.round(model.dispersionWeeks));
  means.forEach((mu, c) => {
    for (let b = 0; b < model.squares.length; b++) {
      // With runs of L > 1 weeks, a random phase so that the runs' edges differ between series.
      const phase = gamma && L > 1 ? Math.floor(gammaRng!() * L) : 0;
      let effect = 1;
      for (let t = 0; t < weeks; t++) {
        const mean = mu[b * weeks + t]! / model.repeats;
        if (gamma && (L === 1 || t === 0 || (t + phase) % L === 0)) effect = gamma();
        report(poisson(gamma ? mean * effect : mean, rng), c, b, t, weeks, counts, reports, model, rng);
      }
    }
  });
  return { counts, reports };
}

function pick<T>(list: readonly T[], rng: () => number): T {
  return list[Math.floor(rng() * list.length)]!;
}

/** A random point in the municipality, uniform in area (a buurt by area, then a point in it). */
function randomPoint(buurten: readonly Buurt[], rng: () => number): [number, number] {
  const total = buurten.reduce((a, b) => a + b.areaKm2, 0);
  let u = rng() * total;
  let chosen = buurten[buurten.length - 1]!;
  for (const b of buurten) {
    u -= b.areaKm2;
    if (u <= 0) {
      chosen = b;
      break;
    }
  }
  const p = samplePointInBuurt(chosen, rng);
  return [p[0]!, p[1]!];
}

/** Share of each buurt's area inside a disc (Monte Carlo on a fixed lattice of 400 points). */
function discFootprint(m: Municipality, centre: [number, number], radius: number): Map<number, number> {
  const scale = metresPerDegree(centre[1]);
  const out = new Map<number, number>();
  const N = 20;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const dx = ((i + 0.5) / N) * 2 - 1;
      const dy = ((j + 0.5) / N) * 2 - 1;
      if (dx * dx + dy * dy > 1) continue;
      const lon = centre[0] + (dx * radius) / scale.lon;
      const lat = centre[1] + (dy * radius) / scale.lat;
      const b = m.buurten.findIndex((x) => insideBuurt(x, lon, lat));
      if (b >= 0) out.set(b, (out.get(b) ?? 0) + 1);
    }
  }
  return out;
}

export interface PlantDraw {
  kind: PlantKind;
  /** Week index of the last week (the end). */
  end: number;
  /** Buurten already used by plants of the same category (plants do not overlap there). */
  avoid?: ReadonlySet<string>;
  /** Restrict the category (index into CATEGORIES). */
  category?: number;
  /** sudden: the relative risk's uniform range (default [2, 5]). */
  rrRange?: [number, number];
}

/** Draws one plant (kind given) for a municipality, with its expected weekly reports. */
export function drawPlant(m: Municipality, means: Float64Array[], weeks: number, draw: PlantDraw, rng: () => number, id: string): Plant {
  const nb = m.buurten.length;
  for (let attempt = 0; attempt < 200; attempt++) {
    const category = draw.category ?? Math.floor(rng() * CATEGORIES.length);
    const shapeU = rng();
    const shape: PlantShape = shapeU < 1 / 3 ? 'buurt' : shapeU < 2 / 3 ? 'group' : 'disc';
    let footprint = new Map<number, number>(); // buurt → area share weight
    let centre: [number, number] | null = null;
    let radius: number | null = null;
    if (shape === 'disc') {
      centre = randomPoint(m.buurten, rng);
      radius = 300 + rng() * 500;
      footprint = discFootprint(m, centre, radius);
      // Per buurt: the share of the buurt's area inside the disc (lattice points × cell area / buurt area).
      const cellKm2 = ((2 * radius) / 20) ** 2 / 1e6;
      for (const [b, n] of footprint) footprint.set(b, Math.min(1, (n * cellKm2) / m.buurten[b]!.areaKm2));
    } else {
      const seed = Math.floor(rng() * nb);
      const members = [seed];
      const size = shape === 'buurt' ? 1 : 2 + Math.floor(rng() * 3);
      while (members.length < size) {
        const options = [...new Set(members.flatMap((x) => m.neighbours[x]!))].filter((x) => !members.includes(x));
        if (options.length === 0) break;
        members.push(pick(options, rng));
      }
      for (const b of members) footprint.set(b, 1);
    }
    if (footprint.size === 0) continue;
    const buurten = [...footprint.keys()].sort((a, b) => a - b);
    if (draw.avoid && buurten.some((b) => draw.avoid!.has(`${category}|${b}`))) continue;
    const mu = means[category]!;
    // Background of the footprint per week, and each buurt's share of it.
    const bg = new Float64Array(weeks);
    const mass = buurten.map(() => 0);
    buurten.forEach((b, k) => {
      for (let t = 0; t < weeks; t++) {
        const v = mu[b * weeks + t]! * footprint.get(b)!;
        bg[t]! += v;
        mass[k]! += v;
      }
    });
    const totalMass = mass.reduce((a, v) => a + v, 0);
    if (!(totalMass > 0)) continue;
    const shares = mass.map((v) => v / totalMass);
    const expected = new Float64Array(weeks);
    let onset: number;
    let rr: number;
    if (draw.kind === 'sudden') {
      const before = 2 + Math.floor(rng() * 11); // 2 … 12 weeks of data from the onset to the end
      onset = draw.end - before + 1;
      const [lo, hi] = draw.rrRange ?? [2, 5];
      rr = lo + rng() * (hi - lo);
      for (let t = onset; t <= draw.end; t++) expected[t] = (rr - 1) * bg[t]!;
    } else {
      const span = 26 + Math.floor(rng() * 27); // 26 … 52 weeks
      onset = draw.end - span + 1;
      rr = 3;
      for (let t = onset; t <= draw.end; t++) expected[t] = rr * bg[t]! * ((t - onset + 1) / span);
    }
    return {
      id, kind: draw.kind, shape, category, categoryCode: CATEGORIES[category]!, onset, rr, buurten, shares,
      centre, radiusMetres: radius, expected, counts: [],
    };
  }
  throw new Error('could not place a plant');
}

/** Draws the plant's weekly reports per buurt (multinomial over its footprint) and adds them, located,
 *  to the scenario. With repeats (R > 1) the plant's incidents are drawn (mean expected / R a week)
 *  and reported like the background's. */
export function addPlant(target: { counts: Float64Array[]; reports: LocatedReport[] }, plant: Plant, weeks: number, rng: () => number, model: ReportModel): void {
  plant.counts = plant.buurten.map(() => new Float64Array(weeks));
  for (let t = 0; t < weeks; t++) {
    let n = poisson(plant.expected[t]! / model.repeats, rng);
    for (let k = 0; k < plant.buurten.length && n > 0; k++) {
      const rest = plant.shares.slice(k).reduce((a, v) => a + v, 0);
      const x = k === plant.buurten.length - 1 ? n : binomial(n, Math.min(1, plant.shares[k]! / rest), rng);
      report(x, plant.category, plant.buurten[k]!, t, weeks, target.counts, target.reports, model, rng, plant.counts[k]!);
      n -= x;
    }
  }
}

function binomial(n: number, p: number, rng: () => number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (rng() < p) x++;
  return x;
}

/** Planted reports of a plant in weeks [from, to]. */
export function plantedBetween(plant: Plant, from: number, to: number): number {
  let n = 0;
  for (const c of plant.counts) for (let t = Math.max(0, from); t <= to; t++) n += c[t]!;
  return n;
}

export interface Scenario {
  municipality: Municipality;
  weeks: number;
  /** Reports per category × buurt × week (what the cards show). */
  counts: Float64Array[];
  /** Every report, located (the incidents the detector counts are built from these). */
  reports: LocatedReport[];
  model: ReportModel;
  plants: Plant[];
  /** The background means the counts were drawn from (for the oracle bound only). */
  means: Float64Array[];
}

/** One data set: background (seeded) plus `sudden` and `rising` plants (0 for the null). */
/** How the background is drawn besides its means (robustness runs; the defaults are the figures'). */
export interface BackgroundOptions {
  /** Volume factor (1 = the demo's reports per inhabitant). */
  volume?: number;
  /** Mean reports per incident (ReportModel.repeats). */
  repeats?: number;
  /** Extra-Poisson variance factor of the background (ReportModel.dispersion). */
  dispersion?: number;
  /** Weeks one extra-Poisson effect lasts (ReportModel.dispersionWeeks; 1 by default). */
  dispersionWeeks?: number;
  /** Seasonality of each buurt and category of its own (robustness; 0 by default: only each
   *  category's cycle, shared by all buurten): the mean is multiplied by 1 + a · cos(2π (day −
   *  peak) / 365.25), a ~ U(0, localSeason), the peak day uniform over the year (a holiday park
   *  busy in summer, a field used for dumping in spring). Its own random stream. */
  localSeason?: number;
  /** Frequent reporters: sweeps per municipality and year (addSweeps; robustness, 0 by default). */
  sweeps?: number;
  /** How the sweeps fall (addSweeps; 'one-day' by default). */
  sweepVariant?: SweepVariant;
}

/** Multiplies each buurt × category series of `means` by a yearly cycle of its own (BackgroundOptions.localSeason). */
export function addLocalSeason(means: Float64Array[], nb: number, weeks: number, startDay: number, amplitude: number, seed: number): void {
  const rng = randomLcg((seed ^ 0x2f6b3c1d) >>> 0);
  for (const mu of means) {
    for (let b = 0; b < nb; b++) {
      const a = amplitude * rng();
      const peak = 365.25 * rng();
      for (let t = 0; t < weeks; t++) mu[b * weeks + t]! *= 1 + a * Math.cos((2 * Math.PI * (startDay + 7 * t + 3 - peak)) / 365.25);
    }
  }
}

export function scenario(m: Municipality, seed: number, plants: { sudden: number; rising: number }, weeks = WEEKS, startDay = DEFAULT_START_DAY, options: BackgroundOptions = {}): Scenario {
  const { volume = 1, repeats = 1, dispersion = 0, dispersionWeeks = 1, localSeason = 0, sweeps = 0, sweepVariant = 'one-day' } = options;
  const master = randomLcg(seed);
  const bgRng = randomLcg(master());
  const plantRng = randomLcg(master());
  const drawRng = randomLcg(master());
  const model: ReportModel = { repeats, dispersion, dispersionWeeks, squares: squaresPerBuurt(m), firstWeek: weekOfDay(startDay), locate: randomLcg(master()), days: randomLcg((seed ^ 0x0da75eed) >>> 0) };
  const means = backgroundMeans(m, weeks, startDay, volume);
  if (localSeason > 0) addLocalSeason(means, m.buurten.length, weeks, startDay, localSeason, seed);
  const data = drawBackground(means, bgRng, model);
  if (sweeps > 0) addSweeps(data, means, weeks, sweeps, seed, model, sweepVariant, m.neighbours);
  const list: Plant[] = [];
  const avoid = new Set<string>();
  const kinds: PlantKind[] = [...Array(plants.sudden).fill('sudden'), ...Array(plants.rising).fill('rising')];
  kinds.forEach((kind, k) => {
    const plant = drawPlant(m, means, weeks, { kind, end: weeks - 1, avoid }, plantRng, `${m.code}-${seed}-${k + 1}-${kind}`);
    addPlant(data, plant, weeks, drawRng, model);
    for (const b of plant.buurten) avoid.add(`${plant.category}|${b}`);
    list.push(plant);
  });
  return { municipality: m, weeks, counts: data.counts, reports: data.reports, model, plants: list, means };
}
