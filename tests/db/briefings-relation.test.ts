import { describe, expect, it } from 'vitest';
import { randomInt, randomLcg } from 'd3-random';
import { suppressCount, type PublishedCount } from '../../server/analysis/suppression.ts';
import { cell, protectRelation, violates } from '../../server/services/briefings/relation.ts';
import { rewindForD3, signedArea, type Geometry } from '../../server/services/briefings/charts.ts';
import { tiles } from '../../server/services/briefings/model.ts';

// The extra protection a briefing applies where it shows a total next to all its parts
// (server/services/briefings/relation.ts), checked against a brute-force attacker.

const pub = (v: number): PublishedCount => ({ value: v, suppressed: false });
const HIDDEN: PublishedCount = { value: null, suppressed: true };

/**
 * Everything an attacker can still consider when the total is published: all integer vectors for
 * the hidden parts that respect the published values, each hidden cell's status (primary
 * 1 … k−1, complement ≥ k, masked ≥ 0) and total = Σ parts.
 */
type Status = 'pub' | 'primary' | 'complement' | 'masked';
function rangeOf(status: Status, k: number, max: number): [number, number] {
  return status === 'primary' ? [1, k - 1] : status === 'complement' ? [k, max] : [0, max];
}
function feasible(raw: number[], ks: number[], status: Status[], total: number): number[][] {
  const hidden = raw.map((_, i) => i).filter((i) => status[i] !== 'pub');
  const published = raw.reduce((s, v, i) => s + (status[i] === 'pub' ? v : 0), 0);
  const out: number[][] = [];
  const walk = (n: number, acc: number[], left: number) => {
    if (n === hidden.length) {
      if (left === 0) out.push([...acc]);
      return;
    }
    const [lo, hi] = rangeOf(status[hidden[n]!]!, ks[hidden[n]!]!, left);
    for (let v = lo; v <= Math.min(hi, left); v++) walk(n + 1, [...acc, v], left - v);
  };
  walk(0, [], total - published);
  return out;
}

