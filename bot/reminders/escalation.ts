import { isGuid } from '../../src/plan/guid.js';
import { dateIn } from '../../src/config/today.js';
import { endOfPeriod, type DateOnly } from '../../src/plan/calendar-date.js';
import { normaliseLeadName } from '../../src/plan/lead.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { ReminderDue } from '../../src/plan/reminder-policy.js';
import type { Reminder } from '../../src/store/reminder-log.js';
import { leadRecipients } from '../../src/leads/lead-recipients.js';
import type { DigestItem } from '../cards/digest-card.js';

/*
 * Escalation (issue 5, item 7): an action overdue that had no update after its second reminder goes
 * to the plan owner in a digest, once for each of its overdue periods (the policy's fortnightly
 * overdue cycle). Digest entries are claimed in the reminder log like reminders, with keys of their
 * own, so a digest too is sent once whatever the number of servers.
 */

export const ESCALATION_KEY_PREFIX = 'escalation|';

export function isEscalationKey(key: string): boolean {
  return key.startsWith(ESCALATION_KEY_PREFIX);
}

export function escalationKey(actionId: string, owner: string, period: string): string {
  return `${ESCALATION_KEY_PREFIX}${actionId}|${normaliseLeadName(owner)}|${period}`;
}

export interface Escalation {
  due: ReminderDue;
  item: DigestItem;
}

/**
 * Of today's overdue reminders, the actions to escalate: at least two overdue reminders (two of its
 * overdue periods) sent on days before today, after the last day the action was heard of. A
 * reminder sent today has not had its chance yet.
 */
export function escalations(due: readonly ReminderDue[], log: readonly Reminder[], today: DateOnly, timeZone: string): Escalation[] {
  const seen = new Set<string>();
  const out: Escalation[] = [];
  for (const d of due) {
    if (d.reason !== 'overdue' || seen.has(d.action.id)) continue;
    seen.add(d.action.id);
    const heard = d.action.lastUpdated ? endOfPeriod(d.action.lastUpdated) : null;
    const sent = log.filter((r) => {
      if (r.actionId !== d.action.id || r.reason !== 'overdue' || isEscalationKey(r.key) || r.sentAt === null) return false;
      const sentOn = dateIn(timeZone, new Date(r.sentAt));
      return sentOn < today && (heard === null || sentOn > heard);
    });
    const periods = new Set(sent.map((r) => r.period));
    if (periods.size < 2) continue;
    const last = sent.map((r) => r.sentAt!).sort().at(-1) ?? null;
    out.push({ due: d, item: { action: d.action, remindersSent: periods.size, lastRemindedAt: last } });
  }
  return out;
}

/** The plan owner as a person to message, or why nobody can be. */
export type OwnerRecipient = { kind: 'user'; userId: string; displayName: string } | { kind: 'unreachable'; reason: string };

/**
 * The plan owner as a person to message: the plan's Owner is written like a lead ("Jane Price"),
 * so a confirmed lead mapping of that name says who it is; an owner recorded as an Entra object id
 * is that user. `what` is what would be sent, for the reason nobody can be reached.
 */
export function ownerRecipient(owner: string | null, mappings: readonly LeadMapping[], what = 'the digest'): OwnerRecipient {
  if (owner === null || owner.trim() === '') return { kind: 'unreachable', reason: `the plan has no owner to send ${what} to (set one in the plan settings)` };
  if (isGuid(owner.trim())) return { kind: 'user', userId: owner.trim(), displayName: owner.trim() };
  const recipients = leadRecipients(mappings, owner);
  if (recipients.kind === 'users') return { kind: 'user', userId: recipients.userIds[0]!, displayName: recipients.displayName };
  if (recipients.kind === 'group') return { kind: 'unreachable', reason: `the plan owner is mapped to a group; ${what} goes to a person` };
  return { kind: 'unreachable', reason: `the plan owner "${owner}" cannot be messaged: ${recipients.reason}` };
}
