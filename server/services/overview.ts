/**
 * The overview ("Overzicht"): what changed, at a glance, for one municipality — the landing page of
 * the dashboard and the one-page bulletin for the mayor and the driehoek (bulletin.ts).
 *
 * Every count comes from the statistics services (`areaStatistics`, `timeSeries`: the rollup store
 * and the publication layer), so each figure is the one /api/stats shows for the same area, period
 * and filters. Derived figures — changes, rate ratios, the verdict "more than chance" — are
 * computed from the PUBLISHED counts only; a hidden count is never ranked or tested by its hidden
 * value (it is left out and counted as hidden). A municipality or period without imported reports
 * is "no data", never 0.
 *
 * Periods: whole ISO weeks from the menu (server/publish/periods.ts). The default is the last
 * complete ISO-week month (4 or 5 weeks, the menu's "last-1m") and the last 12 complete months
 * (52 or 53 weeks, "last-12m"), each against the same weeks a year earlier. A rolling "last 4
 * weeks" is not in the menu on purpose (docs/disclosure.md: rolling windows next to months would
 * reveal single reports).
 *
 * "More than chance": the exact conditional comparison of two Poisson counts (analysis/
 * poissonCompare.ts, as R `poisson.test(c(a, b), T = c(weeks, weeksLastYear))`) on the published
 * counts, widened by the dispersion φ the buurten's published counts show between the two
 * periods (analysis/changeDispersion.ts: repeat reports about one incident, the perturbation, the
 * buurten's ordinary variation — one φ per period for all its comparisons), with
 * Benjamini-Hochberg FDR (5 %) over the categories of a period, and over the wijken (or buurten)
 * of a period. The total is one test of its own.
 */
import type { Database } from '../db/index.ts';
import { NotFoundError } from '../errors.ts';
import type { DataVersionMemo } from './data-version.ts';
import { changeDispersion } from '../analysis/changeDispersion.ts';
import { compareMany, type ChangeVerdict } from '../analysis/poissonCompare.ts';
import type { DisclosureConfig, PublishedChange, PublishedCount } from '../publish/index.ts';
import { comparisonsOf, lastCompleteSunday, periodOfToken, weeksIn, type WeekRange } from '../publish/periods.ts';
import * as repo from '../repositories/overview.ts';
import * as metaRepo from '../repositories/meta.ts';
import { parentOf } from './areas.ts';
import { lookupKnown, resolvePeriod, type Filters, type Known } from './filters.ts';
import { categories as categoryList, chooseDefaultGemeente, weekExtent } from './meta.ts';
import { listSignals } from './signals/index.ts';
import { areaStatistics, periodInfo, timeSeries, type AreaStatistic, type PeriodInfo } from './stats.ts';

/** The verdict of a comparison in words: a rise or fall more than chance, within chance, or not
 *  testable because a count is hidden ("<k") or missing (no data). */
export type Verdict = ChangeVerdict | 'hidden' | 'no-data';

export interface Figure {
  count: PublishedCount | null;
  lastYear: PublishedCount | null;
  change: PublishedChange;
  /** Rate ratio per week from the published counts (null when not testable or last year is 0). */
  rateRatio: number | null;
  /** BH-FDR q-value of the comparison (3 significant digits), null when not testable. */
  q: number | null;
  verdict: Verdict;
}

export interface CategoryFigure extends Figure {
  code: string;
  labelNl: string;
  labelEn: string;
  colour: string;
  sensitive: boolean;
  k: number;
  /** Published counts per ISO-week month of the period (per week for a period of a month or less). */
  series: { label: string; count: PublishedCount | null }[];
}

export interface AreaChange extends Figure {
  code: string;
  name: string;
  level: 'wijk' | 'buurt';
}

export interface AreaRanking {
  level: 'wijk' | 'buurt';
  k: number;
  /** Largest published rises first (at most 5). */
  rises: AreaChange[];
  /** Largest published falls first (at most 5). */
  falls: AreaChange[];
  /** Areas of the municipality at this level. */
  areas: number;
  /** Areas whose change cannot be published (a hidden count): never ranked. */
  hidden: number;
}

