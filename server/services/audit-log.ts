import type { Queryable } from '../db/index.ts';
import * as repo from '../repositories/audit.ts';
import type { AuditRow } from '../repositories/audit.ts';
import type { AuditQuery } from '../contract/users.ts';

export type { AuditRow } from '../repositories/audit.ts';

export function auditEntries(db: Queryable, q: Pick<AuditQuery, 'from' | 'to' | 'action' | 'actor' | 'limit'>): Promise<AuditRow[]> {
  return repo.auditEntries(db, { from: q.from ?? null, to: q.to ?? null, action: q.action ?? null, actor: q.actor ?? null, limit: q.limit });
}
