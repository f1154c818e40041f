import { addDays, type DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import type { Plan } from '../plan/plan.js';
import { withMeeting, withoutMeeting, type PlanMeeting } from '../plan/plan-meetings.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';

/** How far ahead a meeting can be put in the plan: the next year's meetings, not a typo'd century. */
const FURTHEST_AHEAD_DAYS = 366;

/** Adds a meeting to the plan (typed, or the Teams meeting the tab is open in); the same day twice is one meeting. */
export async function addMeeting(store: PlansAndActions, plan: Plan, meeting: PlanMeeting, today: DateOnly): Promise<Plan> {
  const furthest = addDays(today, FURTHEST_AHEAD_DAYS);
  if (meeting.date > furthest) throw new PlanError('invalid_input', `a meeting on ${meeting.date} is more than a year ahead (after ${furthest}); check the year`, { at: { column: 'date' } });
  const meetings = withMeeting(plan.meetings, meeting);
  if (meetings.length === plan.meetings.length && meetings.every((m, i) => m === plan.meetings[i])) return plan;
  return store.updatePlanSettings(plan.id, { meetings });
}

export async function removeMeeting(store: PlansAndActions, plan: Plan, date: string): Promise<Plan> {
  if (!plan.meetings.some((m) => m.date === date)) throw new PlanError('invalid_input', `the plan has no meeting on ${date}`, { at: { column: 'date' } });
  return store.updatePlanSettings(plan.id, { meetings: withoutMeeting(plan.meetings, date) });
}
