import type { ReminderReason } from '../plan/reminder-policy.js';

export { REMINDER_REASONS, type ReminderReason } from '../plan/reminder-policy.js';

export interface NewReminder {
  /** Unique per action, lead, reason and period: the store refuses a second one. */
  key: string;
  planId: string;
  actionId: string;
  /** The lead's name as the plan has it. */
  lead: string;
  /** Entra ID object id when the lead is mapped to a person. */
  leadUserId: string | null;
  reason: ReminderReason;
  /** The period the reminder is for, such as the due date or "2017-Q3". */
  period: string;
  claimedAt: string;
}

export type ReminderStatus = 'claimed' | 'sent' | 'failed' | 'unreachable' | 'answered';

/**
 * How a reminder reached the person: a card in their chat with the bot, Teams' activity feed, or
 * an email with a one-time link to a lead with no account in the tenant (the link answers only
 * reminders sent this way).
 */
export const REMINDER_CHANNELS = ['card', 'activity-feed', 'email'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export type ReminderOutcome =
  | { status: 'sent'; at: string; via: ReminderChannel }
  | { status: 'failed'; at: string; error: string }
  | { status: 'unreachable'; at: string; error: string }
  | { status: 'answered'; at: string };

export interface Reminder extends NewReminder {
  status: ReminderStatus;
  sentAt: string | null;
  answeredAt: string | null;
  attempts: number;
  lastError: string | null;
  /** How it was sent; null until it is (a reminder is sent one way only). */
  via: ReminderChannel | null;
}

/** The reminder log: each reminder claimed before it is sent, and its outcome, so no lead hears twice. */
export interface ReminderLog {
  /** Records a reminder before it is sent; claimed is false if its key already exists (another sender has it). */
  claimReminder(reminder: NewReminder): Promise<{ claimed: boolean; reminder: Reminder }>;
  recordReminderOutcome(key: string, outcome: ReminderOutcome): Promise<Reminder>;
  /**
   * Takes a reminder back to 'claimed' for another try: one left 'failed' or 'unreachable', or left
   * 'claimed' by a sender that stopped half way (when to retry is the sender's call). Only if it is
   * still as `seen` (status, claimedAt and attempts), so of two sweeps retrying it at once one gets
   * claimed true and the other sends nothing. A sent or answered reminder is never taken back.
   */
  retakeReminder(key: string, seen: Pick<Reminder, 'status' | 'claimedAt' | 'attempts'>, claimedAt: string): Promise<{ claimed: boolean; reminder: Reminder }>;
  listReminders(filter?: { planId?: string; actionId?: string; status?: Reminder['status'] }): Promise<Reminder[]>;
}
