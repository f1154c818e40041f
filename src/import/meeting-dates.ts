import { isDateOnly } from '../plan/calendar-date.js';
import { withMeeting, type PlanMeeting } from '../plan/plan-meetings.js';
import type { VersionRecordEntry } from '../plan/plan.js';
import { findWrittenDates } from '../plan/written-date.js';

/*
 * The meetings a plan document names: boards head their plan "Update for the Partnership Board,
 * 12 March 2019" or "Updated for the PCSG meeting 15/05/2013", and record a version "for the Board
 * meeting" in its version control record. Only a whole day is a meeting; a month is not one.
 */

/** A group that meets: its name runs up to one of these words. */
const GROUP = String.raw`((?:[A-Z][\w'&-]*\s+){0,6}(?:Board|Partnership|Group|Committee|Executive|Panel|Forum|Meeting|Sub-?group)|[A-Z]{2,8})`;
const FOR_GROUP = new RegExp(String.raw`\b(?:update[sd]?|report(?:ed)?|presented|prepared|refreshed)\s+(?:for|to|at)\s+(?:the\s+)?${GROUP}`, 'i');
const MEETING = new RegExp(String.raw`${GROUP}\s+meeting\b`, 'i');

/** The group's name as written: from its first capitalised word ("reflect the PCSG meeting" names the PCSG). */
function groupName(named: string): string | null {
  const words = named.replace(/\s+meeting$/i, '').trim().split(/\s+/);
  const first = words.findIndex((w) => /^[A-Z]/.test(w));
  return first < 0 ? null : words.slice(first).join(' ');
}

/** The meeting a line of text names, with its day, or null. */
export function meetingNamedIn(text: string): PlanMeeting | null {
  const named = FOR_GROUP.exec(text) ?? MEETING.exec(text);
  if (!named) return null;
  const days = findWrittenDates(text).filter((d) => isDateOnly(d.date));
  if (days.length !== 1) return null;
  return { date: days[0]!.date, source: 'document', title: groupName(named[1]!) };
}

/** Every meeting a document's heading lines and version record name, one a day, in date order. */
export function meetingsNamedIn(lines: readonly string[], versionRecord: readonly VersionRecordEntry[]): PlanMeeting[] {
  let meetings: PlanMeeting[] = [];
  for (const line of lines) {
    const meeting = meetingNamedIn(line);
    if (meeting) meetings = withMeeting(meetings, meeting);
  }
  for (const v of versionRecord) {
    const named = FOR_GROUP.exec(v.description) ?? MEETING.exec(v.description);
    if (!named) continue;
    const inText = meetingNamedIn(v.description);
    const date = inText?.date ?? (v.date !== null && isDateOnly(v.date) ? v.date : null);
    if (date !== null) meetings = withMeeting(meetings, { date, source: 'document', title: groupName(named[1]!) });
  }
  return meetings;
}
