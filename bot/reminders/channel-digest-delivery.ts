import type { Clock } from '../../src/config/today.js';
import { scheduledDigestDue } from '../../src/plan/channel-digest.js';
import { PlanError } from '../../src/plan/errors.js';
import { postChannelDigest } from '../../src/service/channel-digest.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { ConnectorError } from '../delivery/connector-client.js';
import { claimOrRetake, retryVerdict } from './reminder-claim.js';
import type { SweepMode } from './sweep-mode.js';
import type { ChannelDigestLine } from './sweep-report.js';
import type { PlanDue } from './who-is-due.js';

/*
 * The plan's scheduled digest, in the daily sweep after the owner's cards: on the day the plan's
 * schedule says (scheduledDigestDue), "since the last meeting" goes to its channel. It is claimed
 * in the reminder log with a key of its own, one per plan and occasion, before it is posted, so two
 * servers post it once and a failed post is retried by the next sweep; a digest someone asked for
 * in the channel that day counts as the day's.
 */

export const CHANNEL_DIGEST_KEY_PREFIX = 'channel-digest|';

export function channelDigestKey(planId: string, occasion: string): string {
  return `${CHANNEL_DIGEST_KEY_PREFIX}${planId}|${occasion}`;
}

export interface ChannelDigestContext {
  store: PlanStore;
  clock: Clock;
  mode: SweepMode;
  staleClaimMs: number;
  signal?: AbortSignal | undefined;
}

/** Claims, posts and records the plan's scheduled digest; a dry run says whether it would go. Null when none is due. */
export async function deliverScheduledDigest(due: PlanDue, context: ChannelDigestContext): Promise<ChannelDigestLine | null> {
  const { store, clock, mode, staleClaimMs } = context;
  const digest = due.plan.channelDigest;
  if (!digest) return null;
  const occasion = scheduledDigestDue(digest, due.plan.meetings, due.today);
  if (occasion === null) return null;
  const channel = digest.channel.name ?? digest.channel.channelId;
  const key = channelDigestKey(due.plan.id, occasion);
  const line = (status: ChannelDigestLine['status'], why: string): ChannelDigestLine => ({ channel, occasion, status, why });

  if (mode.kind === 'dry-run') {
    const existing = due.log.find((r) => r.key === key);
    const verdict = existing ? retryVerdict(existing, clock(), staleClaimMs) : null;
    if (verdict && !verdict.retry) return line('already-posted', verdict.why);
    return line('would-post', `the digest of ${occasion} to ${channel}${existing ? ` (retried: ${existing.status})` : ''}`);
  }
  if (!mode.channels) return line('failed', 'no bot here to post it');
  // The reminder log ties each entry to an action; a plan with none has no changes to post.
  const first = (await store.findActions(due.plan.id))[0];
  if (!first) return null;
  const claim = await claimOrRetake(
    // 'recurring', which nothing counts, as the owner's daily card: the log's reasons name a lead's reminder.
    { key, planId: due.plan.id, actionId: first.id, lead: channel, leadUserId: null, reason: 'recurring', period: occasion, claimedAt: clock().toISOString() },
    { store, now: clock(), staleClaimMs },
  );
  if (!claim.claimed) return line('already-posted', claim.why);
  const record = async (status: 'sent' | 'failed' | 'unreachable', error = ''): Promise<void> => {
    const at = clock().toISOString();
    await store.recordReminderOutcome(key, status === 'sent' ? { status, at, via: 'card' } : { status, at, error });
  };
  try {
    context.signal?.throwIfAborted();
    await postChannelDigest(store, due.plan.id, due.today, mode.channels);
  } catch (error) {
    if (context.signal?.aborted) throw error;
    if (error instanceof PlanError && (error.code === 'bot_not_in_team' || error.code === 'invalid_input' || error.code === 'no_channel')) {
      // Not retried by the next sweep: a person must add the app to the team, or a meeting date to the plan.
      await record('unreachable', error.code);
      return line('not-posted', error.message);
    }
    const why = error instanceof ConnectorError ? `the Bot Connector answered ${error.status} ${error.code}` : `${error instanceof Error ? error.name : 'error'}`;
    await record('failed', why);
    return line('failed', `${why}; retried next sweep`);
  }
  await record('sent');
  return line('posted', `the digest of ${occasion} to ${channel}`);
}
