import type { StoreConfig } from '../store/open-store.js';
import type { SharePointConfig } from '../store/sharepoint/sharepoint-config.js';
import type { LeadsContext } from './commands/leads-command.js';
import type { ReminderDelivery } from './commands/remind-command.js';

export interface ServeOptions {
  db?: string;
  host?: string;
  port?: number;
  seedSamples?: boolean;
}

/**
 * What the command line is given by the composition root (src/app/compose.ts), built from the
 * settings read once at start: the commands never read the environment themselves.
 */
export interface CliContext {
  /** The SQLite file: --db, else PLAN_DB, else ./data/plans.db. */
  sqlitePath(db: string | undefined): string;
  /** The store PLAN_STORE names, the SQLite one being at this path. */
  store(sqlitePath: string): StoreConfig;
  /** The site and the app's credentials (--site wins over SHAREPOINT_SITE); a SettingsError naming what is missing otherwise. */
  sharePoint(site: string | undefined): SharePointConfig;
  /** PLAN_LOCAL_USER: who acts when nobody signs in. */
  localUserName: string;
  leads: LeadsContext;
  reminders: ReminderDelivery;
  /** Starts the server and resolves once it listens. */
  serve(options: ServeOptions): Promise<void>;
}