export interface OverviewWindow {
  period: PeriodInfo;
  lastYear: WeekRange & { weeks: number };
  /** True when the municipality has no imported reports for the period or the year before. */
  noData: boolean;
  k: number;
  total: Figure;
  categories: CategoryFigure[];
  /** Published counts of all categories together per month (per week for a month or less). */
  totalSeries: { label: string; count: PublishedCount | null }[];
  wijken: AreaRanking;
  buurten: AreaRanking;
  /** How much more than Poisson counts the published counts vary between the period and the year
   *  before (φ ≥ 1, from the buurten; changeDispersion.ts): every verdict of the window allows for it. */
  dispersion: number;
  /** Where φ comes from: the period's own buurten, the last 12 months' (too few buurten with
   *  reports in a short period), or none (φ = 1). */
  dispersionFrom: DispersionSource;
}

export type DispersionSource = 'period' | 'last-12m' | 'none';

export interface SignalGroup {
  count: number;
  /** Of which new in the latest run. */
  new: number;
}

export interface OverviewSignal {
  id: number;
  rank: number;
  kind: string;
  class: string;
  category: string | null;
  status: 'new' | 'ongoing';
  wijk: string | null;
  explanation: { nl: string; en: string };
}

export interface OverviewSignals {
  /** The latest signal run (run after every import, or by an analyst); null when none ran yet. */
  run: { finishedAt: string; lastDay: string | null; current: boolean } | null;
  total: number;
  /** New in the latest run: not seen at the same place in the run before. */
  new: number;
  byClass: (SignalGroup & { class: string; kind: string })[];
  byWijk: (SignalGroup & { code: string | null; name: string | null })[];
  /** Analysts only: the signals themselves (ids link to the details); null for viewers. */
  items: OverviewSignal[] | null;
}

export interface Overview {
  gemeente: { code: string; name: string; inhabitants: number | null; inhabitantsEstimated: boolean };
  /** Weeks with data of this municipality (whole ISO weeks), or null: "geen gegevens". */
  dataExtent: { from: string; to: string } | null;
  noData: boolean;
  /** The last complete week of the data (Sunday). */
  dataEnd: string | null;
  disclosure: { k: number; kSensitive: number; roundTo: number | null };
  alpha: number;
  windows: OverviewWindow[];
  signals: OverviewSignals;
}

export interface OverviewQuery {
  gemeente?: string;
  period?: string;
}

export interface OverviewOptions {
  disclosure: DisclosureConfig;
  /** DEFAULT_GEMEENTE. */
  defaultGemeente?: string;
  /** Analysts and admins get the signals themselves; viewers the summary. */
  signalDetails: boolean;
  /** Keeps the figures per data version (the signals are read on every call: runs do not bump it). */
  memo?: DataVersionMemo;
  /** Leave the signals out (warming the figures ahead). */
  skipSignals?: boolean;
}

export const DEFAULT_WINDOWS = ['last-1m', 'last-12m'] as const;
export const ALPHA = 0.05;
const TOP = 5;

const roundQ = (q: number) => (q === 0 ? 0 : Number(q.toPrecision(3)));
const NO_CHANGE: PublishedChange = { absolute: null, percent: null, suppressed: false };

/** The municipality of an overview: the one asked for, else DEFAULT_GEMEENTE or the only one with
 *  data (as /api/meta's defaultGemeente), else the first with data, else the first loaded. */
function chooseGemeente(known: Known, asked: string | undefined, configured: string | undefined, loaded: { code: string }[]): string {
  if (asked) {
    if (!known.gemeenten.has(asked)) throw new NotFoundError(`gemeente: ${asked} is not loaded`, 'gemeente');
    return asked;
  }
  const withExtent = loaded.map((g) => ({ code: g.code, dataExtent: known.gemeenteStart.has(g.code) ? { from: '', to: '' } : null }));
  const chosen = chooseDefaultGemeente(withExtent, configured) ?? withExtent.find((g) => g.dataExtent)?.code ?? loaded[0]?.code;
  if (!chosen) throw new NotFoundError('no municipality is loaded', 'gemeente');
  return chosen;
}

