import { readStoreChoice, type SharePointOverrides } from './sharepoint/sharepoint-config.js';
import type { StoreConfig } from './open-store.js';

/** The store the environment chooses (PLAN_STORE), with the SQLite file the caller resolved. */
export function configuredStore(env: NodeJS.ProcessEnv, sqlitePath: string, overrides: SharePointOverrides = {}): StoreConfig {
  const choice = readStoreChoice(env, overrides);
  return choice.kind === 'sqlite' ? { kind: 'sqlite', path: sqlitePath } : { kind: 'sharepoint', sharepoint: choice.sharepoint };
}
