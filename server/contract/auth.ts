import { z } from 'zod';
import { ROLES } from '../services/users.ts';
import { emptyBody, json, lang, noQuery, Ok } from './common.ts';
import { endpoint } from './endpoint.ts';

// Logging in and its steps, the own password and second factor (server/routes/auth.ts). Login
// steps are public in the access table: each checks its own session stage and the CSRF token.

export const role = z.enum(ROLES);

export const SessionUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role,
  totp: z.boolean().optional().meta({ description: 'a second factor is set up' }),
}).meta({ id: 'SessionUser' });

export const LoginStage = z.enum(['totp', 'password', 'enrol']);
export const PendingLogin = z.object({
  stage: LoginStage,
  username: z.string(),
  displayName: z.string(),
}).meta({ id: 'PendingLogin', description: 'A login half-way and its next step: a TOTP code, a new password or TOTP enrolment' });

export const SessionInfo = z.object({
  user: SessionUser.nullable(),
  pending: PendingLogin.nullable().meta({ description: 'a login half-way (null when logged in or anonymous)' }),
  csrfToken: z.string().nullable().meta({ description: 'send it as X-CSRF-Token with every state-changing request' }),
  expiresAt: z.string().optional().meta({ description: 'when the session ends at the latest' }),
}).meta({ id: 'SessionInfo' });

export const PasswordStrength = z.object({
  score: z.number().int().min(0).max(4),
  acceptable: z.boolean(),
  warning: z.string().nullable(),
  suggestions: z.array(z.string()),
}).meta({ id: 'PasswordStrength' });

export const TotpSetup = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }).meta({ id: 'TotpSetup' });

export type Role = z.infer<typeof role>;
export type SessionUser = z.infer<typeof SessionUser>;
export type LoginStage = z.infer<typeof LoginStage>;
export type PendingLogin = z.infer<typeof PendingLogin>;
export type SessionInfo = z.infer<typeof SessionInfo>;
export type PasswordStrength = z.infer<typeof PasswordStrength>;
export type TotpSetup = z.infer<typeof TotpSetup>;

const code = z.object({ code: z.string().max(40) }).strict();

export const login = endpoint({
  method: 'post', path: '/auth/login',
  summary: 'Log in (public); sets the HttpOnly session cookie and returns the CSRF token',
  description: 'Rate-limited per address (429). Every failed login — unknown name, wrong password, disabled account, or a name that waits after repeated failures from this address — gets the same 401 and body. Failures count per account name and source address: past LOGIN_MAX_FAILURES that pair waits (a minute, doubling, up to LOGIN_LOCKOUT_MINUTES); other addresses are not affected. A correct password may leave the login half-way (`pending`: a TOTP code, a new password or TOTP enrolment is needed next); such a session reaches only the step\'s route.',
  body: json(z.object({ username: z.string().max(100), password: z.string().max(1000) }).strict()),
  responses: { 200: { description: 'Logged in, or half-way', content: json(SessionInfo) } },
  errors: [400, 401, 429],
});

export const me = endpoint({
  method: 'get', path: '/auth/me', summary: 'The current user and CSRF token (user null when not logged in)',
  query: noQuery,
  responses: { 200: { description: 'OK', content: json(SessionInfo) } },
});

export const totp = endpoint({
  method: 'post', path: '/auth/totp',
  summary: 'Login step "totp": a code from the authenticator app or a recovery code (CSRF header needed)',
  description: 'A code is accepted once. Five wrong codes end the login half-way (401); wrong codes count as failed logins from this address.',
  body: json(code),
  responses: { 200: { description: 'Next step or logged in (recoveryCodesLeft when a recovery code was used)', content: json(SessionInfo.extend({ recoveryCodesLeft: z.number().int().optional() })) } },
  errors: [400, 401, 403, 409],
});

export const password = endpoint({
  method: 'post', path: '/auth/password',
  summary: 'Change the own password: login step "password" (forced change) or a full session (currentPassword needed); other sessions end',
  body: json(z.object({ currentPassword: z.string().max(1000).optional(), password: z.string().max(1000), lang: lang.default('en') }).strict()),
  responses: { 200: { description: 'Changed; next step or logged in', content: json(SessionInfo) } },
  errors: [400, 401, 403, 409],
});

export const passwordStrength = endpoint({
  method: 'post', path: '/auth/password/strength',
  summary: 'How guessable a password is (zxcvbn-ts with Dutch and English dictionaries), for feedback while typing; score 3 or more is accepted',
  body: json(z.object({ password: z.string().max(1000), lang: lang.default('en') }).strict()),
  responses: { 200: { description: 'OK', content: json(PasswordStrength) } },
  errors: [400, 401, 403, 409],
});

export const totpSetup = endpoint({
  method: 'post', path: '/auth/totp/setup',
  summary: 'Start TOTP enrolment (login step "enrol" or a full session): a new secret, its otpauth:// URI and a QR code (SVG)',
  body: json(emptyBody),
  responses: { 200: { description: 'OK', content: json(TotpSetup) } },
  errors: [400, 401, 403, 409],
});

export const totpConfirm = endpoint({
  method: 'post', path: '/auth/totp/confirm',
  summary: 'Confirm TOTP enrolment with a code; returns ten one-time recovery codes (shown once)',
  body: json(code),
  responses: { 200: { description: 'Enrolled', content: json(SessionInfo.extend({ recoveryCodes: z.array(z.string()) })) } },
  errors: [400, 401, 403, 409],
});

export const totpRemove = endpoint({
  method: 'post', path: '/auth/totp/remove',
  summary: 'Remove the own second factor (password needed; refused when the role requires one)',
  body: json(z.object({ password: z.string().max(1000) }).strict()),
  responses: { 200: { description: 'OK', content: json(Ok) } },
  errors: [400, 401, 403, 409],
});

export const logout = endpoint({
  method: 'post', path: '/auth/logout', summary: 'End the session',
  responses: { 200: { description: 'Logged out', content: json(Ok) } },
  errors: [401, 403],
});

export const authEndpoints = [login, me, totp, password, passwordStrength, totpSetup, totpConfirm, totpRemove, logout];
