import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../scripts/demo/args.ts';
import { defaultEndDay, formatDay, parseIsoDate } from '../../scripts/demo/dates.ts';
import { DemoError } from '../../scripts/demo/errors.ts';
import type { Manifest } from '../../scripts/demo/generate.ts';
import { REPO_ROOT, fixed6, generateDemo } from '../../scripts/demo/generate.ts';
import { CATEGORIES, INSPECTION_KINDS, INSPECTION_OUTCOMES, SOURCES } from '../../scripts/demo/model.ts';
import { DEMO_PLANTS, MIN_RISING, MIN_SUDDEN, PLANT_INSPECTIONS } from '../../scripts/demo/plants.ts';

const END = '2026-11-22';
const START = '2023-11-27';
const TWENTERAND = path.join(REPO_ROOT, 'data/boundaries/twenterand-buurten-2022.geojson');
const ALMELO = path.join(REPO_ROOT, 'data/boundaries/almelo-buurten-2022.geojson');

type Poly = Feature<Polygon | MultiPolygon, { statcode: string; statnaam: string }>;
const twenterand = (JSON.parse(readFileSync(TWENTERAND, 'utf8')) as { features: Poly[] }).features;
const almelo = (JSON.parse(readFileSync(ALMELO, 'utf8')) as { features: Poly[] }).features.filter((f) => f.geometry !== null);

interface Report {
  id: string;
  date: string;
  category: string;
  source: string;
  lon: number;
  lat: number;
  lonText: string;
  latText: string;
}

function readCsv(file: string): string[][] {
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
}

function readReports(dir: string): Report[] {
  const [header, ...rows] = readCsv(path.join(dir, 'reports.csv'));
  expect(header).toEqual(['external_id', 'received_on', 'category', 'source', 'lon', 'lat']);
  return rows.map(([id, date, category, source, lon, lat]) => ({ id, date, category, source, lon: Number(lon), lat: Number(lat), lonText: lon, latText: lat }));
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readManifest = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
const buurtOf = (features: Poly[], lon: number, lat: number) =>
  features.find((f) => turf.booleanPointInPolygon([lon, lat], f))?.properties.statcode;
const addDays = (iso: string, days: number) => formatDay(parseIsoDate(iso) + days);
const metresBetween = (a: [number, number], lon: number, lat: number) => turf.distance(a, [lon, lat], { units: 'meters' });
/** Inside the plant's footprint: in one of its buurten, and for a disc plant within its radius. */
const inFootprint = (p: Manifest['plants'][number], lon: number, lat: number) => {
  const code = buurtOf(twenterand, lon, lat);
  if (!code || !p.footprint.some((f) => f.code === code)) return false;
  return p.centre === null || metresBetween(p.centre, lon, lat) <= p.radiusMetres! + 1;
};
const key = (r: Report) => `${r.date},${r.category},${r.source},${r.lonText},${r.latText}`;
/** Rows of `all` beyond those of `part`, ids aside; every row of `part` must be in `all`. */
const rowsBeyond = (all: Report[], part: Report[]): number => {
  const remaining = new Map<string, number>();
  for (const r of all) remaining.set(key(r), (remaining.get(key(r)) ?? 0) + 1);
  for (const r of part) {
    const n = remaining.get(key(r)) ?? 0;
    expect(n, key(r)).toBeGreaterThan(0);
    remaining.set(key(r), n - 1);
  }
  return [...remaining.values()].reduce((s, v) => s + v, 0);
};

let tmp: string;
const dirs = { a: '', b: '', other: '', none: '', scale: '', repeats: '', repeatsNone: '' };

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'demo-gen-'));
  for (const k of Object.keys(dirs) as (keyof typeof dirs)[]) dirs[k] = path.join(tmp, k);
  // a, b, other, none: one report per incident, so the model's own structure is tested directly;
  // repeats, repeatsNone: the defaults (1.3 reports per incident), as the checked-in demo.
  await generateDemo({ end: END, outDir: dirs.a, repeats: 1 });
  await generateDemo({ end: END, outDir: dirs.b, repeats: 1 });
  await generateDemo({ end: END, outDir: dirs.other, seed: 7, repeats: 1 });
  await generateDemo({ end: END, outDir: dirs.none, nullMode: true, repeats: 1 });
  await generateDemo({ end: END, outDir: dirs.scale, reports: 20_000, areas: [TWENTERAND, ALMELO] });
  await generateDemo({ end: END, outDir: dirs.repeats });
  await generateDemo({ end: END, outDir: dirs.repeatsNone, nullMode: true });
}, 60_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('determinism', () => {
  it('same seed and end give byte-identical files', () => {
    for (const f of ['reports.csv', 'inspections.csv', 'manifest.json']) {
      expect(sha256(path.join(dirs.a, f))).toBe(sha256(path.join(dirs.b, f)));
    }
  });

  it('another seed gives other files', () => {
    expect(sha256(path.join(dirs.other, 'reports.csv'))).not.toBe(sha256(path.join(dirs.a, 'reports.csv')));
    expect(sha256(path.join(dirs.other, 'inspections.csv'))).not.toBe(sha256(path.join(dirs.a, 'inspections.csv')));
    expect(readManifest(dirs.other).seed).toBe(7);
  });

  it('the checked-in data/demo files are exactly what the defaults produce for --end 2026-11-22', () => {
    const checkedIn = path.join(REPO_ROOT, 'data/demo');
    for (const f of ['reports.csv', 'inspections.csv', 'manifest.json']) {
      expect(sha256(path.join(checkedIn, f)), f).toBe(sha256(path.join(dirs.repeats, f)));
    }
  });
});

