import { dateOnly, daysInMonth, monthOf, type DateOnly, type ReducedDate } from './calendar-date.js';
import { MONTH_NAME, monthNumber } from './month-names.js';

/**
 * Dates as UK documents write them inside running text: day first ("15/05/2013", "20/5/16",
 * "3rd Oct 17"), month and year ("Sept 17", "January 2017"), and, when the caller says the year
 * is plausible, a bare year ("planned for 2017"). Two-digit years are 20YY. Nothing reads as a
 * date that is not one: 31/02 is skipped, and a month without a year is not a date.
 */

/** 2000 + YY for two digits; four digits as written. */
export function fullYear(digits: string): number {
  const n = Number(digits);
  return digits.length <= 2 ? 2000 + n : n;
}

/** The date, or null when there is no such day (31/02, 00/05, 15/13). */
export function calendarDate(year: number, month: number, day: number): DateOnly | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return null;
  return day <= daysInMonth(year, month) ? dateOnly(year, month, day) : null;
}

export interface WrittenDate {
  /** At the precision written: '2013-05-15', '2017-10', '2017'. */
  date: ReducedDate;
  /** Where it stands in the text searched. */
  start: number;
  end: number;
}

export interface FindDatesOptions {
  /** Whether a bare four-digit number is a year worth reading as a date; bare numbers are ignored without it. */
  acceptYear?: (year: number) => boolean;
}

const NUMERIC = String.raw`(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/])(?!\.\d)`;
const DAY_MONTH = String.raw`\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?(${MONTH_NAME})(?![a-z])\.?[\s,-]+'?(\d{4}|\d{2})(?![\d/])`;
const MONTH_YEAR = String.raw`\b(${MONTH_NAME})(?![a-z])\.?[\s'-]*(\d{4}|\d{2})(?![\d/])`;
const YEAR = String.raw`(?<![\d/.£$-])\b(\d{4})\b(?![/.-]?\d)`;

const DATE_IN_TEXT = new RegExp(`(?:${NUMERIC})|(?:${DAY_MONTH})|(?:${MONTH_YEAR})|(?:${YEAR})`, 'gi');

/** Every date the text names, in order, at the precision it names it. */
export function findWrittenDates(text: string, options: FindDatesOptions = {}): WrittenDate[] {
  const found: WrittenDate[] = [];
  for (const m of text.matchAll(DATE_IN_TEXT)) {
    const start = m.index;
    const end = start + m[0].length;
    let date: ReducedDate | null = null;
    if (m[1] !== undefined) {
      date = calendarDate(fullYear(m[3]!), Number(m[2]), Number(m[1]));
    } else if (m[4] !== undefined) {
      const month = monthNumber(m[5]!);
      date = month === null ? null : calendarDate(fullYear(m[6]!), month, Number(m[4]));
    } else if (m[7] !== undefined) {
      const month = monthNumber(m[7]);
      date = month === null ? null : monthOf(fullYear(m[8]!), month);
    } else if (m[9] !== undefined) {
      const year = Number(m[9]);
      date = options.acceptYear?.(year) ? String(year) : null;
    }
    if (date !== null) found.push({ date, start, end });
  }
  return found;
}
