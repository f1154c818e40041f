import { beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { reminder } from './contract-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** ReminderLog: a reminder claimed once, by one of two senders or sweeps, with its outcome. */
export function reminderLogContract(ctx: ContractContext): void {
  const { byRef } = ctx;
  describe('conflicts and uniqueness', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    it('lets only one of two concurrent claims of a reminder key through', async () => {
      const action = await byRef('4.3');
      const results = await Promise.all([
        store.claimReminder(reminder('r-4.3', plan, action.id)),
        store.claimReminder(reminder('r-4.3', plan, action.id, { claimedAt: '2018-01-05T09:00:00.500Z' })),
      ]);
      expect(results.map((r) => r.claimed).sort()).toEqual([false, true]);
      expect(results[0]!.reminder.key).toBe('r-4.3');
      expect(results[1]!.reminder.claimedAt).toBe(results[0]!.reminder.claimedAt);
      expect(await store.listReminders({ actionId: action.id })).toHaveLength(1);
    });

    it('answers a second claim of a sent reminder with the reminder as it stands', async () => {
      const action = await byRef('4.4');
      await store.claimReminder(reminder('r-4.4', plan, action.id));
      await store.recordReminderOutcome('r-4.4', { status: 'sent', at: '2018-01-05T09:00:02.000Z', via: 'card' });
      const again = await store.claimReminder(reminder('r-4.4', plan, action.id, { claimedAt: '2018-01-06T09:00:00.000Z' }));
      expect(again.claimed).toBe(false);
      expect(again.reminder).toMatchObject({ status: 'sent', sentAt: '2018-01-05T09:00:02.000Z', claimedAt: '2018-01-05T09:00:00.000Z' });
    });

    it('records how a reminder was sent: by card or through the activity feed, none until it is', async () => {
      const action = await byRef('4.4');
      const { reminder: claimed } = await store.claimReminder(reminder('r-feed', plan, action.id));
      expect(claimed.via).toBeNull();
      const sent = await store.recordReminderOutcome('r-feed', { status: 'sent', at: '2018-01-05T09:00:02.000Z', via: 'activity-feed' });
      expect(sent).toMatchObject({ status: 'sent', via: 'activity-feed' });
      expect((await store.listReminders({ actionId: action.id })).find((r) => r.key === 'r-feed')!.via).toBe('activity-feed');
      await store.recordReminderOutcome('r-feed', { status: 'answered', at: '2018-01-06T10:00:00.000Z' });
      expect((await store.listReminders({ actionId: action.id })).find((r) => r.key === 'r-feed')).toMatchObject({ status: 'answered', via: 'activity-feed' });
    });

    it('records a reminder emailed to a lead with no account, and once answered never lets it be taken back or claimed again', async () => {
      const action = await byRef('4.4');
      await store.claimReminder(reminder('r-email', plan, action.id, { leadUserId: null }));
      const sent = await store.recordReminderOutcome('r-email', { status: 'sent', at: '2018-01-05T09:00:02.000Z', via: 'email' });
      expect(sent).toMatchObject({ status: 'sent', via: 'email', leadUserId: null });
      const answered = await store.recordReminderOutcome('r-email', { status: 'answered', at: '2018-01-06T10:00:00.000Z' });
      expect(answered).toMatchObject({ status: 'answered', via: 'email', answeredAt: '2018-01-06T10:00:00.000Z' });
      expect((await store.retakeReminder('r-email', answered, '2018-01-07T09:00:00.000Z')).claimed).toBe(false);
      expect((await store.claimReminder(reminder('r-email', plan, action.id, { claimedAt: '2018-01-07T09:00:00.000Z' }))).claimed).toBe(false);
      expect((await store.listReminders({ actionId: action.id })).find((r) => r.key === 'r-email')).toMatchObject({ status: 'answered', via: 'email' });
    });

    it('lets only one of two sweeps retake a failed reminder', async () => {
      const action = await byRef('4.3');
      await store.claimReminder(reminder('r-retry', plan, action.id));
      const failed = await store.recordReminderOutcome('r-retry', { status: 'failed', at: '2018-01-05T09:00:01.000Z', error: '503 after 5 tries' });
      const results = await Promise.all([
        store.retakeReminder('r-retry', failed, '2018-01-06T09:00:00.000Z'),
        store.retakeReminder('r-retry', failed, '2018-01-06T09:00:00.200Z'),
      ]);
      expect(results.map((r) => r.claimed).sort()).toEqual([false, true]);
      const taken = results.find((r) => r.claimed)!.reminder;
      expect(taken).toMatchObject({ status: 'claimed', attempts: 1, lastError: '503 after 5 tries' });
      expect((await store.listReminders({ actionId: action.id }))[0]).toMatchObject({ status: 'claimed', claimedAt: taken.claimedAt });
    });

    it('retakes a claim left unsent only as it was seen, and never a sent reminder', async () => {
      const action = await byRef('4.4');
      const { reminder: left } = await store.claimReminder(reminder('r-stale', plan, action.id));
      const first = await store.retakeReminder('r-stale', left, '2018-01-05T09:20:00.000Z');
      expect(first).toMatchObject({ claimed: true, reminder: { status: 'claimed', claimedAt: '2018-01-05T09:20:00.000Z' } });
      // A sweep that read the claim before it was taken over sees it changed.
      expect((await store.retakeReminder('r-stale', left, '2018-01-05T09:21:00.000Z')).claimed).toBe(false);

      const sent = await store.recordReminderOutcome('r-stale', { status: 'sent', at: '2018-01-05T09:20:01.000Z', via: 'card' });
      const again = await store.retakeReminder('r-stale', sent, '2018-01-06T09:00:00.000Z');
      expect(again).toMatchObject({ claimed: false, reminder: { status: 'sent', sentAt: '2018-01-05T09:20:01.000Z' } });
      await expect(store.retakeReminder('r-none', sent, '2018-01-06T09:00:00.000Z')).rejects.toMatchObject({ code: 'invalid_input' });

      await store.claimReminder(reminder('r-unreached', plan, action.id));
      const unreached = await store.recordReminderOutcome('r-unreached', { status: 'unreachable', at: '2018-01-05T09:00:01.000Z', error: 'never opened the bot' });
      expect((await store.retakeReminder('r-unreached', unreached, '2018-01-08T09:00:00.000Z')).reminder).toMatchObject({ status: 'claimed', lastError: 'never opened the bot' });
    });
  });

  describe('reminders', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    it('records a claimed reminder as claimed, not yet sent', async () => {
      const action = await byRef('4.3');
      const { claimed, reminder: stored } = await store.claimReminder(reminder('r-claimed', plan, action.id, { leadUserId: 'aad-louise' }));
      expect(claimed).toBe(true);
      expect(stored).toEqual({ ...reminder('r-claimed', plan, action.id, { leadUserId: 'aad-louise' }), status: 'claimed', sentAt: null, answeredAt: null, attempts: 0, lastError: null, via: null });
    });

    it('records what happened to a reminder', async () => {
      const action = await byRef('4.3');
      await store.claimReminder(reminder('r-outcome', plan, action.id));
      const failed = await store.recordReminderOutcome('r-outcome', { status: 'failed', at: '2018-01-05T09:00:01.000Z', error: '429 after 5 tries' });
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: '429 after 5 tries', sentAt: null });
      const sent = await store.recordReminderOutcome('r-outcome', { status: 'sent', at: '2018-01-05T09:05:00.000Z', via: 'card' });
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, sentAt: '2018-01-05T09:05:00.000Z', lastError: null });
      const answered = await store.recordReminderOutcome('r-outcome', { status: 'answered', at: '2018-01-06T14:00:00.000Z' });
      expect(answered).toMatchObject({ status: 'answered', sentAt: '2018-01-05T09:05:00.000Z', answeredAt: '2018-01-06T14:00:00.000Z' });
      expect(await store.listReminders({ planId: plan.id, status: 'answered' })).toEqual([answered]);
    });

    it('marks a lead who cannot be reached, with the reason', async () => {
      const action = await byRef('4.4');
      await store.claimReminder(reminder('r-unreachable', plan, action.id));
      const outcome = await store.recordReminderOutcome('r-unreachable', { status: 'unreachable', at: '2018-01-05T09:00:01.000Z', error: '403 ConversationNotFound' });
      expect(outcome).toMatchObject({ status: 'unreachable', lastError: '403 ConversationNotFound' });
    });

    it('lists reminders by plan, action and status', async () => {
      const [a43, a44] = [await byRef('4.3'), await byRef('4.4')];
      await store.claimReminder(reminder('r-a', plan, a43.id));
      await store.claimReminder(reminder('r-b', plan, a44.id, { reason: 'stale', period: '2018-Q1' }));
      await store.recordReminderOutcome('r-b', { status: 'sent', at: '2018-01-05T09:00:03.000Z', via: 'card' });
      expect((await store.listReminders({ planId: plan.id })).map((r) => r.key).sort()).toEqual(['r-a', 'r-b']);
      expect((await store.listReminders({ actionId: a44.id })).map((r) => r.key)).toEqual(['r-b']);
      expect((await store.listReminders({ status: 'claimed' })).map((r) => r.key)).toEqual(['r-a']);
      expect(await store.listReminders({ planId: 'no-such-plan' })).toEqual([]);
    });
  });
}
