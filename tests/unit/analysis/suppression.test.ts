import { randomLcg } from 'd3';
import { describe, expect, it } from 'vitest';
import {
  changeBetween,
  defaultDisclosure,
  derived,
  disclosureConfig,
  formatCount,
  ratePer,
  roundCount,
  shareOf,
  suppressCount,
  suppressHierarchy,
  suppressTable,
  thresholdFor,
} from '../../../server/analysis/suppression.ts';
import type { PublishedCount, TotalGroup } from '../../../server/analysis/suppression.ts';

const pub = (value: number): PublishedCount => ({ value, suppressed: false });
const hidden: PublishedCount = { value: null, suppressed: true };

/** Published values as a plain object, suppressed cells as null. */
function values<K extends string>(m: Map<K, PublishedCount>): Record<string, number | null> {
  return Object.fromEntries([...m].map(([key, c]) => [key, c.value]));
}

const categoryK = (cat: string): number => thresholdFor([cat]);

// -------------------------------------------------------------------------------------------------
// A brute-force attacker, independent of the module's interval propagation: exact sets of feasible
// values, built bottom-up over the tree of relations. The attacker knows every published value, the
// relations, and (worst case) which hidden cells are primary (1 … k−1) and which are complements (≥ k).

interface Case {
  counts: Map<string, number>;
  groups: readonly TotalGroup[];
  /** Effective threshold per key (a total: the strictest of its parts). */
  k: Map<string, number>;
  out: Map<string, PublishedCount>;
}

function effectiveK(counts: Map<string, number>, groups: readonly TotalGroup[], raw: (key: string) => number): Map<string, number> {
  const byTotal = new Map(groups.map((g) => [g.totalKey, g]));
  const k = new Map<string, number>();
  const of = (key: string): number => {
    if (!k.has(key)) {
      const g = byTotal.get(key);
      k.set(key, Math.max(raw(key), ...(g ? g.partKeys.map(of) : [])));
    }
    return k.get(key)!;
  };
  for (const key of counts.keys()) of(key);
  return k;
}

/**
 * Parts below a hidden small total (or below such a part): all hidden, zeros included, so the
 * attacker only knows 0 … total for them.
 */
function maskedCells(c: Case): Set<string> {
  const masked = new Set<string>();
  const visit = (g: TotalGroup): void => {
    const total = g.totalKey;
    const small = c.out.get(total)!.suppressed && (masked.has(total) || c.counts.get(total)! < c.k.get(total)!);
    if (!small) return;
    for (const part of g.partKeys) {
      masked.add(part);
      const child = c.groups.find((h) => h.totalKey === part);
      if (child) visit(child);
    }
  };
  const isPart = new Set(c.groups.flatMap((g) => g.partKeys));
  for (const g of c.groups) if (!isPart.has(g.totalKey)) visit(g);
  // Groups below a published or complement total can still have a small total of their own.
  for (const g of c.groups) visit(g);
  return masked;
}

