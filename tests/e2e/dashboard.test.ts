/**
 * The dashboard in Chromium against the real server and the demo data: map, layers, filters and
 * URL state, area panel numbers against the API, language, keyboard, contrast, console errors,
 * screenshots of every view at desktop and phone size, and the first-render and JS-size numbers
 * (written to tests/screenshots/metrics.json; into docs/dashboard.md with RECORD_METRICS=1).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, query, renderedValues, ROOT, SCREENSHOT_DIR, sideways, startDashboard, waitForIdle, waitForMap, type Dashboard, type TrackedPage } from './harness.ts';

/** Small waits in the style of Playwright's matchers (playwright-core has none of its own). */
const shown = (l: Locator) => l.first().waitFor({ state: 'visible', timeout: 15_000 });
const notShown = (l: Locator) => l.first().waitFor({ state: 'hidden', timeout: 15_000 });
const gone = (l: Locator) => expect.poll(() => l.count()).toBe(0);
const focused = (l: Locator) => expect.poll(() => l.evaluate((el) => el === document.activeElement)).toBe(true);

let app: Dashboard;
const nl = new Intl.NumberFormat('nl-NL');
const en = new Intl.NumberFormat('en-GB');

beforeAll(async () => {
  app = await startDashboard();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
});

afterAll(async () => {
  await app?.close();
});

/** Every test ends with no console errors, page errors or failed requests. */
function expectClean(tracked: TrackedPage) {
  expect(tracked.problems, tracked.problems.join('\n')).toEqual([]);
}

