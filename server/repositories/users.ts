// Accounts, sessions, login failures, second factors: every statement of the account services, as
// typed functions over the query files in sql/queries/{users,sessions,logins}/.
import type { Role, User } from '../services/users.ts';
import { query } from './query.ts';

export type SessionStage = 'full' | 'totp' | 'password' | 'enrol';

export const userExists = query<{ username: string }, { '?column?': number }>('users/exists');
export const insertUser = query<{ username: string; displayName: string; role: Role; passwordHash: string; mustChangePassword: boolean }, User>('users/insert');
export const setPasswordHash = query<{ username: string; passwordHash: string; mustChangePassword: boolean }, { id: number }>('users/set-password');
export const setDisabled = query<{ username: string; disabled: boolean }, { id: number }>('users/set-disabled');
export const listUsers = query<Record<string, never>, User & { mustChangePassword: boolean; totp: boolean; createdAt: string }>('users/list');

export interface LoginRow {
  id: number | null;
  username: string | null;
  displayName: string | null;
  role: Role | null;
  disabled: boolean;
  passwordHash: string | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  blocked: boolean;
}
export const forLogin = query<{ username: string; source: string }, LoginRow>('users/for-login');

export interface UserRecord extends User {
  passwordHash: string;
  mustChangePassword: boolean;
  totpSecret: string | null;
  totpPendingSecret: string | null;
}
export const userById = query<{ userId: number }, UserRecord>('users/by-id');

export const setPendingTotp = query<{ userId: number; secret: string }>('users/totp-set-pending');
export const enableTotp = query<{ userId: number; secret: string; step: number }, { id: number }>('users/totp-enable');
export const useTotpStep = query<{ userId: number; step: number }, { id: number }>('users/totp-use-step');
export const clearTotp = query<{ username: string }, { id: number }>('users/totp-clear');
export const replaceRecoveryCodes = query<{ userId: number; codeHashes: string[] }>('users/recovery-codes-replace');
export const useRecoveryCode = query<{ userId: number; codeHash: string }, { left: number }>('users/recovery-code-use');
export const totpSecrets = query<Record<string, never>, { id: number; username: string; totpSecret: string | null; totpPendingSecret: string | null }>('users/totp-secrets');
export const resealTotp = query<{ userId: number; secret: string | null; pending: string | null }>('users/totp-reseal');
export const rolePolicy = query<Record<string, never>, { role: Role; requireTotp: boolean }>('users/role-policy');
export const setRolePolicy = query<{ role: Role; requireTotp: boolean; changedBy: string }>('users/set-role-policy');

export const createSession = query<{ tokenHash: string; userId: number; csrfToken: string; stage: SessionStage; lifetimeSeconds: number }, { expiresAt: string }>('sessions/create');
export const resolveSession = query<{ tokenHash: string; idleMinutes: number; touchSeconds: number }, User & { csrfToken: string; stage: SessionStage }>('sessions/resolve', { prepared: true });
export const advanceSession = query<{ tokenHash: string; stage: SessionStage; maxHours: number }, { expiresAt: string }>('sessions/advance');
export const countSessionAttempt = query<{ tokenHash: string }, { attempts: number }>('sessions/count-attempt');
export const deleteSession = query<{ tokenHash: string }>('sessions/delete');
export const deleteUserSessions = query<{ username: string; keepTokenHash: string }>('sessions/delete-for-user');

export const recordLoginFailure = query<{ username: string; source: string; maxFailures: number; baseSeconds: number; maxMinutes: number }>('logins/record-failure');
export const clearLoginFailures = query<{ username: string; source: string }>('logins/clear-failures');