/** Hidden cells whose value the attacker can pin down, with the value. */
function pinnedCells(c: Case): { key: string; value: number }[] {
  const children = new Map(c.groups.map((g) => [g.totalKey, g.partKeys]));
  const isPart = new Set(c.groups.flatMap((g) => g.partKeys));
  const roots = [...c.counts.keys()].filter((key) => !isPart.has(key));
  const rootOf = new Map<string, string>();
  const walk = (key: string, root: string): void => {
    rootOf.set(key, root);
    for (const child of children.get(key) ?? []) walk(child, root);
  };
  for (const r of roots) walk(r, r);

  const masked = maskedCells(c);
  const pinned: { key: string; value: number }[] = [];
  for (const [key, cell] of c.out) {
    if (!cell.suppressed) continue;
    const root = rootOf.get(key)!;
    const rootCell = c.out.get(root)!;
    // With a published root every cell is at most the root; otherwise search a generous range
    // (a smaller range only hides feasible values, so "not pinned" stays a sound verdict).
    const cap = rootCell.suppressed ? c.counts.get(root)! + 60 : rootCell.value;
    const domain = (x: string, forced: number | undefined): Uint8Array => {
      const set = new Uint8Array(cap + 1);
      const out = c.out.get(x)!;
      const k = c.k.get(x)!;
      const v = c.counts.get(x)!;
      if (!out.suppressed) set[out.value] = 1;
      else if (masked.has(x)) set.fill(1);
      else if (v < k) for (let i = 1; i < k && i <= cap; i++) set[i] = 1;
      else for (let i = k; i <= cap; i++) set[i] = 1;
      if (forced === undefined) return set;
      const only = new Uint8Array(cap + 1);
      only[forced] = set[forced];
      return only;
    };
    const feasible = (x: string, forcedKey: string, forced: number): Uint8Array => {
      const dom = domain(x, x === forcedKey ? forced : undefined);
      const kids = children.get(x);
      if (!kids) return dom;
      let acc = new Uint8Array(cap + 1);
      acc[0] = 1;
      for (const kid of kids) {
        const f = feasible(kid, forcedKey, forced);
        const next = new Uint8Array(cap + 1);
        for (let i = 0; i <= cap; i++) {
          if (!acc[i]) continue;
          for (let j = 0; i + j <= cap; j++) if (f[j]) next[i + j] = 1;
        }
        acc = next;
      }
      for (let i = 0; i <= cap; i++) dom[i] &= acc[i];
      return dom;
    };
    const possible = (v: number): boolean => feasible(root, key, v).some((b) => b === 1);
    const truth = c.counts.get(key)!;
    if (!possible(truth)) throw new Error(`oracle: true value of ${key} infeasible`);
    let other = false;
    for (let d = 1; d <= cap && !other; d++) other = (truth - d >= 0 && possible(truth - d)) || (truth + d <= cap && possible(truth + d));
    if (!other) pinned.push({ key, value: truth });
  }
  return pinned;
}

/** Rule 3: for each published total, the hidden leaves below it (through hidden subtotals) sum to ≥ k. */
function unionShortfalls(c: Case): string[] {
  const children = new Map(c.groups.map((g) => [g.totalKey, g.partKeys]));
  const bad: string[] = [];
  for (const g of c.groups) {
    if (c.out.get(g.totalKey)!.suppressed) continue;
    let sum = 0;
    let k = 0;
    const stack = [...g.partKeys];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (!c.out.get(key)!.suppressed) continue;
      k = Math.max(k, c.k.get(key)!);
      const kids = children.get(key);
      if (kids) stack.push(...kids);
      else sum += c.counts.get(key)!;
    }
    if (k > 0 && sum < k) bad.push(`${g.totalKey}: hidden sum ${sum} < ${k}`);
  }
  return bad;
}

/** All invariants of one suppressed case; returns a list of problems (empty = fine). */
function problems(c: Case): string[] {
  const found: string[] = [];
  const masked = maskedCells(c);
  for (const [key, v] of c.counts) {
    const cell = c.out.get(key)!;
    const k = c.k.get(key)!;
    if (!cell.suppressed && cell.value !== v) found.push(`${key}: published ${cell.value}, input ${v}`);
    if (v >= 1 && v < k && !cell.suppressed) found.push(`${key}: ${v} < ${k} published`);
    if (v === 0 && cell.suppressed && !masked.has(key)) found.push(`${key}: zero suppressed`);
    if (masked.has(key) && !cell.suppressed) found.push(`${key}: published below a small total`);
  }
  for (const g of c.groups) {
    const hiddenParts = g.partKeys.filter((key) => c.out.get(key)!.suppressed).length;
    const totalHidden = c.out.get(g.totalKey)!.suppressed;
    if (!totalHidden && hiddenParts === 1) found.push(`${g.totalKey}: exactly one hidden part next to a published total`);
    if (totalHidden && hiddenParts === 0) found.push(`${g.totalKey}: hidden total equals the sum of published parts`);
  }
  found.push(...unionShortfalls(c));
  found.push(...pinnedCells(c).map((p) => `${p.key} pinned at ${p.value}`));
  return found;
}

function caseOf(counts: Record<string, number>, groups: TotalGroup[], k: number | ((key: string) => number), out: Map<string, PublishedCount>): Case {
  const m = new Map(Object.entries(counts));
  return { counts: m, groups, k: effectiveK(m, groups, typeof k === 'number' ? () => k : k), out };
}

// -------------------------------------------------------------------------------------------------

