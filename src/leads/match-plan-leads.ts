import type { LeadMapping } from '../plan/lead-mapping.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { LeadMappingStore } from '../store/lead-mapping-store.js';
import type { Directory } from './directory-search.js';
import { judgeMatches, matchedMapping, replaceableBy } from './lead-matching.js';
import { planLeads } from './plan-leads.js';

export interface MatchReport {
  /** Leads searched in the directory. */
  searched: number;
  /** Leads left alone because the plan owner had confirmed them. */
  keptConfirmed: number;
  /** Leads the directory would not search (no permission), left as they were. */
  refused: { lead: string; reason: string }[];
  /** The mappings saved by this run. */
  saved: LeadMapping[];
}

/**
 * Searches the directory for every lead of a plan the owner has not confirmed, and stores what it
 * suggests in one save (all or nothing). Confirmed mappings are never searched again nor changed.
 */
export async function matchPlanLeads(
  store: PlansAndActions & LeadMappingStore,
  planId: string,
  directory: Directory,
  at: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<MatchReport> {
  const [actions, stored] = await Promise.all([store.findActions(planId), store.listLeadMappings(planId)]);
  const confirmed = new Set(stored.filter((m) => m.status === 'confirmed').map((m) => m.lead));
  const leads = planLeads(actions);
  const toSearch = leads.filter((l) => !confirmed.has(l.key));
  const answers = await directory.searchLeads(toSearch, options);
  const refused: MatchReport['refused'] = [];
  const fresh: LeadMapping[] = [];
  for (const planLead of toSearch) {
    const answer = answers.get(planLead.key);
    if (!answer) continue;
    if (answer.kind === 'refused') {
      refused.push({ lead: planLead.lead.name, reason: answer.reason });
      continue;
    }
    fresh.push(matchedMapping(planLead, judgeMatches(planLead.lead, answer.entries), at));
  }
  const saved = replaceableBy(stored, fresh);
  if (saved.length > 0) await store.saveLeadMappings(planId, saved);
  return { searched: toSearch.length - refused.length, keptConfirmed: leads.length - toSearch.length, refused, saved };
}
