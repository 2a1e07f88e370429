import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../server/services/imports/index.ts';
import { queueView, scheduleSignalRun, signalRunsIdle } from '../../server/services/signals/index.ts';
import { ENGINE_VERSION, storesSettings } from '../../server/services/signals/parameters.ts';
import { DEFAULT_DETECTOR_PARAMS } from '../../server/analysis/earlySignals.ts';
import { DEFAULT_DISCLOSURE, disclosureKey, type DisclosureConfig } from '../../server/publish/index.ts';
import { TEST_TODAY } from './harness.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

// The signal engine on a database with areas but no reports: clear empty results, never NaN;
// request validation; and the recompute hook an import calls.
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base');
});
afterAll(async () => s?.close());

const post = (path: string, body: unknown) =>
  s.get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Every number anywhere in a JSON value is finite (JSON turns NaN and Infinity into null, so
 *  the statistics fields are checked for null separately). */
function numbers(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => numbers(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => numbers(v, out));
  return out;
}

describe('without reports', () => {
  it('lists no signals and says there is no run yet', async () => {
    const body = await s.json('/api/signals');
    expect(body).toMatchObject({ run: null, total: 0, signals: [] });
  });

  it('runs to completion with no municipalities, no cube and no signals', async () => {
    const res = await post('/api/signals/run', {});
    expect(res.status).toBe(201);
    const run = await res.json();
    expect(run).toMatchObject({ status: 'completed', weeks: null, gemeenten: [], signals: { lead: 0, map: 0 } });
    expect(run.dataVersion.rollupChecksum).toBe('0:0');
    const [stored] = await s.db.query<{ status: string; steps: number | null; parameters: { alpha: number } }>('SELECT status, steps, parameters FROM signal_runs WHERE id = $1', [run.id]);
    expect(stored).toMatchObject({ status: 'completed', steps: null });
    expect(stored!.parameters.alpha).toBe(DEFAULT_DETECTOR_PARAMS.alpha);
    // An analyst's (here the administrator's) run is their draft; the published list has none yet.
    expect(run.visibility).toBe('draft');
    expect(await s.json('/api/signals')).toMatchObject({ run: null, draft: { id: run.id } });
    const list = await s.json('/api/signals?view=draft');
    expect(list.run.id).toBe(run.id);
    expect(list.signals).toEqual([]);
  });

  it('gives every cell bin 0 and "no data" on the hot spot map without reports, not NaN', async () => {
    const body = await s.json('/api/hotspots?gemeente=GM1700&cell=1000');
    const [cells] = await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM grid_cells WHERE size = 1000 AND gemeente_code = 'GM1700'`);
    expect(body.features).toHaveLength(cells!.n);
    expect(body.studyAreas).toEqual([{ gemeente: 'GM1700', cells: cells!.n, noVariation: true, hot: 0, cold: 0 }]);
    for (const f of body.features) {
      expect(f.geometry.type).toMatch(/^(Multi)?Polygon$/);
      expect(f.properties).toMatchObject({ bin: 0, count: null, suppressed: false, noData: true });
    }
    expect(numbers(body).every(Number.isFinite)).toBe(true);
  });

  it('returns a class map without classes and with a reason', async () => {
    // The class map reads the published run (the run above is a draft).
    expect((await s.get('/api/signals/publish', { method: 'POST' })).status).toBe(201);
    const body = await s.json('/api/emerging?gemeente=GM1700');
    expect(body.type).toBe('FeatureCollection');
    expect(body.note).toMatch(/no complete week with reports/);
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features.every((f: any) => f.properties.class === 'none')).toBe(true);
  });
});

describe('validation', () => {
  const cases: [string, number, string][] = [
    ['/api/hotspots?cell=300', 400, 'cell'],
    ['/api/hotspots?category=ufo', 400, 'category'],
    ['/api/hotspots?gemeente=GM9999', 404, 'gemeente'],
    ['/api/hotspots?from=2025-02-30', 400, 'from'],
    ['/api/hotspots?from=2025-02-03&to=2025-02-20', 400, 'from'],
    ['/api/hotspots?category=hennep,drugslab', 400, 'category'],
    ['/api/hotspots?bins=5', 400, 'bins'],
    ['/api/emerging?step=week', 400, 'step'],
    ['/api/emerging?cell=500', 400, 'cell'],
    ['/api/emerging?category=hennep&category=drugslab', 400, 'category'],
    ['/api/emerging?category=ufo', 400, 'category'],
    ['/api/emerging?gemeente=GM9999', 404, 'gemeente'],
    ['/api/emerging?gemeente=1700', 400, 'gemeente'],
    ['/api/signals?status=closed', 400, 'status'],
    ['/api/signals?kind=emerging', 400, 'kind'],
    ['/api/signals?category=ufo', 400, 'category'],
    ['/api/signals?gemeente=GM9999', 404, 'gemeente'],
    ['/api/signals?limit=0', 400, 'limit'],
    ['/api/signals?sort=score', 400, 'sort'],
  ];
  for (const [path, status, parameter] of cases) {
    it(`${path} → ${status} naming ${parameter}`, async () => {
      const res = await s.get(path);
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.parameter).toBe(parameter);
      expect(body.error).toEqual(expect.any(String));
    });
  }

  const bodies: [unknown, number, string][] = [
    [{ alpha: 0.9 }, 400, 'alpha'],
    [{ alpha: 0 }, 400, 'alpha'],
    [{ minCount: 2 }, 400, 'minCount'],
    [{ maxZoneSize: 5 }, 400, 'maxZoneSize'],
    [{ baselineWeeks: 500 }, 400, 'baselineWeeks'],
    [{ scan: { replications: 99 } }, 400, 'scan'],
    [{ end: '2025-13-01' }, 400, 'end'],
    [{ colour: 'red' }, 400, 'colour'],
    [{ gemeente: 'GM9999' }, 404, 'gemeente'],
    [[1, 2], 400, 'body'],
  ];
  for (const [body, status, parameter] of bodies) {
    it(`POST /api/signals/run ${JSON.stringify(body)} → ${status} naming ${parameter}`, async () => {
      const res = await post('/api/signals/run', body);
      expect(res.status).toBe(status);
      expect((await res.json()).parameter).toBe(parameter);
    });
  }

  it('POST /api/signals/run with broken JSON → 400', async () => {
    const res = await post('/api/signals/run', '{"alpha": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not valid JSON/);
  });
});

describe('recompute after an import', () => {
  it('scheduleSignalRun runs in the background after new data, and skips when nothing changed', async () => {
    const runs = async () => (await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM signal_runs WHERE purpose = 'signals' AND visibility = 'published'`))[0]!.n;
    // The administrator's defaults (minCount 4) make a published run; scheduling again on the same
    // data and defaults adds none.
    expect((await s.get('/api/signals/defaults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ minCount: 4 }) })).status).toBe(200);
    await signalRunsIdle(s.db);
    const before = await runs();
    expect(before).toBeGreaterThan(0);
    scheduleSignalRun(s.db);
    await signalRunsIdle(s.db);
    expect(await runs()).toBe(before);
    // A list made by an older engine (another version in its key) is made again on the same data
    // and defaults: an upgrade that changes results must not leave the old list standing.
    await s.db.query(`UPDATE signal_runs SET emerging_key = replace(emerging_key, '${ENGINE_VERSION}|', 'v2|') WHERE id = (SELECT max(id) FROM signal_runs WHERE purpose = 'signals' AND visibility = 'published')`);
    scheduleSignalRun(s.db);
    await signalRunsIdle(s.db);
    expect(await runs()).toBe(before + 1);
    const [{ key }] = await s.db.query<{ key: string }>(`SELECT emerging_key AS key FROM signal_runs WHERE purpose = 'signals' AND visibility = 'published' ORDER BY id DESC LIMIT 1`) as [{ key: string }];
    expect(key.startsWith(`${ENGINE_VERSION}|`)).toBe(true);
    expect([storesSettings('v2|a0.2|min3'), storesSettings(key), storesSettings('v1|x'), storesSettings('emerging|x')]).toEqual([true, true, false, false]);
    // So is a list whose cards were published under other publication settings (the figures on
    // its cards would keep the old rules until the next import), and one from before migration 021.
    const shown: DisclosureConfig = { ...DEFAULT_DISCLOSURE, hideAreaZeros: false };
    scheduleSignalRun(s.db, { disclosure: shown });
    await signalRunsIdle(s.db);
    expect(await runs()).toBe(before + 2);
    scheduleSignalRun(s.db, { disclosure: shown });
    await signalRunsIdle(s.db);
    expect(await runs()).toBe(before + 2);
    await s.db.query(`UPDATE signal_runs SET disclosure = NULL WHERE id = (SELECT max(id) FROM signal_runs WHERE purpose = 'signals' AND visibility = 'published')`);
    scheduleSignalRun(s.db);
    await signalRunsIdle(s.db);
    expect(await runs()).toBe(before + 3);
    const [{ disclosure }] = await s.db.query<{ disclosure: string }>(`SELECT disclosure FROM signal_runs WHERE purpose = 'signals' AND visibility = 'published' ORDER BY id DESC LIMIT 1`) as [{ disclosure: string }];
    expect(disclosure).toBe(disclosureKey(DEFAULT_DISCLOSURE));
    expect(disclosureKey(shown)).not.toBe(disclosure);

    // 60 reports in one Twenterand buurt over twelve weeks.
    const [point] = await s.db.query<{ lon: number; lat: number }>(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE code = 'BU17000302') a`);
    const lines = ['external_id,received_on,category,source,lon,lat'];
    for (let k = 0; k < 60; k++) {
      const day = new Date(Date.UTC(2026, 8, 1) + (k % 84) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`B-${k},${day},hennep,mma,${point!.lon.toFixed(6)},${point!.lat.toFixed(6)}`);
    }
    const imported = await importFile(s.db, [lines.join('\n')], { kind: 'reports', snapMetres: 50, createdBy: 'test', today: TEST_TODAY });
    scheduleSignalRun(s.db);
    // Announced at once, before it enters the run queue (it first checks whether the list is
    // current): a client that saw "idle" here would stop polling and miss the new list.
    expect(queueView(s.db, 'someone')).toEqual({ running: false, waiting: 1, yourDraft: null });
    // Cheap: the call returns while the run is still to be done.
    let idle = false;
    const waiting = signalRunsIdle(s.db).then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    // A second call while busy adds no second run for the same data.
    scheduleSignalRun(s.db);
    await waiting;
    await signalRunsIdle(s.db);
    expect(await runs()).toBe(before + 4);
    expect(queueView(s.db, 'someone')).toEqual({ running: false, waiting: 0, yourDraft: null });
    const [latest] = await s.db.query<{ data_batch_id: number; created_by: string; trigger: string; visibility: string; gemeenten: string[]; min_count: number; status: string }>(
      `SELECT data_batch_id, created_by, trigger, visibility, gemeenten, (parameters->>'minCount')::integer AS min_count, status FROM signal_runs WHERE purpose = 'signals' ORDER BY id DESC LIMIT 1`);
    // The administrator's defaults (minCount 4); the data version is the new batch.
    expect(latest).toEqual({ data_batch_id: imported.batchId, created_by: 'system', trigger: 'import', visibility: 'published', gemeenten: ['GM1700'], min_count: 4, status: 'completed' });
  });
});
