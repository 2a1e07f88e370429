import os from 'node:os';
import type { Queryable } from '../db/index.ts';
import { insertAudit } from '../repositories/audit.ts';

/** Who acts: a logged-in user, or the system / a CLI user. */
export interface Actor {
  username: string;
  role?: string | null;
  ip?: string | null;
}

/** The actor of a command-line tool (imports, accounts): the operating-system account that ran it
 *  and the host, e.g. `cli:beheer@signaal01`, so the audit log says who changed the data from a
 *  shell as it says who did from the dashboard. */
export function cliActor(): Actor {
  let user = process.env.USER ?? 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry for the uid (a container): the environment's USER stands
  }
  return { username: `cli:${user}@${os.hostname()}`, role: null, ip: null };
}

export type AuditAction =
  | 'login' | 'logout' | 'import' | 'rollback' | 'export' | 'briefing' | 'bulletin' | 'signals.run' | 'signals.defaults' | 'signals.discard'
  | 'user.add' | 'user.reset' | 'user.disable' | 'user.enable' | 'audit.export'
  | 'login.totp' | 'user.password' | 'user.totp' | 'security.policy'
  | 'stats.queries' | 'stats.budget';

export interface AuditEntry {
  action: AuditAction;
  target?: string | null;
  /** Filters and parameters — never report content or personal data. */
  details?: Record<string, unknown>;
  outcome?: 'ok' | 'denied' | 'failed';
}

/** Appends one row to the audit trail (the table refuses updates and deletes). */
export async function audit(db: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await insertAudit(db, {
    actor: actor.username, role: actor.role ?? null, action: entry.action, target: entry.target ?? null,
    details: JSON.stringify(entry.details ?? {}), ip: actor.ip ?? null, outcome: entry.outcome ?? 'ok',
  });
}
