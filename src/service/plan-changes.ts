import type { DateOnly } from '../plan/calendar-date.js';
import { changesSince, type PlanChanges } from '../plan/changes-since.js';
import { PlanError } from '../plan/errors.js';
import type { Plan } from '../plan/plan.js';
import { lastMeeting, nextMeeting, type PlanMeeting } from '../plan/plan-meetings.js';
import type { UpdateLog } from '../store/update-log.js';

export interface PlanChangesAnswer extends PlanChanges {
  /** The meeting "since" is counted from, when it was not given. */
  lastMeeting: PlanMeeting | null;
  nextMeeting: PlanMeeting | null;
}

/**
 * What changed on a plan since a day, by default since its last meeting: for the tab's rows and
 * summary, the stage, the digest and the board report. A plan with no meeting before today needs
 * the day named.
 */
export async function planChanges(store: UpdateLog, plan: Plan, today: DateOnly, since: DateOnly | null): Promise<PlanChangesAnswer> {
  const last = lastMeeting(plan.meetings, today);
  const from = since ?? last?.date ?? null;
  if (from === null) {
    throw new PlanError('invalid_input', `"${plan.title}" has no meeting before today: add its meeting dates (plan meetings add YYYY-MM-DD) or give since=YYYY-MM-DD`, { at: { column: 'since' } });
  }
  const material = await store.readChanges(plan.id, from, today);
  return { ...changesSince(material, from, today), lastMeeting: since === null ? last : null, nextMeeting: nextMeeting(plan.meetings, today) };
}
