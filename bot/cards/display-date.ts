import { describeReducedDate, type DateOnly, type ReducedDate } from '../../src/plan/calendar-date.js';

/** A date as a UK reader writes it, at the precision it was stated: "30 Apr 2013", "May 2013", "2013". */
export function displayDate(date: ReducedDate): string {
  return describeReducedDate(date);
}

/** An instant on the plan's clock: "20 Nov 2017 at 10:05". */
export function displayInstant(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const day: DateOnly = `${get('year')}-${get('month')}-${get('day')}`;
  return `${displayDate(day)} at ${get('hour')}:${get('minute')}`;
}
