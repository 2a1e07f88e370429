/**
 * The publication layer: every number that leaves the server — statistics, maps, series, hot
 * spots, signals, exports and briefings — is a count of reports published here (docs/disclosure.md).
 *
 * - `publisher(db, disclosure)`: the installation's Publisher, with the sensitive categories read
 *   from `categories.sensitive` (the one source of truth), memoised per data version.
 * - Counts are published from their true value and the sum of the record keys of exactly the
 *   counted reports (SQL: `count(*)`, `sum(record_key)`; rollups: `sum(n)`, `sum(key_sum)`).
 * - Periods are whole ISO weeks from a fixed menu (periods.ts).
 */
import type { Database } from '../db/index.ts';
import { dataVersion } from '../repositories/meta.ts';
import { sensitiveCategories } from '../repositories/publish.ts';
import { createPTable, type PTable } from './ptable.ts';
import { Publisher } from './publisher.ts';

export { Publisher, cellKey, type KeySum, type PublishedCount, type PublishScope, type PublicationRules } from './publisher.ts';
export { changeBetween, derivedValue, formatCount, isWithheld, rateOf, shareOf, withheldFlag, WITHHELD_TEXT, type PublishedChange, type PublishedRate, type RateWithheld } from './derived.ts';

/** Disclosure settings of an installation (from the environment; see server/config.ts). */
export interface DisclosureConfig {
  /** Counts shown below this are "<k" (default 5). */
  readonly k: number;
  /** The threshold for sensitive categories and all categories together (default 10). */
  readonly kSensitive: number;
  /** Round shown counts to a multiple of this (0: no rounding). */
  readonly roundTo: number;
  /** The p-table: maximum noise D, variance V, no published 1 … js. */
  readonly ptable: { readonly D: number; readonly V: number; readonly js: number };
  /** Rates per 1,000 inhabitants only for areas with at least this many inhabitants. */
  readonly minRatePopulation: number;
  /** Show a published 0 of buurten, wijken and signal zones as "<k" in every category (default
   *  true; false: only in the sensitive ones): docs/disclosure.md, "Repeat reports". */
  readonly hideAreaZeros?: boolean;
}

/** The defaults; docs/disclosure.md explains the p-table's choice from its utility cost and the attack figures. */
export const DEFAULT_DISCLOSURE: DisclosureConfig = Object.freeze({
  k: 5,
  kSensitive: 10,
  roundTo: 0,
  ptable: Object.freeze({ D: 3, V: 2, js: 2 }),
  minRatePopulation: 100,
  hideAreaZeros: true,
});

/** The settings that decide a published figure, as canonical text: a signal run stores it with
 *  its cards, and a published list made under other settings is made again (signals/publication.ts). */
export function disclosureKey(d: DisclosureConfig): string {
  const { D, V, js } = d.ptable;
  return `k${d.k}|ks${d.kSensitive}|round${d.roundTo}|D${D}|V${V}|js${js}|pop${d.minRatePopulation}|zeros:${d.hideAreaZeros === true ? 'hidden' : 'shown'}`;
}

const tables = new Map<string, PTable>();
function tableFor(p: DisclosureConfig['ptable']): PTable {
  const key = `${p.D}:${p.V}:${p.js}`;
  let t = tables.get(key);
  if (!t) tables.set(key, (t = createPTable(p.D, p.V, p.js)));
  return t;
}

/** A Publisher for the given sensitive categories (tests and scripts without a database). */
export function publisherWith(disclosure: DisclosureConfig, sensitive: Iterable<string>): Publisher {
  return new Publisher({
    k: disclosure.k,
    kSensitive: disclosure.kSensitive,
    roundTo: disclosure.roundTo,
    table: tableFor(disclosure.ptable),
    sensitive: new Set(sensitive),
    hideAreaZeros: disclosure.hideAreaZeros === true,
  });
}

const memo = new WeakMap<Database, { key: string; value: Promise<Publisher> }>();

/** The installation's Publisher: sensitive categories from the database, memoised per data version. */
export async function publisher(db: Database, disclosure: DisclosureConfig): Promise<Publisher> {
  const [row] = await dataVersion(db, {});
  const key = `${row?.version ?? ''}|${JSON.stringify(disclosure)}`;
  const known = memo.get(db);
  if (known?.key === key) return known.value;
  const value = sensitiveCategories(db, {}).then((rows) => publisherWith(disclosure, rows.map((r) => r.code)));
  memo.set(db, { key, value });
  value.catch(() => {
    if (memo.get(db)?.value === value) memo.delete(db);
  });
  return value;
}
