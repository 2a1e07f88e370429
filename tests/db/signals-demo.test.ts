import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

// The signal engine on the demo data: a full run with the default settings must report every
// planted signal (data/demo/manifest.json) with its intended class at its place, rank the list as
// specified, store what it ran with, and never publish a point or an unprotected small count.
interface Plant { id: string; category: string; intendedClass: string; centre: [number, number]; radiusMetres: number; buurtCodes: string[] }
const manifest = JSON.parse(readFileSync('data/demo/manifest.json', 'utf8')) as { plants: Plant[]; end: string };

let s: TestServer;
let run: any;
let runMs = 0;
beforeAll(async () => {
  s = await startTestServer('demo');
  const t = Date.now();
  // The published run with the defaults (an administrator's; an analyst's run would be a draft).
  const res = await s.get('/api/signals/publish', { method: 'POST' });
  runMs = Date.now() - t;
  run = await res.json();
  if (res.status !== 201) throw new Error(`run failed: ${JSON.stringify(run)}`);
});
afterAll(async () => s?.close());

/** The 500 m cells that hold at least 15 % of a plant's disc (where its reports fall). */
async function plantCells(p: Plant): Promise<string[]> {
  const rows = await s.db.query<{ id: string }>(`
    WITH disc AS (SELECT ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 28992), $3, 64) AS g)
    SELECT c.gemeente_code || ':500:' || c.i || ':' || c.j AS id
    FROM grid_cells c, disc
    WHERE c.size = 500 AND c.gemeente_code = 'GM1700' AND ST_Intersects(c.geom_rd, disc.g)
      AND ST_Area(ST_Intersection(c.geom_rd, disc.g)) >= 0.15 * ST_Area(disc.g)
    ORDER BY 1`, [p.centre[0], p.centre[1], p.radiusMetres]);
  return rows.map((r) => r.id);
}

const K = (category: string | null) => (category && ['prostitutie', 'adresfraude', 'illegale_bewoning'].includes(category) ? 10 : category ? 5 : 10);

