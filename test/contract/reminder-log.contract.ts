import { beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { reminder } from './contract-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** ReminderLog and ConversationReferenceStore: reminders claimed once with their outcomes, and how to reach each person. */
export function reminderLogContract(ctx: ContractContext): void {
  const { byRef } = ctx;
  describe('reminders and conversations', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    it('records a claimed reminder as claimed, not yet sent', async () => {
      const action = await byRef('4.3');
      const { claimed, reminder: stored } = await store.claimReminder(reminder('r-claimed', plan, action.id, { leadUserId: 'aad-louise' }));
      expect(claimed).toBe(true);
      expect(stored).toEqual({ ...reminder('r-claimed', plan, action.id, { leadUserId: 'aad-louise' }), status: 'claimed', sentAt: null, answeredAt: null, attempts: 0, lastError: null });
    });

    it('records what happened to a reminder', async () => {
      const action = await byRef('4.3');
      await store.claimReminder(reminder('r-outcome', plan, action.id));
      const failed = await store.recordReminderOutcome('r-outcome', { status: 'failed', at: '2018-01-05T09:00:01.000Z', error: '429 after 5 tries' });
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: '429 after 5 tries', sentAt: null });
      const sent = await store.recordReminderOutcome('r-outcome', { status: 'sent', at: '2018-01-05T09:05:00.000Z' });
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
      await store.recordReminderOutcome('r-b', { status: 'sent', at: '2018-01-05T09:00:03.000Z' });
      expect((await store.listReminders({ planId: plan.id })).map((r) => r.key).sort()).toEqual(['r-a', 'r-b']);
      expect((await store.listReminders({ actionId: a44.id })).map((r) => r.key)).toEqual(['r-b']);
      expect((await store.listReminders({ status: 'claimed' })).map((r) => r.key)).toEqual(['r-a']);
      expect(await store.listReminders({ planId: 'no-such-plan' })).toEqual([]);
    });

    it('keeps one conversation reference per person, the newest', async () => {
      const ref = { userId: 'aad-1', userName: 'Jane Price', tenantId: 't1', conversationId: 'a:1', serviceUrl: 'https://smba.trafficmanager.net/uk/', reference: { conversation: { id: 'a:1' } }, updatedAt: '2018-01-01T00:00:00.000Z' };
      await store.saveConversationReference(ref);
      await store.saveConversationReference({ ...ref, conversationId: 'a:2', reference: { conversation: { id: 'a:2' } }, updatedAt: '2018-02-01T00:00:00.000Z' });
      await store.saveConversationReference({ ...ref, userId: 'aad-2', userName: 'Louise West', conversationId: 'a:3' });
      expect(await store.getConversationReference('aad-1')).toEqual({ ...ref, conversationId: 'a:2', reference: { conversation: { id: 'a:2' } }, updatedAt: '2018-02-01T00:00:00.000Z' });
      expect((await store.listConversationReferences()).map((r) => r.userId).sort()).toEqual(['aad-1', 'aad-2']);
      expect(await store.getConversationReference('nobody')).toBeNull();
    });

    it('keeps the mark of a person who uninstalled the bot until a newer reference replaces it', async () => {
      const ref = { userId: 'aad-1', userName: 'Jane Price', tenantId: 't1', conversationId: 'a:1', serviceUrl: 'https://smba.trafficmanager.net/uk/', reference: { conversation: { id: 'a:1' } }, updatedAt: '2018-01-01T00:00:00.000Z' };
      await store.saveConversationReference(ref);
      await store.saveConversationReference({ ...ref, uninstalledAt: '2018-01-03T00:00:00.000Z', updatedAt: '2018-01-03T00:00:00.000Z' });
      expect(await store.getConversationReference('aad-1')).toEqual({ ...ref, uninstalledAt: '2018-01-03T00:00:00.000Z', updatedAt: '2018-01-03T00:00:00.000Z' });
      expect((await store.listConversationReferences())[0]?.uninstalledAt).toBe('2018-01-03T00:00:00.000Z');

      await store.saveConversationReference({ ...ref, conversationId: 'a:2', updatedAt: '2018-02-01T00:00:00.000Z' });
      expect(await store.getConversationReference('aad-1')).toEqual({ ...ref, conversationId: 'a:2', updatedAt: '2018-02-01T00:00:00.000Z' });
    });
  });
}
