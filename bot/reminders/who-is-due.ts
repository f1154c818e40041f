import { reminderRecipients } from '../../src/leads/lead-recipients.js';
import { isClosed } from '../../src/plan/action-closed.js';
import { pendingRequests, type HistoryEntry } from '../../src/plan/action-history.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { normaliseLeadName, type Lead } from '../../src/plan/lead.js';
import type { LeadMapping } from '../../src/plan/lead-mapping.js';
import type { ActionView, Plan } from '../../src/plan/plan.js';
import { DEFAULT_REMINDER_POLICY, groupByLead, remindersDue, type ReminderDecision, type ReminderDue, type ReminderPolicyOptions } from '../../src/plan/reminder-policy.js';
import type { PlansAndActions } from '../../src/store/plans-and-actions.js';
import type { ReminderLog } from '../../src/store/reminder-log.js';
import type { LeadMappingStore } from '../../src/store/lead-mapping-store.js';
import type { Reminder } from '../../src/store/reminder-log.js';
import type { UpdateLog } from '../../src/store/update-log.js';
import { ownerRecipient, type OwnerRecipient } from './escalation.js';
import { snoozedUntil } from './reminder-snooze.js';
import type { LeadLine, SkippedReminder } from './sweep-report.js';

/*
 * Who is due a reminder about what on a plan's day, and who that lead is: what the sweep decides
 * before it claims or sends anything, and what `plan due` shows. The pure policy
 * (src/plan/reminder-policy.ts) picks the (action, lead, reason) due; a lead who pressed "Remind me
 * in a week" is held back about that action for seven days; each lead is resolved to a person
 * through the plan's confirmed lead mappings (a suggestion is never messaged). The plan owner is
 * due their requests card on any day leads' requests wait for them (a completion proposed, a new
 * timescale asked for, on an open action), once a day.
 */

/** A lead's request waiting for the plan owner: the action as listed, and the request's history entry. */
export interface WaitingRequest {
  action: ActionView;
  request: HistoryEntry;
}

/** What the plan owner is due on the day: one card of the requests waiting for them. */
export interface OwnerRequestsDue {
  /** The owner as the plan writes them; null when the plan names none. */
  owner: string | null;
  /** Who the owner is to message, or why nobody can be. */
  recipient: OwnerRecipient;
  /** Open actions' requests waiting for the owner, in plan order, a completion before a timescale. */
  requests: WaitingRequest[];
  /** The reminder-log key the day's card is claimed with: one card a plan a day, whatever the number of servers. */
  key: string;
}

export const OWNER_REQUESTS_KEY_PREFIX = 'owner-requests|';

export function isOwnerRequestsKey(key: string): boolean {
  return key.startsWith(OWNER_REQUESTS_KEY_PREFIX);
}

export function ownerRequestsKey(planId: string, owner: string | null, day: DateOnly): string {
  return `${OWNER_REQUESTS_KEY_PREFIX}${planId}|${normaliseLeadName(owner ?? '')}|${day}`;
}

/** Reads every history entry of a plan: a request waits however long ago it was made. */
const EVERY_DAY: DateOnly = '1900-01-01';

/** The requests waiting for the owner on open actions (a request on an action closed since has nothing left to answer). */
export function waitingRequests(actions: readonly ActionView[], history: readonly HistoryEntry[]): WaitingRequest[] {
  const byAction = new Map<string, HistoryEntry[]>();
  for (const entry of history) {
    const list = byAction.get(entry.actionId);
    if (list) list.push(entry);
    else byAction.set(entry.actionId, [entry]);
  }
  return actions.flatMap((action) => {
    const entries = byAction.get(action.id);
    if (!entries || isClosed(action)) return [];
    const pending = pendingRequests(entries);
    return [pending.completion, pending.timescale].filter((r): r is HistoryEntry => r !== null).map((request) => ({ action, request }));
  });
}

/**
 * How a lead's reminders reach them: in Teams (a member or a guest of the tenant, by their Entra
 * object id), or by email at the address the plan owner recorded for a lead with no account.
 */
export type LeadChannel = { kind: 'teams' } | { kind: 'email'; address: string };

/** A lead resolved to a person, with the reminders due to them. */
export interface LeadDue {
  lead: Lead;
  channel: LeadChannel;
  /** Their Entra object id; '' for a lead reached by email, who has none. */
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
  /** Leads who are a person, in Teams or at an email address: the sweep claims and sends these. */
  leads: LeadDue[];
  /** Leads nobody is confirmed for (or a group with no named contact): nothing is claimed, so the next sweep sends once someone is. */
  unreachable: LeadLine[];
  /** The plan owner's requests card, when leads' requests wait for them; null when none does. */
  ownerRequests: OwnerRequestsDue | null;
  /** The plan's reminder log and lead mappings as read for the decision. */
  log: Reminder[];
  mappings: LeadMapping[];
}

export async function whoIsDue(
  store: PlansAndActions & ReminderLog & LeadMappingStore & UpdateLog,
  plan: Plan,
  today: DateOnly,
  policy: ReminderPolicyOptions = DEFAULT_REMINDER_POLICY,
): Promise<PlanDue> {
  const actions = await store.findActions(plan.id);
  const decision = remindersDue(actions, plan, today, policy);
  const log = await store.listReminders({ planId: plan.id });
  const mappings = await store.listLeadMappings(plan.id);
  const requests = waitingRequests(actions, (await store.readChanges(plan.id, EVERY_DAY, today)).history);
  const ownerRequests: OwnerRequestsDue | null =
    requests.length === 0 ? null : { owner: plan.owner, recipient: ownerRecipient(plan.owner, mappings, 'their requests card'), requests, key: ownerRequestsKey(plan.id, plan.owner, today) };

  const snoozed: SkippedReminder[] = [];
  // A lead who proposed completing an action has answered: the owner decides, and the lead is not chased meanwhile.
  const proposedOn = new Map(requests.filter((r) => r.request.kind === 'completion-proposed').map((r) => [r.action.id, r.request.date]));
  const open = decision.due.filter((d) => {
    const proposed = proposedOn.get(d.action.id);
    if (proposed !== undefined) {
      snoozed.push({ lead: d.lead.name, ref: d.action.ref, why: `completion proposed on ${proposed}, waiting for the plan owner` });
      return false;
    }
    const until = snoozedUntil(log, d.action, d.lead.name, today, plan.timeZone);
    if (until !== null) snoozed.push({ lead: d.lead.name, ref: d.action.ref, why: `snoozed by the lead until ${until}` });
    return until === null;
  });

  const leads: LeadDue[] = [];
  const unreachable: LeadLine[] = [];
  for (const items of groupByLead(open).values()) {
    const lead = items[0]!.lead;
    const recipients = reminderRecipients(mappings, lead);
    if (recipients.kind === 'users') {
      leads.push({ lead, channel: { kind: 'teams' }, userId: recipients.userIds[0]!, displayName: recipients.displayName, items });
    } else if (recipients.kind === 'email') {
      leads.push({ lead, channel: { kind: 'email', address: recipients.address }, userId: '', displayName: recipients.displayName, items });
    } else {
      const why = recipients.kind === 'group' ? `mapped to the group ${recipients.displayName}; reminders go to a person (confirm a named contact for it)` : recipients.reason;
      unreachable.push({ lead: lead.name, refs: items.map((i) => i.action.ref), why });
    }
  }
  return { plan, today, due: decision.due, notDue: decision.skipped, open, snoozed, leads, unreachable, ownerRequests, log, mappings };
}
