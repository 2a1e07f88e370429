/**
 * CLI of the seeded demo data generator (see docs/demo-data.md).
 *
 *   npx tsx scripts/generate-demo.ts --end 2026-11-22          # data/demo/{reports,inspections}.csv + manifest.json
 *   npx tsx scripts/generate-demo.ts --null --out var/demo-null
 *   npx tsx scripts/generate-demo.ts --reports 1000000 --areas data/boundaries/twenterand-buurten-2022.geojson \
 *       data/boundaries/almelo-buurten-2022.geojson             # scale mode → var/demo-scale/reports.csv
 *
 * Errors (unknown option, bad date, unreadable file) print one line on stderr and exit with code 2.
 */
import { USAGE, parseArgs } from './demo/args.ts';
import { DemoError } from './demo/errors.ts';
import { generateDemo } from './demo/generate.ts';

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const r = await generateDemo(parsed.options);
  const m = r.manifest;
  console.log(
    `${r.mode} mode, seed ${m.seed}, ${m.start} … ${m.end} (${m.weeks} weeks), ${m.buurten} buurten${m.null ? ', null (nothing planted)' : ''}`,
  );
  console.log(`reports: ${r.reports} (${r.backgroundReports} background + ${r.plantedReports} planted)`);
  if (r.mode === 'default') console.log(`inspections: ${r.inspections} (${m.counts.plantedInspections} at planted clusters)`);
  for (const p of m.plants) console.log(`  ${p.id}: ${p.reports} reports, ${p.startWeek} … ${p.endWeek}, ${p.buurtCodes.join(' ')}`);
  console.log(`wrote ${r.files.join(', ')} in ${r.seconds.toFixed(2)} s (${Math.round(r.reports / r.seconds).toLocaleString('en')} rows/s)`);
}

main().catch((err: unknown) => {
  if (err instanceof DemoError) {
    process.stderr.write(`generate-demo: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
});