describe('thresholds and configuration', () => {
  it('uses k = 5, and k = 10 as soon as a sensitive category is covered', () => {
    expect(thresholdFor(['hennep'])).toBe(5);
    expect(thresholdFor(['hennep', 'witwassen'])).toBe(5);
    expect(thresholdFor(['prostitutie'])).toBe(10);
    expect(thresholdFor(['hennep', 'adresfraude'])).toBe(10);
    expect(thresholdFor(['illegale_bewoning'])).toBe(10);
    expect(thresholdFor('all')).toBe(10);
    expect(thresholdFor([])).toBe(10); // an empty filter is treated as "all categories"
  });

  it('takes configured thresholds and the stricter of k and kSensitive', () => {
    const cfg = disclosureConfig({ k: 7, kSensitive: 6, sensitiveCategories: ['overig'] });
    expect(thresholdFor(['hennep'], cfg)).toBe(7);
    expect(thresholdFor(['overig'], cfg)).toBe(7);
    const none = disclosureConfig({ sensitiveCategories: [] });
    expect(thresholdFor('all', none)).toBe(5);
    expect(thresholdFor(['prostitutie'], none)).toBe(5);
    expect(defaultDisclosure.k).toBe(5);
    expect(defaultDisclosure.kSensitive).toBe(10);
  });

  it('rejects thresholds below 3 and bad rounding', () => {
    expect(() => disclosureConfig({ k: 2 })).toThrow(RangeError);
    expect(() => disclosureConfig({ kSensitive: 4.5 })).toThrow(RangeError);
    expect(() => disclosureConfig({ roundTo: -5 })).toThrow(RangeError);
    expect(() => suppressCount(3, 2)).toThrow(RangeError);
  });
});

describe('suppressCount (primary suppression)', () => {
  it('suppresses 1 … k−1 and publishes 0 and k upwards', () => {
    expect(suppressCount(0, 5)).toEqual({ value: 0, suppressed: false });
    expect(suppressCount(1, 5)).toEqual({ value: null, suppressed: true });
    expect(suppressCount(4, 5)).toEqual({ value: null, suppressed: true });
    expect(suppressCount(5, 5)).toEqual({ value: 5, suppressed: false });
    expect(suppressCount(9, 10)).toEqual({ value: null, suppressed: true });
    expect(suppressCount(10, 10)).toEqual({ value: 10, suppressed: false });
  });

  it('rounds published counts when asked, after suppression', () => {
    expect(suppressCount(12, 5, { roundTo: 5 })).toEqual({ value: 10, suppressed: false });
    expect(suppressCount(13, 5, { roundTo: 5 })).toEqual({ value: 15, suppressed: false });
    expect(suppressCount(4, 5, { roundTo: 5 })).toEqual({ value: null, suppressed: true });
    expect(suppressCount(0, 5, { roundTo: 5 })).toEqual({ value: 0, suppressed: false });
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => suppressCount(-1, 5)).toThrow(RangeError);
    expect(() => suppressCount(2.5, 5)).toThrow(RangeError);
    expect(() => suppressCount(Number.NaN, 5)).toThrow(RangeError);
  });
});

describe('roundCount', () => {
  it('rounds half up to a multiple and never turns a non-zero count into 0', () => {
    expect(roundCount(7, 5)).toBe(5);
    expect(roundCount(8, 5)).toBe(10);
    expect(roundCount(15, 10)).toBe(20);
    expect(roundCount(2, 5)).toBe(5);
    expect(roundCount(0, 5)).toBe(0);
    expect(roundCount(13, 1)).toBe(13);
    expect(roundCount(13, 0)).toBe(13);
  });
});

