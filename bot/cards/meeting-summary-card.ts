import { daysBetween } from '../../src/plan/calendar-date.js';
import type { MeetingSummary, SummaryAction } from '../../src/plan/meeting-summary.js';
import type { AdaptiveCard, CardElement, TextRun } from './adaptive-card.js';
import { displayDate } from './display-date.js';
import { paragraph, run } from './plain-text.js';
import { ragRuns } from './rag-text.js';
import { cardHeading as heading, changeLines, count, listed } from './change-lines.js';
import { reportCard, reportHeader } from './report-card.js';

function actionLine(action: SummaryAction, extra: TextRun[] = []): CardElement {
  return paragraph([run(`${action.ref}  `, { weight: 'Bolder', color: 'Accent' }), run(action.title), run('   ·   ', { isSubtle: true }), ...ragRuns(action.rag), ...extra], 'Small');
}

/**
 * The meeting's summary for its chat: what was discussed, the minutes recorded on the day, and the
 * actions due before the group meets again. Read-only: the plan itself is where to act on them.
 */
export function meetingSummaryCard(summary: MeetingSummary, planUrl?: string): AdaptiveCard {
  const next = summary.nextMeeting;
  const dueHeading = next ? `Due before the next meeting (${displayDate(next.date)})` : `Due in the next ${daysBetween(summary.date, summary.dueBy)} days (no next meeting planned)`;
  const body: CardElement[] = [
    reportHeader('Meeting summary', summary.planTitle, paragraph([run(summary.title ? `${summary.title}, ` : ''), run(displayDate(summary.date))], 'Small')),
    {
      type: 'TextBlock',
      wrap: true,
      spacing: 'Medium',
      text: `${count(summary.discussed.length, 'action')} discussed, ${count(summary.changes.length, 'action')} with changes recorded, ${count(summary.dueBeforeNext.length, 'action')} due before the next meeting.`,
    },
    heading('Discussed'),
    ...listed(summary.discussed, (a) => [actionLine(a)], 'No action was shown in the meeting.'),
    heading('Changes made in the meeting'),
    ...listed(summary.changes, (c) => changeLines(c), 'Nothing was recorded on the day.'),
    heading(dueHeading),
    ...listed(summary.dueBeforeNext, (a) => [actionLine(a, [run('   ·   ', { isSubtle: true }), run(`${displayDate(a.due)}${a.when ? `, ${a.when}` : ''}`, { color: 'Warning', weight: 'Bolder' })])], 'No open action falls due.'),
  ];
  return reportCard(body, meetingSummaryText(summary), planUrl);
}

/** The one line notifications and the chat list show where the card cannot be. */
export function meetingSummaryText(summary: MeetingSummary): string {
  return `Meeting summary ${displayDate(summary.date)}: ${count(summary.discussed.length, 'action')} discussed, ${count(summary.changes.length, 'change')}, ${summary.dueBeforeNext.length} due before the next meeting`;
}
