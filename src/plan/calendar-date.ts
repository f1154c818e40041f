/**
 * Dates in plans are calendar dates, not instants: a timescale "April 2013" ends on a day, and an
 * update "June 17" happened in a month. They are kept as ISO 8601 strings, reduced when the
 * source only names a month or a year, so nothing invents a day the document never stated.
 */

/** A full calendar date, 'YYYY-MM-DD'. */
export type DateOnly = string;

/**
 * A date at the precision it was stated: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; a calendar quarter as
 * ISO 8601-2 (EDTF) sub-year groupings write it, 'YYYY-33' to 'YYYY-36' (Q1 to Q4: "Q2 2022/23", the
 * financial year's second quarter, is July to September 2022, '2022-35'); or an English school term,
 * which no standard names: 'YYYY-T1' spring (January to March), 'YYYY-T2' summer (April to July),
 * 'YYYY-T3' autumn (September to December), numbered in calendar order within the year. EDTF's
 * seasons (21-24) are meteorological and its quadrimesters (37-39: January-April, May-August,
 * September-December) cut the school year elsewhere, so using either would move a term's months.
 * A term's 'T' is no ISO time designator here: it follows a hyphen, where ISO never puts one.
 */
export type ReducedDate = string;

export type DatePrecision = 'year' | 'quarter' | 'term' | 'month' | 'day';

const REDUCED = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-T([1-3]))?$/;

/** First and last month of each quarter (33-36) and term (T1-T3). */
const QUARTER_MONTHS: Record<number, [number, number]> = { 33: [1, 3], 34: [4, 6], 35: [7, 9], 36: [10, 12] };
const TERM_MONTHS: Record<number, [number, number]> = { 1: [1, 3], 2: [4, 7], 3: [9, 12] };
const TERM_NAMES = ['Spring', 'Summer', 'Autumn'] as const;

export function precisionOf(date: ReducedDate): DatePrecision {
  const m = REDUCED.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  if (m[4]) return 'term';
  if (m[2] && Number(m[2]) >= 33) return 'quarter';
  return m[3] ? 'day' : m[2] ? 'month' : 'year';
}

/** A calendar quarter (1-4) of a year as a reduced date: quarterOf(2022, 3) is '2022-35'. */
export function quarterOf(year: number, quarter: number): ReducedDate {
  return `${pad(year, 4)}-${32 + quarter}`;
}

/** A school term of a year as a reduced date: termOf(2023, 'spring') is '2023-T1'. */
export function termOf(year: number, term: 'spring' | 'summer' | 'autumn'): ReducedDate {
  return `${pad(year, 4)}-T${TERM_NAMES.findIndex((n) => n.toLowerCase() === term) + 1}`;
}

/** The first and last month a reduced date's period spans, with its year. */
function monthSpan(date: ReducedDate): { year: number; first: number; last: number; day: number | null } {
  const m = REDUCED.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  const year = Number(m[1]);
  if (m[4]) {
    const [first, last] = TERM_MONTHS[Number(m[4])]!;
    return { year, first, last, day: null };
  }
  if (!m[2]) return { year, first: 1, last: 12, day: null };
  const month = Number(m[2]);
  if (month >= 33) {
    const [first, last] = QUARTER_MONTHS[month]!;
    return { year, first, last, day: null };
  }
  return { year, first: month, last: month, day: m[3] ? Number(m[3]) : null };
}

export function isReducedDate(value: string): boolean {
  const m = REDUCED.exec(value);
  if (!m) return false;
  if (m[4]) return true;
  if (m[2] && Number(m[2]) >= 33) return Number(m[2]) <= 36 && !m[3];
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
  const { year, last, day } = monthSpan(date);
  return dateOnly(year, last, day ?? daysInMonth(year, last));
}

/** The first day of the period a reduced date names: '2013-04' gives '2013-04-01'. */
export function startOfPeriod(date: ReducedDate): DateOnly {
  const { year, first, day } = monthSpan(date);
  return dateOnly(year, first, day ?? 1);
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * A reduced date as a UK reader writes it, at the precision it was stated: "30 Apr 2013", "May
 * 2013", "Jul–Sep 2022", "Spring term 2023", "2013". Never a day the source did not state.
 */
export function describeReducedDate(date: ReducedDate): string {
  const precision = precisionOf(date);
  const { year, first, last, day } = monthSpan(date);
  switch (precision) {
    case 'year':
      return String(year);
    case 'term':
      return `${TERM_NAMES[Number(date.slice(-1)) - 1]!} term ${year}`;
    case 'quarter':
      return `${MONTHS[first - 1]!}–${MONTHS[last - 1]!} ${year}`;
    case 'month':
      return `${MONTHS[first - 1]!} ${year}`;
    case 'day':
      return `${day!} ${MONTHS[first - 1]!} ${year}`;
  }
}

/**
 * Compares reduced dates by the start of the period they name; from the same day, the wider period
 * first ('2023' before '2023-33' before '2023-01' before '2023-01-01'), so the narrower reads as later.
 */
export function compareReduced(a: ReducedDate, b: ReducedDate): number {
  const sa = startOfPeriod(a);
  const sb = startOfPeriod(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  const ea = endOfPeriod(a);
  const eb = endOfPeriod(b);
  return ea > eb ? -1 : ea < eb ? 1 : a.length - b.length;
}
