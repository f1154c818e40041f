/**
 * Dates in plans are calendar dates, not instants: a timescale "April 2013" ends on a day, and an
 * update "June 17" happened in a month. They are kept as ISO 8601 strings, reduced when the
 * source only names a month or a year, so nothing invents a day the document never stated.
 */

/** A full calendar date, 'YYYY-MM-DD'. */
export type DateOnly = string;

/** A date at the precision it was stated: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
export type ReducedDate = string;

export type DatePrecision = 'year' | 'month' | 'day';

const REDUCED = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function precisionOf(date: ReducedDate): DatePrecision {
  const m = REDUCED.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  return m[3] ? 'day' : m[2] ? 'month' : 'year';
}

export function isReducedDate(value: string): boolean {
  const m = REDUCED.exec(value);
  if (!m) return false;
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

export function isDateOnly(value: string): boolean {
  return isReducedDate(value) && value.length === 10;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function dateOnly(year: number, month: number, day: number): DateOnly {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function monthOf(year: number, month: number): ReducedDate {
  return `${pad(year, 4)}-${pad(month)}`;
}

/** The last day of the period a reduced date names: '2013-04' gives '2013-04-30'. */
export function endOfPeriod(date: ReducedDate): DateOnly {
  const [y, m, d] = date.split('-').map(Number) as [number, number?, number?];
  if (d !== undefined && m !== undefined) return dateOnly(y, m, d);
  if (m !== undefined) return dateOnly(y, m, daysInMonth(y, m));
  return dateOnly(y, 12, 31);
}

/** The first day of the period a reduced date names: '2013-04' gives '2013-04-01'. */
export function startOfPeriod(date: ReducedDate): DateOnly {
  const [y, m, d] = date.split('-').map(Number) as [number, number?, number?];
  return dateOnly(y, m ?? 1, d ?? 1);
}

/** Whole days from a to b (b - a), both full dates. */
export function daysBetween(a: DateOnly, b: DateOnly): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: DateOnly, days: number): DateOnly {
  const t = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return dateOnly(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Adds calendar months, clamping the day to the target month's length. */
export function addMonths(date: DateOnly, months: number): DateOnly {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return dateOnly(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Compares reduced dates by the start of the period they name. */
export function compareReduced(a: ReducedDate, b: ReducedDate): number {
  const sa = startOfPeriod(a);
  const sb = startOfPeriod(b);
  return sa < sb ? -1 : sa > sb ? 1 : a.length - b.length;
}
