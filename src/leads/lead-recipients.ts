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
 * - anything else → nobody, with the reason, so the sweep can list the lead as unreachable
 *   (an email address among them: a card or chat message reaches people in the directory only;
 *   reminderRecipients below says where a lead's reminders go, email included).
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
  if (target.kind === 'email') return { kind: 'unreachable', lead: key, reason: `${target.mail ?? target.displayName} has no account in the tenant: only reminders go to them, by email` };
  if (target.id === null) {
    return { kind: 'unreachable', lead: key, reason: `${target.mail ?? target.displayName} is known only by mail, not as a user in the directory` };
  }
  if (target.kind === 'group') return { kind: 'group', lead: key, groupId: target.id, displayName: target.displayName };
  return { kind: 'users', lead: key, userIds: [target.id], displayName: target.displayName };
}

/** A lead with no account in the tenant (not even as a guest, who is a user), reached at the address the plan owner recorded. */
export type EmailRecipient = { kind: 'email'; lead: string; address: string; displayName: string };

/**
 * Whom a lead's reminders go to: a person or named contact in the directory (their card), the
 * email address the owner recorded for a lead with no account (an email with a one-time link),
 * or, as leadRecipients says, a group or nobody.
 */
export function reminderRecipients(mappings: readonly LeadMapping[], lead: Lead | string): LeadRecipients | EmailRecipient {
  const key = normaliseLeadName(typeof lead === 'string' ? lead : lead.name);
  const target = mappings.find((m) => m.lead === key && m.status === 'confirmed')?.target;
  if (target?.kind === 'email' && target.mail !== null) return { kind: 'email', lead: key, address: target.mail, displayName: target.displayName };
  return leadRecipients(mappings, lead);
}
