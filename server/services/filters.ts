import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';

/** The filters every statistic, export and briefing accepts, validated once here. */

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = z.string().regex(ISO, 'must be a date as YYYY-MM-DD').refine((v) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}, 'is not a calendar date');

/** `category=a&category=b` and `category=a,b` both mean {a, b}. */
const codeList = z
  .union([z.string(), z.array(z.string()).max(20)])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
  .refine((v) => v.length <= 20, 'at most 20 values')
  .refine((v) => v.every((s) => /^[a-z_]{1,40}$/.test(s)), 'values are lower-case codes like hennep');

export const filterShape = {
  category: codeList.optional(),
  source: codeList.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  gemeente: z.string().regex(/^GM\d{4}$/, 'must be a CBS municipality code like GM1700').optional(),
};

export interface Period { from: string; to: string }
export interface Filters {
  categories: string[] | null;
  sources: string[] | null;
  period: Period;
  gemeente: string | null;
}

export const MAX_PERIOD_YEARS = 20;
const DAY = 86_400_000;
export const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  // 29 February → 28 February in a non-leap year.
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** The comparison periods for a period: the previous period of equal length, and the same
 *  calendar period one year earlier. */
export function comparisonPeriods(p: Period): { previous: Period; lastYear: Period } {
  const length = daysBetween(p.from, p.to) + 1;
  return {
    previous: { from: addDays(p.from, -length), to: addDays(p.from, -1) },
    lastYear: { from: addYears(p.from, -1), to: addYears(p.to, -1) },
  };
}

export interface Known { categories: Set<string>; sources: Set<string>; gemeenten: Set<string>; dataEnd: string | null }

/** Checks codes against the database and fills in the default period: the 52 weeks (364 days)
 *  ending on the last day with data (or today when there is none). */
export async function resolveFilters(
  db: Queryable,
  raw: { category?: string[]; source?: string[]; from?: string; to?: string; gemeente?: string },
  // The response cache passes its per-data-version copy of the lookup.
  knownCodes: () => Promise<Known> = () => lookupKnown(db),
): Promise<Filters> {
  const known = await knownCodes();
  for (const [param, values, set] of [['category', raw.category, known.categories], ['source', raw.source, known.sources]] as const) {
    const unknown = (values ?? []).filter((v) => !set.has(v));
    if (unknown.length > 0) throw new InputError(`${param}: unknown ${param} ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${[...set].join(', ')}`, [], { parameter: param });
  }
  if (raw.gemeente && !known.gemeenten.has(raw.gemeente)) throw new InputError(`gemeente: ${raw.gemeente} is not loaded`, [], { status: 404, parameter: 'gemeente' });
  const end = raw.to ?? known.dataEnd ?? new Date().toISOString().slice(0, 10);
  const start = raw.from ?? addDays(end, -363);
  if (start > end) throw new InputError(`from (${start}) is after to (${end})`, [], { parameter: 'from' });
  if (daysBetween(start, end) > MAX_PERIOD_YEARS * 366) throw new InputError(`the period is longer than ${MAX_PERIOD_YEARS} years`, [], { parameter: 'from' });
  return {
    categories: raw.category?.length ? [...new Set(raw.category)].sort() : null,
    sources: raw.source?.length ? [...new Set(raw.source)].sort() : null,
    period: { from: start, to: end },
    gemeente: raw.gemeente ?? null,
  };
}

export async function lookupKnown(db: Queryable): Promise<Known> {
  const [row] = await db.query<{ categories: string[]; sources: string[]; gemeenten: string[]; end: string | null }>(`
    SELECT (SELECT array_agg(code ORDER BY sort_order) FROM categories) AS categories,
           (SELECT array_agg(code ORDER BY sort_order) FROM sources) AS sources,
           (SELECT COALESCE(array_agg(code ORDER BY code), '{}') FROM areas WHERE level = 'gemeente') AS gemeenten,
           (SELECT max(day)::text FROM report_counts_daily) AS "end"`);
  return { categories: new Set(row!.categories), sources: new Set(row!.sources), gemeenten: new Set(row!.gemeenten), dataEnd: row!.end };
}
