import { z } from 'zod';
import { CSV_DIALECTS } from '../csv.ts';
import { AREA_CODE, filterShape, langParam } from './common.ts';
import { endpoint } from './endpoint.ts';
import { statsAreasQuery, timeseriesQuery } from './stats.ts';

// Briefings (PDF/HTML) and exports (CSV/GeoJSON) of the statistics: analysts; every file that
// leaves is written to the audit log (server/routes/exports.ts, docs/briefings.md).

/** `AREACODE.pdf` or `AREACODE.html`. */
export const BRIEFING_FILE = /^([A-Za-z0-9]+)\.(pdf|html)$/;

// A briefing's area fixes the gemeente, so `gemeente` is not a briefing parameter.
export const briefingQuery = z.object(filterShape).omit({ gemeente: true })
  .extend({ lang: langParam });

const dialect = z.enum(CSV_DIALECTS, { message: `must be one of ${CSV_DIALECTS.join(', ')}` }).default('excel-nl')
  .meta({ description: 'CSV conventions: excel-nl (semicolon, decimal comma) or rfc4180 — see docs/briefings.md' });

/** The query of each export file. */
export const exportQueries = {
  'areas.csv': statsAreasQuery.extend({ dialect }),
  'areas.geojson': statsAreasQuery,
  'timeseries.csv': timeseriesQuery.extend({ dialect }),
};
export type ExportFile = keyof typeof exportQueries;
export const EXPORT_FILES = Object.keys(exportQueries) as ExportFile[];

export const getBriefing = endpoint({
  method: 'get', path: '/briefings/:file',
  summary: 'Area briefing as PDF (A4, 2–4 pages, fonts embedded) or HTML (analyst; audited)',
  description: '`file` is `AREACODE.pdf` or `AREACODE.html`, e.g. `BU17000107.pdf`. Same disclosure control as the API; no report locations. See docs/briefings.md.',
  params: z.object({
    file: z.string().meta({ openapi: { type: 'string', pattern: `^${AREA_CODE.source.slice(1, -1)}\\.(pdf|html)$` } }),
  }),
  query: briefingQuery,
  responses: {
    200: {
      description: 'The briefing (PDF as an attachment, HTML inline)',
      content: { 'application/pdf': { opaque: 'binary' }, 'text/html': { opaque: 'string' } },
    },
  },
  errors: [400, 404],
  sample: { path: '/briefings/GM1700.html' },
});

export const getExport = endpoint({
  method: 'get', path: '/exports/:file',
  summary: 'Exports of the statistics (analyst; audited)',
  description: '`areas.csv` and `areas.geojson` take the filters of /stats/areas (incl. `level`); `timeseries.csv` those of /stats/timeseries (`area` required). See docs/briefings.md for the CSV conventions.',
  params: z.object({ file: z.enum(EXPORT_FILES as [ExportFile, ...ExportFile[]]) }),
  queryVariants: exportQueries,
  responses: {
    200: {
      description: 'The export, as an attachment',
      content: {
        'text/csv': { opaque: 'string' },
        'application/geo+json': { opaque: 'object', description: 'a FeatureCollection: the area polygons with the figures of /stats/areas as properties' },
      },
    },
  },
  errors: [400, 404],
  sample: { path: '/exports/areas.geojson', query: 'level=wijk' },
});

export const exportEndpoints = [getBriefing, getExport];
