import { afterEach, beforeEach, describe } from 'vitest';
import type { Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';
import type { ContractContext, StoreFactory } from './contract-context.js';
import { actionHistoryContract } from './action-history.contract.js';
import { chatStateContract } from './chat-state.contract.js';
import { conversationReferencesContract } from './conversation-references.contract.js';
import { leadMappingsContract } from './lead-mappings.contract.js';
import { plansAndActionsContract } from './plans-and-actions.contract.js';
import { reminderLogContract } from './reminder-log.contract.js';
import { updateLogContract } from './update-log.contract.js';

export type { StoreFactory } from './contract-context.js';

/**
 * The behaviour every PlanStore must have, through the interface only, a part per interface (one
 * file each: plans and actions, the update log, the reminder log, lead mappings, conversation
 * references, the bot's chat state); each test starts from a fresh store holding the Gloucestershire extract. Each part
 * puts its conflicts and uniqueness first: they are what a store gets wrong under real use (two
 * people, two servers, a retried request, a failed import).
 */
export function planStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`PlanStore contract: ${name}`, () => {
    let store: PlanStore;
    let cleanup: () => Promise<void>;
    let plan: Plan;
    const ctx: ContractContext = {
      current: () => ({ store, plan }),
      byRef: async (ref, planId = plan.id) => {
        const a = await store.getActionByRef(planId, ref);
        if (!a) throw new Error(`fixture has no action ${ref}`);
        return a;
      },
      refs: async (filter, planId = plan.id) => (await store.findActions(planId, filter)).map((a) => a.ref),
      makeStore,
    };

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
      plan = await store.importPlan(gloucestershireExtract());
    });

    afterEach(async () => {
      await cleanup();
    });

    plansAndActionsContract(ctx);
    updateLogContract(ctx);
    actionHistoryContract(ctx);
    reminderLogContract(ctx);
    leadMappingsContract(ctx);
    conversationReferencesContract(ctx);
    chatStateContract(ctx);
  });
}
