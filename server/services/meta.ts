import type { Database } from '../db/index.ts';
import { listPlaces, type Place } from './places.ts';
import { addDays, mondayOf, periodMenu, type PeriodMenu } from '../publish/periods.ts';
import * as repo from '../repositories/meta.ts';
import type { Category, Source } from '../repositories/meta.ts';

export type { Category, Source } from '../repositories/meta.ts';

export interface Health {
  status: 'ok';
  engine: Database['engine'];
  postgis: string;
  migrationLevel: number;
  counts: { areas: number; reports: number; inspections: number };
}

/** The row counts per database, with the data version (migration 006) they were read at: every
 *  write to areas, reports and inspections bumps it, also from another process. */
const healthCounts = new WeakMap<Database, { version: string; counts: Promise<Health['counts']> }>();

export async function health(db: Database): Promise<Health> {
  const [row] = await repo.health(db, {});
  let known = healthCounts.get(db);
  if (known?.version !== row!.version) {
    const counts = repo.healthCounts(db, {}).then(([c]) => ({ areas: c!.areas, reports: c!.reports, inspections: c!.inspections }));
    healthCounts.set(db, (known = { version: row!.version, counts }));
    counts.catch(() => {
      if (healthCounts.get(db)?.counts === counts) healthCounts.delete(db);
    });
  }
  return {
    status: 'ok',
    engine: db.engine,
    postgis: row!.postgis,
    migrationLevel: row!.level,
    counts: await known.counts,
  };
}

export function categories(db: Database): Promise<Category[]> {
  return repo.categories(db, {});
}

export function sources(db: Database): Promise<Source[]> {
  return repo.sources(db, {});
}

export interface GemeenteMeta {
  code: string;
  name: string;
  inhabitants: number | null;
  inhabitantsEstimated: boolean;
  bbox: [number, number, number, number] | null;
  /** First and last day with reports of this municipality; null when none are loaded (its
   *  figures are "no data", not 0). */
  dataExtent: { from: string; to: string } | null;
}

export interface Meta {
  extent: { from: string | null; to: string | null };
  /** The periods that can be asked for (whole ISO weeks and ISO-week months; docs/disclosure.md). */
  periods: PeriodMenu;
  gemeenten: GemeenteMeta[];
  /** The municipality the dashboard opens on: DEFAULT_GEMEENTE when it is loaded, else the only
   *  municipality with data, else null (all municipalities). */
  defaultGemeente: string | null;
  /** Rates per 1,000 are withheld for areas with fewer inhabitants than this. */
  minRatePopulation: number;
  /** The disclosure thresholds: counts below k (kSensitive for sensitive categories) read "<k". */
  disclosure: { k: number; kSensitive: number };
  categories: Category[];
  sources: Source[];
  lastImport: { id: number; kind: string; createdAt: string } | null;
  /** Towns, villages and hamlets with their label points, for orientation (data/places/). */
  places: Place[];
}

export interface MetaOptions {
  defaultGemeente?: string;
  minRatePopulation?: number;
  disclosure?: { k: number; kSensitive: number };
}

/** DEFAULT_GEMEENTE when it names a loaded municipality, else the only one with data. */
export function chooseDefaultGemeente(gemeenten: readonly Pick<GemeenteMeta, 'code' | 'dataExtent'>[], configured?: string): string | null {
  if (configured && gemeenten.some((g) => g.code === configured)) return configured;
  const withData = gemeenten.filter((g) => g.dataExtent);
  return withData.length === 1 ? withData[0]!.code : null;
}

/** An extent widened to whole ISO weeks (Monday to Sunday). The first and last day with a report
 *  would otherwise be published to the day, and the last one says when the newest report was
 *  made; nothing else the dashboard shows is finer than a week (docs/disclosure.md). */
export function weekExtent(from: string, to: string): { from: string; to: string } {
  return { from: mondayOf(from), to: addDays(mondayOf(to), 6) };
}

export async function meta(db: Database, options: MetaOptions = {}): Promise<Meta> {
  const [extent] = await repo.extent(db, {});
  const rows = await repo.gemeenten(db, {});
  const gemeenten: GemeenteMeta[] = rows.map(({ dataFrom, dataTo, ...g }) => ({ ...g, dataExtent: dataFrom && dataTo ? weekExtent(dataFrom, dataTo) : null }));
  const [lastImport] = await repo.lastImport(db, {});
  const from = extent?.from ?? null;
  const to = extent?.to ?? null;
  return {
    extent: from && to ? weekExtent(from, to) : { from: null, to: null },
    // The menu is built from the true last day so that an unfinished week is not offered as whole.
    periods: periodMenu({ firstDay: from, lastDay: to }),
    gemeenten,
    defaultGemeente: chooseDefaultGemeente(gemeenten, options.defaultGemeente),
    minRatePopulation: options.minRatePopulation ?? 100,
    disclosure: { k: options.disclosure?.k ?? 5, kSensitive: options.disclosure?.kSensitive ?? 10 },
    categories: await categories(db),
    sources: await sources(db),
    lastImport: lastImport ?? null,
    places: await listPlaces(db),
  };
}
