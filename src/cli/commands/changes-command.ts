import { describeFieldChange, describeHistoryEntry } from '../../plan/action-history.js';
import { describeReducedDate } from '../../plan/calendar-date.js';
import { dateIn } from '../../config/today.js';
import { isDateOnly } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import type { UpdateLog } from '../../store/update-log.js';
import { planChanges } from '../../service/plan-changes.js';
import { resolvePlan } from '../resolve-plan.js';
import { changesMarkdown } from './changes-markdown.js';

export interface ChangesOptions {
  plan?: string;
  since?: string;
  json?: boolean;
  /** text (the default), markdown (a short summary to paste anywhere) or json. */
  format?: string;
}

const CHANGES_FORMATS = ['text', 'markdown', 'json'] as const;

/** What changed since the last meeting (or a day): per action, new updates, RAG was/now, timescale moved, newly overdue, completed. */
export async function changesCommand(store: PlansAndActions & UpdateLog, options: ChangesOptions, now: Date): Promise<string> {
  const plan = await resolvePlan(store, options.plan);
  if (options.since !== undefined && !isDateOnly(options.since)) throw new PlanError('invalid_input', `--since must be a date as YYYY-MM-DD, not "${options.since}"`);
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!CHANGES_FORMATS.some((f) => f === format)) throw new PlanError('invalid_input', `--format must be one of ${CHANGES_FORMATS.join(', ')}, not "${format}"`);
  const changes = await planChanges(store, plan, dateIn(plan.timeZone, now), options.since ?? null);
  if (format === 'json') return JSON.stringify(changes, null, 2);
  if (format === 'markdown') return changesMarkdown(plan, changes);
  const from = changes.lastMeeting ? `the last meeting (${describeReducedDate(changes.since)}${changes.lastMeeting.title ? `, ${changes.lastMeeting.title}` : ''})` : describeReducedDate(changes.since);
  const c = changes.counts;
  const lines = [
    `${plan.title}: changes since ${from}`,
    `${c.actionsChanged} actions changed: ${c.newUpdates} new updates, ${c.ragChanged} RAG changes, ${c.timescaleMoved} timescales moved, ${c.newlyOverdue} newly overdue, ${c.completed} completed`,
  ];
  for (const a of changes.actions) {
    lines.push('', `${a.ref} ${a.title}`);
    if (a.rag) lines.push(`  RAG was ${a.rag.was}, now ${a.rag.now}`);
    if (a.timescale) lines.push(`  Timescale was "${a.timescale.was}", now "${a.timescale.now}"`);
    for (const o of a.otherChanges) lines.push(`  ${describeFieldChange(o)}`);
    if (a.completed) lines.push('  Completed');
    if (a.newlyOverdue) lines.push('  Now overdue');
    for (const r of a.requests) lines.push(`  ${describeHistoryEntry(r)}`);
    for (const u of a.newUpdates) lines.push(`  ${u.date === null ? 'undated' : describeReducedDate(u.date)}: ${u.text}`);
  }
  if (changes.nextMeeting) lines.push('', `Next meeting: ${describeReducedDate(changes.nextMeeting.date)}${changes.nextMeeting.title ? ` (${changes.nextMeeting.title})` : ''}`);
  return lines.join('\n');
}
