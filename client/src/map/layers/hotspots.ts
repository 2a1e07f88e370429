/** Getis-Ord Gi* hot and cold spots per hexagon (/api/hotspots, FDR corrected bins −3 … 3).
 *  Hot spots also get a solid outline whose width grows with confidence, cold spots a dotted one,
 *  so the meaning never rests on colour alone. */
import { fetchHotspots, type HotspotCollection } from '../../lib/api.ts';
import { DIVERGING } from '../../../../shared/classes.ts';
import { formatNumber } from '../../lib/format.ts';
import type { MessageKey } from '../../lib/messages.ts';
import type { MapLayer } from './types.ts';

const BINS: { bin: number; key: MessageKey }[] = [
  { bin: 3, key: 'hot99' },
  { bin: 2, key: 'hot95' },
  { bin: 1, key: 'hot90' },
  { bin: 0, key: 'notSignificant' },
  { bin: -1, key: 'cold90' },
  { bin: -2, key: 'cold95' },
  { bin: -3, key: 'cold99' },
];

export const hotspots: MapLayer<HotspotCollection> = {
  id: 'hotspots',
  minRole: 'analyst',
  sources: { hotspots: { promoteId: 'id' } },
  styleLayers: [
    {
      slot: 'fill',
      id: 'hotspots-fill',
      type: 'fill',
      source: 'hotspots',
      paint: {
        'fill-color': ['match', ['get', 'bin'], 3, DIVERGING[3]!, 2, DIVERGING[2]!, 1, DIVERGING[1]!, -1, DIVERGING[-1]!, -2, DIVERGING[-2]!, -3, DIVERGING[-3]!, DIVERGING[0]!],
        'fill-opacity': ['case', ['==', ['get', 'bin'], 0], 0.12, 0.85],
      },
    },
    { slot: 'fill', id: 'hotspots-hot-line', type: 'line', source: 'hotspots', filter: ['>', ['get', 'bin'], 0], paint: { 'line-color': '#67001f', 'line-width': ['+', 0.5, ['get', 'bin']] } },
    {
      slot: 'fill',
      id: 'hotspots-cold-line',
      type: 'line',
      source: 'hotspots',
      filter: ['<', ['get', 'bin'], 0],
      paint: { 'line-color': '#053061', 'line-width': ['-', 0.5, ['get', 'bin']], 'line-dasharray': [1, 1.5] },
    },
  ],
  load: (q) => {
    const filters = q.filters;
    if (!filters) return null;
    const cell = q.cell;
    return (signal) => fetchHotspots(cell, filters, signal);
  },
  sourceData: (data) => ({ hotspots: data ?? { type: 'FeatureCollection', features: [] } }),
  legend: (_data, _q, inputs) => ({
    id: 'hotspots',
    title: inputs.t('layer_hotspots'),
    unavailable: inputs.hotspotsStatus === 'unavailable',
    items: BINS.map((b) => ({ swatch: b.bin > 0 ? { kind: 'hot' as const, colour: DIVERGING[b.bin]! } : b.bin < 0 ? { kind: 'cold' as const, colour: DIVERGING[b.bin]! } : { kind: 'fill' as const, colour: DIVERGING[0]! }, label: inputs.t(b.key) })),
    notes: [inputs.t('hotspotNote')],
  }),
  interactive: ['hotspots-fill'],
  tooltip: (_layer, p, q, inputs) => {
    const bin = Number(p.bin);
    const lines = [inputs.t(BINS.find((b) => b.bin === bin)?.key ?? 'notSignificant')];
    if (p.z !== null && p.z !== undefined) lines.push(`z = ${formatNumber(q.lang, Number(p.z), 2)}`);
    if (p.p !== null && p.p !== undefined) lines.push(`p = ${formatNumber(q.lang, Number(p.p), 3)}`);
    return { title: inputs.t('tooltipCell', { n: q.cell }), lines };
  },
};
