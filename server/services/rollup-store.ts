/**
 * The rollups in memory, per data version: the statistics' fast path.
 *
 * Every published period is a run of whole ISO weeks (server/publish/periods.ts), so every count a
 * statistic needs — per buurt, wijk or gemeente, per week or month, for one category or all, one
 * source or all — is a sum over the weekly rollup (week × buurt × category × source → n, Σ record
 * keys). Hexagon cells come from the monthly cell rollup (runs of ISO-week months) and, for the
 * single-week periods, from the reports summed per week × cell (there is no weekly cell rollup
 * table; reading one week of reports per request cost 50-200 ms of database time with a million
 * reports, the largest part of an uncached load). Read once per data version (the counter of migration 006, which
 * every write to the rollups bumps, also from another process) and kept as typed arrays sorted by
 * time, a year of any statistic is a scan of a few tens of thousands of rows in memory instead of a
 * query: under load, uncached requests no longer queue behind each other in the database.
 * Size: about 14 bytes a row (for a million reports over three years: 210,000 weekly rows, 3 MB;
 * the cell rollup, loaded per hexagon size when first asked for, about 180,000 rows and 4 MB a size;
 * the weekly cells, likewise per size, about 440,000 rows and 13 MB for 500 m cells).
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
  /** Months since January 1970 (monthly rows) or weeks since 1970-01-05 (weekly rows), ascending. */
  time: Int32Array;
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

/** The Monday of a week index (the inverse of weekIndex). */
const mondayOfWeek = (week: number): string => new Date(Date.UTC(1970, 0, 5) + week * 7 * DAY).toISOString().slice(0, 10);

/** Weeks of reports read per statement when the weekly cells are loaded (a slice of ~70,000 rows
 *  with a million reports over three years; the event loop runs between slices). */
const WEEKS_PER_SLICE = 26;

type CellRow = { gemeente: string; i: number; j: number; category: string; source: string; n: number; key: number };

export class RollupStore {
  private readonly cells = new Map<number, Promise<CellRows>>();
  private readonly weekCells = new Map<number, Promise<CellRows>>();

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

  /** Loads the weekly cells of a size ahead of the first single-week request for it. */
  async preloadWeekCells(size: number): Promise<void> {
    await this.weekCellRows(size);
  }

  private toCellRows<R extends CellRow>(list: R[], time: (r: R) => number): CellRows {
    const gemeenteIndex = new Map(this.gemeenten.map((g, i) => [g, i]));
    const categoryIndex = new Map(this.categories.map((c, i) => [c, i]));
    const sourceIndex = new Map(this.sources.map((c, i) => [c, i]));
    const out: CellRows = {
      time: new Int32Array(list.length), gemeente: new Int32Array(list.length), i: new Int32Array(list.length), j: new Int32Array(list.length),
      category: new Int8Array(list.length), source: new Int8Array(list.length), n: new Int32Array(list.length), key: new Float64Array(list.length),
    };
    list.forEach((r, x) => {
      out.time[x] = time(r);
      out.gemeente[x] = gemeenteIndex.get(r.gemeente) ?? -1;
      out.i[x] = r.i;
      out.j[x] = r.j;
      out.category[x] = categoryIndex.get(r.category) ?? -1;
      out.source[x] = sourceIndex.get(r.source) ?? -1;
      out.n[x] = r.n;
      out.key[x] = r.key;
    });
    return out;
  }

  private cellRows(size: number): Promise<CellRows> {
    let rows = this.cells.get(size);
    if (!rows) {
      rows = repo.storeCells(this.db, { size }).then((list) => this.toCellRows(list, (r) => monthIndex(r.month)));
      this.cells.set(size, rows);
      rows.catch(() => this.cells.delete(size));
    }
    return rows;
  }

