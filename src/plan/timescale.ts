import { endOfPeriod, monthOf, startOfPeriod, type DateOnly, type ReducedDate } from './calendar-date.js';
import { MONTH_NAME, monthName, monthNumber } from './month-names.js';
import { centralYear, farYear } from './plan-years.js';
import { calendarDate, fullYear, termDate } from './written-date.js';

/** How often a recurring timescale comes round ("Quarterly", "Annually", "every six months"). */
export interface Recurrence {
  /** Months between occurrences: 1 monthly, 3 quarterly, 6 biannual, 12 annual; 0 when weeks applies. */
  months: number;
  /** Weeks between occurrences, for weekly and fortnightly; 0 when months applies. */
  weeks: number;
  /** Month of year (1-12) the occurrence falls in, when stated ("September Annually"). */
  inMonth: number | null;
  /** The plan's own word for it: "Quarterly". */
  label: string;
}

/** A recurrence "at every board meeting" has no period of its own: it comes round with the plan's meetings. */
export function followsMeetings(recurrence: Recurrence): boolean {
  return recurrence.months === 0 && recurrence.weeks === 0;
}

/** What a timescale means, beside the words written in the plan. */
export type TimescaleReading =
  | { kind: 'due'; due: DateOnly; period: ReducedDate; note: string | null }
  | { kind: 'recurring'; recurrence: Recurrence; note: string | null }
  | { kind: 'completed'; on: ReducedDate | null; note: string | null }
  | { kind: 'ongoing'; from: ReducedDate | null; reviewBy: DateOnly | null; note: string | null }
  | { kind: 'not-applicable' }
  | { kind: 'unclear'; reason: string };

/** A value that reads as a date but looks wrong (a year far from the plan's others): never changed, flagged. */
export interface TimescaleFlag {
  message: string;
  /** The likely intended text, "Sept 2013" for "Sept 2103". */
  suggestion: string | null;
  suggestedDue: DateOnly | null;
}

export interface Timescale {
  /** Exactly as written in the plan. */
  asWritten: string;
  reading: TimescaleReading;
  flag: TimescaleFlag | null;
}

/** What interpreting a timescale may lean on: the years the plan is about. */
export interface TimescaleContext {
  /** Years the plan's title, timescales and updates name; used to spot typos and to place "December". */
  planYears: readonly number[];
}

/* Reading a timescale.
 *
 * The words are scanned once, in a fixed order of phrase patterns (exact dates before month and
 * year, quarters and financial years before plain years, dates before keywords). Each match takes
 * its span of the text, so a later, looser pattern never re-reads it. What is left decides the
 * reading: completed, recurring, ongoing, a due date, or unclear, and every word not understood
 * is named in the note or the reason, never dropped.
 *
 * A due date is the last day of the named period. For a span that is not one calendar month or
 * year (a quarter, a season, a financial year, a range of months) `period` is the month it ends in
 * and the note says what the span was read as.
 */

interface YearToken {
  value: number;
  /** Where its digits stand in the trimmed text, so a suggestion can swap just them. */
  start: number;
  end: number;
}

interface DatePart {
  start: number;
  end: number;
  period: ReducedDate;
  due: DateOnly;
  explain: string | null;
  years: YearToken[];
  /** A month written without a year, placed in the plan's central year (or unplaced when unknown). */
  bareMonth: number | null;
  inferredYear: number | null;
}

type WordKind =
  | 'na' | 'tbc' | 'fy-end' | 'year-end' | 'filler' | 'modifier' | 'update' | 'review' | 'progress'
  | 'ongoing' | 'onwards' | 'completed' | 'recurrence' | 'invalid-date' | 'unplaced-month' | 'unknown';

interface WordPart {
  kind: WordKind;
  start: number;
  end: number;
  recurrence?: Omit<Recurrence, 'label' | 'inMonth'>;
  month?: number;
}

interface Scan {
  written: string;
  dates: DatePart[];
  words: WordPart[];
}

const M = MONTH_NAME;
const YR = String.raw`'?(\d{4}|\d{2})(?![\d/])`;