async function openMap(pathAndQuery = '/', viewport: { width: number; height: number } = DESKTOP, role: 'viewer' | 'analyst' | 'admin' = 'analyst'): Promise<TrackedPage> {
  // The overview is the landing page: a link to the map says v=map.
  const withView = /[?&]v=/.test(pathAndQuery) ? pathAndQuery : pathAndQuery.replace(/^\/\??/, (m) => (m === '/?' ? '/?v=map&' : '/?v=map'));
  const tracked = await app.open(withView, viewport, role);
  await waitForMap(tracked.page);
  await waitForIdle(tracked.page);
  return tracked;
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/**
 * A point on the canvas inside an area drawn in `layer` that is not covered by controls, with
 * its feature properties: the area with the most sample hits (biggest on screen) that satisfies
 * `accept`.
 */
async function findAreaPoint(page: Page, codes: string[], layer = 'areas-hit'): Promise<{ code: string; x: number; y: number }> {
  const hit = await page.evaluate(
    ({ codes, layer }) => {
      const map = (window as any).__signaalkaart.map;
      const canvas = map.getCanvas() as HTMLCanvasElement;
      const rect = canvas.getBoundingClientRect();
      const wanted = new Set(codes);
      const hits = new Map<string, [number, number][]>();
      for (let x = 8; x < rect.width - 8; x += 9)
        for (let y = 8; y < rect.height - 8; y += 9) {
          const top = document.elementFromPoint(rect.left + x, rect.top + y);
          if (top !== canvas) continue;
          const [f] = map.queryRenderedFeatures([x, y], { layers: [layer] });
          const code = f?.properties?.code;
          if (!code || !wanted.has(code)) continue;
          if (!hits.has(code)) hits.set(code, []);
          hits.get(code)!.push([x, y]);
        }
      const [code, points] = [...hits].sort((a, b) => b[1].length - a[1].length)[0] ?? [null, []];
      if (!code) return null;
      // The sample closest to the middle of the hits: well inside the area.
      const mx = points.reduce((s, p) => s + p[0], 0) / points.length;
      const my = points.reduce((s, p) => s + p[1], 0) / points.length;
      const [x, y] = points.sort((a, b) => Math.hypot(a[0] - mx, a[1] - my) - Math.hypot(b[0] - mx, b[1] - my))[0]!;
      return { code, x: rect.left + x, y: rect.top + y };
    },
    { codes, layer },
  );
  if (!hit) throw new Error(`no visible area among ${codes.slice(0, 5).join(', ')} …`);
  return hit;
}

describe('map view', () => {
  it('renders the map with every buurt that has figures drawn, and no console errors', async () => {
    const tracked = await openMap();
    const { page } = tracked;
    expect(await page.locator('.maplibregl-canvas').count()).toBe(1);
    // A link without `gm` opens on the municipality with data (Almelo has boundaries, no reports).
    const meta = await app.api('/api/meta');
    expect(meta.defaultGemeente).toBe('GM1700');
    await expect.poll(() => page.locator('#filter-gemeente').inputValue()).toBe('GM1700');
    const stats = await app.api('/api/stats/areas?level=buurt&gemeente=GM1700');
    const shapes = new Set((await app.api('/api/areas?level=buurt')).features.map((f: any) => f.properties.code));
    // A buurt without a boundary (one in the CBS file) has figures but nothing to draw.
    const drawable = stats.areas.filter((a: any) => shapes.has(a.code) && a.count !== null);
    expect(drawable.length).toBeGreaterThan(20);
    const drawn = await renderedValues(page, ['choropleth-fill', 'choropleth-suppressed']);
    // The default view fits the municipality, so every buurt with figures is on screen.
    expect(drawn.sort()).toEqual(drawable.map((a: { code: string }) => a.code).sort());
    // Suppressed buurten are hatched, not coloured.
    const suppressed = drawable.filter((a: any) => a.count.suppressed).map((a: any) => a.code).sort();
    expect((await renderedValues(page, ['choropleth-suppressed'])).sort()).toEqual(suppressed);
    // Attribution of the boundaries, and no external requests (own basemap only).
    await expect(page.locator('.maplibregl-ctrl-attrib').textContent()).resolves.toContain('CBS / Kadaster, CC-BY 4.0');
    const external = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => !n.startsWith(location.origin) && !n.startsWith('blob:') && !n.startsWith('data:')));
    expect(external).toEqual([]);
    await shoot(page, 'desktop-map');
    expectClean(tracked);
    await page.context().close();
  });

  it('toggles each layer on and off, in the map and in the URL', async () => {
    const tracked = await openMap();
    const { page } = tracked;
    const hotspotsDeployed = (await app.status('/api/hotspots?cell=500')) === 200;
    const signalsDeployed = (await app.status('/api/signals')) === 200;
    const visibility = (id: string) => page.evaluate((id) => (window as any).__signaalkaart.map.getLayoutProperty(id, 'visibility') ?? 'visible', id);

    // Choropleth off and on again.
    await page.locator('input[name=layer][value=choropleth]').uncheck();
    await expect.poll(() => visibility('choropleth-fill')).toBe('none');
    expect(query(page).get('layers')).toBe('');
    await page.locator('input[name=layer][value=choropleth]').check();
    await expect.poll(() => visibility('choropleth-fill')).toBe('visible');
    expect(query(page).get('layers')).toBeNull();

    // Hexagons: cells drawn, with the counts the grid API publishes.
    await page.locator('input[name=layer][value=hexagons]').check();
    await expect.poll(() => visibility('cells-fill')).toBe('visible');
    await waitForIdle(page);
    const grid = await app.api('/api/stats/grid?cell=500');
    await expect.poll(async () => (await renderedValues(page, ['cells-fill', 'cells-suppressed'], 'id')).length).toBeGreaterThan(0);
    const cellIds = await renderedValues(page, ['cells-fill', 'cells-suppressed'], 'id');
    const gridIds = new Set(grid.features.map((f: any) => f.properties.id));
    expect(cellIds.every((id) => gridIds.has(id))).toBe(true);
    expect(query(page).get('layers')).toBe('choropleth,hexagons');
    await page.locator('input[name=cell][value="250"]').check();
    await expect.poll(() => query(page).get('cell')).toBe('250');
    await waitForIdle(page);
    await expect.poll(async () => (await renderedValues(page, ['cells-fill', 'cells-suppressed'], 'id')).every((id) => id.includes(':250:'))).toBe(true);

    // Heat: fed by one point per published cell (centroids), never by reports.
    await page.locator('input[name=layer][value=heat]').check();
    await expect.poll(() => visibility('heat')).toBe('visible');
    await waitForIdle(page);
    // A point near a tile edge is in several tiles: count distinct positions.
    const heatPoints = await page.evaluate(
      () => new Set((window as any).__signaalkaart.map.querySourceFeatures('heat').map((f: any) => f.geometry.coordinates.map((c: number) => c.toFixed(4)).join())).size,
    );
    const grid250 = await app.api('/api/stats/grid?cell=250');
    const published = grid250.features.filter((f: any) => !f.properties.suppressed && f.properties.count > 0).length;
    expect(heatPoints).toBeGreaterThan(0);
    expect(heatPoints).toBeLessThanOrEqual(published);
    await shoot(page, 'desktop-map-hexagons-heat');
    await page.locator('input[name=layer][value=hexagons]').uncheck();
    await page.locator('input[name=layer][value=heat]').uncheck();
    await expect.poll(() => visibility('cells-fill')).toBe('none');
    await expect.poll(() => visibility('heat')).toBe('none');

    // Hot spots: drawn when the endpoint exists, otherwise a clear "not available yet".
    await page.locator('input[name=layer][value=hotspots]').check();
    await expect.poll(() => visibility('hotspots-fill')).toBe('visible');
    if (hotspotsDeployed) {
      await waitForIdle(page);
      await expect.poll(async () => (await renderedValues(page, ['hotspots-fill'], 'id')).length).toBeGreaterThan(0);
      await expect(page.locator('.legend').textContent()).resolves.toContain('Concentratie, q ≤ 0,01');
    } else {
      await expect.poll(() => page.locator('.legend').textContent()).toContain('Nog niet beschikbaar');
      await expect.poll(() => page.locator('.layers').textContent()).toContain('Nog niet beschikbaar');
    }
    await shoot(page, 'desktop-map-hotspots');
    await page.locator('input[name=layer][value=hotspots]').uncheck();
    await expect.poll(() => visibility('hotspots-fill')).toBe('none');

    // Signal markers.
    await page.locator('input[name=layer][value=signals]').check();
    await expect.poll(() => query(page).get('layers')).toBe('choropleth,signals');
    if (signalsDeployed) {
      const signals = await app.api('/api/signals');
      const withBox = signals.signals.filter((s: any) => Array.isArray(s.bbox)).length;
      await expect.poll(() => page.locator('.signal-marker').count()).toBe(withBox);
    } else {
      await expect.poll(() => page.locator('.legend').textContent()).toContain('Nog niet beschikbaar');
      expect(await page.locator('.signal-marker').count()).toBe(0);
    }
    await page.locator('input[name=layer][value=signals]').uncheck();
    await expect.poll(() => page.locator('.signal-marker').count()).toBe(0);
    expectClean(tracked);
    await page.context().close();
  });

  it('changing a filter changes the numbers shown and the URL', async () => {
    const tracked = await openMap('/?tbl=1');
    const { page } = tracked;
    const all = await app.api('/api/stats/areas?level=buurt&gemeente=GM1700');
    const gemeente = all.totals.find((g: any) => g.count && !g.count.suppressed && g.count.value > 0);
    const total = page.locator(`tr[data-total=${gemeente.code}] [data-field=count]`);
    await expect.poll(() => total.textContent()).toBe(nl.format(gemeente.count.value));

    // One category.
    await page.locator('input[name=category][value=hennep]').check();
    await expect.poll(() => query(page).get('cat')).toBe('hennep');
    const hennep = await app.api('/api/stats/areas?level=buurt&category=hennep&gemeente=GM1700');
    const hennepTotal = hennep.totals.find((g: any) => g.code === gemeente.code);
    expect(hennepTotal.count.value).not.toBe(gemeente.count.value);
    await expect.poll(() => total.textContent()).toBe(nl.format(hennepTotal.count.value));
    // The map shows the same figures: a buurt's label or table cell matches the API.
    const row = hennep.areas.find((a: any) => a.count && !a.count.suppressed && a.count.value > 0);
    await expect.poll(() => page.locator(`tr[data-area=${row.code}] [data-field=count] .value`).textContent()).toBe(nl.format(row.count.value));

    // A period from the menu: the last complete month.
    await page.locator('#filter-period').selectOption('last-1m');
    await expect.poll(() => query(page).get('p')).toBe('last-1m');
    const recent = await app.api('/api/stats/areas?level=buurt&category=hennep&gemeente=GM1700&period=last-1m');
    const recentTotal = recent.totals.find((g: any) => g.code === gemeente.code);
    const shown = recentTotal.count.suppressed ? `<${recent.disclosure.k}` : nl.format(recentTotal.count.value);
    await expect.poll(() => total.textContent()).toBe(shown);
    await expect(page.locator('[data-testid=period-summary]').textContent()).resolves.toMatch(/^Laatste maand \(28 sep 2026 t\/m 1 nov 2026\)$/);
    // One week, from the week picker (its options in the dashboard's language, newest first).
    const weekPicker = page.locator('#filter-week');
    expect(await weekPicker.inputValue()).toBe('');
    expect(await weekPicker.locator('optgroup').first().getAttribute('label')).toBe('2026');
    expect(await weekPicker.locator('option[value="2026-W40"]').textContent()).toBe('wk 40 · 28 sep 2026');
    await weekPicker.selectOption('2026-W40');
    await expect.poll(() => query(page).get('p')).toBe('2026-W40');
    expect(await weekPicker.inputValue()).toBe('2026-W40');
    await page.locator('#filter-period').selectOption('last-1m');

    // A source.
    await page.locator('input[name=source][value=mma]').check();
    await expect.poll(() => query(page).get('src')).toBe('mma');
    // The table's CSV export carries the same filters.
    const csv = await page.getByRole('link', { name: 'Downloaden als CSV' }).getAttribute('href');
    expect(csv).toBe('/api/exports/areas.csv?level=buurt&gemeente=GM1700&category=hennep&source=mma&period=last-1m');
    expect(await page.getByRole('link', { name: 'Downloaden als GeoJSON' }).getAttribute('href')).toBe(csv!.replace('areas.csv', 'areas.geojson'));
    const download = await page.context().request.get(`${app.url}${csv}`);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toMatch(/text\/csv/);
    expectClean(tracked);
    await page.context().close();
  });

  it('a reload restores filters, layers, level, the open area and the camera', async () => {
    const tracked = await openMap();
    const { page } = tracked;
    await page.locator('input[name=category][value=overlastpand]').check();
    await page.locator('#filter-period').selectOption('last-3m');
    await page.locator('input[name=layer][value=hexagons]').check();
    await page.locator('input[name=level][value=wijk]').check();
    await page.locator('input[name=metric][value=rate]').check();
    await page.getByRole('button', { name: 'Inzoomen' }).click();
    await waitForIdle(page);
    await page.getByRole('button', { name: 'Tabel tonen' }).click();
    await page.locator('tbody tr[data-area] button').first().click();
    await shown(page.locator('#area-panel-title'));
    const title = await page.locator('#area-panel-title').textContent();
    await expect.poll(() => query(page).get('map')).not.toBeNull();
    // The panel makes the map smaller and brings the area into view (an animation): the camera in
    // the URL is final only when the map is idle again.
    await waitForIdle(page);
    const before = page.url();
    const camera = query(page).get('map')!.split('/').map(Number);

    await page.reload();
    await waitForMap(page);
    await waitForIdle(page);
    expect(page.url()).toBe(before);
    expect(await page.locator('input[name=category][value=overlastpand]').isChecked()).toBe(true);
    expect(await page.locator('#filter-period').inputValue()).toBe('last-3m');
    expect(await page.locator('input[name=layer][value=hexagons]').isChecked()).toBe(true);
    expect(await page.locator('input[name=level][value=wijk]').isChecked()).toBe(true);
    expect(await page.locator('input[name=metric][value=rate]').isChecked()).toBe(true);
    await expect.poll(() => page.locator('#area-panel-title').textContent()).toBe(title!);
    const now = await page.evaluate(() => {
      const map = (window as any).__signaalkaart.map;
      return [map.getZoom(), map.getCenter().lat, map.getCenter().lng];
    });
    expect(now[0]).toBeCloseTo(camera[0]!, 1);
    expect(now[1]).toBeCloseTo(camera[1]!, 4);
    expect(now[2]).toBeCloseTo(camera[2]!, 4);
    expect(await renderedValues(page, ['choropleth-fill', 'choropleth-suppressed'])).not.toHaveLength(0);
    expect((await renderedValues(page, ['choropleth-fill', 'choropleth-suppressed'])).every((c) => c.startsWith('WK'))).toBe(true);

    // Back undoes the last change (opening the area).
    await page.goBack();
    await gone(page.locator('#area-panel-title'));
    expectClean(tracked);
    await page.context().close();
  });

  it('hovering shows a tooltip and clicking a buurt opens its panel with the numbers of the API', async () => {
    const tracked = await openMap();
    const { page } = tracked;
    const stats = await app.api('/api/stats/areas?level=buurt&gemeente=GM1700');
    const meta0 = await app.api('/api/meta');
    const k = stats.disclosure.k;
    const candidates = stats.areas.filter((a: any) => a.count && a.lastYear && !a.count.suppressed && !a.lastYear.suppressed && a.count.value > 0);
    const target = await findAreaPoint(page, candidates.map((a: any) => a.code));
    const area = stats.areas.find((a: any) => a.code === target.code);

    await page.mouse.move(target.x, target.y);
    await shown(page.locator('.tooltip'));
    await expect.poll(() => page.locator('.tooltip strong').textContent()).toBe(area.name);
    await expect(page.locator('.tooltip').textContent()).resolves.toContain(`Meldingen: ${nl.format(area.count.value)}`);

    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.locator('#area-panel-title').textContent()).toBe(area.name);
    expect(query(page).get('area')).toBe(area.code);
    const figure = (name: string) => page.locator(`[data-figure=${name}] .value`).textContent();
    expect(await figure('count')).toBe(nl.format(area.count.value));
    expect(await figure('lastYear')).toBe(area.lastYear.suppressed ? `<${k}` : nl.format(area.lastYear.value));
    expect(await figure('previous')).toBe(area.previous.suppressed ? `<${k}` : nl.format(area.previous.value));
    const change = area.changeVsLastYear;
    const arrow = change.absolute > 0 ? '▲' : change.absolute < 0 ? '▼' : '=';
    const signed = new Intl.NumberFormat('nl-NL', { signDisplay: 'exceptZero' }).format(change.absolute);
    expect(await figure('changeVsLastYear')).toContain(`${arrow} ${signed}`);
    if (area.inhabitants !== null && area.inhabitants < meta0.minRatePopulation) {
      // Too few inhabitants for a meaningful rate: "–" with the reason.
      expect(await figure('rate')).toBe('–');
      expect(await page.locator('[data-figure=rate]').textContent()).toContain(`minder dan ${meta0.minRatePopulation} inwoners`);
    } else if (area.ratePer1000 !== null) {
      const digits = area.ratePer1000 < 10 ? 1 : 0;
      expect(await figure('rate')).toBe(new Intl.NumberFormat('nl-NL', { maximumFractionDigits: digits }).format(area.ratePer1000));
    }
    // Small multiples: one trend per category, then the export link with the filters.
    const meta = await app.api('/api/meta');
    await expect.poll(() => page.locator('.area-panel .multiples figure').count()).toBe(meta.categories.length);
    // Downloads, not new tabs (the server sends attachments): the briefing and the series.
    const briefing = page.locator('.area-panel [data-export=briefing]');
    const href = await briefing.getAttribute('href');
    expect(href).toBe(`/api/briefings/${area.code}.pdf?period=last-12m&lang=nl`);
    expect(await briefing.getAttribute('download')).not.toBeNull();
    expect(await briefing.getAttribute('target')).toBeNull();
    const seriesHref = await page.locator('.area-panel [data-export=timeseries]').getAttribute('href');
    expect(seriesHref).toMatch(new RegExp(`^/api/exports/timeseries\\.csv\\?area=${area.code}&interval=(month|week)&period=last-12m$`));
    for (const url of [href!, seriesHref!]) expect((await page.context().request.get(`${app.url}${url}`)).status(), url).toBe(200);
    await page.waitForTimeout(700);
    await waitForIdle(page);
    await shoot(page, 'desktop-map-panel');

    // Escape closes the panel.
    await page.keyboard.press('Escape');
    await gone(page.locator('#area-panel-title'));
    expect(query(page).get('area')).toBeNull();
    expectClean(tracked);
    await page.context().close();
  });
});

