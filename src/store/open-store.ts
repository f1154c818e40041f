import type { PlanStore } from './plan-store.js';
import type { SharePointConfig } from './sharepoint/sharepoint-config.js';
import type { ConnectionOptions } from './sharepoint/site-connection.js';
import { SqlitePlanStore } from './sqlite/sqlite-plan-store.js';

export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  /** The lists of one SharePoint site, with the app's own (app-only) tokens. */
  | { kind: 'sharepoint'; sharepoint: SharePointConfig; connection?: ConnectionOptions };

/** Opens the configured store: SQLite, or SharePoint (two requests: the site, then its lists). */
export async function openPlanStore(config: StoreConfig): Promise<PlanStore> {
  if (config.kind === 'sqlite') return new SqlitePlanStore(config.path);
  // Loaded only when chosen: a local run needs neither MSAL nor the Graph client.
  const [{ connectToSite }, { GraphPlanStore }] = await Promise.all([import('./sharepoint/site-connection.js'), import('./sharepoint/graph-plan-store.js')]);
  const site = await connectToSite(config.sharepoint, config.connection);
  return GraphPlanStore.open({ http: site.http, siteId: site.siteId });
}
