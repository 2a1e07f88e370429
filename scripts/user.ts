/** `npm run user -- add|reset|disable|enable|list …`: account management on the configured database. */
import { loadConfig } from '../server/config.ts';
import { migrate, openDatabase, type Database } from '../server/db/index.ts';
import { InputError } from '../server/errors.ts';
import { createUser, listUsers, randomPassword, removeTotp, resetPassword, ROLES, setDisabled, type Role } from '../server/services/users.ts';
import { cliActor } from '../server/services/audit.ts';

const USAGE = `usage:
  npm run user -- add USERNAME viewer|analyst|admin [--name "Display Name"]   (prints a random password)
  npm run user -- reset USERNAME                                                (prints a new random password)
  npm run user -- reset-2fa USERNAME                                            (removes a lost second factor)
  npm run user -- disable USERNAME
  npm run user -- enable USERNAME
  npm run user -- list`;

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const usage = (message: string) => {
    console.error(`user: ${message}\n${USAGE}`);
    return 2;
  };
  if (!command || command === '--help') return command ? (console.log(USAGE), 0) : usage('no command given');
  const actor = cliActor();
  let db: Database | undefined;
  try {
    const config = loadConfig();
    db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
    await migrate(db);
    switch (command) {
      case 'add': {
        const [username, role] = args;
        const nameAt = args.indexOf('--name');
        if (!username || !role) return usage('add needs USERNAME and ROLE');
        if (!ROLES.includes(role as Role)) return usage(`role must be one of ${ROLES.join(', ')}`);
        const password = randomPassword();
        await createUser(db, { username, role: role as Role, password, displayName: nameAt >= 0 ? args[nameAt + 1] : undefined }, actor);
        console.log(`added ${username} (${role}); password (shown once, to be changed at the first login): ${password}`);
        return 0;
      }
      case 'reset': {
        if (!args[0]) return usage('reset needs USERNAME');
        const password = randomPassword();
        await resetPassword(db, args[0], password, actor);
        console.log(`new password for ${args[0]} (shown once, to be changed at the next login): ${password}`);
        return 0;
      }
      case 'reset-2fa':
        if (!args[0]) return usage('reset-2fa needs USERNAME');
        await removeTotp(db, args[0], actor);
        console.log(`removed the second factor of ${args[0]}; if the role requires one, it is set up again at the next login`);
        return 0;
      case 'disable':
      case 'enable':
        if (!args[0]) return usage(`${command} needs USERNAME`);
        await setDisabled(db, args[0], command === 'disable', actor);
        console.log(`${command}d ${args[0]}`);
        return 0;
      case 'list':
        for (const u of await listUsers(db)) console.log(`${u.username.padEnd(20)} ${u.role.padEnd(8)} ${[u.disabled ? 'disabled' : '', u.totp ? '2fa' : '', u.mustChangePassword ? 'must-change-password' : ''].filter(Boolean).join(' ')}`);
        return 0;
      default:
        return usage(`unknown command ${command}`);
    }
  } catch (err) {
    console.error(err instanceof InputError ? `user: ${err.message}` : `user failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main();
