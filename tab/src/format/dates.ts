import { precisionOf, type ReducedDate } from '../../../src/plan/calendar-date.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A date at the precision the plan stated it: "15 May 2013", "Oct 2017", "2013". Never invents a day. */
export function formatDate(date: ReducedDate): string {
  let precision;
  try {
    precision = precisionOf(date);
  } catch {
    return date;
  }
  const [y, m, d] = date.split('-');
  const month = MONTHS[Number(m) - 1] ?? m;
  if (precision === 'year') return y!;
  if (precision === 'month') return `${month} ${y}`;
  return `${Number(d)} ${month} ${y}`;
}
