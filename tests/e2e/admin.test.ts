/**
 * The administrators' views in Chromium against the real server (its own server and database:
 * these tests change the data and the accounts, which would upset the dashboard tests). Imports:
 * a good file (report shown, batch listed, map figures asked again), a file with a bad row (row
 * errors shown, nothing imported), rollback. Users: add, refuse, disable, enable, reset. Viewers
 * and analysts get neither view.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, SCREENSHOT_DIR, sideways, startDashboard, waitForMap, type Dashboard, type TrackedPage } from './harness.ts';

const shown = (l: Locator) => l.first().waitFor({ state: 'visible', timeout: 15_000 });

let app: Dashboard;
let adminCookie = '';
let adminCsrf = '';

beforeAll(async () => {
  app = await startDashboard();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const { username, password } = app.account('admin');
  const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`admin login failed: ${res.status}`);
  adminCookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  adminCsrf = (await res.json()).csrfToken;
});

afterAll(async () => {
  await app?.close();
});

/** The import batches as the API lists them (admin only). */
async function apiBatches(): Promise<{ id: number; fileName: string | null; rowsStored: number }[]> {
  const res = await fetch(`${app.url}/api/imports`, { headers: { cookie: adminCookie } });
  expect(res.status).toBe(200);
  return res.json();
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Every test ends with no console errors, page errors or failed requests, except the ones it
 *  provoked on purpose (the server refusing a bad file). */
function expectClean(tracked: TrackedPage, allowed: RegExp[] = []) {
  const problems = tracked.problems.filter((p) => !allowed.some((re) => re.test(p)));
  expect(problems, problems.join('\n')).toEqual([]);
}

const batchIdsOnPage = (page: Page) => page.locator('table.batches tbody tr').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.batch)));

// Three reports inside Twenterand (Vriezenveen), in the demo period and within the default
// 12-month view, plus a column that is not in the import format (it must be dropped).
const GOOD_CSV = [
  'external_id,received_on,category,source,lon,lat,naam_melder',
  // In October 2026: inside the default period (the last 12 complete months), so the map changes.
  'E2E-IMPORT-001,2026-10-13,hennep,mma,6.626907,52.410593,Jan Jansen',
  'E2E-IMPORT-002,2026-10-14,drugslab,politie,6.626907,52.410593,',
  'E2E-IMPORT-003,15-10-2026,afvaldumping,gemeente,6.6294,52.4085,Piet',
  '',
].join('\n');
// Line 3 has a date that does not exist.
const BAD_CSV = [
  'external_id,received_on,category,source,lon,lat',
  'E2E-BAD-001,2026-11-10,hennep,mma,6.626907,52.410593',
  'E2E-BAD-002,2026-02-31,hennep,mma,6.626907,52.410593',
  '',
].join('\n');

