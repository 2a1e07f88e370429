import type { Request, Response, Router } from 'express';
import type { AppContext } from '../context.ts';
import { AREA_CODE } from '../contract/common.ts';
import { mount } from '../contract/endpoint.ts';
import { BRIEFING_FILE, exportQueries, getBriefing, getExport } from '../contract/exports.ts';
import { InputError, NotFoundError } from '../errors.ts';
import { actorOf, parseQuery } from '../http.ts';
import { audit } from '../services/audit.ts';
import { renderBriefing } from '../services/briefings/index.ts';
import { areasCsv, areasGeoJson, timeseriesCsv } from '../services/exports.ts';
import { resolveFilters, type Filters } from '../services/filters.ts';
import { areaStatistics, periodInfo, timeSeries } from '../services/stats.ts';

// Briefings (PDF/HTML) and exports (CSV/GeoJSON): validate → service → file, and every file that
// leaves is written to the audit log (who, what, filters, when). docs/briefings.md.

const NO_STORE = 'private, no-store';

function attachment(res: Response, fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): void {
  res.set({ 'Cache-Control': NO_STORE, 'Content-Disposition': `${disposition}; filename="${fileName}"` });
}

/** The filters as they go into the audit log: what was asked, resolved (never report content). */
function auditFilters(f: Filters): Record<string, unknown> {
  return { category: f.category, source: f.source, period: f.period.token, from: f.period.from, to: f.period.to, gemeente: f.gemeente };
}

export function exportRoutes(router: Router, { db, config }: AppContext): void {
  const disclosure = config.disclosure;

  mount(router, getBriefing, async (req: Request, res) => {
    const match = BRIEFING_FILE.exec(String(req.params.file));
    if (!match) throw new NotFoundError('no such briefing: use /api/briefings/<area code>.pdf or .html', 'areaCode');
    const [, areaCode, format] = match as unknown as [string, string, 'pdf' | 'html'];
    if (!AREA_CODE.test(areaCode)) throw new InputError('areaCode: must be a CBS area code (GM…, WK… or BU…)', [], { parameter: 'areaCode' });
    const q = parseQuery(getBriefing.query, req.query);
    const actor = actorOf(req, res);
    const out = await renderBriefing(db, areaCode, { category: q.category, source: q.source, period: q.period, from: q.from, to: q.to }, format, { lang: q.lang, disclosure, actor });
    const p = out.model.periods.current;
    await audit(db, actor, {
      action: 'briefing',
      target: areaCode,
      details: { format, lang: q.lang, category: out.model.filters.category, source: out.model.filters.source, period: p.token, from: p.from, to: p.to },
    });
    attachment(res, out.fileName, format === 'pdf' ? 'attachment' : 'inline');
    res.type(out.contentType).send(out.body);
  });

  mount(router, getExport, async (req: Request, res) => {
    const file = String(req.params.file);
    const actor = actorOf(req, res);
    const generatedAt = new Date().toISOString();
    if (file === 'areas.csv' || file === 'areas.geojson') {
      const q = file === 'areas.csv'
        ? parseQuery(exportQueries['areas.csv'], req.query)
        : { ...parseQuery(exportQueries['areas.geojson'], req.query), dialect: undefined };
      const filters = await resolveFilters(db, q);
      const stats = await areaStatistics(db, q.level, filters, disclosure);
      const body = file === 'areas.csv' ? areasCsv(stats, q.dialect!) : JSON.stringify(await areasGeoJson(db, stats, { generatedAt }));
      await audit(db, actor, { action: 'export', target: file, details: { file, level: q.level, ...(q.dialect ? { dialect: q.dialect } : {}), ...auditFilters(filters) } });
      const p = filters.period;
      attachment(res, `signaalkaart-areas-${q.level}-${p.token}.${file.endsWith('.csv') ? 'csv' : 'geojson'}`);
      res.type(file.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8').send(body);
      return;
    }
    if (file === 'timeseries.csv') {
      const q = parseQuery(exportQueries['timeseries.csv'], req.query);
      const filters = await resolveFilters(db, q);
      const series = await timeSeries(db, q.area, q.interval, filters, disclosure);
      const body = timeseriesCsv(series, { interval: q.interval, period: periodInfo(filters.period), category: filters.category, source: filters.source }, q.dialect);
      await audit(db, actor, { action: 'export', target: file, details: { file, area: q.area, interval: q.interval, dialect: q.dialect, ...auditFilters(filters) } });
      attachment(res, `signaalkaart-timeseries-${q.area}-${q.interval}-${filters.period.token}.csv`);
      res.type('text/csv; charset=utf-8').send(body);
      return;
    }
    throw new NotFoundError(`no such export "${file.slice(0, 60)}": areas.csv, areas.geojson or timeseries.csv`, 'file');
  });
}
