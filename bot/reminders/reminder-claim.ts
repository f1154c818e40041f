import type { ReminderLog } from '../../src/store/reminder-log.js';
import type { NewReminder, Reminder } from '../../src/store/reminder-log.js';

/**
 * Claim before send (DESIGN.md, "Rules that matter"): the reminder's key is written to the log
 * before its card goes, and only the sweep whose write went through sends it. A key already there
 * is one of:
 *
 * - sent or answered: done, never again;
 * - failed: retried, by whichever sweep retakes it first;
 * - claimed more than `staleClaimMs` ago: its sender died half way; retried the same way. A sender
 *   still at work is never overtaken, because a send gives up well within that time
 *   (ProactiveSender: maxAttempts × maxDelayMs);
 * - claimed recently: another sweep is sending it now;
 * - unreachable: retried only once the person has a usable chat with the bot again (they opened
 *   it, or the app was installed for them since), never in a loop.
 */
export const DEFAULT_STALE_CLAIM_MS = 10 * 60 * 1000;

export type ClaimResult = { claimed: true; reminder: Reminder; retry: boolean } | { claimed: false; reminder: Reminder; why: string };

export interface ClaimContext {
  store: ReminderLog;
  now: Date;
  staleClaimMs: number;
  /** When the person last gave the bot a usable chat (their stored reference's updatedAt), if they have one. */
  reachableSince?: string | null;
}

function day(instant: string | null): string {
  return instant ? instant.slice(0, 10) : 'an earlier sweep';
}

/** Whether the log's entry may be taken back for another try, and why not if not. */
export function retryVerdict(existing: Reminder, now: Date, staleClaimMs: number, reachableSince: string | null = null): { retry: true } | { retry: false; why: string } {
  switch (existing.status) {
    case 'sent':
      return { retry: false, why: `already sent on ${day(existing.sentAt)}` };
    case 'answered':
      return { retry: false, why: `already answered on ${day(existing.answeredAt)}` };
    case 'failed':
      return { retry: true };
    case 'unreachable':
      return reachableSince !== null && reachableSince > existing.claimedAt ? { retry: true } : { retry: false, why: `lead unreachable when last tried (${day(existing.claimedAt)})` };
    case 'claimed':
      return now.getTime() - Date.parse(existing.claimedAt) >= staleClaimMs
        ? { retry: true }
        : { retry: false, why: 'being sent by another sweep right now' };
  }
}

export async function claimOrRetake(reminder: NewReminder, context: ClaimContext): Promise<ClaimResult> {
  const { store, now, staleClaimMs } = context;
  const first = await store.claimReminder(reminder);
  if (first.claimed) return { claimed: true, reminder: first.reminder, retry: false };
  const verdict = retryVerdict(first.reminder, now, staleClaimMs, context.reachableSince ?? null);
  if (!verdict.retry) return { claimed: false, reminder: first.reminder, why: verdict.why };
  const retaken = await store.retakeReminder(reminder.key, first.reminder, now.toISOString());
  if (retaken.claimed) return { claimed: true, reminder: retaken.reminder, retry: true };
  return { claimed: false, reminder: retaken.reminder, why: 'being retried by another sweep right now' };
}
