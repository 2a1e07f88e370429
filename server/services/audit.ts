import type { Queryable } from '../db/index.ts';

/** Who acts: a logged-in user, or the system / a CLI user. */
export interface Actor {
  username: string;
  role?: string | null;
  ip?: string | null;
}

export type AuditAction =
  | 'login' | 'logout' | 'import' | 'rollback' | 'export' | 'briefing' | 'signals.run'
  | 'user.add' | 'user.reset' | 'user.disable' | 'user.enable' | 'audit.export'
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
  await db.query(
    `INSERT INTO audit_log (actor, role, action, target, details, ip, outcome) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
    [actor.username, actor.role ?? null, entry.action, entry.target ?? null, JSON.stringify(entry.details ?? {}), actor.ip ?? null, entry.outcome ?? 'ok'],
  );
}