describe('default output', () => {
  it('has 4,000 background reports plus the planted ones, with well-formed rows', () => {
    const reports = readReports(dirs.a);
    const m = readManifest(dirs.a);
    expect(m.counts.backgroundReports).toBe(4000);
    expect(m.counts.plantedReports).toBe(m.plants.reduce((s, p) => s + p.reports, 0));
    expect(reports.length).toBe(4000 + m.counts.plantedReports);
    expect(m.counts.reports).toBe(reports.length);
    expect(m.start).toBe(START);
    expect(m.end).toBe(END);
    const bad = reports.filter(
      (r, i) =>
        r.id !== `DEMO-R-${String(i + 1).padStart(6, '0')}` ||
        !/^\d{4}-\d{2}-\d{2}$/.test(r.date) ||
        r.date < START ||
        r.date > END ||
        !(CATEGORIES as readonly string[]).includes(r.category) ||
        !(SOURCES as readonly string[]).includes(r.source) ||
        !/^\d+\.\d{6}$/.test(r.lonText) ||
        !/^\d+\.\d{6}$/.test(r.latText),
    );
    expect(bad).toEqual([]);
    // Sorted by date; every one of the 156 weeks has reports.
    expect(reports.map((r) => r.date)).toEqual([...reports.map((r) => r.date)].sort());
    const weeks = new Set(reports.map((r) => Math.floor((parseIsoDate(r.date) - parseIsoDate(START)) / 7)));
    expect(weeks.size).toBe(156);
  });

  it('puts every report inside a Twenterand buurt polygon (checked with turf)', () => {
    const outside = readReports(dirs.a).filter((r) => !buurtOf(twenterand, r.lon, r.lat));
    expect(outside).toEqual([]);
  });

  it('uses every category and source, with the tip line (mma) as the majority', () => {
    const reports = readReports(dirs.none);
    const count = (f: (r: Report) => boolean) => reports.filter(f).length;
    for (const c of CATEGORIES) expect(count((r) => r.category === c), c).toBeGreaterThan(40);
    for (const s of SOURCES) expect(count((r) => r.source === s), s).toBeGreaterThan(100);
    expect(count((r) => r.source === 'mma') / reports.length).toBeGreaterThan(0.5);
  });

  it('writes 230 background inspections plus a few at each planted cluster, more violations there', () => {
    const [header, ...rows] = readCsv(path.join(dirs.a, 'inspections.csv'));
    expect(header).toEqual(['external_id', 'inspected_on', 'kind', 'outcome', 'lon', 'lat']);
    const planted = DEMO_PLANTS.sudden * PLANT_INSPECTIONS.sudden + DEMO_PLANTS.rising * PLANT_INSPECTIONS.rising;
    expect(rows.length).toBe(230 + planted);
    const m = readManifest(dirs.a);
    expect(m.counts.inspections).toBe(230 + planted);
    expect(m.counts.plantedInspections).toBe(planted);
    const bad = rows.filter(
      ([id, date, kind, outcome, lon, lat], i) =>
        id !== `DEMO-I-${String(i + 1).padStart(6, '0')}` ||
        date < START ||
        date > END ||
        !(INSPECTION_KINDS as readonly string[]).includes(kind) ||
        !(INSPECTION_OUTCOMES as readonly string[]).includes(outcome) ||
        !buurtOf(twenterand, Number(lon), Number(lat)),
    );
    expect(bad).toEqual([]);
    // The planted inspections are those --null does not have; they lie in their plant's footprint.
    const background = new Set(readCsv(path.join(dirs.none, 'inspections.csv')).slice(1).map((r) => r.slice(1).join(',')));
    const plantedRows = rows.filter((r) => !background.has(r.slice(1).join(',')));
    expect(plantedRows.length).toBe(planted);
    for (const [, , , , lon, lat] of plantedRows) expect(m.plants.some((p) => inFootprint(p, Number(lon), Number(lat)))).toBe(true);
    const violations = (list: string[][]) => list.filter((r) => r[3] === 'overtreding').length / list.length;
    expect(violations(plantedRows)).toBeGreaterThan(0.45);
    expect(violations(rows.filter((r) => background.has(r.slice(1).join(','))))).toBeLessThan(0.3);
  });
});

