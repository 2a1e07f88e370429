/** Early signals: the selected signal's cells or areas highlighted (the numbered markers are
 *  HTML, SignalMarkers.svelte). The list itself comes from the shared signals resource. */
import type { MapLayer } from './types.ts';

export const signals: MapLayer<null> = {
  id: 'signals',
  minRole: 'analyst',
  sources: { 'signal-shapes': {} },
  // Readable on every class colour: a light wash, then a dark casing under a yellow line, so one
  // of the two always stands at least 3:1 against the area underneath (WCAG non-text contrast):
  // yellow #ffd23f is 7.3:1 on the darkest class #253494, the ink casing #1d2025 15.9:1 on the
  // lightest #ffffcc and 3.8:1 on the middle blue #2c7fb8. The old dark purple line was 1.3:1 on
  // #253494.
  styleLayers: [
    { slot: 'overlay', id: 'signal-shapes-fill', type: 'fill', source: 'signal-shapes', paint: { 'fill-color': '#ffd23f', 'fill-opacity': 0.18 } },
    { slot: 'overlay', id: 'signal-shapes-casing', type: 'line', source: 'signal-shapes', paint: { 'line-color': '#1d2025', 'line-width': 6 } },
    { slot: 'overlay', id: 'signal-shapes-line', type: 'line', source: 'signal-shapes', paint: { 'line-color': '#ffd23f', 'line-width': 3 } },
  ],
  legend: (_data, _q, inputs) => ({
    id: 'signals',
    title: inputs.t('layer_signals'),
    unavailable: inputs.signalsStatus === 'unavailable',
    items: inputs.signalsStatus === 'ready' && (inputs.signals?.length ?? 0) === 0 ? [] : [{ swatch: { kind: 'marker' }, label: inputs.t('signalMarkerLegend') }],
    notes: [
      ...(inputs.signalsStatus === 'ready' && (inputs.signals?.length ?? 0) === 0 ? [inputs.t('noSignals')] : []),
      // The markers follow municipality and category, not the period: say so where they are drawn.
      ...(inputs.signalsStatus === 'ready' ? [inputs.t('signalLegendScope')] : []),
    ],
  }),
};
