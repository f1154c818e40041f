import { addDays, type DateOnly } from '../../../src/plan/calendar-date.js';
import type { Timescale } from '../../../src/plan/timescale.js';
import { DUE_SOON_DAYS } from '../plan/plan-summary.js';
import { formatDate } from './dates.js';

/**
 * What a timescale was read as, in a few words beside the words written ("due 30 Apr 2013"), or
 * null when it would only repeat them ("Completed" read as completed).
 */
export function timescaleNote(timescale: Timescale): string | null {
  const note = timescaleReading(timescale);
  const written = timescale.asWritten.trim().toLowerCase();
  if (note.toLowerCase() === written) return null;
  if (timescale.reading.kind === 'completed' && /complet/.test(written)) return null;
  return note;
}

/** What a timescale was read as, in a few words: "due 30 Apr 2013", "quarterly", "unclear: ...". */
export function timescaleReading(timescale: Timescale): string {
  const r = timescale.reading;
  switch (r.kind) {
    case 'due':
      return `due ${formatDate(r.due)}`;
    case 'ongoing':
      return r.reviewBy ? `ongoing, review by ${formatDate(r.reviewBy)}` : 'ongoing';
    case 'recurring':
      return r.recurrence.label.toLowerCase();
    case 'completed':
      return r.on ? `completed ${formatDate(r.on)}` : 'completed';
    case 'not-applicable':
      return 'not applicable';
    case 'unclear':
      return `unclear: ${r.reason}`;
  }
}

/** Whether an open action's due date has passed or falls within the summary's "due soon" window. */
export function dueState(due: DateOnly | null, today: DateOnly, closed: boolean): 'overdue' | 'due-soon' | null {
  if (closed || due === null) return null;
  if (due < today) return 'overdue';
  return due <= addDays(today, DUE_SOON_DAYS) ? 'due-soon' : null;
}
