import { dateOnly, daysInMonth, monthOf, quarterOf, termOf, type DateOnly, type ReducedDate } from './calendar-date.js';
import { MONTH_NAME, monthNumber } from './month-names.js';

/**
 * Dates as UK documents write them inside running text: day first ("15/05/2013", "20/5/16",
 * "3rd Oct 17"), month and year ("Sept 17", "January 2017"), a quarter ("Q2 2022/23"), a school
 * term ("Spring term 2023"), and, when the caller says the year is plausible, a bare year ("planned
 * for 2017"). Two-digit years are 20YY. Nothing reads as a date that is not one: 31/02 is skipped,
 * a month without a year is not a date, and "2022/25" is no financial year.
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

/** "2022/23", "2022-2023", "22/23": the second year, when written, must follow the first. */
function yearPair(first: string, second: string | undefined): number | null {
  const start = fullYear(first);
  if (second === undefined) return start;
  const end = second.length === 2 ? Math.floor(start / 100) * 100 + Number(second) : Number(second);
  return end === start + 1 ? start : null;
}

/**
 * "Q2 2022/23" is a quarter of the UK financial year (April to March): its Q1 is the calendar's
 * April to June, so Q2 is July to September 2022, '2022-35'. A bare year ("Q1 2023") names a
 * calendar quarter, January to March 2023.
 */
export function quarterDate(quarter: string, year: string, secondYear: string | undefined): ReducedDate | null {
  const q = Number(quarter);
  const first = yearPair(year, secondYear);
  if (first === null) return null;
  if (secondYear === undefined) return quarterOf(first, q);
  return q === 4 ? quarterOf(first + 1, 1) : quarterOf(first, q + 1);
}

/**
 * "Spring term 2023" is that term of the calendar year. Of a school year ("Autumn term 2022/23")
 * the autumn term falls in the first year, the spring and summer terms in the second.
 */
export function termDate(term: string, year: string, secondYear: string | undefined): ReducedDate | null {
  const name = term.toLowerCase() as 'spring' | 'summer' | 'autumn';
  const first = yearPair(year, secondYear);
  if (first === null) return null;
  return termOf(secondYear !== undefined && name !== 'autumn' ? first + 1 : first, name);
}

/** A regex source with three groups: the quarter (1-4), the year, and the financial year's second year when written. */
export const QUARTER = String.raw`\bQ([1-4])\s*(?:of\s+)?(\d{4}|\d{2}(?=\s*[/-]\s*\d{2}))(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d/])`;
/** A regex source with three groups: the term, the year, and the school year's second year when written. */
export const TERM = String.raw`\b(spring|summer|autumn)\s+term\s*(?:of\s+)?(\d{4}|\d{2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d/])`;

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

const DATE_IN_TEXT = new RegExp(`(?:${NUMERIC})|(?:${DAY_MONTH})|(?:${MONTH_YEAR})|(?:${YEAR})|(?:${QUARTER})|(?:${TERM})`, 'gi');

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
    } else if (m[10] !== undefined) {
      date = quarterDate(m[10], m[11]!, m[12]);
    } else if (m[13] !== undefined) {
      date = termDate(m[13], m[14]!, m[15]);
    }
    if (date !== null) found.push({ date, start, end });
  }
  return found;
}
