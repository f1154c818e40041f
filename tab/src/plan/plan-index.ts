import { dueDateOf, type ActionFilter } from '../../../src/plan/action-filter.js';
import { endOfPeriod, type DateOnly } from '../../../src/plan/calendar-date.js';
import { lateness } from '../../../src/plan/lateness.js';
import { leadMatches, normaliseLeadName, type Lead } from '../../../src/plan/lead.js';
import type { ActionView, Section } from '../../../src/plan/plan.js';

/**
 * The loaded plan, indexed once so a filter change only compares precomputed values: with 5,000
 * actions a change must finish well inside one frame (16 ms). The predicate means exactly what
 * the domain's matchesFilter means (a test holds the two together); free text covers the ref,
 * text, outcome, leads, timescale, sources and latest update, as the tab has no older updates loaded.
 */
export interface PlanIndex {
  actions: readonly ActionView[];
  sections: readonly Section[];
  sectionById: ReadonlyMap<string, Section>;
  /** Distinct leads in the plan, by normalised name, in name order: the Lead filter's choices. */
  leads: readonly Lead[];
  entries: readonly IndexEntry[];
}

interface IndexEntry {
  action: ActionView;
  /** Positions in `leads` of this action's leads. */
  leadIds: readonly number[];
  /** Null when the plan has no such section: no section filter picks it, as in matchesFilter. */
  sectionId: string | null;
  sectionNumber: string | null;
  due: DateOnly | null;
  /** End of the period of the action's last update or change, for "changed since". */
  heard: DateOnly | null;
  haystack: string;
}

export function buildPlanIndex(actions: readonly ActionView[], sections: readonly Section[]): PlanIndex {
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  const leadIdByKey = new Map<string, number>();
  const leads: Lead[] = [];
  const leadIdOf = (lead: Lead): number => {
    // Name and role together: "CP Training (Nigel Reid)" and plain "CP Training" match different queries.
    const key = `${normaliseLeadName(lead.name)}\u0000${normaliseLeadName(lead.role ?? '')}`;
    let id = leadIdByKey.get(key);
    if (id === undefined) {
      id = leads.length;
      leadIdByKey.set(key, id);
      leads.push(lead);
    }
    return id;
  };
  const entries = actions.map((action): IndexEntry => {
    const section = sectionById.get(action.sectionId);
    return {
      action,
      leadIds: action.leads.map(leadIdOf),
      sectionId: section ? action.sectionId : null,
      sectionNumber: section?.number ?? null,
      due: dueDateOf(action.timescale),
      heard: action.lastUpdated === null ? null : endOfPeriod(action.lastUpdated),
      haystack: [
        action.ref,
        action.title,
        action.text,
        action.outcome,
        action.leadsText,
        action.timescale.asWritten,
        ...action.sources,
        action.latestUpdate?.text ?? '',
      ]
        .join('\n')
        .toLowerCase(),
    };
  });
  return { actions, sections, sectionById, leads, entries };
}

/** Distinct lead names for the Lead filter, alphabetical; a name with several roles appears once. */
export function leadNames(index: PlanIndex): string[] {
  const byKey = new Map<string, string>();
  for (const lead of index.leads) {
    const key = normaliseLeadName(lead.name);
    if (!byKey.has(key)) byKey.set(key, lead.name);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' }));
}

/** The actions a filter picks, in plan order. */
export function filterPlan(index: PlanIndex, filter: ActionFilter): ActionView[] {
  // Leads are few beside actions: decide each distinct lead once per query.
  const leadOk = filter.lead === undefined ? null : index.leads.map((lead) => leadMatches(lead, filter.lead!));
  const rag = filter.rag !== undefined && filter.rag.length > 0 ? new Set(filter.rag) : null;
  const needle = filter.text === undefined ? '' : filter.text.trim().toLowerCase();
  const out: ActionView[] = [];
  for (const e of index.entries) {
    if (leadOk !== null && !e.leadIds.some((id) => leadOk[id])) continue;
    if (filter.section !== undefined && (e.sectionId === null || (e.sectionId !== filter.section && e.sectionNumber !== filter.section))) continue;
    if (rag !== null && !rag.has(e.action.rag)) continue;
    // Overdue is late and open: the domain's one rule (lateness.ts), as the API's filter means it.
    if (filter.overdue && (filter.today === undefined || lateness(e.action, filter.today).state !== 'overdue')) continue;
    if (filter.dueBefore !== undefined && (e.due === null || e.due > filter.dueBefore)) continue;
    if (filter.changedSince !== undefined && (e.heard === null || e.heard < filter.changedSince)) continue;
    if (needle !== '' && !e.haystack.includes(needle)) continue;
    out.push(e.action);
  }
  return out;
}
