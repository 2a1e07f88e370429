import type { Queryable } from '../db/index.ts';
import * as repo from '../repositories/meta.ts';
import { InputError } from '../errors.ts';
import {
  allWeeks, comparisonsOf, lastCompleteSunday, mondayOf, PeriodError, periodOfRange, periodOfToken,
  type Comparisons, type Period, type WeekRange,
} from '../publish/periods.ts';

/**
 * The filters every statistic, export and briefing accepts: checked against the data and resolved
 * here (their syntax is the contract's, server/contract/common.ts).
 *
 * The query space is bounded on purpose (docs/disclosure.md): one category or all of them, one
 * source or all of them, and a period from the menu of publish/periods.ts (`period=2026-10`,
 * `2026-Q3`, `2025`, `2026-W47`, `last-12m`; or `from`/`to` giving exactly such a period). Lists of
 * categories or sources, and day-level or free ranges, are refused with the reason: combining them
 * would let differences between published figures reveal single reports.
 */

/** The filter parameters (server/contract/common.ts), re-exported for the routes not yet in the
 *  contract (signals). */
export { filterShape } from '../contract/common.ts';

export interface RawFilters {
  category?: string;
  source?: string;
  period?: string;
  from?: string;
  to?: string;
  gemeente?: string;
}

export interface Filters {
  /** Coverage (per data version): the last day with data, and each municipality's first day. */
  coverage: Coverage;
  /** One category, or null for all categories. */
  category: string | null;
  /** One source, or null for all sources. */
  source: string | null;
  period: Period;
  comparisons: Comparisons;
  gemeente: string | null;
}

export interface Known {
  categories: Set<string>;
  sources: Set<string>;
  gemeenten: Set<string>;
  /** The first and last day with reports (null without reports). */
  dataStart: string | null;
  dataEnd: string | null;
  /** The first day with reports per municipality (municipalities without reports are absent). */
  gemeenteStart: Map<string, string>;
}

/**
 * Checks codes against the database and resolves the period (default: the last 12 complete
 * months). `allWeeks`: the weekly series may ask for `period=all`, every complete week with data.
 */
export async function resolveFilters(
  db: Queryable,
  raw: RawFilters,
  // The response cache passes its per-data-version copy of the lookup.
  knownCodes: () => Promise<Known> = () => lookupKnown(db),
  options: { allWeeks?: boolean } = {},
): Promise<Filters> {
  const known = await knownCodes();
  for (const [param, value, set] of [['category', raw.category, known.categories], ['source', raw.source, known.sources]] as const) {
    if (value !== undefined && !set.has(value)) {
      throw new InputError(`${param}: unknown ${param} "${value}"; known: ${[...set].join(', ')}`, [], { parameter: param });
    }
  }
  if (raw.gemeente && !known.gemeenten.has(raw.gemeente)) throw new InputError(`gemeente: ${raw.gemeente} is not loaded`, [], { status: 404, parameter: 'gemeente' });
  const period = options.allWeeks && raw.period === 'all' ? allWeeksOf(known) : resolvePeriod(raw, known.dataEnd);
  return {
    coverage: { dataEnd: known.dataEnd, gemeenteStart: Object.fromEntries(known.gemeenteStart) },
    category: raw.category ?? null,
    source: raw.source ?? null,
    period,
    comparisons: comparisonsOf(period),
    gemeente: raw.gemeente ?? null,
  };
}

function allWeeksOf(known: Known): Period {
  try {
    return allWeeks(known.dataStart, known.dataEnd);
  } catch (err) {
    if (err instanceof PeriodError) throw new InputError(err.message, [], { parameter: 'period' });
    throw err;
  }
}

/** The period of a request: `period`, or `from`/`to` that give exactly a menu period, or the default. */
export function resolvePeriod(raw: Pick<RawFilters, 'period' | 'from' | 'to'>, dataEnd: string | null): Period {
  const end = dataEnd ? lastCompleteSunday(dataEnd) : null;
  try {
    if (raw.period !== undefined) {
      if (raw.from !== undefined || raw.to !== undefined) throw new PeriodError('give either period or from/to, not both');
      return periodOfToken(raw.period, end);
    }
    if (raw.from !== undefined || raw.to !== undefined) {
      if (raw.from === undefined || raw.to === undefined) throw new PeriodError('give both from and to (a Monday and a Sunday), or a period such as 2026-10');
      return periodOfRange(raw.from, raw.to, end);
    }
    if (!end) return periodOfToken(isoMonthToken(new Date()), null);
    return periodOfToken('last-12m', end);
  } catch (err) {
    if (err instanceof PeriodError) throw new InputError(err.message, [], { parameter: raw.period !== undefined ? 'period' : 'from' });
    throw err;
  }
}

/** Without any data: the current calendar month stands in (everything in it is empty). */
function isoMonthToken(now: Date): string {
  return now.toISOString().slice(0, 7);
}

export async function lookupKnown(db: Queryable): Promise<Known> {
  const [[row], extents] = await Promise.all([
    repo.knownCodes(db, {}),
    repo.gemeenteExtents(db, {}),
  ]);
  return {
    categories: new Set(row!.categories),
    sources: new Set(row!.sources),
    gemeenten: new Set(row!.gemeenten),
    dataStart: row!.start,
    dataEnd: row!.end,
    gemeenteStart: new Map(extents.map((e) => [e.gemeente, e.first])),
  };
}

/**
 * Whether a municipality has imported data for every week of `range`: from the week of its first
 * report up to the last complete week of the data. Outside it a figure is "no data", not 0.
 */
export function covers(coverage: Coverage, gemeente: string, range: WeekRange): boolean {
  const first = coverage.gemeenteStart[gemeente];
  if (!first || !coverage.dataEnd) return false;
  return range.from >= mondayOf(first) && range.to <= lastCompleteSunday(coverage.dataEnd);
}

export interface Coverage {
  dataEnd: string | null;
  gemeenteStart: Record<string, string>;
}
