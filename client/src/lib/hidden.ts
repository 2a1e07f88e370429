/**
 * When disclosure control hides most of a view: how much is hidden, and what to offer instead —
 * the coarser level (buurt → wijk, small hexagons → larger) or the next longer period of the menu.
 * Pure (no DOM, no state), shared by the map, the area table and the area panel.
 *
 * The threshold: a view is "mostly hidden" when at least half of its cells *with data* read "<k"
 * (cells of a municipality or period without data do not count either way), and there are at least
 * three such cells. At half, the hatching is the pattern the eye reads and no ranking of the areas
 * is possible any more; below three cells a single "<k" would already be 50 % or 100 %, which says
 * more about the tiny view than about disclosure control.
 */
import type { PublishedCount } from './api.ts';
import { isWithheld } from './format.ts';
import { periodOfToken, type Period, type PeriodMenu } from './periods.ts';
import type { AreaLevel, CellSize } from './url-state.ts';

export const MOSTLY_HIDDEN_SHARE = 0.5;
export const MOSTLY_HIDDEN_MIN_CELLS = 3;

export interface HiddenSummary {
  /** Cells with a published figure or "<k" (no-data cells left out). */
  withData: number;
  hidden: number;
  /** Of the hidden ones, those withheld whatever their size (all categories over one week of a
   *  buurt or a hexagon), not "<k". */
  withheld: number;
  /** hidden / withData (0 without cells). */
  share: number;
  mostlyHidden: boolean;
}

/** Counts of a view: null is "no data" and does not count. */
export function hiddenSummary(counts: readonly (PublishedCount | null | undefined)[]): HiddenSummary {
  let withData = 0;
  let hidden = 0;
  let withheld = 0;
  for (const c of counts) {
    if (!c) continue;
    withData++;
    if (c.suppressed) hidden++;
    if (isWithheld(c)) withheld++;
  }
  const share = withData ? hidden / withData : 0;
  return { withData, hidden, withheld, share, mostlyHidden: withData >= MOSTLY_HIDDEN_MIN_CELLS && share >= MOSTLY_HIDDEN_SHARE };
}

export function coarserLevel(level: AreaLevel): AreaLevel | null {
  return level === 'buurt' ? 'wijk' : null;
}

export function coarserCell(cell: CellSize): CellSize | null {
  return cell === 250 ? 500 : cell === 500 ? 1000 : null;
}

/** Every period of the menu (recent, years, quarters, months; single weeks are not listed). */
export function menuPeriods(menu: PeriodMenu): Period[] {
  return [...menu.months, ...menu.quarters, ...menu.years, ...menu.last];
}

const KIND_ORDER: Record<string, number> = { week: 0, month: 1, quarter: 2, year: 3, last: 4, all: 5 };

/**
 * The next longer period of the menu: the shortest menu period that holds the whole current one
 * and is longer (a week → its month, a month → its quarter, a quarter → its year, last 1 → 3 → 6 →
 * 12 months). Ties go to the calendar period (a quarter before "the last 3 months"). A week of
 * the month that is not complete yet has no month holding it: then the most recent longer period,
 * the shortest of those (the last complete month). Null when the menu has nothing longer (a year, the last 12
 * months).
 */
export function longerPeriod(current: Period, menu: PeriodMenu): Period | null {
  const longer = menuPeriods(menu).filter((p) => p.weeks > current.weeks);
  const holding = longer.filter((p) => p.from <= current.from && p.to >= current.to);
  holding.sort((a, b) => a.weeks - b.weeks || (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9));
  if (holding[0] || current.kind !== 'week') return holding[0] ?? null;
  // A week nothing holds: the most recent longer period, the shortest of those.
  longer.sort((a, b) => (a.to < b.to ? 1 : a.to > b.to ? -1 : 0) || a.weeks - b.weeks || (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9));
  return longer[0] ?? null;
}

/** The same for a token (the URL's period), for callers without a resolved period. */
export function longerPeriodOfToken(token: string, menu: PeriodMenu): Period | null {
  try {
    return longerPeriod(periodOfToken(token, menu.dataEnd), menu);
  } catch {
    return null;
  }
}
