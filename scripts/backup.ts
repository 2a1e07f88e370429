/** `npm run backup -- FILE` and `npm run restore -- FILE`: a backup of the configured database
 *  (DATABASE_URL, else the embedded one in PGLITE_DIR) and its restore into an empty place.
 *  docs/deployment.md, "Backups". */
import { loadConfig } from '../server/config.ts';
import { backupDatabase, BackupError, restoreDatabase } from '../server/db/backup.ts';

const USAGE = `usage:
  npm run backup -- FILE      write a backup (PostgreSQL: pg_dump custom format; embedded: a .tar.gz of the data directory, Signaalkaart stopped)
  npm run restore -- FILE     restore it into an EMPTY database (DATABASE_URL) or a new directory (PGLITE_DIR)`;

async function main(): Promise<number> {
  const [command, file, ...rest] = process.argv.slice(2);
  if (!['backup', 'restore'].includes(command ?? '') || !file || rest.length > 0 || file.startsWith('-')) {
    console.error(`${command ?? 'backup'}: give one backup file\n${USAGE}`);
    return 2;
  }
  try {
    const config = loadConfig();
    const target = { databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir };
    if (command === 'backup') {
      const { engine, bytes } = await backupDatabase(target, file);
      console.log(`backup of the ${engine === 'postgres' ? 'PostgreSQL' : 'embedded'} database written to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
    } else {
      const { engine } = await restoreDatabase(target, file);
      console.log(`restored ${file} into the ${engine === 'postgres' ? 'PostgreSQL database' : `embedded database in ${config.pgliteDir}`}; start Signaalkaart on it (migrations newer than the backup run at start)`);
    }
    return 0;
  } catch (err) {
    console.error(err instanceof BackupError ? `${command}: ${err.message}` : `${command} failed: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
