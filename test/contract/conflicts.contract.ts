import { beforeEach, describe, expect, it } from 'vitest';
import { PlanError, VersionConflictError } from '../../src/plan/errors.js';
import type { ActionWithUpdates, Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { generatedDraft, gloucestershireExtract } from '../fixtures/plan-drafts.js';
import { newUpdate, reminder } from './contract-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** What a store gets wrong under real use (two people, two servers, a retried request, a failed import): version conflicts, unique keys, all-or-nothing writes. */
export function conflictsContract(ctx: ContractContext): void {
  const { byRef } = ctx;
  describe('conflicts and uniqueness', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    it('throws a version conflict when the action changed since it was read, carrying the current action', async () => {
      const read = await byRef('4.3');
      await store.changeAction(read.id, read.version, { rag: 'Red', changedAt: '2018-03-01T10:00:00.000Z' });
      const error = await store.changeAction(read.id, read.version, { rag: 'Green', changedAt: '2018-03-01T10:05:00.000Z' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersionConflictError);
      const conflict = error as VersionConflictError<ActionWithUpdates>;
      expect(conflict.code).toBe('version_conflict');
      expect(conflict.current).toMatchObject({ id: read.id, rag: 'Red' });
      expect(conflict.current.updates).toHaveLength(2);
      expect(conflict.current.version).not.toBe(read.version);
      expect((await byRef('4.3')).rag).toBe('Red');
    });

    it('lets only one of two concurrent changes made from the same version through', async () => {
      const read = await byRef('4.4');
      const results = await Promise.allSettled([
        store.changeAction(read.id, read.version, { rag: 'Amber', changedAt: '2018-03-01T10:00:00.000Z' }),
        store.changeAction(read.id, read.version, { rag: 'Green', changedAt: '2018-03-01T10:00:00.000Z' }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError)).toHaveLength(1);
      expect((await byRef('4.4')).rag).toBe(won[0]!.value.rag);
    });

    it('records an update once when the same key is appended twice', async () => {
      const action = await byRef('1.13');
      const first = await store.appendUpdate(action.id, newUpdate('card:1.13:abc'));
      const second = await store.appendUpdate(action.id, newUpdate('card:1.13:abc', { text: 'a retried invoke' }));
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.update).toEqual(first.update);
      const after = await byRef('1.13');
      expect(after.updates.filter((u) => u.key === 'card:1.13:abc')).toHaveLength(1);
      expect(after.updates).toHaveLength(3);
    });

    it('records an update once when the same key is appended twice at the same moment', async () => {
      const action = await byRef('1.13');
      const results = await Promise.all([store.appendUpdate(action.id, newUpdate('card:1.13:twice')), store.appendUpdate(action.id, newUpdate('card:1.13:twice'))]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(results[0]!.update.id).toBe(results[1]!.update.id);
      expect((await byRef('1.13')).updates.filter((u) => u.key === 'card:1.13:twice')).toHaveLength(1);
    });

    it('keeps both updates when two people append at once: updates never overwrite each other', async () => {
      const action = await byRef('4.3');
      await Promise.all([store.appendUpdate(action.id, newUpdate('k-one', { text: 'one' })), store.appendUpdate(action.id, newUpdate('k-two', { text: 'two' }))]);
      const after = await byRef('4.3');
      expect(after.updates.map((u) => u.text)).toEqual(expect.arrayContaining(['one', 'two']));
      expect(after.updates).toHaveLength(4);
      expect(after.updates.map((u) => u.sequence)).toEqual([0, 1, 2, 3]);
    });

    it('does not change the version when an update is appended, so a pending RAG change still applies', async () => {
      const read = await byRef('4.3');
      await store.appendUpdate(read.id, newUpdate('k-version'));
      const afterAppend = await byRef('4.3');
      expect(afterAppend.version).toBe(read.version);
      expect(afterAppend.lastUpdated).toBe('2018-03-01');
      const changed = await store.changeAction(read.id, read.version, { rag: 'Green', changedAt: '2018-03-01T11:00:00.000Z' });
      expect(changed.rag).toBe('Green');
      expect(changed.version).not.toBe(read.version);
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
      await store.recordReminderOutcome('r-4.4', { status: 'sent', at: '2018-01-05T09:00:02.000Z' });
      const again = await store.claimReminder(reminder('r-4.4', plan, action.id, { claimedAt: '2018-01-06T09:00:00.000Z' }));
      expect(again.claimed).toBe(false);
      expect(again.reminder).toMatchObject({ status: 'sent', sentAt: '2018-01-05T09:00:02.000Z', claimedAt: '2018-01-05T09:00:00.000Z' });
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

      const sent = await store.recordReminderOutcome('r-stale', { status: 'sent', at: '2018-01-05T09:20:01.000Z' });
      const again = await store.retakeReminder('r-stale', sent, '2018-01-06T09:00:00.000Z');
      expect(again).toMatchObject({ claimed: false, reminder: { status: 'sent', sentAt: '2018-01-05T09:20:01.000Z' } });
      await expect(store.retakeReminder('r-none', sent, '2018-01-06T09:00:00.000Z')).rejects.toMatchObject({ code: 'invalid_input' });

      await store.claimReminder(reminder('r-unreached', plan, action.id));
      const unreached = await store.recordReminderOutcome('r-unreached', { status: 'unreachable', at: '2018-01-05T09:00:01.000Z', error: 'never opened the bot' });
      expect((await store.retakeReminder('r-unreached', unreached, '2018-01-08T09:00:00.000Z')).reminder).toMatchObject({ status: 'claimed', lastError: 'never opened the bot' });
    });

    it('counts the plans listPlans lists, and none that failed half way', async () => {
      expect(await store.countPlans()).toBe((await store.listPlans()).length);
      const failing = store.importPlan(generatedDraft(300, 1), {
        onProgress: (written, total) => {
          if (written >= total / 2) throw new Error('disk full');
        },
      });
      await expect(failing).rejects.toThrow('disk full');
      expect(await store.countPlans()).toBe(1);
    });

    it('leaves the store unchanged when an import fails half way', async () => {
      const before = await store.listPlans();
      const failing = store.importPlan(generatedDraft(300, 1), {
        onProgress: (written, total) => {
          if (written >= total / 2) throw new Error('disk full');
        },
      });
      await expect(failing).rejects.toThrow('disk full');
      expect(await store.listPlans()).toEqual(before);
    });

    it('keeps the plan it was replacing when a replacing import fails half way', async () => {
      const before = await store.exportPlan(plan.id);
      const failing = store.importPlan(generatedDraft(300, 1), {
        replacePlanId: plan.id,
        onProgress: (written, total) => {
          if (written >= total / 2) throw new Error('connection lost');
        },
      });
      await expect(failing).rejects.toThrow('connection lost');
      expect(await store.exportPlan(plan.id)).toEqual(before);
      expect(await store.listPlans()).toHaveLength(1);
    });

    it('refuses a draft with two actions of the same ref, naming the ref, and writes nothing', async () => {
      const draft = gloucestershireExtract();
      draft.actions.push({ ...draft.actions[1]!, text: 'a second 1.9' });
      const error = await store.importPlan(draft).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlanError);
      expect(error).toMatchObject({ code: 'invalid_input', at: { ref: '1.9' } });
      expect((error as Error).message).toMatch(/action 1\.9.*same ref/);
      expect(await store.listPlans()).toHaveLength(1);
    });

    it('refuses a draft whose action names a section the plan does not have, naming the ref, and writes nothing', async () => {
      const draft = gloucestershireExtract();
      draft.actions.at(-1)!.sectionIndex = 3;
      const error = await store.importPlan(draft).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_input', at: { ref: '5.2' } });
      expect((error as Error).message).toMatch(/section 3 does not exist/);
      expect(await store.listPlans()).toHaveLength(1);
    });

    it('refuses a draft with an impossible update date, naming the ref and the field', async () => {
      const draft = gloucestershireExtract();
      draft.actions[4]!.updates[1]!.date = '2017-13';
      const error = await store.importPlan(draft).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_input', at: { ref: '4.3' } });
      expect((error as Error).message).toMatch(/updates\[1\]\.date/);
      expect(await store.listPlans()).toHaveLength(1);
    });

    it('refuses a draft whose timescale reading or time zone cannot be used, saying which', async () => {
      const badReading = gloucestershireExtract();
      badReading.actions[5]!.timescale = { asWritten: 'Dec 2017', reading: { kind: 'due', due: 'Dec 2017', period: '2017-12', note: null }, flag: null };
      await expect(store.importPlan(badReading)).rejects.toMatchObject({ code: 'invalid_input', at: { ref: '4.4' }, message: expect.stringMatching(/timescale\.reading\.due/) });
      const badZone = { ...gloucestershireExtract(), timeZone: 'GMT+1 (Gloucester)' };
      await expect(store.importPlan(badZone)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/timeZone/) });
      expect(await store.listPlans()).toHaveLength(1);
    });
  });
}
