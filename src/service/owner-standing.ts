import type { Plan } from '../plan/plan.js';
import { isPlanOwner, type Person } from '../plan/plan-owner.js';
import type { LeadMappingStore } from '../store/lead-mapping-store.js';

/** What a person may do on a plan's actions themselves: close one, move its timescale. */
export interface OwnerStanding {
  isOwner: boolean;
  /** Whether the plan has its owner approve closures and new timescales. */
  ownerApproves: boolean;
  /** Close an action or move its timescale without asking: the owner, or anyone where the plan does not have the owner approve. */
  mayDecide: boolean;
}

export async function ownerStanding(store: LeadMappingStore, plan: Plan, person: Person): Promise<OwnerStanding> {
  const isOwner = isPlanOwner(plan.owner, person, plan.owner === null ? [] : await store.listLeadMappings(plan.id));
  return { isOwner, ownerApproves: plan.ownerApproves, mayDecide: isOwner || !plan.ownerApproves };
}