  /** Reports per week × cell of one size × category × source, read in slices of weeks over the
   *  weeks of the weekly rollup (the same reports). */
  private weekCellRows(size: number): Promise<CellRows> {
    let rows = this.weekCells.get(size);
    if (!rows) {
      rows = (async () => {
        const weeks = this.weekly.week;
        const parts: CellRows[] = [];
        if (weeks.length > 0) {
          const last = weeks[weeks.length - 1]!;
          for (let from = weeks[0]!; from <= last; from += WEEKS_PER_SLICE) {
            const to = Math.min(from + WEEKS_PER_SLICE, last + 1);
            const list = await repo.storeCellsWeekly(this.db, { size, from: mondayOfWeek(from), to: mondayOfWeek(to) });
            parts.push(this.toCellRows(list, (r) => weekIndex(r.week)));
          }
        }
        return concatCellRows(parts);
      })();
      this.weekCells.set(size, rows);
      rows.catch(() => this.weekCells.delete(size));
    }
    return rows;
  }

  /** Counts and key sums per cell ("GM1700:500:i:j") of one size for the ISO-week months first … last. */
  async cellSums(size: number, firstMonth: string, lastMonth: string, category: string | null, source: string | null, gemeente: string | null): Promise<Map<string, CellSums>> {
    return this.sumCells(await this.cellRows(size), size, monthIndex(firstMonth), monthIndex(lastMonth), category, source, gemeente);
  }

  /** The same for the ISO weeks from … to (Mondays): single-week periods. */
  async weekCellSums(size: number, fromMonday: string, toMonday: string, category: string | null, source: string | null, gemeente: string | null): Promise<Map<string, CellSums>> {
    return this.sumCells(await this.weekCellRows(size), size, weekIndex(fromMonday), weekIndex(toMonday), category, source, gemeente);
  }

  private sumCells(r: CellRows, size: number, first: number, last: number, category: string | null, source: string | null, gemeente: string | null): Map<string, CellSums> {
    const { c, s } = this.filterOf(category, source);
    const g = gemeente === null ? -1 : this.gemeenten.indexOf(gemeente);
    // Aggregate by a numeric key (gemeente, i, j), then name the cells once.
    const byKey = new Map<number, Sums & { x: number }>();
    for (let x = lowerBound(r.time, first); x < r.time.length && r.time[x]! <= last; x++) {
      if ((c >= 0 && r.category[x] !== c) || (s >= 0 && r.source[x] !== s) || (g >= 0 && r.gemeente[x] !== g) || r.gemeente[x]! < 0) continue;
      const k = r.gemeente[x]! * 4294967296 + (r.i[x]! + 32768) * 65536 + (r.j[x]! + 32768);
      const sums = byKey.get(k);
      if (sums) {
        sums.n += r.n[x]!;
        sums.key = (sums.key + r.key[x]!) % TWO_32;
      } else byKey.set(k, { n: r.n[x]!, key: r.key[x]!, x });
    }
    const out = new Map<string, CellSums>();
    for (const v of byKey.values()) {
      const gemeente = this.gemeenten[r.gemeente[v.x]!]!;
      out.set(`${gemeente}:${size}:${r.i[v.x]}:${r.j[v.x]}`, { gemeente, n: v.n, key: v.key });
    }
    return out;
  }
}

export interface CellSums extends Sums { gemeente: string }

function concatCellRows(parts: CellRows[]): CellRows {
  const length = parts.reduce((a, p) => a + p.time.length, 0);
  const out: CellRows = {
    time: new Int32Array(length), gemeente: new Int32Array(length), i: new Int32Array(length), j: new Int32Array(length),
    category: new Int8Array(length), source: new Int8Array(length), n: new Int32Array(length), key: new Float64Array(length),
  };
  let at = 0;
  for (const p of parts) {
    for (const field of Object.keys(out) as (keyof CellRows)[]) (out[field] as Int32Array).set(p[field] as Int32Array, at);
    at += p.time.length;
  }
  return out;
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