describe('background model', () => {
  const reports = () => readReports(dirs.none);
  const month = (r: Report) => Number(r.date.slice(5, 7));

  it('has more dumping in summer and more hennep in autumn/winter', () => {
    const rs = reports();
    const inMonths = (cat: string, months: number[]) => rs.filter((r) => r.category === cat && months.includes(month(r))).length;
    expect(inMonths('afvaldumping', [6, 7, 8])).toBeGreaterThan(1.5 * inMonths('afvaldumping', [12, 1, 2]));
    expect(inMonths('hennep', [11, 12, 1])).toBeGreaterThan(1.5 * inMonths('hennep', [5, 6, 7]));
  });

  it('grows mildly: the last 52 weeks have 10–35 % more reports than the first 52', () => {
    const rs = reports();
    const first = rs.filter((r) => r.date < addDays(START, 364)).length;
    const last = rs.filter((r) => r.date > addDays(END, -364)).length;
    expect(last / first).toBeGreaterThan(1.1);
    expect(last / first).toBeLessThan(1.35);
  });

  it('concentrates reports in the village cores, dumping in the countryside', () => {
    const rs = reports();
    const code = new Map(rs.map((r) => [r.id, buurtOf(twenterand, r.lon, r.lat)!]));
    const name = new Map(twenterand.map((f) => [f.properties.statcode, f.properties.statnaam]));
    const rural = (r: Report) => /^(Verspreide huizen|Buurtschap)/.test(name.get(code.get(r.id)!)!);
    const cores = ['BU17000104', 'BU17000107', 'BU17000201', 'BU17000202', 'BU17000302', 'BU17000402', 'BU17000405'];
    const inCores = rs.filter((r) => cores.includes(code.get(r.id)!)).length;
    expect(inCores / rs.length).toBeGreaterThan(0.3); // 7 of 27 buurten, ≈ 10 % of the area
    const share = (cat: string) => rs.filter((r) => r.category === cat && rural(r)).length / rs.filter((r) => r.category === cat).length;
    expect(share('afvaldumping')).toBeGreaterThan(0.6);
    expect(share('overlastpand')).toBeLessThan(0.15);
    expect(share('hennep')).toBeGreaterThan(share('overlastpand') + 0.25);
  });
});

