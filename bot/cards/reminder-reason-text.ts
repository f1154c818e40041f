import { daysBetween, startOfPeriod, type DateOnly } from '../../src/plan/calendar-date.js';
import { dueDateOf } from '../../src/plan/action-filter.js';
import { describeLateness, lateness } from '../../src/plan/lateness.js';
import { recurrencePeriod, type ReminderReason } from '../../src/plan/reminder-policy.js';
import type { TextColor } from './adaptive-card.js';
import type { CardActionView } from './card-action-view.js';
import { displayDate } from './display-date.js';

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * Why the lead is being reminded, in their words rather than the policy's: "Due in 5 days",
 * "Overdue: was due 30 Apr 2013, 12 days ago", "No update since 15 May 2013", "Quarterly update due
 * by 30 Jun 2013". The policy's own `why` is the fallback when the action has changed since.
 */
export function reminderReasonText(reason: ReminderReason | null, action: CardActionView, today: DateOnly, why?: string): { text: string; color: TextColor } {
  const due = dueDateOf(action.timescale);
  const reading = action.timescale.reading;
  // The domain's words for lateness, so the card and the tab say "overdue by 40 days" alike.
  const late = lateness(action, today);
  if (reason === 'due-soon' && due && daysBetween(today, due) >= 0) {
    return { text: `${capitalised(describeLateness(late) ?? `due ${displayDate(due)}`)} (${displayDate(due)})`, color: 'Warning' };
  }
  if (reason === 'overdue' && late.state === 'overdue') {
    return { text: `${capitalised(describeLateness(late)!)} (was due ${displayDate(late.due)})`, color: 'Attention' };
  }
  if (reason === 'recurring' && reading.kind === 'recurring') {
    const period = recurrencePeriod(reading.recurrence, today);
    return { text: `${reading.recurrence.label} update due by ${displayDate(period.end)}`, color: 'Warning' };
  }
  if (reason === 'stale') {
    if (!action.lastUpdated) return { text: 'No dated update on record', color: 'Warning' };
    // Read again later (a refresh), the action may have been updated since the reminder.
    if (startOfPeriod(action.lastUpdated) >= today) return { text: `Updated ${displayDate(action.lastUpdated)}`, color: 'Good' };
    return { text: `No update since ${displayDate(action.lastUpdated)}`, color: 'Warning' };
  }
  return { text: why ? `Reminder: ${why}` : 'Reminder', color: 'Default' };
}
