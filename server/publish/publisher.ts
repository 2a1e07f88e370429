/**
 * The publication rule for a count of reports (docs/disclosure.md, methods.md §8).
 *
 * 1. Perturbation (cell-key method). n' = n + v(n, ck): the p-table row for n and the cell key
 *    ck = (Σ record keys of exactly the counted reports mod 2^32) / 2^32 choose the noise v. The same
 *    set of reports always gives the same n', whatever request, export or briefing shows it; a
 *    different set gets independent noise. Zero stays zero.
 * 2. Threshold after perturbation. n' < k is shown as "<k" (`suppressed`). For the sensitive
 *    categories (`categories.sensitive`) and for "all categories" (which contains them) k is the
 *    sensitive threshold and a zero is shown as "<k" too: a published 0 would set "no reports" apart
 *    from a small count, and differences between such figures would reveal single reports. For the
 *    other categories a 0 (true 0, or 1 and 2 perturbed to 0) is shown as 0.
 * 3. Optional rounding of what is shown (`roundTo`, CBS practice), after the threshold; a shown
 *    value never rounds below k.
 * 4. All categories together over a single week of a buurt, a wijk or a grid cell is not
 *    published at all (`withheld`, shown as "x"), whatever its size: next to the same week's
 *    published counts of the other categories such a total told which weeks of a buurt or a wijk
 *    had a sensitive report (docs/disclosure.md, "Weekly totals of a buurt or a wijk"). The municipality's
 *    weekly total stays.
 * Derived figures (rates, shares, changes) are computed from published counts (derived.ts).
 */
import { noise, type PTable } from './ptable.ts';

/** A count as it may be published: its (perturbed) value, or hidden as "<k". */
export type PublishedCount =
  | { readonly value: number; readonly suppressed: false }
  | { readonly value: null; readonly suppressed: true; readonly withheld?: true };

/** Σ record keys of a set of reports, as the database returns it (any size; reduced mod 2^32 here). */
export type KeySum = bigint | number | string;

export interface PublishScope {
  /** The one category counted, or null for all categories together. */
  readonly category: string | null;
  /**
   * What the set of reports covers. Matters only with `hideAreaZeros`: then a published 0 of a
   * municipality or a grid cell is still shown as 0 and one of a buurt, a wijk or a signal's zone
   * (or of a scope that does not say) as "<k". It must follow the set, not the route: the same set
   * shown as 0 in one answer and as "<k" in another would give its published value away.
   */
  readonly area?: 'gemeente' | 'cell' | 'wijk' | 'buurt' | 'zone';
  /** How many weeks the set spans, where it is a stretch of whole weeks (rule 4); unset: not a
   *  count of reports over weeks (e.g. inspections), never withheld by that rule. */
  readonly weeks?: number;
}

export interface PublicationRules {
  readonly k: number;
  readonly kSensitive: number;
  /** Round shown values to a multiple of this (0 or 1: no rounding). */
  readonly roundTo: number;
  readonly table: PTable;
  /** Codes of the sensitive categories (from `categories.sensitive`). */
  readonly sensitive: ReadonlySet<string>;
  /** Show a published 0 of buurten, wijken and zones as "<k" in every category (PublishScope.area). */
  readonly hideAreaZeros?: boolean;
}

const HIDDEN: PublishedCount = Object.freeze({ value: null, suppressed: true });
const WITHHELD: PublishedCount = Object.freeze({ value: null, suppressed: true, withheld: true });
const TWO_32 = 4294967296;
const TWO_32_BIG = 4294967296n;

/** The cell key of a set of reports: (Σ record keys mod 2^32) / 2^32, in [0, 1). */
export function cellKey(keySum: KeySum): number {
  if (typeof keySum === 'number') {
    if (!Number.isSafeInteger(keySum) || keySum < 0) throw new RangeError(`key sum must be a non-negative integer, got ${keySum}`);
    return (keySum % TWO_32) / TWO_32;
  }
  const big = BigInt(keySum);
  if (big < 0n) throw new RangeError(`key sum must be non-negative, got ${keySum}`);
  return Number(big % TWO_32_BIG) / TWO_32;
}

/** Publishes counts of reports by the rules above. One per installation and data version. */
export class Publisher {
  readonly rules: PublicationRules;

  constructor(rules: PublicationRules) {
    if (!Number.isInteger(rules.k) || rules.k < 3) throw new RangeError(`k must be an integer ≥ 3, got ${rules.k}`);
    if (!Number.isInteger(rules.kSensitive) || rules.kSensitive < 3) throw new RangeError(`kSensitive must be an integer ≥ 3, got ${rules.kSensitive}`);
    this.rules = rules;
  }

  /** True for a sensitive category and for all categories together (which contain them). */
  isSensitive(category: string | null): boolean {
    return category === null || this.rules.sensitive.has(category);
  }

  /** The threshold below which a published count is shown as "<k". */
  k(category: string | null): number {
    return this.isSensitive(category) ? Math.max(this.rules.k, this.rules.kSensitive) : this.rules.k;
  }

  /** The perturbed value n' (before the threshold): internal, for figures derived from published ones. */
  perturbed(n: number, keySum: KeySum): number {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`count must be a non-negative integer, got ${n}`);
    return n === 0 ? 0 : n + noise(this.rules.table, n, cellKey(keySum));
  }

  /** The published form of a count of reports whose record keys sum to `keySum`. */
  count(n: number, keySum: KeySum, scope: PublishScope): PublishedCount {
    const value = this.perturbed(n, keySum);
    return this.show(value, scope);
  }

  /** A published 0 is shown as "<k" for sensitive categories (and all together), and with
   *  `hideAreaZeros` for every set that is not a municipality's or a grid cell's. */
  private hidesZero(scope: PublishScope): boolean {
    return this.isSensitive(scope.category) || (this.rules.hideAreaZeros === true && scope.area !== 'gemeente' && scope.area !== 'cell');
  }

  /** Rule 4: all categories over one week of a buurt, a wijk or a grid cell (or a set that does
   *  not say what it covers). Signal zones are chosen by the engine, not asked for: docs/disclosure.md. */
  withholds(scope: PublishScope): boolean {
    return scope.category === null && scope.weeks === 1 && scope.area !== 'gemeente' && scope.area !== 'zone';
  }

  /** The threshold and rounding for an already perturbed value. */
  show(value: number, scope: PublishScope): PublishedCount {
    if (this.withholds(scope)) return WITHHELD;
    const k = this.k(scope.category);
    if (value === 0 && !this.hidesZero(scope)) return { value: 0, suppressed: false };
    if (value < k) return HIDDEN;
    const r = this.rules.roundTo > 1 ? this.rules.roundTo : 1;
    return { value: r === 1 ? value : Math.max(Math.ceil(k / r) * r, Math.round(value / r) * r), suppressed: false };
  }
}
