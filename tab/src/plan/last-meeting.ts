import { endOfPeriod, precisionOf, startOfPeriod, type DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionView } from '../../../src/plan/plan.js';

/** How many actions must be updated together for a date to count as a meeting's round of updates. */
export const MEETING_ROUND_MIN = 3;

export interface LastMeeting {
  /** The day "changed since the last meeting" starts from. */
  since: DateOnly;
  /** The date as the plan knows it: a day ("2013-05-15") or only a month ("2018-02"). */
  date: string;
  /** Actions last updated in that round. */
  actionCount: number;
}

/**
 * When the group last met, as the plan itself shows it: a plan is updated in rounds, one per
 * meeting, so the last meeting is the most recent round of updates. Actions' last-update dates
 * (on or before today) are grouped by month; the most recent month in which at least three
 * actions (or every dated action, when fewer) were updated is the round. Within it, a single day
 * shared by three or more actions is the meeting day; otherwise (imported plans date updates
 * by month) the round starts on the month's first day. Null when no action has a dated update.
 */
export function lastMeeting(actions: readonly ActionView[], today: DateOnly): LastMeeting | null {
  const byMonth = new Map<string, Map<string, number>>();
  let dated = 0;
  for (const action of actions) {
    const date = action.lastUpdated;
    // A year, quarter or term places no meeting within a month.
    if (date === null || !['month', 'day'].includes(precisionOf(date)) || startOfPeriod(date) > today) continue;
    dated += 1;
    const month = date.slice(0, 7);
    const days = byMonth.get(month) ?? new Map<string, number>();
    days.set(date, (days.get(date) ?? 0) + 1);
    byMonth.set(month, days);
  }
  if (dated === 0) return null;
  const needed = Math.min(MEETING_ROUND_MIN, dated);
  const months = [...byMonth.keys()].sort().reverse();
  for (const month of months) {
    const days = byMonth.get(month)!;
    const count = [...days.values()].reduce((a, b) => a + b, 0);
    if (count < needed) continue;
    const meetingDay = [...days.entries()]
      .filter(([date, n]) => date.length === 10 && n >= needed)
      .sort(([a], [b]) => (a < b ? 1 : -1))[0];
    if (meetingDay) return { since: meetingDay[0], date: meetingDay[0], actionCount: count };
    return { since: startOfPeriod(month), date: month, actionCount: count };
  }
  return null;
}

/** Whether an action was updated or changed at or after the last meeting. */
export function changedSince(action: ActionView, since: DateOnly): boolean {
  return action.lastUpdated !== null && endOfPeriod(action.lastUpdated) >= since;
}
