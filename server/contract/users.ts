import { z } from 'zod';
import { usernameSchema } from '../services/users.ts';
import { role } from './auth.ts';
import { calendarDate, json, noQuery, Ok } from './common.ts';
import { endpoint } from './endpoint.ts';

// Accounts, the second-factor policy and the audit log: administrators only (server/routes/users.ts).

export const UserAccount = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role,
  disabled: z.boolean(),
  mustChangePassword: z.boolean().meta({ description: 'the password was set by someone else and is changed at the next login' }),
  totp: z.boolean().meta({ description: 'a second factor is set up' }),
  createdAt: z.string(),
}).meta({ id: 'UserAccount' });

export const CreatedUser = z.object({ username: z.string(), role, displayName: z.string() }).meta({ id: 'CreatedUser' });

const perRole = z.object({ viewer: z.boolean(), analyst: z.boolean(), admin: z.boolean() });
export const SecurityPolicy = z.object({
  requireTotp: perRole.meta({ description: 'which roles must use a second factor' }),
  defaults: z.object({ requireTotp: z.array(role) }).meta({ description: 'the default of the installation (REQUIRE_2FA)' }),
}).meta({ id: 'SecurityPolicy' });

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  role: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown().meta({ description: 'what was done (filters of an export, counts of an import …); never report content' }),
  ip: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
}).meta({ id: 'AuditEntry' });

export type UserAccount = z.infer<typeof UserAccount>;
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;
export type AuditEntry = z.infer<typeof AuditEntry>;

const usernameParams = z.object({ username: usernameSchema });

export const listUsers = endpoint({
  method: 'get', path: '/users', summary: 'Accounts (admin)',
  query: noQuery,
  responses: { 200: { description: 'OK', content: json(z.array(UserAccount)) } },
});

export const createUser = endpoint({
  method: 'post', path: '/users', summary: 'Add an account (admin)',
  body: json(z.object({
    username: z.string().max(100),
    role,
    password: z.string().max(1000).meta({ description: 'must score 3 or more with the strength estimator (see /auth/password/strength); to be changed by the user at the first login' }),
    displayName: z.string().max(200).optional(),
  }).strict()),
  responses: { 201: { description: 'Created', content: json(CreatedUser) } },
  errors: [400, 409],
});

export const resetPassword = endpoint({
  method: 'post', path: '/users/:username/reset',
  summary: "Set a new password (admin); ends the user's sessions; the user changes it at the next login",
  params: usernameParams,
  body: json(z.object({ password: z.string().max(1000) }).strict()),
  responses: { 200: { description: 'OK', content: json(Ok) } },
  errors: [400, 404],
});

export const resetTotp = endpoint({
  method: 'post', path: '/users/:username/reset-totp',
  summary: "Remove a user's second factor (admin; lost phone and recovery codes); the user enrols again at the next login if the role needs it",
  params: usernameParams,
  responses: { 200: { description: 'OK', content: json(Ok) } },
  errors: [400, 404],
});

export const disableUser = endpoint({
  method: 'post', path: '/users/:username/disable', summary: 'Disable an account (admin); ends its sessions',
  params: usernameParams,
  responses: { 200: { description: 'OK', content: json(Ok) } },
  errors: [400, 404],
});

export const enableUser = endpoint({
  method: 'post', path: '/users/:username/enable', summary: 'Enable an account again (admin)',
  params: usernameParams,
  responses: { 200: { description: 'OK', content: json(Ok) } },
  errors: [400, 404],
});

export const getSecurity = endpoint({
  method: 'get', path: '/security', summary: 'Which roles must use a second factor (admin); defaults come from REQUIRE_2FA',
  query: noQuery,
  responses: { 200: { description: 'OK', content: json(SecurityPolicy) } },
});

export const setSecurity = endpoint({
  method: 'post', path: '/security', summary: 'Require (or not) a second factor per role (admin)',
  body: json(z.object({
    requireTotp: z.object({ viewer: z.boolean().optional(), analyst: z.boolean().optional(), admin: z.boolean().optional() }).strict(),
  }).strict()),
  responses: { 200: { description: 'OK', content: json(SecurityPolicy) } },
  errors: [400],
});

export const auditQuery = z.object({
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  action: z.string().regex(/^[a-z.]{2,30}$/, 'is an action code like login or export').optional(),
  actor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});
export type AuditQuery = z.output<typeof auditQuery>;

export const getAudit = endpoint({
  method: 'get', path: '/audit', summary: 'The audit trail, newest first (admin); format=csv downloads it (and is itself audited)',
  query: auditQuery,
  responses: {
    200: {
      description: 'OK',
      content: { 'application/json': z.array(AuditEntry), 'text/csv': { opaque: 'string', description: 'the same rows as CSV (excel-nl dialect; formulas neutralised)' } },
    },
  },
  errors: [400],
});

export const userEndpoints = [listUsers, createUser, resetPassword, resetTotp, disableUser, enableUser, getSecurity, setSecurity, getAudit];
