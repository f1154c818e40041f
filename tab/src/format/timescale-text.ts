import type { DateOnly } from '../../../src/plan/calendar-date.js';
import { describeLateness, lateness, type Lateness } from '../../../src/plan/lateness.js';
import type { ClosableAction } from '../../../src/plan/action-closed.js';
import type { Timescale } from '../../../src/plan/timescale.js';
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

export interface DueWords {
  /** How the timescale was read, when that adds to the words written. */
  reading: string | null;
  /** Where the action stands on its date, by the domain's one rule (src/plan/lateness.ts). */
  lateness: Lateness;
  /** "overdue by 40 days", "due in 3 days", "due today", or null: the domain's words. */
  late: string | null;
}

/** The timescale's reading and the action's lateness on a day, as the list, detail and stage show them. */
export function dueWords(action: ClosableAction, today: DateOnly): DueWords {
  const l = lateness(action, today);
  return { reading: timescaleNote(action.timescale), lateness: l, late: describeLateness(l) };
}
