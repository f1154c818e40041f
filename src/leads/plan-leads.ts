import { normaliseLeadName, type Lead } from '../plan/lead.js';
import type { Action } from '../plan/plan.js';

/** One lead of a plan, as often as the plan names it: the unit a mapping is made for. */
export interface PlanLead {
  /** normaliseLeadName(lead.name): the mapping's key. */
  key: string;
  /** As the plan first names it, with the first role given anywhere. */
  lead: Lead;
  /** The actions it leads, in plan order. */
  refs: string[];
}

/** The distinct leads of a plan's actions, in the order the plan first names them. */
export function planLeads(actions: readonly Pick<Action, 'ref' | 'leads'>[]): PlanLead[] {
  const byKey = new Map<string, PlanLead>();
  for (const action of actions) {
    for (const lead of action.leads) {
      const key = normaliseLeadName(lead.name);
      if (key === '') continue;
      const known = byKey.get(key);
      if (!known) {
        byKey.set(key, { key, lead: { ...lead }, refs: [action.ref] });
        continue;
      }
      known.lead.role ??= lead.role;
      if (!known.refs.includes(action.ref)) known.refs.push(action.ref);
    }
  }
  return [...byKey.values()];
}
