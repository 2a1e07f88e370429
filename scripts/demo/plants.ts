/**
 * Planted signals of the demo data, drawn at random exactly as the evaluation harness draws them
 * (scripts/evaluate/simulate.ts: any buurt, a group of 2–4 adjacent buurten or a 300–800 m disc; a
 * random category; sudden onsets 2–12 weeks before the end with relative risk 2–5; rising trends from
 * 0 to 3× the background over the last 26–52 weeks). Nothing is placed by hand, no zone is kept free
 * of background reports, no draw is repeated to shape a trend, and the engine is never consulted.
 *
 * One condition is applied, on the plant's own drawn counts only: the demo shows plants large
 * enough to matter — a sudden plant needs relative risk ≥ 3 and ≥ 8 planted reports in its first
 * 4 weeks (the floor subset of issue #13), a rising plant ≥ 20 planted reports in its first 26
 * weeks; smaller draws are discarded and drawn again (docs/demo-data.md). How often the engine
 * finds plants of every size is the harness's job (docs/evaluation.md).
 */
import type { Buurt } from './areas.ts';
import { metresPerDegree, insideBuurt, round6, samplePointInBuurt } from './areas.ts';
import { formatDay } from './dates.ts';
import { CATEGORIES } from './model.ts';
import { backgroundMeans, drawPlant, poisson, type Plant } from '../evaluate/simulate.ts';
import { municipalityFrom } from '../evaluate/world.ts';

/** Plants in the default demo. */
export const DEMO_PLANTS = { sudden: 4, rising: 2 } as const;
/** The size condition (see above). */
export const MIN_SUDDEN = { rr: 3, reports: 8, weeks: 4 } as const;
export const MIN_RISING = { reports: 20, weeks: 26 } as const;

/** Extra inspections at each planted cluster (default mode only), on top of the background ones. */
export const PLANT_INSPECTIONS = { sudden: 4, rising: 10 } as const;

export interface ResolvedPlant {
  plant: Plant;
  /** Drawn planted reports per week (all buurten of the footprint together). */
  counts: number[];
  /** Buurt objects of the footprint, with the share of the plant in each. */
  buurten: Buurt[];
  shares: number[];
  /** Buurt codes of the planted points (filled while generating). */
  buurtCodes: Set<string>;
}

/** Draws the demo's plants (default `DEMO_PLANTS`) on the loaded buurten. */
export function drawDemoPlants(buurten: Buurt[], startDay: number, weeks: number, volume: number, rng: () => number, count: { sudden: number; rising: number } = DEMO_PLANTS): ResolvedPlant[] {
  const m = municipalityFrom('demo', buurten);
  const means = backgroundMeans(m, weeks, startDay, volume);
  const out: ResolvedPlant[] = [];
  const avoid = new Set<string>();
  const kinds = [...Array(count.sudden).fill('sudden'), ...Array(count.rising).fill('rising')] as ('sudden' | 'rising')[];
  kinds.forEach((kind, k) => {
    for (let attempt = 0; attempt < 2000; attempt++) {
      const plant = drawPlant(m, means, weeks, { kind, end: weeks - 1, avoid }, rng, `P${k + 1}-${kind}`);
      const counts = Array.from(plant.expected, (e) => poisson(e, rng));
      const horizon = kind === 'sudden' ? MIN_SUDDEN.weeks : MIN_RISING.weeks;
      const seen = counts.slice(plant.onset, plant.onset + horizon).reduce((a, v) => a + v, 0);
      const big = kind === 'sudden' ? plant.rr >= MIN_SUDDEN.rr && seen >= MIN_SUDDEN.reports : seen >= MIN_RISING.reports;
      if (!big) continue;
      plant.id = `P${k + 1}-${kind}-${plant.categoryCode}`;
      for (const b of plant.buurten) avoid.add(`${plant.category}|${b}`);
      out.push({ plant, counts, buurten: plant.buurten.map((b) => buurten[b]!), shares: plant.shares, buurtCodes: new Set() });
      return;
    }
    throw new Error(`could not draw a ${kind} plant of the demo's minimum size`);
  });
  return out;
}

/** A planted point: a footprint buurt by its share, then a uniform point in the disc within that
 *  buurt (disc plants) or in the buurt (buurt and group plants). */
export function samplePlantPoint(p: ResolvedPlant, rng: () => number): { lon: number; lat: number; buurt: Buurt } {
  let u = rng();
  let k = 0;
  while (k < p.shares.length - 1 && u > p.shares[k]!) u -= p.shares[k++]!;
  const buurt = p.buurten[k]!;
  const { centre, radiusMetres } = p.plant;
  if (centre && radiusMetres) {
    const m = metresPerDegree(centre[1]);
    for (let attempt = 0; attempt < 5000; attempt++) {
      const r = radiusMetres * 0.97 * Math.sqrt(rng());
      const a = 2 * Math.PI * rng();
      const lon = round6(centre[0] + (r * Math.cos(a)) / m.lon);
      const lat = round6(centre[1] + (r * Math.sin(a)) / m.lat);
      if (insideBuurt(buurt, lon, lat)) return { lon, lat, buurt };
    }
  }
  const pt = samplePointInBuurt(buurt, rng);
  return { lon: pt[0]!, lat: pt[1]!, buurt };
}

/** The manifest entry of a plant. */
export function manifestEntry(p: ResolvedPlant, startDay: number) {
  const { plant } = p;
  const monday = (k: number) => formatDay(startDay + 7 * k);
  const last = plant.expected.length - 1;
  const reports = p.counts.reduce((a, v) => a + v, 0);
  const f2 = (v: number) => Number(v.toFixed(2));
  const where = plant.shape === 'disc'
    ? `a disc of ${Math.round(plant.radiusMetres!)} m around (${plant.centre!.map((v) => v.toFixed(5)).join(', ')})`
    : plant.shape === 'group' ? `the adjacent buurten ${p.buurten.map((b) => b.name).join(', ')}` : `the buurt ${p.buurten[0]!.name}`;
  const rate = plant.kind === 'sudden'
    ? `from ${monday(plant.onset)} on, ${plant.rr.toFixed(2)} × the background of the place (relative risk; ${f2(plant.expected[plant.onset]!)} expected planted reports in the first week)`
    : `rising linearly from 0 at ${monday(plant.onset)} to 3 × the background of the place in the final week (${f2(plant.expected[last]!)} expected planted reports)`;
  return {
    id: plant.id,
    kind: plant.kind,
    shape: plant.shape,
    category: plant.categoryCode,
    intendedClass: plant.kind,
    buurtCodes: [...p.buurtCodes].sort(),
    footprint: p.buurten.map((b, k) => ({ code: b.code, share: f2(p.shares[k]!) })),
    centre: plant.centre,
    radiusMetres: plant.radiusMetres === null ? null : Math.round(plant.radiusMetres),
    relativeRisk: f2(plant.rr),
    startWeek: monday(plant.onset),
    endWeek: monday(last),
    reports,
    description: `${plant.kind === 'sudden' ? 'Sudden' : 'Rising'} ${plant.categoryCode} in ${where}: ${rate}.`,
    weeklyExpected: Array.from(plant.expected, f2),
  };
}

export { CATEGORIES };
