import type { ActionWithUpdates, Plan } from '../../../../src/plan/plan.js';
import type { PlanStanding } from '../../api/plan-api.js';

/** What every form on an action is given: the plan and the person's standing on it, the action, and what to do once it changed. */
export interface ActionFormProps {
  planId: string;
  plan: Pick<Plan, 'owner'>;
  you: PlanStanding;
  action: ActionWithUpdates;
  onChanged: (action: ActionWithUpdates) => void;
  onReload: () => void;
}
