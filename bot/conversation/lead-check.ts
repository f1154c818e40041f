import type { Lead } from '../../src/plan/lead.js';
import { leadMatches, matchForm, normaliseLeadName } from '../../src/plan/lead.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { LeadMappingStore } from '../../src/store/lead-mapping-store.js';
import type { Reminder } from '../../src/store/reminder-log.js';

/** "West, Louise" as directories list people, turned round to "Louise West" as plans write them. */
function asWritten(name: string): string {
  const m = /^\s*([^,]+),\s*([^,]+)\s*$/.exec(name);
  return m ? `${m[2]} ${m[1]}` : name;
}

/**
 * Whether a person's display name names this lead: their whole name found in the lead's name or
 * role at a word start (leadMatches), and at least two words of it, so "Jane" alone is nobody.
 */
export function nameNamesLead(lead: Lead, personName: string): boolean {
  const name = asWritten(personName);
  const folded = matchForm(name);
  if (folded === '') return false;
  if (folded === matchForm(lead.name)) return true;
  return folded.includes(' ') && leadMatches(lead, name);
}

export interface Person {
  /** Entra ID object id (aadObjectId). */
  id: string;
  name: string;
  /** Their Teams user id ("29:...", the invoke's from.id), for the refresh of the card they are answered with. */
  mri?: string;
}

export type LeadCheck = (action: { id: string; leads: readonly Lead[] }, reminder: Reminder | undefined) => boolean;

/**
 * Who may answer for an action: the person the reminder was sent to; a person a lead is mapped to
 * (a confirmed mapping decides, so a namesake is not let in); or, for a lead with no confirmed
 * mapping, a person whose name is the lead's.
 */
export async function leadCheck(store: LeadMappingStore, planId: string, person: Person): Promise<LeadCheck> {
  const mappings = new Map<string, LeadMapping>();
  for (const m of await store.listLeadMappings(planId)) if (m.status === 'confirmed' && m.target) mappings.set(m.lead, m);
  return (action, reminder) => {
    if (reminder && reminder.actionId === action.id && reminder.leadUserId !== null && reminder.leadUserId === person.id) return true;
    return action.leads.some((lead) => {
      const mapping = mappings.get(normaliseLeadName(lead.name));
      if (mapping) return mapping.target?.id === person.id;
      return nameNamesLead(lead, person.name);
    });
  };
}
