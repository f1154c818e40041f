import type { ActionFilter } from '../../src/plan/action-filter.js';
import type { ActionWithUpdates, Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';

export type StoreFactory = () => Promise<{ store: PlanStore; cleanup: () => Promise<void> }>;

/**
 * What each part of the contract is handed: the store and plan of the test running (a fresh store
 * holding the Gloucestershire extract, made before each test), and two readers over them.
 */
export interface ContractContext {
  current(): { store: PlanStore; plan: Plan };
  byRef(ref: string, planId?: string): Promise<ActionWithUpdates>;
  refs(filter: ActionFilter, planId?: string): Promise<string[]>;
  /** Another fresh store, for what needs two (keys that must differ between stores). */
  makeStore: StoreFactory;
}