/** Meteorological seasons; winter is handled apart, since it runs into the next year. */
const SEASONS: Record<string, { last: number; name: string }> = {
  spring: { last: 5, name: 'March to May' },
  summer: { last: 8, name: 'June to August' },
  autumn: { last: 11, name: 'September to November' },
  fall: { last: 11, name: 'September to November' },
};

const QUARTER_MONTHS = ['January to March', 'April to June', 'July to September', 'October to December'] as const;

/** "Bi-weekly" is read as every two weeks, its usual sense in UK plans. */
const RECURRENCES: ReadonlyArray<{ pattern: string; months: number; weeks: number }> = [
  // At each meeting of the board: no fixed period, it follows the meeting dates.
  {
    // "every LSCB meeting", "each safeguarding board meeting": up to three words naming the meeting, none a period of time.
    pattern: String.raw`(?:at\s+)?(?:every|each)\s+(?:board|partnership|steering\s+group|sub-?\s?group|executive|group)(?:\s+meetings?)?|(?:at\s+)?(?:every|each)\s+(?:(?!(?:weeks?|months?|years?|quarters?|terms?|half)\b)[a-z&'’-]+\s+){0,3}meetings?`,
    months: 0,
    weeks: 0,
  },
  // Half a school term is about six weeks; before "termly", which it contains.
  { pattern: String.raw`half[\s-]?termly|(?:each|every|once\s+a)\s+half[\s-]?term`, months: 0, weeks: 6 },
  // Three terms a year: every four months is the honest calendar reading (Sep-Dec, Jan-Apr, May-Aug).
  { pattern: String.raw`termly|(?:each|every|once\s+a|per)\s+term`, months: 4, weeks: 0 },
  { pattern: String.raw`(?:six|6)[\s-]?weekly|every\s+(?:six|6)\s+weeks`, months: 0, weeks: 6 },
  { pattern: String.raw`(?:four|4)[\s-]?weekly|every\s+(?:four|4)\s+weeks`, months: 0, weeks: 4 },
  { pattern: String.raw`(?:three|3)[\s-]?weekly|every\s+(?:three|3)\s+weeks`, months: 0, weeks: 3 },
  { pattern: String.raw`fortnightly|bi-?weekly|every\s+(?:two|2)\s+weeks`, months: 0, weeks: 2 },
  { pattern: String.raw`weekly|every\s+week|once\s+a\s+week`, months: 0, weeks: 1 },
  // Before "monthly" and "annual", which they contain.
  {
    pattern: String.raw`(?:six|6)[\s-]?monthly|every\s+(?:six|6)\s+months|bi-?annual(?:ly)?|semi-?annual(?:ly)?|twice\s+(?:a\s+|per\s+)?year(?:ly)?|half[\s-]?yearly`,
    months: 6,
    weeks: 0,
  },
  // "Bi-monthly" can mean twice a month in British usage, but plans use it for every two months.
  { pattern: String.raw`bi-?monthly|every\s+(?:two|2)\s+months`, months: 2, weeks: 0 },
  { pattern: String.raw`monthly|every\s+month|once\s+a\s+month`, months: 1, weeks: 0 },
  { pattern: String.raw`quarterly|every\s+(?:three|3)\s+months|every\s+quarter|once\s+a\s+quarter`, months: 3, weeks: 0 },
  { pattern: String.raw`annual(?:ly)?|yearly|every\s+year|once\s+a\s+year|each\s+year|per\s+annum`, months: 12, weeks: 0 },
];

/** Normalised for matching without changing length, so spans map back onto the text as written. */
function matchable(written: string): string {
  return Array.from(written, (ch) => {
    if (/[\s\u00a0\u2007\u202f]/u.test(ch)) return ' '.repeat(ch.length);
    if (/[\u2010-\u2015\u2212]/u.test(ch)) return '-';
    if (/[\u2018\u2019\u02bc]/u.test(ch)) return "'";
    const lower = ch.toLowerCase();
    return lower.length === ch.length ? lower : ch;
  }).join('');
}

