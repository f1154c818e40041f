import { beforeEach, describe, expect, it } from 'vitest';
import type { NewHistoryEntry } from '../../src/plan/action-history.js';
import { updateIsSince } from '../../src/plan/changes-since.js';
import { PlanError } from '../../src/plan/errors.js';
import type { Plan } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { change } from '../fixtures/action-changes.js';
import type { ContractContext } from './contract-context.js';
import { newUpdate } from './contract-fixtures.js';

function step(key: string, overrides: Partial<NewHistoryEntry> = {}): NewHistoryEntry {
  return {
    kind: 'completion-proposed',
    changes: [{ field: 'status', was: 'open', now: 'awaiting approval' }],
    note: 'Every practice nurse trained; referrals up a third',
    author: 'Jane Price',
    authorId: '00000000-0000-0000-0000-000000000001',
    origin: 'card',
    date: '2018-03-01',
    recordedAt: '2018-03-01T10:00:00.000Z',
    key,
    ...overrides,
  };
}

/** The history beside the updates: every change a dated, attributed entry with was and now; appended, never overwritten. */
export function actionHistoryContract(ctx: ContractContext): void {
  const { byRef } = ctx;
  describe('the record of changes', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    it('records a change of RAG with who made it, through what, when, and was and now', async () => {
      const read = await byRef('4.4');
      await store.changeAction(read.id, read.version, change({ rag: 'Amber', changedAt: '2018-03-02T10:15:00.000Z' }, { author: 'Louise West', authorId: 'u-louise', origin: 'tab', key: 'tab:rag-44' }));
      const after = await byRef('4.4');
      expect(after.history).toEqual([
        {
          id: expect.any(String),
          actionId: read.id,
          sequence: 0,
          kind: 'changed',
          changes: [{ field: 'rag', was: 'Red', now: 'Amber' }],
          note: null,
          author: 'Louise West',
          authorId: 'u-louise',
          origin: 'tab',
          date: '2018-03-02',
          recordedAt: '2018-03-02T10:15:00.000Z',
          key: 'tab:rag-44',
        },
      ]);
    });

    it('records the status with the change that closes an action, and the evidence given', async () => {
      const read = await byRef('4.4');
      await store.changeAction(read.id, read.version, change({ rag: 'Complete', changedAt: '2018-03-02T10:00:00.000Z' }, { note: 'Return interviews now within 72 hours' }));
      expect((await byRef('4.4')).history[0]).toMatchObject({
        changes: [
          { field: 'rag', was: 'Red', now: 'Complete' },
          { field: 'status', was: 'open', now: 'closed' },
        ],
        note: 'Return interviews now within 72 hours',
      });
    });

    it('keeps every entry in order as the action changes again: nothing is overwritten', async () => {
      let read = await byRef('4.4');
      for (const [rag, at] of [['Amber', '2018-03-02'], ['Green', '2018-03-09'], ['Amber', '2018-03-16']] as const) {
        await store.changeAction(read.id, read.version, change({ rag, changedAt: `${at}T09:00:00.000Z` }));
        read = await byRef('4.4');
      }
      expect(read.history.map((h) => [h.sequence, h.date, h.changes[0]])).toEqual([
        [0, '2018-03-02', { field: 'rag', was: 'Red', now: 'Amber' }],
        [1, '2018-03-09', { field: 'rag', was: 'Amber', now: 'Green' }],
        [2, '2018-03-16', { field: 'rag', was: 'Green', now: 'Amber' }],
      ]);
    });

    it("records an update's change once with the update, and a retried submission adds neither again", async () => {
      const read = await byRef('4.4');
      const asked = { expectedVersion: read.version, change: change({ rag: 'Amber', changedAt: '2018-03-01T10:00:00.000Z' }, { key: 'card:k1#change', origin: 'card' }) };
      await store.appendUpdate(read.id, newUpdate('card:k1', { ragAfter: 'Amber' }), asked);
      await store.appendUpdate(read.id, newUpdate('card:k1', { ragAfter: 'Amber' }), asked);
      const after = await byRef('4.4');
      expect(after.updates.filter((u) => u.key === 'card:k1')).toHaveLength(1);
      expect(after.history).toEqual([expect.objectContaining({ key: 'card:k1#change', origin: 'card', changes: [{ field: 'rag', was: 'Red', now: 'Amber' }] })]);
    });

    it('makes a change recorded under a key once, whatever version a retry carries', async () => {
      const read = await byRef('4.4');
      const amber = change({ rag: 'Amber', changedAt: '2018-03-01T10:00:00.000Z' }, { key: 'tab:once' });
      const first = await store.changeAction(read.id, read.version, amber);
      const again = await store.changeAction(read.id, read.version, amber);
      expect(again).toMatchObject({ rag: 'Amber', version: first.version });
      expect((await byRef('4.4')).history).toHaveLength(1);
    });

    it('appends a step that changes no field, once per key, and refuses its key on another action', async () => {
      const action = await byRef('4.3');
      const first = await store.appendHistory(action.id, step('card:propose-43'));
      const again = await store.appendHistory(action.id, step('card:propose-43', { note: 'a retried invoke' }));
      expect(first.created).toBe(true);
      expect(again).toEqual({ entry: first.entry, created: false });
      const after = await byRef('4.3');
      expect(after.history).toEqual([first.entry]);
      expect(after.version).toBe(action.version);
      const other = await byRef('4.4');
      await expect(store.appendHistory(other.id, step('card:propose-43'))).rejects.toMatchObject({ code: 'key_reused' });
      expect((await byRef('4.4')).history).toEqual([]);
    });

    it('refuses an entry it cannot record, naming what is wrong, and writes nothing', async () => {
      const action = await byRef('4.3');
      const error = await store.appendHistory(action.id, step('', { date: '2018-02-30' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlanError);
      expect((error as PlanError).message).toMatch(/key|date/);
      await expect(store.appendHistory('no-such-action', step('card:nowhere'))).rejects.toMatchObject({ code: 'action_not_found' });
      expect((await byRef('4.3')).history).toEqual([]);
    });

    it('exports each action with its history', async () => {
      const read = await byRef('4.4');
      await store.changeAction(read.id, read.version, change({ rag: 'Amber', changedAt: '2018-03-02T10:00:00.000Z' }));
      const doc = (await store.exportPlan(plan.id))!;
      expect(doc.actions.find((a) => a.ref === '4.4')!.history).toEqual((await byRef('4.4')).history);
      expect(doc.actions.find((a) => a.ref === '4.3')!.history).toEqual([]);
    });

    it('reads what changed since a day: updates reported since, entries dated since, and the actions they belong to', async () => {
      const a44 = await byRef('4.4');
      const a43 = await byRef('4.3');
      await store.changeAction(a44.id, a44.version, change({ rag: 'Amber', changedAt: '2018-02-20T10:00:00.000Z' }));
      await store.appendUpdate(a43.id, newUpdate('card:since', { date: '2018-03-01' }));
      await store.appendUpdate(a43.id, newUpdate('card:before', { date: '2018-01-10', recordedAt: '2018-03-01T10:00:00.000Z' }));
      const material = await store.readChanges(plan.id, '2018-02-15', '2018-03-05');
      expect(material.history.map((h) => h.actionId)).toEqual([a44.id]);
      const all = (await store.exportPlan(plan.id))!.actions.flatMap((a) => a.updates);
      expect(material.updates.map((u) => u.key).sort()).toEqual(all.filter((u) => updateIsSince(u, '2018-02-15')).map((u) => u.key).sort());
      expect(material.updates.map((u) => u.key)).toContain('card:since');
      expect(material.updates.map((u) => u.key)).not.toContain('card:before');
      expect(material.actions.map((a) => a.id)).toEqual(expect.arrayContaining([a44.id, a43.id]));
      expect(await store.readChanges(plan.id, '2018-03-02', '2018-03-05')).toMatchObject({ history: [], updates: [] });
      // Asked again after a write, the answer has it: nothing stale is served.
      await store.appendUpdate(a43.id, newUpdate('card:later', { date: '2018-03-03' }));
      expect((await store.readChanges(plan.id, '2018-03-02', '2018-03-05')).updates.map((u) => u.key)).toEqual(['card:later']);
      await expect(store.readChanges('no-such-plan', '2018-01-01', '2018-03-05')).rejects.toMatchObject({ code: 'plan_not_found' });
    });

    it("keeps the plan's meetings and whether its owner approves, and refuses a meeting that is not a day", async () => {
      const meetings = [
        { date: '2018-01-15', source: 'document' as const, title: 'Partnership Board' },
        { date: '2018-03-12', source: 'entered' as const, title: null },
      ];
      await store.updatePlanSettings(plan.id, { meetings, ownerApproves: true });
      expect(await store.getPlan(plan.id)).toMatchObject({ meetings, ownerApproves: true, reminderLeadDays: plan.reminderLeadDays });
      await expect(store.updatePlanSettings(plan.id, { meetings: [{ date: '12 March', source: 'entered', title: null }] })).rejects.toMatchObject({ code: 'invalid_input' });
      expect((await store.getPlan(plan.id))!.meetings).toEqual(meetings);
    });

    it("keeps the Teams meeting's chat and the chats its summary went to, beside the meeting", async () => {
      const meetings = [
        { date: '2018-03-12', source: 'teams' as const, title: 'Partnership Board', chatId: '19:meeting_Yjg2ZDRhYjMt@thread.v2', summarySentTo: ['19:meeting_Yjg2ZDRhYjMt@thread.v2'] },
        { date: '2018-04-16', source: 'entered' as const, title: null },
      ];
      await store.updatePlanSettings(plan.id, { meetings });
      expect((await store.getPlan(plan.id))!.meetings).toEqual(meetings);
      expect((await store.exportPlan(plan.id))!.plan.meetings).toEqual(meetings);
    });
  });
}