describe('orientation, coverage and classes', () => {
  it('names the villages on the overview and the buurten when zoomed in, at points inside them', async () => {
    const tracked = await openMap();
    const { page } = tracked;
    const meta = await app.api('/api/meta');
    const villages = ['Vriezenveen', 'Westerhaar-Vriezenveensewijk', 'Den Ham', 'Vroomshoop'];
    for (const name of villages) await shown(page.locator(`.labels [data-label="place:GM1700:${name}"]`));
    // Each village's name sits where its point is, and that point lies in one of its buurten.
    for (const name of villages) {
      const place = meta.places.find((p: any) => p.name === name);
      const inside = await page.evaluate(({ point }) => {
        const map = (window as any).__signaalkaart.map;
        const xy = map.project(point);
        return map.queryRenderedFeatures([xy.x, xy.y], { layers: ['areas-hit'] }).map((f: any) => f.properties.code);
      }, place);
      expect(inside.length, name).toBe(1);
    }
    // No two labels overlap.
    const boxes = await page.locator('.labels .label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        expect(a[0]! < b[2]! - 2 && b[0]! < a[2]! - 2 && a[1]! < b[3]! - 2 && b[1]! < a[3]! - 2, `labels ${i} and ${j} overlap`).toBe(false);
      }
    // Zoomed in on Vroomshoop: buurt names with their figures.
    const vroomshoop = meta.places.find((p: any) => p.name === 'Vroomshoop').point;
    await page.evaluate((c) => (window as any).__signaalkaart.map.jumpTo({ center: c, zoom: 13.2 }), vroomshoop);
    await waitForIdle(page);
    await expect.poll(() => page.locator('.labels .label.area .name').allTextContents()).toContain('Vroomshoop-West');
    await shoot(page, 'desktop-map-labels-zoomed');
    expectClean(tracked);
    await page.context().close();
  });

  it('a municipality without data is "geen gegevens" on the map, in the legend, the tooltip and the table, not 0', async () => {
    for (const [viewport, name] of [[DESKTOP, 'desktop'], [PHONE, 'phone']] as const) {
      const tracked = await openMap('/?gm=all&tbl=1', viewport);
      const { page } = tracked;
      const meta = await app.api('/api/meta');
      expect(meta.gemeenten.find((g: any) => g.code === 'GM0141').dataExtent).toBeNull();
      const almelo = (await app.api('/api/areas?level=buurt&gemeente=GM0141')).features.map((f: any) => f.properties.code);
      expect(almelo.length).toBeGreaterThan(60);
      await waitForIdle(page);
      // Cross-hatched as no data, never filled as a count (0 or otherwise) nor hatched as "<k".
      const noData = await renderedValues(page, ['choropleth-nodata']);
      expect(noData.length).toBeGreaterThan(0);
      expect(noData.every((c) => almelo.includes(c))).toBe(true);
      const filled = await renderedValues(page, ['choropleth-fill', 'choropleth-suppressed']);
      expect(filled.filter((c) => almelo.includes(c))).toEqual([]);
      expect(filled.length).toBeGreaterThan(20);
      if (viewport === DESKTOP) {
        await expect.poll(() => page.locator('[data-legend=choropleth]').textContent()).toContain('Geen gegevens');
        // The table lists no Almelo rows of zeros, and says why.
        await shown(page.locator('.area-table [data-no-data=GM0141]'));
        expect(await page.locator('.area-table [data-no-data=GM0141]').textContent()).toContain('Almelo: geen gegevens');
        for (const code of almelo.slice(0, 5)) expect(await page.locator(`tr[data-area=${code}]`).count()).toBe(0);
        expect(await page.locator('tr[data-total=GM0141] [data-field=count]').textContent()).toBe('geen gegevens');
        // The tooltip says so too.
        const target = await findAreaPoint(page, almelo);
        await page.mouse.move(target.x, target.y);
        await expect.poll(() => page.locator('.tooltip').textContent()).toContain('Geen gegevens');
      }
      await shoot(page, `${name}-map-no-data`);
      expectClean(tracked);
      await page.context().close();
    }
  });

  it('the trends picker leaves out the wijken of a municipality without data', async () => {
    const tracked = await app.open('/?v=trends&gm=all');
    const { page } = tracked;
    await expect.poll(() => page.locator('#trends-area option').count()).toBeGreaterThan(2);
    const almelo = page.locator('#trends-area option[value=GM0141]');
    expect(await almelo.isDisabled()).toBe(true);
    expect(await almelo.textContent()).toContain('geen gegevens');
    expect(await page.locator('#trends-area option[value^=WK0141]').count()).toBe(0);
    expect(await page.locator('#trends-area option[value^=WK1700]').count()).toBeGreaterThan(3);
    expectClean(tracked);
    await page.context().close();
  });

  it('map, legend and table share readable 1-2-5 classes; the heat legend has numbers', async () => {
    const tracked = await openMap('/?tbl=1&layers=choropleth,hexagons,heat');
    const { page } = tracked;
    await waitForIdle(page);
    const series = new Set([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
    const labels = await page.locator('[data-legend=choropleth] li span:last-child').allTextContents();
    const ranges = labels.filter((l) => /^\d[\d.]*–\d/.test(l));
    expect(ranges.length).toBeGreaterThan(1);
    // Every class but the last ends just below a 1-2-5 number.
    for (const r of ranges.slice(0, -1)) expect(series.has(Number(r.split('–')[1]!.replace(/\./g, '')) + 1), r).toBe(true);
    // A buurt's published 0 reads "<5" by default (DISCLOSURE_HIDE_AREA_ZEROS), so no zero class.
    expect(labels.filter((l) => l.startsWith('0 ·'))).toEqual([]);
    // The table's swatch of an area has the colour its class has in the legend.
    const legendColours = await page.locator('[data-legend=choropleth] li .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    const tableColours = await page.locator('.area-table tbody [data-field=count] .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    expect(tableColours.length).toBeGreaterThan(10);
    for (const c of tableColours.filter((c) => c !== 'rgba(0, 0, 0, 0)')) expect(legendColours, c).toContain(c);
    const ticks = await page.locator('[data-legend=heat] .ticks span').allTextContents();
    expect(ticks.length).toBeGreaterThan(1);
    for (const t of ticks) expect(t).toMatch(/^\d[\d.]*$/);
    await shoot(page, 'desktop-map-classes');
    expectClean(tracked);
    await page.context().close();
  });
});

describe('language, keyboard and contrast', () => {
  it('the language switch changes labels, number and date formats', async () => {
    const tracked = await openMap('/?tbl=1');
    const { page } = tracked;
    const stats = await app.api('/api/stats/areas?level=buurt');
    const gemeente = stats.totals.find((g: any) => g.count && !g.count.suppressed && g.count.value >= 1000) ?? stats.totals.find((g: any) => g.count);
    await expect.poll(() => page.locator('nav a[aria-current=page]').textContent()).toBe('Kaart');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByRole('link', { name: 'Switch to English' }).click();
    await expect.poll(() => page.locator('nav a[aria-current=page]').textContent()).toBe('Map');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(query(page).get('lang')).toBe('en');
    await expect.poll(() => page.locator('label:has(input[value=hennep])').textContent()).toContain('Cannabis cultivation');
    await shown(page.getByRole('button', { name: 'Hide table' }));
    await expect.poll(() => page.locator(`tr[data-total=${gemeente.code}] [data-field=count]`).textContent()).toBe(en.format(gemeente.count.value));
    await expect.poll(() => page.locator('[data-testid=period-summary]').textContent()).toMatch(/^Last 12 months \(\d{1,2} [A-Z][a-z]{2} \d{4} – \d{1,2} [A-Z][a-z]{2} \d{4}\)$/);
    await expect.poll(() => page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label')).toBe('Zoom in');
    await page.reload();
    await waitForMap(page);
    await expect.poll(() => page.locator('nav a[aria-current=page]').textContent()).toBe('Map');
    await page.getByRole('link', { name: 'Schakel naar Nederlands' }).click();
    await expect.poll(() => page.locator('nav a[aria-current=page]').textContent()).toBe('Kaart');
    await expect.poll(() => page.locator(`tr[data-total=${gemeente.code}] [data-field=count]`).textContent()).toBe(nl.format(gemeente.count.value));
    expectClean(tracked);
    await page.context().close();
  });

  it('keyboard alone reaches every control, with a visible focus, and operates them', async () => {
    const tracked = await openMap();
    const { page } = tracked;
    const meta = await app.api('/api/meta');
    const reached = new Set<string>();
    const invisibleFocus: string[] = [];
    for (let i = 0; i < 160; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const input = el as HTMLInputElement;
        const id =
          el.tagName === 'INPUT' ? `input:${input.name}:${input.value}` :
          el.tagName === 'CANVAS' ? 'canvas' :
          el.tagName === 'SELECT' ? `select:${el.id}` :
          `${el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}`;
        // Focus must be visible on the element or, for visually hidden radio inputs, on the label text.
        const shows = (e: Element | null) => {
          if (!e) return false;
          const s = getComputedStyle(e);
          return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow !== 'none' && s.boxShadow !== '');
        };
        const visible = shows(el) || shows(el.nextElementSibling);
        return { id, visible };
      });
      if (!info) continue;
      reached.add(info.id);
      if (!info.visible) invisibleFocus.push(info.id);
    }
    const expected = [
      'a:Naar de inhoud', 'a:Kaart', 'a:Trends', 'a:Signalen', 'button:Uitloggen', 'a:Switch to English', 'select:filter-gemeente',
      // A radio group is one tab stop (its checked radio); arrow keys move within it.
      'input:category:', 'input:source:', 'select:filter-period', 'select:filter-week',
      ...['choropleth', 'hexagons', 'heat', 'hotspots', 'signals'].map((l) => `input:layer:${l}`),
      'input:level:buurt', 'input:metric:count',
      'canvas', 'button:Inzoomen', 'button:Uitzoomen', 'button:Tabel tonen', 'button:Hele gebied tonen', 'button:Per week afspelen', 'summary:Legenda',
    ];
    const missing = expected.filter((e) => !reached.has(e));
    expect(missing, `reached: ${[...reached].join(' | ')}`).toEqual([]);
    expect(invisibleFocus).toEqual([]);

    // Operate: a category with the arrow keys, a period from the list, the panel from the table.
    await page.locator('input[name=category][value=""]').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => query(page).get('cat')).toBe(meta.categories[0].code);
    await page.locator('#filter-period').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => query(page).get('p')).not.toBeNull();
    await page.getByRole('button', { name: 'Tabel tonen' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('tbody tr[data-area] button').first().focus();
    await page.keyboard.press('Enter');
    await focused(page.locator('#area-panel-title'));
    await page.keyboard.press('Tab');
    await focused(page.getByRole('button', { name: 'Paneel sluiten' }));
    await page.keyboard.press('Enter');
    await gone(page.locator('#area-panel-title'));
    // The map itself: arrow keys pan it.
    const before = await page.evaluate(() => (window as any).__signaalkaart.map.getCenter().lng);
    await page.locator('.maplibregl-canvas').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => (window as any).__signaalkaart.map.getCenter().lng)).toBeGreaterThan(before);
    expectClean(tracked);
    await page.context().close();
  });

  it('text meets WCAG AA contrast in every view', async () => {
    const tracked = await openMap('/?tbl=1&layers=choropleth,hexagons,hotspots,signals');
    const { page } = tracked;
    await page.locator('tbody tr[data-area] button').first().click();
    await shown(page.locator('#area-panel-title'));
    await expect.poll(() => page.locator('.area-panel .multiples figure').count()).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const view of ['map', 'trends', 'signals']) {
      if (view !== 'map') {
        await page.locator(`nav a:text-is("${view === 'trends' ? 'Trends' : 'Signalen'}")`).click();
        await page.waitForTimeout(1500);
      }
      failures.push(...(await page.evaluate(contrastFailures)).map((f) => `${view}: ${f}`));
    }
    expect(failures).toEqual([]);
    expectClean(tracked);
    await page.context().close();
  });
});

