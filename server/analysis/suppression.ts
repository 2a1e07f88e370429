// Disclosure control for every figure that leaves the server (API, briefings, exports), methods.md §8.
//
// Reports are sensitive: a count of 1 or 2 reports in a buurt can point at a person or an address.
// Every count therefore passes through this module, with these rules:
//
// 1. Primary suppression. A count n with 1 ≤ n ≤ k−1 is published as `null` with `suppressed: true`
//    (displayed "<k"). k = 5 by default and k = 10 for sensitive categories (prostitutie,
//    adresfraude, illegale_bewoning); both are configurable. Zero is NOT suppressed: "no reports"
//    identifies nobody (the one exception is below a small total, rule 4). A figure that covers
//    several categories gets the strictest k among them, and a total gets at least the strictest k
//    of its parts (it covers them all). k must be ≥ 3: with k = 2, "<2" would disclose the value 1.
//    This follows the precedents named in the methods document: CBS publishes small-area counts
//    only from 5 upwards (and rounds to multiples of 5); police.uk moves crimes to anonymous map
//    points so that a published location never singles out an address.
//
// 2. Secondary (complementary) suppression. Where a total is published next to its parts (buurten
//    and the gemeente total, categories and the all-categories total, buurt → wijk → gemeente), a
//    hidden part could be recovered by subtraction. The rule: NO suppressed cell may be pinned to a
//    single value by an attacker who knows
//      - every published value and every relation total = Σ parts (of the whole hierarchy at once),
//      - that counts are non-negative integers,
//      - the rules of this module, and — worst case — which suppressed cells are primary (1 … k−1)
//        and which are complements (≥ k; complements are never zeros); only below a small total,
//        where every part is hidden (rule 4), a hidden part is merely known to be 0 … total.
//    The simplest violation is a relation with exactly one suppressed cell (total − published
//    parts = the hidden part). Bounds matter too: two hidden parts that a published total shows to
//    add up to 2 are both 1; a hidden 1 whose only complement is exactly k is pinned (1 + k).
//    For a hierarchy (each cell a part of at most one relation: a tree) the values an attacker can
//    still consider are exactly what interval propagation over the relations leaves (bounds
//    consistency on an acyclic system of sums is exact; the tests check this against a brute-force
//    attacker), so the module checks every suppressed cell that way, across all levels at once.
//    Not modelled: an attacker who replays the complement choice on guessed values ("the complement
//    was preferred to the published 5, so it is at most 5"); in rare tie cases this narrows a range.
//
// 3. Union rule. A published total also reveals the SUM of its suppressed parts (total − Σ
//    published parts, expanded through suppressed subtotals down to the leaves). That sum is a count
//    for a union of areas or categories, so it must itself be ≥ k (the strictest k involved):
//    "buurt A + buurt B = 3 reports" is a small count published by subtraction.
//
// 4. Choosing complements. While a violation exists, the module suppresses one more cell among the
//    published non-zero parts of the relations involved, in order of size (ties: by key, plain string
//    order): the smallest that leaves those relations without any violation; else the smallest that
//    removes this violation; else the smallest; if there is none, the relation's total (which moves
//    the problem one level up, where the next step handles it). This is repeated over the whole
//    hierarchy until nothing changes (at most one step per cell). Zeros are never used as
//    complements: an attacker who knows complements are ≥ k reads a hidden zero straight back.
//    A small total (1 … k−1) is suppressed by rule 1, and then EVERY part below it is hidden, zeros
//    included, down the hierarchy: with the zeros shown, "total <3, two hidden buurten, the rest 0"
//    means 1 + 1, and "total <5" with four hidden parts means four times 1.
//    Minimal suppression is NP-hard in general; this greedy rule is deterministic and safe, not optimal.
//
// 5. Rounding (optional, `roundTo`, CBS practice: 5) is applied to published values AFTER
//    suppression, each value on its own (so rounded parts need not add up to the rounded total).
//    A non-zero count is never rounded to 0, because a published 0 means "no reports".
//
// 6. Derived figures (rates per 1,000 inhabitants, shares, changes vs the previous period or last
//    year, absolute and %) are suppressed when ANY input is suppressed; otherwise the hidden input
//    could be recomputed from the derived figure. Compute them from published cells (`ratePer`,
//    `shareOf`, `changeBetween`, `derived`), so that with rounding on they use the rounded value.
//
// Outside the reach of one call (the caller's responsibility): the same counts shown in two
// differently suppressed tables (suppress the full hierarchy once and show views of that result);
// differencing between overlapping queries (category subsets, overlapping periods); totals that are
// not the sum of their parts (a report in two categories) — totals must be additive here, so add
// an explicit residual part such as "onbekend" for reports without a buurt.

