/**
 * The evaluation harness: rolling weekly runs of the pure detector (server/analysis/earlySignals.ts)
 * on simulated data with and without plants (simulate.ts), scored against what was planted.
 *
 * - A lead signal *matches* a plant when it is in the plant's municipality, in the plant's category
 *   (or all categories together), and shares a buurt with the plant's core (the buurten holding
 *   ≥ 15 % of its reports, at least the largest one), at a run on or after the onset.
 * - sudden plants are *found* when a matching signal appears within 4 weeks of data from the onset
 *   (runs ending in weeks onset … onset + 3, and at most at the end); rising plants within 26 weeks.
 *   The delay is the number of weeks of plant data at the first matching run (1 = the onset week).
 * - The floor subset for sudden plants: relative risk ≥ 3 and ≥ 8 planted reports in the data the
 *   deciding run could see (up to the deadline).
 * - Precision of the top 10: at the last run of each data set with plants, the share of the first
 *   (up to) 10 lead signals that match a plant, pooled.
 * - False lead signals: on the same backgrounds without plants, every lead signal of every weekly
 *   run counts (a chance signal that stays on the list for three weeks counts three times); also
 *   counted once per episode ("new": not on the previous week's list in the same category and
 *   place).
 */
import { CATEGORIES } from '../demo/model.ts';
import { logFactorial, logTailSum, poissonRateInterval, poissonUpperTail } from '../../server/analysis/poisson.ts';
import { logGamma } from '../../server/analysis/predictiveTest.ts';
import { detectSignals, type AreaCube, type DetectorParams, type LeadSignal } from '../../server/analysis/earlySignals.ts';
import { randomLcg } from 'd3';
import { incidentCounts } from '../../server/analysis/incidents.ts';
import { addPlant, drawPlant, plantedBetween, scenario, type BackgroundOptions, type Plant, type Scenario } from './simulate.ts';
import { municipality, type Municipality } from './world.ts';

export const SENSITIVE = new Set(['prostitutie', 'adresfraude', 'illegale_bewoning']);

/** The background's options (volume, repeats, dispersion and its weeks) are simulate.ts's BackgroundOptions. */
export interface HarnessOptions extends BackgroundOptions {
  seeds: number[];
  municipalities: ('GM1700' | 'GM0141')[];
  plants: { sudden: number; rising: number };
  /** Weekly runs over the last `runWeeks` weeks of each data set. */
  runWeeks: number;
  /** Weeks of data per data set (default the demo's 156; shorter files: runs with less baseline). */
  dataWeeks?: number;
  params: DetectorParams;
  /** Skip the null data sets (calibration of plants only). */
  skipNull?: boolean;
  skipPlants?: boolean;
  /** Default incidents (what the service counts). */
  counting?: Counting;
  onProgress?: (line: string) => void;
}

export interface PlantOutcome {
  id: string;
  municipality: string;
  kind: 'sudden' | 'rising';
  shape: string;
  category: string;
  sensitive: boolean;
  rr: number;
  onsetWeeksBeforeEnd: number;
  /** Planted reports up to the deadline (or the end). */
  plantedByDeadline: number;
  found: boolean;
  delay: number | null;
  classAtDetection: string | null;
  inFloorSubset: boolean;
  /** The oracle bound: exact Poisson p of the footprint's reports in the plant's category from the
   *  onset to the deadline against the TRUE background mean (known only to the simulation; on a
   *  negative-binomial background a negative binomial with the true mean and φ). A
   *  detector that knew place, category and onset and ran one test would find the plant at
   *  α = 0.05 when this is ≤ 0.05; no detector searching all places every week can do better. */
  oracleP: number;
  /** The same oracle test with d = 1, 2, … weeks of data from the onset (up to the deadline): what
   *  the searching oracle (searchingOracle) needs for its delay. */
  oracleByWeek: number[];
  /** Planted reports expected by the deadline (the plant's mean, not its draw). */
  expectedByDeadline: number;
  /** The first matching signal's deciding test ('window 2', 'trend 26'), null when not found. */
  decidingTest: string | null;
  /** Weeks of plant data at the first weekly run with a matching signal of class "rising" (any run
   *  of the evaluation, also after the deadline), null when none: whether a rising plant first
   *  listed as "sudden" is shown as rising later. */
  risingShownAt: number | null;
}