describe('a full run on the demo data', () => {
  it('covers Twenterand with a weekly cube ending at the last complete week, well within a minute', () => {
    expect(run).toMatchObject({ status: 'completed', gemeenten: ['GM1700'], cube: { step: 'week', from: '2023-11-27', to: manifest.end, steps: 156 } });
    expect(run.signals.emerging).toBeGreaterThan(0);
    expect(runMs).toBeLessThan(60_000);
  });

  it('stores the run with its parameters and data version', async () => {
    const [stored] = await s.db.query<any>(`SELECT status, parameters, emerging_key, data_batch_id, rollup_checksum, data_end::text AS data_end,
      cube_from::text AS cube_from, cube_to::text AS cube_to, steps, gemeenten, started_at <= finished_at AS ordered FROM signal_runs WHERE id = $1`, [run.id]);
    expect(stored.status).toBe('completed');
    expect(stored.ordered).toBe(true);
    expect(stored.parameters).toEqual(run.parameters);
    expect(stored.parameters).toMatchObject({ locations: 'cells', cellSize: 500, step: 'week', neighbourhood: { type: 'queen' }, timeStep: 1, alpha: 0.05, fdr: true, scan: { replications: 999 } });
    expect(stored.emerging_key).toBe('cells:500|week|queen:1|t1|a0.05|fdr|max156|end:data');
    const [truth] = await s.db.query<{ batch: number; reports: number; last: string }>(`SELECT (SELECT max(id) FROM import_batches) AS batch, (SELECT sum(n)::integer FROM report_counts_daily) AS reports, (SELECT max(day)::text FROM report_counts_daily) AS last`);
    expect(stored.data_batch_id).toBe(truth!.batch);
    expect(stored.rollup_checksum).toMatch(new RegExp(`^${truth!.reports}:-?\\d+$`));
    expect(stored).toMatchObject({ data_end: truth!.last, cube_from: '2023-11-27', cube_to: '2026-11-22', steps: 156, gemeenten: ['GM1700'] });
    const signals = await s.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM signals WHERE run_id = $1', [run.id]);
    expect(signals[0]!.n).toBe(run.signals.emerging + run.signals.alert + run.signals.cluster);
  });

  for (const plant of manifest.plants) {
    it(`reports ${plant.id} as ${plant.intendedClass} on at least half of its cells`, async () => {
      const cells = await plantCells(plant);
      expect(cells.length).toBeGreaterThan(0);
      const list = await s.json(`/api/signals?category=${plant.category}&kind=emerging`);
      const covered = new Set<string>(list.signals.filter((x: any) => x.class === plant.intendedClass).flatMap((x: any) => x.highlight.cells));
      const hits = cells.filter((c) => covered.has(c));
      expect(hits.length, `${plant.id}: cells ${cells.join(' ')}; ${plant.intendedClass} signals cover ${[...covered].join(' ')}`).toBeGreaterThanOrEqual(cells.length / 2);
      // The emerging map (from the stored run) agrees cell by cell.
      const map = await s.json(`/api/emerging?category=${plant.category}&gemeente=GM1700`);
      expect(map.run.id).toBe(run.id);
      const byId = new Map(map.features.map((f: any) => [f.id, f.properties]));
      expect(cells.filter((c) => (byId.get(c) as any)?.class === plant.intendedClass).length).toBeGreaterThanOrEqual(cells.length / 2);
    });
  }

  it('alerts on the newest plants in their buurt (P1 drug waste, P5 bursts)', async () => {
    const alerts = (await s.json('/api/signals?kind=alert')).signals;
    for (const plant of manifest.plants.filter((p) => p.id.startsWith('P1') || p.id.startsWith('P5'))) {
      expect(alerts.some((a: any) => a.category === plant.category && plant.buurtCodes.includes(a.highlight.areas[0])), plant.id).toBe(true);
    }
  });

  it('finds a significant space-time cluster at the newest plant', async () => {
    const plant = manifest.plants.find((p) => p.id.startsWith('P1'))!;
    const cells = new Set(await plantCells(plant));
    const clusters = (await s.json(`/api/signals?kind=cluster&category=${plant.category}`)).signals;
    expect(clusters.some((c: any) => c.highlight.cells.some((id: string) => cells.has(id)) && c.confidence >= 0.95)).toBe(true);
  });

  it('ranks emerging (new, consecutive, intensifying), then alerts, then clusters, then other hot spots; strongest first', async () => {
    const list = await s.json('/api/signals?limit=1000');
    expect(list.total).toBe(list.signals.length);
    expect(list.signals.map((x: any) => x.rank)).toEqual(list.signals.map((_: any, k: number) => k + 1));
    const order = ['new_hot', 'consecutive_hot', 'intensifying_hot', 'persistent_hot', 'diminishing_hot', 'sporadic_hot', 'oscillating_hot'];
    const tier = (x: any) => (x.kind === 'emerging' ? (order.indexOf(x.class) < 3 ? 0 : 3) : x.kind === 'alert' ? 1 : 2);
    const key = (x: any) => [tier(x), x.kind === 'emerging' ? order.indexOf(x.class) : 0];
    for (let k = 1; k < list.signals.length; k++) {
      const [a, b] = [list.signals[k - 1], list.signals[k]];
      const [ka, kb] = [key(a), key(b)];
      expect(ka[0] < kb[0] || (ka[0] === kb[0] && (ka[1] < kb[1] || (ka[1] === kb[1] && a.score >= b.score))), `rank ${a.rank} before ${b.rank}`).toBe(true);
    }
    const tiers = list.signals.map(tier);
    expect(new Set(tiers)).toEqual(new Set([0, 1, 2, 3]));
    expect(list.signals[0].kind).toBe('emerging');
    // Filters narrow the same ranking.
    const drugs = await s.json('/api/signals?category=drugslab');
    expect(drugs.signals.every((x: any) => x.category === 'drugslab')).toBe(true);
    expect(drugs.signals.map((x: any) => x.rank)).toEqual(list.signals.filter((x: any) => x.category === 'drugslab').map((x: any) => x.rank));
    const all = await s.json('/api/signals?category=all');
    expect(all.signals.length).toBeGreaterThan(0);
    expect(all.signals.every((x: any) => x.category === null)).toBe(true);
  });

  it('gives each signal a bbox around its cells or areas, dates, trend and explanations in Dutch and English', async () => {
    const list = await s.json('/api/signals?limit=1000');
    const [extent] = await s.db.query<{ w: number; s: number; e: number; n: number }>(`SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE code = 'GM1700') x`);
    for (const x of list.signals) {
      const [w, so, e, n] = x.bbox;
      expect(w).toBeLessThan(e);
      expect(so).toBeLessThan(n);
      expect(w).toBeGreaterThan(extent!.w - 0.01);
      expect(e).toBeLessThan(extent!.e + 0.01);
      expect(x.highlight.cells.length + x.highlight.areas.length).toBeGreaterThan(0);
      expect(x.firstDay <= x.lastDay).toBe(true);
      expect(x.lastDay).toBe(manifest.end);
      expect(x.explanation.nl.length).toBeGreaterThan(40);
      expect(x.explanation.en.length).toBeGreaterThan(40);
      expect(['new', 'ongoing']).toContain(x.status);
      if (x.kind === 'emerging') expect(x.trend).toEqual({ tau: expect.any(Number), z: expect.any(Number), p: expect.any(Number) });
    }
    const plant = manifest.plants.find((p) => p.intendedClass === 'consecutive_hot')!;
    const [label] = await s.db.query<{ nl: string; en: string }>('SELECT lower(label_nl) AS nl, lower(label_en) AS en FROM categories WHERE code = $1', [plant.category]);
    const p1 = list.signals.find((x: any) => x.kind === 'emerging' && x.category === plant.category && x.class === 'consecutive_hot');
    expect(p1.explanation.nl).toMatch(new RegExp(`^\\d+ meldingen van ${label!.nl} in de laatste \\d+ weken in deze \\d+ cellen; daarvoor geen; aaneengesloten hotspot .*\\d+ % betrouwbaarheid na correctie voor meervoudig toetsen\\.$`));
    expect(p1.explanation.en).toMatch(new RegExp(`^\\d+ reports of ${label!.en} in the last \\d+ weeks in these \\d+ cells; none before; consecutive hot spot`));
  });

  it('publishes counts only through disclosure control, also inside the explanations', async () => {
    const list = await s.json('/api/signals?limit=1000');
    let suppressed = 0;
    let withSuppressedText = 0;
    let hiddenStatistics = 0;
    for (const x of list.signals) {
      const k = K(x.category);
      for (const [name, c] of Object.entries<any>(x.counts)) {
        if (c.suppressed) {
          suppressed++;
          expect(c.value, `${x.rank} ${name}`).toBeNull();
        } else {
          expect(c.value === 0 || c.value >= k, `${x.rank} ${name} = ${c.value}`).toBe(true);
        }
      }
      // No number from 1 to k−1 is written as a count of reports ("3 meldingen", "against 2").
      for (const text of [x.explanation.nl, x.explanation.en]) {
        for (const m of text.matchAll(/(?<![<\d.,])(\d+) (meldingen|reports)/g)) {
          const n = Number(m[1]);
          expect(n === 0 || n >= k, `${x.rank}: "${m[0]}" in ${text}`).toBe(true);
        }
      }
      if (x.explanation.nl.includes(`<${k}`)) withSuppressedText++;
      // Statistics that can be solved for a suppressed count are withheld.
      if (x.kind === 'alert') {
        for (const t of x.details.tests) {
          if (t.test === 'same_period' && (x.counts.window.suppressed || x.counts.baseline.suppressed)) {
            expect([t.p, t.q, x.confidence]).toEqual([null, null, null]);
            expect(x.explanation.nl).not.toMatch(/Poisson-toets, p/);
            hiddenStatistics++;
          }
          if (t.test !== 'same_period' && (x.counts.lastWeek.suppressed || x.counts.earsBaseline.suppressed)) {
            expect(t.statistic).toBeNull();
            hiddenStatistics++;
          }
        }
      }
      if (x.kind === 'cluster' && x.counts.observed.suppressed) expect([x.details.cluster.expected, x.details.cluster.relativeRisk]).toEqual([null, null]);
    }
    expect(suppressed).toBeGreaterThan(0);
    expect(withSuppressedText).toBeGreaterThan(0);
    // The demo data has alerts with small counts (e.g. the EARS baseline of a new plant).
    expect(hiddenStatistics).toBeGreaterThan(0);
  });

  it('marks signals of a repeated run on the same data as ongoing', async () => {
    const again = await (await s.get('/api/signals/publish', { method: 'POST' })).json();
    expect(again.id).toBeGreaterThan(run.id);
    expect(again.signals).toEqual(run.signals);
    const list = await s.json('/api/signals?limit=1000');
    expect(list.run.id).toBe(again.id);
    expect(list.run.current).toBe(true);
    expect(list.signals.every((x: any) => x.status === 'ongoing')).toBe(true);
    expect((await s.json('/api/signals?status=new')).signals).toEqual([]);
  });
});

