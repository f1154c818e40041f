import { addDays, isDateOnly, type DateOnly, type ReducedDate } from '../../src/plan/calendar-date.js';
import { normaliseLeadName } from '../../src/plan/lead.js';
import { dateIn } from '../../src/config/today.js';
import type { Reminder } from '../../src/store/reminder-log.js';

/*
 * "Remind me in a week". A snooze records nothing on the action: the reminder is marked answered
 * in the reminder log, and since nothing was heard of the action that day, the answer was a
 * snooze. The sweep asks isSnoozed before reminding a lead about an action again.
 */

export const SNOOZE_DAYS = 7;

/** The first day the lead may be reminded again: a week from the day they pressed the button. */
export function snoozeEnds(answeredAt: string, timeZone: string): DateOnly {
  return addDays(dateIn(timeZone, new Date(answeredAt)), SNOOZE_DAYS);
}

/** Answered with nothing recorded since: only a full-date update on or after the answer counts (an imported "Nov 2017" does not). */
export function wasSnoozed(reminder: Reminder, action: { lastUpdated: ReducedDate | null }, timeZone: string): boolean {
  if (reminder.status !== 'answered' || reminder.answeredAt === null) return false;
  const answeredOn = dateIn(timeZone, new Date(reminder.answeredAt));
  const heardSince = action.lastUpdated !== null && isDateOnly(action.lastUpdated) && action.lastUpdated >= answeredOn;
  return !heardSince;
}

/** The first day a lead may be reminded about this action again, when a snooze holds them back today; null otherwise. */
export function snoozedUntil(
  reminders: readonly Reminder[],
  action: { id: string; lastUpdated: ReducedDate | null },
  lead: string,
  today: DateOnly,
  timeZone: string,
): DateOnly | null {
  const leadKey = normaliseLeadName(lead);
  for (const r of reminders) {
    if (r.actionId !== action.id || normaliseLeadName(r.lead) !== leadKey || !wasSnoozed(r, action, timeZone)) continue;
    const ends = snoozeEnds(r.answeredAt!, timeZone);
    if (today < ends) return ends;
  }
  return null;
}

/** Whether a lead asked not to be reminded about this action until after today. */
export function isSnoozed(
  reminders: readonly Reminder[],
  action: { id: string; lastUpdated: ReducedDate | null },
  lead: string,
  today: DateOnly,
  timeZone: string,
): boolean {
  return snoozedUntil(reminders, action, lead, today, timeZone) !== null;
}
