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

export type ReminderOutcome =
  | { status: 'sent'; at: string }
  | { status: 'failed'; at: string; error: string }
  | { status: 'unreachable'; at: string; error: string }
  | { status: 'answered'; at: string };

export interface Reminder extends NewReminder {
  status: ReminderStatus;
  sentAt: string | null;
  answeredAt: string | null;
  attempts: number;
  lastError: string | null;
}
