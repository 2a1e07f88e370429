/**
 * A determined user against the publication layer (docs/disclosure.md, issue #16): collects every
 * figure the API publishes for the demo data over a bounded set of filter combinations, builds
 * every exact relation between them, and estimates hidden counts with the arithmetic of
 * inference.ts. Truth comes from the database, only to score the attacker.
 */
import { DEFAULT_DISCLOSURE } from '../../../server/publish/index.ts';
import { createPTable } from '../../../server/publish/ptable.ts';
import { addDays, isoMonthOf, monthsOf, weeksOf, type WeekRange } from '../../../server/publish/periods.ts';
import {
  asPart, asTotal, bestBalancedAccuracy, empiricalPrior, EXACT_PARTS, likelihood, moments, normalDist, normalise, posterior, shownKey, shownOf,
  type Dist, type Rule, type Shown,
} from './inference.ts';

export interface Api {
  json<T = any>(path: string): Promise<T>;
}

export interface Geography {
  buurten: { code: string; wijk: string; gemeente: string }[];
  wijken: { code: string; gemeente: string }[];
  gemeenten: string[];
  /** Hexagon cells of the grid size the attack reads ("GM1700:250:i:j"); they partition their gemeente. */
  cells: { code: string; gemeente: string }[];
}

export interface TruthRow { buurt: string; wijk: string; gemeente: string; cell: string; category: string; source: string; day: string }

export interface AttackPlan {
  /** Periods whose buurt cells are targets (criterion a). */
  targetPeriods: string[];
  /** Periods asked for only to build relations (months, quarters, …), with all sources. */
  relationPeriods: string[];
  /** The weekly series' period (criterion b and weekly targets). */
  weeklyPeriod: string;
  categories: string[];
  sensitive: string[];
  sources: string[];
  /** Categories whose weekly series are also asked per source. */
  weeklyBySource: (string | null)[];
  /** Hexagon size of the grid requests (same periods, categories and sources as the areas). */
  cellSize: number;
  /** The municipality attacked. */
  gemeente: string;
}

interface Cell { shown: Shown; rule: Rule }

export type RelationKind = 'category' | 'source' | 'area' | 'time';

const ALL = '*';
const keyOf = (area: string, category: string | null, source: string | null, r: WeekRange) => `${area}|${category ?? ALL}|${source ?? ALL}|${r.from}|${r.to}`;

export class Attack {
  readonly cells = new Map<string, Cell>();
  readonly ranges = new Set<string>();
  inconsistencies = 0;
  requests = 0;
  private readonly table;

  private readonly buurtOf = new Map<string, { wijk: string; gemeente: string }>();
  private readonly wijkOf = new Map<string, string>();
  private readonly cellOf = new Map<string, string>();
  private readonly buurtenIn = new Map<string, string[]>();
  private readonly wijkenIn = new Map<string, string[]>();
  private readonly cellsIn = new Map<string, string[]>();

  /** The publication layer's DISCLOSURE_HIDE_AREA_ZEROS, known to the attacker like the p-table. */
  hideAreaZeros = false;

  /** The attacker knows the p-table (`ptable`: the server's D and V). */
  constructor(readonly api: Api, readonly geo: Geography, readonly plan: AttackPlan, ptable: { D: number; V: number }) {
    this.table = createPTable(ptable.D, ptable.V, DEFAULT_DISCLOSURE.ptable.js);
    const push = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
    for (const b of geo.buurten) {
      this.buurtOf.set(b.code, b);
      push(this.buurtenIn, b.wijk, b.code);
      push(this.buurtenIn, b.gemeente, b.code);
    }
    for (const w of geo.wijken) {
      this.wijkOf.set(w.code, w.gemeente);
      push(this.wijkenIn, w.gemeente, w.code);
    }
    for (const c of geo.cells) {
      this.cellOf.set(c.code, c.gemeente);
      push(this.cellsIn, c.gemeente, c.code);
    }
  }

  /** How a figure of `area` (a buurt, wijk or gemeente code, or a grid cell 'GM…:size:i:j') and
   *  category is shown: its threshold and whether a published 0 is shown as "<k" too. */
  ruleOf(category: string | null, area = ''): Rule {
    const sensitive = category === null || this.plan.sensitive.includes(category);
    const keepsZero = area.includes(':') || /^GM\d{4}$/.test(area);
    return { k: sensitive ? DEFAULT_DISCLOSURE.kSensitive : DEFAULT_DISCLOSURE.k, zeroAlike: sensitive || (this.hideAreaZeros && !keepsZero), table: this.table };
  }

