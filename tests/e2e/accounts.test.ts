/**
 * Accounts in Chromium (issue #14, 3): a printed password is replaced at the first login (with the
 * strength estimator's advice while typing); when the role requires it, the authenticator app is
 * set up (QR code, key, recovery codes) before the dashboard opens; the next login asks for a code.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, randomPassword } from '../../server/services/users.ts';
import { currentTotp } from '../../server/services/totp.ts';
import { DESKTOP, PHONE, SCREENSHOT_DIR, startDashboard, waitForMap, type Dashboard } from './harness.ts';

let app: Dashboard;
beforeAll(async () => {
  app = await startDashboard();
});
afterAll(async () => app?.close());

const shown = (page: Page, selector: string) => page.locator(selector).first().waitFor({ state: 'visible', timeout: 15_000 });

async function logIn(page: Page, username: string, password: string) {
  await shown(page, '#login-username');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

describe('first login with a printed password, in a role that requires a second factor', () => {
  const username = 'e2e-nieuwe-kijker';
  const printed = randomPassword();
  const chosen = 'zomerse fietstocht langs de vecht';
  let secret = '';

  it('asks for an own password, refuses a guessable one with advice, then sets up the app and shows recovery codes', async () => {
    // Printed like `npm run user -- add` does: to be changed at the first login.
    await createUser(app.server.db, { username, role: 'viewer', password: printed }, { username: 'e2e' });
    await app.server.db.query(`INSERT INTO role_security (role, require_totp, changed_by) VALUES ('viewer', true, 'e2e')`);
    const context = await app.browser.newContext({ viewport: DESKTOP, locale: 'nl-NL' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}/?v=map`);
    await logIn(page, username, printed);
    await shown(page, 'h2:text-is("Kies een nieuw wachtwoord")');
    expect(await page.locator('nav').count()).toBe(0);

    await page.locator('#first-new').fill('wachtwoord123');
    await expect.poll(() => page.locator('#first-strength').textContent(), { timeout: 10_000 }).toContain('Nog niet sterk genoeg');
    await page.locator('#first-repeat').fill('wachtwoord123');
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await shown(page, '.password-change [role=alert]');
    expect(await page.locator('.password-change [role=alert]').textContent()).toMatch(/te makkelijk te raden.*Voeg meer woorden toe/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-password-change.png') });

    await page.locator('#first-new').fill(chosen);
    await expect.poll(() => page.locator('#first-strength').textContent(), { timeout: 10_000 }).toContain('Sterk genoeg');
    await page.locator('#first-repeat').fill(chosen);
    await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();

    await shown(page, 'h2:text-is("Tweestapsverificatie instellen")');
    await shown(page, 'img.qr');
    secret = (await page.locator('[data-testid=totp-secret]').getAttribute('data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-totp-enrol.png') });
    await page.locator('#enrol-code').fill(currentTotp(secret, username));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await shown(page, '[data-testid=recovery-codes]');
    expect(await page.locator('[data-testid=recovery-codes] li').count()).toBe(10);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-recovery-codes.png') });
    await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
    await waitForMap(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks for a code at the next login (phone), and a wrong code is refused', async () => {
    const context = await app.browser.newContext({ viewport: PHONE, locale: 'nl-NL', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/?v=map`);
    await logIn(page, username, chosen);
    await shown(page, 'h2:text-is("Tweestapsverificatie")');
    await page.locator('#login-code').fill('000000');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await expect.poll(() => page.locator('.login [role=alert]').textContent()).toContain('klopt niet');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-totp-prompt.png') });
    // The step after the one used at enrolment, so the code has not been used yet.
    await page.locator('#login-code').fill(currentTotp(secret, username, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Controleren' }).click();
    await waitForMap(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });
});

describe('the account dialog', () => {
  it('sets up a second factor from the signed-in name, on desktop and phone', async () => {
    const tracked = await app.open('/?v=map', DESKTOP, 'analyst');
    const { page } = tracked;
    await waitForMap(page);
    await page.locator('button.user').click();
    await shown(page, 'dialog.account');
    expect(await page.locator('dialog.account [data-field=totp]').textContent()).toBe('Tweestapsverificatie staat uit.');
    await page.locator('dialog.account').getByRole('button', { name: 'Instellen' }).click();
    await shown(page, 'dialog.account [data-testid=totp-secret]');
    const secret = (await page.locator('dialog.account [data-testid=totp-secret]').getAttribute('data-secret'))!;
    await page.locator('#account-enrol-code').fill(currentTotp(secret, 'demo-analyst'));
    await page.locator('dialog.account').getByRole('button', { name: 'Bevestigen' }).click();
    await shown(page, 'dialog.account [data-testid=recovery-codes]');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-account-dialog.png') });
    await page.locator('dialog.account').getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
    await expect.poll(() => page.locator('dialog.account [data-field=totp]').textContent()).toBe('Tweestapsverificatie staat aan.');
    expect(tracked.problems).toEqual([]);
    await page.context().close();

    // (Viewers need a second factor since the first test: the administrator here.)
    const phone = await app.open('/?v=map', PHONE, 'admin');
    await waitForMap(phone.page);
    await phone.page.locator('button.user').click();
    await shown(phone.page, 'dialog.account');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phone.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'phone-account-dialog.png') });
    await phone.page.context().close();
  });
});
