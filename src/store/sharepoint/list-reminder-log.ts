import { HttpError, isUniqueValueConflict } from '../../graph/http-error.js';
import { PlanError } from '../../plan/errors.js';
import type { NewReminder, Reminder, ReminderLog, ReminderOutcome } from '../reminder-log.js';
import { newReminder, readReminder, reminderFields, storedKey } from './item-codec.js';
import { REMINDERS_LIST, selectFor } from './list-schema.js';
import { byLookup } from './lookup-filter.js';
import { isItemId, odataString, type ListItem, type SiteLists } from './site-lists.js';

const REMINDER_SELECT = selectFor(REMINDERS_LIST);

/**
 * The reminder log in the hidden Reminders list. Its unique Key column is the claim's lock, and an
 * item's eTag the lock on retaking or recording it.
 */
export class ListReminderLog implements ReminderLog {
  /**
   * Reminders this store claimed and has not yet recorded an outcome for: their item id and eTag,
   * so that recording the outcome is one PATCH, not a query by key first (a sweep's list queries
   * stay constant however many reminders it sends).
   */
  private readonly claimed = new Map<string, { item: ListItem; reminder: Reminder }>();

  constructor(private readonly lists: SiteLists) {}

  private async reminderItemByKey(key: string): Promise<{ item: ListItem; reminder: Reminder } | null> {
    const items = await this.lists.query('reminders', { select: REMINDER_SELECT, filter: `fields/Key eq ${odataString(storedKey(key))}`, limit: 5 });
    for (const item of items) {
      const reminder = readReminder(item);
      if (reminder.key === key) return { item, reminder };
    }
    return null;
  }

  async claimReminder(claim: NewReminder): Promise<{ claimed: boolean; reminder: Reminder }> {
    const reminder = newReminder(claim);
    try {
      const item = await this.lists.create('reminders', reminderFields(reminder));
      if (item.eTag) this.claimed.set(reminder.key, { item, reminder });
      return { claimed: true, reminder };
    } catch (error) {
      // The unique Key column is the lock: the second sender is refused and sends nothing.
      if (!(error instanceof HttpError && isUniqueValueConflict(error.status, error.body))) throw error;
      const existing = await this.reminderItemByKey(claim.key);
      if (!existing) throw error;
      return { claimed: false, reminder: existing.reminder };
    }
  }

  async recordReminderOutcome(key: string, outcome: ReminderOutcome): Promise<Reminder> {
    const ours = this.claimed.get(key);
    this.claimed.delete(key);
    for (let attempt = 1; ; attempt += 1) {
      // Our own claim's item first; after a 412 (changed meanwhile), or for another's claim, read it.
      const found = attempt === 1 && ours ? ours : await this.reminderItemByKey(key);
      if (!found) throw new PlanError('invalid_input', `no reminder was claimed with key ${key}`);
      const r = found.reminder;
      const next: Reminder =
        outcome.status === 'answered'
          ? { ...r, status: 'answered', answeredAt: outcome.at }
          : outcome.status === 'sent'
            ? { ...r, status: 'sent', sentAt: outcome.at, via: outcome.via, attempts: r.attempts + 1, lastError: null }
            : { ...r, status: outcome.status, attempts: r.attempts + 1, lastError: outcome.error };
      try {
        await this.lists.patch('reminders', found.item.id, reminderFields(next), found.item.eTag);
        return next;
      } catch (error) {
        // Two outcomes for one reminder at once: read again and apply ours to the newer state.
        if (!(error instanceof HttpError && error.status === 412) || attempt >= 3) throw error;
      }
    }
  }

  async retakeReminder(key: string, seen: Pick<Reminder, 'status' | 'claimedAt' | 'attempts'>, claimedAt: string): Promise<{ claimed: boolean; reminder: Reminder }> {
    const found = await this.reminderItemByKey(key);
    if (!found) throw new PlanError('invalid_input', `no reminder was claimed with key ${key}`);
    const r = found.reminder;
    const unchanged = r.status === seen.status && r.claimedAt === seen.claimedAt && r.attempts === seen.attempts;
    if (!unchanged || r.status === 'sent' || r.status === 'answered') return { claimed: false, reminder: r };
    const next: Reminder = { ...r, status: 'claimed', claimedAt };
    try {
      // The item's eTag is the lock: a second sweep retaking it at once gets 412 and sends nothing.
      const eTag = await this.lists.patch('reminders', found.item.id, reminderFields(next), found.item.eTag);
      if (eTag) this.claimed.set(key, { item: { ...found.item, eTag }, reminder: next });
      return { claimed: true, reminder: next };
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 412)) throw error;
      const now = await this.reminderItemByKey(key);
      return { claimed: false, reminder: now?.reminder ?? r };
    }
  }

  async listReminders(filter: { planId?: string; actionId?: string; status?: Reminder['status'] } = {}): Promise<Reminder[]> {
    const clauses: string[] = [];
    if (filter.planId !== undefined) {
      if (!isItemId(filter.planId)) return [];
      clauses.push(byLookup('Plan', filter.planId));
    }
    if (filter.actionId !== undefined) {
      if (!isItemId(filter.actionId)) return [];
      clauses.push(byLookup('Action', filter.actionId));
    }
    const items = await this.lists.query('reminders', { select: REMINDER_SELECT, ...(clauses.length > 0 && { filter: clauses.join(' and ') }) });
    return items.map(readReminder).filter((r) => filter.status === undefined || r.status === filter.status);
  }
}
