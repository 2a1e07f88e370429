import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import * as repo from '../repositories/audit.ts';
import type { AuditRow } from '../repositories/audit.ts';
import { calendarDate as isoDate } from '../validation.ts';
export const auditQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  action: z.string().regex(/^[a-z.]{2,30}$/, 'is an action code like login or export').optional(),
  actor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});

export type { AuditRow } from '../repositories/audit.ts';

export function auditEntries(db: Queryable, q: z.infer<typeof auditQuery>): Promise<AuditRow[]> {
  return repo.auditEntries(db, { from: q.from ?? null, to: q.to ?? null, action: q.action ?? null, actor: q.actor ?? null, limit: q.limit });
}
