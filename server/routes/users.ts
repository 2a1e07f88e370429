import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import { mount, shaped } from '../contract/endpoint.ts';
import * as contract from '../contract/users.ts';
import { actorOf, jsonBody, parseBody, parseQuery, zodToInputError } from '../http.ts';
import { audit } from '../services/audit.ts';
import { createUser, listUsers, removeTotp, resetPassword, setDisabled, setTotpPolicy, totpPolicy } from '../services/users.ts';
import { auditEntries } from '../services/audit-log.ts';
import { toCsv } from '../csv.ts';

const AUDIT_COLUMNS = ['id', 'at', 'actor', 'role', 'action', 'target', 'outcome', 'ip', 'details'] as const;

/** The user name of the path, checked as the contract says (the message names no parameter). */
function username(value: unknown): string {
  const r = contract.resetPassword.params.shape.username.safeParse(value);
  if (!r.success) throw zodToInputError(r.error);
  return r.data;
}

export function userRoutes(router: Router, { db, config }: AppContext): void {
  const json = jsonBody('8kb');

  mount(router, contract.listUsers, async (req, res) => {
    parseQuery(contract.listUsers.query, req.query);
    res.json(shaped(contract.listUsers, 200, await listUsers(db)));
  });
  mount(router, contract.createUser, json, async (req, res) => {
    const body = parseBody(contract.createUser.body['application/json'], req.body);
    const user = await createUser(db, body, actorOf(req, res));
    res.status(201).json(shaped(contract.createUser, 201, { username: user.username, role: user.role, displayName: user.displayName }));
  });
  mount(router, contract.resetPassword, json, async (req, res) => {
    const body = parseBody(contract.resetPassword.body['application/json'], req.body);
    await resetPassword(db, username(req.params.username), body.password, actorOf(req, res));
    res.json(shaped(contract.resetPassword, 200, { ok: true }));
  });
  // Lost phone and recovery codes: the user enrols again at the next login if the role needs it.
  mount(router, contract.resetTotp, async (req, res) => {
    await removeTotp(db, username(req.params.username), actorOf(req, res));
    res.json(shaped(contract.resetTotp, 200, { ok: true }));
  });
  for (const ep of [contract.disableUser, contract.enableUser]) {
    mount(router, ep, async (req, res) => {
      await setDisabled(db, username(req.params.username), ep === contract.disableUser, actorOf(req, res));
      res.json(shaped(ep, 200, { ok: true }));
    });
  }

  // Which roles must use a second factor (REQUIRE_2FA sets the default; an administrator decides).
  const policy = async () => ({ requireTotp: await totpPolicy(db, config.requireTotp), defaults: { requireTotp: [...config.requireTotp] } });
  mount(router, contract.getSecurity, async (req, res) => {
    parseQuery(contract.getSecurity.query, req.query);
    res.set('Cache-Control', 'no-store').json(shaped(contract.getSecurity, 200, await policy()));
  });
  mount(router, contract.setSecurity, json, async (req, res) => {
    const body = parseBody(contract.setSecurity.body['application/json'], req.body);
    await setTotpPolicy(db, body.requireTotp, actorOf(req, res));
    res.json(shaped(contract.setSecurity, 200, await policy()));
  });

  mount(router, contract.getAudit, async (req, res) => {
    const q = parseQuery(contract.getAudit.query, req.query);
    const rows = await auditEntries(db, q);
    if (q.format === 'csv') {
      await audit(db, actorOf(req, res), { action: 'audit.export', details: { from: q.from, to: q.to, action: q.action } });
      // Actors and targets can come from anyone (a login attempt's user name): the shared writer
      // neutralises formulas.
      const body = toCsv(AUDIT_COLUMNS, rows.map((r) => [r.id, r.at, r.actor, r.role, r.action, r.target, r.outcome, r.ip, JSON.stringify(r.details)]), 'excel-nl');
      res.type('text/csv; charset=utf-8').attachment('audit-log.csv').send(body);
      return;
    }
    res.json(shaped(contract.getAudit, 200, rows));
  });
}
