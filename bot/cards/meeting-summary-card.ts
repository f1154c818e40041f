import { daysBetween } from '../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../src/plan/changes-since.js';
import { isRag } from '../../src/plan/rag.js';
import type { MeetingSummary, SummaryAction } from '../../src/plan/meeting-summary.js';
import type { AdaptiveCard, CardElement, TextRun } from './adaptive-card.js';
import { displayDate } from './display-date.js';
import { paragraph, plain, run } from './plain-text.js';
import { ragRuns } from './rag-text.js';

/** A meeting walks through a few dozen actions at most; past this the card would pass Teams' 28 KB. */
const MOST_LISTED = 25;

function heading(text: string): CardElement {
  return { type: 'TextBlock', text, weight: 'Bolder', size: 'Medium', wrap: true, spacing: 'Large', separator: true };
}

function actionLine(action: SummaryAction, extra: TextRun[] = []): CardElement {
  return paragraph([run(`${action.ref}  `, { weight: 'Bolder', color: 'Accent' }), run(action.title), run('   ·   ', { isSubtle: true }), ...ragRuns(action.rag), ...extra], 'Small');
}

/** A RAG from the history: a word an older version stored that is no RAG now is shown as written. */
function ragWord(value: string): TextRun[] {
  return isRag(value) ? ragRuns(value) : [run(value)];
}

function changeLines(change: ActionChanges): CardElement[] {
  const lines: CardElement[] = [paragraph([run(`${change.ref}  `, { weight: 'Bolder', color: 'Accent' }), run(change.title, { weight: 'Bolder' })], 'Small')];
  if (change.rag) lines.push(paragraph([run('RAG: ', { weight: 'Bolder' }), ...ragWord(change.rag.was), run(' → '), ...ragWord(change.rag.now)], 'None'));
  if (change.timescale) lines.push(paragraph([run('Timescale: ', { weight: 'Bolder' }), run(change.timescale.was), run(' → '), run(change.timescale.now)], 'None'));
  if (change.completed) lines.push(plain('Completed', { weight: 'Bolder', color: 'Good' }, 'None'));
  for (const update of change.newUpdates) lines.push(paragraph([run('Update: ', { weight: 'Bolder' }), run(update.text)], 'None'));
  const requests = change.requests.length;
  if (requests > 0) lines.push(plain(`${requests} request${requests === 1 ? '' : 's'} to the plan owner or answer${requests === 1 ? '' : 's'}`, { isSubtle: true }, 'None'));
  return lines;
}

function listed<T>(items: readonly T[], render: (item: T) => CardElement[], none: string): CardElement[] {
  if (items.length === 0) return [plain(none, { isSubtle: true }, 'Small')];
  const shown = items.slice(0, MOST_LISTED).flatMap(render);
  const more = items.length - MOST_LISTED;
  return more > 0 ? [...shown, plain(`and ${more} more: open the plan for them all`, { isSubtle: true }, 'Small')] : shown;
}

/**
 * The meeting's summary for its chat: what was discussed, the minutes recorded on the day, and the
 * actions due before the group meets again. Read-only: the plan itself is where to act on them.
 */
export function meetingSummaryCard(summary: MeetingSummary, planUrl?: string): AdaptiveCard {
  const next = summary.nextMeeting;
  const dueHeading = next ? `Due before the next meeting (${displayDate(next.date)})` : `Due in the next ${daysBetween(summary.date, summary.dueBy)} days (no next meeting planned)`;
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'accent',
      bleed: true,
      items: [
        { type: 'TextBlock', text: 'Meeting summary', style: 'heading', size: 'Large', weight: 'Bolder', wrap: true },
        plain(summary.planTitle, { isSubtle: true }, 'None'),
        paragraph([run(summary.title ? `${summary.title}, ` : ''), run(displayDate(summary.date))], 'Small'),
      ],
    },
    {
      type: 'TextBlock',
      wrap: true,
      spacing: 'Medium',
      text: `${count(summary.discussed.length, 'action')} discussed, ${count(summary.changes.length, 'action')} with changes recorded, ${count(summary.dueBeforeNext.length, 'action')} due before the next meeting.`,
    },
    heading('Discussed'),
    ...listed(summary.discussed, (a) => [actionLine(a)], 'No action was shown in the meeting.'),
    heading('Changes made in the meeting'),
    ...listed(summary.changes, changeLines, 'Nothing was recorded on the day.'),
    heading(dueHeading),
    ...listed(summary.dueBeforeNext, (a) => [actionLine(a, [run('   ·   ', { isSubtle: true }), run(`${displayDate(a.due)}${a.when ? `, ${a.when}` : ''}`, { color: 'Warning', weight: 'Bolder' })])], 'No open action falls due.'),
  ];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(planUrl && { actions: [{ type: 'Action.OpenUrl', title: 'Open the plan', url: planUrl }] }),
    msteams: { width: 'Full' },
    fallbackText: meetingSummaryText(summary),
  };
}

/** The one line notifications and the chat list show where the card cannot be. */
export function meetingSummaryText(summary: MeetingSummary): string {
  return `Meeting summary ${displayDate(summary.date)}: ${count(summary.discussed.length, 'action')} discussed, ${count(summary.changes.length, 'change')}, ${summary.dueBeforeNext.length} due before the next meeting`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
