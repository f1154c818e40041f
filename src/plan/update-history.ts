import type { ReducedDate } from './calendar-date.js';
import { isPersonName } from './lead.js';
import { MONTH_NAME, monthNumber } from './month-names.js';
import { CLUSTER_GAP, coreYears } from './plan-years.js';
import type { TimescaleContext } from './timescale.js';
import type { UpdateEntry } from './update.js';
import { calendarDate, findWrittenDates, fullYear, QUARTER, quarterDate, TERM, termDate } from './written-date.js';

/*
 * Splitting an update-history cell into dated entries. The seed plans show three ways of dating:
 *
 * - a closing note after the text it dates: "... protocol (Jan 2013) (Updated PCSG 10/02/13)".
 *   Everything undated since the previous dated entry, over as many paragraphs as it runs, becomes
 *   one entry with that date and author; the note stays at the end of the entry's text.
 * - an opener before it: "Update 15/05/2013 – DCI Wenham, ..." or "June 17 - ...". The paragraphs
 *   after an opener belong to it until the next opener or closing note. Month-led openers give a
 *   month, never an invented day. Openers and closing notes are found inside paragraphs too,
 *   because a cell often runs several dated entries together in one.
 * - neither: each paragraph is an entry of its own, dated by the one date its text names, or
 *   undated when it names none or several.
 *
 * Entry text is the source text with whitespace tidied: nothing is dropped, dates included.
 * Paragraphs within an entry are joined by a line break; a paragraph cut at a page break (no
 * closing punctuation, the next starting in lower case) is first joined back with a space.
 */

interface Dating {
  date: ReducedDate;
  author: string | null;
}

interface Marker extends Dating {
  kind: 'opener' | 'closer';
  start: number;
  end: number;
}

interface Segment {
  text: string;
  paragraph: number;
  opener: Dating | null;
  closer: Dating | null;
}

const DAY_FIRST = String.raw`(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/])`;
/** A dash after an opener's date; not one that runs on to a second date ("01.04.2023 – 30.06.2023"), a range. */
const NOT_A_RANGE = String.raw`(?!\s*(?:\d{1,2}[/.]\d{1,2}[/.]\d{2}|${MONTH_NAME}(?![a-z])\.?\s*\d{2}))`;
const DASH = String.raw`\s*[-–—](?!\d)${NOT_A_RANGE}\s*`;

const CLOSER = new RegExp(
  String.raw`\(\s*(?:(?:agreed|reviewed|discussed|noted)\s*(?:&|and|\+)\s*)?(?:updated?|reviewed|agreed)\s+(?:by\s+)?([^()]*?)\s*,?\s*${DAY_FIRST}\s*\)`,
  'gi',
);
/** "Update 15/05/2013 –", "Update 15 May 2013:", "Update July 2013 -". */
const UPDATE_OPENER = new RegExp(
  String.raw`(?<=^|\s)(?:Update[sd]?|UPDATE[SD]?)\s*:?\s*(?:${DAY_FIRST}|(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH_NAME})\.?\s+(\d{4}|\d{2})|(${MONTH_NAME})\.?\s+(\d{4}|\d{2}))(?![\d/])\s*(?:[-–—:,](?!\d)\s*)?`,
  'gi',
);
/** "June 17 - ", "Jan 2017 – ", "OCT 17 - ": a month and year, then a dash. */
const MONTH_OPENER = new RegExp(String.raw`(?<=^|\s)(${MONTH_NAME})(?![a-z])\.?\s*(\d{4}|\d{2})(?![\d/])${DASH}`, 'gi');
/** At the start of a paragraph only: "20/5/16 - ", "8th July 2016 – ". */
const DAY_OPENER = new RegExp(String.raw`^(?:${DAY_FIRST}|(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH_NAME})(?![a-z])\.?\s+(\d{4}|\d{2}))(?![\d/])${DASH}`, 'i');
/** What ends an opener written at the start of a paragraph: a dash or a colon, not a range "2022-23". */
const OPENER_END = String.raw`\s*(?:[-–—](?!\d)${NOT_A_RANGE}|:)\s*`;
/**
 * Openers boards write at the start of a paragraph or bullet, each at the precision written:
 * "17.01.2023:", "June 2023:", "w/c 06.02.2023 –" (the week's first day), "Q2 2022/23 –" (a quarter
 * of the financial year April to March; "Q1 2023" a calendar quarter), "Spring term 2023 –".
 */
