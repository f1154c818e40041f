import type { Clock } from '../../src/config/today.js';
import type { ReminderDue } from '../../src/plan/reminder-policy.js';
import type { ConversationReferenceStore } from '../../src/store/conversation-reference.js';
import type { ReminderChannel, ReminderLog } from '../../src/store/reminder-log.js';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import { reminderCard, reminderCardGroups } from '../cards/reminder-card.js';
import { cardMessage } from '../delivery/connector-client.js';
import type { Address, Reach } from '../delivery/lead-reach.js';
import { claimOrRetake } from './reminder-claim.js';
import { sendFailure } from './send-outcome.js';
import type { Delivery } from './sweep-mode.js';
import type { PlanSweepReport } from './sweep-report.js';
import type { LeadDue, PlanDue } from './who-is-due.js';
import { dateIn } from '../../src/config/today.js';
import { normaliseLeadName } from '../../src/plan/lead.js';
import type { RespondLinks } from '../../src/server/respond-link.js';
import { mailFailure, type MailResult, type ReminderMailer } from '../delivery/graph-mail.js';
import { reminderEmail } from './reminder-email.js';
import { notifyThroughFeed, type LeadFeed } from './feed-delivery.js';

/*
 * Delivering one lead's reminders: every key is claimed in the reminder log BEFORE anything is
 * sent (reminder-claim.ts), so a second server sends nothing twice and the next sweep finishes what
 * a dead one left; then each lead's reminders go by their channel:
 *
 * - card: one card per lead (more than fifteen actions split) to the lead's chat, found or made by
 *   LeadReach, within Teams' rate limits (ProactiveSender);
 * - email: a lead with no account in the tenant gets one email from the shared mailbox with a
 *   signed, one-time link to answer them (deliverByEmail), within Exchange's rate (graph-mail.ts);
 * - activity feed: when the plan says so (Plan.leadNotice), a lead in the tenant is told through
 *   Teams' activity feed (deliverByFeed, feed-delivery.ts), and gets the card only when the feed
 *   cannot reach them; never both for one reminder.
 *
 * Each key's outcome is recorded with the channel it went by: sent, failed (retried next sweep) or
 * unreachable. A new channel is a function beside these two, chosen in deliverToLead.
 */

/** What a sweep needs to email leads with no account: the shared mailbox's sender and the links' signer. */
export interface EmailDelivery {
  mailer: ReminderMailer;
  links: RespondLinks;
}

export interface DeliveryContext {
  store: ConversationReferenceStore & ReminderLog;
  clock: Clock;
  delivery: Delivery;
  /** A claim older than this was left by a sender that died. */
  staleClaimMs: number;
  signal?: AbortSignal | undefined;
}

function refsOf(items: readonly { action: { ref: string } }[]): string[] {
  return items.map((i) => i.action.ref);
}

/** Claims the lead's reminders, sends them by the lead's channel, records each outcome. True when the bot's credentials were refused. */
export async function deliverToLead(job: LeadDue, due: PlanDue, report: PlanSweepReport, context: DeliveryContext): Promise<boolean> {
  switch (job.channel.kind) {
    case 'teams':
      return due.plan.leadNotice === 'activity-feed' && context.delivery.feed ? deliverByFeed(job, context.delivery.feed, due, report, context) : deliverByCard(job, due, report, context);
    case 'email':
      return deliverByEmail(job, job.channel.address, due, report, context);
  }
}

/** The lead's reminders this sweep may send (the others skipped, with why), and how many of them are retries. */
async function claimAll(job: LeadDue, due: PlanDue, report: PlanSweepReport, context: DeliveryContext, reachableSince: string | null): Promise<{ claimed: ReminderDue[]; retried: number }> {
  const { store, clock, staleClaimMs } = context;
  const claimed: ReminderDue[] = [];
  let retried = 0;
  for (const item of job.items) {
    const result = await claimOrRetake(
      { key: item.key, planId: due.plan.id, actionId: item.action.id, lead: job.lead.name, leadUserId: job.userId === '' ? null : job.userId, reason: item.reason, period: item.period, claimedAt: clock().toISOString() },
      { store, now: clock(), staleClaimMs, reachableSince },
    );
    if (result.claimed) {
      claimed.push(item);
      if (result.retry) retried += 1;
    } else {
      report.skipped.push({ lead: job.lead.name, ref: item.action.ref, why: result.why });
    }
  }
  return { claimed, retried };
}

