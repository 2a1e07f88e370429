/** Buurten or wijken coloured by their count or rate per 1,000 inhabitants (/api/stats/areas).
 *  Suppressed counts are hatched ("<k"); areas without data (a municipality or period that was
 *  not imported) are cross-hatched and read "geen gegevens", never 0; withheld rates (too few
 *  inhabitants) are white and read "–". */
import type { Feature, FeatureCollection } from 'geojson';
import { fetchAreaStats, type AreaStatistic, type AreaStatistics } from '../../lib/api.ts';
import { classLabels, SEQUENTIAL, stepExpression, ZERO_COLOUR } from '../../../../shared/classes.ts';
import { HATCH_IMAGE, NO_DATA_IMAGE } from './patterns.ts';
import { isWithheld, WITHHELD_TEXT } from '../../lib/format.ts';
import type { LayerQuery, MapInputs, MapLayer } from './types.ts';

/** An area's published figures (noData: the municipality has no reports for the period, and
 *  every figure is null; rateWithheld: why a rate is not published). */
export type AreaFigure = AreaStatistic;

/** Why a rate is not shown, or null when it is (the server's reason, else the same rules). */
export function rateWithheldReason(a: AreaFigure, minPopulation: number): 'noData' | 'suppressed' | 'noInhabitants' | 'smallPopulation' | 'hidden' | null {
  if (a.noData || !a.count) return 'noData';
  if (a.rateWithheld === 'small-population') return 'smallPopulation';
  if (a.rateWithheld === 'no-population') return 'noInhabitants';
  if (a.count.suppressed) return 'suppressed';
  if (a.rateWithheld === 'hidden') return 'hidden';
  if (a.inhabitants === null || a.inhabitants === 0) return 'noInhabitants';
  if (a.inhabitants < minPopulation) return 'smallPopulation';
  if (a.ratePer1000 === null) return 'hidden';
  return null;
}

/** The value the map classifies for an area: the count, or the rate (null when withheld). */
export function figureValue(a: AreaFigure, metric: 'count' | 'rate', minPopulation: number, noData: boolean): number | null {
  if (noData || !a.count || a.count.suppressed) return null;
  if (metric === 'count') return a.count.value;
  return rateWithheldReason(a, minPopulation) ? null : a.ratePer1000;
}