describe('planted signals (drawn at random as the evaluation harness draws them)', () => {
  it('lists sudden and rising plants with their footprint, relative risk and schedule', () => {
    const m = readManifest(dirs.a);
    expect(m.plants.map((p) => p.kind)).toEqual([...Array(DEMO_PLANTS.sudden).fill('sudden'), ...Array(DEMO_PLANTS.rising).fill('rising')]);
    for (const p of m.plants) {
      expect(['buurt', 'group', 'disc']).toContain(p.shape);
      expect(CATEGORIES as readonly string[]).toContain(p.category);
      expect(p.intendedClass).toBe(p.kind);
      expect(p.endWeek).toBe('2026-11-16');
      expect(p.footprint.length).toBeGreaterThanOrEqual(1);
      expect(p.footprint.reduce((a, f) => a + f.share, 0)).toBeCloseTo(1, 1);
      if (p.shape === 'disc') {
        expect(p.radiusMetres).toBeGreaterThanOrEqual(300);
        expect(p.radiusMetres).toBeLessThanOrEqual(800);
      } else expect(p.centre).toBeNull();
      const weeksBefore = Math.round((parseIsoDate(END) + 1 - parseIsoDate(p.startWeek)) / 7);
      if (p.kind === 'sudden') {
        expect(weeksBefore).toBeGreaterThanOrEqual(2);
        expect(weeksBefore).toBeLessThanOrEqual(12);
        expect(p.relativeRisk).toBeGreaterThanOrEqual(MIN_SUDDEN.rr);
        expect(p.relativeRisk).toBeLessThanOrEqual(5);
      } else {
        expect(weeksBefore).toBeGreaterThanOrEqual(26);
        expect(weeksBefore).toBeLessThanOrEqual(52);
        expect(p.relativeRisk).toBe(3);
      }
      // Nothing is planted before the onset; the expectation rises (rising) or is constant × background (sudden).
      const onset = Math.round((parseIsoDate(p.startWeek) - parseIsoDate(START)) / 7);
      expect(p.weeklyExpected.slice(0, onset).every((v) => v === 0)).toBe(true);
      expect(p.weeklyExpected[onset]).toBeGreaterThan(0);
    }
  });

  it('meets the size condition on the plants\' own counts (the only condition of the draw)', () => {
    const m = readManifest(dirs.a);
    const reports = readReports(dirs.a);
    const without = readReports(dirs.none);
    for (const p of m.plants) {
      const onsetDay = parseIsoDate(p.startWeek);
      const horizon = p.kind === 'sudden' ? MIN_SUDDEN.weeks : MIN_RISING.weeks;
      const inPlant = (r: Report) => r.category === p.category && inFootprint(p, r.lon, r.lat) && parseIsoDate(r.date) >= onsetDay && parseIsoDate(r.date) < onsetDay + 7 * horizon;
      const planted = reports.filter(inPlant).length - without.filter(inPlant).length;
      expect(planted, p.id).toBeGreaterThanOrEqual(p.kind === 'sudden' ? MIN_SUDDEN.reports : MIN_RISING.reports);
    }
  });

  it('has no zone without background and no hand-placed centres: the planted rows are the only difference with --null', () => {
    const withPlants = readReports(dirs.a);
    const without = readReports(dirs.none);
    for (const p of readManifest(dirs.a).plants) {
      const inPlant = (r: Report) => r.category === p.category && r.date >= p.startWeek && inFootprint(p, r.lon, r.lat);
      expect(withPlants.filter(inPlant).length - without.filter(inPlant).length, p.id).toBe(p.reports);
    }
  });
});

