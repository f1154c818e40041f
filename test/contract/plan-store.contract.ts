import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlanError, VersionConflictError } from '../../src/plan/errors.js';
import type { ActionWithUpdates, Plan } from '../../src/plan/plan.js';
import type { NewUpdate } from '../../src/plan/update.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import type { NewReminder } from '../../src/store/reminder-log.js';
import { generatedDraft, gloucestershireExtract } from '../fixtures/plan-drafts.js';

export type StoreFactory = () => Promise<{ store: PlanStore; cleanup: () => Promise<void> }>;

function newUpdate(key: string, overrides: Partial<NewUpdate> = {}): NewUpdate {
  return {
    date: '2018-03-01',
    dateSource: 'recorded',
    author: 'Jane Price',
    authorId: '00000000-0000-0000-0000-000000000001',
    text: 'Presentation repeated for practice nurses',
    origin: 'card',
    ragAfter: null,
    timescaleAfter: null,
    key,
    recordedAt: '2018-03-01T10:00:00.000Z',
    ...overrides,
  };
}

function reminder(key: string, plan: Plan, actionId: string): NewReminder {
  return { key, planId: plan.id, actionId, lead: 'Louise West', leadUserId: null, reason: 'overdue', period: '2017-12-31#0', claimedAt: '2018-01-05T09:00:00.000Z' };
}

/**
 * The behaviour every PlanStore must have. Conflicts and uniqueness come first: they are what a
 * store gets wrong under real use (two people, two servers, a retried request).
 */