describe('suppressTable (parts next to their total)', () => {
  it('publishes everything when no count is small', () => {
    const r = suppressTable({ a: 5, b: 0, c: 12 }, 17, 5);
    expect(values(r.parts)).toEqual({ a: 5, b: 0, c: 12 });
    expect(r.total).toEqual({ value: 17, suppressed: false });
  });

  it('suppresses the next-smallest part when one part is hidden, never a zero', () => {
    const r = suppressTable({ a: 3, b: 0, c: 10, d: 20 }, undefined, 5);
    expect(values(r.parts)).toEqual({ a: null, b: 0, c: null, d: 20 });
    expect(r.total).toEqual({ value: 33, suppressed: false });
  });

  it('breaks ties between equal candidates by key', () => {
    const r = suppressTable({ z: 2, m: 9, b: 9, x: 30 }, undefined, 5);
    expect(values(r.parts)).toEqual({ z: null, m: 9, b: null, x: 30 });
  });

  it('skips a complement that would still pin the hidden part (hidden 1 + complement exactly k)', () => {
    // With b = 5 hidden, an attacker knows a + b = 6, a ≥ 1, b ≥ 5, so a = 1. c = 6 gives a ∈ {1, 2}.
    const r = suppressTable({ a: 1, b: 5, c: 6, d: 40 }, undefined, 5);
    expect(values(r.parts)).toEqual({ a: null, b: 5, c: null, d: 40 });
    expect(r.total.value).toBe(52);
  });

  it('accepts two hidden parts whose revealed sum is at least k and pins neither', () => {
    // 55 − 20 − 30 = 5 = a + b with a, b ∈ 1…4: a and b can each be anything from 1 to 4.
    const r = suppressTable({ a: 2, b: 3, c: 20, d: 30 }, undefined, 5);
    expect(values(r.parts)).toEqual({ a: null, b: null, c: 20, d: 30 });
    expect(r.total.value).toBe(55);
  });

  it('adds a complement when two hidden parts are pinned by their sum (1 + 1 and 4 + 4)', () => {
    expect(values(suppressTable({ a: 1, b: 1, c: 20, d: 30 }, undefined, 5).parts)).toEqual({ a: null, b: null, c: null, d: 30 });
    expect(values(suppressTable({ a: 4, b: 4, c: 20, d: 30 }, undefined, 5).parts)).toEqual({ a: null, b: null, c: null, d: 30 });
  });

  it('adds a complement when the revealed sum of hidden parts is itself below k (1 + 3 = 4)', () => {
    const r = suppressTable({ a: 1, b: 3, c: 20, d: 30 }, undefined, 5);
    expect(values(r.parts)).toEqual({ a: null, b: null, c: null, d: 30 });
    expect(r.total.value).toBe(54);
  });

  it('suppresses a small total and then every part, zeros included', () => {
    const r = suppressTable({ a: 2, b: 1, c: 0 }, 3, 5);
    expect(values(r.parts)).toEqual({ a: null, b: null, c: null });
    expect(r.total).toEqual({ value: null, suppressed: true });
    // Were c shown as 0, "total <3, a <3, b <3" would mean a = b = 1.
    const tight = suppressTable({ a: 1, b: 1, c: 0 }, undefined, 3);
    expect(values(tight.parts)).toEqual({ a: null, b: null, c: null });
    expect(tight.total.suppressed).toBe(true);
  });

  it('hides a part at or above its own k below a total that is small for the total\'s stricter k', () => {
    // The all-categories total 7 < 10 is hidden, so hennep 6 (k = 5) is hidden too; else 7 − 6 = 1.
    const r = suppressTable({ hennep: 6, prostitutie: 1, witwassen: 0 }, undefined, categoryK);
    expect(values(r.parts)).toEqual({ hennep: null, prostitutie: null, witwassen: null });
    expect(r.total.suppressed).toBe(true);
  });

  it('suppresses the total when no other part can protect the hidden one', () => {
    // Two parts: a hidden 1 next to 5 is pinned by 6 − 5 even if 5 is hidden too (1 + ≥5 = 6).
    const r = suppressTable({ a: 1, b: 5 }, 6, 5);
    expect(values(r.parts)).toEqual({ a: null, b: null });
    expect(r.total.suppressed).toBe(true);
  });

  it('handles all-zero and empty tables', () => {
    const zero = suppressTable({ a: 0, b: 0 }, 0, 5);
    expect(values(zero.parts)).toEqual({ a: 0, b: 0 });
    expect(zero.total).toEqual({ value: 0, suppressed: false });
    const empty = suppressTable({}, undefined, 5);
    expect(empty.parts.size).toBe(0);
    expect(empty.total).toEqual({ value: 0, suppressed: false });
  });

  it('uses k = 10 for sensitive categories and the strictest k for the all-categories total', () => {
    const counts = { hennep: 12, prostitutie: 7, adresfraude: 0, witwassen: 30, drugslab: 6 };
    const r = suppressTable(counts, undefined, categoryK);
    // prostitutie 7 < 10 is hidden; drugslab (6) is the smallest complement: 55 − 42 = 13 ≥ 10.
    expect(values(r.parts)).toEqual({ hennep: 12, prostitutie: null, adresfraude: 0, witwassen: 30, drugslab: null });
    expect(r.total).toEqual({ value: 55, suppressed: false });
    // The same table with k = 5 everywhere publishes everything.
    expect(values(suppressTable(counts, undefined, 5).parts)).toEqual(counts);
  });

  it('applies the union rule with the sensitive k (3 + 5 = 8 < 10 is too small)', () => {
    const r = suppressTable(new Map([['prostitutie', 3], ['hennep', 5], ['witwassen', 40]]), undefined, categoryK);
    expect(values(r.parts)).toEqual({ prostitutie: null, hennep: 5, witwassen: null });
    expect(r.total.value).toBe(48);
  });

  it('rounds published values after suppression', () => {
    const r = suppressTable({ a: 3, b: 12, c: 23, d: 8 }, undefined, 5, { roundTo: 5 });
    expect(values(r.parts)).toEqual({ a: null, b: 10, c: 25, d: null });
    expect(r.total).toEqual({ value: 45, suppressed: false });
  });

  it('rejects totals that are not the sum of the parts, and bad counts', () => {
    expect(() => suppressTable({ a: 3, b: 12 }, 16, 5)).toThrow(/residual/);
    expect(() => suppressTable({ a: -1, b: 12 }, undefined, 5)).toThrow(RangeError);
    expect(() => suppressTable({ a: 1, b: 12 }, undefined, () => 2)).toThrow(RangeError);
  });

  it('does not depend on the order of the keys', () => {
    const forward = suppressTable(new Map([['a', 2], ['b', 7], ['c', 7], ['d', 1], ['e', 15]]), undefined, 5);
    const backward = suppressTable(new Map([['e', 15], ['d', 1], ['c', 7], ['b', 7], ['a', 2]]), undefined, 5);
    expect(values(forward.parts)).toEqual(values(backward.parts));
    expect(values(forward.parts)).toEqual({ a: null, b: null, c: 7, d: null, e: 15 });
  });
});

