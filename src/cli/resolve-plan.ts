import { PlanError } from '../plan/errors.js';
import type { Plan } from '../plan/plan.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';

/** The plan a command works on: the one named, or the only one there is. */
export async function resolvePlan(store: PlansAndActions, planId: string | undefined): Promise<Plan> {
  if (planId) {
    const plan = await store.getPlan(planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"; \`plan plans\` lists them`);
    return plan;
  }
  const plans = await store.listPlans();
  if (plans.length === 0) throw new PlanError('plan_not_found', 'no plans yet; bring one in with `plan import FILE`');
  if (plans.length > 1) {
    throw new PlanError('invalid_input', `there are ${plans.length} plans; choose one with --plan ID:\n${plans.map((p) => `  ${p.id}  ${p.title}`).join('\n')}`);
  }
  const only = await store.getPlan(plans[0]!.id);
  if (!only) throw new PlanError('plan_not_found', `plan ${plans[0]!.id} disappeared`);
  return only;
}
