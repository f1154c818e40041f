import { describeReducedDate, isReducedDate, type ReducedDate } from '../../../src/plan/calendar-date.js';

/** A date at the precision the plan stated it: "15 May 2013", "Oct 2017", "2013". Never invents a day. */
export function formatDate(date: ReducedDate): string {
  return isReducedDate(date) ? describeReducedDate(date) : date;
}
