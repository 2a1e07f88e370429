import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';

/** What every route module is given: the database, the configuration and the logger. It lives
 *  here, not in app.ts, so that routes/* do not import the module that imports them. */
export interface AppContext {
  db: Database;
  config: Config;
  logger: Logger;
}
