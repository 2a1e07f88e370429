/**
 * The Overzicht (overview), the landing page for every role, in Chromium on the demo data: it is
 * what a plain link opens, shows the API's figures, links analysts to the signals, and its bulletin
 * button downloads the one-page PDF (rendered with pdftoppm and kept as PNG). Screenshots at
 * 1440×900 and 390×844 go to tests/screenshots/. The first render is measured and printed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, query, SCREENSHOT_DIR, sideways, startDashboard, waitForMap, type Dashboard, type TrackedPage } from './harness.ts';

const exec = promisify(execFile);
let app: Dashboard;

beforeAll(async () => {
  app = await startDashboard();
  const analyst = app.account('analyst');
  // The overview summarises the published signal list: the server schedules that run at its
  // first start (with the administrator's defaults); wait until it is there.
  const login = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(analyst) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const current = async () => {
    const list = await fetch(`${app.url}/api/signals`, { headers: { cookie } });
    return list.ok ? ((await list.json()) as { run: { current: boolean } | null }).run?.current ?? false : false;
  };
  // (expect.poll only works inside a test: a plain loop, up to 3 minutes.)
  for (let waited = 0; !(await current()); waited += 2000) {
    if (waited > 180_000) throw new Error('the scheduled signal run did not finish within 3 minutes');
    await new Promise((r) => setTimeout(r, 2000));
  }
});
afterAll(async () => app?.close());

function expectClean(tracked: TrackedPage) {
  expect(tracked.problems, tracked.problems.join('\n')).toEqual([]);
}

async function firstRender(tracked: TrackedPage): Promise<number> {
  await tracked.page.waitForFunction(() => performance.getEntriesByName('signaalkaart:overview').length > 0, null, { timeout: 60_000 });
  return tracked.page.evaluate(() => performance.getEntriesByName('signaalkaart:overview')[0]!.startTime);
}

describe('Overzicht', () => {
  it('is the landing page for a viewer, with the API\'s figures, verdicts in words and no signal details', async () => {
    const tracked = await app.open('/', DESKTOP, 'viewer');
    const { page } = tracked;
    const ms = await firstRender(tracked);
    console.log(`overview first render (viewer, desktop): ${Math.round(ms)} ms`);
    expect(await page.locator('nav a[aria-current=page]').textContent()).toBe('Overzicht');
    const o = await app.api('/api/overview');
    const nl = new Intl.NumberFormat('nl-NL');
    await expect.poll(() => page.locator('.overview h2').textContent()).toBe('Overzicht Twenterand');
    const brief = await page.locator('.brief').textContent();
    expect(brief).toContain(`Laatste 12 maanden: ${nl.format(o.windows[1].total.count.value)} meldingen`);
    expect(brief).toMatch(/stijging groter dan toeval|daling groter dan toeval|binnen wat toeval kan verklaren/);
    // The table: one row per category and the total, with the API's counts.
    const rows = page.locator('.categories tbody tr');
    expect(await rows.count()).toBe(o.windows[1].categories.length + 1);
    const adres = o.windows[1].categories.find((c: any) => c.code === 'adresfraude');
    const row = page.locator('.categories tbody tr', { hasText: 'Adresfraude' });
    expect(await row.textContent()).toContain(nl.format(adres.count.value));
    // Its verdict in words, as the API judged it (which category rises depends on the demo's
    // randomly drawn plants).
    const word = ({ rise: 'stijging', fall: 'daling', chance: 'toeval' } as Record<string, string>)[adres.verdict];
    if (word) expect(await row.locator('.verdict').last().textContent()).toContain(word);
    // Suppressed counts read "<k", never a number.
    for (const c of o.windows[0].categories.filter((x: any) => x.count?.suppressed)) {
      expect(await page.locator('.categories tbody tr', { hasText: c.labelNl }).locator('td').first().textContent()).toBe(`<${c.k}`);
    }
    expect(await page.locator('.spark').count()).toBe(o.windows[1].categories.length + 1);
    // The dispersion each period's verdicts allowed for, as the API gives it.
    const dispersion = await page.locator('.categories .note .dispersion').textContent();
    const two = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });
    for (const w of o.windows) expect(dispersion).toContain(`${two.format(w.dispersion)} ×`);
    // Viewers: the summary, no links to signal details.
    await expect.poll(() => page.locator('.signals').textContent()).toContain('actieve signalen');
    expect(await page.locator('.signals a[data-signal]').count()).toBe(0);
    expect(await page.locator('.signals').textContent()).toContain('voor analisten');
    // No request for the map's data while the overview is shown.
    const apis = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p.startsWith('/api/')));
    expect(apis.filter((p) => p.startsWith('/api/stats') || p.startsWith('/api/areas') || p.startsWith('/api/signals'))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-overview.png') });
    expectClean(tracked);
    await page.context().close();
  });

  it('downloads the bulletin as a real file (a one-page PDF, rendered to PNG)', async () => {
    const tracked = await app.open('/', DESKTOP, 'viewer');
    const { page } = tracked;
    await firstRender(tracked);
    const pagesBefore = page.context().pages().length;
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-export=bulletin]').click()]);
    expect(download.suggestedFilename()).toMatch(/^bulletin-GM1700-.*-nl\.pdf$/);
    const dir = await mkdtemp(path.join(tmpdir(), 'bulletin-e2e-'));
    try {
      const file = path.join(dir, 'bulletin.pdf');
      await download.saveAs(file);
      const bytes = await readFile(file);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // No empty tab: the link downloads in place.
      expect(page.context().pages().length).toBe(pagesBefore);
      await exec('pdftoppm', ['-png', '-r', '70', file, path.join(dir, 'page')]);
      const pngs = (await readdir(dir)).filter((f) => f.endsWith('.png'));
      expect(pngs).toHaveLength(1);
      await writeFile(path.join(SCREENSHOT_DIR, 'bulletin-nl.png'), await readFile(path.join(dir, pngs[0]!)));
    } finally {
      await rm(dir, { recursive: true });
    }
    expectClean(tracked);
    await page.context().close();
  });

  it('gives analysts the new signals as links to the map, and works on a phone in English', async () => {
    const tracked = await app.open('/?lang=en', PHONE, 'analyst');
    const { page } = tracked;
    const ms = await firstRender(tracked);
    console.log(`overview first render (analyst, phone): ${Math.round(ms)} ms`);
    await expect.poll(() => page.locator('.overview h2').textContent()).toBe('Overview Twenterand');
    expect(await page.locator('a[data-export=bulletin]').getAttribute('href')).toContain('lang=en');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-overview.png') });
    // The category table fits the screen (one block per category): nothing scrolls sideways,
    // and each period's line still names the period, with its count, change and verdict.
    await page.locator('.categories').scrollIntoViewIfNeeded();
    expect(await sideways(page)).toEqual([]);
    const o = await app.api('/api/overview');
    const first = page.locator('.categories tbody tr').first();
    expect(await first.locator('td.count[data-window]').count()).toBe(o.windows.length);
    const box = await first.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-overview-categories.png') });
    const link = page.locator('.signals a[data-signal]').first();
    const id = await link.getAttribute('data-signal');
    expect(id).toMatch(/^\d+$/);
    await link.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-overview-signals.png') });
    await link.click();
    await waitForMap(page);
    expect(query(page).get('v')).toBe('map');
    expect(query(page).get('sig')).toBe(id);
    expectClean(tracked);
    await page.context().close();
  });

  it('names a week chosen on the map in its period field, not a blank one', async () => {
    const tracked = await app.open('/?p=2026-W40', DESKTOP, 'viewer');
    const { page } = tracked;
    await expect.poll(() => page.locator('.brief').textContent()).toContain('Week 40 van 2026');
    const field = page.locator('.controls select').nth(1);
    expect(await field.inputValue()).toBe('2026-W40');
    expect(await field.locator('option:checked').textContent()).toBe('week 40 van 2026');
    expectClean(tracked);
    await page.context().close();
  });

  it('says "geen gegevens" for a municipality without reports, never 0', async () => {
    const tracked = await app.open('/?gm=GM0141', DESKTOP, 'viewer');
    const { page } = tracked;
    await expect.poll(() => page.locator('.brief').textContent()).toContain('Geen gegevens: voor Almelo zijn geen meldingen geladen');
    expect(await page.locator('.categories').count()).toBe(0);
    expect(await page.locator('select').first().locator('option', { hasText: 'Almelo' }).textContent()).toBe('Almelo (geen gegevens)');
    expectClean(tracked);
    await page.context().close();
  });
});
