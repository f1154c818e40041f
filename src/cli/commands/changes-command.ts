import { writeFile } from 'node:fs/promises';
import { describeFieldChange, describeHistoryEntry } from '../../plan/action-history.js';
import { describeReducedDate, isDateOnly } from '../../plan/calendar-date.js';
import { dateIn } from '../../config/today.js';
import { changesFileTitle, writeChangesDocx } from '../../export/docx/changes-docx.js';
import { exportFileName } from '../../export/export-formats.js';
import { PlanError } from '../../plan/errors.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import type { UpdateLog } from '../../store/update-log.js';
import { planChanges, type PlanChangesAnswer } from '../../service/plan-changes.js';
import { resolvePlan } from '../resolve-plan.js';
import { changesMarkdown } from './changes-markdown.js';

export interface ChangesOptions {
  plan?: string;
  since?: string;
  json?: boolean;
  /** text (the default), markdown (a short summary to paste anywhere), json, or docx (a short Word document to circulate). */
  format?: string;
  /** The file to write: a text format is printed without it; docx goes to a file named from the plan's title without it. */
  out?: string;
}

const CHANGES_FORMATS = ['text', 'markdown', 'json', 'docx'] as const;

/**
 * What changed since the last meeting (or a day): per action, new updates, RAG was/now, timescale
 * moved, newly overdue, completed. Output follows `plan export`: a text format is printed unless
 * --out names a file, and Word is never printed, as its bytes would garble the terminal.
 */
export async function changesCommand(store: PlansAndActions & UpdateLog, options: ChangesOptions, now: Date): Promise<string> {
  const plan = await resolvePlan(store, options.plan);
  if (options.since !== undefined && !isDateOnly(options.since)) throw new PlanError('invalid_input', `--since must be a date as YYYY-MM-DD, not "${options.since}"`);
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!CHANGES_FORMATS.some((f) => f === format)) throw new PlanError('invalid_input', `--format must be one of ${CHANGES_FORMATS.join(', ')}, not "${format}"`);
  const changes = await planChanges(store, plan, dateIn(plan.timeZone, now), options.since ?? null);
  if (format === 'docx') {
    const written = await writeChangesDocx({ plan, changes, now: now.toISOString() });
    const out = options.out ?? exportFileName(changesFileTitle(plan.title, changes), 'docx');
    await writeFile(out, written);
    return wrote(plan.id, changes, out);
  }
  const printed = format === 'json' ? JSON.stringify(changes, null, 2) : format === 'markdown' ? changesMarkdown(plan, changes) : changesText(plan.title, changes);
  if (options.out === undefined) return printed;
  await writeFile(options.out, `${printed}\n`);
  return wrote(plan.id, changes, options.out);
}

/** What a written file holds, so the operator sees it was the digest they meant: "Wrote the changes to 3 actions of p1 since 12 Feb 2018 to since.docx". */
function wrote(planId: string, changes: PlanChangesAnswer, out: string): string {
  const n = changes.counts.actionsChanged;
  return `Wrote the changes to ${n} ${n === 1 ? 'action' : 'actions'} of ${planId} since ${describeReducedDate(changes.since)} to ${out}`;
}

/** The changes as lines for a terminal. */
function changesText(title: string, changes: PlanChangesAnswer): string {
  const from = changes.lastMeeting ? `the last meeting (${describeReducedDate(changes.since)}${changes.lastMeeting.title ? `, ${changes.lastMeeting.title}` : ''})` : describeReducedDate(changes.since);
  const c = changes.counts;
  const lines = [
    `${title}: changes since ${from}`,
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
