/** Hover and click on the chosen level's areas (an invisible hit layer on the choropleth's source,
 *  so the areas answer even with the choropleth off), the hover outline and the selected area. */
import type { AreaStatistic } from '../../lib/api.ts';
import { formatChange, formatCount, formatNumber, formatRate } from '../../lib/format.ts';
import { rateWithheldReason, minRatePopulation, type AreaFigure } from './choropleth.ts';
import type { MapInputs, MapLayer } from './types.ts';

const INK = '#1d2025';

export const selection: MapLayer<null> = {
  id: 'selection',
  minRole: 'viewer',
  sources: { selected: { promoteId: 'code' } },
  styleLayers: [
    { slot: 'overlay', id: 'areas-hit', type: 'fill', source: 'areas', paint: { 'fill-color': '#000000', 'fill-opacity': 0 } },
    { slot: 'overlay', id: 'areas-hover', type: 'line', source: 'areas', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': INK, 'line-width': 2 } },
    { slot: 'overlay', id: 'selected-halo', type: 'line', source: 'selected', paint: { 'line-color': '#ffffff', 'line-width': 7 } },
    { slot: 'overlay', id: 'selected-line', type: 'line', source: 'selected', paint: { 'line-color': INK, 'line-width': 3.5 } },
  ],
  interactive: ['areas-hit'],
  tooltip: (_layer, p, q, inputs) => areaTooltip(String(p.code), String(p.name ?? p.code), q.lang, inputs),
};

/** Name, count ("<k", or "geen gegevens"), rate (or "–" with the reason) and change. */
export function areaTooltip(code: string, name: string, lang: 'nl' | 'en', inputs: MapInputs) {
  const { t } = inputs;
  const a = inputs.stats?.areas.find((x: AreaStatistic) => x.code === code) as AreaFigure | undefined;
  const gemeente = a?.gemeente ?? inputs.shapes?.features.find((f) => f.properties.code === code)?.properties.gemeente ?? '';
  if (!a || inputs.noData(code, gemeente)) return { title: name, lines: [t('noDataHere')] };
  const lines = [`${t('count')}: ${formatCount(lang, a.count, inputs.k)}`];
  const reason = rateWithheldReason(a, minRatePopulation(inputs));
  if (a.inhabitants !== null || reason) {
    lines.push(`${t('ratePer1000')}: ${reason ? `– (${t(`rateWithheld_${reason}`, { n: formatNumber(lang, minRatePopulation(inputs)) })})` : `${formatRate(lang, a.ratePer1000)}${a.inhabitantsEstimated ? ` (${t('estimated')})` : ''}`}`);
  }
  lines.push(`${t('changeVsLastYear')}: ${formatChange(lang, a.changeVsLastYear)}`);
  return { title: a.name, lines };
}