  private record(area: string, category: string | null, source: string | null, r: WeekRange, published: { value: number | null; suppressed: boolean; withheld?: boolean } | null) {
    const key = keyOf(area, category, source, r);
    this.ranges.add(`${r.from}|${r.to}`);
    const shown = shownOf(published);
    const known = this.cells.get(key);
    if (known) {
      // The same set of reports must show the same figure in every request.
      if (shownKey(known.shown) !== shownKey(shown)) this.inconsistencies++;
      return;
    }
    this.cells.set(key, { shown, rule: this.ruleOf(category, area) });
  }

  private async get<T>(path: string): Promise<T> {
    this.requests++;
    return this.api.json<T>(path);
  }

  /** Every request of the plan, a few at a time. */
  async collect(concurrency = 4): Promise<void> {
    const jobs: (() => Promise<void>)[] = [];
    const cats: (string | null)[] = [null, ...this.plan.categories];
    const srcs: (string | null)[] = [null, ...this.plan.sources];
    const q = (o: Record<string, string | null>) => Object.entries(o).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join('&');
    const areasJob = (period: string, c: string | null, s: string | null) => async () => {
      for (const level of ['buurt', 'wijk'] as const) {
        const body = await this.get<any>(`/api/stats/areas?${q({ level, period, category: c, source: s, gemeente: this.plan.gemeente })}`);
        const ranges = { count: body.periods.current, previous: body.periods.previous, lastYear: body.periods.lastYear };
        for (const a of [...body.areas, ...(level === 'buurt' ? body.totals : [])]) {
          for (const key of ['count', 'previous', 'lastYear'] as const) this.record(a.code, c, s, ranges[key], a[key]);
        }
      }
    };
    const gridJob = (period: string, c: string | null, s: string | null) => async () => {
      const body = await this.get<any>(`/api/stats/grid?${q({ cell: String(this.plan.cellSize), zeros: 'true', period, category: c, source: s, gemeente: this.plan.gemeente })}`);
      const r = { from: body.period.from, to: body.period.to };
      for (const f of body.features) {
        const p = f.properties;
        this.record(p.id, c, s, r, p.noData ? null : { value: p.count, suppressed: p.suppressed, withheld: p.withheld === true });
      }
      for (const [g, total] of Object.entries(body.totals)) this.record(g, c, s, r, total as never);
    };
    for (const period of this.plan.targetPeriods) {
      for (const c of cats) for (const s of srcs) jobs.push(areasJob(period, c, s), gridJob(period, c, s));
    }
    for (const period of this.plan.relationPeriods) for (const c of cats) jobs.push(areasJob(period, c, null), gridJob(period, c, null));
    const areas = [...this.geo.buurten.map((b) => b.code), ...this.geo.wijken.map((w) => w.code), ...this.geo.gemeenten];
    for (const area of areas) {
      for (const c of cats) {
        const sources = this.plan.weeklyBySource.includes(c) ? srcs : [null];
        for (const s of sources) {
          jobs.push(async () => {
            const body = await this.get<any>(`/api/stats/timeseries?${q({ area, interval: 'week', period: this.plan.weeklyPeriod, category: c, source: s })}`);
            for (const p of body.points) {
              this.record(area, c, s, { from: p.start, to: p.end }, p.count);
              this.record(area, c, s, { from: addDays(p.start, -364), to: addDays(p.end, -364) }, p.lastYear);
            }
          });
        }
      }
    }
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Relations: exact identities between true counts of published cells.

  private like(key: string): Dist | null {
    const c = this.cells.get(key);
    return c ? likelihood(c.shown, c.rule) : null;
  }

  /** Only relations of these kinds are used (all when unset): to see which route leaks what. */
  routeKinds: Set<RelationKind> | null = null;

  /** Every relation (total, parts) the target takes part in, as cell keys. */
  relationsOf(area: string, category: string | null, source: string | null, r: WeekRange): { kind: RelationKind; total: string; parts: string[] }[] {
    const out: { kind: RelationKind; total: string; parts: string[] }[] = [];
    const me = keyOf(area, category, source, r);
    let kind: RelationKind = 'category';
    const add = (total: string, parts: string[]) => {
      if (parts.length > 1 && this.cells.has(total) && parts.every((p) => this.cells.has(p))) out.push({ kind, total, parts });
    };
    // Categories.
    add(keyOf(area, null, source, r), this.plan.categories.map((c) => keyOf(area, c, source, r)));
    // Sources.
    kind = 'source';
    add(keyOf(area, category, null, r), this.plan.sources.map((s) => keyOf(area, category, s, r)));
    kind = 'area';
    // Areas.
    const b = this.buurtOf.get(area);
    const wGemeente = this.wijkOf.get(area);
    const cGemeente = this.cellOf.get(area);
    const gemeente = b?.gemeente ?? wGemeente ?? cGemeente ?? area;
    const keys = (codes: string[] | undefined) => (codes ?? []).map((x) => keyOf(x, category, source, r));
    if (b) add(keyOf(b.wijk, category, source, r), keys(this.buurtenIn.get(b.wijk)));
    add(keyOf(gemeente, category, source, r), keys(this.buurtenIn.get(gemeente)));
    add(keyOf(gemeente, category, source, r), keys(this.wijkenIn.get(gemeente)));
    if (wGemeente) add(keyOf(area, category, source, r), keys(this.buurtenIn.get(area)));
    if (cGemeente) add(keyOf(cGemeente, category, source, r), keys(this.cellsIn.get(cGemeente)));
    // Time: the target's range split into published sub-ranges, and bigger published ranges it is part of.
    kind = 'time';
    const cell = (x: WeekRange) => keyOf(area, category, source, x);
    const partitions = (R: WeekRange): WeekRange[][] => {
      const list: WeekRange[][] = [];
      const weeks = weeksOf(R);
      if (weeks.length > 1 && weeks.length <= 5) list.push(weeks);
      const months = monthsOf(R).map((m) => ({ from: m.from, to: m.to }));
      if (months.length > 1 && months[0]!.from === R.from && months.at(-1)!.to === R.to) list.push(months);
      // Two published ranges that together make R.
      for (const k of this.ranges) {
        const [from, to] = k.split('|') as [string, string];
        if (from === R.from && to < R.to && this.ranges.has(`${addDays(to, 1)}|${R.to}`)) list.push([{ from, to }, { from: addDays(to, 1), to: R.to }]);
      }
      return list;
    };
    for (const parts of partitions(r)) add(me, parts.map(cell));
    for (const k of this.ranges) {
      const [from, to] = k.split('|') as [string, string];
      if (from > r.from || to < r.to || (from === r.from && to === r.to)) continue;
      for (const parts of partitions({ from, to })) {
        if (parts.some((p) => p.from === r.from && p.to === r.to)) add(cell({ from, to }), parts.map(cell));
      }
    }
    return out.filter((rel) => (rel.total === me || rel.parts.includes(me)) && (!this.routeKinds || this.routeKinds.has(rel.kind)));
  }

  /** Σ means and variances of the parts of large relations, so each target only takes its own out. */
  private readonly partMoments = new Map<string, { mean: number; variance: number } | null>();

  private momentsOfParts(rel: { total: string; parts: string[] }): { mean: number; variance: number } | null {
    const key = `${rel.total}\u0000${rel.parts.length}\u0000${rel.parts[0]}`;
    if (!this.partMoments.has(key)) {
      let mean = 0;
      let variance = 0;
      let ok = true;
      for (const p of rel.parts) {
        const l = this.like(p);
        if (!l) {
          ok = false;
          break;
        }
        const m = moments(normalise(l));
        mean += m.mean;
        variance += m.variance;
      }
      this.partMoments.set(key, ok ? { mean, variance } : null);
    }
    return this.partMoments.get(key)!;
  }

  /** The route likelihoods for a target (each relation it is in). */
  routesOf(area: string, category: string | null, source: string | null, r: WeekRange, support: number): Dist[] {
    const me = keyOf(area, category, source, r);
    const routes: Dist[] = [];
    for (const rel of this.relationsOf(area, category, source, r)) {
      if (rel.total === me) {
        const parts = rel.parts.map((p) => this.like(p));
        if (parts.some((p) => p === null)) continue;
        routes.push(asTotal(parts as Dist[]));
        continue;
      }
      const total = this.like(rel.total);
      if (!total) continue;
      if (rel.parts.length - 1 > EXACT_PARTS) {
        // Many parts: the others' sum as a normal, from the relation's totals minus this part.
        const all = this.momentsOfParts(rel);
        const own = this.like(me);
        if (!all || !own) continue;
        const m = moments(normalise(own));
        routes.push(asPart(total, normalDist(all.mean - m.mean, Math.max(0, all.variance - m.variance)), support));
        continue;
      }
      const others = rel.parts.filter((p) => p !== me).map((p) => this.like(p));
      if (others.some((p) => p === null)) continue;
      routes.push(asPart(total, others as Dist[], support));
    }
    return routes;
  }

  ownLikelihood(area: string, category: string | null, source: string | null, r: WeekRange): Dist | null {
    return this.like(keyOf(area, category, source, r));
  }
}

// ---------------------------------------------------------------------------------------------
// Truth

export class Truth {
  constructor(private readonly rows: TruthRow[]) {}

