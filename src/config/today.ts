import type { DateOnly } from '../plan/calendar-date.js';

/** The calendar date an instant falls on in a time zone (plans run on their board's local days). */
export function dateIn(timeZone: string, instant: Date): DateOnly {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
