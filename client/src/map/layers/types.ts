/**
 * The contract of one map layer (Kepler.gl style: each layer one module, all of them in
 * `registry.ts`). A module says who may see it, which GeoJSON sources and style layers it owns,
 * what it loads for the current filters, how loaded data becomes source data and paint, what its
 * legend says and what its tooltip shows. Everything here is plain data and pure functions: the
 * map component (`MapView.svelte`) runs them; it keeps only the map's lifecycle and camera.
 */
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { AreaCollection, AreaStatistics, Signal, StatsFilters } from '../../lib/api.ts';
import type { Classification } from '../../../../shared/classes.ts';
import type { MessageKey } from '../../lib/messages.ts';
import type { CellSize, Lang, Metric, AreaLevel } from '../../lib/url-state.ts';

export type Role = 'viewer' | 'analyst';

/** Where a style layer is drawn: under the reference lines (fills) or above them (outlines,
 *  highlights). Within a slot, registry order then module order. */
export type Slot = 'fill' | 'overlay';
export type StyleLayer = LayerSpecification & { slot: Slot };

export interface SourceSpec {
  /** Feature property used as feature id (feature state, stable hover). */
  promoteId?: string;
}

/** What a module may read to decide what to load and how to draw it. */
export interface LayerQuery {
  filters: StatsFilters | null;
  level: AreaLevel;
  metric: Metric;
  cell: CellSize;
  lang: Lang;
  /** Which toggleable layers are on (after the role check). */
  on: (id: string) => boolean;
}

/** Shared inputs prepared by the map once (areas, statistics, coverage): several layers, the
 *  labels, the legend and the table read them. */
export interface MapInputs {
  shapes: AreaCollection | null;
  stats: AreaStatistics | null;
  /** The published figure of an area is "no data" (municipality or period not loaded). */
  noData: (code: string, gemeente: string) => boolean;
  /** The area classification of the current view (counts or rates). */
  classes: Classification;
  /** The hexagon / heat classification of the current cell counts. */
  cellClasses: Classification;
  k: number;
  cellK: number;
  signals: Signal[] | null;
  signalsStatus: string;
  hotspotsStatus: string;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  number: (v: number) => string;
  rate: (v: number) => string;
}

export type Swatch =
  | { kind: 'fill'; colour: string; hex?: boolean }
  | { kind: 'hatch' | 'nodata' | 'dashed' | 'withheld' | 'marker' | 'hex-hatch' }
  | { kind: 'hot' | 'cold'; colour: string };

export interface LegendSection {
  id: string;
  title: string;
  items: { swatch: Swatch; label: string }[];
  /** A continuous ramp with numbers under it (heat). */
  ramp?: { gradient: string; ticks: { at: number; label: string }[] };
  notes: string[];
  unavailable?: boolean;
}

export interface Tooltip {
  title: string;
  lines: string[];
}

export interface MapLayer<D = unknown> {
  /** The id in the layer control and the URL (`layers=`). */
  id: string;
  minRole: Role;
  /** Owned GeoJSON sources (start empty; filled through `sourceData`). */
  sources: Record<string, SourceSpec>;
  styleLayers: StyleLayer[];
  /** The request for the current view, or null (nothing to load). Runs when the layer is on, or
   *  always with `alwaysLoad` (the choropleth's statistics feed the table and the labels too). */
  load?: (q: LayerQuery) => ((signal: AbortSignal) => Promise<D>) | null;
  alwaysLoad?: boolean;
  /** Source contents for the loaded data (null: leave the source as it is). */
  sourceData?: (data: D | null, q: LayerQuery, inputs: MapInputs) => Record<string, FeatureCollection | null>;
  /** Paint properties that follow the data (class colours, heat scale). */
  paint?: (data: D | null, q: LayerQuery, inputs: MapInputs) => Record<string, Record<string, unknown>>;
  /** Style layers of this module to hide although the layer is on (e.g. estimate marks in count
   *  mode). */
  hiddenWhenOn?: (q: LayerQuery) => string[];
  legend?: (data: D | null, q: LayerQuery, inputs: MapInputs) => LegendSection | null;
  /** Style layers that answer hover, top first, and what they show. */
  interactive?: string[];
  tooltip?: (layerId: string, properties: Record<string, unknown>, q: LayerQuery, inputs: MapInputs) => Tooltip | null;
}