describe('hot spot and emerging maps', () => {
  it('computes Gi* per cell with FDR bins on published counts and finds the persistent hennep plant at 99 %', async () => {
    const body = await s.json('/api/hotspots?category=hennep&gemeente=GM1700&period=last-12m');
    const [cells] = await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM grid_cells WHERE size = 500 AND gemeente_code = 'GM1700'`);
    expect(body.features).toHaveLength(cells!.n);
    const plant = manifest.plants.find((p) => p.category === 'hennep')!;
    const plantIds = await plantCells(plant);
    const byId = new Map(body.features.map((f: any) => [f.id, f.properties]));
    for (const id of plantIds) expect((byId.get(id) as any).bin, id).toBe(3);
    for (const f of body.features) {
      // Only the bin and the published count leave: z, p and neighbour counts would solve back to hidden counts.
      expect(Object.keys(f.properties).sort()).toEqual(['areaKm2', 'bin', 'count', 'gemeente', 'id', 'noData', 'suppressed']);
      expect([-3, -2, -1, 0, 1, 2, 3]).toContain(f.properties.bin);
      if (!f.properties.suppressed && f.properties.count > 0) expect(f.properties.count).toBeGreaterThanOrEqual(5);
    }
    expect(body.features.some((f: any) => f.properties.suppressed)).toBe(true);
  });

  it('computes an emerging map with other settings on demand once, then serves it from the stored run', async () => {
    const count = async () => (await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM signal_runs WHERE purpose = 'emerging'`))[0]!.n;
    const before = await count();
    const first = await s.json('/api/emerging?step=month&cell=buurt&category=adresfraude');
    expect(await count()).toBe(before + 1);
    expect(first.run.purpose).toBe('emerging');
    expect(first.cube).toEqual({ from: '2023-12-01', to: '2026-10-31', steps: 35 });
    const second = await s.json('/api/emerging?step=month&cell=buurt&category=adresfraude');
    expect(await count()).toBe(before + 1);
    expect(second.run.id).toBe(first.run.id);
    expect(second.features).toEqual(first.features);
    const [buurten] = await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM areas WHERE level = 'buurt' AND gemeente_code = 'GM1700'`);
    expect(first.features).toHaveLength(buurten!.n);
    // P2 (address fraud growing in Vroomshoop-West) is a hot spot there by month too.
    const p2 = manifest.plants.find((p) => p.category === 'adresfraude')!;
    const here = first.features.find((f: any) => f.id === p2.buurtCodes[0]);
    expect(here.properties.class).toMatch(/_hot$/);
  });
});

describe('no response contains a point location', () => {
  it('has only polygon geometries, no coordinates outside geometries and bboxes, no report ids', async () => {
    const bodies = [
      await s.json('/api/signals?limit=1000'),
      await s.json('/api/hotspots?gemeente=GM1700'),
      await s.json('/api/emerging?gemeente=GM1700&category=drugslab'),
      await s.json('/api/emerging?cell=buurt'),
      run,
    ];
    const visit = (v: unknown, path: string): void => {
      if (Array.isArray(v)) return v.forEach((x, k) => visit(x, `${path}[${k}]`));
      if (!v || typeof v !== 'object') {
        if (typeof v === 'string') expect(v, path).not.toMatch(/DEMO-R-|POINT\s*\(/i);
        return;
      }
      const o = v as Record<string, unknown>;
      if ('type' in o && typeof o.type === 'string' && 'coordinates' in o) expect(o.type, path).toMatch(/^(Multi)?Polygon$/);
      for (const key of Object.keys(o)) expect(key, path).not.toMatch(/^(lon|lat|x|y|centroid|centre|center|point|location)$/i);
      for (const [key, value] of Object.entries(o)) if (key !== 'coordinates') visit(value, `${path}.${key}`);
    };
    bodies.forEach((b, k) => visit(b, `body${k}`));
  });
});
