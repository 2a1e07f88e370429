import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { isSealed, openSecret, sealSecret, TotpKeyError, totpKey } from '../../server/services/totp-secrets.ts';

const KEY = Buffer.alloc(32, 1);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('TOTP secrets at rest (AES-256-GCM under a key outside the database)', () => {
  it('seals and opens; each sealing is different; the sealed form does not hold the secret', () => {
    const a = sealSecret(KEY, SECRET);
    const b = sealSecret(KEY, SECRET);
    expect(a).not.toBe(b);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toContain(SECRET);
    expect(openSecret(KEY, a)).toBe(SECRET);
    expect(openSecret(KEY, b)).toBe(SECRET);
  });

  it('does not open with another key or after a change, and reads a secret from before sealing as it is', () => {
    const sealed = sealSecret(KEY, SECRET);
    expect(() => openSecret(Buffer.alloc(32, 2), sealed)).toThrow(TotpKeyError);
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => openSecret(KEY, `v1.${raw.toString('base64url')}`)).toThrow(TotpKeyError);
    expect(() => openSecret(KEY, 'v1.AAAA')).toThrow(TotpKeyError);
    expect(isSealed(SECRET)).toBe(false);
    expect(openSecret(KEY, SECRET)).toBe(SECRET);
  });

  it('makes the key file once (mode 0600) and reads it after; TOTP_KEY takes precedence; a bad key is a configuration error', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sk-totp-'));
    dirs.push(dir);
    const file = path.join(dir, 'sub', 'totp.key');
    const key = totpKey(loadConfig({ TOTP_KEY_FILE: file }));
    expect(key).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64').equals(key)).toBe(true);
    const inline = Buffer.alloc(32, 9).toString('base64');
    expect(totpKey(loadConfig({ TOTP_KEY: inline, TOTP_KEY_FILE: file })).equals(Buffer.alloc(32, 9))).toBe(true);
    expect(() => loadConfig({ TOTP_KEY: 'too-short' })).toThrow(ConfigError);
    const bad = path.join(dir, 'bad.key');
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, 'c2hvcnQ=\n'));
    expect(() => totpKey(loadConfig({ TOTP_KEY_FILE: bad }))).toThrow(/32 bytes/);
    // A place the process cannot write (here: below a file) says what to set instead.
    expect(() => totpKey(loadConfig({ TOTP_KEY_FILE: path.join(bad, 'totp.key') }))).toThrow(/cannot make the TOTP key file .*set TOTP_KEY/);
  });
});