describe('suppressHierarchy (buurt → wijk → gemeente)', () => {
  const groups: TotalGroup[] = [
    { totalKey: 'GM', partKeys: ['WK1', 'WK2', 'WK3'] },
    { totalKey: 'WK1', partKeys: ['BU11', 'BU12', 'BU13'] },
    { totalKey: 'WK2', partKeys: ['BU21', 'BU22'] },
    { totalKey: 'WK3', partKeys: ['BU31', 'BU32'] },
  ];

  it('keeps a second suppression inside the wijk when the wijk total stays published', () => {
    const counts = { GM: 107, WK1: 35, WK2: 17, WK3: 55, BU11: 3, BU12: 12, BU13: 20, BU21: 8, BU22: 9, BU31: 30, BU32: 25 };
    const out = suppressHierarchy(counts, groups, 5);
    expect(values(out)).toEqual({ ...counts, BU11: null, BU12: null });
    expect(problems(caseOf(counts, groups, 5, out))).toEqual([]);
  });

  it('a small wijk forces a second wijk, and that wijk a buurt, to be suppressed', () => {
    // WK1 = 3 is hidden, and with it all its buurten (the zero too). GM − WK3 would reveal WK1, so
    // WK2 is hidden too; WK2 would then follow from its published buurten, so BU21 is hidden as well.
    // Attacker: WK1 + BU21 = 71 − 55 − 7 = 9 with WK1 ∈ 1…4 and BU21 ≥ 5: neither is pinned.
    const counts = { GM: 71, WK1: 3, WK2: 13, WK3: 55, BU11: 2, BU12: 1, BU13: 0, BU21: 6, BU22: 7, BU31: 30, BU32: 25 };
    const out = suppressHierarchy(counts, groups, 5);
    expect(values(out)).toEqual({ ...counts, WK1: null, WK2: null, BU11: null, BU12: null, BU13: null, BU21: null });
    expect(problems(caseOf(counts, groups, 5, out))).toEqual([]);
  });

  it('rounds every published level after suppression', () => {
    const counts = { GM: 107, WK1: 35, WK2: 17, WK3: 55, BU11: 3, BU12: 12, BU13: 20, BU21: 8, BU22: 9, BU31: 30, BU32: 25 };
    const out = suppressHierarchy(counts, groups, 5, { roundTo: 5 });
    expect(values(out)).toEqual({ GM: 105, WK1: 35, WK2: 15, WK3: 55, BU11: null, BU12: null, BU13: 20, BU21: 10, BU22: 10, BU31: 30, BU32: 25 });
  });

  it('rejects structures that are not additive trees', () => {
    const ok = { T: 10, a: 4, b: 6 };
    expect(() => suppressHierarchy(ok, [{ totalKey: 'T', partKeys: ['a', 'b'] }, { totalKey: 'a', partKeys: ['b'] }], 5)).toThrow(/more than one group/);
    expect(() => suppressHierarchy<string>(ok, [{ totalKey: 'T', partKeys: ['a', 'x'] }], 5)).toThrow(/not among the counts/);
    expect(() => suppressHierarchy({ T: 10, a: 4, b: 5 }, [{ totalKey: 'T', partKeys: ['a', 'b'] }], 5)).toThrow(/add up to 9/);
    expect(() => suppressHierarchy({ a: 0, b: 0 }, [{ totalKey: 'a', partKeys: ['b'] }, { totalKey: 'b', partKeys: ['a'] }], 5)).toThrow(/cycle/);
  });

  it('applies primary suppression only to keys outside every group', () => {
    expect(values(suppressHierarchy({ x: 3, y: 8, z: 0 }, [], 5))).toEqual({ x: null, y: 8, z: 0 });
  });
});

