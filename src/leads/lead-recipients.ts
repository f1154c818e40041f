import { normaliseLeadName, type Lead } from '../plan/lead.js';
import type { LeadMapping } from '../plan/lead-mapping.js';

/**
 * Whom a reminder for a lead goes to. Only a confirmed mapping counts: a suggestion is the
 * directory's guess until the plan owner says so, and the bot never messages a guess.
 *
 * - a person → that user;
 * - a group mapped to a named contact → the contact, who answers for the group;
 * - a group mapped to an Entra group → the group, for the sender to expand to its members or to
 *   list as unreachable (a group cannot be sent a chat message);
 * - anything else → nobody, with the reason, so the sweep can list the lead as unreachable.
 */
export type LeadRecipients =
  | { kind: 'users'; lead: string; userIds: string[]; displayName: string }
  | { kind: 'group'; lead: string; groupId: string; displayName: string }
  | { kind: 'unreachable'; lead: string; reason: string };

export function leadRecipients(mappings: readonly LeadMapping[], lead: Lead | string): LeadRecipients {
  const key = normaliseLeadName(typeof lead === 'string' ? lead : lead.name);
  const mapping = mappings.find((m) => m.lead === key);
  if (!mapping) return { kind: 'unreachable', lead: key, reason: 'not matched to anyone yet (plan leads --match)' };
  if (mapping.status !== 'confirmed' || mapping.target === null) {
    const why = mapping.status === 'suggested' ? 'a suggestion the plan owner has not confirmed' : mapping.status === 'ambiguous' ? 'ambiguous: the plan owner has not chosen who' : 'matched to nobody';
    return { kind: 'unreachable', lead: key, reason: why };
  }
  const target = mapping.target;
  if (target.id === null) {
    return { kind: 'unreachable', lead: key, reason: `${target.mail ?? target.displayName} is known only by mail, not as a user in the directory` };
  }
  if (target.kind === 'group') return { kind: 'group', lead: key, groupId: target.id, displayName: target.displayName };
  return { kind: 'users', lead: key, userIds: [target.id], displayName: target.displayName };
}
