/**
 * Seeded demo data generator: background reports + planted signals + inspections, written in the
 * project's CSV import format, plus manifest.json describing the planted signals.
 *
 *   generateDemo({ end: '2026-11-22' })                       → data/demo/{reports,inspections}.csv, manifest.json
 *   generateDemo({ end: '2026-11-22', reports: 1_000_000 })   → scale mode: var/demo-scale/reports.csv (+ manifest)
 *
 * The output depends only on the options (seed, end, areas, null, reports): same options →
 * byte-identical files. See docs/demo-data.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomLcg } from 'd3';
import { DEFAULT_POPULATION_FILE, loadBuurten, loadPopulation } from './areas.ts';
import type { BackgroundModel, BackgroundSample } from './background.ts';
import { buildBackground, pickCumulative, sampleBackground, splitOverWeeks } from './background.ts';
import { BufferedWriter } from './csv-writer.ts';
import { formatDay, isoWeekday, parseIsoDate, weekdayName } from './dates.ts';
import { DemoError } from './errors.ts';
import {
  BACKGROUND_OUTCOMES,
  CATEGORIES,
  DEFAULT_BACKGROUND_INSPECTIONS,
  DEFAULT_BACKGROUND_REPORTS,
  INSPECTION_KIND_FOR,
  INSPECTION_OUTCOMES,
  PLANT_OUTCOMES,
  SOURCES,
  WEEKS,
} from './model.ts';
import type { ResolvedPlant } from './plants.ts';
import { PLANT_INSPECTIONS, drawDemoPlants, manifestEntry, samplePlantPoint } from './plants.ts';
import { REPORTS_PER_INHABITANT_WEEK, poisson, repeatLag } from '../evaluate/simulate.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_SEED = 20261128;
/** Mean reports per incident by default: tip lines get several reports about one address, and the
 *  disclosure figures depend on it (docs/disclosure.md, "Repeat reports"; docs/demo-data.md). */
export const DEFAULT_REPEATS = 1.3;
export const DEFAULT_AREAS = [path.join(REPO_ROOT, 'data', 'boundaries', 'twenterand-buurten-2022.geojson')];
export const DEFAULT_OUT = path.join(REPO_ROOT, 'data', 'demo');
export const DEFAULT_SCALE_OUT = path.join(REPO_ROOT, 'var', 'demo-scale');

export const REPORTS_HEADER = 'external_id,received_on,category,source,lon,lat';
export const INSPECTIONS_HEADER = 'external_id,inspected_on,kind,outcome,lon,lat';

export interface DemoOptions {
  /** Last day of the data: a Sunday, `YYYY-MM-DD`. */
  end: string;
  /** Seed (integer 0 … 4294967295). Default 20261128. */
  seed?: number;
  /** Output directory. Default data/demo, or var/demo-scale in scale mode. */
  outDir?: string;
  /** Background only, nothing planted. */
  nullMode?: boolean;
  /** Buurt GeoJSON files. Default: the Twenterand buurten. */
  areas?: string[];
  /** Inhabitant estimates per buurt (CSV code,inhabitants). Default: data/population/twenterand-buurten-2024-estimates.csv when present. */
  population?: string;
  /** Scale mode: write exactly this many report rows (and no inspections). */
  reports?: number;
  /** Scale mode only: also write manifest.json (default true). */
  manifest?: boolean;
  /**
   * Mean reports per incident (default DEFAULT_REPEATS, 1.3; 1: every incident reported once; not
   * in scale mode, which writes exactly N rows). An incident is reported 1 + Poisson(repeats − 1) times, every further
   * report 0, 1, 2, … weeks later with probability 1/2, 1/4, 1/8, … (the evaluation harness's
   * --repeats model), on a later day, at the same point, through a source drawn again (another
   * reporter, another channel). Repeats after the last day are not written.
   */
  repeats?: number;
}

export interface DemoResult {
  mode: 'default' | 'scale';
  outDir: string;
  files: string[];
  reports: number;
  backgroundReports: number;
  plantedReports: number;
  inspections: number;
  seconds: number;
  manifest: Manifest;
}

/** `reports`: the plant's incidents (its first reports); `repeatReports`: their repeat reports in the data. */
export type PlantManifestEntry = ReturnType<typeof manifestEntry> & { repeatReports: number; inspections: number };

