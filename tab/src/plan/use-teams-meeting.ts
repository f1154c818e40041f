import { useEffect, useRef } from 'react';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { PlanMeeting } from '../../../src/plan/plan-meetings.js';
import type { PlanApi } from '../api/plan-api.js';
import type { TabHost } from '../host/tab-host.js';

/** Meetings recorded (or tried) in this browser session, so opening the tab again in the meeting asks nothing. */
const tried = new Set<string>();

const storageKey = (key: string) => `plan-tab:teams-meeting:${key}`;

function alreadyTried(key: string): boolean {
  if (tried.has(key)) return true;
  try {
    return window.sessionStorage.getItem(storageKey(key)) !== null;
  } catch {
    return false;
  }
}

function markTried(key: string): void {
  tried.add(key);
  try {
    window.sessionStorage.setItem(storageKey(key), '1');
  } catch {
    // Storage refused (private mode, a locked-down Teams client): the in-memory mark still holds for this load.
  }
}

/**
 * Opened inside a Teams meeting (teams-js context `meeting.id`), the tab records today as one of the
 * plan's meetings, source "teams", with the meeting's chat (where the bot posts its summary when it
 * ends), once: not when the plan already has today's meeting in that chat, and not again in this
 * session. The server keeps one meeting a day, so two people opening it agree.
 */
export function useTeamsMeeting(options: {
  host: TabHost;
  api: PlanApi;
  planId: string;
  meetings: readonly PlanMeeting[];
  today: DateOnly;
  onMeetings: (meetings: PlanMeeting[]) => void;
}): void {
  const { host, api, planId, meetings, today, onMeetings } = options;
  const chatId = host.meetingChatId;
  const hasToday = meetings.some((m) => m.date === today && (chatId === null || m.chatId === chatId));
  const latest = useRef(onMeetings);
  latest.current = onMeetings;

  useEffect(() => {
    // A simulated meeting (local mode's ?meeting=) is a demonstration, not a meeting of the plan's group.
    if (host.kind !== 'teams' || host.meetingId === null || hasToday) return;
    const key = `${planId}|${host.meetingId}|${today}`;
    if (alreadyTried(key)) return;
    markTried(key);
    api.addMeeting(planId, { date: today, source: 'teams', ...(chatId !== null && { chatId }) }).then(
      (list) => latest.current(list),
      // Not recorded (no right to change the plan, the service away): the Meetings control still lets someone add it.
      () => undefined,
    );
  }, [host.kind, host.meetingId, chatId, hasToday, api, planId, today]);
}

/** For tests: forget which meetings this session recorded. */
export function forgetTeamsMeetings(): void {
  tried.clear();
}
