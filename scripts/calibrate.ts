/**
 * `npm run calibrate -- [--gemeente CODE] [--alphas 0.1,0.2,0.3,0.4,0.5] [--sets N] [--runs N]
 * [--target R] [--seed N] [--poisson]`: how many false lead signals a week the signal runs would
 * list on this installation's own data if nothing changed, at several α (the administrator's
 * "test level"), and the largest α in the list that stays under the target (default 0.25 a week,
 * the issue's ceiling). Null data sets drawn from each municipality's own counts
 * (server/analysis/nullCalibration.ts), run week by week with the administrator's current default
 * settings. It reads the configured database and changes nothing: the administrator sets α in the
 * dashboard (Signalen, "Standaardinstellingen (beheerder)"). docs/signals.md says how to read the result.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { migrate, openDatabase, type Database } from '../server/db/index.ts';
import { InputError } from '../server/errors.ts';
import { calibrateAlpha, rateInterval } from '../server/analysis/nullCalibration.ts';
import { detectorCubes } from '../server/services/signals/engine.ts';
import { detectorParams } from '../server/services/signals/parameters.ts';
import { signalDefaults } from '../server/services/signals/publication.ts';
import { RUN_SETTINGS } from '../server/analysis/runSettings.ts';

export const USAGE = `usage: npm run calibrate -- [options]

  --gemeente CODE   one municipality (default: every municipality with reports)
  --alphas LIST     test levels to try, comma-separated, each in (0, ${RUN_SETTINGS.alpha.max}] (default 0.1,0.2,0.3,0.4,0.5)
  --sets N          null data sets per municipality (default 8; more: a narrower interval, longer)
  --runs N          weekly runs per data set: the last N weeks (default 52)
  --target R        false lead signals a week to stay under (default 0.25)
  --seed N          random seed (default 1)
  --poisson         plain Poisson null data (default: with the counts' estimated extra variation)`;

export class UsageError extends Error {}

export interface CalibrateArgs {
  gemeente: string | null;
  alphas: number[];
  sets: number;
  runs: number;
  target: number;
  seed: number;
  dispersion: 'estimate' | 'poisson';
}

export function parseArgs(argv: readonly string[]): CalibrateArgs {
  const a: CalibrateArgs = { gemeente: null, alphas: [0.1, 0.2, 0.3, 0.4, 0.5], sets: 8, runs: 52, target: 0.25, seed: 1, dispersion: 'estimate' };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k]!;
    const value = (): string => {
      const v = argv[++k];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const integer = (min: number, max: number): number => {
      const raw = value();
      const v = Number(raw);
      if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return v;
    };
    switch (flag) {
      case '--gemeente': {
        const v = value();
        if (!/^GM\d{4}$/.test(v)) throw new UsageError(`--gemeente must be a CBS code like GM1700, got "${v}"`);
        a.gemeente = v;
        break;
      }
      case '--alphas': {
        const raw = value();
        const list = raw.split(',').map((x) => Number(x.trim()));
        if (!list.length || !list.every((x) => x > 0 && x <= RUN_SETTINGS.alpha.max)) throw new UsageError(`--alphas must be numbers in (0, ${RUN_SETTINGS.alpha.max}], comma-separated, got "${raw}"`);
        a.alphas = [...new Set(list)].sort((x, y) => x - y);
        break;
      }
      case '--sets': a.sets = integer(1, 100); break;
      case '--runs': a.runs = integer(1, 104); break;
      case '--seed': a.seed = integer(0, 2 ** 31); break;
      case '--target': {
        const raw = value();
        const v = Number(raw);
        if (!(v > 0 && v <= 10)) throw new UsageError(`--target must be a number of signals a week in (0, 10], got "${raw}"`);
        a.target = v;
        break;
      }
      case '--poisson': a.dispersion = 'poisson'; break;
      default: throw new UsageError(`unknown option ${flag}`);
    }
  }
  return a;
}

export async function runCalibrate(db: Database, args: CalibrateArgs, out: (line: string) => void, progress: (line: string) => void): Promise<number> {
  const defaults = await signalDefaults(db);
  const params = detectorParams(defaults.parameters);
  const cubes = await detectorCubes(db, { ...defaults.parameters, gemeente: args.gemeente });
  if (cubes.length === 0) throw new InputError('no municipality with reports: import reports first');
  const fmt = (v: number) => v.toFixed(3);
  out(`Null data sets from this installation's own counts (${args.sets} per municipality, ${args.runs} weekly runs each; ${args.dispersion === 'estimate' ? 'with the counts\' estimated extra variation' : 'plain Poisson'}), the default settings otherwise (minimum count ${params.minCount}, zones of ≤ ${params.maxZoneSize} buurten, ${params.baselineWeeks}-week baseline). Current default α: ${defaults.parameters.alpha}.`);
  for (const cube of cubes) {
    const started = performance.now();
    const result = calibrateAlpha(cube, params, {
      alphas: args.alphas, sets: args.sets, runs: args.runs, seed: args.seed, dispersion: args.dispersion,
      onProgress: (done, of) => { if (done % 13 === 0 || done === of) progress(`${cube.id}: ${done} of ${of} weekly runs`); },
    });
    out('');
    out(`${cube.id}: ${cube.nPlaces} buurten, ${cube.nWeeks} weeks; weekly extra variation φ per category ${Array.from(result.phi, (f, c) => `${cube.categories[c]} ${f.toFixed(2)}`).join(', ')}`);
    out('alpha  false lead signals a week  (95 % interval)  a year   (interval: from the spread between the data sets)');
    // The largest α before the first one over the target (the rate grows with α, up to noise).
    let best: { alpha: number; upper: number } | null = null;
    let over = false;
    for (const row of result.rows) {
      const ci = rateInterval(row.perSet, args.runs);
      out(`${String(row.alpha).padEnd(6)} ${fmt(row.perWeek).padStart(25)}  ${(ci ? `(${fmt(ci[0])}–${fmt(ci[1])})` : '(one data set)').padEnd(15)}${(row.perWeek * 52).toFixed(1).padStart(8)}`);
      over ||= row.perWeek > args.target;
      if (!over) best = { alpha: row.alpha, upper: ci ? ci[1] : Infinity };
    }
    out(best === null
      ? `${cube.id}: every α tried lists more than ${args.target} false lead signals a week on these null data; try smaller ones (--alphas).`
      : `${cube.id}: the largest α tried with at most ${args.target} false lead signals a week: ${best.alpha}${best.alpha === defaults.parameters.alpha ? ' (the current default)' : ''}.` +
        (best.upper > args.target ? ` Its interval reaches above ${args.target}: more data sets (--sets) narrow it.` : ''));
    out(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  out('');
  out('Variation that lasts several weeks is not in these null data: on such data the rate is higher. An administrator sets α in the dashboard: Signalen, "Standaardinstellingen (beheerder)".');
  return 0;
}

async function main(): Promise<number> {
  let args: CalibrateArgs;
  try {
    const argv = process.argv.slice(2);
    if (argv.includes('--help') || argv.includes('-h')) return (console.log(USAGE), 0);
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`calibrate: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  let db: Database | undefined;
  try {
    const config = loadConfig();
    db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
    await migrate(db);
    return await runCalibrate(db, args, (line) => console.log(line), (line) => console.error(line));
  } catch (err) {
    console.error(err instanceof InputError || err instanceof RangeError ? `calibrate: ${err.message}` : `calibrate failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await db?.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
