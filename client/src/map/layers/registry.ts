/**
 * Every map layer, in drawing order, and what follows from the list: the ids of the layer control
 * and the URL, the layers only analysts see, the sources and the style. To add a layer, write a
 * module (types.ts: MapLayer) and list it here.
 */
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { basemap } from './basemap.ts';
import { choropleth } from './choropleth.ts';
import { hexagons } from './hexagons.ts';
import { heat } from './heat.ts';
import { hotspots } from './hotspots.ts';
import { selection } from './selection.ts';
import { signals } from './signals.ts';
import { LAYER_IDS, type LayerId } from './ids.ts';
import type { MapLayer } from './types.ts';

/** The layers the user switches, in the control's order (ids.ts holds the same list for the
 *  URL parser, which must stay free of map code). */
export const TOGGLED: readonly MapLayer<any>[] = [choropleth, hexagons, heat, hotspots, signals];
/** Always there: the offline basemap under everything, hover and selection over it. */
export const FRAME: readonly MapLayer<any>[] = [basemap, selection];
/** Drawing order of the modules within each slot. */
export const LAYERS: readonly MapLayer<any>[] = [basemap, ...TOGGLED, selection];

export { LAYER_IDS, type LayerId };
export const ANALYST_LAYERS: readonly LayerId[] = TOGGLED.filter((l) => l.minRole === 'analyst').map((l) => l.id as LayerId);
export const SOURCE_IDS: readonly string[] = LAYERS.flatMap((l) => Object.keys(l.sources));

export function layerById(id: string): MapLayer<any> | undefined {
  return LAYERS.find((l) => l.id === id);
}

export interface InitialStyle {
  /** Data already at hand when the map is made: drawn in the first frame, no update round. */
  data: Record<string, FeatureCollection>;
  /** Style layers to hide from the start. */
  hidden: ReadonlySet<string>;
  /** Paint properties known from the start (class colours). */
  paint: Record<string, Record<string, unknown>>;
}

/** The whole style: every module's sources (empty unless given) and style layers, fills under
 *  the reference lines, overlays above. */
export function buildStyle(initial: InitialStyle): StyleSpecification {
  const empty = { type: 'FeatureCollection', features: [] } as const;
  const sources: StyleSpecification['sources'] = {};
  for (const layer of LAYERS)
    for (const [id, spec] of Object.entries(layer.sources)) sources[id] = { type: 'geojson', data: initial.data[id] ?? empty, ...(spec.promoteId ? { promoteId: spec.promoteId } : {}) };
  const layers: LayerSpecification[] = [];
  for (const slot of ['fill', 'overlay'] as const)
    for (const module of LAYERS)
      for (const { slot: s, ...spec } of module.styleLayers) {
        if (s !== slot) continue;
        const layer = { ...spec } as LayerSpecification & { paint?: Record<string, unknown>; layout?: Record<string, unknown> };
        if (initial.hidden.has(layer.id)) layer.layout = { ...(layer.layout ?? {}), visibility: 'none' };
        const paint = initial.paint[layer.id];
        if (paint && 'paint' in layer) layer.paint = { ...(layer.paint ?? {}), ...paint };
        layers.push(layer as LayerSpecification);
      }
  return { version: 8, sources, layers };
}