/** Thresholds and rounding for disclosure control. */
export interface DisclosureConfig {
  /** Counts 1 … k−1 are suppressed (default 5). */
  readonly k: number;
  /** Threshold for sensitive categories (default 10); the stricter of k and kSensitive applies. */
  readonly kSensitive: number;
  /** Category codes that use kSensitive. */
  readonly sensitiveCategories: readonly string[];
  /** Round published counts to a multiple of this (5 = CBS practice); 0, 1 or absent = no rounding. */
  readonly roundTo?: number;
}

export const defaultDisclosure: DisclosureConfig = Object.freeze({
  k: 5,
  kSensitive: 10,
  sensitiveCategories: Object.freeze(['prostitutie', 'adresfraude', 'illegale_bewoning']),
});

/** A count as it may be published: either its value, or nothing at all. */
export type PublishedCount =
  | { readonly value: number; readonly suppressed: false }
  | { readonly value: null; readonly suppressed: true };

/** One threshold for every cell, or a threshold per key (e.g. per category). */
export type Threshold<K extends string> = number | ((key: K) => number);

export interface SuppressOptions {
  /** Round published counts to a multiple of this after suppression (0, 1 or absent = off). */
  readonly roundTo?: number;
}

/** One additive relation of a hierarchy: counts[totalKey] = Σ counts[partKeys]. */
export interface TotalGroup<K extends string = string> {
  readonly totalKey: K;
  readonly partKeys: readonly K[];
}

export interface SuppressedTable<K extends string> {
  readonly parts: Map<K, PublishedCount>;
  readonly total: PublishedCount;
}

export interface PublishedChange {
  /** current − previous, or null when suppressed. */
  readonly absolute: number | null;
  /** (current − previous) / previous × 100; null when suppressed or when previous is 0. */
  readonly percent: number | null;
  readonly suppressed: boolean;
}

const SUPPRESSED: PublishedCount = Object.freeze({ value: null, suppressed: true });

// ---------------------------------------------------------------------------------------------
// Configuration and thresholds

function checkK(k: number, what = 'k'): number {
  if (!Number.isInteger(k) || k < 3) {
    throw new RangeError(`${what} must be an integer ≥ 3 (with k = 2 the label "<2" discloses the value 1), got ${k}`);
  }
  return k;
}

function checkRoundTo(roundTo: number | undefined): number {
  if (roundTo === undefined || roundTo === 0) return 1;
  if (!Number.isInteger(roundTo) || roundTo < 1) throw new RangeError(`roundTo must be a positive integer, got ${roundTo}`);
  return roundTo;
}

function checkCount(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  return n;
}

/** A validated configuration: the defaults with `overrides` applied. */
export function disclosureConfig(overrides: Partial<DisclosureConfig> = {}): DisclosureConfig {
  const cfg = { ...defaultDisclosure, ...overrides };
  checkK(cfg.k, 'k');
  checkK(cfg.kSensitive, 'kSensitive');
  checkRoundTo(cfg.roundTo);
  return Object.freeze({ ...cfg, sensitiveCategories: Object.freeze([...cfg.sensitiveCategories]) });
}

/**
 * The threshold for a figure covering `categories`: the strictest k among them. 'all' — and, to
 * fail safe, an empty list (an empty filter usually means "no filter") — covers every category.
 */
