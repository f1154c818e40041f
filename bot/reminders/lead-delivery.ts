import type { Clock } from '../../src/config/today.js';
import type { ReminderDue } from '../../src/plan/reminder-policy.js';
import type { ConversationReferenceStore } from '../../src/store/conversation-reference.js';
import type { ReminderLog } from '../../src/store/reminder-log.js';
import type { AdaptiveCard } from '../cards/adaptive-card.js';
import { reminderCard, reminderCardGroups } from '../cards/reminder-card.js';
import { cardMessage } from '../delivery/connector-client.js';
import type { Address, Reach } from '../delivery/lead-reach.js';
import { claimOrRetake } from './reminder-claim.js';
import { sendFailure } from './send-outcome.js';
import type { Delivery } from './sweep-mode.js';
import type { PlanSweepReport } from './sweep-report.js';
import type { LeadDue, PlanDue } from './who-is-due.js';

/*
 * Delivering one lead's reminders: every key is claimed in the reminder log BEFORE anything is
 * sent (reminder-claim.ts), so a second server sends nothing twice and the next sweep finishes what
 * a dead one left; one card per lead (more than fifteen actions split) goes to the lead's chat,
 * found or made by LeadReach, within Teams' rate limits (ProactiveSender); each key's outcome is
 * recorded: sent, failed (retried next sweep) or unreachable.
 */

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

/** Claims the lead's reminders, sends their card(s), records each outcome. True when the bot's credentials were refused. */
export async function deliverToLead(job: LeadDue, due: PlanDue, report: PlanSweepReport, context: DeliveryContext): Promise<boolean> {
  const { store, clock, delivery, staleClaimMs, signal } = context;
  const { reach, sender } = delivery;
  const { lead } = job;
  const { plan, today } = due;
  const stored = await store.getConversationReference(job.userId);
  const reachableSince = stored && stored.uninstalledAt === undefined ? stored.updatedAt : null;

  const claimed: ReminderDue[] = [];
  let retried = 0;
  for (const item of job.items) {
    const result = await claimOrRetake(
      { key: item.key, planId: plan.id, actionId: item.action.id, lead: lead.name, leadUserId: job.userId, reason: item.reason, period: item.period, claimedAt: clock().toISOString() },
      { store, now: clock(), staleClaimMs, reachableSince },
    );
    if (result.claimed) {
      claimed.push(item);
      if (result.retry) retried += 1;
    } else {
      report.skipped.push({ lead: lead.name, ref: item.action.ref, why: result.why });
    }
  }
  if (claimed.length === 0) return false;
  signal?.throwIfAborted();

  const record = async (items: readonly ReminderDue[], outcome: 'sent' | 'failed' | 'unreachable', error = ''): Promise<void> => {
    const at = clock().toISOString();
    for (const item of items) {
      await store.recordReminderOutcome(item.key, outcome === 'sent' ? { status: 'sent', at, via: 'card' } : { status: outcome, at, error });
    }
  };

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
