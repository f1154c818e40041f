import { addDays, daysBetween, endOfPeriod, type DateOnly } from './calendar-date.js';
import type { Lead } from './lead.js';
import { normaliseLeadName } from './lead.js';
import type { ActionView, PlanSettings } from './plan.js';
import { followsMeetings, type Recurrence } from './timescale.js';
import { whyClosed } from './action-closed.js';

/** Why a lead is reminded about an action. */
export const REMINDER_REASONS = ['due-soon', 'overdue', 'stale', 'recurring'] as const;
export type ReminderReason = (typeof REMINDER_REASONS)[number];

/** One (action, lead, reason) that needs a reminder on a given day, with the period it is for. */
export interface ReminderDue {
  action: ActionView;
  lead: Lead;
  reason: ReminderReason;
  /** What the reminder is about, so it goes out once per period: a due date, a quarter, a quiet spell. */
  period: string;
  /** Unique per action, lead, reason and period: the store refuses a second reminder with it. */
  key: string;
  /** Why, in words a lead understands: "due 30 Apr 2013, in 5 days". */
  why: string;
}

/** Why an open action gets no reminder today, for the dry-run report. */
export interface ReminderSkip {
  action: ActionView;
  why: string;
}

export interface ReminderDecision {
  due: ReminderDue[];
  skipped: ReminderSkip[];
}

export interface ReminderPolicyOptions {
  /** An overdue action is reminded again every this many days until it is updated. */
  overdueRepeatDays: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicyOptions = { overdueRepeatDays: 14 };

/** The period a recurring timescale is in on a day: calendar-aligned (quarters end in Mar, Jun, Sep, Dec). */
export function recurrencePeriod(recurrence: Recurrence, today: DateOnly): { start: DateOnly; end: DateOnly; label: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  if (recurrence.weeks > 0) {
    // Weeks counted from a fixed Monday so every server agrees on the period.
    const epoch = '2001-01-01';
    const length = recurrence.weeks * 7;
    const index = Math.floor(daysBetween(epoch, today) / length);
    const start = addDays(epoch, index * length);
    return { start, end: addDays(start, length - 1), label: `${recurrence.label} from ${start}` };
  }
  const months = Math.max(1, recurrence.months);
  if (recurrence.inMonth !== null && months === 12) {
    // "September Annually": the year runs to the end of September.
    const mm = String(recurrence.inMonth).padStart(2, '0');
    const year = m <= recurrence.inMonth ? y : y + 1;
    const start = addDays(endOfPeriod(`${year - 1}-${mm}`), 1);
    return { start, end: endOfPeriod(`${year}-${mm}`), label: `${year}-${mm}` };
  }
  const index = Math.floor((m - 1) / months);
  const startMonth = index * months + 1;
  const endMonth = startMonth + months - 1;
  const start = `${y}-${String(startMonth).padStart(2, '0')}-01`;
  const end = endOfPeriod(`${y}-${String(endMonth).padStart(2, '0')}`);
  const label = months === 3 ? `${y}-Q${index + 1}` : months === 6 ? `${y}-H${index + 1}` : months === 12 ? `${y}` : `${y}-${String(startMonth).padStart(2, '0')}`;
  return { start, end, label };
}

/** The day an action was last heard of: its latest update or change, at the end of a month-only date. */
function lastHeard(action: ActionView): DateOnly | null {
  return action.lastUpdated ? endOfPeriod(action.lastUpdated) : null;
}

function describeDays(days: number): string {
  if (days === 0) return 'today';
  if (days > 0) return `in ${days} day${days === 1 ? '' : 's'}`;
  return `${-days} day${days === -1 ? '' : 's'} ago`;
}

/**
 * Decides which leads to remind about which actions on a day. One reason per action and lead,
 * the most pressing: overdue, then due soon, then a recurring period come round, then gone quiet.
 */
export function remindersDue(
  actions: readonly ActionView[],
  settings: PlanSettings,
  today: DateOnly,
  options: ReminderPolicyOptions = DEFAULT_REMINDER_POLICY,
): ReminderDecision {
  const due: ReminderDue[] = [];
  const skipped: ReminderSkip[] = [];

  for (const action of actions) {
    const closed = whyClosed(action);
    if (closed) {
      skipped.push({ action, why: closed });
      continue;
    }
    const found = reasonFor(action, settings, today, options);
    if (!found) {
      skipped.push({ action, why: 'nothing due and updated recently' });
      continue;
    }
    if (action.leads.length === 0) {
      skipped.push({ action, why: `${found.why}, but the action has no lead to remind` });
      continue;
    }
    for (const lead of action.leads) {
      const leadKey = normaliseLeadName(lead.name);
      due.push({
        action,
        lead,
        reason: found.reason,
        period: found.period,
        key: [action.id, leadKey, found.reason, found.period].join('|'),
        why: found.why,
      });
    }
  }
  return { due, skipped };
}

function reasonFor(
  action: ActionView,
  settings: PlanSettings,
  today: DateOnly,
  options: ReminderPolicyOptions,
): { reason: ReminderReason; period: string; why: string } | null {
  const reading = action.timescale.reading;
  const heard = lastHeard(action);
  const dueDate = reading.kind === 'due' ? reading.due : reading.kind === 'ongoing' ? reading.reviewBy : null;

  if (dueDate) {
    const days = daysBetween(today, dueDate);
    const updatedSinceDue = heard !== null && heard >= dueDate;
    if (days < 0 && !updatedSinceDue) {
      const cycle = Math.floor(-days / options.overdueRepeatDays);
      // The words the card and the tab use for lateness (lateness.ts), the date beside them.
      return { reason: 'overdue', period: `${dueDate}#${cycle}`, why: `overdue by ${-days} day${days === -1 ? '' : 's'} (due ${dueDate})` };
    }
    if (days >= 0 && days <= settings.reminderLeadDays) {
      return { reason: 'due-soon', period: dueDate, why: `due ${dueDate}, ${describeDays(days)}` };
    }
  }

  // A recurrence that follows the meetings is reminded only when it goes quiet, below.
  if (reading.kind === 'recurring' && !followsMeetings(reading.recurrence)) {
    const period = recurrencePeriod(reading.recurrence, today);
    const updatedThisPeriod = heard !== null && heard >= period.start;
    const daysLeft = daysBetween(today, period.end);
    if (!updatedThisPeriod && daysLeft <= settings.reminderLeadDays) {
      return {
        reason: 'recurring',
        period: period.label,
        why: `${reading.recurrence.label} update due by ${period.end}, ${describeDays(daysLeft)}`,
      };
    }
  }

  const quietDays = heard === null ? null : daysBetween(heard, today);
  if (quietDays === null || quietDays >= settings.staleAfterDays) {
    const cycle = quietDays === null ? 0 : Math.floor(quietDays / settings.staleAfterDays);
    return {
      reason: 'stale',
      period: `${action.lastUpdated ?? 'never'}#${cycle}`,
      why: quietDays === null ? 'no dated update on record' : `no update for ${quietDays} days`,
    };
  }
  return null;
}

/** One card per lead: reminders grouped by the lead's normalised name, in plan order. */
export function groupByLead(due: readonly ReminderDue[]): Map<string, ReminderDue[]> {
  const groups = new Map<string, ReminderDue[]>();
  for (const item of due) {
    const key = normaliseLeadName(item.lead.name);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
