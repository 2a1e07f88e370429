/** The switchable map layers by id, in the layer control's order: read by the URL parser (which
 *  must not load map code) and checked against the registry by a unit test. */
export const LAYER_IDS = ['choropleth', 'hexagons', 'heat', 'hotspots', 'signals'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
