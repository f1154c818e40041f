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
  /**
   * The refs of the actions the meeting's stage has shown, in the order first shown, as the side
   * panel reports them during the meeting: what its summary lists as discussed when the meeting
   * simply ends, with no "Finish" to hand them over.
   */
  discussed?: string[];
}

/** At most this many refs are kept as discussed: more than any plan's actions (plan-limits.ts). */
export const MAX_DISCUSSED = 10_000;

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

/**
 * The plan's meetings with refs added to the day's discussed list, once each, in the order first
 * reported: two side panels reporting what they saw add up, never lose what the other sent. The
 * day's meeting must be in the list (withMeeting first).
 */
export function withDiscussedOn(meetings: readonly PlanMeeting[], date: DateOnly, refs: readonly string[]): PlanMeeting[] {
  return meetings.map((m) => {
    if (m.date !== date) return m;
    const known = m.discussed ?? [];
    const added = refs.filter((ref, i) => !known.includes(ref) && refs.indexOf(ref) === i);
    return added.length === 0 ? m : { ...m, discussed: [...known, ...added].slice(0, MAX_DISCUSSED) };
  });
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