/** Records one outcome for each of the items, sent by the given channel. */
function recorder(context: DeliveryContext, via: ReminderChannel) {
  return async (items: readonly ReminderDue[], outcome: 'sent' | 'failed' | 'unreachable', error = ''): Promise<void> => {
    const at = context.clock().toISOString();
    for (const item of items) {
      await context.store.recordReminderOutcome(item.key, outcome === 'sent' ? { status: 'sent', at, via } : { status: outcome, at, error });
    }
  };
}

/**
 * A lead with no account in the tenant: one email from the shared mailbox with a signed link,
 * good once and for 14 days, to a page showing only these reminders' actions
 * (src/server/respond-routes.ts). Never a card, never anything to anyone else. Without a mailbox
 * configured nothing is claimed, so the first sweep after one is set sends them.
 */
async function deliverByEmail(job: LeadDue, address: string, due: PlanDue, report: PlanSweepReport, context: DeliveryContext): Promise<boolean> {
  const { clock, delivery, signal } = context;
  const { lead } = job;
  const { plan, today } = due;
  const email = delivery.email;
  if (!email) {
    report.unreachable.push({ lead: lead.name, refs: refsOf(job.items), why: `reminded by email at ${address}, and no mailbox is set to send from (PLAN_REMINDER_MAILBOX, PLAN_RESPOND_SECRET and PLAN_PUBLIC_URL: docs/permissions.md#reminders-by-email)` });
    return false;
  }
  // An email lead has no chat to come back to: a reminder left unreachable stays so (reachableSince null).
  const { claimed, retried } = await claimAll(job, due, report, context, null);
  if (claimed.length === 0) return false;
  signal?.throwIfAborted();
  const record = recorder(context, 'email');

  const link = email.links.issue({ planId: plan.id, leadKey: normaliseLeadName(lead.name), reminderKeys: claimed.map((c) => c.key), now: clock() });
  const message = reminderEmail({ planTitle: plan.title, lead: lead.name, address, items: claimed, link: link.url, expiresOn: dateIn(plan.timeZone, link.expiresAt), today });
  let result: MailResult;
  try {
    result = await email.mailer.send(message, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    const why = `sending the email failed (${error instanceof Error ? error.name : 'error'}); retried next sweep`;
    await record(claimed, 'failed', why);
    report.failed.push({ lead: lead.name, refs: refsOf(claimed), why });
    return false;
  }
  signal?.throwIfAborted();
  if (result.kind === 'sent') {
    await record(claimed, 'sent');
    (report.emailed ??= []).push({ lead: lead.name, refs: refsOf(claimed), address, retried: Math.min(retried, claimed.length) });
    return false;
  }
  const why = mailFailure(result, email.mailer.mailbox);
  await record(claimed, 'failed', why);
  report.failed.push({ lead: lead.name, refs: refsOf(claimed), why: `${why}; retried next sweep` });
  return false;
}

/** When the person last gave the bot a usable chat: an unreachable reminder is tried again only after it. */
async function reachableSinceOf(job: LeadDue, context: DeliveryContext): Promise<string | null> {
  const stored = await context.store.getConversationReference(job.userId);
  return stored && stored.uninstalledAt === undefined ? stored.updatedAt : null;
}

/**
 * A lead in the tenant on a plan that tells leads through the activity feed: one notice for their
 * reminders; their card instead when the feed cannot reach them (notifyThroughFeed says when).
 */
async function deliverByFeed(job: LeadDue, feed: LeadFeed, due: PlanDue, report: PlanSweepReport, context: DeliveryContext): Promise<boolean> {
  const { claimed, retried } = await claimAll(job, due, report, context, await reachableSinceOf(job, context));
  if (claimed.length === 0) return false;
  context.signal?.throwIfAborted();
  const outcome = await notifyThroughFeed(job, due, claimed, feed, context.signal);
  context.signal?.throwIfAborted();
  if (outcome.kind === 'card') return sendCards(job, due, report, context, claimed, retried);
  const record = recorder(context, 'activity-feed');
  if (outcome.kind === 'failed') {
    await record(claimed, 'failed', outcome.why);
    report.failed.push({ lead: job.lead.name, refs: refsOf(claimed), why: outcome.why });
    return false;
  }
  await record(claimed, 'sent');
  (report.notified ??= []).push({ lead: job.lead.name, refs: refsOf(claimed), retried: Math.min(retried, claimed.length) });
  return false;
}

/** A lead in the tenant (a member or a guest): their card(s) in their chat with the bot. */
async function deliverByCard(job: LeadDue, due: PlanDue, report: PlanSweepReport, context: DeliveryContext): Promise<boolean> {
  const { claimed, retried } = await claimAll(job, due, report, context, await reachableSinceOf(job, context));
  if (claimed.length === 0) return false;
  context.signal?.throwIfAborted();
  return sendCards(job, due, report, context, claimed, retried);
}

/** The claimed reminders' card(s) to the lead's chat, found or made by LeadReach. */
async function sendCards(job: LeadDue, due: PlanDue, report: PlanSweepReport, context: DeliveryContext, claimed: readonly ReminderDue[], retried: number): Promise<boolean> {
  const { delivery, signal } = context;
  const { reach, sender } = delivery;
  const { lead } = job;
  const { plan, today } = due;
  const record = recorder(context, 'card');

  let reached: Reach;
  try {
    reached = await reach.resolve(job.userId, job.displayName);
  } catch (error) {
    // Graph or the store failing for this lead (not a refusal to install): retried next sweep.
    if (signal?.aborted) throw error;
    const why = `finding their chat failed (${error instanceof Error ? error.name : 'error'}); retried next sweep`;
    await record(claimed, 'failed', why);
    report.failed.push({ lead: lead.name, refs: refsOf(claimed), why });
    return false;
  }
  if (reached.kind === 'unreachable') {
    await record(claimed, 'unreachable', reached.reason);
    report.unreachable.push({ lead: lead.name, refs: refsOf(claimed), why: reached.reason });
    return false;
  }
  let address: Address = reached.address;
  let recovered = false;
  let cards = 0;
  const sentItems: ReminderDue[] = [];

  for (const items of reminderCardGroups(claimed)) {
    const card = (a: Address): AdaptiveCard => reminderCard({ plan: { id: plan.id, title: plan.title, timeZone: plan.timeZone }, lead: lead.name, userIds: a.userMri ? [a.userMri] : [], today, items });
    const n = items.length;
    const summary = `Action plan reminder: ${n} action${n === 1 ? ' needs' : 's need'} an update`;
    let result = await sender.send(address.target, cardMessage(card(address), summary), signal);
    // A deleted chat or an uninstalled app: install once more (or open a new chat), send once more, never loop.
    if (result.kind === 'gone' && !recovered) {
      recovered = true;
      let again: Reach;
      try {
        again = await reach.recover(address, job.displayName, `${result.status} ${result.code}`);
      } catch (error) {
        if (signal?.aborted) throw error;
        const why = `their chat answered ${result.status} ${result.code} and installing the app again failed (${error instanceof Error ? error.name : 'error'}); retried next sweep`;
        await record(items, 'failed', why);
        report.failed.push({ lead: lead.name, refs: refsOf(items), why });
        continue;
      }
      if (again.kind === 'unreachable') {
        await record(items, 'unreachable', again.reason);
        report.unreachable.push({ lead: lead.name, refs: refsOf(items), why: again.reason });
        continue;
      }
      address = again.address;
      result = await sender.send(address.target, cardMessage(card(address), summary), signal);
    }
    signal?.throwIfAborted();
    if (result.kind === 'sent') {
      await record(items, 'sent');
      if (cards === 0) await reach.remember(address, job.displayName);
      sentItems.push(...items);
      cards += 1;
    } else if (result.kind === 'gone' || result.kind === 'blocked') {
      const why = result.kind === 'blocked' ? `the lead blocked the bot or an admin disabled it (${result.status} ${result.code}); they must message the bot again` : `their chat still answered ${result.status} ${result.code} after installing the app again`;
      await record(items, 'unreachable', why);
      report.unreachable.push({ lead: lead.name, refs: refsOf(items), why });
    } else {
      await record(items, 'failed', sendFailure(result));
      report.failed.push({ lead: lead.name, refs: refsOf(items), why: `${sendFailure(result)}; retried next sweep` });
      if (result.kind === 'refused') return true;
    }
  }
  if (sentItems.length > 0) {
    report.sent.push({ lead: lead.name, refs: refsOf(sentItems), cards, via: address.source, retried: Math.min(retried, sentItems.length) });
  }
  return false;
}
