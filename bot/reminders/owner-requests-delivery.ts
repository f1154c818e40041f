import type { Clock } from '../../src/config/today.js';
import type { ReminderLog } from '../../src/store/reminder-log.js';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import { MAX_REQUESTS_PER_CARD, ownerRequestsCard } from '../cards/owner-requests-card.js';
import { requestKind } from '../cards/request-standing.js';
import { cardMessage } from '../delivery/connector-client.js';
import type { Reach } from '../delivery/lead-reach.js';
import { claimOrRetake, retryVerdict } from './reminder-claim.js';
import { sendFailure } from './send-outcome.js';
import type { SweepMode } from './sweep-mode.js';
import type { OwnerRequestsLine } from './sweep-report.js';
import type { PlanDue, WaitingRequest } from './who-is-due.js';

/*
 * The plan owner's requests card, sent in the daily sweep beside the escalation digest: on a day
 * leads' requests wait for the owner (who-is-due.ts decides), one card listing them with Approve /
 * Return and Agree / Decline. It is claimed in the reminder log with a key of its own, one a plan a
 * day, before it is sent, so two servers send it once and a failed send is retried by the next
 * sweep that day; sent through the same Bot Connector sender, the outcome recorded.
 */

export interface OwnerRequestsContext {
  store: ReminderLog;
  clock: Clock;
  mode: SweepMode;
  staleClaimMs: number;
  signal?: AbortSignal | undefined;
}

function linesOf(requests: readonly WaitingRequest[]): OwnerRequestsLine['requests'] {
  return requests.map((r) => ({ ref: r.action.ref, kind: requestKind(r.request) ?? 'completion', by: r.request.author }));
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** The card the owner gets: the first requests waiting, the rest counted (tomorrow's card lists them). */
export function ownerCardFor(due: PlanDue, owner: string, userIds: string[]): AdaptiveCard {
  const waiting = due.ownerRequests?.requests ?? [];
  const listed = waiting.slice(0, MAX_REQUESTS_PER_CARD);
  return ownerRequestsCard({
    plan: { id: due.plan.id, title: due.plan.title, timeZone: due.plan.timeZone },
    owner,
    userIds,
    today: due.today,
    items: listed.map(({ action, request }) => ({ ref: { actionId: action.id, requestId: request.id }, request, action })),
    more: waiting.length - listed.length,
  });
}

/** Claims, sends and records the day's requests card for the plan owner; a dry run says whether it would go. Null when nothing waits. */
export async function deliverOwnerRequests(due: PlanDue, context: OwnerRequestsContext): Promise<OwnerRequestsLine | null> {
  const { store, clock, mode, staleClaimMs } = context;
  const waiting = due.ownerRequests;
  if (!waiting) return null;
  const requests = linesOf(waiting.requests);
  const what = `${plural(waiting.requests.length, 'request')} from leads ${waiting.requests.length === 1 ? 'waits' : 'wait'} for the owner's answer`;
  const { recipient } = waiting;
  if (recipient.kind === 'unreachable') return { owner: waiting.owner, requests, status: 'unreachable', why: recipient.reason };
  const owner = waiting.owner ?? recipient.displayName;

  if (mode.kind === 'dry-run') {
    const existing = due.log.find((r) => r.key === waiting.key);
    const verdict = existing ? retryVerdict(existing, clock(), staleClaimMs) : null;
    if (verdict && !verdict.retry) return { owner, requests, status: 'already-sent', why: `today's card: ${verdict.why}` };
    return { owner, requests, status: 'would-send', why: `${what}; card to ${recipient.displayName}${existing ? ` (retried: ${existing.status})` : ''}` };
  }

  const first = waiting.requests[0]!;
  const claim = await claimOrRetake(
    // The log's reason names a lead reminder's kind; a card that comes round daily is 'recurring', which nothing counts (escalations count 'overdue').
    { key: waiting.key, planId: due.plan.id, actionId: first.action.id, lead: owner, leadUserId: recipient.userId, reason: 'recurring', period: due.today, claimedAt: clock().toISOString() },
    { store, now: clock(), staleClaimMs },
  );
  if (!claim.claimed) return { owner, requests, status: 'already-sent', why: `today's card: ${claim.why}` };
  const record = async (status: 'sent' | 'failed' | 'unreachable', error = ''): Promise<void> => {
    const at = clock().toISOString();
    await store.recordReminderOutcome(waiting.key, status === 'sent' ? { status, at, via: 'card' } : { status, at, error });
  };

  let reached: Reach;
  try {
    reached = await mode.reach.resolve(recipient.userId, recipient.displayName);
  } catch (error) {
    if (context.signal?.aborted) throw error;
    const why = `finding their chat failed (${error instanceof Error ? error.name : 'error'}); retried next sweep`;
    await record('failed', why);
    return { owner, requests, status: 'failed', why };
  }
  if (reached.kind === 'unreachable') {
    await record('unreachable', reached.reason);
    return { owner, requests, status: 'unreachable', why: reached.reason };
  }
  const card = ownerCardFor(due, owner, reached.address.userMri ? [reached.address.userMri] : []);
  const n = waiting.requests.length;
  const result = await mode.sender.send(reached.address.target, cardMessage(card, `${plural(n, 'request')} from leads ${n === 1 ? 'waits' : 'wait'} for your answer`), context.signal);
  if (result.kind === 'sent') {
    await record('sent');
    await mode.reach.remember(reached.address, recipient.displayName);
    return { owner, requests, status: 'sent', why: `${what}; card sent to ${recipient.displayName}` };
  }
  const why = sendFailure(result);
  const status = result.kind === 'failed' || result.kind === 'refused' ? 'failed' : 'unreachable';
  await record(status, why);
  return { owner, requests, status, why: status === 'failed' ? `${why}; retried next sweep` : why };
}
