import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/index.ts';
import { countAreas } from '../repositories/areas.ts';
import { importAreas, importPopulation } from './areas.ts';
import { importPlaces } from './places.ts';
import { importFile, type ImportReport } from './imports/index.ts';

const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
export const DEMO_GEMEENTEN = ['GM1700', 'GM0141'] as const;

/** The bundled CBS 2022 boundaries: Twenterand and Almelo buurten and wijken, with the two
 *  municipalities' names taken from the municipality outline file. */
export async function loadBundledAreas(db: Database, createdBy = 'system') {
  const read = (f: string) => readFile(`${DATA_DIR}boundaries/${f}`, 'utf8');
  const gemeenten = JSON.parse(await read('gemeenten-twente-noord-2022.geojson')) as { features: { properties: { statcode: string } }[] };
  gemeenten.features = gemeenten.features.filter((f) => (DEMO_GEMEENTEN as readonly string[]).includes(f.properties.statcode));
  const result = await importAreas(db, [
    { name: 'gemeenten-twente-noord-2022.geojson', text: JSON.stringify(gemeenten) },
    { name: 'twenterand-wijken-2022.geojson', text: await read('twenterand-wijken-2022.geojson') },
    { name: 'twenterand-buurten-2022.geojson', text: await read('twenterand-buurten-2022.geojson') },
    { name: 'almelo-wijken-2022.geojson', text: await read('almelo-wijken-2022.geojson') },
    { name: 'almelo-buurten-2022.geojson', text: await read('almelo-buurten-2022.geojson') },
  ], createdBy);
  // Village and town names for orientation (data/places/README.md).
  await importPlaces(db, await readFile(`${DATA_DIR}places/kernen-2022.csv`, 'utf8'), 'kernen-2022.csv');
  return result;
}

export async function loadPopulationEstimates(db: Database) {
  const file = 'twenterand-buurten-2024-estimates.csv';
  return importPopulation(db, await readFile(`${DATA_DIR}population/${file}`, 'utf8'), file, 'demo estimate from the CBS municipality total (34,071 on 1 January 2024), see data/population/README.md');
}

export interface DemoLoad {
  areas: Awaited<ReturnType<typeof loadBundledAreas>>;
  reports: ImportReport;
  inspections: ImportReport;
}

/** Loads areas, population estimates and the generated demo reports and inspections
 *  (`data/demo/`, made by `npm run demo:generate`). */
export async function loadDemoData(db: Database, options: { snapMetres: number; demoDir?: string; today?: string }): Promise<DemoLoad> {
  const dir = options.demoDir ?? `${DATA_DIR}demo/`;
  for (const f of ['reports.csv', 'inspections.csv']) {
    if (!existsSync(`${dir}${f}`)) throw new Error(`demo file ${dir}${f} is missing: run npm run demo:generate`);
  }
  const areas = await loadBundledAreas(db);
  await loadPopulationEstimates(db);
  const common = { snapMetres: options.snapMetres, createdBy: 'demo', format: 'csv' as const, today: options.today };
  const reports = await importFile(db, createReadStream(`${dir}reports.csv`), { ...common, kind: 'reports', fileName: 'demo/reports.csv' });
  const inspections = await importFile(db, createReadStream(`${dir}inspections.csv`), { ...common, kind: 'inspections', fileName: 'demo/inspections.csv' });
  return { areas, reports, inspections };
}

export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await countAreas(db, {});
  return (row?.n ?? 0) === 0;
}