interface Pair { count: PublishedCount | null; lastYear: PublishedCount | null; change: PublishedChange }

/** The published values of the pairs that can be tested (both counts published); index into pairs. */
function testablePairs(pairs: Pair[]): { i: number; a: number; b: number }[] {
  return pairs.flatMap((p, i) => (p.count && p.lastYear && !p.count.suppressed && !p.lastYear.suppressed ? [{ i, a: (p.count as { value: number }).value, b: (p.lastYear as { value: number }).value }] : []));
}

/** Comparisons of published counts: one BH family, at dispersion φ. Hidden or missing pairs are not tested. */
function figures(pairs: Pair[], weeks: number, weeksBefore: number, phi: number): Figure[] {
  const testable = testablePairs(pairs);
  const tests = compareMany(testable.map(({ a, b }) => ({ a, b, ta: weeks, tb: weeksBefore })), ALPHA, phi);
  const byIndex = new Map(testable.map(({ i }, j) => [i, tests[j]!]));
  return pairs.map((p, i) => {
    const t = byIndex.get(i);
    const verdict: Verdict = t ? t.verdict : !p.count || !p.lastYear ? 'no-data' : 'hidden';
    return { count: p.count, lastYear: p.lastYear, change: p.change, rateRatio: t?.rateRatio ?? null, q: t ? roundQ(t.q) : null, verdict };
  });
}

/** The comparison pairs of the areas (those with data: callers filter noData first). */
const pairsOf = (areas: AreaStatistic[]): Pair[] => areas.map((a) => ({ count: a.count, lastYear: a.lastYear, change: a.changeVsLastYear }));

function ranking(level: 'wijk' | 'buurt', areas: AreaStatistic[], k: number, weeks: number, weeksBefore: number, phi: number): AreaRanking {
  const withData = areas.filter((a) => !a.noData);
  const figs = figures(pairsOf(withData), weeks, weeksBefore, phi);
  const all: AreaChange[] = withData.map((a, i) => ({ code: a.code, name: a.name, level, ...figs[i]! }));
  // Only published changes are ranked; a hidden one is counted, never ordered by its hidden value.
  const ranked = all.filter((a) => a.change.absolute !== null && !a.change.suppressed);
  const byChange = (x: AreaChange, y: AreaChange) => y.change.absolute! - x.change.absolute! || x.code.localeCompare(y.code);
  return {
    level,
    k,
    rises: ranked.filter((a) => a.change.absolute! > 0).sort(byChange).slice(0, TOP),
    falls: ranked.filter((a) => a.change.absolute! < 0).sort((x, y) => byChange(y, x)).slice(0, TOP),
    areas: withData.length,
    hidden: all.filter((a) => a.change.suppressed).length,
  };
}

/**
 * One φ for a window, from the buurten: the most areas, so the most degrees of freedom; the repeat
 * factor it mostly measures is the same at every level and for every length of period
 * (changeDispersion.ts). A short period has too few buurten with reports: it takes the φ of the
 * last 12 complete months (a published period, so φ still comes from published counts only).
 */
async function windowDispersion(db: Database, base: Filters, disclosure: DisclosureConfig, buurten: AreaStatistic[]): Promise<{ phi: number; from: DispersionSource }> {
  const own = changeDispersion(testablePairs(pairsOf(buurten.filter((a) => !a.noData))));
  if (own.areas > 0) return { phi: own.phi, from: 'period' };
  if (base.period.token === YEAR_TOKEN || !base.coverage.dataEnd) return { phi: 1, from: 'none' };
  const year = periodOfToken(YEAR_TOKEN, lastCompleteSunday(base.coverage.dataEnd));
  const stats = await areaStatistics(db, 'buurt', { ...base, period: year, comparisons: comparisonsOf(year) }, disclosure);
  const longer = changeDispersion(testablePairs(pairsOf(stats.areas.filter((a) => !a.noData))));
  return longer.areas > 0 ? { phi: longer.phi, from: 'last-12m' } : { phi: 1, from: 'none' };
}

