import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { mount, shaped } from '../contract/endpoint.ts';
import * as contract from '../contract/imports.ts';
import { actorOf, limitedBody, parseQuery } from '../http.ts';
import { audit } from '../services/audit.ts';
import { scheduleSignalRun } from '../services/signals/index.ts';
import { importFile, listBatches, rollbackBatch } from '../services/imports/index.ts';
import { snapMetresFor } from '../services/imports/limits.ts';
import { InputError } from '../errors.ts';

function formatOf(contentType: string | undefined, explicit?: 'csv' | 'geojson'): 'csv' | 'geojson' | undefined {
  if (explicit) return explicit;
  if (!contentType) return undefined;
  if (/geo\+json|application\/json/i.test(contentType)) return 'geojson';
  if (/text\/csv|text\/plain|application\/vnd\.ms-excel/i.test(contentType)) return 'csv';
  return undefined;
}

export function importRoutes(router: Router, { db, config, logger }: AppContext): void {
  // After a committed change of the data, the early signals are recomputed in the background.
  const recomputeSignals = () => {
    if (config.signalsAfterImport) scheduleSignalRun(db, { disclosure: config.disclosure, onError: (err) => logger.error({ err }, 'signal run after import failed') });
  };
  for (const [kind, ep] of [['reports', contract.importReports], ['inspections', contract.importInspections]] as const) {
    mount(router, ep, async (req, res) => {
      const query = parseQuery(ep.query, req.query);
      const snapMetres = snapMetresFor(query.snap, config.snapMetres);
      const actor = actorOf(req, res);
      const report = await importFile(db, limitedBody(req, config.importLimitBytes), {
        kind,
        format: formatOf(req.headers['content-type'], query.format),
        fileName: query.filename,
        snapMetres,
        createdBy: actor.username,
      }).catch(async (err) => {
        await audit(db, actor, { action: 'import', target: kind, outcome: 'failed', details: { fileName: query.filename ?? null, error: String((err as Error).message).slice(0, 200) } });
        throw err;
      });
      if (kind === 'reports' && report.inserted > 0) recomputeSignals();
      await audit(db, actor, { action: 'import', target: `batch ${report.batchId}`, details: { kind, fileName: report.fileName, rows: report.rows, inserted: report.inserted, droppedColumns: report.droppedColumns, droppedColumnCount: report.droppedColumnCount } });
      res.status(201).json(shaped(ep, 201, report));
    });
  }
  mount(router, contract.listImports, async (req, res) => {
    parseQuery(contract.listImports.query, req.query);
    res.json(shaped(contract.listImports, 200, await listBatches(db)));
  });
  mount(router, contract.rollbackImport, async (req, res) => {
    const id = contract.rollbackImport.params.shape.id.safeParse(req.params.id);
    if (!id.success) throw new InputError('id must be a positive whole number (an import batch id)', [], { parameter: 'id' });
    const result = await rollbackBatch(db, id.data);
    if (result.kind === 'reports' && result.removed > 0) recomputeSignals();
    await audit(db, actorOf(req, res), { action: 'rollback', target: `batch ${id.data}`, details: { kind: result.kind, removed: result.removed } });
    res.json(shaped(contract.rollbackImport, 200, result));
  });
}