export const choropleth: MapLayer<AreaStatistics> = {
  id: 'choropleth',
  minRole: 'viewer',
  alwaysLoad: true,
  sources: { areas: { promoteId: 'code' } },
  styleLayers: [
    {
      slot: 'fill',
      id: 'choropleth-fill',
      type: 'fill',
      source: 'areas',
      filter: ['all', ['!', ['get', 'suppressed']], ['!', ['get', 'noData']], ['!=', ['get', 'value'], null]],
      paint: { 'fill-color': ZERO_COLOUR, 'fill-opacity': 0.85 },
    },
    { slot: 'fill', id: 'choropleth-suppressed', type: 'fill', source: 'areas', filter: ['all', ['==', ['get', 'suppressed'], true], ['!', ['get', 'noData']]], paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': 0.9 } },
    { slot: 'fill', id: 'choropleth-nodata', type: 'fill', source: 'areas', filter: ['==', ['get', 'noData'], true], paint: { 'fill-pattern': NO_DATA_IMAGE, 'fill-opacity': 0.9 } },
    {
      slot: 'fill',
      id: 'choropleth-withheld',
      type: 'fill',
      source: 'areas',
      filter: ['all', ['!', ['get', 'suppressed']], ['!', ['get', 'noData']], ['==', ['get', 'value'], null]],
      paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.9 },
    },
    // Inhabitants estimated: a dashed inner line (the rate rests on an estimate).
    {
      slot: 'overlay',
      id: 'choropleth-estimated',
      type: 'line',
      source: 'areas',
      filter: ['==', ['get', 'estimated'], true],
      paint: { 'line-color': '#7a4b00', 'line-width': 1.4, 'line-dasharray': [2, 2], 'line-offset': 1.2 },
    },
  ],
  load: (q) => {
    const filters = q.filters;
    if (!filters) return null;
    const level = q.level;
    return (signal) => fetchAreaStats(level, filters, signal);
  },
  sourceData: (data, q, inputs) => ({ areas: choroplethFeatures(data, q, inputs) }),
  paint: (_data, q, inputs) => ({
    'choropleth-fill': {
      'fill-color': classedColour(stepExpression('value', inputs.classes)),
      // With cells on top, the areas step back so that the cells can be read.
      'fill-opacity': q.on('hexagons') || q.on('heat') || q.on('hotspots') ? 0.4 : 0.85,
    },
    'choropleth-suppressed': { 'fill-opacity': q.on('hexagons') || q.on('heat') || q.on('hotspots') ? 0.35 : 0.9 },
  }),
  hiddenWhenOn: (q) => (q.metric === 'rate' ? [] : ['choropleth-estimated', 'choropleth-withheld']),
  legend: (data, q, inputs) => {
    const { t } = inputs;
    const format = q.metric === 'count' ? inputs.number : inputs.rate;
    const labels = classLabels(inputs.classes, format);
    const chosen = q.filters?.gemeente ?? null;
    const anyNoData = !!data && (inputs.shapes?.features ?? []).some((f) => (!chosen || f.properties.gemeente === chosen) && inputs.noData(f.properties.code, f.properties.gemeente));
    // The zero class only where a figure is 0: a buurt's or wijk's 0 is "<k" when the server hides
    // area zeros (DISCLOSURE_HIDE_AREA_ZEROS, the default), and an empty class would read as a claim.
    const anyZero = !!data && data.areas.some((a) => figureValue(a, q.metric, minRatePopulation(inputs), inputs.noData(a.code, a.gemeente)) === 0);
    // Withheld counts are hatched like "<k" ones; the legend then says why (publisher.ts, rule 4).
    const anyWithheld = !!data && data.areas.some((a) => isWithheld(a.count));
    const anySuppressed = !!data && data.areas.some((a) => a.count?.suppressed && !isWithheld(a.count));
    return {
      id: 'choropleth',
      title: `${t(q.metric === 'count' ? 'metric_count' : 'metric_rate')} · ${t(q.level === 'buurt' ? 'level_buurt' : 'level_wijk')}`,
      items: [
        ...inputs.classes.colours.slice(0, labels.length).map((colour, i) => ({ swatch: { kind: 'fill' as const, colour }, label: labels[i]! })),
        ...(anyZero ? [{ swatch: { kind: 'fill' as const, colour: ZERO_COLOUR }, label: `0 · ${t('legendZero')}` }] : []),
        ...(anySuppressed || !anyWithheld ? [{ swatch: { kind: 'hatch' as const }, label: `<${inputs.k} · ${t('legendSuppressed', { k: inputs.k })}` }] : []),
        ...(anyWithheld ? [{ swatch: { kind: 'hatch' as const }, label: `${WITHHELD_TEXT} · ${t('legendWithheld')}` }] : []),
        ...(q.metric === 'rate' ? [
          { swatch: { kind: 'withheld' as const }, label: `– · ${t('legendRateWithheld', { n: inputs.number(minRatePopulation(inputs)) })}` },
          { swatch: { kind: 'dashed' as const }, label: `≈ ${t('legendEstimated')}` },
        ] : []),
        ...(anyNoData ? [{ swatch: { kind: 'nodata' as const }, label: t('legendNoData') }] : []),
      ],
      notes: [],
    };
  },
};

let minPopulation = 100;
/** MIN_RATE_POPULATION from /api/meta (set by the map when meta arrives). */
export function setMinRatePopulation(n: number): void {
  minPopulation = n;
}
export function minRatePopulation(_inputs?: MapInputs): number {
  return minPopulation;
}

/** The chosen level's areas with the figure to draw: `value` is the count or the rate. */
export function choroplethFeatures(data: AreaStatistics | null, q: LayerQuery, inputs: MapInputs): FeatureCollection | null {
  const shapes = inputs.shapes;
  if (!shapes || !data || data.level !== q.level) return null;
  const byCode = new Map((data.areas as AreaFigure[]).map((a) => [a.code, a]));
  const features: Feature[] = [];
  for (const f of shapes.features) {
    const a = byCode.get(f.properties.code);
    const gemeente = f.properties.gemeente;
    // An area the statistics leave out belongs to a municipality without data.
    // Outside the chosen municipality: plain land, not "no data".
    if (q.filters?.gemeente && gemeente !== q.filters.gemeente) continue;
    const noData = !a || inputs.noData(f.properties.code, gemeente);
    features.push({
      type: 'Feature',
      geometry: f.geometry,
      properties: {
        code: f.properties.code,
        name: f.properties.name,
        value: a ? figureValue(a, q.metric, minPopulation, noData) : null,
        suppressed: !noData && !!a?.count?.suppressed,
        noData,
        estimated: q.metric === 'rate' && !!a?.inhabitantsEstimated && !noData,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Fill colours of the classed layers: zero has its own colour. */
export function classedColour(step: unknown[] | string, zeroColour = ZERO_COLOUR): unknown[] {
  return ['case', ['==', ['to-number', ['get', 'value']], 0], zeroColour, step];
}

export const AREA_PALETTE = SEQUENTIAL;