/** Patterns compiled once: a plan of thousands of timescales should not recompile them per cell. */
const COMPILED = new Map<string, RegExp>();
function compiled(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let re = COMPILED.get(key);
  if (!re) {
    re = new RegExp(pattern, flags);
    COMPILED.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

function scan(written: string, context: TimescaleContext): Scan {
  let s = matchable(written);
  const dates: DatePart[] = [];
  const words: WordPart[] = [];
  const central = centralYear(context.planYears);

  // Each pattern's matches are masked in one rebuild of the text: masking them one slice at a time
  // copied the whole text per match, quadratic in its length.
  const take = (pattern: string, handle: (m: RegExpExecArray, start: number, end: number) => void, flags = 'g'): void => {
    const pieces: string[] = [];
    let kept = 0;
    for (const m of s.matchAll(compiled(pattern, flags))) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start) continue;
      handle(m as RegExpExecArray, start, end);
      pieces.push(s.slice(kept, start), '\u0001'.repeat(end - start));
      kept = end;
    }
    if (pieces.length === 0) return;
    pieces.push(s.slice(kept));
    s = pieces.join('');
  };
  const yearAt = (m: RegExpExecArray, group: number, start: number, from = 0): YearToken => {
    const digits = m[group]!;
    const offset = m[0].indexOf(digits, from);
    return { value: fullYear(digits), start: start + offset, end: start + offset + digits.length };
  };
  const dated = (start: number, end: number, period: ReducedDate, years: YearToken[], explain: string | null = null, due = endOfPeriod(period)): void => {
    dates.push({ start, end, period, due, explain, years, bareMonth: null, inferredYear: null });
  };
  const word = (kind: WordKind, extra: Partial<WordPart> = {}) => (_m: RegExpExecArray, start: number, end: number): void => {
    words.push({ kind, start, end, ...extra });
  };

  if (/^[\s\W]*(?:n\s*\/\s*a|n\.\s*a\.?|na|not\s+applicable)[\s\W]*$/.test(s)) {
    words.push({ kind: 'na', start: 0, end: s.length });
    return { written, dates, words };
  }

  // ISO dates, as the API and scripts write them.
  take(String.raw`(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d/])`, (m, start, end) => {
    const date = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date === null) words.push({ kind: 'invalid-date', start, end });
    else dated(start, end, date, [yearAt(m, 1, start)]);
  });
  // Day-first numeric dates: 15/05/2013, 15/5/13, 15.05.2013, 15-05-2013.
  take(String.raw`(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])(?!\.\d)`, (m, start, end) => {
    const year = fullYear(m[4]!);
    const date = calendarDate(year, Number(m[3]), Number(m[1]));
    if (date === null) words.push({ kind: 'invalid-date', start, end });
    else dated(start, end, date, [yearAt(m, 4, start, m[0].length - m[4]!.length)]);
  });
  // 31st March 2018, 31 Mar 18, 1st of June 2013.
  take(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?(${M})(?![a-z])\.?[\s,-]+${YR}`, (m, start, end) => {
    const year = fullYear(m[3]!);
    const date = calendarDate(year, monthNumber(m[2]!)!, Number(m[1]));
    if (date === null) words.push({ kind: 'invalid-date', start, end });
    else dated(start, end, date, [yearAt(m, 3, start, m[0].length - m[3]!.length)]);
  });
  // March 31st 2018, March 31, 2018.
  take(String.raw`\b(${M})(?![a-z])\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?![\d/])`, (m, start, end) => {
    const date = calendarDate(Number(m[3]), monthNumber(m[1]!)!, Number(m[2]));
    if (date === null) words.push({ kind: 'invalid-date', start, end });
    else dated(start, end, date, [yearAt(m, 3, start, m[0].length - m[3]!.length)]);
  });
  // Financial quarters: Q1 2013/14 is April to June 2013.
  take(String.raw`\b(?:q|qtr|quarter)\s*([1-4])\s*(?:of\s+)?(?:fy\s*)?(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})(?![\d/])`, (m, start, end) => {
    const first = fullYear(m[2]!);
    const second = fullYear(m[3]!);
    if (second !== first + 1) {
      words.push({ kind: 'unknown', start, end });
      return;
    }
    const q = Number(m[1]);
    const year = q === 4 ? first + 1 : first;
    const lastMonth = q === 4 ? 3 : q * 3 + 3;
    const span = QUARTER_MONTHS[q === 4 ? 0 : q]!;
    const firstToken = yearAt(m, 2, start);
    const secondToken = yearAt(m, 3, start, firstToken.end - start);
    dated(start, end, monthOf(year, lastMonth), [firstToken, secondToken], `financial quarter Q${q} ${first}/${String(second % 100).padStart(2, '0')}: ${span} ${year}`);
  });
  // Calendar quarters: Q1 2013, quarter 3 2014, 2nd quarter 2013.
  take(String.raw`\b(?:(?:q|qtr|quarter)\s*([1-4])|([1-4])(?:st|nd|rd|th)\s+quarter)\s*(?:of\s+)?${YR}`, (m, start, end) => {
    const q = Number(m[1] ?? m[2]);
    const token = yearAt(m, 3, start, m[0].length - m[3]!.length);
    dated(start, end, monthOf(token.value, q * 3), [token], `Q${q} ${token.value}: ${QUARTER_MONTHS[q - 1]} ${token.value}`);
  });
  // School terms, before seasons: "Spring term 2023" ends with its term, not with the meteorological spring.
  take(String.raw`\b(spring|summer|autumn)\s+term\s*(?:of\s+)?(\d{4}|\d{2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d/])`, (m, start, end) => {
    const term = termDate(m[1]!, m[2]!, m[3]);
    if (term === null) {
      words.push({ kind: 'unknown', start, end });
      return;
    }
    const firstToken = yearAt(m, 2, start);
    const tokens = m[3] === undefined ? [firstToken] : [firstToken, yearAt(m, 3, start, firstToken.end - start)];
    const [first, last] = [startOfPeriod(term), endOfPeriod(term)].map((d) => Number(d.slice(5, 7))) as [number, number];
    const label = m[0].trim().replace(/\s+/g, ' ');
    const named = label[0]!.toUpperCase() + label.slice(1);
    dated(start, end, endOfPeriod(term).slice(0, 7), tokens, `${named}: ${monthName(first)} to ${monthName(last)} ${term.slice(0, 4)}`);
  });
  // Seasons: the end of the season's last month; winter runs December into the next year.
  take(String.raw`\b(spring|summer|autumn|fall|winter)\s*(?:of\s+)?(\d{4}|\d{2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\d/])`, (m, start, end) => {
    const token = yearAt(m, 2, start);
    const season = m[1]!;
    const label = season[0]!.toUpperCase() + season.slice(1);
    if (season === 'winter') {
      const next = token.value + 1;
      dated(start, end, monthOf(next, 2), [token], `${label} ${token.value} read as December ${token.value} to February ${next}`);
    } else {
      const { last, name } = SEASONS[season]!;
      dated(start, end, monthOf(token.value, last), [token], `${label} ${token.value} read as ${name} ${token.value}`);
    }
  });
  // A range of months in one year: April - June 2013, Jan to Mar 14.
  take(String.raw`\b(?:(?:from|between)\s+)?(${M})(?![a-z])\.?\s*(?:-|to|/|&|and)\s*(${M})(?![a-z])\.?[\s'-]*${YR}`, (m, start, end) => {
    const from = monthNumber(m[1]!)!;
    const to = monthNumber(m[2]!)!;
    if (from === to) {
      words.push({ kind: 'unknown', start, end });
      return;
    }
    const token = yearAt(m, 3, start, m[0].length - m[3]!.length);
    const fromYear = from > to ? token.value - 1 : token.value;
    dated(start, end, monthOf(token.value, to), [token], `${monthName(from)} ${fromYear} to ${monthName(to)} ${token.value}, read as its end`);
  });
  // Financial years, April to March: 2017/18, 2017-18, 2017/2018, FY 17/18.
  take(String.raw`(?:\b(fy|f\/y|financial\s+year)\s*)?(?<![\d/.-])(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})(?![\d/])`, (m, start, end) => {
    const first = fullYear(m[2]!);
    const second = fullYear(m[3]!);
    const firstToken = yearAt(m, 2, start);
    const secondToken = yearAt(m, 3, start, firstToken.end - start);
    if (m[2]!.length === 4 && m[3]!.length === 4 && second > first + 1 && !m[1]) {
      dated(start, end, String(second), [firstToken, secondToken], `${first} to ${second}, read as its end`);
      return;
    }
    if (second !== first + 1 || (m[2]!.length === 2 && m[3]!.length === 4)) {
      words.push({ kind: 'unknown', start, end });
      return;
    }
    dated(start, end, monthOf(second, 3), [firstToken, secondToken], `financial year ${first}/${String(second % 100).padStart(2, '0')}: April ${first} to March ${second}`);
  });
  // Month and year: April 2013, Sept 17, Apr-13, May '17.
  take(String.raw`\b(${M})(?![a-z])\.?[\s'-]*(\d{4}|\d{2})(?![\d/])`, (m, start, end) => {
    const token = yearAt(m, 2, start, m[1]!.length);
    dated(start, end, monthOf(token.value, monthNumber(m[1]!)!), [token]);
  });
  // A year on its own: End 2012.
  take(String.raw`(?<![\d/.])\b(1[89]\d\d|2\d\d\d)\b(?![/.]?\d)`, (m, start, end) => {
    const token = yearAt(m, 1, start);
    dated(start, end, String(token.value), [token]);
  });
  take(String.raw`\b(?:tbc|tba|tbd|to\s+be\s+(?:confirmed|agreed|decided|determined|arranged|set))\b`, word('tbc'));
  take(String.raw`\b(?:end\s+of\s+(?:the\s+)?(?:financial\s+year|fy)|(?:financial\s+year|fy)[\s-]*end)\b`, word('fy-end'));
  take(String.raw`\b(?:end\s+of\s+(?:the\s+)?year|year[\s-]*end)\b`, word('year-end'));
  take(String.raw`\b(?:to\s+be\s+)?complet(?:e|ed|ion)\s+by\b`, word('filler'));
  // "September Annually", "every September": a yearly recurrence in a month.
  take(String.raw`\b(?:every|each)\s+(${M})(?![a-z])\.?`, (m, start, end) => {
    words.push({ kind: 'recurrence', start, end, recurrence: { months: 12, weeks: 0 }, month: monthNumber(m[1]!)! });
  });
  for (const r of RECURRENCES) {
    take(String.raw`\b(?:${r.pattern})\b`, word('recurrence', { recurrence: { months: r.months, weeks: r.weeks } }));
  }
  take(String.raw`\b(?:on[\s-]?going|continu(?:ous|ously|ing|al|ally)|business\s+as\s+usual|bau|rolling)\b`, word('ongoing'));
  take(String.raw`\b(?:onwards?|from|starting|commencing|since)\b`, word('onwards'));
  take(String.raw`\b(?:complete|completed|done|achieved|closed|finished)\b`, word('completed'));
  take(String.raw`\b(?:in\s+progress|under\s*way|on\s+track|started)\b`, word('progress'));
  take(String.raw`\bupdate[sd]?\b`, word('update'));
  take(String.raw`\breview(?:s|ed)?\b`, word('review'));
  // A month without a year: placed in the plan's central year, said so in the note.
  take(String.raw`\b(${M})(?![a-z])\.?`, (m, start, end) => {
    const month = monthNumber(m[1]!)!;
    if (central === null) {
      words.push({ kind: 'unplaced-month', start, end, month });
      return;
    }
    const period = monthOf(central, month);
    dates.push({ start, end, period, due: endOfPeriod(period), explain: null, years: [], bareMonth: month, inferredYear: central });
  });
  take(String.raw`\b(?:mid|middle|early|late|beginning|start)\b`, word('modifier'));
  take(
    String.raw`\b(?:by|end|of|the|due|before|no|not|later|than|until|till|deadline|target|date|in|on|at|for|and|or|to|approx|approximately|around|circa|c|expected|estimated|anticipated|timescale|then|with|a|an|be|is|will)\b`,
    word('filler'),
  );
  take(String.raw`[\p{L}\p{N}]+(?:['.-][\p{L}\p{N}]+)*`, word('unknown'), 'gu');

  dates.sort((a, b) => a.start - b.start);
  words.sort((a, b) => a.start - b.start);
  return { written, dates, words };
}

