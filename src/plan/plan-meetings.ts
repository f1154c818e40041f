import { isDateOnly, type DateOnly } from './calendar-date.js';
import { PlanError } from './errors.js';

/** Where the plan learnt of a meeting: typed in the tab or CLI, read from its document, or the Teams meeting the tab was opened in. */
export const MEETING_SOURCES = ['entered', 'document', 'teams'] as const;
export type MeetingSource = (typeof MEETING_SOURCES)[number];

/** A meeting of the group that owns the plan: the plan's rhythm, from which "since the last meeting" is counted. */
export interface PlanMeeting {
  date: DateOnly;
  source: MeetingSource;
  /** As the document or the meeting names it: "Partnership Board". */
  title: string | null;
}

/** The plan's meetings with one added: one meeting a day (the first word on it kept), in date order. */
export function withMeeting(meetings: readonly PlanMeeting[], meeting: PlanMeeting): PlanMeeting[] {
  if (!isDateOnly(meeting.date)) throw new PlanError('invalid_input', `a meeting date is a day written YYYY-MM-DD, not "${meeting.date}"`, { at: { column: 'date' } });
  const existing = meetings.find((m) => m.date === meeting.date);
  const merged = existing ? meetings.map((m) => (m === existing && m.title === null && meeting.title !== null ? { ...m, title: meeting.title } : m)) : [...meetings, meeting];
  return [...merged].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The plan's meetings without the one on a day. */
export function withoutMeeting(meetings: readonly PlanMeeting[], date: DateOnly): PlanMeeting[] {
  return meetings.filter((m) => m.date !== date);
}

/**
 * The last meeting before today: "since the last meeting" starts on its day. A meeting held today
 * is the one in progress, so the previous one is the last.
 */
export function lastMeeting(meetings: readonly PlanMeeting[], today: DateOnly): PlanMeeting | null {
  let last: PlanMeeting | null = null;
  for (const m of meetings) if (m.date < today && (last === null || m.date > last.date)) last = m;
  return last;
}

/** The next meeting on or after today, for "due before the next meeting". */
export function nextMeeting(meetings: readonly PlanMeeting[], today: DateOnly): PlanMeeting | null {
  let next: PlanMeeting | null = null;
  for (const m of meetings) if (m.date >= today && (next === null || m.date < next.date)) next = m;
  return next;
}