describe('imports view (administrator)', () => {
  let batchId = 0;

  it('uploads a good CSV: shows the import report, lists the batch and refreshes the map figures', async () => {
    const tracked = await app.open('/?v=map', DESKTOP, 'admin');
    const { page } = tracked;
    await waitForMap(page);
    const batchesBefore = await apiBatches();
    // The statistics request of the map before the import, to compare with the one after.
    const statsUrl = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => e.name).find((n) => n.includes('/api/stats/areas?')),
    );
    expect(statsUrl).toBeTruthy();
    const statsBefore = await (await fetch(statsUrl!, { headers: { cookie: adminCookie } })).text();

    const navEntry = page.locator('nav a:text-is("Importeren")');
    await shown(navEntry);
    await navEntry.click();
    await shown(page.locator('h2:text-is("Gegevens importeren")'));
    expect(new URL(page.url()).searchParams.get('v')).toBe('imports');
    // The filters are of no use here.
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    await shown(page.locator('table.batches, .empty'));
    expect(await batchIdsOnPage(page)).toEqual(batchesBefore.map((b) => b.id));

    // Submitting without a file says so and imports nothing.
    await page.locator('button[type=submit]').click();
    await shown(page.locator('#import-file-missing'));

    await page.locator('input[name=import-kind][value=reports]').check();
    await page.locator('#import-file').setInputFiles({ name: 'meldingen november.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_CSV) });
    const answer = page.waitForResponse((r: Response) => r.url().includes('/api/imports/reports') && r.request().method() === 'POST');
    // After the import the map's statistics are asked for again (the cache is cleared).
    const refreshed = page.waitForResponse((r: Response) => r.url() === statsUrl && r.request().method() === 'GET');
    await page.locator('button[type=submit]').click();
    const response = await answer;
    expect(response.status()).toBe(201);
    const report = await response.json();
    expect(report).toMatchObject({ kind: 'reports', fileName: 'meldingen november.csv', rows: 3, inserted: 3, alreadyPresent: 0, droppedColumns: ['naam_melder'] });
    batchId = report.batchId;

    const outcome = page.locator('.outcome.ok');
    await shown(outcome);
    expect(await outcome.locator('h3').textContent()).toContain(`batch ${batchId}`);
    expect(await outcome.locator('[data-field=rows]').textContent()).toBe('3');
    expect(await outcome.locator('[data-field=inserted]').textContent()).toBe('3');
    expect(await outcome.locator('[data-field=alreadyPresent]').textContent()).toBe('0');
    expect(await outcome.locator('[data-field=droppedColumns]').textContent()).toBe('naam_melder');
    expect((await outcome.locator('[data-field=period]').textContent())?.trim()).toBe('13 okt 2026 – 15 okt 2026');
    // Keyboard and screen-reader users are taken to the answer.
    await expect.poll(() => outcome.locator('h3').evaluate((el) => el === document.activeElement)).toBe(true);

    // The batch is listed first, with its counts.
    await expect.poll(() => batchIdsOnPage(page)).toEqual([batchId, ...batchesBefore.map((b) => b.id)]);
    const row = page.locator(`tr[data-batch="${batchId}"]`);
    expect(await row.textContent()).toContain('meldingen november.csv');

    // The map's figures were asked for again and are the server's new ones.
    const after = await (await refreshed).text();
    expect(after).not.toBe(statsBefore);
    expect(after).toBe(await (await fetch(statsUrl!, { headers: { cookie: adminCookie } })).text());

    await shoot(page, 'desktop-imports-report');
    expectClean(tracked);
    await page.context().close();
  });

  it('shows the row errors of a bad file and imports nothing', async () => {
    const tracked = await app.open('/?v=imports', DESKTOP, 'admin');
    const { page } = tracked;
    await shown(page.locator('table.batches'));
    const before = await apiBatches();
    const idsBefore = await batchIdsOnPage(page);
    await page.locator('#import-file').setInputFiles({ name: 'fout.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
    const answer = page.waitForResponse((r: Response) => r.url().includes('/api/imports/reports'));
    await page.locator('button[type=submit]').click();
    expect((await answer).status()).toBe(422);
    const failed = page.locator('.outcome.failed');
    await shown(failed);
    expect(await failed.getAttribute('role')).toBe('alert');
    expect(await failed.locator('h3').textContent()).toContain('Niets geïmporteerd');
    // In Dutch, from the shared catalogue (the server sends codes and parameters).
    expect(await failed.locator('.message').textContent()).toBe('1 van 2 rijen afgekeurd; er is niets geïmporteerd.');
    expect(await failed.locator('[data-problem=date_invalid] h4').textContent()).toBe('Geen geldige datum (1×)');
    expect(await failed.locator('.problems li').allTextContents()).toEqual(['regel 3 · received_on: "2026-02-31" is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)']);
    // Nothing changed: the same batches on the page and in the API.
    expect(await batchIdsOnPage(page)).toEqual(idsBefore);
    expect(await apiBatches()).toEqual(before);
    await shoot(page, 'desktop-imports-error');
    expectClean(tracked, [/422/]);
    await page.context().close();
  });

  it('reports every kind of problem of a file at once, with counts, in Dutch and in English', async () => {
    const rows = [
      'external_id,received_on,category,source,lon,lat',
      'E2E-K-1,2026-02-31,hennep,mma,6.626907,52.410593',
      'E2E-K-2,2026-11-10,kermis,mma,6.626907,52.410593',
      'E2E-K-3,2026-11-10,kermis,mma,6.626907,52.410593',
      'E2E-K-4,2026-11-10,hennep,mma,5.1,52.1',
      'E2E-K-5,2026-11-10,hennep,mma,6.626907,52.410593',
      'E2E-K-5,2026-11-11,hennep,mma,6.626907,52.410593',
      '',
    ].join('\n');
    for (const lang of ['nl', 'en'] as const) {
      const tracked = await app.open(`/?v=imports${lang === 'en' ? '&lang=en' : ''}`, DESKTOP, 'admin');
      const { page } = tracked;
      await shown(page.locator('table.batches'));
      await page.locator('#import-file').setInputFiles({ name: 'soorten.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
      await page.locator('button[type=submit]').click();
      const failed = page.locator('.outcome.failed');
      await shown(failed);
      const kinds = await failed.locator('[data-problem]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.problem).sort());
      expect(kinds).toEqual(['category_unknown', 'date_invalid', 'duplicate_id', 'outside_areas']);
      const heading = await failed.locator('[data-problem=category_unknown] h4').textContent();
      expect(heading).toBe(lang === 'nl' ? 'Onbekende categorie (2×)' : 'Unknown category (2×)');
      expect(await failed.locator('[data-problem=outside_areas] li').textContent()).toContain(lang === 'nl' ? 'regel 5' : 'line 5');
      expect(await failed.locator('.message').textContent()).toBe(lang === 'nl' ? '5 van 6 rijen afgekeurd; er is niets geïmporteerd.' : '5 of 6 rows refused; nothing was imported.');
      await shoot(page, `desktop-imports-kinds-${lang}`);
      expectClean(tracked, [/422/]);
      await page.context().close();
    }
  });

  it('rolls a batch back after confirmation, and Cancel keeps it', async () => {
    expect(batchId).toBeGreaterThan(0);
    const tracked = await app.open('/?v=imports', DESKTOP, 'admin');
    const { page } = tracked;
    const row = page.locator(`tr[data-batch="${batchId}"]`);
    await shown(row);
    const rollback = row.locator(`#rollback-${batchId}`);
    expect(await rollback.getAttribute('aria-label')).toBe(`Batch ${batchId} (meldingen november.csv) terugdraaien`);

    // Asking first; Cancel (keyboard) leaves the batch alone and returns focus.
    await rollback.click();
    const yes = row.locator(`#rollback-yes-${batchId}`);
    await shown(yes);
    await expect.poll(() => yes.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await row.locator('.confirm p').textContent()).toContain('De 3 rijen van deze batch worden verwijderd');
    await row.locator('button:text-is("Annuleren")').press('Enter');
    await shown(rollback);
    await expect.poll(() => rollback.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await apiBatches()).some((b) => b.id === batchId)).toBe(true);

    // Confirmed: the batch disappears, and the result is shown.
    await rollback.click();
    const answer = page.waitForResponse((r: Response) => r.url().endsWith(`/api/imports/${batchId}`) && r.request().method() === 'DELETE');
    await yes.click();
    expect(await (await answer).json()).toMatchObject({ batchId, kind: 'reports', removed: 3 });
    await shown(page.locator('#rollback-outcome'));
    expect(await page.locator('#rollback-outcome').textContent()).toContain(`Batch ${batchId} is teruggedraaid: 3 rijen verwijderd.`);
    await expect.poll(() => row.count()).toBe(0);
    expect((await apiBatches()).some((b) => b.id === batchId)).toBe(false);
    await shoot(page, 'desktop-imports-rollback');
    expectClean(tracked);
    await page.context().close();
  });

  it('says so when the reports of an imported file all fall on Mondays (dated by forwarding)', async () => {
    const tracked = await app.open('/?v=imports', DESKTOP, 'admin');
    const { page } = tracked;
    const lines = ['external_id,received_on,category,source,lon,lat'];
    for (let i = 0; i < 150; i++) lines.push(`E2E-MON-${i},${new Date(Date.UTC(2026, 0, 5 + 7 * (i % 10))).toISOString().slice(0, 10)},hennep,mma,6.626907,52.410593`);
    await page.locator('#import-file').setInputFiles({ name: 'maandagen.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    const answer = page.waitForResponse((r: Response) => r.url().includes('/api/imports/reports') && r.request().method() === 'POST');
    await page.locator('button[type=submit]').click();
    const report = await (await answer).json();
    expect(report.notices).toEqual([{ code: 'dates_few_days', params: { days: 10, expected: 58 } }]);
    const notice = page.locator('.outcome.ok .file-notice[data-notice=dates_few_days]');
    await shown(notice);
    expect(await notice.textContent()).toContain('Let op: De meldingen vallen op weinig dagen: 10 verschillende dagen, waar er ongeveer 58 te verwachten zijn');
    await shoot(page, 'desktop-imports-notice');
    // The batch goes again, so the tests after this one see the data as before.
    const del = await fetch(`${app.url}/api/imports/${report.batchId}`, { method: 'DELETE', headers: { cookie: adminCookie, 'x-csrf-token': adminCsrf } });
    expect(del.status).toBe(200);
    expectClean(tracked);
    await page.context().close();
  });

  it('works on a phone: the report and the row errors fit the screen', async () => {
    const tracked = await app.open('/?v=imports&lang=en', PHONE, 'admin');
    const { page } = tracked;
    await shown(page.locator('h2:text-is("Import data")'));
    await shown(page.locator('table.batches, .empty'));
    await page.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
    await page.locator('button[type=submit]').click();
    await shown(page.locator('.outcome.failed'));
    expect(await page.locator('.outcome.failed h3').textContent()).toContain('Nothing was imported');
    expect(await sideways(page)).toEqual([]);
    await shoot(page, 'phone-imports-error');
    await page.locator('#import-file').setInputFiles({ name: 'phone.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_CSV) });
    await page.locator('button[type=submit]').click();
    await shown(page.locator('.outcome.ok'));
    expect(await page.locator('.outcome.ok [data-field=inserted]').textContent()).toBe('3');
    // The same file again: every row is already present, nothing new is stored.
    const again = page.waitForResponse((r: Response) => r.url().includes('/api/imports/reports'));
    await page.locator('button[type=submit]').click();
    expect(await (await again).json()).toMatchObject({ rows: 3, inserted: 0, alreadyPresent: 3 });
    await expect.poll(() => page.locator('.outcome.ok [data-field=alreadyPresent]').textContent()).toBe('3');
    expect(await page.locator('.outcome.ok [data-field=inserted]').textContent()).toBe('0');
    expect(await sideways(page)).toEqual([]);
    await shoot(page, 'phone-imports-report');
    // The batches as cards, one under the other.
    await page.locator('table.batches tbody tr').first().scrollIntoViewIfNeeded();
    const card = await page.locator('table.batches tbody tr').first().boundingBox();
    expect(card!.width).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'phone-imports-batches');
    expectClean(tracked, [/422/]);
    await page.context().close();
  });
});

describe('administrator views for other roles', () => {
  for (const role of ['viewer', 'analyst'] as const) {
    it(`a${role === 'analyst' ? 'n' : ''} ${role} has no Imports or Users entry and makes no requests for them`, async () => {
      const tracked = await app.open('/?v=map', DESKTOP, role);
      const { page } = tracked;
      const requests: string[] = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await waitForMap(page);
      await shown(page.locator('nav a:text-is("Kaart")'));
      expect(await page.locator('nav a').allTextContents()).toEqual(['Overzicht', 'Kaart', 'Trends', 'Signalen']);
      // A link straight to the view says it is for administrators, and asks the API nothing.
      await page.goto(`${app.url}/?v=imports`);
      await shown(page.locator('h3:text-is("Alleen voor beheerders")'));
      expect(await page.locator('#import-file').count()).toBe(0);
      await page.goto(`${app.url}/?v=users`);
      await shown(page.locator('h3:text-is("Alleen voor beheerders")'));
      expect(await page.locator('#user-name').count()).toBe(0);
      await page.goto(`${app.url}/?v=audit`);
      await shown(page.locator('h3:text-is("Alleen voor beheerders")'));
      expect(requests.filter((p) => p.startsWith('/api/imports') || p.startsWith('/api/users') || p.startsWith('/api/audit'))).toEqual([]);
      expectClean(tracked);
      await page.context().close();
    });
  }
});

describe('users view (administrator)', () => {
  const login = async (username: string, password: string) =>
    (await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })).status;

  it('lists the accounts, adds one, refuses a guessable password, disables, enables and resets', async () => {
    const tracked = await app.open('/?v=map', DESKTOP, 'admin');
    const { page } = tracked;
    await waitForMap(page);
    await page.locator('nav a:text-is("Gebruikers")').click();
    await shown(page.locator('table.user-list'));
    expect(new URL(page.url()).searchParams.get('v')).toBe('users');
    const listed = await page.locator('table.user-list tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.user));
    const api = await (await fetch(`${app.url}/api/users`, { headers: { cookie: adminCookie } })).json();
    expect(listed).toEqual(api.map((u: { username: string }) => u.username));
    // No one disables their own account here.
    expect(await page.locator('tr[data-user="demo-admin"] button:text-is("Uitschakelen")').count()).toBe(0);

    // Too short a password: the server's message, the field marked, nobody added.
    await page.locator('#user-name').fill('e2e-nieuw');
    await page.locator('#user-role').selectOption('analyst');
    await page.locator('#user-password').fill('kort');
    await page.locator('form.add button[type=submit]').click();
    await shown(page.locator('#users-message.failed'));
    expect(await page.locator('#users-message').textContent()).toContain('too easy to guess');
    expect(await page.locator('#user-password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('tr[data-user="e2e-nieuw"]').count()).toBe(0);

    await page.locator('#user-password').fill('een lang genoeg wachtwoord');
    await page.locator('form.add button[type=submit]').click();
    await shown(page.locator('tr[data-user="e2e-nieuw"]'));
    expect(await page.locator('#users-message').textContent()).toContain('Gebruiker e2e-nieuw is toegevoegd (analist).');
    expect(await page.locator('tr[data-user="e2e-nieuw"]').textContent()).toContain('analist');
    expect(await login('e2e-nieuw', 'een lang genoeg wachtwoord')).toBe(200);

    // Disable: the account cannot log in; enable again.
    const row = page.locator('tr[data-user="e2e-nieuw"]');
    await row.locator('button[aria-label="e2e-nieuw uitschakelen"]').click();
    await expect.poll(() => row.locator('[data-field=status]').textContent()).toContain('uitgeschakeld');
    expect(await login('e2e-nieuw', 'een lang genoeg wachtwoord')).not.toBe(200);
    await row.locator('button[aria-label="e2e-nieuw inschakelen"]').click();
    await expect.poll(() => row.locator('[data-field=status]').textContent()).toContain('actief');
    expect(await login('e2e-nieuw', 'een lang genoeg wachtwoord')).toBe(200);

    // Reset: the new password works, the old one no longer.
    await row.locator('button[aria-label="Nieuw wachtwoord voor e2e-nieuw"]').click();
    const field = page.locator('#reset-password-e2e-nieuw');
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill('een ander lang wachtwoord');
    await row.locator('button:text-is("Wachtwoord opslaan")').click();
    await expect.poll(() => page.locator('#users-message').textContent()).toContain('e2e-nieuw heeft een nieuw wachtwoord');
    expect(await login('e2e-nieuw', 'een ander lang wachtwoord')).toBe(200);
    expect(await login('e2e-nieuw', 'een lang genoeg wachtwoord')).not.toBe(200);

    await shoot(page, 'desktop-users');
    expectClean(tracked, [/http 400: .*\/api\/users$/, /status of 400/]);
    await page.context().close();
  });

  it('works on a phone', async () => {
    const tracked = await app.open('/?v=users', PHONE, 'admin');
    const { page } = tracked;
    await shown(page.locator('table.user-list tbody tr'));
    expect(await sideways(page)).toEqual([]);
    await shoot(page, 'phone-users');
    expectClean(tracked);
    await page.context().close();
  });
});

describe('audit log view (administrator)', () => {
  it('lists the trail newest first, filters by action and user, and downloads the selection as CSV', async () => {
    const tracked = await app.open('/?v=map', DESKTOP, 'admin');
    const { page } = tracked;
    await waitForMap(page);
    expect(await page.locator('nav a').allTextContents()).toEqual(['Overzicht', 'Kaart', 'Trends', 'Signalen', 'Importeren', 'Gebruikers', 'Auditlog']);
    await page.locator('nav a:text-is("Auditlog")').click();
    await shown(page.locator('table.audit-list tbody tr'));
    const all = await (await fetch(`${app.url}/api/audit?limit=100`, { headers: { cookie: adminCookie } })).json();
    await expect.poll(() => page.locator('table.audit-list tbody tr').count()).toBeGreaterThanOrEqual(Math.min(all.length, 10));
    // Only the imports (this file made some, good and refused).
    await page.locator('.audit .filters select').first().selectOption('import');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    const imports = (await (await fetch(`${app.url}/api/audit?action=import&limit=100`, { headers: { cookie: adminCookie } })).json()) as { id: number; outcome: string }[];
    expect(imports.length).toBeGreaterThan(1);
    await expect.poll(() => page.locator('table.audit-list tbody tr').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.audit)))).toEqual(imports.map((e) => e.id));
    // A refused import is marked as failed.
    expect(await page.locator('table.audit-list tbody tr.failed').count()).toBe(imports.filter((e) => e.outcome !== 'ok').length);
    // The details' keys in the page's language; the CSV keeps the stored keys.
    const details = await page.locator('table.audit-list tbody td.details').allTextContents();
    expect(details.every((d) => d.includes('bestand: ') && !d.includes('fileName'))).toBe(true);
    const csv = await page.getByRole('link', { name: 'Downloaden als CSV' }).getAttribute('href');
    expect(csv).toBe('/api/audit?action=import&limit=100&format=csv');
    const file = await page.context().request.get(`${app.url}${csv}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toMatch(/text\/csv/);
    const csvText = await file.text();
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(imports.length + 1);
    expect(csvText).toContain('fileName');
    await shoot(page, 'desktop-audit');
    // A user that did nothing: an empty selection says so.
    await page.locator('.audit .filters input[type=text]').fill('niemand');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    await shown(page.locator('.audit .empty'));
    expectClean(tracked);
    await page.context().close();
  });

  it('works on a phone', async () => {
    const tracked = await app.open('/?v=audit', PHONE, 'admin');
    const { page } = tracked;
    await shown(page.locator('table.audit-list tbody tr'));
    expect(await sideways(page)).toEqual([]);
    await shoot(page, 'phone-audit');
    expectClean(tracked);
    await page.context().close();
  });
});