describe('protectRelation (total = Σ parts shown together)', () => {
  it('hides a second part when one hidden part could be read back from the total', () => {
    // hennep 3 (hidden by the API), drugslab 12, afval 7, total 22 published: 22 − 19 = 3.
    const r = protectRelation(cell(pub(22), 5, 22), [cell(HIDDEN, 5, 3), cell(pub(12), 5, 12), cell(pub(7), 5, 7)]);
    expect(r.parts.filter((p) => p.suppressed)).toHaveLength(2);
    expect(r.parts[2]).toEqual(HIDDEN); // the smallest published non-zero part
    expect(r.parts[1]).toEqual(pub(12));
    expect(r.total).toEqual(pub(22));
    expect(r.added).toBe(1);
  });

  it('hides a part that the API hid as a complement elsewhere, if the total gives it back', () => {
    // The only hidden part is 12 (a complement in its own area hierarchy): total − rest = 12.
    const r = protectRelation(cell(pub(40), 10, 40), [cell(HIDDEN, 5, 12), cell(pub(20), 5, 20), cell(pub(8), 5, 8), cell(pub(0), 5, 0)]);
    expect(r.parts.map((p) => p.suppressed)).toEqual([true, false, true, false]);
  });

  it('applies the union rule: hidden parts that add up to less than k', () => {
    const r = protectRelation(cell(pub(30), 10, 30), [cell(HIDDEN, 5, 1), cell(HIDDEN, 5, 2), cell(pub(27), 5, 27)]);
    expect(r.parts[2]).toEqual(HIDDEN);
    expect(violates(30, [cell(HIDDEN, 5, 1), cell(HIDDEN, 5, 2), cell(pub(27), 5, 27)])).toBe(true);
  });

  it('hides the total when nothing else is left to hide', () => {
    const r = protectRelation(cell(pub(7), 5, 7), [cell(HIDDEN, 5, 7), cell(pub(0), 5, 0)]);
    expect(r.total).toEqual(HIDDEN);
  });

  it('below a small total hides every part, zeros included', () => {
    const r = protectRelation(cell(HIDDEN, 10, 4), [cell(HIDDEN, 5, 2), cell(HIDDEN, 5, 2), cell(pub(0), 5, 0), cell(pub(0), 5, 0)], true);
    expect(r.parts.every((p) => p.suppressed)).toBe(true);
  });

  it('does not let a hidden total be added up from its parts', () => {
    const r = protectRelation(cell(HIDDEN, 10, 25), [cell(pub(10), 5, 10), cell(pub(15), 5, 15)]);
    expect(r.parts.some((p) => p.suppressed)).toBe(true);
  });

  it('leaves a safe relation alone and never publishes what the API hides', () => {
    const parts = [cell(HIDDEN, 5, 3), cell(HIDDEN, 5, 4), cell(pub(20), 5, 20), cell(pub(0), 5, 0)];
    const r = protectRelation(cell(pub(27), 5, 27), parts);
    expect(r.added).toBe(0);
    expect(r.parts).toEqual(parts.map((p) => p.published));
  });

  it('leaves no hidden part pinned and no small union, for 3,000 random relations (brute-force attacker)', () => {
    const rng = randomLcg(0.424242);
    const int = (lo: number, hi: number) => randomInt.source(rng)(lo, hi + 1)();
    let hiddenSeen = 0;
    let added = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const n = int(2, 4);
      const ks = Array.from({ length: n }, () => (int(0, 3) === 0 ? 10 : 5));
      const raw = Array.from({ length: n }, () => (int(0, 2) === 0 ? 0 : int(1, 14)));
      const total = raw.reduce((s, v) => s + v, 0);
      const kTotal = Math.max(...ks);
      // The API's view: primary suppression per part, and now and then a part hidden as a
      // complement (≥ k) by its own hierarchy; the total as published by its hierarchy.
      const apiParts = raw.map((v, i) => (v >= ks[i]! && int(0, 5) === 0 ? HIDDEN : suppressCount(v, ks[i]!)));
      const apiTotal = total >= 1 && total < kTotal ? HIDDEN : int(0, 6) === 0 && total >= kTotal ? HIDDEN : pub(total);
      const r = protectRelation(cell(apiTotal, kTotal, total), raw.map((v, i) => cell(apiParts[i]!, ks[i]!, v)), total >= 1 && total < kTotal);
      // Never less than the API.
      apiParts.forEach((p, i) => { if (p.suppressed) expect(r.parts[i]!.suppressed).toBe(true); });
      if (apiTotal.suppressed) expect(r.total.suppressed).toBe(true);
      r.parts.forEach((p, i) => { if (!p.suppressed) expect(p.value).toBe(raw[i]); });
      added += r.added;
      const status = raw.map((v, i) => (!r.parts[i]!.suppressed ? 'pub' : v === 0 ? 'masked' : v < ks[i]! ? 'primary' : 'complement') as Status);
      const hidden = status.map((st, i) => (st === 'pub' ? -1 : i)).filter((i) => i >= 0);
      hiddenSeen += hidden.length;
      if (!r.total.suppressed) {
        const options = feasible(raw, ks, status, total);
        expect(options.length, `trial ${trial}`).toBeGreaterThan(0);
        hidden.forEach((i, h) => {
          const values = new Set(options.map((o) => o[h]));
          expect(values.size, `trial ${trial}: part ${i} of ${JSON.stringify({ raw, ks, status, total })} is pinned`).toBeGreaterThan(1);
        });
        if (hidden.length > 0) {
          const revealed = total - raw.reduce((s, v, i) => s + (status[i] === 'pub' ? v : 0), 0);
          expect(revealed, `trial ${trial}: union of hidden parts`).toBeGreaterThanOrEqual(Math.max(...hidden.map((i) => ks[i]!)));
        }
      } else {
        // A hidden total: the parts bound it; it must not be pinned, and must stay open above
        // unless it is small (then every part is hidden with it).
        const ranges = hidden.map((i) => rangeOf(status[i]!, ks[i]!, Infinity));
        const lo = ranges.reduce((s, [a]) => s + a, 0);
        const hi = ranges.reduce((s, [, b]) => s + b, 0);
        expect(hi, `trial ${trial}: hidden total pinned by ${JSON.stringify({ raw, ks, status })}`).toBeGreaterThan(lo);
        // Open above, unless every part is a primary (1 … k−1) — as in the module's own tables.
        if (!(total >= 1 && total < kTotal) && !status.every((st) => st === 'primary')) expect(hi, `trial ${trial}: hidden total bracketed ${JSON.stringify({ raw, ks, status })}`).toBe(Infinity);
      }
    }
    expect(hiddenSeen).toBeGreaterThan(1000);
    expect(added).toBeGreaterThan(50);
  });
});

describe('briefing helpers', () => {
  it('rewinds rings for d3-geo: exterior clockwise, holes counterclockwise', () => {
    const ccw: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
    const hole: [number, number][] = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]; // clockwise
    expect(signedArea(ccw)).toBeGreaterThan(0);
    const g = rewindForD3({ type: 'Polygon', coordinates: [ccw, hole] }) as Extract<Geometry, { type: 'Polygon' }>;
    expect(signedArea(g.coordinates[0]!)).toBeLessThan(0);
    expect(signedArea(g.coordinates[1]!)).toBeGreaterThan(0);
    const again = rewindForD3(g) as Extract<Geometry, { type: 'Polygon' }>;
    expect(again.coordinates).toEqual(g.coordinates);
  });

  it('knows when a series tiles a period', () => {
    const months = [{ start: '2025-01-01', end: '2025-01-31' }, { start: '2025-02-01', end: '2025-02-28' }];
    expect(tiles(months, { from: '2025-01-01', to: '2025-02-28' })).toBe(true);
    expect(tiles(months, { from: '2025-01-02', to: '2025-02-28' })).toBe(false);
    expect(tiles([months[0]!, { start: '2025-02-02', end: '2025-02-28' }], { from: '2025-01-01', to: '2025-02-28' })).toBe(false);
  });
});
