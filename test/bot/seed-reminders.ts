import { join } from 'node:path';
import { importPlanFile } from '../../src/import/import-file.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { normaliseLeadName } from '../../src/plan/lead.js';
import type { Plan } from '../../src/plan/plan.js';
import { groupByLead, remindersDue, type ReminderDue } from '../../src/plan/reminder-policy.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import type { ReminderCardInput } from '../../bot/cards/reminder-card.js';

export const SAMPLES = join(import.meta.dirname, '../../samples');
export const GLOUCESTERSHIRE = 'gloucestershire-cse-2017-18.txt';
export const CHESHIRE = 'pan-cheshire-cse-2013.txt';

export interface SeededStore {
  store: PlanStore;
  glos: Plan;
  cheshire: Plan;
}

/** Both seed plans imported from the repo's samples into an in-memory SQLite store. */
export async function seededStore(): Promise<SeededStore> {
  const store = new SqlitePlanStore(':memory:');
  const imported: Plan[] = [];
  for (const file of [GLOUCESTERSHIRE, CHESHIRE]) {
    const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: '2017-11-20T10:00:00.000Z' });
    imported.push(await store.importPlan(draft));
  }
  return { store, glos: imported[0]!, cheshire: imported[1]! };
}

export interface SentReminders {
  input: ReminderCardInput;
  due: ReminderDue[];
}

/**
 * What the sweep does for one lead on a day, with the real reminder policy: the lead's reminders,
 * claimed in the reminder log and marked sent, and the reminder card's input. `refs` keeps only
 * some of the lead's actions.
 */
export async function sendReminders(
  store: PlanStore,
  plan: Plan,
  lead: string,
  today: DateOnly,
  options: { userIds?: string[]; leadUserId?: string | null; refs?: string[] } = {},
): Promise<SentReminders> {
  const actions = await store.findActions(plan.id);
  const group = groupByLead(remindersDue(actions, plan, today).due).get(normaliseLeadName(lead));
  if (!group) throw new Error(`no reminder for ${lead} in ${plan.id} on ${today}`);
  const due = options.refs ? group.filter((d) => options.refs!.includes(d.action.ref)) : group;
  if (due.length === 0) throw new Error(`none of ${options.refs?.join(', ')} is due for ${lead} on ${today}`);
  for (const d of due) {
    const at = `${today}T09:00:00.000Z`;
    await store.claimReminder({
      key: d.key,
      planId: plan.id,
      actionId: d.action.id,
      lead: d.lead.name,
      leadUserId: options.leadUserId ?? null,
      reason: d.reason,
      period: d.period,
      claimedAt: at,
    });
    await store.recordReminderOutcome(d.key, { status: 'sent', at, via: 'card' });
  }
  return {
    due,
    input: {
      plan: { id: plan.id, title: plan.title, timeZone: plan.timeZone },
      lead: due[0]!.lead.name,
      userIds: options.userIds ?? [],
      today,
      items: due,
    },
  };
}
