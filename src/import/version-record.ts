import type { VersionRecordEntry } from '../plan/plan.js';
import { findWrittenDates } from '../plan/written-date.js';
import { plainText } from './cell-text.js';

/**
 * A plan's own record of its versions ("Version Control Record": Version No | Date | Time |
 * Circulation/Activity | Other Comment | Author). It is the document's history, not a section of
 * actions, so it is kept whole on the plan.
 */
const HEADING = /^(version (control )?(record|history|log|control)|document (control|history)|revision history|change (log|history))\b/i;

/** Whether a paragraph is the heading over a version record. */
export function isVersionRecordHeading(text: string): boolean {
  return HEADING.test(text.replace(/\*+/g, '').trim());
}

/** Whether a row is a version record's header ("Version No | Date | ... | Author"). */
export function isVersionHeader(cells: readonly string[]): boolean {
  const texts = cells.map((c) => plainText(c).toLowerCase());
  const short = texts.every((t) => t.split(' ').length <= 4);
  return short && texts.some((t) => /^(version|ver|issue|revision)( no\.?| number)?$/.test(t)) && texts.some((t) => /^(date|author|circulation|change|changes)\b/.test(t));
}

/** The header's column names, as the record's rows are read under them. */
export function versionColumns(cells: readonly string[]): string[] {
  return cells.map(plainText);
}

/** One row of the record: every cell kept under its header, the version, date and author picked out. */
export function versionEntry(columns: readonly string[], cells: readonly string[]): VersionRecordEntry {
  const byHeader: Record<string, string> = {};
  cells.forEach((c, i) => {
    const text = plainText(c);
    if (text) byHeader[columns[i] || `column ${i + 1}`] = text;
  });
  const find = (re: RegExp): string | null => {
    const key = Object.keys(byHeader).find((k) => re.test(k));
    return key ? byHeader[key]! : null;
  };
  const dateText = find(/^date/i);
  const date = dateText ? (findWrittenDates(dateText)[0]?.date ?? null) : null;
  const description = Object.entries(byHeader)
    .filter(([k]) => !/^(version|ver|issue|revision|date|time|author)/i.test(k))
    .map(([, v]) => v)
    .join(' — ');
  return {
    version: find(/^(version|ver|issue|revision)/i) ?? '',
    date,
    description,
    author: find(/author/i),
    cells: byHeader,
  };
}
