import { leadRecipients } from '../../src/leads/lead-recipients.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import type { Lead } from '../../src/plan/lead.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { Plan } from '../../src/plan/plan.js';
import { DEFAULT_REMINDER_POLICY, groupByLead, remindersDue, type ReminderDecision, type ReminderDue, type ReminderPolicyOptions } from '../../src/plan/reminder-policy.js';
import type { PlansAndActions } from '../../src/store/plans-and-actions.js';
import type { ReminderLog } from '../../src/store/reminder-log.js';
import type { LeadMappingStore } from '../../src/store/lead-mapping-store.js';
import type { Reminder } from '../../src/store/reminder-log.js';
import { snoozedUntil } from './reminder-snooze.js';
import type { LeadLine, SkippedReminder } from './sweep-report.js';

/*
 * Who is due a reminder about what on a plan's day, and who that lead is: what the sweep decides
 * before it claims or sends anything, and what `plan due` shows. The pure policy
 * (src/plan/reminder-policy.ts) picks the (action, lead, reason) due; a lead who pressed "Remind me
 * in a week" is held back about that action for seven days; each lead is resolved to a person
 * through the plan's confirmed lead mappings (a suggestion is never messaged).
 */

/** A lead resolved to a person, with the reminders due to them. */
export interface LeadDue {
  lead: Lead;
  userId: string;
  displayName: string;
  items: ReminderDue[];
}

export interface PlanDue {
  plan: Plan;
  today: DateOnly;
  /** Everything the policy found due, snoozed or not. */
  due: ReminderDue[];
  /** Open actions the policy passed over, and why. */
  notDue: ReminderDecision['skipped'];
  /** Due and not held back: what a sweep would remind about. */
  open: ReminderDue[];
  /** Due, but held back by the lead's "Remind me in a week". */
  snoozed: SkippedReminder[];
  /** Leads who are a person: the sweep claims and sends these. */
  leads: LeadDue[];
  /** Leads nobody is confirmed for (or a group with no named contact): nothing is claimed, so the next sweep sends once someone is. */
  unreachable: LeadLine[];
  /** The plan's reminder log and lead mappings as read for the decision. */
  log: Reminder[];
  mappings: LeadMapping[];
}

export async function whoIsDue(store: PlansAndActions & ReminderLog & LeadMappingStore, plan: Plan, today: DateOnly, policy: ReminderPolicyOptions = DEFAULT_REMINDER_POLICY): Promise<PlanDue> {
  const decision = remindersDue(await store.findActions(plan.id), plan, today, policy);
  const log = await store.listReminders({ planId: plan.id });
  const mappings = await store.listLeadMappings(plan.id);

  const snoozed: SkippedReminder[] = [];
  const open = decision.due.filter((d) => {
    const until = snoozedUntil(log, d.action, d.lead.name, today, plan.timeZone);
    if (until !== null) snoozed.push({ lead: d.lead.name, ref: d.action.ref, why: `snoozed by the lead until ${until}` });
    return until === null;
  });

  const leads: LeadDue[] = [];
  const unreachable: LeadLine[] = [];
  for (const items of groupByLead(open).values()) {
    const lead = items[0]!.lead;
    const recipients = leadRecipients(mappings, lead);
    if (recipients.kind === 'users') {
      leads.push({ lead, userId: recipients.userIds[0]!, displayName: recipients.displayName, items });
    } else {
      const why = recipients.kind === 'group' ? `mapped to the group ${recipients.displayName}; reminders go to a person (confirm a named contact for it)` : recipients.reason;
      unreachable.push({ lead: lead.name, refs: items.map((i) => i.action.ref), why });
    }
  }
  return { plan, today, due: decision.due, notDue: decision.skipped, open, snoozed, leads, unreachable, log, mappings };
}
