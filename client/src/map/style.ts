/**
 * The map style: a basemap made only from our own boundaries (nothing is fetched from outside:
 * no tiles, no glyphs, no sprites; labels are HTML, see MapLabels.svelte) and the thematic layers
 * on top. Sources start empty; MapView fills them from the API.
 */
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type * as GeoJSON from 'geojson';
import { DIVERGING, HEAT, ZERO_COLOUR } from '../lib/classes.ts';
import { pixelsPerMetre } from '../lib/geo.ts';

const empty = { type: 'FeatureCollection', features: [] } as const;

export const SOURCES = ['gemeenten', 'wijken', 'buurten', 'areas', 'cells', 'heat', 'hotspots', 'signal-shapes', 'selected'] as const;
export type SourceId = (typeof SOURCES)[number];

/** Thematic layer groups, switched by the layer control. */
export const LAYER_GROUPS = {
  choropleth: ['choropleth-fill', 'choropleth-suppressed', 'choropleth-estimated'],
  hexagons: ['cells-fill', 'cells-suppressed', 'cells-line'],
  heat: ['heat'],
  hotspots: ['hotspots-fill', 'hotspots-hot-line', 'hotspots-cold-line'],
  signals: ['signal-shapes-fill', 'signal-shapes-line'],
} as const;

/** Layers that answer hover and click, top first. */
export const INTERACTIVE_LAYERS = ['hotspots-fill', 'cells-fill', 'cells-suppressed', 'areas-hit'] as const;

export const HATCH_IMAGE = 'hatch';

const INK = '#1d2025';

export interface InitialStyle {
  /** Data already at hand when the map is made: drawn in the first frame, no update round. */
  data?: Partial<Record<SourceId, GeoJSON.FeatureCollection>>;
  /** Layers to hide from the start. */
  hidden?: readonly string[];
  /** Fill colours of the classed layers. */
  paint?: Partial<Record<'choropleth-fill' | 'cells-fill', ExpressionSpecification | string>>;
}