const YEAR_TOKEN = 'last-12m';

async function window(db: Database, base: Filters, disclosure: DisclosureConfig, cats: Awaited<ReturnType<typeof categoryList>>, gemeente: string): Promise<OverviewWindow> {
  const weeks = base.period.weeks;
  const weeksBefore = weeksIn(base.comparisons.lastYear);
  const interval = weeks <= 5 ? 'week' : 'month';
  // The same calls as GET /api/stats/areas?level=…&gemeente=… (and &category=…) and
  // GET /api/stats/timeseries?area=<gemeente>&category=…&interval=….
  const [total, wijken, buurten, perCategory, series, totalSeries] = await Promise.all([
    areaStatistics(db, 'gemeente', base, disclosure),
    areaStatistics(db, 'wijk', base, disclosure),
    areaStatistics(db, 'buurt', base, disclosure),
    Promise.all(cats.map((c) => areaStatistics(db, 'gemeente', { ...base, category: c.code }, disclosure))),
    Promise.all(cats.map((c) => timeSeries(db, gemeente, interval, { ...base, category: c.code }, disclosure))),
    timeSeries(db, gemeente, interval, base, disclosure),
  ]);
  const totalStat = total.totals.find((t) => t.code === gemeente)!;
  const catStats = perCategory.map((s) => s.totals.find((t) => t.code === gemeente)!);
  const { phi, from: dispersionFrom } = await windowDispersion(db, base, disclosure, buurten.areas);
  const [totalFigure] = figures([{ count: totalStat.count, lastYear: totalStat.lastYear, change: totalStat.changeVsLastYear }], weeks, weeksBefore, phi);
  const catFigures = figures(catStats.map((s) => ({ count: s.count, lastYear: s.lastYear, change: s.changeVsLastYear })), weeks, weeksBefore, phi);
  return {
    period: periodInfo(base.period),
    lastYear: { ...base.comparisons.lastYear, weeks: weeksBefore },
    noData: totalStat.count === null,
    k: total.disclosure.k,
    total: totalFigure!,
    categories: cats.map((c, i) => ({
      code: c.code, labelNl: c.labelNl, labelEn: c.labelEn, colour: c.colour, sensitive: c.sensitive, k: perCategory[i]!.disclosure.k,
      ...catFigures[i]!,
      series: series[i]!.points.map((p) => ({ label: p.label, count: p.count })),
    })),
    totalSeries: totalSeries.points.map((p) => ({ label: p.label, count: p.count })),
    wijken: ranking('wijk', wijken.areas, wijken.disclosure.k, weeks, weeksBefore, phi),
    buurten: ranking('buurt', buurten.areas, buurten.disclosure.k, weeks, weeksBefore, phi),
    dispersion: Number(phi.toFixed(2)),
    dispersionFrom,
  };
}

