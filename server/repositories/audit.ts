// The audit trail: appending (server/services/audit.ts) and reading (server/services/audit-log.ts).
import { query } from './query.ts';

export const insertAudit = query<{ actor: string; role: string | null; action: string; target: string | null; details: string; ip: string | null; outcome: string }>('audit/insert');

export interface AuditRow { id: number; at: string; actor: string; role: string | null; action: string; target: string | null; details: unknown; ip: string | null; outcome: 'ok' | 'denied' | 'failed' }
export const auditEntries = query<{ from: string | null; to: string | null; action: string | null; actor: string | null; limit: number }, AuditRow>('audit/entries');
