/**
 * Planted signals of the demo data. The intensities below are the knobs: expected planted reports
 * per week (Poisson) for each kind of signal. They were tuned so that a space-time Gi* engine with
 * 500 m hexagons, weekly steps, Benjamini–Hochberg FDR (α = 0.05) and Mann–Kendall trends recovers
 * the intended class (see docs/demo-data.md, "Planted signals").
 */
import { randomPoisson } from 'd3';
import type { AreaType, Buurt } from './areas.ts';
import { distanceToBoundaryMetres, findBuurt, metresPerDegree, round6 } from './areas.ts';
import { formatDay } from './dates.ts';
import type { Category } from './model.ts';
import { WEEKS } from './model.ts';

// ---------------------------------------------------------------------------------------------
// Intensities (expected planted reports per week). Tune here.
// ---------------------------------------------------------------------------------------------
export const PLANT_INTENSITY = {
  /**
   * Emerging: nothing, then the final `weeks` weeks rising linearly from `from` to `to` per week.
   * `quietZoneMetres`: the background has no reports of the plant's category within this distance
   * of the centre (in --null mode too), so that "nothing before" really holds: with sparse categories
   * a single earlier background report nearby already makes the cells hot once, turning the
   * intended consecutive_hot into sporadic_hot.
   */
  emerging: { weeks: 8, from: 5, to: 7, quietZoneMetres: 2000 },
  /** Intensifying: present all 156 weeks, rising linearly from `from` to `to` per week. */
  intensifying: { from: 3, to: 6 },
  /**
   * Persistent: a constant rate per week through all weeks. The weekly counts are redrawn (seeded)
   * until the Mann–Kendall |z| of their own two-week sums is below `maxTrendZ`: the space-time
   * window (t, t−1) makes neighbouring z-scores correlated, so a plain Poisson plant got a
   * "significant" trend in about one seed in seven (8 of 60 in a test).
   */
  persistent: { rate: 5, maxTrendZ: 0.5 },
  /** Diminishing: present all weeks, falling linearly from `from` to `to` per week. */
  diminishing: { from: 10, to: 5 },
  /** Sporadic: bursts of `rate` expected reports in the weeks that lie `weeksBeforeEnd` before the final one. */
  sporadic: { weeksBeforeEnd: [4, 0], rate: 7 },
} as const;

/** Extra inspections at each planted cluster (default mode only), on top of the background ones. */
export const PLANT_INSPECTIONS = {
  emerging: 4,
  intensifying: 18,
  persistent: 22,
  diminishing: 20,
  sporadic: 3,
} as const;

export type PlantKind = keyof typeof PLANT_INTENSITY;
export type IntendedClass =
  | 'new_hot'
  | 'consecutive_hot'
  | 'intensifying_hot'
  | 'persistent_hot'
  | 'diminishing_hot'
  | 'sporadic_hot';

export interface PlantSpec {
  id: string;
  kind: PlantKind;
  category: Category;
  intendedClass: IntendedClass;
  /** Preferred buurt and centre (Twenterand); used when that buurt is among the loaded areas. */
  buurtCode: string;
  centre: [number, number];
  radiusMetres: number;
  /** Area types to fall back on when the preferred buurt is not loaded. */
  fallbackTypes: AreaType[];
  what: string;
}

/**
 * The five planted signals. Each centre sits on a corner where three 500 m cells of the RD New
 * ST_HexagonGrid lattice meet (so the disc is shared by three mutually adjacent cells, see
 * docs/demo-data.md) and lies at least 400 m inside its buurt, so the whole disc stays in that buurt.
 */
export const PLANT_SPECS: readonly PlantSpec[] = [
  {
    id: 'P1-emerging-afvaldumping',
    kind: 'emerging',
    category: 'afvaldumping',
    intendedClass: 'consecutive_hot',
    buurtCode: 'BU17000205', // Verspreide huizen Westerhaar-Vriezenveensewijk-Oost (peat and forest, rural roads)
    centre: [6.674956, 52.470212],
    radiusMetres: 350,
    fallbackTypes: ['rural'],
    what: 'drug-waste dumping (jerrycans and barrels of synthetic-drug waste along rural roads), coded afvaldumping',
  },
  {
    id: 'P2-intensifying-adresfraude',
    kind: 'intensifying',
    category: 'adresfraude',
    intendedClass: 'intensifying_hot',
    buurtCode: 'BU17000402', // Vroomshoop-West
    centre: [6.553257, 52.459796],
    radiusMetres: 350,
    fallbackTypes: ['core'],
    what: 'address fraud (more registrations than residents) growing in a village neighbourhood',
  },
  {
    id: 'P3-persistent-hennep',
    kind: 'persistent',
    category: 'hennep',
    intendedClass: 'persistent_hot',
    buurtCode: 'BU17000303', // Buurtschap Linde (rural, between Den Ham and Vroomshoop)
    centre: [6.497798, 52.448653],
    radiusMetres: 400,
    fallbackTypes: ['rural'],
    what: 'cannabis cultivation in barns and sheds, a steady stream of reports',
  },
  {
    id: 'P4-diminishing-overlastpand',
    kind: 'diminishing',
    category: 'overlastpand',
    intendedClass: 'diminishing_hot',
    buurtCode: 'BU17000107', // Vriezenveen-Centrum
    centre: [6.629066, 52.408429],
    radiusMetres: 350,
    fallbackTypes: ['core'],
    what: 'nuisance properties in the village centre, declining after enforcement but not gone',
  },
  {
    id: 'P5-sporadic-witwassen',
    kind: 'sporadic',
    category: 'witwassen',
    intendedClass: 'sporadic_hot',
    buurtCode: 'BU17000302', // Den Ham
    centre: [6.498189, 52.464217],
    radiusMetres: 300,
    fallbackTypes: ['core'],
    what: 'suspicious businesses (short-lived shops, cash-only trade), reported in on-off bursts',
  },
];

