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
 * What the command line is given by the composition root (src/app/main.ts), built from the
 * settings read once: the commands never read the environment themselves. The parts that need an
 * adapter (the directory, the bot's sending, the server) are functions that load it when called,
 * so a command pays only for the adapters it touches.
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
  /** `plan leads`: the directory (MSAL and Graph) is loaded only when a tenant is configured. */
  leads(): Promise<LeadsContext>;
  /** `plan remind`: the bot's sending is loaded only when the bot is registered. */
  reminders(): Promise<ReminderDelivery>;
  /** Starts the server and resolves once it listens. */
  serve(options: ServeOptions): Promise<void>;
}

/**
 * The context, built on a command's first call: the settings are read then, once, so `plan --help`
 * and a mistyped command read none and load no adapter.
 */
export type LoadCliContext = () => Promise<CliContext>;