describe('the brute-force attacker (checks the checker)', () => {
  it('finds what primary suppression alone leaves recoverable', () => {
    const groups: TotalGroup[] = [{ totalKey: 'T', partKeys: ['a', 'b', 'c'] }];
    const primaryOnly = (counts: Record<string, number>): Map<string, PublishedCount> =>
      new Map(Object.entries(counts).map(([key, v]) => [key, suppressCount(v, 5)]));
    const one = { T: 33, a: 3, b: 10, c: 20 };
    expect(pinnedCells(caseOf(one, groups, 5, primaryOnly(one)))).toEqual([{ key: 'a', value: 3 }]);
    const two = { T: 22, a: 1, b: 1, c: 20 };
    expect(pinnedCells(caseOf(two, groups, 5, primaryOnly(two)))).toEqual([
      { key: 'a', value: 1 },
      { key: 'b', value: 1 },
    ]);
    const small = { T: 24, a: 1, b: 3, c: 20 };
    expect(unionShortfalls(caseOf(small, groups, 5, primaryOnly(small)))).toEqual(['T: hidden sum 4 < 5']);
  });
});

describe('property: random tables and hierarchies (seeded)', () => {
  const draw = (rnd: () => number, k: number): number => {
    const r = rnd();
    if (r < 0.3) return 0;
    if (r < 0.65) return 1 + Math.floor(rnd() * (k - 1));
    if (r < 0.8) return k + Math.floor(rnd() * 3);
    return k + Math.floor(rnd() * 30);
  };

  it('flat tables (uniform k and per-category k): nothing hidden is recoverable, nothing published is altered', () => {
    const rnd = randomLcg(20240611);
    const categories = ['hennep', 'drugslab', 'afvaldumping', 'overlastpand', 'illegale_bewoning', 'adresfraude', 'prostitutie', 'witwassen', 'overig'];
    let hiddenCells = 0;
    for (let t = 0; t < 300; t++) {
      const byCategory = t % 2 === 1;
      const n = 2 + Math.floor(rnd() * 7);
      const uniformK = [3, 5, 10][Math.floor(rnd() * 3)];
      const keys = byCategory ? categories.slice(0, n) : Array.from({ length: n }, (_, i) => `p${i}`);
      const kOf = (key: string): number => (byCategory ? categoryK(key) : uniformK);
      const parts: Record<string, number> = {};
      for (const key of keys) parts[key] = draw(rnd, kOf(key));
      const r = suppressTable(parts, undefined, byCategory ? categoryK : uniformK);
      const total = Object.values(parts).reduce((s, v) => s + v, 0);
      const out = new Map([...r.parts, ['TOTAL', r.total]]);
      const c = caseOf({ ...parts, TOTAL: total }, [{ totalKey: 'TOTAL', partKeys: keys }], (key) => (key === 'TOTAL' ? 3 : kOf(key)), out);
      expect(problems(c), JSON.stringify(parts)).toEqual([]);
      hiddenCells += [...out.values()].filter((x) => x.suppressed).length;
    }
    expect(hiddenCells).toBeGreaterThan(300); // the generator really produces suppression
  });

  it('buurt → wijk → gemeente hierarchies: nothing hidden is recoverable, nothing published is altered', () => {
    const rnd = randomLcg(7);
    let secondary = 0;
    for (let t = 0; t < 300; t++) {
      const k = t % 3 === 0 ? 10 : 5;
      const counts: Record<string, number> = {};
      const groups: TotalGroup[] = [];
      const wijken: string[] = [];
      const nWijken = 2 + Math.floor(rnd() * 3);
      let gm = 0;
      for (let w = 1; w <= nWijken; w++) {
        const wk = `WK${w}`;
        const buurten: string[] = [];
        const nBuurten = 1 + Math.floor(rnd() * 4);
        let sum = 0;
        for (let b = 1; b <= nBuurten; b++) {
          const bu = `BU${w}${b}`;
          counts[bu] = draw(rnd, k);
          sum += counts[bu];
          buurten.push(bu);
        }
        counts[wk] = sum;
        gm += sum;
        wijken.push(wk);
        groups.push({ totalKey: wk, partKeys: buurten });
      }
      counts.GM = gm;
      groups.push({ totalKey: 'GM', partKeys: wijken });
      const out = suppressHierarchy(counts, groups, k);
      expect(problems(caseOf(counts, groups, k, out)), JSON.stringify(counts)).toEqual([]);
      secondary += [...out].filter(([key, c]) => c.suppressed && counts[key] >= k).length;
    }
    expect(secondary).toBeGreaterThan(100); // complements were needed, so the check had work to do
  });
});

