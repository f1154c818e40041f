import type { DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import { meetingSummary, summaryCounts, type MeetingSummary, type MeetingSummaryCounts } from '../plan/meeting-summary.js';
import type { Plan } from '../plan/plan.js';
import { meetingInChat, summarySent, withDiscussedOn, withMeeting, withSummarySent, type PlanMeeting } from '../plan/plan-meetings.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';

/**
 * Where a meeting's summary goes: the meeting chat the bot was added to. The bot implements it
 * (bot/delivery/meeting-chat.ts); the server and the service only ask.
 */
export interface MeetingChat {
  /**
   * Whether the person is in the chat: 'bot-not-in-chat' when the bot was never added to it (or
   * was removed), so it could not post there anyway. userId null: nobody is signed in (local mode),
   * so only the bot's own presence is known.
   */
  membership(chatId: string, userId: string | null): Promise<'member' | 'not-member' | 'bot-not-in-chat'>;
  /** Posts the summary card; false when the bot is no longer in the chat. */
  post(chatId: string, summary: MeetingSummary): Promise<boolean>;
}

export interface SummaryAnswer {
  sent: boolean;
  summary: MeetingSummaryCounts;
}

type SummaryStore = PlansAndActions & UpdateLog;

/** Whether a change to the plan's meetings left every one as it was: nothing to write. */
function sameMeetings(meetings: readonly PlanMeeting[], before: readonly PlanMeeting[]): boolean {
  return meetings.length === before.length && meetings.every((m, i) => m === before[i]);
}

/** The summary of a plan's meeting on a day, read from the store. */
export async function summariseMeeting(store: SummaryStore, plan: Plan, date: DateOnly, discussed: readonly string[] | 'changed'): Promise<MeetingSummary> {
  const [actions, material] = await Promise.all([store.findActions(plan.id), store.readChanges(plan.id, date, date)]);
  const built = meetingSummary({ plan, date, actions, material, discussed: discussed === 'changed' ? [] : discussed });
  if (discussed !== 'changed') return built;
  // At the meeting's end no shared session hands over what was on the stage: what the side panels
  // reported the stage showed was discussed, and so was what was minuted.
  const shown = plan.meetings.find((m) => m.date === date)?.discussed ?? [];
  const minuted = built.changes.map((c) => c.ref).filter((ref) => !shown.includes(ref));
  return meetingSummary({ plan, date, actions, material, discussed: [...shown, ...minuted] });
}

/**
 * Keeps what a meeting's stage has shown on the day's meeting (recorded in the chat it is held in,
 * added when the plan had none that day), so the summary posted when the meeting simply ends lists
 * it. Refs are added, never removed: two side panels reporting add up. Answers how many are kept.
 */
export async function recordDiscussed(store: PlansAndActions, plan: Plan, meeting: { date: DateOnly; chatId: string | null }, refs: readonly string[]): Promise<number> {
  const held = withMeeting(plan.meetings, { date: meeting.date, source: 'teams', title: null, ...(meeting.chatId !== null && { chatId: meeting.chatId }) });
  const meetings = withDiscussedOn(held, meeting.date, refs);
  if (!sameMeetings(meetings, plan.meetings)) await store.updatePlanSettings(plan.id, { meetings });
  return meetings.find((m) => m.date === meeting.date)?.discussed?.length ?? 0;
}

/*
 * Finishing is asked from two places at about the same moment (the chair's "Finish" and Teams'
 * meeting end event): one at a time per plan in this process, so the second reads the first's mark.
 */
const finishing = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
  const before = finishing.get(key) ?? Promise.resolve();
  const result = before.then(run, run);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  finishing.set(key, settled);
  void settled.then(() => {
    if (finishing.get(key) === settled) finishing.delete(key);
  });
  return result;
}

/**
 * Posts the meeting's summary to its chat once per plan, chat and day: the chat is recorded on the
 * day's meeting (added when the plan had none that day), and the mark that it was posted is saved
 * after the post, so a failed post is tried again by the next "Finish".
 */
export async function postMeetingSummaryOnce(
  store: SummaryStore,
  planId: string,
  meeting: { date: DateOnly; chatId: string; today: DateOnly },
  discussed: readonly string[] | 'changed',
  post: (summary: MeetingSummary) => Promise<boolean>,
): Promise<SummaryAnswer> {
  return oneAtATime(planId, async () => {
    const found = await store.getPlan(planId);
    if (!found) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const meetings = withMeeting(found.meetings, { date: meeting.date, source: 'teams', title: null, chatId: meeting.chatId });
    const plan = sameMeetings(meetings, found.meetings) ? found : await store.updatePlanSettings(found.id, { meetings });
    const summary = await summariseMeeting(store, plan, meeting.date, discussed);
    const counts = summaryCounts(summary);
    if (summarySent(plan.meetings, meeting.date, meeting.chatId)) return { sent: false, summary: counts };
    if (!(await post(summary))) {
      throw new PlanError('bot_not_in_chat', 'the app is no longer in this meeting chat: add it to the meeting again (Apps in the meeting, Action plans), then finish again');
    }
    await store.updatePlanSettings(plan.id, { meetings: withSummarySent(plan.meetings, meeting.date, meeting.chatId) });
    return { sent: true, summary: counts };
  });
}

/** The plans whose meeting was held in a chat: the one the meeting end event names. */
export async function plansMeetingIn(store: PlansAndActions, chatId: string, todayIn: (timeZone: string) => DateOnly): Promise<{ plan: Plan; date: DateOnly; today: DateOnly }[]> {
  const found: { plan: Plan; date: DateOnly; today: DateOnly }[] = [];
  for (const summary of await store.listPlans()) {
    const plan = await store.getPlan(summary.id);
    if (!plan) continue;
    const today = todayIn(plan.timeZone);
    const meeting = meetingInChat(plan.meetings, chatId, today);
    if (meeting) found.push({ plan, date: meeting.date, today });
  }
  return found;
}