/** Runs in the page: text elements whose colour on their background is below WCAG AA. */
function contrastFailures(): string[] {
  const parse = (c: string): [number, number, number, number] | null => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const parts = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
  };
  const lum = ([r, g, b]: number[]) =>
    [r!, g!, b!].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
  const background = (el: Element | null): [number, number, number] | null => {
    while (el) {
      const s = getComputedStyle(el);
      if (s.backgroundImage !== 'none') return null; // gradients and patterns: judged by eye
      const c = parse(s.backgroundColor);
      if (c && c[3] >= 0.9) return [c[0], c[1], c[2]];
      if (el.classList.contains('map-wrap')) return null; // text over the map canvas has a halo
      el = el.parentElement;
    }
    return [255, 255, 255];
  };
  const out: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent?.trim()) continue;
    seen.add(el);
    if (el.closest('.sr-only, .labels, svg, [hidden], option')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') continue;
    const fg = parse(s.color);
    const bg = background(el);
    if (!fg || !bg) continue;
    const [a, b] = [lum(fg), lum(bg)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    // Disabled controls are exempt (WCAG 1.4.3), but ours are still readable.
    const min = (el.closest(':disabled') ? 3 : large ? 3 : 4.5) - 0.01;
    if (ratio < min) out.push(`"${node.textContent.trim().slice(0, 30)}" ${s.color} on rgb(${bg.join(',')}) = ${ratio.toFixed(2)}`);
  }
  return out;
}

