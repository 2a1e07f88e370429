/**
 * The one classification of map figures, shared by the dashboard (map, legend, area table) and the
 * briefing PDF, so the same number has the same class, colour and legend text everywhere.
 *
 * Counts of reports are skewed (a few areas have most of them), so the classes follow the
 * quantiles of the published values — but each break is moved to the nearest number of the 1-2-5
 * series (… 1, 2, 5, 10, 20, 50, 100 …), so the legend reads "5–9, 10–19, 20–49" instead of
 * "13–25, 26–168". Breaks are lower bounds: a class holds the values from its break up to the next
 * break. Zero is its own class ("no reports" is information); suppressed values ("<k") and areas
 * without data are no class at all: they are hatched (differently) and labelled.
 *
 * Pure: no DOM, no MapLibre, no database. Fixtures in tests/unit/classes.test.ts.
 */

/** ColorBrewer YlGnBu (5 classes): sequential, colour-blind safe, prints in grey. Areas. */
export const SEQUENTIAL = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
/** ColorBrewer YlOrRd (5 classes) for hexagons and heat, so they read differently from areas. */
export const HEAT = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] as const;
/** ColorBrewer RdBu (7 classes), diverging and colour-blind safe, for Gi* bins −3 … 3. */
export const DIVERGING: Readonly<Record<number, string>> = {
  3: '#b2182b',
  2: '#ef8a62',
  1: '#fddbc7',
  0: '#f7f7f7',
  [-1]: '#d1e5f0',
  [-2]: '#67a9cf',
  [-3]: '#2166ac',
};
/** Zero reports: a near-white, distinct from the lightest class. */
export const ZERO_COLOUR = '#f2f2f0';
/** Suppressed ("<k"): grey diagonal hatch on light grey. */
export const HATCH_LINE = '#707070';
export const HATCH_BACKGROUND = '#e6e6e6';
/** No data loaded (a municipality or period without imports): cross-hatch in a cooler tone, so it
 *  is never read as 0 nor as suppressed. */
export const NO_DATA_LINE = '#8a94a6';
export const NO_DATA_BACKGROUND = '#ffffff';

export interface Classification {
  /** Lower bounds of classes 1 … n−1 (ascending); class 0 starts at `min`. */
  breaks: number[];
  /** One colour per class: breaks.length + 1 entries. */
  colours: string[];
  /** Smallest and largest positive value classified (0 when there are none). */
  min: number;
  max: number;
  /** Counts: classes are integer ranges ("5–9"). Rates: "0,5–1". */
  integers: boolean;
}

/** The number of the 1-2-5 series nearest to `v` on a log scale (v > 0). */
export function nearest125(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 0;
  const exp = Math.floor(Math.log10(v));
  const candidates = [1, 2, 5, 10].map((m) => m * 10 ** exp);
  let best = candidates[0]!;
  for (const c of candidates) if (Math.abs(Math.log(c / v)) < Math.abs(Math.log(best / v))) best = c;
  // 0.1 + 0.2 style float noise: keep as many decimals as the series value needs.
  return Number(best.toPrecision(1));
}

/** The smallest number of the 1-2-5 series above `v`. */
export function next125(v: number): number {
  let b = nearest125(v);
  while (b <= v) b = nearest125(b * 2.2);
  return b;
}

