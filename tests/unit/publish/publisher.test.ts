import { describe, expect, it } from 'vitest';
import { cellKey, DEFAULT_DISCLOSURE, publisherWith } from '../../../server/publish/index.ts';
import { changeBetween, derivedValue, rateOf, shareOf } from '../../../server/publish/derived.ts';

const pub = publisherWith(DEFAULT_DISCLOSURE, ['adresfraude', 'prostitutie', 'illegale_bewoning']);

describe('cell key', () => {
  it('is the key sum mod 2^32 over 2^32, from numbers, strings and bigints alike', () => {
    expect(cellKey(0)).toBe(0);
    expect(cellKey(2 ** 31)).toBe(0.5);
    expect(cellKey(2 ** 32 + 2 ** 30)).toBe(0.25);
    expect(cellKey('12884901888')).toBe(0); // 3 · 2^32
    expect(cellKey(3n * 2n ** 32n + 2n ** 31n)).toBe(0.5);
    expect(() => cellKey(-1)).toThrow(RangeError);
    expect(() => cellKey(1.5)).toThrow(RangeError);
  });
});

describe('Publisher', () => {
  it('gives the same published value for the same set of reports, and keeps zero at zero', () => {
    for (let n = 1; n < 40; n++) {
      const key = (n * 2654435761) % 4294967296;
      expect(pub.perturbed(n, key)).toBe(pub.perturbed(n, key));
      expect(Math.abs(pub.perturbed(n, key) - n)).toBeLessThanOrEqual(DEFAULT_DISCLOSURE.ptable.D);
    }
    expect(pub.perturbed(0, 12345)).toBe(0);
  });

  it('is unbiased over cell keys', () => {
    for (const n of [1, 2, 3, 4, 7, 25]) {
      let sum = 0;
      const m = 20_000;
      for (let i = 0; i < m; i++) sum += pub.perturbed(n, Math.floor(((i + 0.5) / m) * 4294967296));
      expect(sum / m).toBeCloseTo(n, 2);
    }
  });

  it('shows small values as "<k"; a zero too for sensitive categories and all categories (of areas in every category: next test)', () => {
    expect(pub.k('hennep')).toBe(5);
    expect(pub.k('adresfraude')).toBe(10);
    expect(pub.k(null)).toBe(10);
    // With DISCLOSURE_HIDE_AREA_ZEROS=off a published 0 of a category that is not sensitive is 0 everywhere.
    const showing = publisherWith({ ...DEFAULT_DISCLOSURE, hideAreaZeros: false }, ['adresfraude']);
    for (const area of ['gemeente', 'cell', 'buurt', 'wijk', 'zone', undefined] as const) expect(showing.count(0, 0, { category: 'hennep', area })).toEqual({ value: 0, suppressed: false });
    expect(pub.count(0, 0, { category: 'adresfraude' })).toEqual({ value: null, suppressed: true });
    expect(pub.count(0, 0, { category: null })).toEqual({ value: null, suppressed: true });
    for (let key = 0; key < 4294967296; key += 99_999_989) {
      for (const n of [1, 2, 3, 4]) {
        const c = pub.count(n, key, { category: 'hennep' });
        if (!c.suppressed) expect(c.value === 0 || c.value >= 5).toBe(true);
      }
      expect(pub.count(5, key, { category: 'prostitutie' }).suppressed).toBe(true); // 5 + at most 3 < 10
    }
    expect(pub.show(37, { category: null })).toEqual({ value: 37, suppressed: false });
  });

  it('by default (DISCLOSURE_HIDE_AREA_ZEROS) shows a zero of buurten, wijken and zones as "<k" in every category, and keeps those of municipalities and grid cells', () => {
    expect(DEFAULT_DISCLOSURE.hideAreaZeros).toBe(true);
    const hiding = publisherWith(DEFAULT_DISCLOSURE, ['adresfraude']);
    for (const area of ['gemeente', 'cell'] as const) expect(hiding.count(0, 0, { category: 'hennep', area })).toEqual({ value: 0, suppressed: false });
    // A scope that does not say what it covers is treated as a buurt's: the cautious side.
    for (const area of ['buurt', 'wijk', 'zone', undefined] as const) expect(hiding.count(0, 0, { category: 'hennep', area })).toEqual({ value: null, suppressed: true });
    expect(hiding.count(0, 0, { category: 'adresfraude', area: 'gemeente' })).toEqual({ value: null, suppressed: true });
    expect(hiding.count(0, 0, { category: null, area: 'cell' })).toEqual({ value: null, suppressed: true });
    // Values other than 0 as without it.
    expect(hiding.show(7, { category: 'hennep', area: 'buurt' })).toEqual({ value: 7, suppressed: false });
    expect(hiding.show(3, { category: 'hennep', area: 'gemeente' })).toEqual({ value: null, suppressed: true });
  });

  it('withholds all categories over one week of a buurt, a wijk or a grid cell, whatever its size, and nothing else', () => {
    const withheld = { value: null, suppressed: true, withheld: true };
    for (const area of ['buurt', 'wijk', 'cell', undefined] as const) {
      for (const n of [0, 3, 12, 250]) expect(pub.count(n, 12345, { category: null, area, weeks: 1 }), `${area} ${n}`).toEqual(withheld);
    }
    // Other sets as before: municipalities, signal zones, longer spans, one category.
    for (const scope of [
      { category: null, area: 'gemeente', weeks: 1 }, { category: null, area: 'zone', weeks: 1 },
      { category: null, area: 'buurt', weeks: 2 }, { category: null, area: 'buurt' }, { category: 'hennep', area: 'buurt', weeks: 1 }, { category: 'adresfraude', area: 'cell', weeks: 1 },
    ] as const) {
      expect(pub.count(250, 12345, scope), JSON.stringify(scope)).toEqual({ value: pub.perturbed(250, 12345), suppressed: false });
      expect(pub.withholds(scope)).toBe(false);
    }
    expect(pub.withholds({ category: null, area: 'buurt', weeks: 1 })).toBe(true);
  });

  it('rounds what it shows when asked, never below k', () => {
    const rounding = publisherWith({ ...DEFAULT_DISCLOSURE, roundTo: 5 }, []);
    expect(rounding.show(6, { category: 'hennep' })).toEqual({ value: 5, suppressed: false });
    expect(rounding.show(13, { category: 'hennep' })).toEqual({ value: 15, suppressed: false });
    expect(rounding.show(4, { category: 'hennep' })).toEqual({ value: null, suppressed: true });
  });
});

