// TOTP second factor (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps — what every authenticator app
// reads from an otpauth:// URI) with the maintained `otpauth` library, and one-time recovery
// codes. A code is accepted for the current step and one step either side (clock drift), and a
// step is accepted once per account (the caller records it).
import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Signaalkaart';
const PERIOD = 30;

function totp(secret: string, username: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** A new random secret (160 bits, RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI and a QR code of it (SVG) for an authenticator app. */
export async function enrolment(secret: string, username: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totp(secret, username).toString();
  return { uri, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
}

/** The time step a code belongs to, or null when it is not valid now (±1 step). */
export function totpStep(secret: string, username: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const t = totp(secret, username);
  const delta = t.validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : t.counter({ timestamp: now }) + delta;
}

/** The current code (tests and the e2e harness use it in place of an app). */
export function currentTotp(secret: string, username: string, now = Date.now()): string {
  return totp(secret, username).generate({ timestamp: now });
}

export const RECOVERY_CODE_COUNT = 10;

/** Ten codes of 10 characters from 31 (49 random bits) as xxxxx-xxxxx, without look-alikes
 *  (0/o, 1/l/i). High-entropy and random, so a fast hash (SHA-256) is enough to store them — as
 *  for the session tokens. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]!).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
export const recoveryCodeHash = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
export const looksLikeRecoveryCode = (code: string) => normaliseRecoveryCode(code).length === 10 && !/^\d+$/.test(normaliseRecoveryCode(code));