  count(area: string, category: string | null, source: string | null, r: WeekRange): number {
    let n = 0;
    for (const row of this.rows) {
      if (row.day < r.from || row.day > r.to) continue;
      if (category && row.category !== category) continue;
      if (source && row.source !== source) continue;
      if (row.buurt === area || row.wijk === area || row.gemeente === area || row.cell === area) n++;
    }
    return n;
  }
}

// ---------------------------------------------------------------------------------------------
// The two measures of the issue

export interface ExactResult {
  targets: number;
  blindHits: number;
  attackerHits: number;
  /** Targets whose true value the attacker's estimate hit, by number of relations used. */
  withRoutes: number;
  mode: number;
}

/** Criterion (a): the attacker's best guess of a hidden small count, against always guessing the most common small value. */
export function exactValueAttack(attack: Attack, truth: Truth, targets: { area: string; category: string | null; range: WeekRange }[]): ExactResult {
  const support = 40;
  const chosen = targets
    .map((t) => ({ ...t, n: truth.count(t.area, t.category, null, t.range), k: attack.ruleOf(t.category).k }))
    .filter((t) => t.n >= 1 && t.n < t.k);
  const counts = new Map<number, number>();
  for (const t of chosen) counts.set(t.n, (counts.get(t.n) ?? 0) + 1);
  const mode = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
  const priors = new Map<number, Float64Array>();
  for (const k of new Set(chosen.map((t) => t.k))) priors.set(k, empiricalPrior(chosen.filter((t) => t.k === k).map((t) => t.n), support));
  let attackerHits = 0;
  let blindHits = 0;
  let withRoutes = 0;
  for (const t of chosen) {
    const own = attack.ownLikelihood(t.area, t.category, null, t.range);
    const routes = attack.routesOf(t.area, t.category, null, t.range, support);
    if (routes.length > 0) withRoutes++;
    const post = posterior(priors.get(t.k)!, [...(own ? [own] : []), ...routes]);
    // The attacker knows the target is a hidden small count: the best value in 1 … k−1.
    let guess = 1;
    for (let n = 1; n < t.k; n++) if (post[n]! > post[guess]!) guess = n;
    if (guess === t.n) attackerHits++;
    if (mode === t.n) blindHits++;
  }
  return { targets: chosen.length, blindHits, attackerHits, withRoutes, mode };
}

export interface ZeroResult {
  targets: number;
  positives: number;
  balancedAccuracy: number;
  /** The same with each buurt-and-category's mean score taken out: which WEEKS had a report, once
   *  what the published long-period figures say about the place is set aside. */
  withinPlace: number;
  /** The same with each place-category-MONTH's mean taken out (the ISO-week month holding the
   *  week): which week of a month, once what the month's published figure says is set aside. */
  withinMonth: number;
}

/** Balanced accuracy of `score` with each group's mean score taken out. */
function centredAccuracy(score: number[], truth: boolean[], groupOf: (i: number) => string): number {
  const groups = new Map<string, number[]>();
  score.forEach((_, i) => {
    const key = groupOf(i);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const centred = [...score];
  for (const members of groups.values()) {
    const mean = members.reduce((a, i) => a + score[i]!, 0) / members.length;
    for (const i of members) centred[i] = score[i]! - mean;
  }
  return bestBalancedAccuracy(centred, truth).accuracy;
}

/** Criterion (b): can the attacker tell whether a buurt had 0 or ≥ 1 report of a sensitive category in a given week? */
export function zeroOrMoreAttack(attack: Attack, truth: Truth, targets: { area: string; category: string; range: WeekRange }[]): ZeroResult {
  const support = 30;
  const values = targets.map((t) => truth.count(t.area, t.category, null, t.range));
  const prior = empiricalPrior(values, support);
  const score: number[] = [];
  for (const t of targets) {
    const own = attack.ownLikelihood(t.area, t.category, null, t.range);
    const routes = attack.routesOf(t.area, t.category, null, t.range, support);
    const post = posterior(prior, [...(own ? [own] : []), ...routes]);
    score.push(1 - post[0]!);
  }
  const truthPositive = values.map((v) => v >= 1);
  return {
    targets: targets.length,
    positives: truthPositive.filter(Boolean).length,
    balancedAccuracy: bestBalancedAccuracy(score, truthPositive).accuracy,
    withinPlace: centredAccuracy(score, truthPositive, (i) => `${targets[i]!.area}|${targets[i]!.category}`),
    withinMonth: centredAccuracy(score, truthPositive, (i) => `${targets[i]!.area}|${targets[i]!.category}|${isoMonthOf(targets[i]!.range.from)}`),
  };
}