export interface Manifest {
  generator: string;
  command: string;
  mode: 'default' | 'scale';
  seed: number;
  end: string;
  start: string;
  weeks: number;
  null: boolean;
  areas: string[];
  population: string | null;
  buurten: number;
  files: { reports: string; inspections: string | null };
  counts: {
    /** Every row of reports.csv. */
    reports: number;
    /** Background incidents (their first reports). */
    backgroundReports: number;
    /** Planted incidents (their first reports). */
    plantedReports: number;
    /** Further reports of those incidents (`repeats`; 0 by default). */
    repeatReports: number;
    inspections: number;
    plantedInspections: number;
  };
  plantScale: number;
  /** Mean reports per incident (1: none repeated). */
  repeatsPerIncident: number;
  categories: readonly string[];
  sources: readonly string[];
  plants: PlantManifestEntry[];
}

/** Independent random streams, all derived from the seed in a fixed order. */
interface Streams {
  bgCounts: () => number;
  bgRows: () => number;
  plantCounts: () => number;
  plantRows: () => number;
  order: () => number;
  inspBg: () => number;
  inspPlant: () => number;
  inspOrder: () => number;
  /** Repeat reports of background and of planted incidents: their own streams, so that --null
   *  keeps exactly the same background rows and repeats, and nothing else moves. */
  bgRepeats: () => number;
  plantRepeats: () => number;
}

function makeStreams(seed: number): Streams {
  const master = randomLcg(seed);
  const next = () => randomLcg(master());
  return {
    bgCounts: next(),
    bgRows: next(),
    plantCounts: next(),
    plantRows: next(),
    order: next(),
    inspBg: next(),
    inspPlant: next(),
    inspOrder: next(),
    bgRepeats: next(),
    plantRepeats: next(),
  };
}

function validate(opts: DemoOptions): { seed: number; endDay: number } {
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new DemoError(`--seed must be an integer from 0 to 4294967295, got ${seed}`);
  }
  const endDay = parseIsoDate(opts.end, '--end');
  if (isoWeekday(endDay) !== 7) {
    throw new DemoError(`--end must be a Sunday (the last day of an ISO week); ${opts.end} is a ${weekdayName(endDay)}`);
  }
  if (opts.reports !== undefined && (!Number.isInteger(opts.reports) || opts.reports < 1)) {
    throw new DemoError(`--reports must be a positive integer, got ${opts.reports}`);
  }
  if (opts.repeats !== undefined && !(opts.repeats >= 1 && opts.repeats <= 5)) {
    throw new DemoError(`--repeats must be a number from 1 to 5 (mean reports per incident), got ${opts.repeats}`);
  }
  if (opts.repeats !== undefined && opts.repeats !== 1 && opts.reports !== undefined) {
    throw new DemoError('--repeats does not apply to scale mode (--reports N writes exactly N rows)');
  }
  return { seed, endDay };
}

function displayPath(p: string): string {
  const rel = path.relative(REPO_ROOT, path.resolve(p));
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(p) : rel.split(path.sep).join('/');
}