describe('trends and signals views', () => {
  it('trends: one chart per category with a table alternative, and per area', async () => {
    // The map is only made when the map view is first shown: nothing to wait for here.
    const tracked = await app.open('/?v=trends');
    const { page } = tracked;
    const meta = await app.api('/api/meta');
    await expect.poll(() => page.locator('.trends .card').count(), { timeout: 30_000 }).toBe(meta.categories.length);
    await shoot(page, 'desktop-trends');
    // The table alternative of the first chart shows the same figures as the API.
    const focus = await page.locator('#trends-area').inputValue();
    const stats = await app.api('/api/stats/areas?level=gemeente');
    expect(focus).toBe(stats.totals.slice().sort((a: any, b: any) => (b.count?.value ?? 0) - (a.count?.value ?? 0))[0].code);
    const series = await app.api(`/api/stats/timeseries?area=${focus}&interval=month&category=${meta.categories[0].code}`);
    await page.locator('.trends .card').first().getByRole('button', { name: 'Als tabel' }).click();
    const cells = page.locator('.trends .card').first().locator('tbody tr td:first-of-type');
    await expect.poll(() => cells.count()).toBe(series.points.length);
    const k = series.disclosure.k;
    const expected = series.points.map((p: any) => (p.count === null ? '–' : p.count.suppressed ? `<${k}` : nl.format(p.count.value)));
    expect(await cells.allTextContents()).toEqual(expected);
    // Weekly, per area.
    await page.locator('input[name=trends-interval][value=week]').check();
    await page.locator('input[name=trends-by][value=area]').check();
    await expect.poll(() => query(page).get('by')).toBe('area');
    expect(query(page).get('int')).toBe('week');
    // Per area within the municipality the dashboard opened on: its wijken.
    const wijken = (await app.api('/api/areas?level=wijk&gemeente=GM1700')).features.length;
    await expect.poll(() => page.locator('.trends .card').count()).toBe(wijken);
    // Each chart has its series as CSV.
    expect(await page.locator('.trends .card [data-export=timeseries]').count()).toBe(wijken);
    // All categories of a wijk are not published week by week (rule 4): the view says so once
    // and offers months, which are published.
    await shown(page.locator('[data-all-withheld]'));
    expect(await page.locator('[data-all-withheld]').textContent()).toContain('niet gepubliceerd');
    await shoot(page, 'desktop-trends-areas');
    await page.locator('[data-all-withheld] button').click();
    await expect.poll(() => query(page).get('int')).toBeNull(); // months: the default
    await expect.poll(() => page.locator('[data-all-withheld]').count()).toBe(0);
    expect(await page.locator('.trends .card').count()).toBe(wijken);
    expectClean(tracked);
    await page.context().close();
  });

  it('signals: lists the published signals (the run the server schedules at its first start), says where they come from; choosing one flies the map there', async () => {
    const tracked = await app.open('/?v=signals');
    const { page } = tracked;
    if ((await app.status('/api/signals')) !== 200) {
      await expect.poll(() => page.locator('.signals .unavailable').textContent()).toContain('Nog niet beschikbaar');
      await shoot(page, 'desktop-signals');
      expectClean(tracked);
      await page.context().close();
      return;
    }
    let body = await app.api('/api/signals');
    if (!body.run || !body.run.current) {
      // The first start schedules the published run in the background (with the defaults; an
      // analyst's own run would be a draft): wait for it, then load the view again.
      await expect.poll(async () => (await app.api('/api/signals')).run?.current ?? false, { timeout: 180_000, interval: 2000 }).toBe(true);
      body = await app.api('/api/signals');
      await page.reload();
    }
    // The view says this is the published list, made by the scheduled analysis.
    await expect.poll(() => page.locator('.signals .source').textContent()).toContain('Gepubliceerde lijst');
    expect(body.run.visibility).toBe('published');
    expect(body.signals.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.signals .list > li').count()).toBe(body.signals.length);
    // Ranked as the API ranks them, explained in the chosen language.
    const first = body.signals[0];
    await expect.poll(() => page.locator('.signals .list > li').first().locator('.explanation').textContent()).toBe(first.explanation.nl);
    await shoot(page, 'desktop-signals');
    await page.locator('.signals .list > li').first().getByRole('button', { name: /Toon op kaart/ }).click();
    await expect.poll(() => query(page).get('sig')).toBe(String(first.id));
    expect(query(page).get('v')).toBe('map'); // the overview is the default view now
    await waitForMap(page);
    await expect.poll(() => query(page).get('map'), { timeout: 15_000 }).not.toBeNull();
    await waitForIdle(page);
    // The map moved to the signal's box, highlights its cells or areas and explains it.
    const inside = await page.evaluate((bbox: number[]) => {
      const c = (window as any).__signaalkaart.map.getCenter();
      return c.lng >= bbox[0]! && c.lng <= bbox[2]! && c.lat >= bbox[1]! && c.lat <= bbox[3]!;
    }, first.bbox);
    expect(inside).toBe(true);
    const wanted = [...first.highlight.cells, ...first.highlight.areas].sort();
    await expect
      .poll(async () => (await page.evaluate(() => (window as any).__signaalkaart.map.querySourceFeatures('signal-shapes').map((f: any) => String(f.properties.id ?? f.properties.code)))).filter((v: string, i: number, a: string[]) => a.indexOf(v) === i).sort())
      .toEqual(wanted);
    await expect.poll(() => page.locator('.signal-card').textContent()).toContain(first.explanation.nl);
    // The map now shows the signal's category, and the markers are that category's signals.
    expect(query(page).get('cat')).toBe(first.category ?? null);
    const listed = first.category ? await app.api(`/api/signals?category=${first.category}&gemeente=GM1700`) : body;
    // The list of the new category is fetched again: wait for it.
    await expect.poll(() => page.locator('.signal-marker').count(), { timeout: 15_000 }).toBe(listed.signals.filter((x: any) => Array.isArray(x.bbox)).length);
    await shoot(page, 'desktop-map-signal');
    await page.getByRole('button', { name: 'Selectie opheffen' }).click();
    await expect.poll(() => query(page).get('sig')).toBeNull();
    expectClean(tracked);
    await page.context().close();
  });
});

describe('sessions and roles', () => {
  it('asks to log in, refuses a wrong password, logs in and out', async () => {
    const tracked = await app.open('/?v=map&cat=hennep', DESKTOP, null);
    const { page } = tracked;
    await shown(page.locator('#login-title'));
    expect(await page.locator('nav').count()).toBe(0);
    await shoot(page, 'desktop-login');
    const { username, password } = app.account('analyst');
    await page.locator('#login-username').fill(username);
    await page.locator('#login-password').fill('not the password 1234');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => page.locator('.login [role=alert]').textContent()).toBe('Onjuiste gebruikersnaam of wachtwoord.');
    await page.locator('#login-password').fill(password);
    await page.keyboard.press('Enter');
    await waitForMap(page);
    // The link's filters survived the login.
    expect(query(page).get('cat')).toBe('hennep');
    expect(await page.locator('input[name=category][value=hennep]').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await shown(page.locator('#login-title'));
    expect(await app.status('/api/meta')).toBe(200); // the tests' own session is another one
    // The 401 of the wrong password is the only error, and an expected one.
    expect(tracked.problems.filter((p) => !/401/.test(p))).toEqual([]);
    await page.context().close();
  });

  it('a viewer sees the map and trends, not the analyst layers, signals or briefings', async () => {
    const tracked = await openMap('/?layers=choropleth,hexagons,signals', DESKTOP, 'viewer');
    const { page } = tracked;
    expect(await page.locator('input[name=layer][value=hexagons]').isDisabled()).toBe(true);
    expect(await page.locator('input[name=layer][value=hexagons]').isChecked()).toBe(false);
    expect(await page.locator('.layers').textContent()).toContain('Alleen voor analisten');
    const visibility = await page.evaluate(() => (window as any).__signaalkaart.map.getLayoutProperty('cells-fill', 'visibility'));
    expect(visibility).toBe('none');
    // No request for what the role may not see (no 403s in the log either).
    const asked = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(asked.filter((p) => /\/api\/(stats\/grid|hotspots|signals|emerging)/.test(p))).toEqual([]);
    await page.getByRole('button', { name: 'Tabel tonen' }).click();
    await page.locator('tbody tr[data-area] button').first().click();
    await shown(page.locator('#area-panel-title'));
    expect(await page.locator('.area-panel a.button').count()).toBe(0);
    await expect.poll(() => page.locator('.area-panel').textContent()).toContain('Alleen voor analisten');
    await page.locator('nav a:text-is("Signalen")').click();
    await expect.poll(() => page.locator('.signals .unavailable').textContent()).toContain('Alleen voor analisten');
    await shoot(page, 'desktop-signals-viewer');
    expectClean(tracked);
    await page.context().close();
  });
});

describe('phone (390 × 844)', () => {
  it('map, filters, panel, trends and signals work on a phone', async () => {
    const tracked = await openMap('/', PHONE);
    const { page } = tracked;
    expect(await renderedValues(page, ['choropleth-fill', 'choropleth-suppressed'])).not.toHaveLength(0);
    await notShown(page.locator('#sidebar'));
    await shoot(page, 'phone-map');
    await page.getByRole('button', { name: 'Filters tonen' }).click();
    await shown(page.locator('#filter-gemeente'));
    await shoot(page, 'phone-filters');
    await page.locator('input[name=category][value=hennep]').check();
    await page.getByRole('button', { name: 'Filters verbergen' }).click();
    await notShown(page.locator('#sidebar'));
    await waitForIdle(page);
    const stats = await app.api('/api/stats/areas?level=buurt&category=hennep');
    const target = await findAreaPoint(page, stats.areas.map((a: any) => a.code));
    await page.mouse.click(target.x, target.y);
    await shown(page.locator('#area-panel-title'));
    const box = await page.locator('.area-panel').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(PHONE.width);
    expect(box!.y).toBeGreaterThan(PHONE.height * 0.3);
    // The chosen buurt is moved into the part of the map above the panel.
    await page.waitForTimeout(700);
    await waitForIdle(page);
    const freeBottom = box!.y;
    const outlined = await page.evaluate((bottom) => {
      const map = (window as any).__signaalkaart.map;
      const top = map.getCanvas().getBoundingClientRect().top;
      return map.queryRenderedFeatures([[0, 0], [map.getCanvas().clientWidth, bottom - top]], { layers: ['selected-line'] }).length;
    }, freeBottom);
    expect(outlined).toBeGreaterThan(0);
    await shoot(page, 'phone-map-panel');
    // Nothing is wider than the screen, nor scrolls sideways inside it.
    expect(await sideways(page)).toEqual([]);
    // The area table too: its four columns fit (a change may take two lines).
    await page.getByRole('button', { name: 'Tabel tonen' }).click();
    await shown(page.locator('.area-table tbody tr').first());
    expect(await sideways(page)).toEqual([]);
    await shoot(page, 'phone-area-table');
    await page.getByRole('button', { name: 'Tabel verbergen' }).click();
    await page.locator('nav a:text-is("Trends")').click();
    await expect.poll(() => page.locator('.trends .card').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'phone-trends');
    await page.locator('nav a:text-is("Signalen")').click();
    await shown(page.locator('#signals-title'));
    await page.waitForTimeout(500);
    await shoot(page, 'phone-signals');
    expectClean(tracked);
    await page.context().close();
  });
});

describe('performance budget', () => {
  it('measures the first map render and the JS transferred, and keeps JS within 250 kB gzipped', async () => {
    const tracked = await app.open('/?v=map', DESKTOP);
    const { page } = tracked;
    await waitForMap(page);
    const firstRenderMs = await page.evaluate(() => (window as any).__signaalkaart.firstRenderMs as number);
    const resources = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({ name: e.name, transfer: e.transferSize, body: e.encodedBodySize })),
    );
    const scripts = resources.filter((r) => /\.(m?js)(\?|$)/.test(new URL(r.name).pathname));
    let appGzip = 0;
    let appRaw = 0;
    let maplibreGzip = 0;
    for (const s of scripts) {
      const bytes = Buffer.from(await (await fetch(s.name)).arrayBuffer());
      const gz = gzipSync(bytes, { level: 6 }).length;
      if (/maplibre/.test(s.name)) maplibreGzip += gz;
      else {
        appGzip += gz;
        appRaw += bytes.length;
      }
    }
    const transferred = scripts.reduce((sum, s) => sum + s.transfer, 0);
    expect(appGzip).toBeGreaterThan(10_000);
    expect(appGzip).toBeLessThanOrEqual(250 * 1024);
    expect(firstRenderMs).toBeGreaterThan(0);
    expect(firstRenderMs).toBeLessThan(20_000);

    const metrics = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus().length}-core ${cpus()[0]?.model.trim() ?? ''}`.trim(),
      firstMapRenderMs: Math.round(firstRenderMs),
      jsAppGzipKb: +(appGzip / 1024).toFixed(1),
      jsAppRawKb: +(appRaw / 1024).toFixed(1),
      jsMaplibreGzipKb: +(maplibreGzip / 1024).toFixed(1),
      jsTransferredKb: +(transferred / 1024).toFixed(1),
      scripts: scripts.map((s) => new URL(s.name).pathname),
    };
    // Always into the test output; into the docs only on request, so a test run leaves the tree clean.
    await writeFile(path.join(SCREENSHOT_DIR, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    if (process.env.RECORD_METRICS === '1') await recordMetrics(metrics);
    expectClean(tracked);
    await page.context().close();
  });
});

/** Rewrites the measured block of docs/dashboard.md (between the metrics markers). */
async function recordMetrics(m: { date: string; machine: string; firstMapRenderMs: number; jsAppGzipKb: number; jsAppRawKb: number; jsMaplibreGzipKb: number; jsTransferredKb: number }) {
  const file = path.join(ROOT, 'docs/dashboard.md');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return;
  }
  const start = '<!-- metrics:start -->';
  const end = '<!-- metrics:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return;
  const block = [
    start,
    `Measured by \`tests/e2e/dashboard.test.ts\` on ${m.date}, ${m.machine}, headless Chromium (software WebGL), demo data, cold cache, server on the same machine:`,
    '',
    '| Measure | Value |',
    '|---|---|',
    `| First meaningful map render (navigation start → choropleth drawn) | ${en.format(m.firstMapRenderMs)} ms |`,
    `| JS for the first view, excluding maplibre-gl, gzipped (budget 250 kB) | ${m.jsAppGzipKb} kB (${m.jsAppRawKb} kB uncompressed) |`,
    `| maplibre-gl JS, gzipped (not in the budget) | ${m.jsMaplibreGzipKb} kB |`,
    `| JS actually transferred (compressed by the server) | ${m.jsTransferredKb} kB |`,
    end,
  ].join('\n');
  await writeFile(file, text.slice(0, i) + block + text.slice(j + end.length));
}