export function thresholdFor(categories: readonly string[] | 'all', cfg: DisclosureConfig = defaultDisclosure): number {
  const strict = Math.max(cfg.k, cfg.kSensitive);
  if (categories === 'all' || categories.length === 0) return cfg.sensitiveCategories.length > 0 ? strict : cfg.k;
  return categories.some((c) => cfg.sensitiveCategories.includes(c)) ? strict : cfg.k;
}

// ---------------------------------------------------------------------------------------------
// Publishing single cells

/** `n` rounded to a multiple of `roundTo` (half up); a non-zero count never becomes 0. */
export function roundCount(n: number, roundTo: number): number {
  const r = checkRoundTo(roundTo);
  if (r === 1 || n === 0) return n;
  return Math.max(r, Math.round(n / r) * r);
}

function published(value: number, roundTo: number): PublishedCount {
  return { value: roundCount(value, roundTo), suppressed: false };
}

/**
 * Primary suppression of a count shown on its own (no total or parts next to it):
 * 1 … k−1 → suppressed; 0 and ≥ k → published (rounded if `roundTo`).
 */
export function suppressCount(n: number, k: number, options: SuppressOptions = {}): PublishedCount {
  checkCount(n, 'count');
  checkK(k);
  const roundTo = checkRoundTo(options.roundTo);
  return n >= 1 && n < k ? SUPPRESSED : published(n, roundTo);
}

// ---------------------------------------------------------------------------------------------
// The protection core, over cells 0 … n−1 and relations total = Σ parts

const PUBLISHED = 0;
const PRIMARY = 1;
const COMPLEMENT = 2;
/** A part of a group whose total is small: hidden whatever its value, zeros included. */
const MASKED = 3;

interface Problem {
  readonly values: readonly number[];
  /** Effective threshold per cell. */
  readonly ks: readonly number[];
  /** Tie-break rank per cell (position in plain string order of the keys). */
  readonly rank: readonly number[];
  readonly groups: readonly { readonly total: number; readonly parts: readonly number[] }[];
  /** Group in which the cell is a part, or −1. */
  readonly partOf: readonly number[];
  /** Group of which the cell is the total, or −1. */
  readonly totalOf: readonly number[];
}

type Violation = { kind: 'pinned'; cell: number } | { kind: 'union'; group: number };

/**
 * What an attacker can still consider for every cell: [lo, hi] after propagating the published
 * values, the status bounds (primary 1 … k−1, complement ≥ k) and every relation to a fixed point.
 */
function attackerBounds(p: Problem, status: Uint8Array): { lo: Float64Array; hi: Float64Array } {
  const n = p.values.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (status[i] === PUBLISHED) lo[i] = hi[i] = p.values[i];
    else if (status[i] === PRIMARY) [lo[i], hi[i]] = [1, p.ks[i] - 1];
    else if (status[i] === MASKED) [lo[i], hi[i]] = [0, Infinity]; // bounded by its total below
    else [lo[i], hi[i]] = [p.ks[i], Infinity];
  }
  const maxPasses = 10 * p.groups.length + 10;
  for (let pass = 0, changed = true; changed; pass++) {
    if (pass > maxPasses) throw new Error('suppression: bounds propagation did not converge');
    changed = false;
    for (const g of p.groups) {
      let sumLo = 0;
      let sumHi = 0; // finite upper bounds only
      let unbounded = 0;
      for (const c of g.parts) {
        sumLo += lo[c];
        if (hi[c] === Infinity) unbounded++;
        else sumHi += hi[c];
      }
      const t = g.total;
      const tLo = Math.max(lo[t], sumLo);
      const tHi = unbounded > 0 ? hi[t] : Math.min(hi[t], sumHi);
      if (tLo !== lo[t] || tHi !== hi[t]) [lo[t], hi[t], changed] = [tLo, tHi, true];
      for (const c of g.parts) {
        const othersLo = sumLo - lo[c];
        const othersHi = unbounded - (hi[c] === Infinity ? 1 : 0) > 0 ? Infinity : sumHi - (hi[c] === Infinity ? 0 : hi[c]);
        const cLo = Math.max(lo[c], lo[t] - othersHi);
        const cHi = Math.min(hi[c], hi[t] - othersLo);
        if (cLo !== lo[c] || cHi !== hi[c]) [lo[c], hi[c], changed] = [cLo, cHi, true];
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (lo[i] > hi[i]) throw new Error('suppression: inconsistent counts (a total does not match its parts)');
  }
  return { lo, hi };
}

/**
 * Rule 3 for a group with a published total: the suppressed leaves reachable through suppressed
 * subtotals must sum to at least the strictest k among the suppressed cells involved.
 */
function unionShortfall(p: Problem, status: Uint8Array, group: number): boolean {
  if (status[p.groups[group].total] !== PUBLISHED) return false;
  let sum = 0;
  let k = 0;
  const stack = [...p.groups[group].parts];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (status[c] === PUBLISHED) continue;
    k = Math.max(k, p.ks[c]);
    if (p.totalOf[c] >= 0) stack.push(...p.groups[p.totalOf[c]].parts);
    else sum += p.values[c];
  }
  return k > 0 && sum < k;
}

