/**
 * The honest evaluation harness of the early-signal engine (docs/evaluation.md, issue #13).
 *
 *   npm run evaluate [-- --seeds 20 --municipalities GM1700,GM0141 --sudden 12 --rising 6
 *                       --runs 52 --alpha A --volume 1 --calibrate --write-calibration
 *                       --write-docs --json FILE]
 *
 * Runs the PURE detector (server/analysis/earlySignals.ts, the same function and defaults the
 * service runs) on simulated weekly counts — no database, so it is fast — in rolling weekly runs
 * over the last `runs` weeks of each data set:
 * - data sets with plants drawn at random (scripts/evaluate/simulate.ts): recall per plant kind,
 *   detection delays, precision of the top 10 at the last run;
 * - the same backgrounds without plants: false lead signals per municipality per week;
 * - the floor mode (--floor-seeds N, default 100): per seed and municipality one extra sudden plant
 *   drawn from the issue's floor definition (RR U(3, 5), ≥ 8 planted reports expected by the
 *   deadline), so the 80 % floor is judged on ~200 plants instead of the ~14 random ones that fall
 *   in it.
 * --calibrate repeats the null runs for a range of alpha (the calibration of the default);
 * --write-calibration stores the null q-values for the recurrence texts
 * (server/services/signals/calibration-table.ts); --write-docs rewrites the figures section of
 * docs/evaluation.md. Exit status 1 when a floor of the issue is missed (the report says which).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DETECTOR_PARAMS, type DetectorParams } from '../server/analysis/earlySignals.ts';
import { REPO_ROOT } from './demo/generate.ts';
import { FLOOR_MIN_EXPECTED, median, runFloorHarness, runHarness, searchingOracle, summarise, summariseFloor, wilson, type Counting, type FloorSummary, type HarnessResult, type PlantOutcome, type Summary } from './evaluate/harness.ts';
import { SWEEP_VARIANTS, type SweepVariant } from './evaluate/simulate.ts';

interface Args {
  seeds: number;
  municipalities: ('GM1700' | 'GM0141')[];
  sudden: number;
  rising: number;
  runs: number;
  alpha: number;
  volume: number;
  repeats: number;
  dispersion: number;
  dispersionWeeks: number;
  localSeason: number;
  sweeps: number;
  sweepVariant: SweepVariant;
  dataWeeks: number | null;
  counting: Counting;
  multiplicity: 'regions' | 'tests';
  windowTest: 'predictive' | 'fisher';
  poisson: boolean;
  calibrate: boolean;
  writeCalibration: boolean;
  writeDocs: boolean;
  json: string | null;
  floorSeeds: number;
  floorOnly: boolean;
  nullOnly: boolean;
  plantsOnly: boolean;
  windows: number[] | null;
  maxZoneSize: number | null;
  baselineWeeks: number | null;
  testWeights: DetectorParams['testWeights'] | null;
  seedBase: number;
}

const USAGE = 'usage: npm run evaluate [-- --seeds N --municipalities GM1700,GM0141 --sudden N --rising N --runs N --alpha A --volume F --repeats R --dispersion F --dispersion-weeks L --local-season A --sweeps S --sweep-variant V --weeks N --count-reports --no-same-day --count-tests --fisher --poisson --calibrate --write-calibration --write-docs --json FILE --floor-seeds N --floor-only --null-only --windows 1,2,4,8,13 --max-zone-size N --baseline-weeks N --test-weights w1=2,…,t26=1 --seed-base N]\n' +
  '  --floor-seeds N   seeds of the floor mode (one extra sudden plant per data set drawn from the floor\'s definition; 0: off)\n' +
  '  --floor-only, --null-only, --plants-only   only the floor mode / the null runs / the random plants (exploration; no docs)\n' +
  '  --windows, --max-zone-size  detector variants (exploration; the defaults are the engine\'s)\n' +
  '  --sweeps S        frequent reporters: S sweeps a year per municipality of 3–6 same-day reports of one category in one buurt (robustness; no docs)\n' +
  '  --sweep-variant V with --sweeps: one-day (default), spread (half the reports in neighbouring buurten), categories (each report its own category), weekly (8 weekly sweeps per episode; S episodes a year), two-day (no docs)\n' +
  '  --no-same-day     count incidents without the same-day rule (the engine before v13; no docs)\n' +
  '  --repeats R       repeat reports: R reports per incident on average (robustness; no docs)\n' +
  '  --dispersion F    negative-binomial background: variance μ + F·μ² per buurt, category and week (robustness; no docs)\n' +
  '  --dispersion-weeks L  with --dispersion: each extra-Poisson effect lasts L weeks (runs of busy weeks; default 1)\n' +
  '  --local-season A  each buurt and category gets a yearly cycle of its own, amplitude U(0, A), peak at a random day (robustness; no docs)\n' +
  '  --weeks N         with --null-only: weeks of data per data set (default 156; at least the runs + 26, the minimum baseline) (robustness; no docs)\n' +
  '  --poisson         the window and trend tests assume Poisson counts (no dispersion estimate: the engine before 2026-12-07; no docs)\n' +
  '  --count-reports   the detector counts reports, not incidents (the engine before the incident rule; no docs)\n' +
  '  --count-tests     plain BH: every significant test is a discovery (the engine before the step-up by region; no docs)\n' +
  '  --fisher          window tests by Fisher\'s exact test (the engine before the predictive test; no docs)';

function parseArgs(argv: string[]): Args {
  const a: Args = { seeds: 20, municipalities: ['GM1700', 'GM0141'], sudden: 12, rising: 6, runs: 52, alpha: DEFAULT_DETECTOR_PARAMS.alpha, volume: 1, repeats: 1, dispersion: 0, dispersionWeeks: 1, localSeason: 0, sweeps: 0, sweepVariant: 'one-day', dataWeeks: null, counting: 'incidents', calibrate: false, writeCalibration: false, writeDocs: false, json: null, floorSeeds: 100, floorOnly: false, nullOnly: false, plantsOnly: false, windows: null, maxZoneSize: null, baselineWeeks: null, testWeights: null, seedBase: 20261200, multiplicity: 'regions', windowTest: 'predictive', poisson: false };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k]!;
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const num = (min: number) => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < min) throw new Error(`${flag} must be a number ≥ ${min}\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--seeds': a.seeds = Math.round(num(1)); break;
      case '--municipalities': {
        const list = value().split(',');
        if (!list.every((m) => m === 'GM1700' || m === 'GM0141')) throw new Error(`--municipalities: GM1700 and/or GM0141\n${USAGE}`);
        a.municipalities = list as Args['municipalities'];
        break;
      }
      case '--sudden': a.sudden = Math.round(num(0)); break;
      case '--rising': a.rising = Math.round(num(0)); break;
      case '--runs': a.runs = Math.round(num(1)); break;
      case '--alpha': a.alpha = num(0.0001); break;
      case '--volume': a.volume = num(0.01); break;
      case '--repeats': a.repeats = num(1); break;
      case '--dispersion': a.dispersion = num(0); break;
      case '--dispersion-weeks': a.dispersionWeeks = Math.round(num(1)); break;
      case '--local-season': a.localSeason = num(0); break;
      case '--sweeps': a.sweeps = num(0); break;
      case '--sweep-variant': {
        const v = value();
        if (!(SWEEP_VARIANTS as readonly string[]).includes(v)) throw new Error(`--sweep-variant: one of ${SWEEP_VARIANTS.join(', ')}\n${USAGE}`);
        a.sweepVariant = v as SweepVariant;
        break;
      }
      case '--no-same-day': a.counting = 'incidents-without-same-day'; break;
      case '--weeks': a.dataWeeks = Math.round(num(78)); break;
      case '--count-reports': a.counting = 'reports'; break;
      case '--count-tests': a.multiplicity = 'tests'; break;
      case '--fisher': a.windowTest = 'fisher'; break;
      case '--poisson': a.poisson = true; break;
      case '--calibrate': a.calibrate = true; break;
      case '--write-calibration': a.writeCalibration = true; break;
      case '--write-docs': a.writeDocs = true; break;
      case '--json': a.json = value(); break;
      case '--floor-seeds': a.floorSeeds = Math.round(num(0)); break;
      case '--floor-only': a.floorOnly = true; break;
      case '--null-only': a.nullOnly = true; break;
      case '--plants-only': a.plantsOnly = true; break;
      case '--windows': {
        const list = value().split(',').map(Number);
        if (!list.every((w) => Number.isInteger(w) && w >= 1 && w <= 26)) throw new Error(`--windows: weeks 1–26, comma-separated\n${USAGE}`);
        a.windows = list;
        break;
      }
      case '--max-zone-size': a.maxZoneSize = Math.round(num(1)); break;
      case '--baseline-weeks': a.baselineWeeks = Math.round(num(26)); break;
      case '--test-weights': {
        // e.g. w1=2,w2=2,w4=2,w8=1,w13=0.5,t26=1,t52=1 (window / trend span in weeks = weight)
        const tw: NonNullable<DetectorParams['testWeights']> = { window: {}, trend: {} };
        for (const part of value().split(',')) {
          const m = /^([wt])(\d+)=([\d.]+)$/.exec(part);
          if (!m || !(Number(m[3]) > 0)) throw new Error(`--test-weights: w<weeks>=<weight> or t<span>=<weight>, comma-separated\n${USAGE}`);
          (m[1] === 'w' ? tw.window! : tw.trend!)[Number(m[2])] = Number(m[3]);
        }
        a.testWeights = tw;
        break;
      }
      case '--seed-base': a.seedBase = Math.round(num(0)); break;
      case '-h': case '--help': console.log(USAGE); process.exit(0);
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (a.localSeason > 1) throw new Error(`--local-season must be at most 1 (a mean of 1 + a · cos(…) stays ≥ 0)\n${USAGE}`);
  if (a.dataWeeks !== null && (!a.nullOnly || a.dataWeeks < a.runs + 26)) throw new Error(`--weeks is for null runs (--null-only) and must leave 26 weeks of baseline before the ${a.runs} runs (≥ ${a.runs + 26})\n${USAGE}`);
  // The documented figures and the recurrence table are for the plain Poisson background.
  if ((a.repeats !== 1 || a.dispersion !== 0 || a.localSeason !== 0 || a.sweeps !== 0 || a.counting !== 'incidents' || a.multiplicity !== 'regions' || a.windowTest !== 'predictive' || a.poisson || a.dataWeeks !== null) && (a.writeDocs || a.writeCalibration)) throw new Error(`--repeats, --dispersion, --local-season, --sweeps, --count-reports, --no-same-day, --count-tests, --fisher, --poisson and --weeks are comparisons: not with --write-docs or --write-calibration\n${USAGE}`);
  return a;
}

const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(0)} %`);
const ci = (c: [number, number]) => `${(100 * c[0]).toFixed(0)}–${(100 * c[1]).toFixed(0)} %`;
const frac = (x: { n: number; found: number; ci: [number, number] }) => `${x.found} / ${x.n} = ${pct(x.n ? x.found / x.n : null)} (95 % CI ${ci(x.ci)})`;

export const FLOORS = { suddenFloor: 0.8, medianDelay: 2, rising: 0.7, precision: 0.7, falseAlarmsPerWeek: 0.25 };

function floorsMissed(s: Summary, floor: FloorSummary | null): string[] {
  const missed: string[] = [];
  const rate = (x: { n: number; found: number }) => (x.n ? x.found / x.n : 0);
  if (floor && floor.all.n > 0) {
    if (floor.all.found / floor.all.n < FLOORS.suddenFloor) missed.push(`sudden floor mode recall ${pct(floor.all.found / floor.all.n)} < 80 %`);
    if (floor.all.medianDelay === null || floor.all.medianDelay > FLOORS.medianDelay) missed.push(`floor mode median delay ${floor.all.medianDelay ?? '–'} > 2 weeks`);
  }
  if (rate(s.suddenFloor) < FLOORS.suddenFloor) missed.push(`sudden (RR ≥ 3, ≥ 8 reports) recall ${pct(rate(s.suddenFloor))} < 80 %`);
  if (s.suddenFloor.medianDelay === null || s.suddenFloor.medianDelay > FLOORS.medianDelay) missed.push(`median delay ${s.suddenFloor.medianDelay ?? '–'} > 2 weeks`);
  if (rate(s.rising) < FLOORS.rising) missed.push(`rising recall ${pct(rate(s.rising))} < 70 %`);
  if ((s.precision.value ?? 0) < FLOORS.precision) missed.push(`precision of the top 10 ${pct(s.precision.value)} < 70 %`);
  for (const [m, f] of Object.entries(s.falseAlarms.perMunicipality)) if (f.perWeek > FLOORS.falseAlarmsPerWeek) missed.push(`${m}: ${f.perWeek.toFixed(3)} false lead signals a week > 0.25`);
  return missed;
}

export function report(args: Pick<Args, 'seeds' | 'municipalities' | 'sudden' | 'rising' | 'runs' | 'alpha' | 'volume' | 'floorSeeds'>, r: HarnessResult, s: Summary, calibration: { alpha: number; perWeek: Record<string, number> }[], floorPlants: PlantOutcome[] = []): string {
  const lines: string[] = [];
  const byKind = (kind: string, key: (p: HarnessResult['plants'][number]) => string) => {
    const groups = new Map<string, { n: number; found: number }>();
    for (const p of r.plants.filter((x) => x.kind === kind)) {
      const g = groups.get(key(p)) ?? { n: 0, found: 0 };
      g.n++;
      if (p.found) g.found++;
      groups.set(key(p), g);
    }
    return [...groups].sort().map(([k, g]) => `| ${k} | ${g.found} / ${g.n} | ${pct(g.n ? g.found / g.n : null)} | ${ci(wilson(g.found, g.n))} |`);
  };
  lines.push(`Settings: ${args.seeds} seeds × ${args.municipalities.join(' + ')}, ${args.sudden} sudden + ${args.rising} rising plants per data set, weekly runs over the last ${args.runs} weeks, alpha = ${args.alpha}, background volume × ${args.volume}; median run time ${s.medianRunMs.toFixed(0)} ms (pure detector, one municipality).`, '');
  const so = s.searching;
  const searching = (v: number | undefined) => (so && v !== undefined ? pct(v) : '–');
  lines.push('| Figure | Result | Floor | Oracle bound | Searching oracle |', '|---|---|---|---|---|');
  lines.push(`| Sudden, RR ≥ 3 and ≥ 8 planted reports by the deadline, found within 4 weeks | ${frac(s.suddenFloor)} | ≥ 80 % | ${pct(s.oracle.suddenFloor)} | ${searching(so?.suddenFloor)} |`);
  lines.push(`| … median delay (weeks of plant data at the first matching run) | ${s.suddenFloor.medianDelay ?? '–'} | ≤ 2 | – | ${so?.suddenFloorDelay ?? '–'} |`);
  if (floorPlants.length > 0) {
    const f = summariseFloor(floorPlants, r.nulls.length > 0 ? searchingOracle(r.nulls) : null);
    lines.push(`| Sudden, **floor mode**: one extra plant per data set drawn from the floor's definition (RR ~ U(3, 5), ≥ ${FLOOR_MIN_EXPECTED} planted reports expected by the deadline; ${args.floorSeeds} seeds × ${args.municipalities.length}), found within 4 weeks | ${frac(f.all)} | ≥ 80 % | ${pct(f.all.oracle)} | ${searching(f.all.searching?.share)} |`);
    lines.push(`| … of them with ≥ 8 planted reports realised by the deadline (the definition above) | ${frac(f.realised)} | ≥ 80 % | ${pct(f.realised.oracle)} | ${searching(f.realised.searching?.share)} |`);
    lines.push(`| … median delay, floor mode | ${f.all.medianDelay ?? '–'} | ≤ 2 | – | ${f.all.searching?.medianDelay ?? '–'} |`);
  }
  lines.push(`| Sudden, all plants | ${frac(s.sudden)} | – | ${pct(s.oracle.sudden)} | ${searching(so?.sudden)} |`);
  lines.push(`| Rising, found within 26 weeks | ${frac(s.rising)} | ≥ 70 % | ${pct(s.oracle.rising)} | ${searching(so?.rising)} |`);
  lines.push(`| Rising with ≥ 8 planted reports by the deadline | ${frac(s.risingSized)} | – | ${pct(s.oracle.risingSized)} | ${searching(so?.risingSized)} |`);
  lines.push(`| Precision of the top 10 (last run of each data set with plants) | ${s.precision.matched} / ${s.precision.listed} = ${pct(s.precision.value)} (95 % CI ${ci(s.precision.ci)}) | ≥ 70 % | – | – |`);
  for (const [m, f] of Object.entries(s.falseAlarms.perMunicipality)) {
    lines.push(`| False lead signals per week on null data, ${m} (${f.runs} weekly runs) | ${f.perWeek.toFixed(3)} (95 % CI ${f.ci[0].toFixed(3)}–${f.ci[1].toFixed(3)}); new episodes ${f.episodesPerWeek.toFixed(3)}; ≈ ${(f.perWeek * 52).toFixed(1)} a year | ≤ 0.25 | – | – |`);
  }
  const fp = s.falseInPlantRuns;
  if (fp.runs > 0) lines.push(`| Lead signals matching no plant per week, in the data sets with plants (both municipalities, ${fp.runs} weekly runs) | ${fp.perWeek.toFixed(3)} (95 % CI ${fp.ci[0].toFixed(3)}–${fp.ci[1].toFixed(3)}) | – | – | – |`);
  lines.push('', 'Oracle bound: the share of plants that ONE exact Poisson test would flag at α = 0.05 if it knew the plant\'s buurten, category and onset and the true background mean (the simulation\'s, not an estimate). A detector that searches every place, category and window each week, at a false-alarm rate of a few a year, cannot reach it; where the bound is under a floor, the floor cannot be met on these data.');
  if (so) {
    const thr = Object.entries(so.thresholds).map(([m, t]) => `${m} ${t.toExponential(1)}`).join(', ');
    lines.push('', `Searching oracle: the same one test, held to the per-test threshold a search can afford at the false-alarm floor (0.25 false lead signals a week). On the null runs above, the smallest p-value of any test that could lead was at most t* in 25 % of the weekly runs (t*: ${thr}); judging every test against a threshold above t* would list a false signal in more than a quarter of the weeks. A plant counts as found in the first week of data its oracle p is ≤ t* (the delay column). It knows the footprint, category, onset and true background mean, so no detector that searches this engine's family of tests (its zones, windows, spans and categories) with one threshold at that false-alarm rate finds more; a smaller family could afford a larger t*. Tests outside Tarone's screen count as p = 1 in the null runs, which can only raise t*: the bound is generous. Where it stays under a floor, that floor and the false-alarm floor cannot both be met by such a search on these data. The engine weighs its tests (windows of ≤ 4 weeks count 5 times, methods.md §9.1), so it is not such a search: this column is a reference for it, not its bound.`);
  }
  if (so) {
    const short = searchingOracle(r.nulls, 0.25, (n) => n.smallestShortP);
    const thr = Object.entries(short.thresholds).map(([m, t]) => `${m} ${t.toExponential(1)}`).join(', ');
    const shareOf = (xs: PlantOutcome[]) => `${xs.filter((p) => short.found(p).found).length} / ${xs.length}`;
    const fs = floorPlants.length > 0 ? summariseFloor(floorPlants, short) : null;
    const floorPart = fs ? `, the floor mode's plants ${pct(fs.all.searching!.share)} (with ≥ 8 planted reports realised ${pct(fs.realised.searching!.share)})` : '';
    lines.push('', `Searching oracle for the short windows alone: the same, with t* from the smallest p of the windows of ≤ 4 weeks only in each null run (t*: ${thr}) — what a search that spends the whole false-alarm budget on those windows, and lists nothing else, can afford. It finds ${shareOf(r.plants.filter((p) => p.kind === 'sudden' && p.inFloorSubset))} of the sudden floor subset${floorPart}. Where this is above a floor, the floor is within reach of a search that knew where and when to look and spent everything on the short windows: what the engine lacks there is the footprint (its zones and its estimated baseline, scripts/evaluate/diagnose-floor.ts) and the part of the budget it keeps for the trends and the long windows, not the false-alarm floor as such.`);
  }
  const confusion = new Map<string, number>();
  for (const p of r.plants.filter((x) => x.found)) confusion.set(`${p.kind} → ${p.classAtDetection}`, (confusion.get(`${p.kind} → ${p.classAtDetection}`) ?? 0) + 1);
  lines.push('', 'Class of the first matching signal of the found plants (planted kind → class shown): ' + ([...confusion].sort().map(([k, n]) => `${k}: ${n}`).join(', ') || '–') + '.');
  const notFirstRising = r.plants.filter((p) => p.kind === 'rising' && p.found && p.classAtDetection !== 'rising');
  if (notFirstRising.length > 0) {
    const later = notFirstRising.filter((p) => p.risingShownAt !== null);
    const within = later.filter((p) => p.risingShownAt! <= 26);
    lines.push('', `Found rising plants first shown as another class, shown as "rising" by a later weekly run: ${within.length} of ${notFirstRising.length} within 26 weeks of the onset, ${later.length} by the last run (median ${median(later.map((p) => p.risingShownAt!)) ?? '–'} weeks of plant data at the first "rising").`);
  }
  lines.push('', 'Detection delay of the found floor-subset sudden plants (weeks of plant data): ' + (Object.entries(s.delays).map(([d, n]) => `${d} wk: ${n}`).join(', ') || '–'), '');
  lines.push('Sudden plants by relative risk and size (planted reports by the deadline):', '', '| Stratum | Found | Recall | 95 % CI |', '|---|---|---|---|');
  lines.push(...byKind('sudden', (p) => `RR ${p.rr >= 3 ? '≥ 3' : '< 3'}, ${p.plantedByDeadline >= 8 ? '≥ 8' : p.plantedByDeadline >= 4 ? '4–7' : '0–3'} reports`));
  if (floorPlants.length > 0) {
    const table = (key: (p: PlantOutcome) => string) => {
      const groups = new Map<string, { n: number; found: number }>();
      for (const p of floorPlants) {
        const g = groups.get(key(p)) ?? { n: 0, found: 0 };
        g.n++;
        if (p.found) g.found++;
        groups.set(key(p), g);
      }
      return [...groups].sort().map(([k, g]) => `| ${k} | ${g.found} / ${g.n} | ${pct(g.n ? g.found / g.n : null)} | ${ci(wilson(g.found, g.n))} |`);
    };
    lines.push('', 'Floor mode by municipality, shape, weeks of data to the deadline and category (sensitive ones marked *), and the deciding test of the found plants:', '', '| Stratum | Found | Recall | 95 % CI |', '|---|---|---|---|');
    lines.push(...table((p) => p.municipality), ...table((p) => p.shape), ...table((p) => `${Math.min(4, p.onsetWeeksBeforeEnd)} weeks of data`), ...table((p) => `${p.category}${p.sensitive ? ' *' : ''}`));
    const tests = new Map<string, number>();
    for (const p of floorPlants) if (p.decidingTest) tests.set(p.decidingTest, (tests.get(p.decidingTest) ?? 0) + 1);
    lines.push('', 'Deciding test of the first matching signal (floor mode): ' + ([...tests].sort().map(([k, n]) => `${k} wk: ${n}`).join(', ') || '–') + '.');
  }
  lines.push('', 'By shape and kind:', '', '| Stratum | Found | Recall | 95 % CI |', '|---|---|---|---|');
  lines.push(...byKind('sudden', (p) => `sudden, ${p.shape}`), ...byKind('rising', (p) => `rising, ${p.shape}`));
  lines.push('', 'Rising plants by size:', '', '| Stratum | Found | Recall | 95 % CI |', '|---|---|---|---|');
  lines.push(...byKind('rising', (p) => `${p.plantedByDeadline >= 20 ? '≥ 20' : p.plantedByDeadline >= 8 ? '8–19' : '0–7'} planted reports by week 26`));
  lines.push('', 'By category (sensitive ones marked *):', '', '| Stratum | Found | Recall | 95 % CI |', '|---|---|---|---|');
  lines.push(...byKind('sudden', (p) => `sudden, ${p.category}${p.sensitive ? ' *' : ''}`));
  if (calibration.length > 0) {
    lines.push('', 'Calibration on null data (false lead signals per municipality per week):', '', `| alpha | ${Object.keys(calibration[0]!.perWeek).join(' | ')} |`, `|---|${Object.keys(calibration[0]!.perWeek).map(() => '---|').join('')}`);
    for (const c of calibration) lines.push(`| ${c.alpha} | ${Object.values(c.perWeek).map((v) => v.toFixed(3)).join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const seeds = Array.from({ length: args.seeds }, (_, k) => args.seedBase + k);
  const params = { ...DEFAULT_DETECTOR_PARAMS, alpha: args.alpha, ...(args.windows ? { windows: args.windows } : {}), ...(args.maxZoneSize ? { maxZoneSize: args.maxZoneSize } : {}), ...(args.baselineWeeks ? { baselineWeeks: args.baselineWeeks } : {}), ...(args.testWeights ? { testWeights: args.testWeights } : {}), multiplicity: args.multiplicity, windowTest: args.windowTest, ...(args.poisson ? { dispersion: 'poisson' as const } : {}) };
  // How the backgrounds are drawn besides their means (the figures: the defaults).
  const background = { volume: args.volume, repeats: args.repeats, dispersion: args.dispersion, dispersionWeeks: args.dispersionWeeks, localSeason: args.localSeason, sweeps: args.sweeps, sweepVariant: args.sweepVariant, ...(args.dataWeeks !== null ? { dataWeeks: args.dataWeeks } : {}) };
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const t = performance.now();
  const floorSeeds = Array.from({ length: args.floorSeeds }, (_, k) => args.seedBase + k);
  const runFloor = () => runFloorHarness({ seeds: floorSeeds, municipalities: args.municipalities, plants: { sudden: args.sudden, rising: args.rising }, params, ...background, counting: args.counting, onProgress: progress });
  if (args.plantsOnly) {
    // Exploration: the random plants only (recall, precision), no null runs, no docs.
    const r = runHarness({ seeds, municipalities: args.municipalities, plants: { sudden: args.sudden, rising: args.rising }, runWeeks: args.runs, params, skipNull: true, ...background, counting: args.counting, onProgress: progress });
    const s = summarise(r);
    console.log(JSON.stringify({ params, suddenFloor: s.suddenFloor, sudden: s.sudden, rising: s.rising, risingSized: s.risingSized, precision: s.precision, falseInPlantRuns: s.falseInPlantRuns, oracle: s.oracle }, null, 1));
    if (args.json) writeFileSync(args.json, JSON.stringify({ params, summary: s, plants: r.plants }, null, 1));
    return 0;
  }
  if (args.floorOnly || args.nullOnly) {
    // Exploration: one part of the evaluation, printed and stored (--json), never written to the docs.
    const floor = args.floorOnly ? runFloor() : [];
    const nullRun = args.nullOnly ? runHarness({ seeds, municipalities: args.municipalities, plants: { sudden: 0, rising: 0 }, runWeeks: args.runs, params, skipPlants: true, ...background, counting: args.counting, onProgress: progress }) : null;
    const so = nullRun ? searchingOracle(nullRun.nulls) : null;
    const out = { params, floor: args.floorOnly ? summariseFloor(floor, so) : null, nulls: nullRun ? summarise(nullRun).falseAlarms : null, searchThresholds: so?.thresholds ?? null };
    console.log(JSON.stringify(out, null, 1));
    console.log(`(${((performance.now() - t) / 1000).toFixed(0)} s)`);
    if (args.json) writeFileSync(args.json, JSON.stringify({ ...out, floorPlants: floor }, null, 1));
    return 0;
  }
  const floorPlants = args.floorSeeds > 0 ? runFloor() : [];
  const result = runHarness({ seeds, municipalities: args.municipalities, plants: { sudden: args.sudden, rising: args.rising }, runWeeks: args.runs, params, ...background, counting: args.counting, onProgress: progress });
  const summary = summarise(result);
  const calibration: { alpha: number; perWeek: Record<string, number> }[] = [];
  if (args.calibrate) {
    for (const alpha of [0.1, 0.2, 0.3, 0.4, 0.5, 0.7]) {
      // Fewer seeds per alpha than the main run: a sweep of six values would take six times as long.
      const nullOnly = runHarness({ seeds: seeds.slice(0, 6), municipalities: args.municipalities, plants: { sudden: 0, rising: 0 }, runWeeks: args.runs, params: { ...params, alpha }, skipPlants: true, ...background });
      const s = summarise(nullOnly);
      calibration.push({ alpha, perWeek: Object.fromEntries(Object.entries(s.falseAlarms.perMunicipality).map(([m, f]) => [m, f.perWeek])) });
      progress(`calibration alpha ${alpha}: ${JSON.stringify(calibration.at(-1)!.perWeek)}`);
    }
  }
  const text = report(args, result, summary, calibration, floorPlants);
  console.log(text);
  console.log(`\n(${((performance.now() - t) / 1000).toFixed(0)} s)`);
  const missed = floorsMissed(summary, floorPlants.length > 0 ? summariseFloor(floorPlants) : null);
  if (missed.length > 0) console.log(`\nFloors missed: ${missed.join('; ')}`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ args, summary, plants: result.plants, floorPlants, nulls: result.nulls.map((n) => ({ ...n, qs: n.qs.length })), calibration }, null, 1));
  if (args.writeCalibration) {
    const qs = result.nulls.flatMap((n) => n.qs).sort((a, b) => a - b);
    const weeks = result.nulls.reduce((a, n) => a + n.runs, 0);
    writeFileSync(path.join(REPO_ROOT, 'server/services/signals/calibration-table.ts'), `// Written by \`npm run evaluate -- --write-calibration\` (scripts/evaluate.ts). Do not edit by hand.
export const NULL_CALIBRATION = {
  generated: ${JSON.stringify(`${args.seeds} seeds × ${args.municipalities.join('+')}, ${args.runs} weekly runs each, alpha ${args.alpha}, volume × ${args.volume}`)},
  alpha: ${args.alpha},
  /** Municipality-weeks of null runs. */
  municipalityWeeks: ${weeks},
  /** q-values of every false lead signal in the null runs, ascending. */
  falseSignalQs: ${JSON.stringify(qs.map((q) => Number(q.toPrecision(3))))} as number[],
};
`);
  }
  if (args.writeDocs) {
    const file = path.join(REPO_ROOT, 'docs/evaluation.md');
    const doc = readFileSync(file, 'utf8');
    const start = doc.indexOf('<!-- figures:start -->');
    const end = doc.indexOf('<!-- figures:end -->');
    if (start < 0 || end < 0) throw new Error('docs/evaluation.md has no <!-- figures:start --> … <!-- figures:end --> markers');
    writeFileSync(file, `${doc.slice(0, start)}<!-- figures:start -->\n${text}\n\nFloors missed: ${missed.length ? missed.join('; ') : 'none'}.\n${doc.slice(end)}`);
  }
  return missed.length > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code), (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
}