export interface NullOutcome {
  municipality: string;
  seed: number;
  runs: number;
  leadSignals: number;
  newEpisodes: number;
  /** q-values of every false lead signal (for the recurrence calibration). */
  qs: number[];
  /** Per weekly run, the smallest p-value of a test that could lead (stats.smallestLeadP). */
  smallestP: number[];
  /** The same over the windows of ≤ 4 weeks only (stats.smallestShortWindowP). */
  smallestShortP: number[];
}

export interface HarnessResult {
  plants: PlantOutcome[];
  nulls: NullOutcome[];
  precision: { matched: number; listed: number; falseInPlantRuns: number; plantRuns: number };
  runMs: number[];
}

/** What the detector counts: incidents (the service's rule, server/analysis/incidents.ts, on the
 *  located reports) or, for the comparisons with the engines before its rules, incidents without
 *  the same-day rule (before v13) or the reports. */
export type Counting = 'incidents' | 'incidents-without-same-day' | 'reports';

export function cubeOf(sc: Scenario, m: Municipality, counting: Counting = 'incidents'): AreaCube {
  const counts = counting === 'reports' ? sc.counts
    : incidentCounts(sc.reports, m.buurten.length, CATEGORIES.length, sc.model.firstWeek, sc.weeks, undefined, counting === 'incidents-without-same-day' ? null : undefined);
  return {
    id: m.code, nPlaces: m.buurten.length, nWeeks: sc.weeks, categories: [...CATEGORIES], counts,
    neighbours: m.neighbours, centroids: m.centroids, inhabitants: m.inhabitants,
  };
}

/** Buurten holding ≥ 15 % of a plant's reports (at least the largest share). */
export function plantCore(p: Plant): number[] {
  const max = Math.max(...p.shares);
  return p.buurten.filter((_, k) => p.shares[k]! >= Math.min(0.15, max));
}

export function matches(s: LeadSignal, p: Plant, core: number[]): boolean {
  return (s.category === null || s.category === p.categoryCode) && s.places.some((x) => core.includes(x));
}

export function runHarness(o: HarnessOptions): HarnessResult {
  const plants: PlantOutcome[] = [];
  const nulls: NullOutcome[] = [];
  const precision = { matched: 0, listed: 0, falseInPlantRuns: 0, plantRuns: 0 };
  const runMs: number[] = [];
  for (const code of o.municipalities) {
    const m = municipality(code);
    for (const seed of o.seeds) {
      if (!o.skipPlants) {
        const sc = scenario(m, seed, o.plants, o.dataWeeks, undefined, o);
        const cube = cubeOf(sc, m, o.counting);
        const end = sc.weeks - 1;
        const cores = sc.plants.map(plantCore);
        const first = new Map<string, { run: number; cls: string; test: string }>();
        const shownRising = new Map<string, number>();
        for (let e = end - o.runWeeks + 1; e <= end; e++) {
          const t = performance.now();
          const r = detectSignals([cube], { ...o.params, end: e });
          runMs.push(performance.now() - t);
          precision.plantRuns++;
          for (const s of r.lead) {
            const hit = sc.plants.some((p, k) => p.onset <= e && matches(s, p, cores[k]!));
            if (!hit) precision.falseInPlantRuns++;
          }
          sc.plants.forEach((p, k) => {
            if (e < p.onset) return;
            if (!shownRising.has(p.id) && r.lead.some((x) => x.class === 'rising' && matches(x, p, cores[k]!))) shownRising.set(p.id, e);
            if (first.has(p.id)) return;
            const s = r.lead.find((x) => matches(x, p, cores[k]!));
            if (s) first.set(p.id, { run: e, cls: s.class, test: `${s.test} ${s.to - s.from + 1}` });
          });
          if (e === end) {
            const top = r.lead.slice(0, 10);
            precision.listed += top.length;
            precision.matched += top.filter((s) => sc.plants.some((p, k) => matches(s, p, cores[k]!))).length;
          }
        }
        for (const p of sc.plants) plants.push(outcome(p, sc, code, first.get(p.id), shownRising.get(p.id)));
      }
      if (!o.skipNull) {
        const sc = scenario(m, seed, { sudden: 0, rising: 0 }, o.dataWeeks, undefined, o);
        const cube = cubeOf(sc, m, o.counting);
        const end = sc.weeks - 1;
        const out: NullOutcome = { municipality: code, seed, runs: 0, leadSignals: 0, newEpisodes: 0, qs: [], smallestP: [], smallestShortP: [] };
        let previous: LeadSignal[] = [];
        for (let e = end - o.runWeeks + 1; e <= end; e++) {
          const t = performance.now();
          const r = detectSignals([cube], { ...o.params, end: e });
          runMs.push(performance.now() - t);
          out.runs++;
          out.smallestP.push(r.stats.smallestLeadP);
          out.smallestShortP.push(r.stats.smallestShortWindowP);
          out.leadSignals += r.lead.length;
          for (const s of r.lead) {
            out.qs.push(s.q);
            if (!previous.some((x) => x.category === s.category && x.places.some((pl) => s.places.includes(pl)))) out.newEpisodes++;
          }
          previous = r.lead;
        }
        nulls.push(out);
      }
      o.onProgress?.(`${code} seed ${seed} done`);
    }
  }
  return { plants, nulls, precision, runMs };
}

