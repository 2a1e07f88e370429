import { z } from 'zod';
import type { Queryable } from '../db/index.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
export const auditQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  action: z.string().regex(/^[a-z.]{2,30}$/, 'is an action code like login or export').optional(),
  actor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});

export interface AuditRow { id: number; at: string; actor: string; role: string | null; action: string; target: string | null; details: unknown; ip: string | null; outcome: string }

export function auditEntries(db: Queryable, q: z.infer<typeof auditQuery>): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, actor, role, action, target, details, ip, outcome
     FROM audit_log
     WHERE ($1::date IS NULL OR at >= $1::date) AND ($2::date IS NULL OR at < $2::date + 1)
       AND ($3::text IS NULL OR action = $3) AND ($4::text IS NULL OR actor = $4)
     ORDER BY id DESC LIMIT $5`,
    [q.from ?? null, q.to ?? null, q.action ?? null, q.actor ?? null, q.limit],
  );
}
