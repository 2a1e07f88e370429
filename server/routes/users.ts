import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { actorOf, jsonBody, parseQuery, zodToInputError } from '../http.ts';
import { audit } from '../services/audit.ts';
import { createUser, listUsers, removeTotp, resetPassword, ROLES, setDisabled, setTotpPolicy, totpPolicy, usernameSchema } from '../services/users.ts';
import { auditEntries, auditQuery } from '../services/audit-log.ts';
import { toCsv } from '../csv.ts';

const AUDIT_COLUMNS = ['id', 'at', 'actor', 'role', 'action', 'target', 'outcome', 'ip', 'details'] as const;

const newUser = z.object({
  username: z.string().max(100),
  role: z.enum(ROLES),
  password: z.string().max(1000),
  displayName: z.string().max(200).optional(),
}).strict();
const newPassword = z.object({ password: z.string().max(1000) }).strict();

const securityBody = z.object({
  requireTotp: z.object({ viewer: z.boolean().optional(), analyst: z.boolean().optional(), admin: z.boolean().optional() }).strict(),
}).strict();

export function userRoutes(router: Router, { db, config }: AppContext): void {
  const json = jsonBody('8kb');
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
  // Lost phone and recovery codes: the user enrols again at the next login if the role needs it.
  router.post('/users/:username/reset-totp', async (req, res) => {
    await removeTotp(db, username(req.params.username), actorOf(req, res));
    res.json({ ok: true });
  });
  for (const action of ['disable', 'enable'] as const) {
    router.post(`/users/:username/${action}`, async (req, res) => {
      await setDisabled(db, username(req.params.username), action === 'disable', actorOf(req, res));
      res.json({ ok: true });
    });
  }

  // Which roles must use a second factor (REQUIRE_2FA sets the default; an administrator decides).
  router.get('/security', async (req, res) => {
    parseQuery(z.object({}), req.query);
    res.set('Cache-Control', 'no-store').json({ requireTotp: await totpPolicy(db, config.requireTotp), defaults: { requireTotp: config.requireTotp } });
  });
  router.post('/security', json, async (req, res) => {
    const body = securityBody.safeParse(req.body ?? {});
    if (!body.success) throw zodToInputError(body.error);
    await setTotpPolicy(db, body.data.requireTotp, actorOf(req, res));
    res.json({ requireTotp: await totpPolicy(db, config.requireTotp), defaults: { requireTotp: config.requireTotp } });
  });

  router.get('/audit', async (req, res) => {
    const q = parseQuery(auditQuery, req.query);
    const rows = await auditEntries(db, q);
    if (q.format === 'csv') {
      await audit(db, actorOf(req, res), { action: 'audit.export', details: { from: q.from, to: q.to, action: q.action } });
      // Actors and targets can come from anyone (a login attempt's user name): the shared writer
      // neutralises formulas.
      const body = toCsv(AUDIT_COLUMNS, rows.map((r) => [r.id, r.at, r.actor, r.role, r.action, r.target, r.outcome, r.ip, JSON.stringify(r.details)]), 'excel-nl');
      res.type('text/csv; charset=utf-8').attachment('audit-log.csv').send(body);
      return;
    }
    res.json(rows);
  });
}
