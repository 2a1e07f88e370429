// Area briefings: GET /api/briefings/<area code>.pdf|.html (docs/briefings.md).
import type { Database } from '../../db/index.ts';
import { briefingHtml } from './html.ts';
import { buildBriefing, type BriefingModel, type BriefingQuery, type BuildOptions } from './model.ts';
import { briefingPdf } from './pdf.ts';

export type { BriefingModel, BriefingQuery, BuildOptions } from './model.ts';
export { buildBriefing } from './model.ts';
export { briefingPdf } from './pdf.ts';
export { briefingHtml } from './html.ts';
export type { Lang } from './i18n.ts';

export type BriefingFormat = 'pdf' | 'html';

export interface RenderedBriefing {
  body: Buffer;
  contentType: string;
  fileName: string;
  model: BriefingModel;
}

/** Builds and renders one briefing. */
export async function renderBriefing(db: Database, areaCode: string, query: BriefingQuery, format: BriefingFormat, options: BuildOptions): Promise<RenderedBriefing> {
  const model = await buildBriefing(db, areaCode, query, options);
  const started = performance.now();
  const body = format === 'pdf' ? await briefingPdf(model) : Buffer.from(briefingHtml(model), 'utf8');
  if (options.timings) options.timings.render = performance.now() - started;
  const p = model.periods.current;
  return {
    body,
    model,
    contentType: format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    fileName: `briefing-${model.area.code}-${p.token}-${options.lang}.${format}`,
  };
}
