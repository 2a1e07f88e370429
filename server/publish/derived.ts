/**
 * Figures derived from published counts: rates, shares and changes. They are computed from the
 * published (perturbed) values, never from true counts, so they reveal nothing the counts do not;
 * a figure that needs a hidden count is hidden too. Published figures may therefore not add up
 * exactly (a total is published on its own, not as the sum of its published parts) — the UI and
 * the briefings say so, as CBS does.
 */
import type { PublishedCount } from './publisher.ts';

export interface PublishedChange {
  /** current − previous, or null when either is hidden or missing. */
  readonly absolute: number | null;
  /** (current − previous) / previous × 100; null when hidden, missing or previous is 0. */
  readonly percent: number | null;
  readonly suppressed: boolean;
}

export type RateWithheld = 'hidden' | 'small-population' | 'no-population' | null;

export interface PublishedRate {
  /** Per 1,000 inhabitants, or null (see `withheld`). */
  readonly value: number | null;
  readonly withheld: RateWithheld;
}

/**
 * A rate per `per` inhabitants. Withheld when the count is hidden, when the population is unknown,
 * or when it is below `minPopulation` (a rate on a handful of inhabitants — an industrial estate —
 * is mostly noise and reads as alarming).
 */
export function rateOf(count: PublishedCount | null, inhabitants: number | null | undefined, minPopulation: number, per = 1000): PublishedRate {
  if (!count || count.suppressed) return { value: null, withheld: count ? 'hidden' : null };
  if (inhabitants == null || !(inhabitants > 0)) return { value: null, withheld: 'no-population' };
  if (inhabitants < minPopulation) return { value: null, withheld: 'small-population' };
  return { value: (count.value / inhabitants) * per, withheld: null };
}

/** Share (0 … 1) of `part` in `whole`; null if either is hidden or missing, or the whole is 0. */
export function shareOf(part: PublishedCount | null, whole: PublishedCount | null): number | null {
  if (!part || !whole || part.suppressed || whole.suppressed || whole.value === 0) return null;
  return part.value / whole.value;
}

/** Change from `previous` to `current`; hidden when either side is. A missing side (no data) gives no change. */
export function changeBetween(current: PublishedCount | null, previous: PublishedCount | null): PublishedChange {
  if (!current || !previous) return { absolute: null, percent: null, suppressed: false };
  if (current.suppressed || previous.suppressed) return { absolute: null, percent: null, suppressed: true };
  const absolute = current.value - previous.value;
  return { absolute, percent: previous.value === 0 ? null : (absolute / previous.value) * 100, suppressed: false };
}

/**
 * The number a statistic computed over many published counts (the hot-spot map's Gi*) takes for
 * one of them: its published value, and for a count shown as "<k" the middle of what it may be,
 * (k − 1) / 2, the same for every such count, so the statistic is a function of what the grid
 * shows and tells nothing about which hidden cells hold reports. (It used each hidden cell's
 * perturbed value: hot bins around a cell shown "<10" then told that it held reports.) A withheld
 * count (rule 4) has none: nothing is derived from it.
 */
export function derivedValue(cell: PublishedCount, k: number): number {
  if (cell.suppressed) {
    if (cell.withheld) throw new RangeError('a withheld count has no value to derive from');
    return (k - 1) / 2;
  }
  return cell.value;
}

/** Display text: "<k" for a hidden count, "x" for a withheld one (publisher.ts, rule 4), else the
 *  value in the locale's digits ("1.234" in nl-NL). */
export function formatCount(cell: PublishedCount, k: number, locale = 'nl-NL'): string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  if (cell.suppressed) return cell.withheld ? WITHHELD_TEXT : `<${format.format(k)}`;
  return format.format(cell.value);
}

/** How a withheld count reads (CBS's sign for a figure kept confidential). */
export const WITHHELD_TEXT = 'x';

/** A count withheld whatever its size (publisher.ts, rule 4): its "suppressed" is not "below k". */
export function isWithheld(c: PublishedCount | null | undefined): boolean {
  return c?.suppressed === true && c.withheld === true;
}

/** `{ withheld: true }` for a withheld count, else nothing (grid and hot-spot cell properties). */
export function withheldFlag(c: PublishedCount | null | undefined): { withheld?: true } {
  return isWithheld(c) ? { withheld: true } : {};
}
