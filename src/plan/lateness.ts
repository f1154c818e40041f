import { isClosed, type ClosableAction } from './action-closed.js';
import { dueDateOf } from './action-filter.js';
import { addDays, daysBetween, type DateOnly } from './calendar-date.js';

/** How far ahead "due soon" looks, in the tab's summary and list. */
export const DUE_SOON_DAYS = 30;

/**
 * Where an open action stands against its due date on a day: late by so many days, due within
 * the "due soon" window, or neither. Closed actions (action-closed.ts) are never late, whatever
 * their date: the one rule the list, the stage, cards, reminders and the CLI share.
 */
export type Lateness = { state: 'overdue'; days: number; due: DateOnly } | { state: 'due-soon'; days: number; due: DateOnly } | { state: 'on-track' | 'no-date' | 'closed' };

export function lateness(action: ClosableAction, today: DateOnly): Lateness {
  if (isClosed(action)) return { state: 'closed' };
  const due = dueDateOf(action.timescale);
  if (due === null) return { state: 'no-date' };
  if (due < today) return { state: 'overdue', days: daysBetween(due, today), due };
  if (due <= addDays(today, DUE_SOON_DAYS)) return { state: 'due-soon', days: daysBetween(today, due), due };
  return { state: 'on-track' };
}

/** Days an open action is late on a day, or null when it is not late. */
export function daysOverdue(action: ClosableAction, today: DateOnly): number | null {
  const l = lateness(action, today);
  return l.state === 'overdue' ? l.days : null;
}

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/** "overdue by 40 days", "due in 3 days", "due today", or null: the same words on a card, in the tab and the CLI. */
export function describeLateness(l: Lateness): string | null {
  if (l.state === 'overdue') return `overdue by ${days(l.days)}`;
  if (l.state === 'due-soon') return l.days === 0 ? 'due today' : `due in ${days(l.days)}`;
  return null;
}
