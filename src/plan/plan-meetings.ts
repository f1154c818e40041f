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
  /**
   * The Teams meeting's chat (its conversation id), when the tab registered the meeting from inside
   * it or the meeting was finished there: where its summary goes when the meeting ends.
   */
  chatId?: string;
  /** The chats the meeting's summary has been posted to, so finishing twice posts once. */
  summarySentTo?: string[];
}

/** The plan's meetings with one added: one meeting a day (the first word on it kept), in date order. */
export function withMeeting(meetings: readonly PlanMeeting[], meeting: PlanMeeting): PlanMeeting[] {
  if (!isDateOnly(meeting.date)) throw new PlanError('invalid_input', `a meeting date is a day written YYYY-MM-DD, not "${meeting.date}"`, { at: { column: 'date' } });
  const existing = meetings.find((m) => m.date === meeting.date);
  const merged = existing ? meetings.map((m) => (m === existing ? mergedMeeting(m, meeting) : m)) : [...meetings, meeting];
  return [...merged].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The day's meeting as it was, with what the new word adds: a title where it had none, the chat it is held in. */
function mergedMeeting(existing: PlanMeeting, added: PlanMeeting): PlanMeeting {
  const title = existing.title === null && added.title !== null;
  // A meeting is held in one chat: the latest the tab names is the one its summary goes to.
  const chat = added.chatId !== undefined && added.chatId !== existing.chatId;
  if (!title && !chat) return existing;
  return { ...existing, ...(title && { title: added.title }), ...(chat && { chatId: added.chatId }) };
}

/** The plan's meetings with the day's summary marked as posted to a chat. */
export function withSummarySent(meetings: readonly PlanMeeting[], date: DateOnly, chatId: string): PlanMeeting[] {
  return meetings.map((m) => (m.date === date && !(m.summarySentTo ?? []).includes(chatId) ? { ...m, summarySentTo: [...(m.summarySentTo ?? []), chatId] } : m));
}

/** Whether the day's summary has already gone to this chat. */
export function summarySent(meetings: readonly PlanMeeting[], date: DateOnly, chatId: string): boolean {
  return meetings.some((m) => m.date === date && (m.summarySentTo ?? []).includes(chatId));
}

/**
 * The plan's meeting held in a chat that has just ended: the one on today, else the latest before
 * it (a meeting run past midnight ends the day after its date). A meeting ahead is not over.
 */
export function meetingInChat(meetings: readonly PlanMeeting[], chatId: string, today: DateOnly): PlanMeeting | null {
  let found: PlanMeeting | null = null;
  for (const m of meetings) if (m.chatId === chatId && m.date <= today && (found === null || m.date > found.date)) found = m;
  return found;
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
