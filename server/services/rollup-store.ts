/**
 * The rollups in memory, per data version: the statistics' fast path.
 *
 * Every published period is a run of whole ISO weeks (server/publish/periods.ts), so every count a
 * statistic needs — per buurt, wijk or gemeente, per week or month, for one category or all, one
 * source or all — is a sum over the weekly rollup (week × buurt × category × source → n, Σ record
 * keys). Hexagon cells come from the monthly cell rollup (ISO-week months; single weeks still go to
 * the database, services/stats.ts). Read once per data version (the counter of migration 006, which
 * every write to the rollups bumps, also from another process) and kept as typed arrays sorted by
 * time, a year of any statistic is a scan of a few tens of thousands of rows in memory instead of a
 * query: under load, uncached requests no longer queue behind each other in the database.
 * Size: about 14 bytes a row (for a million reports over three years: 210,000 weekly rows, 3 MB;
 * the cell rollup, loaded per hexagon size when first asked for, about 180,000 rows and 4 MB a size).
 */
import type { Database } from '../db/index.ts';
import { dataVersion } from '../repositories/meta.ts';
import * as repo from '../repositories/stats.ts';

const TWO_32 = 4294967296;
const DAY = 86_400_000;

/** Weeks since the Monday of 1970-01-05, the key of a week. */
export const weekIndex = (monday: string): number => Math.round((Date.parse(`${monday}T00:00:00Z`) - Date.parse('1970-01-05T00:00:00Z')) / (7 * DAY));
/** Months since January 1970, the key of an ISO-week month ("YYYY-MM"). */
export const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - 1970 * 12;

export interface Sums { n: number; key: number }

interface WeeklyRows {
  week: Int32Array;
  buurt: Int32Array;
  category: Int8Array;
  source: Int8Array;
  n: Int32Array;
  key: Float64Array;
}

interface CellRows {
  month: Int32Array;
  gemeente: Int32Array;
  i: Int32Array;
  j: Int32Array;
  category: Int8Array;
  source: Int8Array;
  n: Int32Array;
  key: Float64Array;
}

