import { configuredStore } from '../store/configured-store.js';
import { openPlanStore } from '../store/open-store.js';
import type { PlanStore } from '../store/plan-store.js';
import { explainSharePointFailure } from './sharepoint-failure.js';

/** The store PLAN_STORE chooses: the SQLite file given, or the SharePoint site with the app's token. */
export async function openConfiguredStore(env: NodeJS.ProcessEnv, sqlitePath: string): Promise<PlanStore> {
  try {
    return await openPlanStore(configuredStore(env, sqlitePath));
  } catch (error) {
    throw explainSharePointFailure(error);
  }
}