const DAY_COLON_OPENER = new RegExp(String.raw`^(?:(?:w\/c|w\.c\.|wc|week commencing|week beginning)\s+)?(?:${DAY_FIRST}|(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH_NAME})(?![a-z])\.?\s+(\d{4}|\d{2}))(?![\d/])${OPENER_END}`, 'i');
const MONTH_COLON_OPENER = new RegExp(String.raw`^(${MONTH_NAME})(?![a-z])\.?\s*(\d{4}|\d{2})(?![\d/])${OPENER_END}`, 'i');
/** "Update" may stand before a quarter or a term as it does before a day: "Update Q2 2022/23 –". */
const QUARTER_OPENER = new RegExp(String.raw`^(?:Update[sd]?\s*:?\s*)?${QUARTER}${OPENER_END}`, 'i');
const TERM_OPENER = new RegExp(String.raw`^(?:Update[sd]?\s*:?\s*)?${TERM}${OPENER_END}`, 'i');
/** A bullet a list item keeps in the text: "• ", "- ", "* ". It stays in the entry; the opener follows it. */
const BULLET = /^[•·▪◦‣●○*–—-]\s+/u;
/** Where a sentence ends inside a paragraph, so an opener may follow: "... started. 17.01.2023: Report". */
const SENTENCE_END = /(?<=[.!?;])\s+(?=\S)/g;

/** The opener at the start of a paragraph in the forms above, with the date it gives. */
function paragraphOpener(text: string): { end: number; date: ReducedDate | null } | null {
  const day = DAY_COLON_OPENER.exec(text);
  if (day) return { end: day[0].length, date: day[1] !== undefined ? dayDate(day[1], day[2]!, day[3]!) : dayDate(day[4]!, day[5]!, day[6]!) };
  const month = MONTH_COLON_OPENER.exec(text);
  if (month) return { end: month[0].length, date: monthDate(month[1]!, month[2]!) };
  const quarter = QUARTER_OPENER.exec(text);
  if (quarter) return { end: quarter[0].length, date: quarterDate(quarter[1]!, quarter[2]!, quarter[3]) };
  const term = TERM_OPENER.exec(text);
  if (term) return { end: term[0].length, date: termDate(term[1]!, term[2]!, term[3]) };
  return null;
}

/** A name after an opener, then a comma, a dash or the end: "DCI Wenham,", "DCI Wenham - ". */
const AUTHOR = /^([A-Z][\p{L}'’.-]*(?:\s+[A-Z][\p{L}'’-]*){0,4})\s*(?:,|[-–—]\s|[-–—]$|$)/u;

function monthDate(month: string, year: string): ReducedDate | null {
  const m = monthNumber(month);
  return m === null ? null : `${fullYear(year)}-${String(m).padStart(2, '0')}`;
}

function dayDate(day: string, month: string | number, year: string): ReducedDate | null {
  const m = typeof month === 'number' ? month : (/^\d+$/.test(month) ? Number(month) : monthNumber(month));
  return m === null ? null : calendarDate(fullYear(year), m, Number(day));
}

/** The author an opener names, when a person's name (two words, or a rank and a name) follows it. */
function authorAfter(rest: string): string | null {
  const m = AUTHOR.exec(rest);
  if (!m) return null;
  const name = m[1]!.trim();
  const words = name.split(/\s+/);
  if (!isPersonName(name)) return null;
  return words.length >= 2 ? name : null;
}

function markersIn(text: string): Marker[] {
  const markers: Marker[] = [];
  for (const m of text.matchAll(CLOSER)) {
    const date = dayDate(m[2]!, m[3]!, m[4]!);
    if (date === null) continue;
    const author = m[1]!.trim() || null;
    markers.push({ kind: 'closer', start: m.index, end: m.index + m[0].length, date, author });
  }
  const overlaps = (start: number, end: number): boolean => markers.some((k) => start < k.end && end > k.start);
  const opener = (start: number, end: number, date: ReducedDate | null): void => {
    if (date === null || overlaps(start, end)) return;
    markers.push({ kind: 'opener', start, end, date, author: authorAfter(text.slice(end)) });
  };
  // The most specific first: a day-first opener holds the month-led one inside it.
  const bullet = BULLET.exec(text)?.[0].length ?? 0;
  const first = DAY_OPENER.exec(text.slice(bullet));
  if (first) {
    const date = first[1] !== undefined ? dayDate(first[1], first[2]!, first[3]!) : dayDate(first[4]!, first[5]!, first[6]!);
    opener(0, bullet + first[0].length, date);
  } else {
    const start = paragraphOpener(text.slice(bullet));
    if (start) opener(0, bullet + start.end, start.date);
  }
  // Entries run together in one paragraph: an opener in these forms also opens where a sentence ends.
  for (const m of text.matchAll(SENTENCE_END)) {
    const at = m.index + m[0].length;
    const next = paragraphOpener(text.slice(at));
    if (next) opener(at, at + next.end, next.date);
  }
  for (const m of text.matchAll(UPDATE_OPENER)) {
    // Mid-paragraph, only a capitalised "Update" opens an entry; "we will update 15/05/2013" does not.
    if (m.index > 0 && !m[0].startsWith('U')) continue;
    const date = m[1] !== undefined ? dayDate(m[1], m[2]!, m[3]!) : m[4] !== undefined ? dayDate(m[4], m[5]!, m[6]!) : monthDate(m[7]!, m[8]!);
    opener(m.index, m.index + m[0].length, date);
  }
  for (const m of text.matchAll(MONTH_OPENER)) opener(m.index, m.index + m[0].length, monthDate(m[1]!, m[2]!));
  return markers.sort((a, b) => a.start - b.start);
}

