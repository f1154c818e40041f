import type { Clock } from '../../src/config/today.js';
import type { PlansAndActions } from '../../src/store/plans-and-actions.js';
import type { ReminderLog } from '../../src/store/reminder-log.js';
import { digestCard } from '../cards/digest-card.js';
import { cardMessage } from '../delivery/connector-client.js';
import { escalationKey, escalations, ownerRecipient, type Escalation } from './escalation.js';
import { claimOrRetake, retryVerdict } from './reminder-claim.js';
import { sendFailure } from './send-outcome.js';
import type { SweepMode } from './sweep-mode.js';
import type { PlanSweepReport } from './sweep-report.js';
import type { PlanDue } from './who-is-due.js';

export interface EscalationContext {
  store: PlansAndActions & ReminderLog;
  clock: Clock;
  mode: SweepMode;
  staleClaimMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Actions overdue with no update after two reminders go to the plan owner in one digest, once per
 * overdue period (claimed like a reminder); a dry run says whether it would go.
 */
export async function escalationDigest(due: PlanDue, context: EscalationContext): Promise<PlanSweepReport['escalation']> {
  const { store, clock, mode, staleClaimMs } = context;
  const { plan, today } = due;
  const log = mode.kind === 'dry-run' ? due.log : await store.listReminders({ planId: plan.id });
  const found = escalations(due.due, log, today, plan.timeZone);
  if (found.length === 0) return null;
  const refs = found.map((e) => e.due.action.ref);
  const owner = ownerRecipient(plan.owner, due.mappings);
  if (owner.kind === 'unreachable') return { owner: plan.owner, refs, status: 'unreachable', why: owner.reason };
  const ownerName = plan.owner!;
  const keyOf = (e: Escalation): string => escalationKey(e.due.action.id, ownerName, e.due.period);

  if (mode.kind === 'dry-run') {
    const byKey = new Map(log.map((r) => [r.key, r]));
    const fresh = found.filter((e) => {
      const existing = byKey.get(keyOf(e));
      return !existing || retryVerdict(existing, clock(), staleClaimMs).retry;
    });
    return fresh.length === 0
      ? { owner: ownerName, refs, status: 'already-sent', why: 'in a digest already this overdue period' }
      : { owner: ownerName, refs: fresh.map((e) => e.due.action.ref), status: 'would-send', why: `overdue with no update after two reminders; digest to ${owner.displayName}` };
  }

  const claimed: Escalation[] = [];
  for (const e of found) {
    const result = await claimOrRetake(
      { key: keyOf(e), planId: plan.id, actionId: e.due.action.id, lead: ownerName, leadUserId: owner.userId, reason: 'overdue', period: e.due.period, claimedAt: clock().toISOString() },
      { store, now: clock(), staleClaimMs: staleClaimMs },
    );
    if (result.claimed) claimed.push(e);
  }
  if (claimed.length === 0) return { owner: ownerName, refs, status: 'already-sent', why: 'in a digest already this overdue period' };
  const claimedRefs = claimed.map((e) => e.due.action.ref);
  const record = async (status: 'sent' | 'failed' | 'unreachable', error = ''): Promise<void> => {
    const at = clock().toISOString();
    for (const e of claimed) await store.recordReminderOutcome(keyOf(e), status === 'sent' ? { status, at, via: 'card' } : { status, at, error });
  };

  const reached = await mode.reach.resolve(owner.userId, owner.displayName);
  if (reached.kind === 'unreachable') {
    await record('unreachable', reached.reason);
    return { owner: ownerName, refs: claimedRefs, status: 'unreachable', why: reached.reason };
  }
  const card = digestCard({ plan: { id: plan.id, title: plan.title, timeZone: plan.timeZone }, owner: ownerName, today, items: claimed.map((e) => e.item) });
  const n = claimed.length;
  const result = await mode.sender.send(reached.address.target, cardMessage(card, `${n} overdue action${n === 1 ? '' : 's'} with no update`), context.signal);
  if (result.kind === 'sent') {
    await record('sent');
    await mode.reach.remember(reached.address, owner.displayName);
    return { owner: ownerName, refs: claimedRefs, status: 'sent', why: `overdue with no update after two reminders; digest sent to ${owner.displayName}` };
  }
  const why = sendFailure(result);
  const status = result.kind === 'failed' || result.kind === 'refused' ? 'failed' : 'unreachable';
  await record(status, why);
  return { owner: ownerName, refs: claimedRefs, status, why: status === 'failed' ? `${why}; retried next sweep` : why };
}
