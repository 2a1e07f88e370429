import type { Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { actorOf, parseQuery, zodToInputError } from '../http.ts';
import { audit } from '../services/audit.ts';
import { createUser, listUsers, resetPassword, ROLES, setDisabled, usernameSchema } from '../services/users.ts';
import { auditEntries, auditQuery } from '../services/audit-log.ts';

const newUser = z.object({
  username: z.string().max(100),
  role: z.enum(ROLES),
  password: z.string().max(1000),
  displayName: z.string().max(200).optional(),
}).strict();
const newPassword = z.object({ password: z.string().max(1000) }).strict();

export function userRoutes(router: Router, { db }: AppContext): void {
  const json = express.json({ limit: '8kb' });
  const username = (value: unknown) => {
    const r = usernameSchema.safeParse(value);
    if (!r.success) throw zodToInputError(r.error);
    return r.data;
  };

  router.get('/users', async (req, res) => {
    parseQuery(z.object({}), req.query);
    res.json(await listUsers(db));
  });
  router.post('/users', json, async (req, res) => {
    const body = newUser.safeParse(req.body ?? {});
    if (!body.success) throw zodToInputError(body.error);
    const user = await createUser(db, body.data, actorOf(req, res));
    res.status(201).json({ username: user.username, role: user.role, displayName: user.displayName });
  });
  router.post('/users/:username/reset', json, async (req, res) => {
    const body = newPassword.safeParse(req.body ?? {});
    if (!body.success) throw zodToInputError(body.error);
    await resetPassword(db, username(req.params.username), body.data.password, actorOf(req, res));
    res.json({ ok: true });
  });
  for (const action of ['disable', 'enable'] as const) {
    router.post(`/users/:username/${action}`, async (req, res) => {
      await setDisabled(db, username(req.params.username), action === 'disable', actorOf(req, res));
      res.json({ ok: true });
    });
  }

  router.get('/audit', async (req, res) => {
    const q = parseQuery(auditQuery, req.query);
    const rows = await auditEntries(db, q);
    if (q.format === 'csv') {
      await audit(db, actorOf(req, res), { action: 'audit.export', details: { from: q.from, to: q.to, action: q.action } });
      const header = 'id;at;actor;role;action;target;outcome;ip;details';
      const cell = (v: unknown) => `"${String(v ?? '').replaceAll('"', '""')}"`;
      const lines = rows.map((r) => [r.id, r.at, r.actor, r.role, r.action, r.target, r.outcome, r.ip, JSON.stringify(r.details)].map(cell).join(';'));
      res.type('text/csv; charset=utf-8').attachment('audit-log.csv').send(`\uFEFF${[header, ...lines].join('\r\n')}\r\n`);
      return;
    }
    res.json(rows);
  });
}
