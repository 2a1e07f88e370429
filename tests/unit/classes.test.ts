import { describe, expect, it } from 'vitest';
import {
  classify, classLabels, classOf, colourOf, heatScale, HEATMAP_GAUSS, HEAT, nearest125, SEQUENTIAL, stepExpression, ZERO_COLOUR,
} from '../../shared/classes.ts';

const nl = (v: number) => new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 }).format(v);

describe('nearest125', () => {
  it.each([
    [1, 1], [1.4, 1], [1.5, 2], [3, 2], [3.3, 5], [7, 5], [7.2, 10], [13, 10], [26, 20], [33, 50], [168, 200], [0.26, 0.2], [0.33, 0.5], [0.07, 0.05],
  ])('%d → %d', (v, expected) => expect(nearest125(v)).toBe(expected));
  it('is 0 for non-positive and non-finite input', () => {
    for (const v of [0, -3, Number.NaN, Infinity]) expect(nearest125(v)).toBe(0);
  });
});

describe('classify', () => {
  // The hexagon counts behind the "10 | 11–20 | 21–25 | 26–168" legend (demo data,
  // 500 m cells, 12 months): the same quantiles now give 1-2-5 breaks.
  const hexagons = [5, 5, 6, 6, 7, 8, 9, 10, 10, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 30, 34, 41, 55, 80, 168];

  it('puts breaks on the 1-2-5 series and labels integer ranges', () => {
    const c = classify(hexagons, HEAT);
    // Quantiles 10, 15.4, 22.6, 29.2 → 10, 20, (20 again: the next series number) 50, then 100.
    expect(c.breaks).toEqual([10, 20, 50, 100]);
    expect(c.min).toBe(5);
    expect(c.max).toBe(168);
    expect(classLabels(c, nl)).toEqual(['5–9', '10–19', '20–49', '50–99', '100–168']);
    expect(c.colours).toEqual([...HEAT]);
    // Three classes spread over the five colours: lightest and darkest both used.
    expect(classify([5, 6, 12, 14, 30, 31], HEAT).colours).toEqual([HEAT[0], HEAT[2], HEAT[4]]);
  });

  it('every value falls in the class whose label contains it', () => {
    const c = classify(hexagons, HEAT);
    const labels = classLabels(c, String);
    for (const v of hexagons) {
      const [lo, hi] = labels[classOf(v, c)]!.split('–').map(Number);
      expect(v).toBeGreaterThanOrEqual(lo!);
      expect(v).toBeLessThanOrEqual(hi ?? lo!);
    }
  });

  it('gives fewer classes for few distinct values, and never an empty class', () => {
    expect(classify([7, 7, 7]).breaks).toEqual([]);
    expect(classLabels(classify([7, 7, 7]), nl)).toEqual(['7']);
    const two = classify([5, 5, 5, 40, 40]);
    expect(two.colours).toEqual([SEQUENTIAL[0], SEQUENTIAL[4]]);
    for (let i = 0; i < 200; i++) {
      const values = Array.from({ length: 1 + (i % 40) }, (_, j) => Math.round(5 + ((j * 7919 + i * 104729) % 997) ** 1.3 / 10));
      const c = classify(values);
      const used = new Set(values.map((v) => classOf(v, c)));
      expect(used.size).toBe(c.breaks.length + 1);
    }
  });

  it('ignores zero, null and suppressed values (they are not a class)', () => {
    const c = classify([0, null, undefined, 0, 12, 30]);
    expect(c.min).toBe(12);
    expect(colourOf(0, c)).toBe(ZERO_COLOUR);
    expect(colourOf(null, c)).toBeNull();
    expect(classify([0, null]).max).toBe(0);
    expect(classLabels(classify([]), nl)).toEqual([]);
  });

  it('labels rates with decimals and half-open ranges', () => {
    const rates = [0.3, 0.4, 0.6, 0.9, 1.2, 1.8, 2.5, 3.1, 4.4, 8.3];
    const c = classify(rates);
    expect(c.integers).toBe(false);
    expect(c.breaks).toEqual([0.5, 1, 2, 5]);
    expect(classLabels(c, nl)).toEqual(['0,3 – < 0,5', '0,5 – < 1', '1 – < 2', '2 – < 5', '5–8,3']);
  });

  it('the MapLibre step switches exactly at the breaks (lower bounds)', () => {
    const c = classify(hexagons, HEAT);
    expect(stepExpression('value', c)).toEqual(['step', ['to-number', ['get', 'value']], HEAT[0], 10, HEAT[1], 20, HEAT[2], 50, HEAT[3], 100, HEAT[4]]);
    expect(stepExpression('value', classify([3]))).toBe(SEQUENTIAL[4]);
  });
});

describe('heatScale', () => {
  it('makes a lone cell with the top break as count reach density 1, with stops at the breaks', () => {
    const c = classify([5, 8, 12, 25, 60, 70], HEAT);
    const h = heatScale(c);
    expect(h.top).toBe(c.breaks[c.breaks.length - 1]);
    expect(h.top * h.intensity * HEATMAP_GAUSS).toBeCloseTo(1, 12);
    expect(h.stops.map((s) => s.density)).toEqual([5 / h.top, ...c.breaks.map((b) => b / h.top)]);
    expect(h.stops.map((s) => s.colour)).toEqual(c.colours);
  });
});
