import type { PlanStore } from './plan-store.js';
import { SqlitePlanStore } from './sqlite/sqlite-plan-store.js';

export type StoreConfig = { kind: 'sqlite'; path: string };

/** Opens the configured store; the SharePoint store joins here when a tenant is configured. */
export async function openPlanStore(config: StoreConfig): Promise<PlanStore> {
  return new SqlitePlanStore(config.path);
}