interface Decision {
  reading: TimescaleReading;
  /** The written dates the reading rests on, whose years are judged against the plan's. */
  basis: DatePart[];
}

const IGNORED: ReadonlySet<WordKind> = new Set(['filler']);

function decide(found: Scan, context: TimescaleContext): Decision {
  const { written, dates, words } = found;
  const unclear = (reason: string): Decision => ({ reading: { kind: 'unclear', reason }, basis: [] });
  if (written === '') return unclear('no timescale given');
  const has = (kind: WordKind): boolean => words.some((w) => w.kind === kind);
  if (has('na')) return { reading: { kind: 'not-applicable' }, basis: [] };

  const textOf = (p: { start: number; end: number }): string => written.slice(p.start, p.end);
  const latest = (list: readonly DatePart[]): DatePart | undefined =>
    list.reduce<DatePart | undefined>((best, d) => (best === undefined || d.due > best.due ? d : best), undefined);
  const inferred = (list: readonly DatePart[]): string[] =>
    list
      .filter((d) => d.inferredYear !== null && d.bareMonth !== null)
      .map((d) => `no year written: ${monthName(d.bareMonth!)} read as ${monthName(d.bareMonth!)} ${d.inferredYear}, inferred from the plan's years`);
  /** Words no part of the reading used, quoted as written and grouped into phrases. */
  const leftovers = (used: ReadonlySet<WordKind>, unusedDates: readonly DatePart[] = []): string | null => {
    const parts = [
      ...words.filter((w) => !used.has(w.kind) && !IGNORED.has(w.kind)),
      ...unusedDates,
    ].sort((a, b) => a.start - b.start);
    const phrases: Array<{ start: number; end: number }> = [];
    for (const p of parts) {
      const last = phrases.at(-1);
      const between = last ? written.slice(last.end, p.start) : '';
      const bridged = last && /^[\s\p{P}]*$/u.test(between.replace(/\b(?:of|the|and|or|in|on|at|for|to|a|an|with|by)\b/gi, ''));
      if (last && bridged) last.end = p.end;
      else phrases.push({ start: p.start, end: p.end });
    }
    return phrases.length === 0 ? null : phrases.map((p) => `"${textOf(p)}"`).join(', ');
  };
  const joinNotes = (notes: ReadonlyArray<string | null>): string | null => {
    const kept = notes.filter((n): n is string => n !== null && n !== '');
    return kept.length === 0 ? null : kept.join('; ');
  };

  const completed = has('completed');
  const ongoing = has('ongoing') || (has('onwards') && dates.length === 1);

  if (completed && !ongoing) {
    const on = latest(dates);
    const rest = leftovers(new Set(['completed']));
    return {
      reading: {
        kind: 'completed',
        on: on?.period ?? null,
        note: joinNotes([dates.length > 1 ? 'names several dates; read as completed in the latest' : null, ...inferred(on ? [on] : []), rest && `also says ${rest}`]),
      },
      basis: on ? [on] : [],
    };
  }

  const recurrences = words.filter((w) => w.kind === 'recurrence' && w.recurrence);
  if (recurrences.length > 0) {
    // A calendar recurrence beside "each board meeting" is the one that can be reminded, so it is preferred.
    const length = (w: WordPart): number =>
      w.recurrence!.weeks > 0 ? w.recurrence!.weeks * 7 : w.recurrence!.months > 0 ? w.recurrence!.months * 30.44 : Number.POSITIVE_INFINITY;
    const chosen = recurrences.reduce((best, w) => (length(w) < length(best) ? w : best));
    const label = (w: WordPart): string => {
      const t = textOf(w).replace(/\s+/g, ' ');
      return t[0]!.toUpperCase() + t.slice(1);
    };
    const yearly = chosen.recurrence!.months === 12;
    const bare = dates.find((d) => d.bareMonth !== null);
    const unplaced = words.find((w) => w.kind === 'unplaced-month');
    const inMonth = yearly ? (chosen.month ?? bare?.bareMonth ?? unplaced?.month ?? null) : null;
    const usedDates = inMonth !== null && bare ? [bare] : [];
    const otherDates = dates.filter((d) => !usedDates.includes(d));
    const used = new Set<WordKind>(['recurrence', ...(inMonth !== null ? (['unplaced-month'] as const) : [])]);
    const names = [...new Set(recurrences.map(label))];
    const rest = leftovers(used, otherDates);
    return {
      reading: {
        kind: 'recurring',
        recurrence: { months: chosen.recurrence!.months, weeks: chosen.recurrence!.weeks, inMonth, label: label(chosen) },
        note: joinNotes([
          chosen.recurrence!.months === 0 && chosen.recurrence!.weeks === 0 ? 'comes round with the meetings it names, which have no fixed dates: no reminder by the calendar' : null,
          names.length > 1 ? `names both ${names.join(' and ')}; read as the more frequent, ${label(chosen)}` : null,
          rest && `also says ${rest}`,
        ]),
      },
      basis: otherDates,
    };
  }

  if (ongoing) {
    const fromWord = has('onwards');
    const sorted = [...dates].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    const from = fromWord ? sorted[0] : undefined;
    const review = sorted.filter((d) => d !== from).at(-1);
    // "Reviews ongoing" says no more than "Ongoing"; a review word matters only beside a date.
    const quiet: WordKind[] = review ? ['ongoing', 'onwards', 'completed', 'filler'] : ['ongoing', 'onwards', 'completed', 'filler', 'review'];
    const others = words.filter((w) => !quiet.includes(w.kind));
    const restParts = [...others, ...(review ? [review] : [])].sort((a, b) => a.start - b.start);
    const restText = restParts.length > 0 ? written.slice(restParts[0]!.start, Math.max(...restParts.map((p) => p.end))) : '';
    const unplaced = words.find((w) => w.kind === 'unplaced-month');
    return {
      reading: {
        kind: 'ongoing',
        from: from?.period ?? null,
        reviewBy: review?.due ?? null,
        note: joinNotes([
          completed ? 'completed, and continuing' : null,
          review ? `"${restText}" read as a review by ${review.due}` : restText && !unplaced ? `also says "${restText}"` : null,
          unplaced ? `"${restText}": no year written, and the plan's years are not known` : null,
          ...inferred([...(from ? [from] : []), ...(review ? [review] : [])]),
        ]),
      },
      basis: [...(from ? [from] : []), ...(review ? [review] : [])],
    };
  }

  if (dates.length > 0) {
    const ranged = dates.length === 2 && /^\s*(?:-|to|until|till|and|&|\/)\s*$/i.test(written.slice(dates[0]!.end, dates[1]!.start));
    const chosen = latest(dates)!;
    const modifiers = words.filter((w) => w.kind === 'modifier').map((w) => `"${textOf(w).toLowerCase()}"`);
    const progress = words.filter((w) => w.kind === 'progress').map((w) => textOf(w).toLowerCase().replace(/\s+/g, ' '));
    const rest = leftovers(new Set(['modifier', 'progress', 'update', 'review', 'tbc']), []);
    return {
      reading: {
        kind: 'due',
        due: chosen.due,
        period: chosen.period,
        note: joinNotes([
          ranged ? 'a range; read as its end' : dates.length > 1 ? 'names several dates; read as the latest' : null,
          chosen.explain,
          has('update') ? 'an update is due by then' : null,
          has('review') ? 'a review is due by then' : null,
          modifiers.length > 0 ? `says ${modifiers.join(', ')}: read as the end of the period` : null,
          ...progress,
          has('tbc') ? 'to be confirmed' : null,
          ...inferred([chosen]),
          rest && `also says ${rest}`,
        ]),
      },
      basis: [chosen],
    };
  }

  const central = centralYear(context.planYears);
  if (has('fy-end') || has('year-end')) {
    if (central === null) return unclear(`"${written}" does not say which year, and the plan's years are not known`);
    const fy = has('fy-end');
    const period = fy ? monthOf(central + 1, 3) : String(central);
    const rest = leftovers(new Set(['fy-end', 'year-end', 'update', 'review']));
    return {
      reading: {
        kind: 'due',
        due: endOfPeriod(period),
        period,
        note: joinNotes([
          fy
            ? `the financial year ${central}/${String((central + 1) % 100).padStart(2, '0')}, inferred from the plan's years`
            : `the year ${central}, inferred from the plan's years`,
          has('update') ? 'an update is due by then' : null,
          has('review') ? 'a review is due by then' : null,
          rest && `also says ${rest}`,
        ]),
      },
      basis: [],
    };
  }

  const invalid = words.filter((w) => w.kind === 'invalid-date');
  if (invalid.length > 0) return unclear(`${invalid.map((w) => `"${textOf(w)}"`).join(', ')} is not a real date`);
  const unplaced = words.filter((w) => w.kind === 'unplaced-month');
  if (unplaced.length > 0) {
    return unclear(`names ${unplaced.map((w) => monthName(w.month!)).join(', ')} without a year, and the plan's years are not known`);
  }
  if (has('tbc')) return unclear(`to be confirmed: "${written}" names no date`);
  const unknown = leftovers(new Set(['na']));
  return unclear(unknown ? `did not understand ${unknown} as a date, a period or a recurrence` : `no date, period or recurrence in "${written}"`);
}