function firstViolation(p: Problem, status: Uint8Array, byRank: readonly number[]): Violation | undefined {
  const { lo, hi } = attackerBounds(p, status);
  for (const c of byRank) if (status[c] !== PUBLISHED && lo[c] === hi[c]) return { kind: 'pinned', cell: c };
  for (let g = 0; g < p.groups.length; g++) if (unionShortfall(p, status, g)) return { kind: 'union', group: g };
  return undefined;
}

/**
 * The groups an attacker combines for this violation: for a pinned cell, every group linked to it
 * through suppressed cells; for a union shortfall, the group and the groups below its suppressed
 * subtotals.
 */
function involvedGroups(p: Problem, status: Uint8Array, v: Violation): number[] {
  const seen = new Set<number>();
  const queue: number[] = [];
  const visit = (g: number): void => {
    if (g >= 0 && !seen.has(g)) {
      seen.add(g);
      queue.push(g);
    }
  };
  if (v.kind === 'pinned') {
    visit(p.partOf[v.cell]);
    visit(p.totalOf[v.cell]);
  } else visit(v.group);
  while (queue.length > 0) {
    const g = queue.shift()!;
    for (const c of p.groups[g].parts) {
      if (status[c] !== PUBLISHED) {
        visit(p.totalOf[c]);
      }
    }
    const t = p.groups[g].total;
    if (v.kind === 'pinned' && status[t] !== PUBLISHED) visit(p.partOf[t]);
  }
  return [...seen];
}

/**
 * The next cell to suppress for violation `v`, among the published non-zero parts of the involved
 * groups, in (value, key) order: the first that leaves no violation in those groups; else the first
 * that removes `v`; else the first. With no such part, the total of an involved group.
 */
function chooseComplement(p: Problem, status: Uint8Array, v: Violation): number {
  const groups = involvedGroups(p, status, v);
  const cells = groups.flatMap((g) => [p.groups[g].total, ...p.groups[g].parts]);
  const order = (a: number, b: number): number => p.values[a] - p.values[b] || p.rank[a] - p.rank[b];
  const parts = groups
    .flatMap((g) => p.groups[g].parts)
    .filter((c) => status[c] === PUBLISHED && p.values[c] > 0)
    .sort(order);
  let removesV: number | undefined;
  for (const c of parts) {
    status[c] = COMPLEMENT;
    const { lo, hi } = attackerBounds(p, status);
    const vGone = v.kind === 'pinned' ? lo[v.cell] !== hi[v.cell] : !unionShortfall(p, status, v.group);
    const allGone =
      vGone &&
      cells.every((x) => status[x] === PUBLISHED || lo[x] !== hi[x]) &&
      groups.every((g) => !unionShortfall(p, status, g));
    status[c] = PUBLISHED;
    if (allGone) return c;
    if (vGone) removesV ??= c;
  }
  if (removesV !== undefined) return removesV;
  if (parts.length > 0) return parts[0];
  const totals = groups
    .map((g) => p.groups[g].total)
    .filter((c) => status[c] === PUBLISHED && p.values[c] > 0)
    .sort(order);
  if (totals.length > 0) return totals[0];
  throw new Error('suppression: no cell left to suppress (internal error)');
}