export function baseStyle(initial: InitialStyle = {}): StyleSpecification {
  const sources = Object.fromEntries(
    SOURCES.map((id) => [id, { type: 'geojson', data: initial.data?.[id] ?? empty, promoteId: id === 'cells' || id === 'hotspots' ? 'id' : 'code' }]),
  );
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#e4e7eb' } },
    { id: 'gemeenten-land', type: 'fill', source: 'gemeenten', paint: { 'fill-color': '#fbfaf7' } },

    // Choropleth of the chosen level. `value` is the count or the rate; `suppressed` hides it.
    {
      id: 'choropleth-fill',
      type: 'fill',
      source: 'areas',
      filter: ['all', ['!', ['get', 'suppressed']], ['!=', ['get', 'value'], null]],
      paint: { 'fill-color': ZERO_COLOUR, 'fill-opacity': 0.85 },
    },
    {
      id: 'choropleth-suppressed',
      type: 'fill',
      source: 'areas',
      filter: ['==', ['get', 'suppressed'], true],
      paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': 0.9 },
    },

    // Hexagons: counts per clipped cell.
    {
      id: 'cells-fill',
      type: 'fill',
      source: 'cells',
      filter: ['!', ['get', 'suppressed']],
      paint: { 'fill-color': HEAT[2], 'fill-opacity': 0.8 },
    },
    { id: 'cells-suppressed', type: 'fill', source: 'cells', filter: ['==', ['get', 'suppressed'], true], paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': 0.55 } },
    { id: 'cells-line', type: 'line', source: 'cells', paint: { 'line-color': '#ffffff', 'line-width': 0.6, 'line-opacity': 0.8 } },

    // Heat: hexagon centroids weighted by their published counts (never report locations).
    {
      id: 'heat',
      type: 'heatmap',
      source: 'heat',
      paint: {
        'heatmap-weight': ['get', 'w'],
        'heatmap-intensity': 1.5,
        'heatmap-opacity': 0.75,
        'heatmap-color': [
          'interpolate', ['linear'], ['heatmap-density'],
          0, 'rgba(255,255,178,0)',
          0.15, HEAT[0],
          0.35, HEAT[1],
          0.55, HEAT[2],
          0.75, HEAT[3],
          1, HEAT[4],
        ],
        'heatmap-radius': heatRadius(500, 52.4),
      },
    },

    // Gi* hot and cold spots; outline style repeats the meaning without colour.
    {
      id: 'hotspots-fill',
      type: 'fill',
      source: 'hotspots',
      paint: {
        'fill-color': ['match', ['get', 'bin'], 3, DIVERGING[3]!, 2, DIVERGING[2]!, 1, DIVERGING[1]!, -1, DIVERGING[-1]!, -2, DIVERGING[-2]!, -3, DIVERGING[-3]!, DIVERGING[0]!],
        'fill-opacity': ['case', ['==', ['get', 'bin'], 0], 0.12, 0.85],
      },
    },
    { id: 'hotspots-hot-line', type: 'line', source: 'hotspots', filter: ['>', ['get', 'bin'], 0], paint: { 'line-color': '#67001f', 'line-width': ['+', 0.5, ['get', 'bin']] } },
    {
      id: 'hotspots-cold-line',
      type: 'line',
      source: 'hotspots',
      filter: ['<', ['get', 'bin'], 0],
      paint: { 'line-color': '#053061', 'line-width': ['-', 0.5, ['get', 'bin']], 'line-dasharray': [1, 1.5] },
    },

    // Reference lines on top of the thematic fills, so that areas stay recognisable.
    { id: 'buurten-line', type: 'line', source: 'buurten', minzoom: 10.5, paint: { 'line-color': '#6b7280', 'line-width': ['interpolate', ['linear'], ['zoom'], 10.5, 0.3, 14, 1] } },
    { id: 'wijken-line', type: 'line', source: 'wijken', paint: { 'line-color': '#4b5563', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 14, 1.6] } },
    { id: 'gemeenten-line', type: 'line', source: 'gemeenten', paint: { 'line-color': INK, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 14, 3] } },
    // Inhabitants estimated: a dashed inner line (the rate rests on an estimate).
    {
      id: 'choropleth-estimated',
      type: 'line',
      source: 'areas',
      filter: ['==', ['get', 'estimated'], true],
      paint: { 'line-color': '#7a4b00', 'line-width': 1.4, 'line-dasharray': [2, 2], 'line-offset': 1.2 },
    },

    // Selected signal: its cells or areas.
    { id: 'signal-shapes-fill', type: 'fill', source: 'signal-shapes', paint: { 'fill-color': '#6a3d9a', 'fill-opacity': 0.25 } },
    { id: 'signal-shapes-line', type: 'line', source: 'signal-shapes', paint: { 'line-color': '#3f007d', 'line-width': 3 } },

    // Hit area for hover and click on the chosen level (invisible), hover and selection outlines.
    { id: 'areas-hit', type: 'fill', source: 'areas', paint: { 'fill-color': '#000000', 'fill-opacity': 0 } },
    { id: 'areas-hover', type: 'line', source: 'areas', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': INK, 'line-width': 2 } },
    { id: 'selected-halo', type: 'line', source: 'selected', paint: { 'line-color': '#ffffff', 'line-width': 7 } },
    { id: 'selected-line', type: 'line', source: 'selected', paint: { 'line-color': INK, 'line-width': 3.5 } },
  ];
  for (const layer of layers) {
    if (initial.hidden?.includes(layer.id)) layer.layout = { ...(layer.layout ?? {}), visibility: 'none' };
    const colour = initial.paint?.[layer.id as 'choropleth-fill' | 'cells-fill'];
    if (colour && layer.type === 'fill') layer.paint = { ...layer.paint, 'fill-color': colour as ExpressionSpecification };
  }
  return { version: 8, sources: sources as StyleSpecification['sources'], layers };
}

/**
 * Heat radius in pixels for every zoom: twice the cell size in metres (so neighbouring cells
 * blend into a surface instead of showing the grid), converted with the map scale at `latitude`.
 */
export function heatRadius(cellMetres: number, latitude: number): ExpressionSpecification {
  const at = (zoom: number) => Math.max(1, 2 * cellMetres * pixelsPerMetre(zoom, latitude));
  return ['interpolate', ['exponential', 2], ['zoom'], 6, at(6), 18, at(18)];
}

/** Fill colours of the classed layers. */
export function classedColour(step: unknown[] | string, zeroColour = ZERO_COLOUR): ExpressionSpecification {
  return ['case', ['==', ['to-number', ['get', 'value']], 0], zeroColour, step] as unknown as ExpressionSpecification;
}

/** A diagonal hatch (for suppressed counts), drawn at 2× for sharp lines on HiDPI screens. */
export function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 16;
  const data = new Uint8Array(size * size * 4);
  const bg = [0xe6, 0xe6, 0xe6, 255];
  const fg = [0x70, 0x70, 0x70, 255];
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const onLine = (x + y) % 8 < 2;
      const c = onLine ? fg : bg;
      data.set(c, (y * size + x) * 4);
    }
  return { width: size, height: size, data };
}
