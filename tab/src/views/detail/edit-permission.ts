import { leadMatches, normaliseLeadName } from '../../../../src/plan/lead.js';
import type { Action, Plan } from '../../../../src/plan/plan.js';
import type { TabHost } from '../../host/tab-host.js';

/**
 * Who may record updates from the tab: the action's leads and the plan owner. In local mode
 * there is no sign-in, so everyone may (the server runs on this machine only). The server checks
 * again; this only decides whether to offer the forms.
 */
export function canEdit(host: TabHost, plan: Pick<Plan, 'owner'>, action: Pick<Action, 'leads'>): boolean {
  if (host.kind === 'local') return true;
  const user = host.user;
  if (user === null) return false;
  const names = [user.name, user.upn].filter((n): n is string => n !== null && n !== '');
  if (plan.owner !== null && names.some((n) => normaliseLeadName(n) === normaliseLeadName(plan.owner!))) return true;
  // A group's role often names the person who leads for it: "CP Training (Nigel Reid)".
  return action.leads.some((lead) => leadMatches(lead, user.name));
}