/** Scores one plant: found when its first matching run is within its horizon (sudden 4 weeks of
 *  data from the onset, rising 26), with the delay, the planted count and the oracle's p. */
function outcome(p: Plant, sc: Scenario, code: string, f: { run: number; cls: string; test?: string } | undefined, risingRun?: number): PlantOutcome {
  const end = sc.weeks - 1;
  const deadline = deadlineOf(p, end);
  const found = !!f && f.run <= deadline;
  const planted = plantedBetween(p, p.onset, deadline);
  const oracleByWeek: number[] = [];
  let observed = 0;
  let expected = 0;
  let squares = 0;
  const phi = sc.model.dispersion;
  for (let t = p.onset; t <= deadline; t++) {
    for (const b of p.buurten) {
      const mu = sc.means[p.category]![b * sc.weeks + t]!;
      observed += sc.counts[p.category]![b * sc.weeks + t]!;
      expected += mu;
      squares += mu * mu;
    }
    // On a negative-binomial background (--dispersion) the oracle knows φ too: the footprint's sum
    // as a negative binomial with the same mean and variance (expected + φ·Σμ²).
    oracleByWeek.push(phi > 0 && squares > 0 ? negativeBinomialUpperTail(observed, expected, (expected * expected) / (phi * squares)) : poissonUpperTail(observed, expected));
  }
  return {
    id: p.id, municipality: code, kind: p.kind, shape: p.shape, category: p.categoryCode, sensitive: SENSITIVE.has(p.categoryCode),
    rr: p.rr, onsetWeeksBeforeEnd: end - p.onset + 1, plantedByDeadline: planted, found,
    delay: found ? f!.run - p.onset + 1 : null, classAtDetection: found ? f!.cls : null,
    inFloorSubset: p.kind === 'sudden' ? p.rr >= 3 && planted >= 8 : true,
    oracleP: oracleByWeek.at(-1) ?? 1,
    oracleByWeek,
    expectedByDeadline: expectedBetween(p, p.onset, deadline),
    decidingTest: f?.test ?? null,
    risingShownAt: risingRun === undefined ? null : risingRun - p.onset + 1,
  };
}

/** P(Y ≥ y) for Y negative binomial with this mean and size (variance mean + mean² / size), with
 *  poisson.ts's log-space tail walk, as poissonUpperTail does: upwards from y above the mean (the
 *  terms shrink there), else 1 − the lower tail walked down from y − 1. */
export function negativeBinomialUpperTail(y: number, mean: number, size: number): number {
  if (y <= 0) return 1;
  const q = mean / (mean + size);
  const logPmf = (k: number) => logGamma(k + size) - logGamma(size) - logFactorial(k) + size * Math.log(size / (mean + size)) + k * Math.log(q);
  if (y > mean) return Math.min(1, Math.exp(logTailSum(logPmf(y), (k) => ((k + size) / (k + 1)) * q, y, Infinity, 1)));
  const lower = Math.exp(logTailSum(logPmf(y - 1), (k) => k / ((k - 1 + size) * q), y - 1, 0, -1));
  return Math.min(1, Math.max(0, 1 - lower));
}

const deadlineOf = (p: Plant, end: number) => Math.min(end, p.onset + (p.kind === 'sudden' ? 4 : 26) - 1);

function expectedBetween(p: Plant, from: number, to: number): number {
  let e = 0;
  for (let t = Math.max(0, from); t <= to; t++) e += p.expected[t]!;
  return e;
}

export interface FloorOptions extends BackgroundOptions {
  seeds: number[];
  municipalities: ('GM1700' | 'GM0141')[];
  /** The random plants of each data set (the main figure's: the floor plant is added to them). */
  plants: { sudden: number; rising: number };
  params: DetectorParams;
  counting?: Counting;
  onProgress?: (line: string) => void;
}