describe('derived figures', () => {
  const c = (value: number) => ({ value, suppressed: false as const });
  const hidden = { value: null, suppressed: true as const };
  it('come from published counts, and are withheld for hidden counts and small populations', () => {
    expect(rateOf(c(20), 4000, 100)).toEqual({ value: 5, withheld: null });
    expect(rateOf(c(20), 60, 100)).toEqual({ value: null, withheld: 'small-population' });
    expect(rateOf(hidden, 4000, 100)).toEqual({ value: null, withheld: 'hidden' });
    expect(rateOf(c(20), null, 100)).toEqual({ value: null, withheld: 'no-population' });
    expect(rateOf(null, 4000, 100)).toEqual({ value: null, withheld: null });
    expect(shareOf(c(5), c(20))).toBe(0.25);
    expect(shareOf(hidden, c(20))).toBeNull();
    expect(changeBetween(c(30), c(20))).toEqual({ absolute: 10, percent: 50, suppressed: false });
    expect(changeBetween(c(30), hidden)).toEqual({ absolute: null, percent: null, suppressed: true });
    expect(changeBetween(c(30), null)).toEqual({ absolute: null, percent: null, suppressed: false });
  });

  // The hot-spot map's Gi* takes a hidden count as the middle of what "<k" may hold, the same for
  // every hidden cell whatever its perturbed value: the bins follow from the grid as shown.
  it('gives every count shown as "<k" one value for statistics over many counts, and refuses a withheld one', () => {
    const k = pub.k('adresfraude');
    expect(k).toBe(10);
    const values = [0, 1, 3, 7, 9].map((n) => derivedValue(pub.show(n, { category: 'adresfraude', area: 'cell', weeks: 1 }), k));
    expect(new Set(values)).toEqual(new Set([4.5]));
    expect(derivedValue(c(20), k)).toBe(20);
    expect(() => derivedValue(pub.show(12, { category: null, area: 'cell', weeks: 1 }), 10)).toThrow(RangeError);
  });
});