/** Status per cell after primary and secondary suppression. */
function protect(p: Problem): Uint8Array {
  const n = p.values.length;
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (p.values[i] >= 1 && p.values[i] < p.ks[i]) status[i] = PRIMARY;
  // Below a small (or masked) total every part is hidden, zeros included, down the hierarchy.
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of p.groups) {
      if (status[g.total] !== PRIMARY && status[g.total] !== MASKED) continue;
      for (const c of g.parts) if (status[c] !== MASKED) [status[c], changed] = [MASKED, true];
    }
  }
  const byRank = [...Array(n).keys()].sort((a, b) => p.rank[a] - p.rank[b]);
  // Every step suppresses one more cell, so there are at most n steps.
  for (let step = 0; step <= n; step++) {
    const v = firstViolation(p, status, byRank);
    if (v === undefined) return status;
    status[chooseComplement(p, status, v)] = COMPLEMENT;
  }
  throw new Error('suppression: no fixed point (internal error)');
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function entriesOf<K extends string>(counts: Readonly<Record<K, number>> | ReadonlyMap<K, number>): [K, number][] {
  return counts instanceof Map ? [...counts.entries()] : (Object.entries(counts) as [K, number][]);
}

function thresholdOf<K extends string>(k: Threshold<K>, key: K): number {
  return checkK(typeof k === 'number' ? k : k(key), `k for "${key}"`);
}

// ---------------------------------------------------------------------------------------------
// Public entry points for tables

/**
 * Suppresses a hierarchy of additive relations over one set of counts (e.g. buurt → wijk →
 * gemeente, or categories → all categories), to a fixed point over all relations at once.
 * Each key may be the total of at most one group and a part of at most one group (a tree); every
 * total must equal the sum of its parts. Keys in no group get primary suppression only. A total's
 * threshold is raised to the strictest threshold of its parts.
 */
export function suppressHierarchy<K extends string>(
  counts: Readonly<Record<K, number>> | ReadonlyMap<K, number>,
  groups: readonly TotalGroup<K>[],
  k: Threshold<K>,
  options: SuppressOptions = {},
): Map<K, PublishedCount> {
  const roundTo = checkRoundTo(options.roundTo);
  const entries = entriesOf(counts);
  const index = new Map<K, number>();
  for (const [key, n] of entries) {
    checkCount(n, `count for "${key}"`);
    index.set(key, index.size);
  }
  const cell = (key: K): number => {
    const i = index.get(key);
    if (i === undefined) throw new RangeError(`group refers to "${key}", which is not among the counts`);
    return i;
  };
  const values = entries.map(([, n]) => n);
  const n = values.length;
  const partOf = new Array<number>(n).fill(-1);
  const totalOf = new Array<number>(n).fill(-1);
  const cellGroups = groups.map((g, gi) => {
    const total = cell(g.totalKey);
    if (totalOf[total] >= 0) throw new RangeError(`"${g.totalKey}" is the total of more than one group`);
    totalOf[total] = gi;
    const parts = g.partKeys.map((key) => {
      const c = cell(key);
      if (partOf[c] >= 0) throw new RangeError(`"${key}" is a part of more than one group (only trees are supported)`);
      partOf[c] = gi;
      return c;
    });
    const sum = parts.reduce((s, c) => s + values[c], 0);
    if (sum !== values[total]) {
      throw new RangeError(`total "${g.totalKey}" is ${values[total]} but its parts add up to ${sum}; add an explicit residual part`);
    }
    return { total, parts };
  });
  // A cycle (a total that is, via its parents, a part of itself) is not a hierarchy.
  for (let g = 0; g < cellGroups.length; g++) {
    for (let up = g, steps = 0; up >= 0; up = partOf[cellGroups[up].total], steps++) {
      if (steps > cellGroups.length) throw new RangeError(`groups form a cycle through "${groups[g].totalKey}"`);
    }
  }
  const rawK = entries.map(([key]) => thresholdOf(k, key));
  const ks = new Array<number>(n).fill(0);
  const effectiveK = (c: number): number => {
    if (ks[c] === 0) {
      const g = totalOf[c];
      ks[c] = g < 0 ? rawK[c] : Math.max(rawK[c], ...cellGroups[g].parts.map(effectiveK));
    }
    return ks[c];
  };
  for (let c = 0; c < n; c++) effectiveK(c);
  const sortedKeys = entries.map(([key]) => key).sort(compareKeys);
  const rankOf = new Map(sortedKeys.map((key, r) => [key, r]));
  const rank = entries.map(([key]) => rankOf.get(key)!);

  const status = protect({ values, ks, rank, groups: cellGroups, partOf, totalOf });
  const result = new Map<K, PublishedCount>();
  entries.forEach(([key, value], i) => result.set(key, status[i] === PUBLISHED ? published(value, roundTo) : SUPPRESSED));
  return result;
}