/** The first index whose value is ≥ `v` in an ascending array. */
function lowerBound(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class RollupStore {
  private readonly cells = new Map<number, Promise<CellRows>>();

  private constructor(
    private readonly db: Database,
    readonly buurten: string[],
    readonly wijkOf: string[],
    readonly gemeenteOf: string[],
    readonly categories: string[],
    readonly sources: string[],
    private readonly gemeenten: string[],
    private readonly weekly: WeeklyRows,
  ) {}

  static async load(db: Database): Promise<RollupStore> {
    const [areas, codes, rows] = await Promise.all([
      repo.storeBuurten(db, {}),
      repo.storeCodes(db, {}),
      repo.storeWeekly(db, {}),
    ]);
    const buurtIndex = new Map(areas.map((a, i) => [a.code, i]));
    const { categories, sources, gemeenten } = codes[0]!;
    const categoryIndex = new Map(categories.map((c, i) => [c, i]));
    const sourceIndex = new Map(sources.map((s, i) => [s, i]));
    const weekly: WeeklyRows = {
      week: new Int32Array(rows.length), buurt: new Int32Array(rows.length), category: new Int8Array(rows.length),
      source: new Int8Array(rows.length), n: new Int32Array(rows.length), key: new Float64Array(rows.length),
    };
    rows.forEach((r, x) => {
      weekly.week[x] = weekIndex(r.week);
      weekly.buurt[x] = buurtIndex.get(r.buurt) ?? -1;
      weekly.category[x] = categoryIndex.get(r.category) ?? -1;
      weekly.source[x] = sourceIndex.get(r.source) ?? -1;
      weekly.n[x] = r.n;
      weekly.key[x] = r.key;
    });
    return new RollupStore(db, areas.map((a) => a.code), areas.map((a) => a.wijk), areas.map((a) => a.gemeente), categories, sources, gemeenten, weekly);
  }

  private filterOf(category: string | null, source: string | null): { c: number; s: number } {
    return { c: category === null ? -1 : this.categories.indexOf(category), s: source === null ? -1 : this.sources.indexOf(source) };
  }

  /** Counts and key sums per buurt (by index of `buurten`) for the weeks from … to (Mondays). */
  buurtSums(fromMonday: string, toMonday: string, category: string | null, source: string | null): { n: Int32Array; key: Float64Array } {
    const n = new Int32Array(this.buurten.length);
    const key = new Float64Array(this.buurten.length);
    const { c, s } = this.filterOf(category, source);
    const w = this.weekly;
    const last = weekIndex(toMonday);
    for (let x = lowerBound(w.week, weekIndex(fromMonday)); x < w.week.length && w.week[x]! <= last; x++) {
      if ((c >= 0 && w.category[x] !== c) || (s >= 0 && w.source[x] !== s)) continue;
      const b = w.buurt[x]!;
      if (b < 0) continue;
      n[b]! += w.n[x]!;
      key[b] = (key[b]! + w.key[x]!) % TWO_32;
    }
    return { n, key };
  }

  /** Counts and key sums per week (by Monday) of one area, for the weeks from … to (Mondays). */
  areaWeeks(code: string, level: 'buurt' | 'wijk' | 'gemeente', fromMonday: string, toMonday: string, category: string | null, source: string | null): Map<number, Sums> {
    const inArea = new Uint8Array(this.buurten.length);
    const of = level === 'buurt' ? this.buurten : level === 'wijk' ? this.wijkOf : this.gemeenteOf;
    of.forEach((v, b) => (inArea[b] = v === code ? 1 : 0));
    const out = new Map<number, Sums>();
    const { c, s } = this.filterOf(category, source);
    const w = this.weekly;
    const last = weekIndex(toMonday);
    for (let x = lowerBound(w.week, weekIndex(fromMonday)); x < w.week.length && w.week[x]! <= last; x++) {
      const b = w.buurt[x]!;
      if (b < 0 || !inArea[b] || (c >= 0 && w.category[x] !== c) || (s >= 0 && w.source[x] !== s)) continue;
      const sums = out.get(w.week[x]!);
      if (sums) {
        sums.n += w.n[x]!;
        sums.key = (sums.key + w.key[x]!) % TWO_32;
      } else out.set(w.week[x]!, { n: w.n[x]!, key: w.key[x]! });
    }
    return out;
  }

  /**
   * Weekly counts and record-key sums (mod 2^32) per category × buurt × week for the given buurten
   * and the `weeks` weeks from `firstMonday`: the early-signal engine's cubes (place-major:
   * index place * weeks + week). Categories in the order given; rows of other buurten or
   * categories are skipped.
   */
  weeklyCube(buurtCodes: readonly string[], firstMonday: string, weeks: number, categories: readonly string[]): { counts: Float64Array[]; keys: Float64Array[] } {
    const place = new Int32Array(this.buurten.length).fill(-1);
    const index = new Map(this.buurten.map((b, i) => [b, i]));
    buurtCodes.forEach((code, k) => {
      const b = index.get(code);
      if (b !== undefined) place[b] = k;
    });
    const category = new Int32Array(this.categories.length).fill(-1);
    categories.forEach((c, k) => {
      const i = this.categories.indexOf(c);
      if (i >= 0) category[i] = k;
    });
    const counts = categories.map(() => new Float64Array(buurtCodes.length * weeks));
    const keys = categories.map(() => new Float64Array(buurtCodes.length * weeks));
    const w = this.weekly;
    const first = weekIndex(firstMonday);
    const last = first + weeks - 1;
    for (let x = lowerBound(w.week, first); x < w.week.length && w.week[x]! <= last; x++) {
      const b = w.buurt[x]!;
      const c = w.category[x]!;
      if (b < 0 || c < 0) continue;
      const p = place[b]!;
      const k = category[c]!;
      if (p < 0 || k < 0) continue;
      const cell = p * weeks + (w.week[x]! - first);
      counts[k]![cell]! += w.n[x]!;
      keys[k]![cell] = (keys[k]![cell]! + w.key[x]!) % TWO_32;
    }
    return { counts, keys };
  }

  /** Loads the cell rollup of a size ahead of the first request for it. */
  async preloadCells(size: number): Promise<void> {
    await this.cellRows(size);
  }

  private cellRows(size: number): Promise<CellRows> {
    let rows = this.cells.get(size);
    if (!rows) {
      rows = repo.storeCells(this.db, { size }).then((list) => {
        const gemeenteIndex = new Map(this.gemeenten.map((g, i) => [g, i]));
        const out: CellRows = {
          month: new Int32Array(list.length), gemeente: new Int32Array(list.length), i: new Int32Array(list.length), j: new Int32Array(list.length),
          category: new Int8Array(list.length), source: new Int8Array(list.length), n: new Int32Array(list.length), key: new Float64Array(list.length),
        };
        list.forEach((r, x) => {
          out.month[x] = monthIndex(r.month);
          out.gemeente[x] = gemeenteIndex.get(r.gemeente) ?? -1;
          out.i[x] = r.i;
          out.j[x] = r.j;
          out.category[x] = this.categories.indexOf(r.category);
          out.source[x] = this.sources.indexOf(r.source);
          out.n[x] = r.n;
          out.key[x] = r.key;
        });
        return out;
      });
      this.cells.set(size, rows);
      rows.catch(() => this.cells.delete(size));
    }
    return rows;
  }

  /** Counts and key sums per cell ("GM1700:500:i:j") of one size for the ISO-week months first … last. */
  async cellSums(size: number, firstMonth: string, lastMonth: string, category: string | null, source: string | null, gemeente: string | null): Promise<Map<string, Sums>> {
    const r = await this.cellRows(size);
    const { c, s } = this.filterOf(category, source);
    const g = gemeente === null ? -1 : this.gemeenten.indexOf(gemeente);
    // Aggregate by a numeric key (gemeente, i, j), then name the cells once.
    const byKey = new Map<number, Sums & { x: number }>();
    const last = monthIndex(lastMonth);
    for (let x = lowerBound(r.month, monthIndex(firstMonth)); x < r.month.length && r.month[x]! <= last; x++) {
      if ((c >= 0 && r.category[x] !== c) || (s >= 0 && r.source[x] !== s) || (g >= 0 && r.gemeente[x] !== g) || r.gemeente[x]! < 0) continue;
      const k = r.gemeente[x]! * 4294967296 + (r.i[x]! + 32768) * 65536 + (r.j[x]! + 32768);
      const sums = byKey.get(k);
      if (sums) {
        sums.n += r.n[x]!;
        sums.key = (sums.key + r.key[x]!) % TWO_32;
      } else byKey.set(k, { n: r.n[x]!, key: r.key[x]!, x });
    }
    const out = new Map<string, Sums>();
    for (const v of byKey.values()) out.set(`${this.gemeenten[r.gemeente[v.x]!]}:${size}:${r.i[v.x]}:${r.j[v.x]}`, { n: v.n, key: v.key });
    return out;
  }
}

const stores = new WeakMap<Database, { version: string; store: Promise<RollupStore> }>();

/** The store of the current data version (read first, so a store is never older than its version). */
export async function rollupStore(db: Database): Promise<RollupStore> {
  const [row] = await dataVersion(db, {});
  const version = row!.version;
  const known = stores.get(db);
  if (known && BigInt(known.version) >= BigInt(version)) return known.store;
  const store = RollupStore.load(db);
  stores.set(db, { version, store });
  store.catch(() => {
    if (stores.get(db)?.store === store) stores.delete(db);
  });
  return store;
}