/** The floor's own definition: relative risk U(3, 5), and ≥ 8 planted reports EXPECTED by the
 *  deadline (4 weeks of data from the onset, or the end). */
export const FLOOR_RR: [number, number] = [3, 5];
export const FLOOR_MIN_EXPECTED = 8;

/**
 * Draws a sudden plant from the floor's own definition: footprint, category (all nine) and onset
 * at random exactly as drawPlant does, relative risk U(3, 5), accepted when its EXPECTED planted
 * count by the deadline is ≥ 8 (rejection sampling on the expectation: never on the realised
 * count, never on anything the engine computes).
 */
export function drawFloorPlant(m: Municipality, means: Float64Array[], weeks: number, avoid: ReadonlySet<string>, rng: () => number, id: string): Plant {
  const end = weeks - 1;
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const p = drawPlant(m, means, weeks, { kind: 'sudden', end, avoid, rrRange: FLOOR_RR }, rng, id);
    if (expectedBetween(p, p.onset, deadlineOf(p, end)) >= FLOOR_MIN_EXPECTED) return p;
  }
  throw new Error(`${m.code}: no floor plant in 100,000 draws`);
}

/** The main figure's data set of a seed (same background, same random plants) with the floor plant
 *  added: its own random stream, so the rest stays exactly the main figure's. */
export function floorScenario(m: Municipality, seed: number, plants: { sudden: number; rising: number }, background: BackgroundOptions = {}): { scenario: Scenario; plant: Plant } {
  const sc = scenario(m, seed, plants, undefined, undefined, background);
  const avoid = new Set(sc.plants.flatMap((p) => p.buurten.map((b) => `${p.category}|${b}`)));
  const rng = randomLcg(seed * 7919 + 1);
  const plant = drawFloorPlant(m, sc.means, sc.weeks, avoid, rng, `${m.code}-${seed}-floor`);
  const data = { counts: sc.counts.map((c) => Float64Array.from(c)), reports: [...sc.reports] };
  // The floor plant's squares on their own stream too, so the plant's counts are those of R = 1 draws.
  addPlant(data, plant, sc.weeks, rng, { ...sc.model, locate: randomLcg(seed * 7919 + 2) });
  return { scenario: { ...sc, ...data, plants: [...sc.plants, plant] }, plant };
}

/**
 * Floor mode: per seed and municipality the main figure's data set (same background, same random
 * plants) plus ONE extra sudden plant drawn from the floor's definition (drawFloorPlant), scored
 * exactly like the random plants (weekly runs from the onset to its deadline: the runs that decide
 * "found within 4 weeks"). One per data set, so the floor plants do not lend each other BH rank
 * (several strong plants in one family lower each other's q-values).
 */
export function runFloorHarness(o: FloorOptions): PlantOutcome[] {
  const out: PlantOutcome[] = [];
  for (const code of o.municipalities) {
    const m = municipality(code);
    for (const seed of o.seeds) {
      const { scenario: withPlant, plant } = floorScenario(m, seed, o.plants, o);
      const cube = cubeOf(withPlant, m, o.counting);
      const core = plantCore(plant);
      const end = withPlant.weeks - 1;
      let first: { run: number; cls: string; test: string } | undefined;
      for (let e = plant.onset; e <= deadlineOf(plant, end) && !first; e++) {
        const r = detectSignals([cube], { ...o.params, end: e });
        const s = r.lead.find((x) => matches(x, plant, core));
        if (s) first = { run: e, cls: s.class, test: `${s.test} ${s.to - s.from + 1}` };
      }
      out.push(outcome(plant, withPlant, code, first));
      o.onProgress?.(`floor ${code} seed ${seed} done`);
    }
  }
  return out;
}

export interface FloorSummary {
  all: FloorPart;
  /** The subset with ≥ 8 REALISED planted reports by the deadline (the main figure's definition). */
  realised: FloorPart;
}

interface FloorPart {
  n: number;
  found: number;
  ci: [number, number];
  medianDelay: number | null;
  oracle: number;
  /** Share found by the searching oracle and its median delay (null: no null runs given). */
  searching: { share: number; medianDelay: number | null } | null;
}