/**
 * Suppresses parts shown next to their total (one level). `total` defaults to the sum of the parts;
 * when given it must equal that sum. The total's threshold is the strictest of the parts' thresholds.
 */
export function suppressTable<K extends string>(
  parts: Readonly<Record<K, number>> | ReadonlyMap<K, number>,
  total: number | undefined,
  k: Threshold<K>,
  options: SuppressOptions = {},
): SuppressedTable<K> {
  const entries = entriesOf(parts);
  const sum = entries.reduce((s, [key, n]) => s + checkCount(n, `count for "${key}"`), 0);
  if (total !== undefined && checkCount(total, 'total') !== sum) {
    throw new RangeError(`total is ${total} but the parts add up to ${sum}; add an explicit residual part`);
  }
  // The total gets an internal key that cannot collide with a part key.
  const TOTAL = '\u0000total';
  const counts = new Map<string, number>(entries);
  counts.set(TOTAL, sum);
  const kOf = (key: string): number => (key === TOTAL ? (typeof k === 'number' ? k : 3) : thresholdOf(k, key as K));
  const groups = entries.length > 0 ? [{ totalKey: TOTAL, partKeys: entries.map(([key]) => key) }] : [];
  const out = suppressHierarchy(counts, groups, kOf, options);
  const result = new Map<K, PublishedCount>();
  for (const [key] of entries) result.set(key, out.get(key)!);
  return { parts: result, total: out.get(TOTAL)! };
}

// ---------------------------------------------------------------------------------------------
// Derived figures and display

/** `value` when every input is published, else null (a figure derived from a hidden count is hidden). */
export function derived(value: number | null, ...inputs: readonly PublishedCount[]): number | null {
  return inputs.some((c) => c.suppressed) ? null : value;
}

/** Rate per `per` (default 1,000) of `denominator` (e.g. inhabitants); null if suppressed or no denominator. */
export function ratePer(count: PublishedCount, denominator: number | null | undefined, per = 1000): number | null {
  if (count.suppressed || denominator == null || !(denominator > 0)) return null;
  return (count.value / denominator) * per;
}

/** Share (0 … 1) of `part` in `whole`; null if either is suppressed or the whole is 0. */
export function shareOf(part: PublishedCount, whole: PublishedCount): number | null {
  if (part.suppressed || whole.suppressed || whole.value === 0) return null;
  return part.value / whole.value;
}

/** Change from `previous` to `current`; suppressed when either side is. */
export function changeBetween(current: PublishedCount, previous: PublishedCount): PublishedChange {
  if (current.suppressed || previous.suppressed) return { absolute: null, percent: null, suppressed: true };
  const absolute = current.value - previous.value;
  return { absolute, percent: previous.value === 0 ? null : (absolute / previous.value) * 100, suppressed: false };
}

/** Display text: "<k" for a suppressed cell, else the value in the locale's digits ("1.234" in nl-NL). */
export function formatCount(cell: PublishedCount, k: number, locale = 'nl-NL'): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return cell.suppressed ? `<${format.format(k)}` : format.format(cell.value);
}
