/** Command-line parsing for scripts/generate-demo.ts. */
import { defaultEndDay, formatDay } from './dates.ts';
import { DemoError } from './errors.ts';
import type { DemoOptions } from './generate.ts';
import { DEFAULT_REPEATS, DEFAULT_SEED } from './generate.ts';

export const USAGE = `Usage: npx tsx scripts/generate-demo.ts [options]   (or: npm run demo:generate -- [options])

Writes seeded demo data in the import format: reports.csv, inspections.csv, manifest.json.

Options:
  --seed N            random seed, integer 0…4294967295 (default ${DEFAULT_SEED})
  --end YYYY-MM-DD    last day of the data, a Sunday (default: the Sunday of the newest
                      full ISO week before today, UTC); the data covers the 156 ISO weeks
                      ending there
  --out DIR           output directory (default data/demo; scale mode: var/demo-scale)
  --null              background only: nothing planted, the manifest lists no plants
  --areas FILE...     buurt GeoJSON files (default data/boundaries/twenterand-buurten-2022.geojson)
  --population FILE   inhabitant estimates per buurt, CSV with columns code,inhabitants
                      (default data/population/twenterand-buurten-2024-estimates.csv)
  --reports N         scale mode: stream exactly N report rows (background + scaled plants),
                      no inspections
  --no-manifest       scale mode: do not write manifest.json
  --repeats R         mean reports per incident, 1 … 5 (default ${DEFAULT_REPEATS}; 1: each incident
                      reported once); further reports follow 0, 1, 2, … weeks later at the
                      same point (not in scale mode)
  -h, --help          show this help

Same options (seed, end, areas, null, reports, repeats) give byte-identical files.`;

export type ParsedArgs = { help: true } | { help: false; options: DemoOptions };

function parseInteger(flag: string, raw: string | undefined): number {
  if (raw === undefined || raw.startsWith('--')) throw new DemoError(`${flag} needs a value`);
  const clean = raw.replace(/_/g, '');
  if (!/^\d+$/.test(clean)) throw new DemoError(`${flag} must be a non-negative integer, got "${raw}"`);
  return Number(clean);
}

/** Parses argv (without node and script). `today` sets the default --end. Throws DemoError. */
export function parseArgs(argv: readonly string[], today = new Date()): ParsedArgs {
  const options: DemoOptions = { end: '' };
  let endGiven = false;
  const args: string[] = [];
  for (const a of argv) {
    const m = /^(--[a-z-]+)=(.*)$/.exec(a);
    if (m) args.push(m[1], m[2]);
    else args.push(a);
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new DemoError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '-h':
      case '--help':
        return { help: true };
      case '--seed':
        options.seed = parseInteger(a, args[++i]);
        if (options.seed > 0xffffffff) throw new DemoError(`--seed must be at most 4294967295, got ${options.seed}`);
        break;
      case '--end':
        options.end = value();
        endGiven = true;
        break;
      case '--out':
        options.outDir = value();
        break;
      case '--null':
        options.nullMode = true;
        break;
      case '--areas': {
        const files: string[] = [];
        while (i + 1 < args.length && !args[i + 1].startsWith('--')) files.push(args[++i]);
        if (files.length === 0) throw new DemoError('--areas needs at least one GeoJSON file');
        options.areas = [...(options.areas ?? []), ...files];
        break;
      }
      case '--population':
        options.population = value();
        break;
      case '--reports':
        options.reports = parseInteger(a, args[++i]);
        if (options.reports < 1) throw new DemoError('--reports must be at least 1');
        break;
      case '--repeats': {
        const raw = value();
        options.repeats = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
        if (!(options.repeats >= 1 && options.repeats <= 5)) throw new DemoError(`--repeats must be a number from 1 to 5, got "${raw}"`);
        break;
      }
      case '--no-manifest':
        options.manifest = false;
        break;
      default:
        throw new DemoError(a.startsWith('-') ? `unknown option ${a} (see --help)` : `unexpected argument "${a}" (see --help)`);
    }
  }
  if (!endGiven) options.end = formatDay(defaultEndDay(today));
  if (options.manifest === false && options.reports === undefined) {
    throw new DemoError('--no-manifest only applies to scale mode (--reports N)');
  }
  return { help: false, options };
}
