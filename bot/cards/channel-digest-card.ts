import { describeDigestSchedule } from '../../src/plan/channel-digest.js';
import type { DigestToPost } from '../../src/service/channel-digest.js';
import type { AdaptiveCard, CardElement } from './adaptive-card.js';
import { cardHeading, changeLines, count, listed } from './change-lines.js';
import { displayDate } from './display-date.js';
import { paragraph, plain, run } from './plain-text.js';
import { reportCard, reportHeader } from './report-card.js';

/** Where "since" counts from, in words: the last meeting (its title when it has one), or the last digest. */
function sinceWords({ changes }: DigestToPost): string {
  const meeting = changes.lastMeeting;
  if (meeting) return `the last meeting, ${displayDate(meeting.date)}${meeting.title ? ` (${meeting.title})` : ''}`;
  return `the last digest, ${displayDate(changes.since)}`;
}

/**
 * "Since the last meeting" for the plan's channel: the counts a board looks at first, then each
 * changed action (RAG and timescale was → now, completed, newly overdue, its new updates, dated),
 * and the next meeting. Read-only: the plan is where to act on it.
 */
export function channelDigestCard(post: DigestToPost): AdaptiveCard {
  const { plan, changes, digest } = post;
  const c = changes.counts;
  const next = changes.nextMeeting;
  const body: CardElement[] = [
    reportHeader('Since the last meeting', plan.title, paragraph([run(`Changes since ${sinceWords(post)}, to ${displayDate(changes.today)}`)], 'Small')),
    {
      type: 'FactSet',
      spacing: 'Medium',
      facts: [
        { title: 'Actions changed', value: String(c.actionsChanged) },
        { title: 'New updates', value: String(c.newUpdates) },
        { title: 'RAG changes', value: String(c.ragChanged) },
        { title: 'Timescales moved', value: String(c.timescaleMoved) },
        { title: 'Newly overdue', value: String(c.newlyOverdue) },
        { title: 'Completed', value: String(c.completed) },
      ],
    },
    cardHeading('What changed'),
    ...listed(changes.actions, (a) => changeLines(a, { full: true }), 'Nothing has changed since then.'),
    plain(next ? `Next meeting: ${displayDate(next.date)}${next.title ? `, ${next.title}` : ''}` : 'No next meeting is planned.', { weight: 'Bolder' }, 'Large'),
    plain(`Posted ${describeDigestSchedule(digest.schedule)}. Ask for it any time: @Action plans since last meeting`, { isSubtle: true }, 'Small'),
  ];
  return reportCard(body, channelDigestText(post));
}

/** The one line notifications and the channel list show where the card cannot be. */
export function channelDigestText({ plan, changes }: DigestToPost): string {
  const c = changes.counts;
  return `${plan.title}: since the last meeting, ${count(c.actionsChanged, 'action')} changed (${c.ragChanged} RAG, ${count(c.newUpdates, 'update')}, ${c.completed} completed, ${c.newlyOverdue} newly overdue)`;
}
