/** Accounts (issue #14, 3): password strength by an estimator with a Dutch dictionary, printed
 *  and administrator-set passwords changed at first login, TOTP second factor with recovery
 *  codes, required per role. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { startServer } from '../../server/main.ts';
import { currentTotp } from '../../server/services/totp.ts';
import { openSecret, sealStoredSecrets, totpKey } from '../../server/services/totp-secrets.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer('base', { LOGIN_RATE_PER_IP: '10000' });
});
afterAll(async () => s?.close());

const JSON_TYPE = { 'content-type': 'application/json' };
const STRONG = 'fietsbel tulp regenjas';

/** A browser-like session: keeps the cookie and the CSRF token of the last answer. */
class Browser {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}
  async call(path: string, body?: unknown) {
    const res = await fetch(`${this.base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...JSON_TYPE, ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const json = await res.json().catch(() => null);
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return { status: res.status, body: json };
  }
  login(username: string, password: string) {
    return this.call('/api/auth/login', { username, password });
  }
}

const addUser = (username: string, role: string, password = TEST_PASSWORD) =>
  s.get('/api/users', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ username, role, password }) });

describe('password strength', () => {
  it('refuses guessable passwords that a length rule let through, with the reasons', async () => {
    for (const password of ['aaaaaaaaaaaa', 'password1234', '111111111111', 'wachtwoord123', 'signaalkaart2026', 'Welkom123']) {
      const res = await addUser('weak-user', 'viewer', password);
      const body = await res.json();
      expect(res.status, password).toBe(400);
      expect(body.parameter).toBe('password');
      expect(body.error).toMatch(/too easy to guess/);
      expect(body.detail.length, password).toBeGreaterThan(0);
    }
    expect((await addUser('strong-user', 'viewer', STRONG)).status).toBe(201);
  });

  it('gives feedback in Dutch and English to a logged-in user', async () => {
    const nl = await s.json('/api/auth/password/strength', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ password: 'aaaaaaaaaaaa', lang: 'nl' }) });
    expect(nl).toMatchObject({ score: 0, acceptable: false });
    expect(nl.warning).toMatch(/Herhalende/);
    const en = await s.json('/api/auth/password/strength', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ password: 'aaaaaaaaaaaa', lang: 'en' }) });
    expect(en.warning).toMatch(/Repeated/i);
    const ok = await s.json('/api/auth/password/strength', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ password: STRONG, lang: 'en' }) });
    expect(ok.acceptable).toBe(true);
    expect((await fetch(`${s.url}/api/auth/password/strength`, { method: 'POST', headers: JSON_TYPE, body: '{"password":"x"}' })).status).toBe(401);
  });
});

describe('passwords someone else has seen are changed at first login', () => {
  it('an administrator-created account gets a login half-way that reaches nothing until the password is changed', async () => {
    expect((await addUser('new-analyst', 'analyst')).status).toBe(201);
    const b = new Browser(s.url);
    const first = await b.login('new-analyst', TEST_PASSWORD);
    expect(first).toMatchObject({ status: 200, body: { user: null, pending: { stage: 'password', username: 'new-analyst' } } });
    expect((await b.call('/api/meta')).status).toBe(401);
    expect((await b.call('/api/auth/me')).body).toMatchObject({ user: null, pending: { stage: 'password' } });
    // The CSRF token is needed here too.
    const noCsrf = await fetch(`${s.url}/api/auth/password`, { method: 'POST', headers: { ...JSON_TYPE, cookie: b.cookie }, body: JSON.stringify({ password: STRONG }) });
    expect(noCsrf.status).toBe(403);
    expect((await b.call('/api/auth/password', { password: 'password1234' })).status).toBe(400);
    expect((await b.call('/api/auth/password', { password: TEST_PASSWORD })).body.error).toMatch(/other than the current/);
    const changed = await b.call('/api/auth/password', { password: STRONG });
    expect(changed).toMatchObject({ status: 200, body: { user: { username: 'new-analyst', role: 'analyst' }, pending: null } });
    expect((await b.call('/api/meta')).status).toBe(200);
    expect((await new Browser(s.url).login('new-analyst', TEST_PASSWORD)).status).toBe(401);
    expect((await new Browser(s.url).login('new-analyst', STRONG)).body.pending).toBeNull();
  });

  it('a password reset by an administrator is changed at the next login too', async () => {
    await s.json('/api/users/new-analyst/reset', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ password: 'lantaarn paal regen boot' }) });
    expect((await new Browser(s.url).login('new-analyst', 'lantaarn paal regen boot')).body.pending).toMatchObject({ stage: 'password' });
  });

  it('a full session changes its own password only with the current one, and other sessions end', async () => {
    await s.db.query(`UPDATE users SET must_change_password = false WHERE username = 'strong-user'`);
    const a = new Browser(s.url);
    const other = new Browser(s.url);
    await a.login('strong-user', STRONG);
    await other.login('strong-user', STRONG);
    expect((await other.call('/api/meta')).status).toBe(200);
    expect((await a.call('/api/auth/password', { currentPassword: 'not it', password: 'zonnebloem kast fiets' })).body.parameter).toBe('currentPassword');
    expect((await a.call('/api/auth/password', { currentPassword: STRONG, password: 'zonnebloem kast fiets' })).status).toBe(200);
    expect((await a.call('/api/meta')).status).toBe(200);
    expect((await other.call('/api/meta')).status).toBe(401);
  });

  it('the accounts printed at the first start must be changed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'signaalkaart-first-'));
    const running = await startServer(loadConfig({ PORT: '0', PGLITE_DIR: dir, LOG_LEVEL: 'silent', DEMO_DATA: 'off' }));
    try {
      expect(running.initialAccounts.map((a) => a.username)).toEqual(['admin']);
      const b = new Browser(running.url);
      expect((await b.login('admin', running.initialAccounts[0]!.password)).body.pending).toMatchObject({ stage: 'password' });
    } finally {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start with a TOTP key that does not open the stored second-factor secrets', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'signaalkaart-key-'));
    const env = (key: Buffer) => loadConfig({ PORT: '0', PGLITE_DIR: dir, LOG_LEVEL: 'silent', DEMO_DATA: 'off', TOTP_KEY: key.toString('base64') });
    const [a, b] = [Buffer.alloc(32, 3), Buffer.alloc(32, 4)];
    try {
      const first = await startServer(env(a));
      await first.db.query(`UPDATE users SET totp_pending_secret = 'JBSWY3DPEHPK3PXP' WHERE username = 'admin'`);
      await first.close();
      // The next start seals the plain secret under key a (and, the database still without areas
      // with DEMO_DATA=off, makes no account again); key b cannot open it.
      const second = await startServer(env(a));
      expect(second.initialAccounts).toEqual([]);
      await second.close();
      await expect(startServer(env(b))).rejects.toThrow(/TOTP_KEY does not open the second-factor secret of account admin: .*reset-2fa/);
      const again = await startServer(env(a));
      const [row] = await again.db.query<{ pending: string }>(`SELECT totp_pending_secret AS pending FROM users WHERE username = 'admin'`);
      expect(openSecret(a, row!.pending)).toBe('JBSWY3DPEHPK3PXP');
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('TOTP second factor', () => {
  let secret = '';
  let recoveryCodes: string[] = [];
  const b = new Browser('');

  it('is enrolled from the account with a QR code and a confirming code, and gives recovery codes', async () => {
    expect((await addUser('two-factor', 'analyst')).status).toBe(201);
    await s.db.query(`UPDATE users SET must_change_password = false WHERE username = 'two-factor'`);
    Object.assign(b, { base: s.url });
    await b.login('two-factor', TEST_PASSWORD);
    const setup = await b.call('/api/auth/totp/setup', {});
    expect(setup.status).toBe(200);
    secret = setup.body.secret;
    expect(setup.body.uri).toBe(`otpauth://totp/Signaalkaart:two-factor?issuer=Signaalkaart&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(setup.body.qrSvg).toMatch(/^<svg/);
    expect((await b.call('/api/auth/totp/confirm', { code: '000000' })).status).toBe(400);
    const confirmed = await b.call('/api/auth/totp/confirm', { code: currentTotp(secret, 'two-factor') });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const [stored] = await s.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.username = 'two-factor' AND r.code_hash = ANY($1::text[])`, [recoveryCodes]);
    expect(stored!.n).toBe(0); // stored hashed, never as they are
    // The secret is stored sealed under the key outside the database, never as the app shows it.
    const [row] = await s.db.query<{ secret: string }>(`SELECT totp_secret AS secret FROM users WHERE username = 'two-factor'`);
    expect(row!.secret.startsWith('v1.')).toBe(true);
    expect(row!.secret).not.toContain(secret);
    expect(openSecret(totpKey(loadConfig({})), row!.secret)).toBe(secret);
  });

  it('asks for a code after the password; a code counts once; a recovery code counts once', async () => {
    const c = new Browser(s.url);
    expect((await c.login('two-factor', TEST_PASSWORD)).body.pending).toMatchObject({ stage: 'totp' });
    expect((await c.call('/api/meta')).status).toBe(401);
    // The code used to confirm the enrolment was this step's: it does not count again.
    const now = Date.now();
    const reused = await c.call('/api/auth/totp', { code: currentTotp(secret, 'two-factor', now) });
    if (reused.status === 400) {
      expect(reused.body.error).toMatch(/not valid|used already/);
      const next = await c.call('/api/auth/totp', { code: currentTotp(secret, 'two-factor', now + 30_000) });
      expect(next.status).toBe(200);
    } else expect(reused.status).toBe(200); // the step turned over in between
    expect((await c.call('/api/meta')).status).toBe(200);
    const r = new Browser(s.url);
    await r.login('two-factor', TEST_PASSWORD);
    const withRecovery = await r.call('/api/auth/totp', { code: recoveryCodes[0]!.toUpperCase() });
    expect(withRecovery).toMatchObject({ status: 200, body: { recoveryCodesLeft: 9 } });
    const again = new Browser(s.url);
    await again.login('two-factor', TEST_PASSWORD);
    expect((await again.call('/api/auth/totp', { code: recoveryCodes[0]! })).status).toBe(400);
  });

  it('ends the login half-way after five wrong codes', async () => {
    const c = new Browser(s.url);
    await c.login('two-factor', TEST_PASSWORD);
    for (let i = 0; i < 4; i++) expect((await c.call('/api/auth/totp', { code: '12345' + i })).status).toBe(400);
    const last = await c.call('/api/auth/totp', { code: '123459' });
    expect(last.status).toBe(401);
    expect((await c.call('/api/auth/totp', { code: currentTotp(secret, 'two-factor', Date.now() + 60_000) })).status).toBe(401);
    await s.db.query(`DELETE FROM login_failures`);
  });

  it('seals a secret stored plain before sealing at the next start, and refuses to start with a key that does not open it', async () => {
    // A secret as migration 010 stored it (plain base32), as after an upgrade. (The logins above
    // read the enrolment's sealed secret: that path is the test before this one.)
    const plain = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await s.db.query(`UPDATE users SET totp_pending_secret = $1 WHERE username = 'test-viewer'`, [plain]);
    const key = totpKey(loadConfig({}));
    expect(await sealStoredSecrets(s.db, key, 'the test key')).toBe(1);
    const [row] = await s.db.query<{ pending: string; secret: string }>(`SELECT totp_pending_secret AS pending, totp_secret AS secret FROM users WHERE username = 'test-viewer'`);
    expect(row!.pending.startsWith('v1.')).toBe(true);
    expect(openSecret(key, row!.pending)).toBe(plain);
    expect(await sealStoredSecrets(s.db, key, 'the test key')).toBe(0);
    // Another key opens none of them: a start-up error that says what to do, not failed logins later.
    await expect(sealStoredSecrets(s.db, Buffer.alloc(32, 7), 'the other key')).rejects.toThrow(/the other key does not open .* reset-2fa/);
    await s.db.query(`UPDATE users SET totp_pending_secret = NULL WHERE username = 'test-viewer'`);
  });

  it('an administrator removes a lost second factor', async () => {
    await s.json('/api/users/two-factor/reset-totp', { method: 'POST' });
    expect((await new Browser(s.url).login('two-factor', TEST_PASSWORD)).body.pending).toBeNull();
  });

  it('can be required per role: a viewer without one must enrol before reaching anything', async () => {
    expect(await s.json('/api/security')).toEqual({ requireTotp: { viewer: false, analyst: false, admin: false }, defaults: { requireTotp: [] } });
    await s.json('/api/security', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ requireTotp: { viewer: true } }) });
    const v = new Browser(s.url);
    expect((await v.login('test-viewer', TEST_PASSWORD)).body.pending).toMatchObject({ stage: 'enrol' });
    expect((await v.call('/api/meta')).status).toBe(401);
    const setup = await v.call('/api/auth/totp/setup', {});
    const done = await v.call('/api/auth/totp/confirm', { code: currentTotp(setup.body.secret, 'test-viewer') });
    expect(done.body).toMatchObject({ user: { username: 'test-viewer' }, pending: null });
    expect((await v.call('/api/meta')).status).toBe(200);
    // A required factor cannot be removed by the user.
    expect((await v.call('/api/auth/totp/remove', { password: TEST_PASSWORD })).status).toBe(409);
    await s.json('/api/security', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ requireTotp: { viewer: false } }) });
    expect((await v.call('/api/auth/totp/remove', { password: TEST_PASSWORD })).status).toBe(200);
  });

  it('REQUIRE_2FA makes it the default for administrators', async () => {
    const strict = await startTestServer('base', { REQUIRE_2FA: 'on' });
    try {
      expect((await new Browser(strict.url).login('test-admin', TEST_PASSWORD)).body.pending).toMatchObject({ stage: 'enrol' });
      expect((await new Browser(strict.url).login('test-analyst', TEST_PASSWORD)).body.pending).toBeNull();
    } finally {
      await strict.close();
    }
  });
});