function segmentsOf(text: string, paragraph: number): Segment[] {
  const markers = markersIn(text);
  const segments: Segment[] = [];
  let start = 0;
  let opener: Dating | null = null;
  const cut = (end: number, closer: Dating | null): void => {
    const piece = text.slice(start, end).trim();
    if (piece !== '') segments.push({ text: piece, paragraph, opener, closer });
    else if (closer && segments.length > 0 && !segments.at(-1)!.closer) segments.at(-1)!.closer = closer;
    start = end;
    opener = null;
  };
  for (const marker of markers) {
    if (marker.kind === 'opener') {
      cut(marker.start, null);
      opener = { date: marker.date, author: marker.author };
    } else {
      cut(marker.end, { date: marker.date, author: marker.author });
    }
  }
  cut(text.length, null);
  return segments;
}

/** Paragraphs with whitespace tidied, empty ones gone, and page-break halves joined back. */
function tidyParagraphs(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of paragraphs) {
    const p = raw.replace(/\s+/g, ' ').trim();
    if (p === '') continue;
    const last = out.at(-1);
    if (last !== undefined && !/[.!?:;)"'’\]]$/.test(last) && /^\p{Ll}/u.test(p)) out[out.length - 1] = `${last} ${p}`;
    else out.push(p);
  }
  return out;
}

function join(segments: readonly Segment[]): string {
  return segments.reduce((text, s, i) => (i === 0 ? s.text : `${text}${s.paragraph === segments[i - 1]!.paragraph ? ' ' : '\n'}${s.text}`), '');
}

/** The one date an undated entry's text names, if it names exactly one. */
function dateInText(text: string, context: TimescaleContext): ReducedDate | null {
  const core = coreYears(context.planYears);
  const acceptYear = (y: number): boolean => core.some((c) => Math.abs(c - y) <= CLUSTER_GAP);
  const dates = new Set(findWrittenDates(text, core.length > 0 ? { acceptYear } : {}).map((d) => d.date));
  return dates.size === 1 ? [...dates][0]! : null;
}

/** An update-history cell's paragraphs, split into entries in the order written. */
export function splitUpdateHistory(paragraphs: readonly string[], context: TimescaleContext): UpdateEntry[] {
  const segments = tidyParagraphs(paragraphs).flatMap((p, i) => segmentsOf(p, i));
  const entries: UpdateEntry[] = [];
  let pending: Segment[] = [];
  let open: { head: Segment; rest: Segment[] } | null = null;

  const flushPending = (): void => {
    for (const s of pending) {
      const date = dateInText(s.text, context);
      entries.push({ date, dateSource: date === null ? 'none' : 'in-text', author: null, text: s.text });
    }
    pending = [];
  };
  const closeOpen = (): void => {
    if (!open) return;
    const { head, rest } = open;
    entries.push({ date: head.opener!.date, dateSource: 'stated', author: head.opener!.author, text: join([head, ...rest]) });
    open = null;
  };

  for (const s of segments) {
    if (s.opener) {
      closeOpen();
      flushPending();
      if (s.closer) entries.push({ date: s.opener.date, dateSource: 'stated', author: s.opener.author, text: s.text });
      else open = { head: s, rest: [] };
    } else if (s.closer) {
      // The closing note dates the undated text since the last dated entry: an opener's own paragraph stays with it.
      const block: Segment[] = open ? [...open.rest, s] : [...pending, s];
      if (open) {
        open.rest = [];
        closeOpen();
      }
      pending = [];
      entries.push({ date: s.closer.date, dateSource: 'closing-note', author: s.closer.author, text: join(block) });
    } else if (open) {
      open.rest.push(s);
    } else {
      pending.push(s);
    }
  }
  closeOpen();
  flushPending();
  return entries;
}