/** Same digits as v.toFixed(6) for a value already rounded to 6 decimals, but faster. */
export function fixed6(v: number): string {
  const micro = Math.round(v * 1e6);
  const sign = micro < 0 ? '-' : '';
  const digits = String(Math.abs(micro)).padStart(7, '0');
  return `${sign}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

/** Compact JSON: objects indented, arrays of numbers/short strings on one line. */
function stringifyManifest(m: Manifest): string {
  return (
    JSON.stringify(m, null, 2).replace(/\[\s*((?:-?[\d.]+|"[^"\n]*")(?:,\s*(?:-?[\d.]+|"[^"\n]*"))*)\s*\]/g, (_, body: string) =>
      `[${body.split(/,\s*/).join(', ')}]`,
    ) + '\n'
  );
}

function idFormatter(prefix: string, total: number): (n: number) => string {
  const width = Math.max(6, String(total).length);
  return (n) => `${prefix}${String(n).padStart(width, '0')}`;
}

/** A report row: day (absolute day number), category, source, point. */
interface Row { day: number; cat: number; src: number; lon: number; lat: number }

/** What writeReports wrote: all rows, and the repeat reports among them (background; per plant). */
interface Written { rows: number; backgroundRepeats: number; plantRepeats: number[] }

async function writeReports(
  file: string,
  model: BackgroundModel,
  bgCounts: number[],
  plants: ResolvedPlant[],
  streams: Streams,
  startDay: number,
  repeats: number,
): Promise<Written> {
  const total = bgCounts.reduce((a, v) => a + v, 0) + plants.reduce((a, p) => a + p.counts.reduce((s, v) => s + v, 0), 0);
  // With repeats the total is not known in advance; ten times the first reports bounds it.
  const id = idFormatter('DEMO-R-', repeats > 1 ? 10 * total : total);
  const dates = Array.from({ length: 7 * WEEKS }, (_, i) => formatDay(startDay + i));
  const lastDay = startDay + 7 * WEEKS - 1;
  const plantCats = plants.map((p) => p.plant.category);
  const { bgRows, plantRows, order } = streams;
  const sample: BackgroundSample = { day: 0, cat: 0, src: 0, lon: 0, lat: 0 };
  const writer = new BufferedWriter(file);
  writer.write(REPORTS_HEADER + '\n');
  const written: Written = { rows: 0, backgroundRepeats: 0, plantRepeats: plants.map(() => 0) };
  /** Repeat reports waiting for their week. */
  const later: Row[][] = Array.from({ length: WEEKS }, () => []);
  /** Draws the repeat reports of an incident first reported as `row` in week k (`repeats`). */
  const repeat = (row: Row, k: number, rng: () => number, rows: Row[]): number => {
    const n = repeats > 1 ? poisson(repeats - 1, rng) : 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const lag = repeatLag(rng);
      const from = lag === 0 ? row.day - model.weekStarts[k] : 0;
      const day = model.weekStarts[k] + 7 * lag + from + Math.floor(rng() * (7 - from));
      const src = pickCumulative(model.sourceTables[row.cat], rng());
      if (day > lastDay) continue;
      (lag === 0 ? rows : later[k + lag]).push({ ...row, day, src });
      kept++;
    }
    return kept;
  };
  // One week at a time: generate, group by day, shuffle within each day, write.
  for (let k = 0; k < WEEKS; k++) {
    const monday = model.weekStarts[k];
    const rows: Row[] = later[k];
    const sameWeek: Row[] = [];
    for (let i = 0; i < bgCounts[k]; i++) {
      sampleBackground(model, k, bgRows, sample);
      const row = { day: sample.day, cat: sample.cat, src: sample.src, lon: sample.lon, lat: sample.lat };
      rows.push(row);
      written.backgroundRepeats += repeat(row, k, streams.bgRepeats, sameWeek);
    }
    plants.forEach((p, pi) => {
      const c = plantCats[pi];
      for (let i = 0; i < p.counts[k]; i++) {
        const day = monday + Math.floor(plantRows() * 7);
        const src = pickCumulative(model.sourceTables[c], plantRows());
        const pt = samplePlantPoint(p, plantRows);
        p.buurtCodes.add(pt.buurt.code);
        const row = { day, cat: c, src, lon: pt.lon, lat: pt.lat };
        rows.push(row);
        written.plantRepeats[pi] += repeat(row, k, streams.plantRepeats, sameWeek);
      }
    });
    rows.push(...sameWeek);
    const n = rows.length;
    // Counting sort by day, then a Fisher–Yates shuffle within each day (so planted rows mix in).
    const starts = new Int32Array(8);
    for (let i = 0; i < n; i++) starts[rows[i].day - monday + 1]++;
    for (let d = 1; d < 8; d++) starts[d] += starts[d - 1];
    const fill = starts.slice(0, 7);
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[fill[rows[i].day - monday]++] = i;
    for (let d = 0; d < 7; d++) {
      for (let i = starts[d + 1] - 1; i > starts[d]; i--) {
        const j = starts[d] + Math.floor(order() * (i - starts[d] + 1));
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
    }
    for (let x = 0; x < n; x++) {
      const r = rows[idx[x]];
      written.rows++;
      writer.write(
        id(written.rows) + ',' + dates[r.day - startDay] + ',' + CATEGORIES[r.cat] + ',' + SOURCES[r.src] + ',' + fixed6(r.lon) + ',' + fixed6(r.lat) + '\n',
      );
    }
    await writer.flushIfFull();
  }
  await writer.close();
  return written;
}

interface InspectionRow {
  day: number;
  kind: string;
  outcome: number;
  lon: number;
  lat: number;
  key: number;
}

/** Background inspections (follow the background report pattern) + inspections at plants. */
function makeInspections(
  model: BackgroundModel,
  plants: ResolvedPlant[],
  streams: Streams,
): { rows: InspectionRow[]; perPlant: number[] } {
  const rows: InspectionRow[] = [];
  const { inspBg, inspPlant, inspOrder } = streams;
  const bgOutcomes = Float64Array.from(BACKGROUND_OUTCOMES.map((_, i, a) => a.slice(0, i + 1).reduce((s, v) => s + v, 0)));
  const plOutcomes = Float64Array.from(PLANT_OUTCOMES.map((_, i, a) => a.slice(0, i + 1).reduce((s, v) => s + v, 0)));
  const weekCounts = splitOverWeeks(DEFAULT_BACKGROUND_INSPECTIONS, model.weekWeights, inspBg);
  weekCounts.forEach((count, k) => {
    for (let i = 0; i < count; i++) {
      const { day, cat, lon, lat } = sampleBackground(model, k, inspBg);
      const kind = inspBg() < 0.8 ? INSPECTION_KIND_FOR[CATEGORIES[cat]] : 'integrale_controle';
      const outcome = pickCumulative(bgOutcomes, inspBg());
      rows.push({ day, kind, outcome, lon, lat, key: inspOrder() });
    }
  });
  const perPlant = plants.map((p) => {
    const n = PLANT_INSPECTIONS[p.plant.kind];
    // Inspections follow the planted reports with a lag of 0–2 weeks (never after the final week).
    const weights = p.counts.map((_, k) => p.counts.slice(Math.max(0, k - 2), k + 1).reduce((s, v) => s + v, 0));
    if (weights.every((w) => w === 0)) return 0;
    const cum = Float64Array.from(weights.map((_, i) => weights.slice(0, i + 1).reduce((s, v) => s + v, 0)));
    for (let i = 0; i < n; i++) {
      const k = pickCumulative(cum, inspPlant());
      const day = model.weekStarts[k] + Math.floor(inspPlant() * 7);
      const kind = inspPlant() < 0.85 ? INSPECTION_KIND_FOR[p.plant.categoryCode as keyof typeof INSPECTION_KIND_FOR] : 'integrale_controle';
      const outcome = pickCumulative(plOutcomes, inspPlant());
      const pt = samplePlantPoint(p, inspPlant);
      rows.push({ day, kind, outcome, lon: pt.lon, lat: pt.lat, key: inspOrder() });
    }
    return n;
  });
  rows.sort((a, b) => a.day - b.day || a.key - b.key);
  return { rows, perPlant };
}

async function writeInspections(file: string, rows: InspectionRow[]): Promise<void> {
  const id = idFormatter('DEMO-I-', rows.length);
  const writer = new BufferedWriter(file);
  writer.write(INSPECTIONS_HEADER + '\n');
  rows.forEach((r, i) => {
    writer.write(`${id(i + 1)},${formatDay(r.day)},${r.kind},${INSPECTION_OUTCOMES[r.outcome]},${fixed6(r.lon)},${fixed6(r.lat)}\n`);
  });
  await writer.close();
}

/** Scale mode writes exactly N rows, so no repeats there. */
const repeatsOf = (opts: DemoOptions): number => opts.repeats ?? (opts.reports !== undefined ? 1 : DEFAULT_REPEATS);

function commandLine(opts: DemoOptions, seed: number, areas: string[]): string {
  // The command that reproduces the files (output directory left out).
  const parts = ['npx tsx scripts/generate-demo.ts', `--seed ${seed}`, `--end ${opts.end}`];
  if (opts.nullMode) parts.push('--null');
  if (opts.reports !== undefined) parts.push(`--reports ${opts.reports}`);
  if (opts.reports === undefined) parts.push(`--repeats ${repeatsOf(opts)}`);
  const defaults = DEFAULT_AREAS.map(displayPath);
  if (areas.join() !== defaults.join()) parts.push(`--areas ${areas.join(' ')}`);
  if (opts.population !== undefined) parts.push(`--population ${displayPath(opts.population)}`);
  return parts.join(' ');
}

/** Generates the demo data set (default mode) or a large reports file (scale mode, `reports` set). */
export async function generateDemo(opts: DemoOptions): Promise<DemoResult> {
  const t0 = performance.now();
  const { seed, endDay } = validate(opts);
  const scaleMode = opts.reports !== undefined;
  const nullMode = opts.nullMode ?? false;
  const areaFiles = opts.areas && opts.areas.length > 0 ? opts.areas : DEFAULT_AREAS;
  const outDir = path.resolve(opts.outDir ?? (scaleMode ? DEFAULT_SCALE_OUT : DEFAULT_OUT));
  const startDay = endDay - 7 * WEEKS + 1;

  const populationFile = opts.population ?? (existsSync(DEFAULT_POPULATION_FILE) ? DEFAULT_POPULATION_FILE : undefined);
  const buurten = loadBuurten(areaFiles, populationFile ? loadPopulation(populationFile) : new Map());
  const streams = makeStreams(seed);
  // The plants' relative risk is relative to the background actually generated: the background
  // volume per inhabitant of the loaded buurten, as the harness's (1 for the default demo).
  const inhabitants = buurten.reduce((a, b) => a + b.inhabitants, 0);
  const plantScale = (scaleMode ? opts.reports! : DEFAULT_BACKGROUND_REPORTS) / (REPORTS_PER_INHABITANT_WEEK * inhabitants * WEEKS);
  const model = buildBackground(buurten, startDay, WEEKS);
  // Plants come from their own random stream, so --null has exactly the same background rows.
  const plants: ResolvedPlant[] = nullMode ? [] : drawDemoPlants(buurten, startDay, WEEKS, plantScale, streams.plantCounts);
  const planted = plants.reduce((a, p) => a + p.counts.reduce((s, v) => s + v, 0), 0);
  const background = scaleMode ? opts.reports! - planted : DEFAULT_BACKGROUND_REPORTS;
  if (background < 0) throw new DemoError(`--reports ${opts.reports} is too small for the planted signals (${planted} rows); use --null or a larger N`);
  const bgCounts = splitOverWeeks(background, model.weekWeights, streams.bgCounts);

  try {
    mkdirSync(outDir, { recursive: true });
  } catch (err) {
    throw new DemoError(`cannot create output directory ${outDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const files: string[] = [];
  const reportsFile = path.join(outDir, 'reports.csv');
  const repeats = repeatsOf(opts);
  const written = await writeReports(reportsFile, model, bgCounts, plants, streams, startDay, repeats);
  const total = written.rows;
  const repeatReports = written.backgroundRepeats + written.plantRepeats.reduce((a, v) => a + v, 0);
  files.push(reportsFile);

  let inspections = 0;
  let perPlant: number[] = plants.map(() => 0);
  if (!scaleMode) {
    const insp = makeInspections(model, plants, streams);
    const inspectionsFile = path.join(outDir, 'inspections.csv');
    await writeInspections(inspectionsFile, insp.rows);
    files.push(inspectionsFile);
    inspections = insp.rows.length;
    perPlant = insp.perPlant;
  }

  const areas = areaFiles.map(displayPath);
  const manifest: Manifest = {
    generator: 'scripts/generate-demo.ts',
    command: commandLine(opts, seed, areas),
    mode: scaleMode ? 'scale' : 'default',
    seed,
    end: formatDay(endDay),
    start: formatDay(startDay),
    weeks: WEEKS,
    null: nullMode,
    areas,
    population: populationFile ? displayPath(populationFile) : null,
    buurten: buurten.length,
    files: { reports: 'reports.csv', inspections: scaleMode ? null : 'inspections.csv' },
    counts: {
      reports: total,
      backgroundReports: background,
      plantedReports: planted,
      repeatReports,
      inspections,
      plantedInspections: perPlant.reduce((a, v) => a + v, 0),
    },
    plantScale: Number(plantScale.toFixed(6)),
    repeatsPerIncident: repeats,
    categories: CATEGORIES,
    sources: SOURCES,
    plants: plants.map((p, i) => ({ ...manifestEntry(p, startDay), repeatReports: written.plantRepeats[i], inspections: perPlant[i] })),
  };
  if (!scaleMode || opts.manifest !== false) {
    const manifestFile = path.join(outDir, 'manifest.json');
    writeFileSync(manifestFile, stringifyManifest(manifest));
    files.push(manifestFile);
  }
  return {
    mode: manifest.mode,
    outDir,
    files,
    reports: total,
    backgroundReports: background,
    plantedReports: planted,
    inspections,
    seconds: (performance.now() - t0) / 1000,
    manifest,
  };
}