function flagFor(written: string, decision: Decision, context: TimescaleContext): TimescaleFlag | null {
  for (const part of decision.basis) {
    for (const token of part.years) {
      const far = farYear(token.value, context.planYears);
      if (!far) continue;
      const span = far.from === far.to ? `${far.from}` : `${far.from}–${far.to}`;
      const digits = written.slice(token.start, token.end);
      const suggestion =
        far.likely === null || (digits.length === 2 && Math.floor(far.likely / 100) !== Math.floor(token.value / 100))
          ? null
          : written.slice(0, token.start) + String(far.likely).slice(-digits.length) + written.slice(token.end);
      let suggestedDue: DateOnly | null = null;
      if (suggestion !== null) {
        const again = decide(scan(readPart(suggestion), context), context).reading;
        if (again.kind === 'due') suggestedDue = again.due;
      }
      return {
        message:
          `the year ${token.value} is far from the plan's years (${span})` +
          (suggestion !== null ? `; it may be a typo for ${far.likely}` : '') +
          '. The timescale is kept as written.',
        suggestion,
        suggestedDue,
      };
    }
  }
  return null;
}

/**
 * How much of a timescale is read. Real ones are a few words ("Ongoing; review membership
 * December"); a cell far longer is text pasted into the wrong place, and reading all of it would
 * make one cell cost as much as a plan. Its start is read, the whole kept as written.
 */
