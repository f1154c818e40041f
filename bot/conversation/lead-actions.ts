import { isClosed } from '../../src/plan/action-closed.js';
import type { ActionView, ActionWithUpdates, Plan } from '../../src/plan/plan.js';
import type { LeadMappingStore } from '../../src/store/lead-mapping-store.js';
import type { PlansAndActions } from '../../src/store/plans-and-actions.js';
import { leadCheck, type Person } from './lead-check.js';

export interface PlanActions {
  plan: Plan;
  actions: ActionView[];
}

/**
 * A person's open actions in every plan, in plan order. Who leads what is decided as for a card's
 * answer (lead-check.ts): a confirmed lead mapping, else the person's name.
 */
export async function openActionsLedBy(store: PlansAndActions & LeadMappingStore, person: Person): Promise<PlanActions[]> {
  const found: PlanActions[] = [];
  for (const summary of await store.listPlans()) {
    const plan = await store.getPlan(summary.id);
    if (!plan) continue;
    const leads = await leadCheck(store, plan.id, person);
    const actions = (await store.findActions(plan.id)).filter((a) => !isClosed(a) && leads(a, undefined));
    if (actions.length > 0) found.push({ plan, actions });
  }
  return found;
}

export interface RefMatch {
  plan: Plan;
  action: ActionWithUpdates;
  isLead: boolean;
}

/** Every plan's action with this ref ("4.2B" finds 4.2b), and whether the person leads it. */
export async function actionsWithRef(store: PlansAndActions & LeadMappingStore, person: Person, ref: string): Promise<RefMatch[]> {
  const matches: RefMatch[] = [];
  const spellings = [...new Set([ref, ref.toLowerCase()])];
  for (const summary of await store.listPlans()) {
    const plan = await store.getPlan(summary.id);
    if (!plan) continue;
    let action: ActionWithUpdates | null = null;
    for (const spelling of spellings) action ??= await store.getActionByRef(plan.id, spelling);
    if (!action) continue;
    const leads = await leadCheck(store, plan.id, person);
    matches.push({ plan, action, isLead: leads(action, undefined) });
  }
  return matches;
}