export function summariseFloor(list: PlantOutcome[], so: SearchingOracle | null = null): FloorSummary {
  const part = (xs: PlantOutcome[]): FloorPart => {
    const found = xs.filter((p) => p.found).length;
    const bySearch = so ? xs.map((p) => so.found(p)) : [];
    return {
      n: xs.length, found, ci: wilson(found, xs.length), medianDelay: median(xs.filter((p) => p.delay !== null).map((p) => p.delay!)), oracle: oracleShare(xs),
      searching: so ? { share: xs.length ? bySearch.filter((x) => x.found).length / xs.length : 0, medianDelay: median(bySearch.map((x) => x.delay).filter((d): d is number => d !== null)) } : null,
    };
  };
  return { all: part(list), realised: part(list.filter((p) => p.plantedByDeadline >= 8)) };
}

/** Wilson score interval (95 %) for k successes in n. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The searching oracle: the one-test oracle (PlantOutcome.oracleP) held to the per-test threshold
 * a search can afford. On null data, a run whose smallest lead-eligible p (stats.smallestLeadP) is
 * ≤ t would list a false signal if every test were judged at t; t* is the largest t at which that
 * happens in at most `rate` of the weekly runs (the floor's false lead signals per week: a run
 * with a false signal has at least one, so t* is generous). A plant counts as found by the
 * searching oracle at the first week d of data with oracleByWeek[d] ≤ t* of its municipality.
 * It knows the footprint, category, onset and true background mean and runs one test, so no
 * detector that searches the engine's family of tests with one threshold and keeps the
 * false-alarm rate can do better (a smaller family could afford a larger t*): where it stays under
 * a floor, that floor conflicts with the false-alarm floor for such a search on these data. The
 * engine weighs its tests by type (earlySignals.ts), so it is not such a search: a reference for it,
 * not its bound. With `pick` = the windows of ≤ 4 weeks (NullOutcome.smallestShortP), t* is what a
 * search that spends the whole false-alarm budget on those windows alone can afford (the engine's
 * weights favour them but keep a share for the trends and long windows).
 * stats.smallestLeadP counts tests outside Tarone's screen as p = 1 (their exact p is never
 * computed), which can only raise t*: the bound errs on the generous side.
 */
export interface SearchingOracle {
  rate: number;
  thresholds: Record<string, number>;
  found: (p: PlantOutcome) => { found: boolean; delay: number | null };
}

export function searchingOracle(nulls: NullOutcome[], rate = 0.25, pick: (n: NullOutcome) => number[] = (n) => n.smallestP): SearchingOracle {
  const thresholds: Record<string, number> = {};
  for (const code of [...new Set(nulls.map((n) => n.municipality))]) {
    const ps = nulls.filter((n) => n.municipality === code).flatMap(pick).sort((a, b) => a - b);
    // The largest t with #{p ≤ t} ≤ rate · runs: just under the (⌊rate · runs⌋ + 1)-th smallest.
    const k = Math.floor(rate * ps.length);
    thresholds[code] = k < ps.length ? ps[k]! * (1 - 1e-9) : 1;
  }
  return {
    rate,
    thresholds,
    found: (p) => {
      const t = thresholds[p.municipality];
      const d = t === undefined ? -1 : p.oracleByWeek.findIndex((x) => x <= t);
      return d < 0 ? { found: false, delay: null } : { found: true, delay: d + 1 };
    },
  };
}

export interface Summary {
  sudden: { n: number; found: number; ci: [number, number] };
  suddenFloor: { n: number; found: number; ci: [number, number]; medianDelay: number | null };
  rising: { n: number; found: number; ci: [number, number] };
  risingSized: { n: number; found: number; ci: [number, number] };
  /** Share of the plants the one-test oracle finds at α = 0.05 (an upper bound on any recall). */
  oracle: { sudden: number; suddenFloor: number; rising: number; risingSized: number };
  /** Share found by the searching oracle (null without null runs). */
  searching: { thresholds: Record<string, number>; sudden: number; suddenFloor: number; suddenFloorDelay: number | null; rising: number; risingSized: number } | null;
  precision: { matched: number; listed: number; value: number | null; ci: [number, number] };
  /** Lead signals matching no plant, per weekly run of the data sets WITH plants (both
   *  municipalities pooled): what a tester sees on a file with real clusters. */
  falseInPlantRuns: { signals: number; runs: number; perWeek: number; ci: [number, number] };
  falseAlarms: { perMunicipality: Record<string, { runs: number; signals: number; perWeek: number; ci: [number, number]; episodesPerWeek: number }> };
  delays: Record<string, number>;
  medianRunMs: number;
}

export const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
};