export const TIMESCALE_READ_LIMIT = 500;

/** The start of the text up to the limit, cut at a space so no word or date is read in half. */
function readPart(written: string): string {
  if (written.length <= TIMESCALE_READ_LIMIT) return written;
  const space = written.slice(0, TIMESCALE_READ_LIMIT + 1).search(/\s\S*$/u);
  const cut = space > 0 ? space : TIMESCALE_READ_LIMIT;
  // A cut between the halves of a surrogate pair would leave half a character.
  const end = /[\ud800-\udbff]/.test(written[cut - 1]!) ? cut - 1 : cut;
  return written.slice(0, end).trimEnd();
}

function withPartNote(reading: TimescaleReading, written: string): TimescaleReading {
  const note = `only its first ${TIMESCALE_READ_LIMIT} of ${written.length.toLocaleString('en-GB')} characters were read; the rest is kept as written`;
  switch (reading.kind) {
    case 'not-applicable':
      return reading;
    case 'unclear':
      return { ...reading, reason: `${reading.reason}; ${note}` };
    default:
      return { ...reading, note: reading.note === null ? note : `${reading.note}; ${note}` };
  }
}

/** Plans repeat their timescales ("March 2024" under fifty actions): each is read once per plan's years. */
const readings = new WeakMap<readonly number[], Map<string, Timescale>>();

/**
 * What a timescale means, kept beside the words as written: a due date at the end of the named
 * period, a recurrence, completed, ongoing, not applicable, or unclear with the reason. A year far
 * from the plan's own (see plan-years.ts) is flagged with the likely intended text, never changed.
 */
export function interpretTimescale(asWritten: string, context: TimescaleContext): Timescale {
  const written = asWritten.trim();
  const known = readings.get(context.planYears) ?? new Map<string, Timescale>();
  readings.set(context.planYears, known);
  const cached = known.get(written);
  if (cached) return structuredClone(cached);
  const read = readPart(written);
  const decision = decide(scan(read, context), context);
  const reading = read === written ? decision.reading : withPartNote(decision.reading, written);
  const timescale: Timescale = { asWritten: written, reading, flag: flagFor(written, decision, context) };
  known.set(written, timescale);
  return structuredClone(timescale);
}
