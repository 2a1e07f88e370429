/** Early signals: the selected signal's cells or areas highlighted (the numbered markers are
 *  HTML, SignalMarkers.svelte). The list itself comes from the shared signals resource. */
import type { MapLayer } from './types.ts';

export const signals: MapLayer<null> = {
  id: 'signals',
  minRole: 'analyst',
  sources: { 'signal-shapes': {} },
  styleLayers: [
    { slot: 'overlay', id: 'signal-shapes-fill', type: 'fill', source: 'signal-shapes', paint: { 'fill-color': '#6a3d9a', 'fill-opacity': 0.25 } },
    { slot: 'overlay', id: 'signal-shapes-line', type: 'line', source: 'signal-shapes', paint: { 'line-color': '#3f007d', 'line-width': 3 } },
  ],
  legend: (_data, _q, inputs) => ({
    id: 'signals',
    title: inputs.t('layer_signals'),
    unavailable: inputs.signalsStatus === 'unavailable',
    items: inputs.signalsStatus === 'ready' && (inputs.signals?.length ?? 0) === 0 ? [] : [{ swatch: { kind: 'marker' }, label: inputs.t('signalMarkerLegend') }],
    notes: inputs.signalsStatus === 'ready' && (inputs.signals?.length ?? 0) === 0 ? [inputs.t('noSignals')] : [],
  }),
};
