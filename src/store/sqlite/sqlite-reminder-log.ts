import { PlanError } from '../../plan/errors.js';
import type { NewReminder, Reminder, ReminderLog, ReminderOutcome } from '../reminder-log.js';
import type { StatementCache } from './statement-cache.js';

interface ReminderRow {
  key: string;
  plan_id: string;
  action_id: string;
  lead: string;
  lead_user_id: string | null;
  reason: string;
  period: string;
  claimed_at: string;
  status: string;
  sent_at: string | null;
  answered_at: string | null;
  attempts: number;
  last_error: string | null;
  via: string | null;
}

function toReminder(row: ReminderRow): Reminder {
  return {
    key: row.key,
    planId: row.plan_id,
    actionId: row.action_id,
    lead: row.lead,
    leadUserId: row.lead_user_id,
    reason: row.reason as Reminder['reason'],
    period: row.period,
    claimedAt: row.claimed_at,
    status: row.status as Reminder['status'],
    sentAt: row.sent_at,
    answeredAt: row.answered_at,
    attempts: row.attempts,
    lastError: row.last_error,
    via: row.via as Reminder['via'],
  };
}

/** The reminder log in the reminders table: a key is claimed once, its outcome recorded after. */
export class SqliteReminderLog implements ReminderLog {
  constructor(private readonly sql: StatementCache) {}

  async claimReminder(reminder: NewReminder): Promise<{ claimed: boolean; reminder: Reminder }> {
    const result = this.sql.get(
      `INSERT INTO reminders (key, plan_id, action_id, lead, lead_user_id, reason, period, claimed_at, status, sent_at, answered_at, attempts, last_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'claimed', NULL, NULL, 0, NULL) ON CONFLICT(key) DO NOTHING`,
    ).run(reminder.key, reminder.planId, reminder.actionId, reminder.lead, reminder.leadUserId, reminder.reason, reminder.period, reminder.claimedAt);
    const row = this.sql.get('SELECT * FROM reminders WHERE key = ?').get(reminder.key) as ReminderRow;
    return { claimed: result.changes === 1, reminder: toReminder(row) };
  }

  async recordReminderOutcome(key: string, outcome: ReminderOutcome): Promise<Reminder> {
    const row = this.sql.get('SELECT * FROM reminders WHERE key = ?').get(key) as ReminderRow | undefined;
    if (!row) throw new PlanError('invalid_input', `no reminder with key ${key}`);
    const attempts = outcome.status === 'answered' ? row.attempts : row.attempts + 1;
    this.sql.get('UPDATE reminders SET status = ?, sent_at = ?, via = ?, answered_at = ?, attempts = ?, last_error = ? WHERE key = ?').run(
      outcome.status,
      outcome.status === 'sent' ? outcome.at : row.sent_at,
      outcome.status === 'sent' ? outcome.via : row.via,
      outcome.status === 'answered' ? outcome.at : row.answered_at,
      attempts,
      outcome.status === 'failed' || outcome.status === 'unreachable' ? outcome.error : outcome.status === 'sent' ? null : row.last_error,
      key,
    );
    return toReminder(this.sql.get('SELECT * FROM reminders WHERE key = ?').get(key) as ReminderRow);
  }

  async retakeReminder(key: string, seen: Pick<Reminder, 'status' | 'claimedAt' | 'attempts'>, claimedAt: string): Promise<{ claimed: boolean; reminder: Reminder }> {
    // One UPDATE with the state the caller saw in its WHERE: SQLite runs it atomically, so a second retake finds the row changed.
    const result =
      seen.status === 'failed' || seen.status === 'claimed' || seen.status === 'unreachable'
        ? this.sql.get(`UPDATE reminders SET status = 'claimed', claimed_at = ? WHERE key = ? AND status = ? AND claimed_at = ? AND attempts = ?`).run(claimedAt, key, seen.status, seen.claimedAt, seen.attempts)
        : { changes: 0 };
    const row = this.sql.get('SELECT * FROM reminders WHERE key = ?').get(key) as ReminderRow | undefined;
    if (!row) throw new PlanError('invalid_input', `no reminder with key ${key}`);
    return { claimed: result.changes === 1, reminder: toReminder(row) };
  }

  async listReminders(filter: { planId?: string; actionId?: string; status?: Reminder['status'] } = {}): Promise<Reminder[]> {
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (filter.planId !== undefined) {
      where.push('plan_id = @planId');
      params.planId = filter.planId;
    }
    if (filter.actionId !== undefined) {
      where.push('action_id = @actionId');
      params.actionId = filter.actionId;
    }
    if (filter.status !== undefined) {
      where.push('status = @status');
      params.status = filter.status;
    }
    const sql = `SELECT * FROM reminders${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY claimed_at, key`;
    return (this.sql.get(sql).all(params) as ReminderRow[]).map(toReminder);
  }
}