async function signalSummary(db: Database, gemeente: string, wijkNames: Map<string, string>, options: OverviewOptions): Promise<OverviewSignals> {
  const list = await listSignals(db, { category: null, status: null, kind: 'lead', gemeente, limit: 1000 });
  if (!list.run) return { run: null, total: 0, new: 0, byClass: [], byWijk: [], items: options.signalDetails ? [] : null };
  // The wijk of a signal: the wijk holding most of its buurten (ties: the first). Signals are
  // places of buurten (the early-signal detector works on buurten).
  const wijkOf = (s: (typeof list.signals)[number]): string | null => {
    const wijken = s.highlight.areas.map((c) => parentOf(c));
    const tally = new Map<string, number>();
    for (const w of wijken) if (w) tally.set(w, (tally.get(w) ?? 0) + 1);
    let best: string | null = null;
    for (const [w, n] of tally) if (best === null || n > tally.get(best)!) best = w;
    return best;
  };
  const items: OverviewSignal[] = list.signals.map((s) => ({
    id: s.id, rank: s.rank, kind: s.kind, class: s.class, category: s.category, status: s.status as 'new' | 'ongoing', wijk: wijkOf(s), explanation: s.explanation,
  }));
  const group = <K extends string>(key: (s: OverviewSignal) => K) => {
    const out = new Map<K, SignalGroup & { sample: OverviewSignal }>();
    for (const s of items) {
      const g = out.get(key(s)) ?? { count: 0, new: 0, sample: s };
      g.count++;
      if (s.status === 'new') g.new++;
      out.set(key(s), g);
    }
    return [...out.values()].sort((a, b) => b.count - a.count || a.sample.rank - b.sample.rank);
  };
  return {
    run: { finishedAt: list.run.finishedAt, lastDay: list.run.dataVersion.lastDay, current: list.run.current },
    total: items.length,
    new: items.filter((s) => s.status === 'new').length,
    byClass: group((s) => s.class).map(({ sample, ...g }) => ({ class: sample.class, kind: sample.kind, ...g })),
    byWijk: group((s) => s.wijk ?? '').map(({ sample, ...g }) => ({ code: sample.wijk, name: sample.wijk ? wijkNames.get(sample.wijk) ?? sample.wijk : null, ...g })),
    items: options.signalDetails ? items : null,
  };
}

/** The overview of one municipality for the default periods, or for one period of the menu. */
export async function overview(db: Database, query: OverviewQuery, options: OverviewOptions): Promise<Overview> {
  const [known, cats, gemeenten] = await Promise.all([lookupKnown(db), categoryList(db), metaRepo.gemeenten(db, {})]);
  const code = chooseGemeente(known, query.gemeente, options.defaultGemeente, gemeenten);
  const g = gemeenten.find((x) => x.code === code)!;
  const hasData = known.gemeenteStart.has(code);
  const dataEnd = known.dataEnd ? lastCompleteSunday(known.dataEnd) : null;
  const tokens = query.period !== undefined ? [query.period] : dataEnd ? [...DEFAULT_WINDOWS] : [];
  // A period is checked even for a municipality without data (a bad token is a 400 everywhere).
  const periods = tokens.map((token) => resolvePeriod({ period: token }, known.dataEnd));
  const coverage = { dataEnd: known.dataEnd, gemeenteStart: Object.fromEntries(known.gemeenteStart) };
  const noSignals: OverviewSignals = { run: null, total: 0, new: 0, byClass: [], byWijk: [], items: options.signalDetails ? [] : null };
  const compute = () => Promise.all(periods.map((period) => window(db, {
    coverage, category: null, source: null, period, comparisons: comparisonsOf(period), gemeente: code,
  }, options.disclosure, cats, code)));
  const [windows, wijkRows] = await Promise.all([
    !hasData ? Promise.resolve([])
      : options.memo ? options.memo.memo(db, `overview:${code}:${periods.map((p) => p.token).join(',')}:${JSON.stringify(options.disclosure)}`, compute)
        : compute(),
    repo.wijken(db, { gemeente: code }),
  ]);
  const signals = hasData && !options.skipSignals ? await signalSummary(db, code, new Map(wijkRows.map((w) => [w.code, w.name])), options) : noSignals;
  return {
    gemeente: { code, name: g.name, inhabitants: g.inhabitants, inhabitantsEstimated: g.inhabitantsEstimated },
    dataExtent: g.dataFrom && g.dataTo ? weekExtent(g.dataFrom, g.dataTo) : null,
    noData: !hasData,
    dataEnd,
    disclosure: { k: options.disclosure.k, kSensitive: options.disclosure.kSensitive, roundTo: options.disclosure.roundTo || null },
    alpha: ALPHA,
    windows,
    signals,
  };
}