export function planStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`PlanStore contract: ${name}`, () => {
    let store: PlanStore;
    let cleanup: () => Promise<void>;
    let plan: Plan;
    const byRef = async (ref: string): Promise<ActionWithUpdates> => {
      const a = await store.getActionByRef(plan.id, ref);
      if (!a) throw new Error(`fixture has no action ${ref}`);
      return a;
    };

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
      plan = await store.importPlan(gloucestershireExtract());
    });

    afterEach(async () => {
      await cleanup();
    });

    describe('conflicts and uniqueness', () => {
      it('throws a version conflict when the action changed since it was read, carrying the current action', async () => {
        const read = await byRef('4.3');
        await store.changeAction(read.id, read.version, { rag: 'Red', changedAt: '2018-03-01T10:00:00.000Z' });
        const attempt = store.changeAction(read.id, read.version, { rag: 'Green', changedAt: '2018-03-01T10:05:00.000Z' });
        await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
        const error = (await attempt.catch((e: unknown) => e)) as VersionConflictError<ActionWithUpdates>;
        expect(error.code).toBe('version_conflict');
        expect(error.current.rag).toBe('Red');
        expect((await byRef('4.3')).rag).toBe('Red');
      });

      it('lets only one of two concurrent changes made from the same version through', async () => {
        const read = await byRef('4.4');
        const results = await Promise.allSettled([
          store.changeAction(read.id, read.version, { rag: 'Amber', changedAt: '2018-03-01T10:00:00.000Z' }),
          store.changeAction(read.id, read.version, { rag: 'Green', changedAt: '2018-03-01T10:00:00.000Z' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError)).toHaveLength(1);
      });

      it('records an update once when the same key is appended twice', async () => {
        const action = await byRef('1.13');
        const first = await store.appendUpdate(action.id, newUpdate('card:1.13:abc'));
        const second = await store.appendUpdate(action.id, newUpdate('card:1.13:abc', { text: 'a retried invoke' }));
        expect(first.created).toBe(true);
        expect(second.created).toBe(false);
        expect(second.update.id).toBe(first.update.id);
        expect((await byRef('1.13')).updates.filter((u) => u.key === 'card:1.13:abc')).toHaveLength(1);
      });

      it('keeps both updates when two people append at once: updates never overwrite each other', async () => {
        const action = await byRef('4.3');
        await Promise.all([store.appendUpdate(action.id, newUpdate('k-one', { text: 'one' })), store.appendUpdate(action.id, newUpdate('k-two', { text: 'two' }))]);
        const texts = (await byRef('4.3')).updates.map((u) => u.text);
        expect(texts).toEqual(expect.arrayContaining(['one', 'two']));
        expect(texts).toHaveLength(4);
      });

      it('does not change the version when an update is appended, so a pending RAG change still applies', async () => {
        const read = await byRef('4.3');
        await store.appendUpdate(read.id, newUpdate('k-version'));
        const changed = await store.changeAction(read.id, read.version, { rag: 'Green', changedAt: '2018-03-01T11:00:00.000Z' });
        expect(changed.rag).toBe('Green');
        expect(changed.version).not.toBe(read.version);
      });

      it('lets only one of two concurrent claims of a reminder key through', async () => {
        const action = await byRef('4.3');
        const results = await Promise.all([store.claimReminder(reminder('r-4.3', plan, action.id)), store.claimReminder(reminder('r-4.3', plan, action.id))]);
        expect(results.map((r) => r.claimed).sort()).toEqual([false, true]);
        expect(await store.listReminders({ actionId: action.id })).toHaveLength(1);
      });

      it('leaves the store unchanged when an import fails half way', async () => {
        const before = await store.listPlans();
        const failing = store.importPlan(generatedDraft(300, 1), {
          onProgress: (written) => {
            if (written >= 150) throw new Error('disk full');
          },
        });
        await expect(failing).rejects.toThrow('disk full');
        expect(await store.listPlans()).toEqual(before);
      });

      it('refuses a draft with two actions of the same ref, naming the ref, and writes nothing', async () => {
        const draft = gloucestershireExtract();
        draft.actions.push({ ...draft.actions[0]!, text: 'a second 1.9' });
        const attempt = store.importPlan(draft);
        await expect(attempt).rejects.toBeInstanceOf(PlanError);
        await expect(attempt).rejects.toThrow(/action 1\.9.*same ref/);
        expect(await store.listPlans()).toHaveLength(1);
      });
    });

    describe('plans', () => {
      it('reads back every field of an imported plan', async () => {
        expect(plan).toMatchObject({
          title: 'Gloucestershire Multi-agency Child Sexual Exploitation (CSE) Action Plan 2017-2018',
          reminderLeadDays: 14,
          staleAfterDays: 60,
          timeZone: 'Europe/London',
          source: { fileName: 'gloucestershire-cse-2017-18.txt', format: 'text-export' },
        });
        expect(plan.ragLegend).toHaveLength(4);
        const doc = await store.exportPlan(plan.id);
        const expected = gloucestershireExtract();
        expect(doc!.sections.map((s) => [s.number, s.title])).toEqual(expected.sections.map((s) => [s.number, s.title]));
        expect(doc!.actions.map((a) => a.ref)).toEqual(expected.actions.map((a) => a.ref));
        const a19 = doc!.actions.find((a) => a.ref === '1.9')!;
        const d19 = expected.actions.find((a) => a.ref === '1.9')!;
        expect(a19).toMatchObject({ text: d19.text, outcome: d19.outcome, leads: d19.leads, leadsText: d19.leadsText, timescale: d19.timescale, rag: 'Not set' });
        expect(a19.updates.map((u) => ({ date: u.date, text: u.text, origin: u.origin }))).toEqual([{ date: null, text: d19.updates[0]!.text, origin: 'import' }]);
        expect(doc!.actions.find((a) => a.ref === '4.5a')).toMatchObject({ parentRef: '4.5', leads: [{ kind: 'group', name: 'LSCB training Managers' }] });
        expect(doc!.actions.find((a) => a.ref === '1.17')!.markers).toEqual(['New']);
      });

      it('summarises plans with counts by RAG and the latest update', async () => {
        const [summary] = await store.listPlans();
        expect(summary).toMatchObject({ id: plan.id, sectionCount: 2, actionCount: 7, lastUpdated: '2018-02' });
        expect(summary!.ragCounts).toEqual({ Red: 1, Amber: 1, Green: 1, Complete: 0, 'Not set': 4 });
      });

      it('gives a second plan of the same title its own id', async () => {
        const second = await store.importPlan(gloucestershireExtract());
        expect(second.id).not.toBe(plan.id);
        expect(await store.listPlans()).toHaveLength(2);
      });

      it('replaces a plan in place when asked, keeping its id', async () => {
        const draft = gloucestershireExtract();
        draft.actions = draft.actions.slice(0, 2);
        const replaced = await store.importPlan(draft, { replacePlanId: plan.id });
        expect(replaced.id).toBe(plan.id);
        expect((await store.findActions(plan.id)).map((a) => a.ref)).toEqual(['1.9', '1.13']);
      });

      it('updates plan settings and refuses impossible ones', async () => {
        const updated = await store.updatePlanSettings(plan.id, { reminderLeadDays: 7, owner: 'Louise West' });
        expect(updated).toMatchObject({ reminderLeadDays: 7, owner: 'Louise West', staleAfterDays: 60 });
        await expect(store.updatePlanSettings(plan.id, { staleAfterDays: 0 })).rejects.toThrow(/staleAfterDays/);
      });

      it('deletes a plan with everything in it', async () => {
        await store.deletePlan(plan.id);
        expect(await store.getPlan(plan.id)).toBeNull();
        expect(await store.listPlans()).toEqual([]);
        await expect(store.findActions(plan.id)).rejects.toMatchObject({ code: 'plan_not_found' });
      });

      it('reports progress while importing a large plan, ending at the total', async () => {
        const seen: number[] = [];
        const big = await store.importPlan(generatedDraft(1000, 3), { onProgress: (written, total) => seen.push(written / total) });
        expect(seen.at(-1)).toBe(1);
        expect(seen.length).toBeGreaterThan(5);
        expect((await store.findActions(big.id)).length).toBe(1000);
      });
    });

    describe('finding actions', () => {
      const refs = async (filter: Parameters<PlanStore['findActions']>[1]): Promise<string[]> => (await store.findActions(plan.id, filter)).map((a) => a.ref);

      it('returns actions in plan order with their latest dated update', async () => {
        const all = await store.findActions(plan.id);
        expect(all.map((a) => a.ref)).toEqual(['1.9', '1.13', '1.17', '4.3', '4.4', '4.5', '4.5a']);
        const a13 = all.find((a) => a.ref === '1.13')!;
        expect(a13.latestUpdate?.text).toBe('Oct 17 – LW/JP presented to GP Forum');
        expect(a13.updateCount).toBe(2);
        expect(all.find((a) => a.ref === '4.5')!.latestUpdate).toBeNull();
      });

      it('filters by lead, without regard to case', async () => {
        expect(await refs({ lead: 'louise west' })).toEqual(['1.9', '1.13', '4.3', '4.4', '4.5']);
        expect(await refs({ lead: 'Izzy Dougan' })).toEqual(['1.17']);
        expect(await refs({ lead: 'LSCB training managers' })).toEqual(['4.5a']);
        expect(await refs({ lead: 'west' })).toEqual(['1.9', '1.13', '4.3', '4.4', '4.5']);
        expect(await refs({ lead: 'ouise' })).toEqual([]);
      });

      it('filters by section id or number', async () => {
        const sections = await store.listSections(plan.id);
        expect(await refs({ section: '4' })).toEqual(['4.3', '4.4', '4.5', '4.5a']);
        expect(await refs({ section: sections[0]!.id })).toEqual(['1.9', '1.13', '1.17']);
      });

      it('filters by RAG', async () => {
        expect(await refs({ rag: ['Red', 'Amber'] })).toEqual(['4.3', '4.4']);
      });

      it('finds overdue actions on the day given, leaving out completed ones', async () => {
        expect(await refs({ overdue: true, today: '2018-01-05' })).toEqual(['1.13', '4.3', '4.4']);
        expect(await refs({ overdue: true, today: '2017-10-01' })).toEqual([]);
      });

      it('filters by due date', async () => {
        expect(await refs({ dueBefore: '2017-12-31' })).toEqual(['1.13', '4.3', '4.4']);
      });

      it('finds actions changed since a date, counting a month-only update in that month', async () => {
        expect(await refs({ changedSince: '2018-01-15' })).toEqual(['1.17', '4.4']);
      });

      it('searches free text across action, leads and updates', async () => {
        expect(await refs({ text: 'taxi' })).toEqual(['1.17']);
        expect(await refs({ text: 'GP FORUM' })).toEqual(['1.13']);
        expect(await refs({ text: 'gp' })).toEqual(['1.13', '4.3']);
        expect(await refs({ text: '100%_' })).toEqual([]);
      });

      it('combines filters', async () => {
        expect(await refs({ lead: 'Louise West', section: '4', rag: ['Red'] })).toEqual(['4.4']);
      });

      it('answers an unknown plan with plan_not_found', async () => {
        await expect(store.findActions('no-such-plan')).rejects.toMatchObject({ code: 'plan_not_found' });
      });
    });

    describe('updates and changes', () => {
      it('appends an update at the end of the history and makes it the latest', async () => {
        const action = await byRef('4.3');
        const { update } = await store.appendUpdate(action.id, newUpdate('k-latest', { ragAfter: 'Green' }));
        expect(update).toMatchObject({ actionId: action.id, sequence: 2, origin: 'card', ragAfter: 'Green', author: 'Jane Price' });
        const after = await byRef('4.3');
        expect(after.updates.at(-1)!.key).toBe('k-latest');
        expect(after.lastUpdated).toBe('2018-03-01');
        expect((await store.findActions(plan.id, { changedSince: '2018-03-01' })).map((a) => a.ref)).toEqual(['4.3']);
        expect((await store.findActions(plan.id, { text: 'practice nurses' })).map((a) => a.ref)).toEqual(['4.3']);
      });

      it('answers an update for an unknown action with action_not_found', async () => {
        await expect(store.appendUpdate(`${plan.id}:9.99`, newUpdate('k-missing'))).rejects.toMatchObject({ code: 'action_not_found' });
      });

      it('changes a timescale, moving the action in the due-date filters', async () => {
        const read = await byRef('4.5');
        await store.changeAction(read.id, read.version, {
          timescale: { asWritten: 'Dec 2017', reading: { kind: 'due', due: '2017-12-31', period: '2017-12', note: null }, flag: null },
          changedAt: '2018-03-01T10:00:00.000Z',
        });
        expect((await store.findActions(plan.id, { dueBefore: '2017-12-31' })).map((a) => a.ref)).toContain('4.5');
      });
    });

    describe('reminders and conversations', () => {
      it('records what happened to a reminder', async () => {
        const action = await byRef('4.3');
        await store.claimReminder(reminder('r-outcome', plan, action.id));
        await store.recordReminderOutcome('r-outcome', { status: 'failed', at: '2018-01-05T09:00:01.000Z', error: '429 after 5 tries' });
        const sent = await store.recordReminderOutcome('r-outcome', { status: 'sent', at: '2018-01-05T09:05:00.000Z' });
        expect(sent).toMatchObject({ status: 'sent', attempts: 2, sentAt: '2018-01-05T09:05:00.000Z', lastError: null });
        expect(await store.listReminders({ planId: plan.id, status: 'sent' })).toHaveLength(1);
      });

      it('keeps one conversation reference per person, the newest', async () => {
        const ref = { userId: 'aad-1', userName: 'Jane Price', tenantId: 't1', conversationId: 'a:1', serviceUrl: 'https://smba.trafficmanager.net/uk/', reference: { conversation: { id: 'a:1' } }, updatedAt: '2018-01-01T00:00:00.000Z' };
        await store.saveConversationReference(ref);
        await store.saveConversationReference({ ...ref, conversationId: 'a:2', updatedAt: '2018-02-01T00:00:00.000Z' });
        expect(await store.getConversationReference('aad-1')).toMatchObject({ conversationId: 'a:2', reference: { conversation: { id: 'a:1' } } });
        expect(await store.listConversationReferences()).toHaveLength(1);
        expect(await store.getConversationReference('nobody')).toBeNull();
      });
    });
  });
}
