// Extra protection for relations that a briefing itself puts on paper.
//
// Every figure in a briefing is a figure the API publishes for the same filters (areaStatistics,
// timeSeries: one call of the disclosure module each, over its own hierarchy). A briefing also
// shows some of those figures NEXT TO EACH OTHER in ways no single API call does:
//   - the count per category next to the total over the selected categories (total = Σ categories),
//   - a monthly (weekly) series next to the period total, when the points tile the period exactly.
// Each such relation is one total with its parts. This module checks it with the attacker model of
// server/analysis/suppression.ts (methods.md §8): an attacker knows every published value, the
// relation, that counts are non-negative integers and — worst case — which hidden cells are primary
// (1 … k−1), complements (≥ k) or masked zeros (0 … ∞). For ONE relation, interval propagation is
// exact. While a hidden part can be pinned to one value, or the hidden parts together add up to
// less than k (union rule), one more part is hidden (the smallest published non-zero part, as the
// module chooses complements). If the total is hidden, the parts are hidden with it when they
// would otherwise give it back. The result only ever hides MORE than the API does, never less.
import type { PublishedCount } from '../../analysis/suppression.ts';

const HIDDEN: PublishedCount = Object.freeze({ value: null, suppressed: true });

/** What the document shows of one cell, with the attacker's bounds for a hidden one. */
export interface RelationCell {
  /** The published cell (from the API's disclosure call). */
  published: PublishedCount;
  /** Threshold of this cell. */
  k: number;
  /** Bounds an attacker may assume when the cell is hidden (see `boundsOf`). */
  lo: number;
  hi: number;
}

/** Attacker bounds for a hidden cell of true value `raw` (worst case: its status is known). */
export function boundsOf(raw: number | null, k: number): { lo: number; hi: number } {
  if (raw === null) return { lo: 1, hi: k - 1 }; // a primary-only series: every hidden point is 1 … k−1
  if (raw === 0) return { lo: 0, hi: Infinity };
  if (raw < k) return { lo: 1, hi: k - 1 };
  return { lo: k, hi: Infinity };
}

export function cell(published: PublishedCount, k: number, raw: number | null): RelationCell {
  return { published, k, ...boundsOf(raw, k) };
}

export interface RelationResult {
  total: PublishedCount;
  parts: PublishedCount[];
  /** Cells the API publishes that this relation hides. */
  added: number;
}

/** True when the published total and parts let an attacker pin a hidden part or learn a small union. */
export function violates(total: number, parts: readonly RelationCell[]): boolean {
  const hidden = parts.filter((p) => p.published.suppressed);
  if (hidden.length === 0) return false;
  const revealed = total - parts.reduce((s, p) => s + (p.published.suppressed ? 0 : p.published.value), 0);
  const k = Math.max(...hidden.map((p) => p.k));
  if (revealed < k) return true; // union rule (also catches a revealed sum of 0 … k−1)
  const sumLo = hidden.reduce((s, p) => s + p.lo, 0);
  const finiteHi = hidden.filter((p) => p.hi !== Infinity);
  const unbounded = hidden.length - finiteHi.length;
  const sumHi = finiteHi.reduce((s, p) => s + p.hi, 0);
  for (const p of hidden) {
    const othersLo = sumLo - p.lo;
    const othersHi = unbounded - (p.hi === Infinity ? 1 : 0) > 0 ? Infinity : sumHi - (p.hi === Infinity ? 0 : p.hi);
    const lo = Math.max(p.lo, revealed - othersHi);
    const hi = Math.min(p.hi, revealed - othersLo);
    if (lo >= hi) return true;
  }
  return false;
}

function smallestPublished(parts: readonly RelationCell[]): number {
  let best = -1;
  parts.forEach((p, i) => {
    if (p.published.suppressed || p.published.value === 0) return;
    if (best < 0 || p.published.value < (parts[best]!.published.value as number)) best = i;
  });
  return best;
}

/**
 * Protects one relation total = Σ parts as the document shows it. `totalSmall`: the total's true
 * value is 1 … k−1 (then every part is hidden, zeros included, as the module does below a small
 * total). Parts hidden here become complements for the attacker (≥ k).
 */
export function protectRelation(total: RelationCell, parts: readonly RelationCell[], totalSmall = false): RelationResult {
  const work = parts.map((p) => ({ ...p }));
  let totalOut = total.published;
  let added = 0;
  const hide = (i: number) => {
    const p = work[i]!;
    if (!p.published.suppressed) added++;
    work[i] = { ...p, published: HIDDEN, lo: p.published.suppressed ? p.lo : p.k, hi: Infinity };
  };
  const maskAll = () => work.forEach((p, i) => {
    if (!p.published.suppressed) added++;
    work[i] = { ...p, published: HIDDEN, lo: p.published.suppressed ? Math.min(p.lo, 0) : 0, hi: Infinity };
  });

  if (!totalOut.suppressed) {
    for (let step = 0; step <= work.length && violates(totalOut.value as number, work); step++) {
      const i = smallestPublished(work);
      if (i < 0) {
        // Nothing left to hide among the parts: the total goes, the parts follow below.
        totalOut = HIDDEN;
        added++;
        break;
      }
      hide(i);
    }
  }
  if (totalOut.suppressed) {
    if (totalSmall) maskAll();
    else if (work.every((p) => !p.published.suppressed || p.hi !== Infinity)) {
      // With only published or bounded hidden parts the total could be bracketed or read back:
      // hide one more part (unbounded above for the attacker), or all of them if none is left.
      const i = smallestPublished(work);
      if (i >= 0) hide(i);
      else maskAll();
    }
  }
  return { total: totalOut, parts: work.map((p) => p.published), added };
}