describe('derived figures', () => {
  it('suppresses a derived value when any input is suppressed', () => {
    expect(derived(2.5, pub(12), pub(8))).toBe(2.5);
    expect(derived(2.5, pub(12), hidden)).toBeNull();
    expect(derived(0, pub(0))).toBe(0);
  });

  it('computes rates and shares from published values only', () => {
    expect(ratePer(pub(12), 4000)).toBe(3);
    expect(ratePer(pub(12), 4000, 10_000)).toBe(30);
    expect(ratePer(hidden, 4000)).toBeNull();
    expect(ratePer(pub(12), 0)).toBeNull();
    expect(ratePer(pub(12), null)).toBeNull();
    expect(shareOf(pub(12), pub(48))).toBe(0.25);
    expect(shareOf(pub(12), hidden)).toBeNull();
    expect(shareOf(hidden, pub(48))).toBeNull();
    expect(shareOf(pub(0), pub(0))).toBeNull();
  });

  it('suppresses a change when either side is suppressed', () => {
    expect(changeBetween(pub(12), pub(8))).toEqual({ absolute: 4, percent: 50, suppressed: false });
    expect(changeBetween(pub(6), pub(8))).toEqual({ absolute: -2, percent: -25, suppressed: false });
    expect(changeBetween(pub(12), pub(0))).toEqual({ absolute: 12, percent: null, suppressed: false });
    expect(changeBetween(hidden, pub(8))).toEqual({ absolute: null, percent: null, suppressed: true });
    expect(changeBetween(pub(8), hidden)).toEqual({ absolute: null, percent: null, suppressed: true });
  });
});

describe('formatCount', () => {
  it('shows "<k" for suppressed cells and locale digits otherwise', () => {
    expect(formatCount(hidden, 5)).toBe('<5');
    expect(formatCount(hidden, 10, 'en-GB')).toBe('<10');
    expect(formatCount(pub(12), 5)).toBe('12');
    expect(formatCount(pub(0), 5)).toBe('0');
    expect(formatCount(pub(1234), 5, 'nl-NL')).toBe('1.234');
    expect(formatCount(pub(1234), 5, 'en-GB')).toBe('1,234');
  });
});