/** Expected planted reports per week (index 0 … weeks−1) for a kind, before scaling. */
export function weeklyRates(kind: PlantKind, weeks = WEEKS): number[] {
  const last = weeks - 1;
  const lerp = (from: number, to: number, k: number, k0: number, k1: number) =>
    k1 === k0 ? from : from + ((to - from) * (k - k0)) / (k1 - k0);
  const rates: number[] = [];
  for (let k = 0; k < weeks; k++) {
    switch (kind) {
      case 'emerging': {
        const p = PLANT_INTENSITY.emerging;
        const first = weeks - p.weeks;
        rates.push(k >= first ? lerp(p.from, p.to, k, first, last) : 0);
        break;
      }
      case 'intensifying':
        rates.push(lerp(PLANT_INTENSITY.intensifying.from, PLANT_INTENSITY.intensifying.to, k, 0, last));
        break;
      case 'persistent':
        rates.push(PLANT_INTENSITY.persistent.rate);
        break;
      case 'diminishing':
        rates.push(lerp(PLANT_INTENSITY.diminishing.from, PLANT_INTENSITY.diminishing.to, k, 0, last));
        break;
      case 'sporadic': {
        const p = PLANT_INTENSITY.sporadic;
        rates.push((p.weeksBeforeEnd as readonly number[]).includes(last - k) ? p.rate : 0);
        break;
      }
    }
  }
  return rates;
}

/** Sum of the expected planted reports of all plants (unscaled). */
export function expectedPlantedTotal(specs: readonly PlantSpec[] = PLANT_SPECS, weeks = WEEKS): number {
  return specs.reduce((s, p) => s + weeklyRates(p.kind, weeks).reduce((a, v) => a + v, 0), 0);
}

/** A plant placed on the loaded areas, with its drawn weekly counts. */
export interface ResolvedPlant {
  spec: PlantSpec;
  centre: [number, number];
  /** The buurt that holds the centre. */
  centreBuurt: Buurt;
  /** Expected planted reports per week (already multiplied by the scale factor). */
  rates: number[];
  /** Drawn planted reports per week. */
  counts: number[];
  /** Buurt codes of the planted points (filled while generating). */
  buurtCodes: Set<string>;
  /** Buurten whose bounding box meets the plant's disc (the only ones a planted point can lie in). */
  candidates: Buurt[];
}

/** Point well inside a buurt: grid search for the point farthest from the boundary. */
function deepPoint(b: Buurt): [number, number] {
  const [w, s, e, n] = b.bbox;
  let best: [number, number] = [(w + e) / 2, (s + n) / 2];
  let bestD = -1;
  const steps = 40;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const x = w + ((e - w) * i) / steps;
      const y = s + ((n - s) * j) / steps;
      if (findBuurt([b], x, y) !== b) continue;
      const d = distanceToBoundaryMetres(b, x, y);
      if (d > bestD) {
        bestD = d;
        best = [round6(x), round6(y)];
      }
    }
  }
  return best;
}

/**
 * Places the plants on the loaded buurten: at the preferred Twenterand centre when that buurt is
 * loaded, otherwise deep inside the largest unused buurt of a fallback area type.
 */
export function placePlants(
  buurten: readonly Buurt[],
  scale = 1,
  specs: readonly PlantSpec[] = PLANT_SPECS,
): Omit<ResolvedPlant, 'counts'>[] {
  const used = new Set<string>();
  return specs.map((spec) => {
    let centre = spec.centre;
    let b = buurten.find((x) => x.code === spec.buurtCode);
    if (!b) {
      const candidates = buurten
        .filter((x) => spec.fallbackTypes.includes(x.type) && !used.has(x.code))
        .sort((x, y) => y.areaKm2 - x.areaKm2 || (x.code < y.code ? -1 : 1));
      b = candidates[0] ?? buurten.filter((x) => !used.has(x.code)).sort((x, y) => y.areaKm2 - x.areaKm2)[0] ?? buurten[0];
      centre = deepPoint(b);
    }
    used.add(b.code);
    const rates = weeklyRates(spec.kind).map((r) => r * scale);
    const m = metresPerDegree(centre[1]);
    const dLon = spec.radiusMetres / m.lon;
    const dLat = spec.radiusMetres / m.lat;
    const candidates = buurten.filter(
      (x) => x.bbox[0] <= centre[0] + dLon && x.bbox[2] >= centre[0] - dLon && x.bbox[1] <= centre[1] + dLat && x.bbox[3] >= centre[1] - dLat,
    );
    return { spec, centre, centreBuurt: b, rates, buurtCodes: new Set<string>(), candidates };
  });
}

