/** Counts per clipped hexagon of 250, 500 or 1000 m (/api/stats/grid), on the same 1-2-5 classes
 *  as the heat layer (shared/classes.ts); suppressed cells hatched. */
import type { FeatureCollection } from 'geojson';
import { fetchGrid, type GridCellProperties, type GridCollection, type PublishedCount } from '../../lib/api.ts';
import { classLabels, HEAT, stepExpression } from '../../../../shared/classes.ts';
import { describeCount, WITHHELD_TEXT } from '../../lib/format.ts';
import { classedColour } from './choropleth.ts';
import { HATCH_IMAGE } from './patterns.ts';
import type { LayerQuery, MapLayer } from './types.ts';

export const CELL_PALETTE = HEAT;

/** A cell's published count from its GeoJSON properties (null: no figure), for the tooltip and the
 *  mostly-hidden advice: the one place that turns the flat properties back into a count. */
export function cellCount(p: Pick<GridCellProperties, 'count' | 'suppressed' | 'withheld'>): PublishedCount | null {
  if (p.suppressed) return p.withheld ? { value: null, suppressed: true, withheld: true } : { value: null, suppressed: true };
  return p.count === null || p.count === undefined ? null : { value: Number(p.count), suppressed: false };
}

/** The grid for the current filters: shared by the hexagon and heat layers (one cached request). */
export function loadGrid(q: LayerQuery): ((signal: AbortSignal) => Promise<GridCollection>) | null {
  const filters = q.filters;
  if (!filters) return null;
  const cell = q.cell;
  return (signal) => fetchGrid(cell, filters, signal);
}

export const hexagons: MapLayer<GridCollection> = {
  id: 'hexagons',
  minRole: 'analyst',
  sources: { cells: { promoteId: 'id' } },
  styleLayers: [
    { slot: 'fill', id: 'cells-fill', type: 'fill', source: 'cells', filter: ['!', ['get', 'suppressed']], paint: { 'fill-color': HEAT[2], 'fill-opacity': 0.8 } },
    { slot: 'fill', id: 'cells-suppressed', type: 'fill', source: 'cells', filter: ['==', ['get', 'suppressed'], true], paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': 0.55 } },
    { slot: 'fill', id: 'cells-line', type: 'line', source: 'cells', paint: { 'line-color': '#ffffff', 'line-width': 0.6, 'line-opacity': 0.8 } },
  ],
  load: loadGrid,
  sourceData: (data): Record<string, FeatureCollection | null> => ({
    cells: data ? { type: 'FeatureCollection', features: data.features.map((f) => ({ ...f, properties: { ...f.properties, value: f.properties.count } })) } : null,
  }),
  paint: (_data, _q, inputs) => ({ 'cells-fill': { 'fill-color': classedColour(stepExpression('value', inputs.cellClasses)) } }),
  legend: (data, q, inputs) => {
    const labels = classLabels(inputs.cellClasses, inputs.number);
    // Withheld counts (all categories over one week) are hatched like "<k" ones; the legend says why.
    const anyWithheld = !!data && data.features.some((f) => f.properties.withheld === true);
    return {
      id: 'hexagons',
      title: `${inputs.t('layer_hexagons')} · ${inputs.t('metres', { n: q.cell })}`,
      items: [
        ...inputs.cellClasses.colours.slice(0, labels.length).map((colour, i) => ({ swatch: { kind: 'fill' as const, colour, hex: true }, label: labels[i]! })),
        ...(anyWithheld
          ? [{ swatch: { kind: 'hex-hatch' as const }, label: `${WITHHELD_TEXT} · ${inputs.t('legendWithheld')}` }]
          : [{ swatch: { kind: 'hex-hatch' as const }, label: `<${inputs.cellK} · ${inputs.t('legendSuppressed', { k: inputs.cellK })}` }]),
      ],
      notes: [],
    };
  },
  interactive: ['cells-fill', 'cells-suppressed'],
  tooltip: (_layer, p, q, inputs) => {
    const count = cellCount(p as Parameters<typeof cellCount>[0]);
    return { title: inputs.t('tooltipCell', { n: q.cell }), lines: [`${inputs.t('count')}: ${describeCount(q.lang, count, inputs.cellK)}`] };
  },
};
