import { describeReducedDate } from '../../plan/calendar-date.js';
import { dateIn } from '../../config/today.js';
import { lastMeeting, nextMeeting } from '../../plan/plan-meetings.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { addMeeting, removeMeeting } from '../../service/meeting-dates.js';
import { resolvePlan } from '../resolve-plan.js';

export interface MeetingsOptions {
  plan?: string;
  title?: string;
  json?: boolean;
}

/** The plan's meetings, after adding or removing one when asked: "since the last meeting" counts from them. */
export async function meetingsCommand(store: PlansAndActions, action: 'list' | 'add' | 'remove', date: string | undefined, options: MeetingsOptions, now: Date): Promise<string> {
  let plan = await resolvePlan(store, options.plan);
  const today = dateIn(plan.timeZone, now);
  if (action !== 'list' && date === undefined) return `plan meetings ${action} needs a date: plan meetings ${action} YYYY-MM-DD`;
  if (action === 'add') plan = await addMeeting(store, plan, { date: date!, source: 'entered', title: options.title?.trim() || null }, today);
  if (action === 'remove') plan = await removeMeeting(store, plan, date!);
  if (options.json) return JSON.stringify(plan.meetings, null, 2);
  if (plan.meetings.length === 0) return `${plan.title}: no meetings recorded. Add one with: plan meetings add YYYY-MM-DD`;
  const last = lastMeeting(plan.meetings, today);
  const next = nextMeeting(plan.meetings, today);
  const lines = plan.meetings.map((m) => {
    const mark = m === last ? '  (last meeting)' : m === next ? '  (next meeting)' : '';
    return `${m.date}  ${describeReducedDate(m.date).padEnd(12)} ${m.title ?? ''}${m.source === 'document' ? ' [from the document]' : m.source === 'teams' ? ' [Teams meeting]' : ''}${mark}`;
  });
  return [`${plan.title}: ${plan.meetings.length} meeting${plan.meetings.length === 1 ? '' : 's'}`, ...lines].join('\n');
}