function quantile(sorted: readonly number[], p: number): number {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/**
 * Up to `palette.length` classes for the positive values. Fewer distinct values give fewer
 * classes (never an empty class in the legend); the used colours are spread over the whole
 * palette, so two classes are light and dark rather than two light ones.
 */
export function classify(values: readonly (number | null | undefined)[], palette: readonly string[] = SEQUENTIAL, options: { integers?: boolean } = {}): Classification {
  const positive = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  const integers = options.integers ?? positive.every((v) => Number.isInteger(v));
  if (positive.length === 0) return { breaks: [], colours: [palette[palette.length - 1]!], min: 0, max: 0, integers };
  const min = positive[0]!;
  const max = positive[positive.length - 1]!;
  const n = palette.length;
  const breaks: number[] = [];
  for (let i = 1; i < n; i++) {
    const previous = breaks.length > 0 ? breaks[breaks.length - 1]! : min;
    let b = nearest125(quantile(positive, i / n));
    // Ties (many equal counts) round two quantiles to one break: take the next series number.
    if (b <= previous) b = next125(previous);
    if (b > max) break;
    // No empty class: when nothing lies between the previous break and this one, the previous
    // break moves up to this one (its class then reaches further).
    if (positive.some((v) => v >= previous && v < b)) breaks.push(b);
    else if (breaks.length > 0) breaks[breaks.length - 1] = b;
  }
  const classes = breaks.length + 1;
  const colours = Array.from({ length: classes }, (_, i) => palette[classes === 1 ? palette.length - 1 : Math.round((i * (palette.length - 1)) / (classes - 1))]!);
  return { breaks, colours, min, max, integers };
}

/** The class of a positive value (0 … breaks.length). */
export function classOf(value: number, c: Classification): number {
  let i = 0;
  while (i < c.breaks.length && value >= c.breaks[i]!) i++;
  return i;
}

/** The fill of a published figure: its class colour, the zero colour, or null when it has no
 *  class (suppressed, withheld or no data — drawn as a pattern by the caller). */
export function colourOf(value: number | null | undefined, c: Classification): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (value <= 0) return ZERO_COLOUR;
  return c.colours[classOf(value, c)]!;
}

/** Legend text per class: "1–4", "5–9", "50–168" for counts; "0,3–0,5", "≥ 2" … for rates. */
export function classLabels(c: Classification, format: (v: number) => string): string[] {
  const { breaks, min, max, integers } = c;
  if (max === 0) return [];
  const labels: string[] = [];
  for (let i = 0; i <= breaks.length; i++) {
    const lower = i === 0 ? min : breaks[i - 1]!;
    if (i === breaks.length) {
      labels.push(lower === max ? format(lower) : `${format(lower)}–${format(max)}`);
      continue;
    }
    const upper = integers ? breaks[i]! - 1 : breaks[i]!;
    labels.push(lower === upper ? format(lower) : integers ? `${format(lower)}–${format(upper)}` : `${format(lower)} – < ${format(upper)}`);
  }
  return labels;
}

/** A MapLibre `step` expression on a numeric property for the classes (0 is handled by the
 *  caller, suppressed and no-data features are filtered out of the fill layer). Plain JSON, so
 *  this module needs no MapLibre types. */
export function stepExpression(property: string, c: Classification): unknown[] | string {
  if (c.breaks.length === 0) return c.colours[0]!;
  const step: unknown[] = ['step', ['to-number', ['get', property]], c.colours[0]];
  c.breaks.forEach((b, i) => step.push(b, c.colours[i + 1]));
  return step;
}

/** MapLibre's heatmap kernel at a point's own centre is weight × intensity × 1/√(2π) (its
 *  heatmap shader, GAUSS_COEF). */
export const HEATMAP_GAUSS = 0.3989422804014327;

/**
 * The heat layer on the same classes as the hexagons: each published cell is one point weighted
 * by its count, and the intensity makes the density at the centre of a lone cell equal to its
 * count divided by the top break. The colour stops sit at the class breaks, so a colour on the
 * heat map means the same number of reports per cell as in the hexagon legend (where cells lie
 * close together their kernels add up: darker than any one of them).
 */
export function heatScale(c: Classification): { intensity: number; stops: { density: number; colour: string }[]; top: number } {
  const top = c.breaks.length > 0 ? c.breaks[c.breaks.length - 1]! : Math.max(1, c.max);
  const lower = [c.min > 0 ? c.min : 1, ...c.breaks];
  return {
    top,
    intensity: 1 / (HEATMAP_GAUSS * top),
    stops: lower.map((b, i) => ({ density: Math.min(1, b / top), colour: c.colours[i]! })),
  };
}
