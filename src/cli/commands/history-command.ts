import { actionTimeline, describeTimelineEntry, recordedApart } from '../../plan/action-timeline.js';
import { describeReducedDate } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import { dateIn } from '../../config/today.js';
import { describeLateness, lateness } from '../../plan/lateness.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { resolvePlan } from '../resolve-plan.js';

export interface HistoryOptions {
  plan?: string;
  json?: boolean;
}

/** An action's record in order: its dated updates and every change, request and answer, with who and where. */
export async function historyCommand(store: PlansAndActions, ref: string, options: HistoryOptions, now: Date): Promise<string> {
  const plan = await resolvePlan(store, options.plan);
  const action = await store.getActionByRef(plan.id, ref);
  if (!action) throw new PlanError('action_not_found', `plan "${plan.id}" has no action ${ref}`);
  const timeline = actionTimeline(action);
  if (options.json) return JSON.stringify({ ref: action.ref, timeline }, null, 2);
  const late = describeLateness(lateness(action, dateIn(plan.timeZone, now)));
  const lines = [`${action.ref} ${action.title}`, `RAG ${action.rag}; timescale "${action.timescale.asWritten}"${late ? `, ${late}` : ''}`, ''];
  if (timeline.length === 0) lines.push('No updates or changes recorded.');
  for (const item of timeline) {
    const day = item.date === null ? 'undated' : describeReducedDate(item.date);
    if (item.kind === 'update') {
      const apart = recordedApart(item.update);
      const by = [item.update.author, apart].filter((p) => p).join(', ');
      lines.push(`${day.padEnd(14)} update   ${item.update.text}${by ? ` (${by})` : ''}`);
    } else {
      lines.push(`${day.padEnd(14)} ${item.entry.kind === 'changed' ? 'change ' : 'request'}  ${describeTimelineEntry(item.entry)}`);
    }
  }
  return lines.join('\n');
}