describe('--null', () => {
  it('lists no plants and keeps exactly the same background rows', () => {
    const m = readManifest(dirs.none);
    expect(m.null).toBe(true);
    expect(m.plants).toEqual([]);
    expect(m.counts.plantedReports).toBe(0);
    expect(m.counts.backgroundReports).toBe(4000);
    const none = readReports(dirs.none);
    expect(none.length).toBe(4000);
    // The planted output = the null output + the planted rows (ids aside).
    expect(rowsBeyond(readReports(dirs.a), none)).toBe(readManifest(dirs.a).counts.plantedReports);
  });

  it('keeps the background inspections', () => {
    const none = readCsv(path.join(dirs.none, 'inspections.csv')).slice(1);
    const all = new Set(readCsv(path.join(dirs.a, 'inspections.csv')).slice(1).map((r) => r.slice(1).join(',')));
    expect(none.length).toBe(230);
    expect(none.filter((r) => !all.has(r.slice(1).join(',')))).toEqual([]);
  });
});

describe('--repeats', () => {
  it('by default reports an incident 1.3 times on average: a repeat is at the point of an earlier report of its category, mostly within 6 weeks', () => {
    const m = readManifest(dirs.repeats);
    const reports = readReports(dirs.repeats);
    expect(m.repeatsPerIncident).toBe(1.3);
    expect(m.command).toContain('--repeats 1.3');
    // The same incidents as without repeats; repeats after the last day are not written.
    const plain = readManifest(dirs.a);
    expect(m.counts.backgroundReports).toBe(4000);
    expect(m.counts.plantedReports).toBe(plain.counts.plantedReports);
    expect(reports.length).toBe(4000 + m.counts.plantedReports + m.counts.repeatReports);
    const incidents = m.counts.backgroundReports + m.counts.plantedReports;
    expect(m.counts.repeatReports / incidents).toBeGreaterThan(0.25);
    expect(m.counts.repeatReports / incidents).toBeLessThan(0.33);
    expect(m.plants.reduce((s, p) => s + p.repeatReports, 0)).toBeGreaterThan(0);
    expect(reports.map((r) => r.date)).toEqual([...reports.map((r) => r.date)].sort());
    // Points are continuous (6 decimals), so a second report at the same point and category is a repeat.
    const last = new Map<string, string>();
    const gaps: number[] = [];
    for (const r of reports) {
      const point = `${r.category},${r.lonText},${r.latText}`;
      const before = last.get(point);
      if (before !== undefined) gaps.push(parseIsoDate(r.date) - parseIsoDate(before));
      last.set(point, r.date);
    }
    expect(gaps.length).toBe(m.counts.repeatReports);
    // The engine counts reports about one 50 m square within 6 weeks once (server/analysis/incidents.ts).
    expect(gaps.filter((d) => d <= 42).length / gaps.length).toBeGreaterThan(0.95);
    // Without repeats no point has two reports.
    expect(new Set(readReports(dirs.a).map((r) => `${r.category},${r.lonText},${r.latText}`)).size).toBe(plain.counts.reports);
  });

  it('--null keeps exactly the same background rows and repeats; the plants add their incidents and theirs', () => {
    const withPlants = readManifest(dirs.repeats);
    const none = readReports(dirs.repeatsNone);
    expect(readManifest(dirs.repeatsNone).plants).toEqual([]);
    expect(rowsBeyond(readReports(dirs.repeats), none)).toBe(withPlants.counts.plantedReports + withPlants.plants.reduce((s, p) => s + p.repeatReports, 0));
  });

  it('is refused outside 1 … 5 and in scale mode', async () => {
    expect(parseArgs(['--end', END, '--repeats', '1.5'])).toMatchObject({ help: false, options: { repeats: 1.5 } });
    for (const bad of [['--repeats', '0.5'], ['--repeats', '6'], ['--repeats', 'x']]) expect(() => parseArgs(['--end', END, ...bad])).toThrow(DemoError);
    await expect(generateDemo({ end: END, outDir: path.join(tmp, 'bad'), reports: 100, repeats: 1.5 })).rejects.toThrow(/scale mode/);
  });
});

