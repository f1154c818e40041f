import type { ReminderDue } from '../../src/plan/reminder-policy.js';
import type { ActivityFeed } from '../delivery/activity-feed.js';
import type { LeadDue, PlanDue } from './who-is-due.js';

/*
 * A lead's reminders told through Teams' activity feed, when the plan says so (Plan.leadNotice):
 * one notice a lead a sweep, naming the actions' refs and opening the first in the Plans tab. The
 * card goes only when the feed cannot reach them (the app is not installed for them, or Graph
 * refuses the app the feed), so a reminder is never told both ways; a notice Graph failed to take
 * is retried by the next sweep, not sent as a card, since Graph may have shown it after all.
 */

/** The feed and how a notice links to an action: the Teams deep link to the Plans tab (actionDeepLink). */
export interface LeadFeed {
  feed: ActivityFeed;
  linkTo(planId: string, ref: string): string;
}

/** The feed's template parameter holds about this much: a few refs, then how many more. */
const MOST_REF_CHARACTERS = 60;

/** "1.4", "1.4 and 2.3", "1.4, 2.3 and 4.1", "1.4, 2.3 and 6 more". */
export function refsInWords(refs: readonly string[]): string {
  if (refs.length <= 1) return refs[0] ?? '';
  for (let shown = refs.length; shown >= 1; shown -= 1) {
    const rest = refs.length - shown;
    const head = refs.slice(0, shown);
    const words = rest === 0 ? `${head.slice(0, -1).join(', ')} and ${head.at(-1)!}` : `${head.join(', ')} and ${rest} more`;
    if (words.length <= MOST_REF_CHARACTERS || shown === 1) return words;
  }
  return refs[0]!;
}

export type FeedOutcome =
  | { kind: 'sent' }
  /** Tell them by card instead: the feed cannot reach them. */
  | { kind: 'card'; why: string }
  | { kind: 'failed'; why: string };

/** Tells the lead through the feed about the reminders claimed for them. */
export async function notifyThroughFeed(job: LeadDue, due: PlanDue, claimed: readonly ReminderDue[], lead: LeadFeed, signal?: AbortSignal): Promise<FeedOutcome> {
  const refs = claimed.map((c) => c.action.ref);
  const n = refs.length;
  const result = await lead.feed.notify(
    {
      userId: job.userId,
      activityType: 'actionUpdateDue',
      parameters: { actions: refsInWords(refs) },
      topic: { text: due.plan.title, webUrl: lead.linkTo(due.plan.id, refs[0]!) },
      preview: `${n} action${n === 1 ? '' : 's'} you lead need${n === 1 ? 's' : ''} an update: open the plan to record it`,
    },
    signal,
  );
  switch (result.kind) {
    case 'sent':
      return result;
    case 'not-installed':
      return { kind: 'card', why: `the activity feed cannot reach them (${result.status} ${result.code}: the app is not installed for them)` };
    case 'refused':
      return { kind: 'card', why: `Graph refused the app the activity feed (${result.status} ${result.code}: check the TeamsActivity.Send.User consent)` };
    case 'failed':
      return { kind: 'failed', why: `the activity feed answered ${result.status} ${result.code}; retried next sweep` };
  }
}
