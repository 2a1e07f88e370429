/** The offline basemap: land and the municipality, wijk and buurt outlines from /api/areas.
 *  Nothing is fetched from outside (no tiles, glyphs or sprites); names are HTML labels
 *  (MapLabels.svelte) at the label points the server derived at import. */
import { fetchAreas, type AreaCollection } from '../../lib/api.ts';
import type { MapLayer } from './types.ts';

export interface BasemapData {
  gemeenten: AreaCollection;
  wijken: AreaCollection;
  buurten: AreaCollection;
}

const INK = '#1d2025';

export const basemap: MapLayer<BasemapData> = {
  id: 'basemap',
  minRole: 'viewer',
  alwaysLoad: true,
  sources: { gemeenten: { promoteId: 'code' }, wijken: { promoteId: 'code' }, buurten: { promoteId: 'code' } },
  styleLayers: [
    { slot: 'fill', id: 'background', type: 'background', paint: { 'background-color': '#e4e7eb' } },
    { slot: 'fill', id: 'gemeenten-land', type: 'fill', source: 'gemeenten', paint: { 'fill-color': '#fbfaf7' } },
    // Reference lines on top of the thematic fills, so areas stay recognisable.
    { slot: 'overlay', id: 'buurten-line', type: 'line', source: 'buurten', minzoom: 10.5, paint: { 'line-color': '#6b7280', 'line-width': ['interpolate', ['linear'], ['zoom'], 10.5, 0.3, 14, 1] } },
    { slot: 'overlay', id: 'wijken-line', type: 'line', source: 'wijken', paint: { 'line-color': '#4b5563', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 14, 1.6] } },
    { slot: 'overlay', id: 'gemeenten-line', type: 'line', source: 'gemeenten', paint: { 'line-color': INK, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 14, 3] } },
  ],
  load: () => async () => {
    const [gemeenten, wijken, buurten] = await Promise.all([fetchAreas('gemeente'), fetchAreas('wijk'), fetchAreas('buurt')]);
    return { gemeenten, wijken, buurten };
  },
  sourceData: (data) => ({ gemeenten: data?.gemeenten ?? null, wijken: data?.wijken ?? null, buurten: data?.buurten ?? null }),
  // Buurt lines only where buurten are the unit (or hexagons need the finer reference).
  hiddenWhenOn: (q) => (q.level === 'buurt' || q.on('hexagons') ? [] : ['buurten-line']),
};