describe('scale mode', () => {
  it('writes exactly N rows over Twenterand and Almelo, and no inspections', () => {
    const reports = readReports(dirs.scale);
    expect(reports.length).toBe(20_000);
    expect(new Set(reports.map((r) => r.id)).size).toBe(20_000);
    expect(reports[19_999].id).toBe('DEMO-R-020000');
    expect(existsSync(path.join(dirs.scale, 'inspections.csv'))).toBe(false);
    const m = readManifest(dirs.scale);
    expect(m.mode).toBe('scale');
    expect(m.counts.reports).toBe(20_000);
    expect(m.counts.backgroundReports + m.counts.plantedReports).toBe(20_000);
    expect(m.buurten).toBe(97); // 27 + 71, minus Almelo's BU01411801 without geometry
    expect(m.plants.length).toBe(DEMO_PLANTS.sudden + DEMO_PLANTS.rising);
    // Both municipalities get reports; a sample of rows lies inside their buurten.
    const inAlmelo = reports.filter((_, i) => i % 50 === 0 && buurtOf(almelo, reports[i].lon, reports[i].lat)).length;
    const inTwenterand = reports.filter((_, i) => i % 50 === 0 && buurtOf(twenterand, reports[i].lon, reports[i].lat)).length;
    expect(inAlmelo).toBeGreaterThan(100);
    expect(inTwenterand).toBeGreaterThan(100);
    expect(inAlmelo + inTwenterand).toBe(400);
  });
});

describe('options and errors', () => {
  it('defaults --end to the Sunday of the newest full ISO week before today', () => {
    const end = (iso: string) => formatDay(defaultEndDay(new Date(`${iso}T12:00:00Z`)));
    expect(end('2026-11-28')).toBe('2026-11-22'); // Saturday
    expect(end('2026-11-29')).toBe('2026-11-22'); // Sunday: this week is not over yet
    expect(end('2026-11-30')).toBe('2026-11-29'); // Monday
    const parsed = parseArgs([], new Date('2026-11-28T09:00:00Z'));
    expect(parsed).toEqual({ help: false, options: { end: '2026-11-22' } });
  });

  it('parses the options', () => {
    const parsed = parseArgs(['--seed', '5', '--end=2026-11-15', '--out', 'x', '--null', '--areas', 'a.geojson', 'b.geojson', '--reports', '1_000_000']);
    expect(parsed).toEqual({
      help: false,
      options: { seed: 5, end: '2026-11-15', outDir: 'x', nullMode: true, areas: ['a.geojson', 'b.geojson'], reports: 1_000_000 },
    });
    expect(parseArgs(['--help'])).toEqual({ help: true });
  });

  it('rejects bad options, dates and files with a DemoError', async () => {
    expect(() => parseArgs(['--frobnicate'])).toThrow(new DemoError('unknown option --frobnicate (see --help)'));
    expect(() => parseArgs(['--seed', 'abc'])).toThrow(DemoError);
    expect(() => parseArgs(['--end'])).toThrow('--end needs a value');
    expect(() => parseArgs(['--areas'])).toThrow(DemoError);
    expect(() => parseIsoDate('2026-02-30')).toThrow(DemoError);
    await expect(generateDemo({ end: '2026-11-32', outDir: path.join(tmp, 'x') })).rejects.toThrow(DemoError);
    await expect(generateDemo({ end: '2026-11-25', outDir: path.join(tmp, 'x') })).rejects.toThrow(
      '--end must be a Sunday (the last day of an ISO week); 2026-11-25 is a Wednesday',
    );
    await expect(generateDemo({ end: END, outDir: path.join(tmp, 'x'), areas: [path.join(tmp, 'missing.geojson')] })).rejects.toThrow(
      /cannot read area file .*missing\.geojson/,
    );
    expect(existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  it('the CLI prints one line on stderr and exits with code 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/generate-demo.ts'), '--end', '22-11-2026'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('generate-demo: --end must be a date like 2026-11-22 (YYYY-MM-DD), got "22-11-2026"\n');
    expect(run.stdout).toBe('');
  }, 30_000);

  it('formats coordinates exactly like toFixed(6)', () => {
    for (const v of [0, 6.5, 52.123456, 6.000001, -0.5, 123.4]) expect(fixed6(v)).toBe(v.toFixed(6));
  });
});
