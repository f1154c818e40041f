import { describeFieldChange, describeHistoryEntry } from '../../plan/action-history.js';
import { describeReducedDate } from '../../plan/calendar-date.js';
import type { Plan } from '../../plan/plan.js';
import type { PlanChangesAnswer } from '../../service/plan-changes.js';

/** Text people wrote, on one line, with every character that would start emphasis, code, a link, HTML, a table cell or strikethrough escaped. */
function inlineText(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/**
 * Text people wrote, safe as a list item's content: an update reading "*urgent* <b>" shows as
 * written, a line break in it cannot start a new block, and where it begins like a heading, quote
 * or list ("- done", "3. agreed") that is escaped too. Headings need only inlineText.
 */
export function markdownText(text: string): string {
  return inlineText(text)
    .replace(/^([#>+-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * "Since the last meeting" as a short Markdown summary to paste into an agenda, a channel post or an
 * email: the counts, then each changed action with its RAG and timescale was/now, completion,
 * lateness, requests to the owner and new updates. The same answer `plan changes` prints as text.
 */
export function changesMarkdown(plan: Pick<Plan, 'title'>, changes: PlanChangesAnswer): string {
  const from = changes.lastMeeting
    ? `the last meeting (${describeReducedDate(changes.since)}${changes.lastMeeting.title ? `, ${inlineText(changes.lastMeeting.title)}` : ''})`
    : describeReducedDate(changes.since);
  const c = changes.counts;
  const lines = [
    `# ${inlineText(plan.title)}: changes since ${from}`,
    '',
    `**${plural(c.actionsChanged, 'action')} changed:** ${plural(c.newUpdates, 'new update')}, ${plural(c.ragChanged, 'RAG change')}, ${plural(c.timescaleMoved, 'timescale')} moved, ${c.newlyOverdue} newly overdue, ${c.completed} completed`,
  ];
  if (changes.actions.length === 0) lines.push('', 'Nothing has changed.');
  for (const a of changes.actions) {
    lines.push('', `## ${inlineText(a.ref)} ${inlineText(a.title)}`, '');
    if (a.completed) lines.push('- **Completed**');
    if (a.newlyOverdue) lines.push('- **Now overdue**');
    if (a.rag) lines.push(`- RAG was ${a.rag.was}, now **${a.rag.now}**`);
    if (a.timescale) lines.push(`- Timescale was "${markdownText(a.timescale.was)}", now "${markdownText(a.timescale.now)}"`);
    for (const o of a.otherChanges) lines.push(`- ${markdownText(describeFieldChange(o))}`);
    for (const r of a.requests) lines.push(`- ${markdownText(describeHistoryEntry(r))}`);
    for (const u of a.newUpdates) lines.push(`- ${u.date === null ? 'Undated' : describeReducedDate(u.date)}: ${markdownText(u.text)}${u.author ? ` (${markdownText(u.author)})` : ''}`);
  }
  if (changes.nextMeeting) lines.push('', `Next meeting: ${describeReducedDate(changes.nextMeeting.date)}${changes.nextMeeting.title ? ` (${markdownText(changes.nextMeeting.title)})` : ''}`);
  return lines.join('\n');
}
