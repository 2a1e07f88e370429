/**
 * Development helper (not a test): the real app on a private embedded database filled from a demo
 * directory of your choice, for working on the dashboard before `data/demo/` exists or with other
 * demo data.
 *
 *   PORT=8090 DEMO_DIR=data/demo/ PGLITE_DIR=var/pglite-ui npx tsx tests/e2e/dev-server.ts
 */
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { migrate, openDatabase } from '../../server/db/index.ts';
import { isEmpty, loadDemoData } from '../../server/services/demo.ts';
import { createUser, listUsers } from '../../server/services/users.ts';

const config = loadConfig({ ...process.env, DEMO_DATA: 'off' });
const demoDir = process.env.DEMO_DIR ?? 'data/demo/';
const db = await openDatabase({ pgliteDir: config.pgliteDir });
await migrate(db);
if (await isEmpty(db)) await loadDemoData(db, { snapMetres: config.snapMetres, demoDir: demoDir.endsWith('/') ? demoDir : `${demoDir}/` });
// Local accounts for trying the roles (this database lives under var/ and is never shared).
const existing = new Set((await listUsers(db)).map((u) => u.username));
for (const role of ['viewer', 'analyst', 'admin'] as const) {
  const username = `dev-${role}`;
  if (!existing.has(username)) await createUser(db, { username, role, password: `dev ${role} quiet harbour` }, { username: 'dev-server' }, { mustChangePassword: false });
}
console.log('accounts: dev-viewer / dev-analyst / dev-admin, password "dev <role> quiet harbour"');
const app = createApp({ db, config, logger: pino({ level: 'warn' }) });
app.listen(config.port, config.host, () => console.log(`dev server on http://${config.host}:${config.port}`));