function searchingShares(nulls: NullOutcome[], sudden: PlantOutcome[], floor: PlantOutcome[], rising: PlantOutcome[]): Summary['searching'] {
  if (nulls.length === 0) return null;
  const so = searchingOracle(nulls);
  const share = (xs: PlantOutcome[]) => (xs.length ? xs.filter((p) => so.found(p).found).length / xs.length : 0);
  return {
    thresholds: so.thresholds,
    sudden: share(sudden),
    suddenFloor: share(floor),
    suddenFloorDelay: median(floor.map((p) => so.found(p).delay).filter((d): d is number => d !== null)),
    rising: share(rising),
    risingSized: share(rising.filter((p) => p.plantedByDeadline >= 8)),
  };
}

const oracleShare = (list: PlantOutcome[]) => (list.length ? list.filter((p) => p.oracleP <= 0.05).length / list.length : 0);

export function summarise(r: HarnessResult): Summary {
  const frac = (list: PlantOutcome[]) => {
    const found = list.filter((p) => p.found).length;
    return { n: list.length, found, ci: wilson(found, list.length) };
  };
  const sudden = r.plants.filter((p) => p.kind === 'sudden');
  const floor = sudden.filter((p) => p.inFloorSubset);
  const rising = r.plants.filter((p) => p.kind === 'rising');
  const perMunicipality: Summary['falseAlarms']['perMunicipality'] = {};
  for (const code of [...new Set(r.nulls.map((x) => x.municipality))]) {
    const list = r.nulls.filter((x) => x.municipality === code);
    const runs = list.reduce((a, x) => a + x.runs, 0);
    const signals = list.reduce((a, x) => a + x.leadSignals, 0);
    const episodes = list.reduce((a, x) => a + x.newEpisodes, 0);
    perMunicipality[code] = { runs, signals, perWeek: signals / runs, ci: poissonRateInterval(signals, runs), episodesPerWeek: episodes / runs };
  }
  const delays: Record<string, number> = {};
  for (const p of floor) if (p.delay !== null) delays[p.delay] = (delays[p.delay] ?? 0) + 1;
  const fl = frac(floor);
  return {
    sudden: frac(sudden),
    suddenFloor: { ...fl, medianDelay: median(floor.filter((p) => p.delay !== null).map((p) => p.delay!)) },
    rising: frac(rising),
    risingSized: frac(rising.filter((p) => p.plantedByDeadline >= 8)),
    oracle: {
      sudden: oracleShare(sudden),
      suddenFloor: oracleShare(floor),
      rising: oracleShare(rising),
      risingSized: oracleShare(rising.filter((p) => p.plantedByDeadline >= 8)),
    },
    searching: searchingShares(r.nulls, sudden, floor, rising),
    precision: { matched: r.precision.matched, listed: r.precision.listed, value: r.precision.listed ? r.precision.matched / r.precision.listed : null, ci: wilson(r.precision.matched, r.precision.listed) },
    falseInPlantRuns: { signals: r.precision.falseInPlantRuns, runs: r.precision.plantRuns, perWeek: r.precision.plantRuns ? r.precision.falseInPlantRuns / r.precision.plantRuns : 0, ci: poissonRateInterval(r.precision.falseInPlantRuns, Math.max(1, r.precision.plantRuns)) },
    falseAlarms: { perMunicipality },
    delays,
    medianRunMs: median(r.runMs) ?? 0,
  };
}

/** The tester's setting (few-plants.ts): the null background of `seed` with two sudden plants drawn
 *  from the floor's definition (never one category in one buurt twice), as located reports. */
export function twoPlantFile(m: Municipality, seed: number): { scenario: Scenario; plants: Plant[]; data: { counts: Float64Array[]; reports: Scenario['reports'] }; cube: AreaCube } {
  const sc = scenario(m, seed, { sudden: 0, rising: 0 });
  const rng = randomLcg(seed * 13 + 5);
  const first = drawFloorPlant(m, sc.means, sc.weeks, new Set(), rng, 'a');
  const second = drawFloorPlant(m, sc.means, sc.weeks, new Set(first.buurten.map((b) => `${first.category}|${b}`)), rng, 'b');
  const plants = [first, second];
  const data = { counts: sc.counts.map((c) => Float64Array.from(c)), reports: [...sc.reports] };
  plants.forEach((p, k) => addPlant(data, p, sc.weeks, rng, { ...sc.model, locate: randomLcg(seed * 13 + 6 + k) }));
  return { scenario: sc, plants, data, cube: cubeOf({ ...sc, ...data, plants }, m) };
}
