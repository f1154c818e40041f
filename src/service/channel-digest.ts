import type { DateOnly } from '../plan/calendar-date.js';
import type { ChannelDigest, PlanChannel } from '../plan/channel-digest.js';
import { PlanError } from '../plan/errors.js';
import type { Plan } from '../plan/plan.js';
import { lastMeeting } from '../plan/plan-meetings.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';
import { planChanges, type PlanChangesAnswer } from './plan-changes.js';

/**
 * The teams the bot was added to, and posting into one of their channels. The bot implements it
 * (bot/delivery/team-channel.ts); the server, the sweep and the service only ask.
 */
export interface PlanChannels {
  /**
   * Whether the person is in the channel (a standard channel's people are its team's; a private or
   * shared channel has its own): 'bot-not-in-team' when the app was never added to the team (or was
   * removed), so it could not post there anyway. userId null: nobody is signed in (local mode).
   */
  membership(channel: PlanChannel, userId: string | null): Promise<'member' | 'not-member' | 'bot-not-in-team'>;
  /** Posts the digest as a new conversation in the channel; false when the bot is no longer in the team. */
  post(channel: PlanChannel, digest: DigestToPost): Promise<boolean>;
}

/** What a channel's digest card says: the plan, and what changed since its last meeting. */
export interface DigestToPost {
  plan: Plan;
  digest: ChannelDigest;
  changes: PlanChangesAnswer;
}

type DigestStore = PlansAndActions & UpdateLog;

/**
 * What changed since the last meeting; before the plan has had a meeting, since the digest was last
 * posted. A plan with neither has nothing to count from, and the error says how to give it one.
 */
export async function digestChanges(store: UpdateLog, plan: Plan, digest: ChannelDigest, today: DateOnly): Promise<PlanChangesAnswer> {
  const met = lastMeeting(plan.meetings, today) !== null;
  if (!met && digest.lastPostedOn === null) {
    throw new PlanError('invalid_input', `"${plan.title}" has no meeting before today, so "since the last meeting" has no start: add its meeting dates (the tab's Meetings, or plan meetings add YYYY-MM-DD)`);
  }
  return planChanges(store, plan, today, met ? null : digest.lastPostedOn);
}

/** The plan's digest setting, or an error saying the plan posts to no channel. */
export function channelDigestOf(plan: Plan): ChannelDigest {
  if (!plan.channelDigest) throw new PlanError('no_channel', `"${plan.title}" posts to no channel: link it from the plan's tab in the channel (Channel digest)`);
  return plan.channelDigest;
}

export interface PostedDigest {
  plan: Plan;
  changes: PlanChangesAnswer;
}

/**
 * Posts the plan's digest to its channel now, and records the day, so a schedule due the same day
 * does not post it again. Read afresh before the day is written: a setting changed meanwhile is kept.
 */
export async function postChannelDigest(store: DigestStore, planId: string, today: DateOnly, channels: Pick<PlanChannels, 'post'>): Promise<PostedDigest> {
  const plan = await store.getPlan(planId);
  if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
  const digest = channelDigestOf(plan);
  const changes = await digestChanges(store, plan, digest, today);
  if (!(await channels.post(digest.channel, { plan, digest, changes }))) {
    throw new PlanError('bot_not_in_team', `the app is not in the team of ${digest.channel.name ? `the channel "${digest.channel.name}"` : 'the plan\'s channel'}: add it to the team (Apps, Action plans, Add to a team), then post again`);
  }
  const now = await store.getPlan(planId);
  if (now?.channelDigest && now.channelDigest.channel.channelId === digest.channel.channelId) {
    await store.updatePlanSettings(planId, { channelDigest: { ...now.channelDigest, lastPostedOn: today } });
  }
  return { plan, changes };
}

/** The plans whose digest goes to a channel: the one someone in it asked from. */
export async function plansPostingTo(store: PlansAndActions, channelId: string): Promise<Plan[]> {
  const found: Plan[] = [];
  for (const summary of await store.listPlans()) {
    const plan = await store.getPlan(summary.id);
    if (plan?.channelDigest?.channel.channelId === channelId) found.push(plan);
  }
  return found;
}
