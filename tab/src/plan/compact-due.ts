import type { ClosableAction } from '../../../src/plan/action-closed.js';
import { dueDateOf } from '../../../src/plan/action-filter.js';
import { daysBetween, type DateOnly } from '../../../src/plan/calendar-date.js';
import { dueWords } from '../format/timescale-text.js';

export interface CompactDue {
  /** What a 320 px row has room for: "overdue 40 d", "due in 12 d", "due today", the timescale as written, or "closed". */
  short: string;
  /** The same in full words for a screen reader: "overdue by 40 days", "due in 12 days". */
  spoken: string;
  overdue: boolean;
}

const d = (n: number): string => `${n} d`;
const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;

/**
 * An action's place against its date on a day, in a side panel row's few characters. Whether it is
 * late, due soon or closed is the domain's one rule (lateness, through dueWords); beyond the "due
 * soon" window the row still counts the days, from the same due date.
 */
export function compactDue(action: ClosableAction, today: DateOnly): CompactDue {
  const { lateness, late } = dueWords(action, today);
  switch (lateness.state) {
    case 'overdue':
      return { short: `overdue ${d(lateness.days)}`, spoken: late ?? '', overdue: true };
    case 'due-soon':
      return { short: lateness.days === 0 ? 'due today' : `due in ${d(lateness.days)}`, spoken: late ?? '', overdue: false };
    case 'on-track': {
      const due = dueDateOf(action.timescale);
      const n = due === null ? null : daysBetween(today, due);
      return n === null ? written(action) : { short: `due in ${d(n)}`, spoken: `due in ${days(n)}`, overdue: false };
    }
    case 'closed':
      return { short: 'closed', spoken: 'closed', overdue: false };
    case 'no-date':
      return written(action);
  }
}

/** No date to count from (ongoing, termly, unclear): the timescale as written says most. */
function written(action: ClosableAction): CompactDue {
  const text = action.timescale.asWritten.trim();
  return text === '' ? { short: 'no date', spoken: 'no timescale written', overdue: false } : { short: text, spoken: `timescale ${text}`, overdue: false };
}
