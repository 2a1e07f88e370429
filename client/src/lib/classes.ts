/**
 * Classed colour scales for the map. Counts of reports are skewed (a few buurten have most of
 * them), so classes are quantiles of the published non-zero values, rounded to readable numbers.
 * Zero is its own class ("no reports" is information), suppressed values are not a class at all:
 * they are hatched on the map and written "<k".
 */

/** ColorBrewer YlGnBu (5 classes): sequential, colour-blind safe, prints in grey. */
export const SEQUENTIAL = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
/** ColorBrewer YlOrRd (5 classes) for hexagons and heat, so they read differently from areas. */
export const HEAT = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const;
/** ColorBrewer RdBu (7 classes), diverging and colour-blind safe, for Gi* bins −3 … 3. */
export const DIVERGING: Record<number, string> = {
  3: '#b2182b',
  2: '#ef8a62',
  1: '#fddbc7',
  0: '#f7f7f7',
  [-1]: '#d1e5f0',
  [-2]: '#67a9cf',
  [-3]: '#2166ac',
};
export const ZERO_COLOUR = '#f2f2f0';

export interface ClassBreaks {
  /** Upper bounds of each class except the last (ascending); values ≤ thresholds[i] fall in class i. */
  thresholds: number[];
  /** One colour per class: thresholds.length + 1 entries. */
  colours: string[];
  min: number;
  max: number;
}

/** Rounds a break down to 1, 2, 2.5 or 5 × 10ⁿ (or to one decimal for small rates). */
export function niceBreak(v: number): number {
  if (v <= 0) return 0;
  if (v < 1) return Math.round(v * 10) / 10 || 0.1;
  const exp = 10 ** Math.floor(Math.log10(v));
  const m = v / exp;
  const nice = m >= 5 ? 5 : m >= 2.5 ? 2.5 : m >= 2 ? 2 : 1;
  const r = nice * exp;
  return r >= 10 ? Math.round(r) : r;
}

function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/**
 * Up to `n` classes for positive values. Breaks at quantiles, rounded to nice numbers, duplicates
 * removed; so fewer distinct values give fewer classes (never an empty class in the legend).
 */
export function classify(values: readonly number[], palette: readonly string[] = SEQUENTIAL, n = palette.length): ClassBreaks {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (positive.length === 0) return { thresholds: [], colours: [palette[palette.length - 1]!], min: 0, max: 0 };
  const min = positive[0]!;
  const max = positive[positive.length - 1]!;
  const thresholds: number[] = [];
  for (let i = 1; i < n; i++) {
    const b = niceBreak(quantile(positive, i / n));
    if (b >= min && b < max && !thresholds.includes(b) && (thresholds.length === 0 || b > thresholds[thresholds.length - 1]!)) thresholds.push(b);
  }
  // Spread the used colours over the whole palette so that 2 classes are light and dark, not two lights.
  const classes = thresholds.length + 1;
  const colours = Array.from({ length: classes }, (_, i) => palette[classes === 1 ? palette.length - 1 : Math.round((i * (palette.length - 1)) / (classes - 1))]!);
  return { thresholds, colours, min, max };
}

/** Index of the class a positive value falls in. */
export function classOf(value: number, breaks: ClassBreaks): number {
  let i = 0;
  while (i < breaks.thresholds.length && value > breaks.thresholds[i]!) i++;
  return i;
}

/** A MapLibre `step` expression for a numeric property, with 0 and missing values handled. */
export function stepExpression(property: string, breaks: ClassBreaks): unknown[] | string {
  if (breaks.thresholds.length === 0) return breaks.colours[0]!;
  const step: unknown[] = ['step', ['to-number', ['get', property]], breaks.colours[0]];
  breaks.thresholds.forEach((t, i) => {
    // step switches at ≥ stop; our classes are "≤ threshold", so the stop is just above it.
    step.push(t + (Number.isInteger(t) ? 1 : 1e-9), breaks.colours[i + 1]);
  });
  return step;
}

/** Labels for the legend: "1–5", "6–20", "> 50"… Integers (counts) use inclusive integer ranges. */
export function classLabels(breaks: ClassBreaks, format: (v: number) => string, integers: boolean): string[] {
  const labels: string[] = [];
  const { thresholds, min, max } = breaks;
  if (thresholds.length === 0) return [min === max ? format(min) : `${format(min)}–${format(max)}`];
  for (let i = 0; i <= thresholds.length; i++) {
    const lower = i === 0 ? min : integers ? thresholds[i - 1]! + 1 : thresholds[i - 1]!;
    const upper = i === thresholds.length ? max : thresholds[i]!;
    labels.push(lower === upper ? format(lower) : `${integers || i === 0 ? '' : '> '}${format(lower)}–${format(upper)}`);
  }
  return labels;
}
