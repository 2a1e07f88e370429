/** Heat: one point per published hexagon at its centroid (never report locations), weighted by
 *  its count, on the hexagon classes: the colour at a lone cell's centre is that cell's class, so
 *  the legend can carry the same numbers (shared/classes.ts, heatScale). Radius = 2 × the cell
 *  size at every zoom, so neighbouring cells blend into a surface. Suppressed cells are left out. */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification } from 'maplibre-gl';
import type { GridCollection } from '../../lib/api.ts';
import { HEAT, heatScale } from '../../../../shared/classes.ts';
import { pixelsPerMetre } from '../../lib/geo.ts';
import { loadGrid } from './hexagons.ts';
import type { MapLayer } from './types.ts';

/** Heat radius in pixels for every zoom: twice the cell size in metres, converted with the map
 *  scale at `latitude`. */
export function heatRadius(cellMetres: number, latitude: number): ExpressionSpecification {
  const at = (zoom: number) => Math.max(1, 2 * cellMetres * pixelsPerMetre(zoom, latitude));
  return ['interpolate', ['exponential', 2], ['zoom'], 6, at(6), 18, at(18)];
}

export const heat: MapLayer<GridCollection> = {
  id: 'heat',
  minRole: 'analyst',
  sources: { heat: {} },
  styleLayers: [
    {
      slot: 'fill',
      id: 'heat',
      type: 'heatmap',
      source: 'heat',
      paint: { 'heatmap-weight': ['get', 'w'], 'heatmap-intensity': 0.1, 'heatmap-opacity': 0.75, 'heatmap-radius': heatRadius(500, 52.4) },
    },
  ],
  load: loadGrid,
  sourceData: (data): Record<string, FeatureCollection | null> => ({
    heat: data ? {
      type: 'FeatureCollection',
      features: data.features
        .filter((f) => !f.properties.suppressed && (f.properties.count ?? 0) > 0)
        .map((f) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: f.properties.centroid }, properties: { w: f.properties.count } })),
    } : null,
  }),
  paint: (_data, q, inputs) => {
    const scale = heatScale(inputs.cellClasses);
    const colour: unknown[] = ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(255,255,178,0)'];
    for (const s of scale.stops) colour.push(s.density, s.colour);
    return { heat: { 'heatmap-intensity': scale.intensity, 'heatmap-color': colour, 'heatmap-radius': heatRadius(q.cell, 52.4) } };
  },
  legend: (_data, _q, inputs) => {
    const scale = heatScale(inputs.cellClasses);
    const gradient = `linear-gradient(to right, rgba(255,255,178,0), ${scale.stops.map((s) => `${s.colour} ${Math.round(s.density * 100)}%`).join(', ')})`;
    const lower = [inputs.cellClasses.min, ...inputs.cellClasses.breaks];
    return {
      id: 'heat',
      title: inputs.t('layer_heat'),
      items: [],
      ramp: inputs.cellClasses.max > 0 ? { gradient, ticks: scale.stops.map((s, i) => ({ at: s.density, label: inputs.number(lower[i]!) })) } : undefined,
      notes: [inputs.t('legendHeatScale'), inputs.t('legendHeatNote', { k: inputs.cellK })],
    };
  },
};

export const HEAT_PALETTE = HEAT;