/** A zone without background reports of one category (see PLANT_INTENSITY.emerging). */
export interface QuietZone {
  category: Category;
  centre: [number, number];
  radiusMetres: number;
}

/** Quiet zones of the placed plants. They belong to the background model: --null keeps them. */
export function quietZones(placed: readonly Pick<ResolvedPlant, 'spec' | 'centre'>[]): QuietZone[] {
  return placed
    .filter((p) => p.spec.kind === 'emerging')
    .map((p) => ({ category: p.spec.category, centre: p.centre, radiusMetres: PLANT_INTENSITY.emerging.quietZoneMetres }));
}

/** Mann–Kendall z (no tie correction) of a series; used to keep the persistent plant trend-free. */
export function mannKendallZ(series: readonly number[]): number {
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j] - series[i]);
  const sd = Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  return s === 0 ? 0 : (s - Math.sign(s)) / sd;
}

/**
 * Draws the planted count of every week: Poisson(expected rate). For a persistent plant the whole
 * series is redrawn (up to 200 times) until its two-week sums show no trend (see PLANT_INTENSITY).
 */
export function drawCounts(rates: readonly number[], rng: () => number, kind?: PlantKind): number[] {
  const draw = () => rates.map((r) => (r > 0 ? randomPoisson.source(rng)(r)() : 0));
  let counts = draw();
  if (kind !== 'persistent') return counts;
  for (let attempt = 0; attempt < 200; attempt++) {
    const pairs = counts.map((c, k) => c + (k > 0 ? counts[k - 1] : c));
    if (Math.abs(mannKendallZ(pairs)) < PLANT_INTENSITY.persistent.maxTrendZ) break;
    counts = draw();
  }
  return counts;
}

/**
 * A point uniformly distributed in the plant's disc (radius shrunk by 3 % so that rounding and the
 * flat-earth approximation can never push it outside `radiusMetres`), inside one of the buurten.
 */
export function samplePointInDisc(
  centre: [number, number],
  radiusMetres: number,
  buurten: readonly Buurt[],
  rng: () => number,
): { lon: number; lat: number; buurt: Buurt } {
  const m = metresPerDegree(centre[1]);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const r = radiusMetres * 0.97 * Math.sqrt(rng());
    const a = 2 * Math.PI * rng();
    const lon = round6(centre[0] + (r * Math.cos(a)) / m.lon);
    const lat = round6(centre[1] + (r * Math.sin(a)) / m.lat);
    const buurt = findBuurt(buurten, lon, lat);
    if (buurt) return { lon, lat, buurt };
  }
  throw new Error(`plant disc at ${centre.join(',')} lies outside the loaded areas`);
}

/** The manifest entry of a plant. */
export function manifestEntry(p: ResolvedPlant, startDay: number) {
  const active = p.rates.map((r, k) => (r > 0 ? k : -1)).filter((k) => k >= 0);
  const first = active[0];
  const lastActive = active[active.length - 1];
  const reports = p.counts.reduce((a, v) => a + v, 0);
  const monday = (k: number) => formatDay(startDay + 7 * k);
  const f1 = (v: number) => Number(v.toFixed(2));
  let rate: string;
  switch (p.spec.kind) {
    case 'emerging':
      rate = `nothing before ${monday(first)}, then ${f1(p.rates[first])}→${f1(p.rates[lastActive])} expected reports/week in the final ${active.length} weeks`;
      break;
    case 'intensifying':
      rate = `every week, rising linearly from ${f1(p.rates[0])} to ${f1(p.rates[lastActive])} expected reports/week`;
      break;
    case 'persistent':
      rate = `a steady ${f1(p.rates[0])} expected reports/week in every week`;
      break;
    case 'diminishing':
      rate = `every week, falling linearly from ${f1(p.rates[0])} to ${f1(p.rates[lastActive])} expected reports/week`;
      break;
    case 'sporadic':
      rate = `bursts of ${f1(p.rates[lastActive])} expected reports in the weeks of ${active.map(monday).join(' and ')} only (quiet weeks between, the final week included)`;
      break;
  }
  return {
    id: p.spec.id,
    kind: p.spec.kind,
    category: p.spec.category,
    intendedClass: p.spec.intendedClass,
    buurtCodes: [...p.buurtCodes].sort(),
    centre: p.centre,
    radiusMetres: p.spec.radiusMetres,
    startWeek: monday(first),
    endWeek: monday(lastActive),
    reports,
    description: `${p.spec.what[0].toUpperCase()}${p.spec.what.slice(1)}. Within ${p.spec.radiusMetres} m of a point in ${p.centreBuurt.name} (${p.centreBuurt.code}): ${rate}.`,
    weeklyExpected: p.rates.map(f1),
  };
}
