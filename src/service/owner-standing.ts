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

/**
 * Whether the person may change the plan at all (record updates, change RAG or timescale), as the
 * store's own permissions say: 'edit', 'read-only', or 'unknown' when they could not be read (then
 * the store still refuses a write it does not allow, but nothing the app does with its own rights,
 * such as posting to a meeting chat, is done for the person).
 */
export type EditStanding = 'edit' | 'read-only' | 'unknown';

/** What GET /api/plans/{id} tells the tab about the person asking. */
export interface PersonStanding extends OwnerStanding {
  /** False only when the person is known to have read-only access: the tab hides recording then. */
  mayEdit: boolean;
}

export function personStanding(owner: OwnerStanding, edit: EditStanding): PersonStanding {
  return { ...owner, mayEdit: edit !== 'read-only' };
}

export async function ownerStanding(store: LeadMappingStore, plan: Plan, person: Person): Promise<OwnerStanding> {
  const isOwner = isPlanOwner(plan.owner, person, plan.owner === null ? [] : await store.listLeadMappings(plan.id));
  return { isOwner, ownerApproves: plan.ownerApproves, mayDecide: isOwner || !plan.ownerApproves };
}
