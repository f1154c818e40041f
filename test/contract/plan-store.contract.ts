import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionFilter } from '../../src/plan/action-filter.js';
import { PlanError, VersionConflictError } from '../../src/plan/errors.js';
import type { LeadMapping, LeadTarget } from '../../src/plan/lead-mapping.js';
import type { ActionDraft, ActionWithUpdates, Plan, PlanDocument, PlanDraft } from '../../src/plan/plan.js';
import type { NewUpdate } from '../../src/plan/update.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { isUnchanged, revisePlan } from '../../src/plan/plan-revision.js';
import { changeActionFields } from '../../src/service/change-action.js';
import { recordUpdate, type RecordUpdateInput } from '../../src/service/record-update.js';
import { revisionKey } from '../../src/store/revision-keys.js';
import type { NewReminder } from '../../src/store/reminder-log.js';
import { generatedDraft, gloucestershireExtract, panCheshireExtract } from '../fixtures/plan-drafts.js';

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

const LOUISE: LeadTarget = { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a01', displayName: 'Louise West', mail: 'louise.west@glos.example', userPrincipalName: 'louise.west@glos.example', jobTitle: 'CSE Coordinator' };
const DAWN: LeadTarget = { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a02', displayName: 'Dawn Porter', mail: 'dawn.porter@glos.example' };
const NATALIE: LeadTarget = { kind: 'contact', id: null, displayName: 'Natalie Oakley', mail: 'natalie.oakley@police.example' };

function mapping(lead: string, writtenAs: string, overrides: Partial<LeadMapping> = {}): LeadMapping {
  return { lead, writtenAs, status: 'unmatched', target: null, candidates: [], updatedAt: '2018-01-05T09:00:00.000Z', confirmedBy: null, ...overrides };
}

function reminder(key: string, plan: Plan, actionId: string, overrides: Partial<NewReminder> = {}): NewReminder {
  return { key, planId: plan.id, actionId, lead: 'Louise West', leadUserId: null, reason: 'overdue', period: '2017-12-31#0', claimedAt: '2018-01-05T09:00:00.000Z', ...overrides };
}

/** The fields of an action that come back from the store exactly as the draft gave them. */
const DRAFTED_FIELDS = ['title', 'text', 'outcome', 'leads', 'leadsText', 'timescale', 'rag', 'ragNote', 'sources', 'markers', 'duplicateOf'] as const;
function draftedFields(a: Pick<ActionDraft, (typeof DRAFTED_FIELDS)[number]>): Record<string, unknown> {
  return Object.fromEntries(DRAFTED_FIELDS.map((k) => [k, a[k]]));
}

/** The stored plan as the draft should come back: every field the importer gave, and what the store adds on import. */
function expectStoredAsDrafted(doc: PlanDocument, draft: PlanDraft): void {
  const { sections, actions, ...planFields } = draft;
  expect(doc.plan).toEqual({ ...planFields, id: doc.plan.id });
  expect(doc.sections.map((s) => ({ number: s.number, label: s.label ?? null, title: s.title, description: s.description, order: s.order, planId: s.planId }))).toEqual(
    sections.map((s, i) => ({ number: s.number, label: s.label ?? null, title: s.title, description: s.description, order: i, planId: doc.plan.id })),
  );
  const sectionIndex = new Map(doc.sections.map((s, i) => [s.id, i]));
  expect(
    doc.actions.map((a) => ({
      sectionIndex: sectionIndex.get(a.sectionId),
      ref: a.ref,
      parentRef: a.parentRef,
      order: a.order,
      planId: a.planId,
      ...draftedFields(a),
      updates: a.updates.map((u) => ({ ...u, id: undefined, key: undefined })),
    })),
  ).toEqual(
    actions.map((a, order) => ({
      sectionIndex: a.sectionIndex,
      ref: a.ref,
      parentRef: a.parentRef,
      order,
      planId: doc.plan.id,
      ...draftedFields(a),
      updates: a.updates.map((u, sequence) => ({
        ...u,
        id: undefined,
        key: undefined,
        actionId: doc.actions[order]!.id,
        sequence,
        origin: 'import',
        authorId: null,
        ragAfter: null,
        timescaleAfter: null,
        recordedAt: draft.source!.importedAt,
      })),
    })),
  );
}

/**
 * The behaviour every PlanStore must have, through the interface only; each test starts from a fresh
 * store holding the Gloucestershire extract. Conflicts and uniqueness come first: they are what a
 * store gets wrong under real use (two people, two servers, a retried request, a failed import).
 */
export function planStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`PlanStore contract: ${name}`, () => {
    let store: PlanStore;
    let cleanup: () => Promise<void>;
    let plan: Plan;
    const byRef = async (ref: string, planId = plan.id): Promise<ActionWithUpdates> => {
      const a = await store.getActionByRef(planId, ref);
      if (!a) throw new Error(`fixture has no action ${ref}`);
      return a;
    };
    const refs = async (filter: ActionFilter, planId = plan.id): Promise<string[]> => (await store.findActions(planId, filter)).map((a) => a.ref);

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

    describe('plans', () => {
      it('reads back every field of an imported plan', async () => {
        expectStoredAsDrafted((await store.exportPlan(plan.id))!, gloucestershireExtract());
      });

      it('reads back the Pan Cheshire extract whole: sources, a duplicate, sub-actions, a flagged timescale and the version record', async () => {
        const draft = panCheshireExtract();
        const cheshire = await store.importPlan(draft);
        const doc = (await store.exportPlan(cheshire.id))!;
        expectStoredAsDrafted(doc, draft);
        expect(doc.plan.versionRecord.map((v) => v.version)).toEqual(['V02', 'V03']);
        expect(doc.actions.find((a) => a.ref === '5.1')!.timescale).toMatchObject({ asWritten: 'Sept 2103', flag: { suggestion: 'Sept 2013' } });
      });

      it('gives every action its own id and a version, and dates it by its latest update', async () => {
        const doc = (await store.exportPlan(plan.id))!;
        expect(new Set(doc.actions.map((a) => a.id)).size).toBe(doc.actions.length);
        expect(new Set(doc.actions.flatMap((a) => a.updates.map((u) => u.id))).size).toBe(doc.actions.reduce((n, a) => n + a.updates.length, 0));
        expect(doc.actions.every((a) => typeof a.version === 'string' && a.version !== '')).toBe(true);
        const lastUpdated = Object.fromEntries(doc.actions.map((a) => [a.ref, a.lastUpdated]));
        expect(lastUpdated).toEqual({ '1.7': '2017-10', '1.9': null, '1.13': '2017-10', '1.17': '2018-01', '4.3': '2017-06', '4.4': '2018-02', '4.5': null, '5.2': '2017-10' });
      });

      it('finds an action by id and by ref alike, and answers null for one it does not have', async () => {
        const byReference = await byRef('4.4');
        expect(await store.getAction(byReference.id)).toEqual(byReference);
        expect(await store.getActionByRef(plan.id, '9.99')).toBeNull();
        expect(await store.getAction(`${byReference.id}-gone`)).toBeNull();
      });

      it('lists sections in plan order', async () => {
        const sections = await store.listSections(plan.id);
        expect(sections.map((s) => [s.label, s.number, s.order])).toEqual([
          ['Priority', '1', 0],
          ['Priority', '4', 1],
          ['Priority', '5', 2],
        ]);
        expect(new Set(sections.map((s) => s.id)).size).toBe(3);
      });

      it('summarises plans with counts by RAG and the latest update', async () => {
        const [summary] = await store.listPlans();
        expect(summary).toMatchObject({ id: plan.id, title: plan.title, sectionCount: 3, actionCount: 8, lastUpdated: '2018-02' });
        expect(summary!.ragCounts).toEqual({ Red: 1, Amber: 2, Green: 1, Complete: 2, 'Not set': 2 });
      });

      it('finds the latest update by its period, not as text: a quarter or term sorts as text after the year\'s months', async () => {
        const base = generatedDraft(2, 0);
        const entry = (date: string, text: string): ActionDraft['updates'][number] => ({ date, dateSource: 'stated', author: null, text });
        const withUpdates = (title: string, first: ActionDraft['updates'], second: ActionDraft['updates']): PlanDraft => ({
          ...base,
          title,
          actions: [{ ...base.actions[0]!, updates: first }, { ...base.actions[1]!, updates: second }],
        });
        const monthWins = await store.importPlan(
          withUpdates('Months after terms', [entry('2022-12-05', 'December visit'), entry('2022-35', 'Q2 2022/23 – data'), entry('2022-T1', 'Spring term 2022 – schools')], [entry('2023-T1', 'Spring term 2023 – schools'), entry('2023-02-10', '10.02.2023 – audit')]),
        );
        const termWins = await store.importPlan(withUpdates('A term after months', [entry('2024-03-15', 'March'), entry('2024-T3', 'Autumn term 2024 – pilot')], [entry('2024-34', 'Q1 2024/25 – figures')]));
        const summaries = new Map((await store.listPlans()).map((p) => [p.id, p.lastUpdated]));
        expect(summaries.get(monthWins.id)).toBe('2023-02-10');
        expect(summaries.get(termWins.id)).toBe('2024-T3');
        expect((await store.getActionByRef(monthWins.id, base.actions[0]!.ref))!.lastUpdated).toBe('2022-12-05');
        expect((await store.getActionByRef(termWins.id, base.actions[1]!.ref))!.lastUpdated).toBe('2024-34');
      });

      it('gives a second plan of the same title its own id, with its own actions and update keys', async () => {
        const second = await store.importPlan(gloucestershireExtract());
        expect(second.id).not.toBe(plan.id);
        expect(await store.listPlans()).toHaveLength(2);
        const [a, b] = [await byRef('4.4'), await byRef('4.4', second.id)];
        expect(a.id).not.toBe(b.id);
        expect(new Set([...a.updates, ...b.updates].map((u) => u.key)).size).toBe(8);
      });

      it('replaces a plan in place when asked, keeping its id', async () => {
        const draft = gloucestershireExtract();
        draft.actions = draft.actions.slice(0, 2);
        const replaced = await store.importPlan(draft, { replacePlanId: plan.id });
        expect(replaced.id).toBe(plan.id);
        expect(await refs({})).toEqual(['1.7', '1.9']);
        expect(await store.listPlans()).toHaveLength(1);
      });

      it('answers a replacement of a plan it does not have with plan_not_found, adding nothing', async () => {
        await expect(store.importPlan(gloucestershireExtract(), { replacePlanId: 'no-such-plan' })).rejects.toMatchObject({ code: 'plan_not_found' });
        expect(await store.listPlans()).toHaveLength(1);
      });

      it('updates plan settings and refuses impossible ones', async () => {
        const updated = await store.updatePlanSettings(plan.id, { reminderLeadDays: 7, owner: 'Louise West' });
        expect(updated).toMatchObject({ reminderLeadDays: 7, owner: 'Louise West', staleAfterDays: 60, timeZone: 'Europe/London' });
        expect(await store.getPlan(plan.id)).toEqual(updated);
        await expect(store.updatePlanSettings(plan.id, { staleAfterDays: 0 })).rejects.toMatchObject({
          code: 'invalid_input',
          message: expect.stringContaining('plan settings: staleAfterDays: must be a whole number of days from 1 to 3650'),
        });
        await expect(store.updatePlanSettings(plan.id, { reminderLeadDays: 2.5 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/reminderLeadDays/) });
        await expect(store.updatePlanSettings(plan.id, { timeZone: 'Gloucester/Shire' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/timeZone/) });
        await expect(store.updatePlanSettings('no-such-plan', { reminderLeadDays: 7 })).rejects.toMatchObject({ code: 'plan_not_found' });
        expect(await store.getPlan(plan.id)).toEqual(updated);
      });

      it('reads a time zone as every store does: any zone Intl knows, aliases included', async () => {
        for (const timeZone of ['Etc/UTC', 'US/Eastern', 'Europe/London']) {
          expect((await store.updatePlanSettings(plan.id, { timeZone })).timeZone).toBe(timeZone);
        }
      });

      it('deletes a plan with everything in it, leaving other plans alone', async () => {
        const other = await store.importPlan(panCheshireExtract());
        const action = await byRef('4.3');
        await store.claimReminder(reminder('r-deleted', plan, action.id));
        await store.deletePlan(plan.id);
        expect(await store.getPlan(plan.id)).toBeNull();
        expect(await store.exportPlan(plan.id)).toBeNull();
        expect(await store.getAction(action.id)).toBeNull();
        expect(await store.listReminders({ planId: plan.id })).toEqual([]);
        expect((await store.listPlans()).map((p) => p.id)).toEqual([other.id]);
        expect((await store.findActions(other.id)).length).toBe(8);
        await expect(store.findActions(plan.id)).rejects.toMatchObject({ code: 'plan_not_found' });
        await expect(store.deletePlan(plan.id)).rejects.toMatchObject({ code: 'plan_not_found' });
      });

      it('answers null for the plan and the export of a plan it does not have', async () => {
        expect(await store.getPlan('no-such-plan')).toBeNull();
        expect(await store.exportPlan('no-such-plan')).toBeNull();
      });

      it('reports progress while importing a large plan, ending at the total', async () => {
        const seen: number[] = [];
        const big = await store.importPlan(generatedDraft(1000, 3), { onProgress: (written, total) => seen.push(written / total) });
        expect(seen.at(-1)).toBe(1);
        expect(seen.length).toBeGreaterThan(5);
        expect([...seen].sort((a, b) => a - b)).toEqual(seen);
        expect((await store.findActions(big.id)).length).toBe(1000);
      });
    });

    describe('finding actions', () => {
      it('returns actions in plan order with their latest dated update', async () => {
        const all = await store.findActions(plan.id);
        expect(all.map((a) => a.ref)).toEqual(['1.7', '1.9', '1.13', '1.17', '4.3', '4.4', '4.5', '5.2']);
        const a13 = all.find((a) => a.ref === '1.13')!;
        expect(a13.latestUpdate?.text).toBe('Oct 17 – LW/JP presented to GP Forum');
        expect(a13.updateCount).toBe(2);
        expect(all.find((a) => a.ref === '4.4')!.latestUpdate).toMatchObject({ date: '2018-02', sequence: 3 });
        expect(all.find((a) => a.ref === '5.2')!.latestUpdate).toMatchObject({ date: '2017-10', sequence: 1 });
        expect(all.find((a) => a.ref === '4.5')).toMatchObject({ latestUpdate: null, updateCount: 0 });
      });

      it('takes an undated update as the latest only when nothing is dated', async () => {
        const a19 = await byRef('1.9');
        await store.appendUpdate(a19.id, newUpdate('k-undated-1.9', { date: null, dateSource: 'none', text: 'Still attending' }));
        const a43 = await byRef('4.3');
        await store.appendUpdate(a43.id, newUpdate('k-undated-4.3', { date: null, dateSource: 'none', text: 'No date given' }));
        const views = await store.findActions(plan.id);
        expect(views.find((a) => a.ref === '1.9')!.latestUpdate?.text).toBe('Still attending');
        expect(views.find((a) => a.ref === '4.3')).toMatchObject({ updateCount: 3, lastUpdated: '2017-06', latestUpdate: { date: '2017-06' } });
      });

      it('keeps the latest by date when an older-dated update is appended, and takes the later of two on the same day', async () => {
        const a44 = await byRef('4.4');
        await store.appendUpdate(a44.id, newUpdate('k-older', { date: '2017-12-01', text: 'Recorded late' }));
        expect((await store.findActions(plan.id, { text: 'recorded late' }))[0]).toMatchObject({ lastUpdated: '2018-02', latestUpdate: { date: '2018-02' } });
        await store.appendUpdate(a44.id, newUpdate('k-same-1', { text: 'First of the day' }));
        await store.appendUpdate(a44.id, newUpdate('k-same-2', { text: 'Second of the day', recordedAt: '2018-03-01T11:00:00.000Z' }));
        expect((await store.findActions(plan.id, { text: 'of the day' }))[0]).toMatchObject({ updateCount: 7, lastUpdated: '2018-03-01', latestUpdate: { text: 'Second of the day' } });
      });

      it('filters by lead, matching a name or a role without regard to case', async () => {
        expect(await refs({ lead: 'Jane Price' })).toEqual(['1.7', '1.13']);
        expect(await refs({ lead: 'louise west' })).toEqual(['1.9', '1.13', '4.3', '4.4', '4.5']);
        expect(await refs({ lead: 'west' })).toEqual(['1.9', '1.13', '4.3', '4.4', '4.5']);
        expect(await refs({ lead: 'POLICE' })).toEqual(['1.7']);
        expect(await refs({ lead: 'all steering group leads' })).toEqual(['5.2']);
        expect(await refs({ lead: 'ouise' })).toEqual([]);
      });

      it("filters the Pan Cheshire plan by a team, a team's person and an acronym in either place", async () => {
        const cheshire = await store.importPlan(panCheshireExtract());
        expect(await refs({ lead: 'LSCB training managers' }, cheshire.id)).toEqual(['3.2']);
        expect(await refs({ lead: 'cp training and development' }, cheshire.id)).toEqual(['3.2']);
        expect(await refs({ lead: 'Nigel Reid' }, cheshire.id)).toEqual(['3.2']);
        expect(await refs({ lead: "lscb's" }, cheshire.id)).toEqual(['1.5']);
        expect(await refs({ lead: 'PCSG' }, cheshire.id)).toEqual(['1.1', '5.1']);
      });

      it('filters by section id or number', async () => {
        const sections = await store.listSections(plan.id);
        expect(await refs({ section: '4' })).toEqual(['4.3', '4.4', '4.5']);
        expect(await refs({ section: sections[0]!.id })).toEqual(['1.7', '1.9', '1.13', '1.17']);
        expect(await refs({ section: '2' })).toEqual([]);
      });

      it('filters by RAG', async () => {
        expect(await refs({ rag: ['Red', 'Amber'] })).toEqual(['1.7', '4.3', '4.4']);
        expect(await refs({ rag: ['Not set'] })).toEqual(['1.17', '4.5']);
        expect(await refs({ rag: [] })).toHaveLength(8);
      });

      it('finds overdue actions on the day given, leaving out complete ones', async () => {
        expect(await refs({ overdue: true, today: '2018-01-05' })).toEqual(['1.7', '4.3', '4.4']);
        expect(await refs({ overdue: true, today: '2017-10-31' })).toEqual([]);
        expect(await refs({ overdue: true, today: '2017-11-01' })).toEqual(['1.7']);
      });

      it('filters by due date, the day itself included', async () => {
        expect(await refs({ dueBefore: '2017-12-31' })).toEqual(['1.7', '1.13', '4.3', '4.4']);
        expect(await refs({ dueBefore: '2017-12-30' })).toEqual(['1.7', '1.13']);
      });

      it('keeps a suspicious timescale as written: "Sept 2103" is not due in 2013', async () => {
        const cheshire = await store.importPlan(panCheshireExtract());
        expect(await refs({ dueBefore: '2013-12-31' }, cheshire.id)).toEqual(['1.1', '1.2', '1.5', '3.2', '4.2', '4.2a', '4.2b']);
        expect(await refs({ overdue: true, today: '2013-06-01' }, cheshire.id)).toEqual(['1.1', '1.2', '1.5']);
      });

      it('finds actions changed since a date, counting a month-only update in that month', async () => {
        expect(await refs({ changedSince: '2018-01-15' })).toEqual(['1.17', '4.4']);
        expect(await refs({ changedSince: '2017-10-01' })).toEqual(['1.7', '1.13', '1.17', '4.4', '5.2']);
      });

      it('searches free text across action, outcome, leads, sources and updates', async () => {
        expect(await refs({ text: 'taxi' })).toEqual(['1.7', '1.17']);
        expect(await refs({ text: 'GP FORUM' })).toEqual(['1.13']);
        expect(await refs({ text: 'gp' })).toEqual(['1.13', '4.3']);
        expect(await refs({ text: 'Ofsted' })).toEqual(['4.4']);
        expect(await refs({ text: 'Sarita' })).toEqual(['4.5']);
        expect(await refs({ text: 'sustainable' })).toEqual(['4.4', '4.5']);
        expect(await refs({ text: '100%_' })).toEqual([]);
        const cheshire = await store.importPlan(panCheshireExtract());
        expect(await refs({ text: 'acpo 2.4' }, cheshire.id)).toEqual(['1.2']);
      });

      it('combines filters', async () => {
        expect(await refs({ lead: 'Louise West', section: '4', rag: ['Red'] })).toEqual(['4.4']);
        expect(await refs({ lead: 'Jane Price', overdue: true, today: '2018-01-05' })).toEqual(['1.7']);
        expect(await refs({ text: 'training', rag: ['Amber', 'Green'] })).toEqual(['1.7', '5.2']);
        expect(await refs({ section: '1', changedSince: '2017-10-01', dueBefore: '2017-12-31' })).toEqual(['1.7', '1.13']);
      });

      it('answers an unknown plan with plan_not_found', async () => {
        await expect(store.findActions('no-such-plan')).rejects.toMatchObject({ code: 'plan_not_found' });
      });
    });

    describe('updates and changes', () => {
      it('appends an update at the end of the history and makes it the latest', async () => {
        const action = await byRef('4.3');
        const { update, created } = await store.appendUpdate(action.id, newUpdate('k-latest', { ragAfter: 'Green', timescaleAfter: 'March 2018' }));
        expect(created).toBe(true);
        expect(update).toEqual({ ...newUpdate('k-latest', { ragAfter: 'Green', timescaleAfter: 'March 2018' }), id: update.id, actionId: action.id, sequence: 2 });
        const after = await byRef('4.3');
        expect(after.updates.at(-1)).toEqual(update);
        expect(after.lastUpdated).toBe('2018-03-01');
        expect(after.rag).toBe('Amber');
        expect(await refs({ changedSince: '2018-03-01' })).toEqual(['4.3']);
        expect(await refs({ text: 'practice nurses' })).toEqual(['4.3']);
      });

      it('answers an update for an unknown action with action_not_found', async () => {
        const action = await byRef('4.3');
        await expect(store.appendUpdate(`${action.id}-gone`, newUpdate('k-missing'))).rejects.toMatchObject({ code: 'action_not_found' });
      });

      it('refuses an update without text or key, recording nothing', async () => {
        const action = await byRef('4.3');
        await expect(store.appendUpdate(action.id, newUpdate('k-empty', { text: '   ' }))).rejects.toMatchObject({ code: 'invalid_input' });
        await expect(store.appendUpdate(action.id, newUpdate(''))).rejects.toMatchObject({ code: 'invalid_input' });
        expect((await byRef('4.3')).updates).toHaveLength(2);
      });

      it('changes a RAG, dating the action by the change and keeping its other fields', async () => {
        const read = await byRef('4.5');
        const changed = await store.changeAction(read.id, read.version, { rag: 'Amber', changedAt: '2018-03-02T10:00:00.000Z' });
        const { version: _before, lastUpdated: _none, rag: _rag, updates: _updates, ...unchanged } = read;
        expect(changed).toMatchObject({ ...unchanged, rag: 'Amber', lastUpdated: '2018-03-02' });
        expect(await store.getAction(read.id)).toMatchObject({ rag: 'Amber', version: changed.version, lastUpdated: '2018-03-02', updates: [] });
        expect(await refs({ changedSince: '2018-03-02' })).toEqual(['4.5']);
      });

      it('changes a timescale, moving the action in the due-date filters', async () => {
        const read = await byRef('4.5');
        const changed = await store.changeAction(read.id, read.version, {
          timescale: { asWritten: 'Dec 2017', reading: { kind: 'due', due: '2017-12-31', period: '2017-12', note: null }, flag: null },
          changedAt: '2018-03-01T10:00:00.000Z',
        });
        expect(changed).toMatchObject({ rag: 'Not set', timescale: { asWritten: 'Dec 2017' } });
        expect(await refs({ dueBefore: '2017-12-31' })).toContain('4.5');
        expect(await refs({ overdue: true, today: '2018-03-01' })).toContain('4.5');
      });

      it('takes an action marked completed out of the overdue list', async () => {
        const read = await byRef('4.3');
        await store.changeAction(read.id, read.version, {
          timescale: { asWritten: 'Completed March 2018', reading: { kind: 'completed', on: '2018-03', note: null }, flag: null },
          changedAt: '2018-03-01T10:00:00.000Z',
        });
        expect(await refs({ overdue: true, today: '2018-03-01' })).toEqual(['1.7', '4.4']);
        const a44 = await byRef('4.4');
        await store.changeAction(a44.id, a44.version, { rag: 'Complete', changedAt: '2018-03-01T10:00:00.000Z' });
        expect(await refs({ overdue: true, today: '2018-03-01' })).toEqual(['1.7']);
      });

      it('answers a change to an unknown action with action_not_found', async () => {
        const read = await byRef('4.3');
        await expect(store.changeAction(`${read.id}-gone`, read.version, { rag: 'Red', changedAt: '2018-03-01T10:00:00.000Z' })).rejects.toMatchObject({ code: 'action_not_found' });
      });
    });

    describe("a person's update and the change it asks for", () => {
      const NOW = new Date('2018-03-01T10:00:00.000Z');
      const asked = (action: ActionWithUpdates, key: string, overrides: Partial<RecordUpdateInput> = {}): RecordUpdateInput => ({
        actionId: action.id,
        text: 'Practice nurses trained; audit due',
        author: 'Jane Price',
        authorId: null,
        origin: 'tab',
        key,
        now: NOW,
        today: '2018-03-01',
        ...overrides,
      });

      it('a replayed key leaves a later RAG change alone, with or without a version', async () => {
        const read = await byRef('4.3');
        const first = await recordUpdate(store, asked(read, 'tab:replay-later', { rag: 'Red', expectedVersion: read.version }));
        expect(first).toMatchObject({ created: true, action: { rag: 'Red' } });
        const green = await store.changeAction(read.id, first.action.version, { rag: 'Green', changedAt: '2018-03-01T11:00:00.000Z' });

        const withoutVersion = await recordUpdate(store, asked(read, 'tab:replay-later', { rag: 'Red' }));
        const withOldVersion = await recordUpdate(store, asked(read, 'tab:replay-later', { rag: 'Red', expectedVersion: read.version }));
        for (const replay of [withoutVersion, withOldVersion]) {
          expect(replay.created).toBe(false);
          expect(replay.update).toEqual(first.update);
          expect(replay.action).toMatchObject({ rag: 'Green', version: green.version });
        }
        const after = await byRef('4.3');
        expect(after).toMatchObject({ rag: 'Green', version: green.version });
        expect(after.updates.filter((u) => u.key === 'tab:replay-later')).toHaveLength(1);
      });

      it('a retry with the old version after a save answers already-recorded, not conflict, and changes nothing, even after a later change', async () => {
        const read = await byRef('4.5');
        const saved = await recordUpdate(store, asked(read, 'tab:retry-old', { timescale: 'June 2018', expectedVersion: read.version }));
        const retry = await recordUpdate(store, asked(read, 'tab:retry-old', { timescale: 'June 2018', expectedVersion: read.version }));
        expect(retry.created).toBe(false);
        expect(retry.update).toEqual(saved.update);
        expect(retry.action).toMatchObject({ version: saved.action.version, timescale: { asWritten: 'June 2018' } });

        const july = await changeActionFields(store, saved.action, saved.action.version, { timescale: 'July 2018', now: NOW, today: '2018-03-01' });
        const late = await recordUpdate(store, asked(read, 'tab:retry-old', { timescale: 'June 2018', expectedVersion: read.version }));
        expect(late).toMatchObject({ created: false, update: saved.update, action: { version: july.version, timescale: { asWritten: 'July 2018' } } });
        expect((await byRef('4.5')).updates).toHaveLength(1);
      });

      it('records two presses of one submission at once a single time, neither told of a conflict', async () => {
        const read = await byRef('4.3');
        const both = await Promise.all([
          recordUpdate(store, asked(read, 'tab:double-press', { rag: 'Red', expectedVersion: read.version })),
          recordUpdate(store, asked(read, 'tab:double-press', { rag: 'Red', expectedVersion: read.version })),
        ]);
        expect(both.map((r) => r.created).sort()).toEqual([false, true]);
        expect(both[0]!.update.id).toBe(both[1]!.update.id);
        const after = await byRef('4.3');
        expect(after.rag).toBe('Red');
        expect(after.updates.filter((u) => u.key === 'tab:double-press')).toHaveLength(1);
      });

      it('a key reused on another action is refused, naming the key and both actions, and nothing is written', async () => {
        const a43 = await byRef('4.3');
        await recordUpdate(store, asked(a43, 'tab:reused-key', { rag: 'Red' }));
        const a44 = await byRef('4.4');
        const withChange = await recordUpdate(store, asked(a44, 'tab:reused-key', { rag: 'Green', expectedVersion: a44.version })).catch((e: unknown) => e);
        const textOnly = await store.appendUpdate(a44.id, newUpdate('tab:reused-key')).catch((e: unknown) => e);
        for (const error of [withChange, textOnly]) {
          expect(error).toBeInstanceOf(PlanError);
          expect(error).toMatchObject({ code: 'key_reused', status: 409 });
          expect((error as PlanError).message).toMatch(/"tab:reused-key".*\b4\.3\b.*\b4\.4\b/);
        }
        expect(await byRef('4.4')).toEqual(a44);
        expect((await byRef('4.3')).updates.filter((u) => u.key === 'tab:reused-key')).toHaveLength(1);
      });

      it("records a person's update even when it is sent with an imported update's key, leaving that entry alone", async () => {
        const read = await byRef('4.3');
        const imported = read.updates[0]!;
        const result = await recordUpdate(store, asked(read, imported.key, { rag: 'Red', expectedVersion: read.version }));
        expect(result.created).toBe(true);
        expect(result.update.key).not.toBe(imported.key);
        const after = await byRef('4.3');
        expect(after.rag).toBe('Red');
        expect(after.updates[0]).toEqual(imported);
        expect(after.updates).toHaveLength(3);
      });

      it("cannot take the key of a revision's history entry, so bringing the next version in still records it", async () => {
        const a44 = await byRef('4.4');
        await recordUpdate(store, asked(a44, revisionKey(a44.id, 'rag', 'Red', 'Amber'), { text: 'Moving to Amber at the board' }));
        const next = gloucestershireExtract();
        next.actions.find((a) => a.ref === '4.4')!.rag = 'Amber';
        await store.applyRevision(revisePlan((await store.exportPlan(plan.id))!, next), next, {
          recordedAt: '2018-03-05T09:00:00.000Z',
          recordedOn: '2018-03-05',
          author: 'Plan Owner',
          source: 're-import of glos-v2.docx',
        });
        expect((await byRef('4.4')).updates.map((u) => u.text)).toEqual(expect.arrayContaining(['Moving to Amber at the board', 'RAG changed from Red to Amber (re-import of glos-v2.docx)']));
      });

      it('gives imported updates keys that the plan, its refs and the store do not tell', async () => {
        const other = await makeStore();
        try {
          const again = await other.store.importPlan(gloucestershireExtract());
          const keysOf = async (s: PlanStore, planId: string): Promise<string[]> => (await s.exportPlan(planId))!.actions.flatMap((a) => a.updates.map((u) => u.key));
          const [here, there] = [await keysOf(store, plan.id), await keysOf(other.store, again.id)];
          expect(here).toHaveLength(there.length);
          for (const key of here) expect(there).not.toContain(key);
        } finally {
          await other.cleanup();
        }
      });

      it('answers a change asked with a stale version with a conflict, even when the value asked for is already current', async () => {
        const read = await byRef('4.3');
        const red = await store.changeAction(read.id, read.version, { rag: 'Red', changedAt: '2018-03-01T10:00:00.000Z' });
        for (const ask of [{ rag: 'Red' as const }, { timescale: read.timescale.asWritten }]) {
          const error = await changeActionFields(store, await byRef('4.3'), read.version, { ...ask, now: NOW, today: '2018-03-01' }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(VersionConflictError);
          expect((error as VersionConflictError<ActionWithUpdates>).current).toMatchObject({ rag: 'Red', version: red.version });
        }
        const current = await byRef('4.3');
        expect(await changeActionFields(store, current, red.version, { rag: 'Red', now: NOW, today: '2018-03-01' })).toMatchObject({ rag: 'Red', version: red.version });
        expect((await byRef('4.3')).version).toBe(red.version);
      });
    });

    describe('reminders and conversations', () => {
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

    describe('the next version of the plan\'s document', () => {
      const meta = { recordedAt: '2018-03-05T09:00:00.000Z', recordedOn: '2018-03-05', author: 'Plan Owner', source: 're-import of glos-v2.docx' };
      /** The board's next version: 4.4 turned Amber with a new update, 1.13 renumbered 1.14, 4.5 gone, a new 5.3. */
      function nextVersion(): PlanDraft {
        const draft = gloucestershireExtract();
        const byRef = (ref: string) => draft.actions.find((a) => a.ref === ref)!;
        byRef('4.4').rag = 'Amber';
        byRef('4.4').updates.push({ date: '2018-02', dateSource: 'stated', author: null, text: 'Feb 18 - Commissioning review complete; report to March board.' });
        byRef('1.13').ref = '1.14';
        const five = draft.actions.find((a) => a.ref === '5.2')!;
        draft.actions = draft.actions.filter((a) => a.ref !== '4.5');
        draft.actions.push({ ...five, ref: '5.3', title: 'Return home interviews commissioned', text: 'Commission an independent return home interview service', outcome: '', updates: [] });
        draft.versionRecord = [...draft.versionRecord, { version: 'V05', date: '2018-03', description: 'February board updates', author: null, cells: { Version: 'V05' } }];
        return draft;
      }

      it('brings it in: changes recorded with was and now, the renumbered action keeps its identity, removed kept, new added, updates once', async () => {
        const before = (await store.exportPlan(plan.id))!;
        const renumbered = before.actions.find((a) => a.ref === '1.13')!;
        await store.appendUpdate((await byRef('4.4')).id, newUpdate('card-44', { text: 'Answered on the card' }));
        const current = (await store.exportPlan(plan.id))!;
        const revision = revisePlan(current, nextVersion());
        await store.applyRevision(revision, nextVersion(), meta);
        const after = (await store.exportPlan(plan.id))!;
        const ref = (r: string) => after.actions.find((a) => a.ref === r)!;

        expect(ref('4.4').rag).toBe('Amber');
        expect(ref('4.4').updates.map((u) => u.text)).toEqual(expect.arrayContaining(['Answered on the card', 'Feb 18 - Commissioning review complete; report to March board.', 'RAG changed from Red to Amber (re-import of glos-v2.docx)']));
        expect(ref('4.4').updates.find((u) => u.text.startsWith('RAG changed'))).toMatchObject({ author: 'Plan Owner', origin: 'import', ragAfter: 'Amber', date: '2018-03-05' });
        expect(ref('1.14').id).toBe(renumbered.id);
        expect(ref('1.14').updates.map((u) => u.text)).toContain('Ref changed from 1.13 to 1.14 (re-import of glos-v2.docx)');
        expect(after.actions.find((a) => a.ref === '4.5')).toBeDefined();
        expect(ref('5.3')).toMatchObject({ text: 'Commission an independent return home interview service', sectionId: ref('5.2').sectionId });
        expect(after.actions.map((a) => a.ref)).toEqual(['1.7', '1.9', '1.14', '1.17', '4.3', '4.4', '5.2', '5.3', '4.5']);
        expect(after.plan.versionRecord.map((v) => v.version).at(-1)).toBe('V05');
      });

      it('changes nothing when the same version is compared and applied again', async () => {
        await store.applyRevision(revisePlan((await store.exportPlan(plan.id))!, nextVersion()), nextVersion(), meta);
        const once = (await store.exportPlan(plan.id))!;
        const again = revisePlan(once, nextVersion());
        expect(isUnchanged(again)).toBe(true);
        await store.applyRevision(again, nextVersion(), { ...meta, recordedAt: '2018-03-06T09:00:00.000Z', recordedOn: '2018-03-06' });
        const twice = (await store.exportPlan(plan.id))!;
        expect(twice.actions.map((a) => [a.ref, a.updates.length, a.rag])).toEqual(once.actions.map((a) => [a.ref, a.updates.length, a.rag]));
      });

      it('answers an unknown plan with plan_not_found', async () => {
        const revision = revisePlan((await store.exportPlan(plan.id))!, nextVersion());
        await expect(store.applyRevision({ ...revision, planId: 'no-such-plan' }, nextVersion(), meta)).rejects.toMatchObject({ code: 'plan_not_found' });
      });
    });

    describe('lead mappings', () => {
      const louise = mapping('louise west', 'Louise West', { status: 'confirmed', target: LOUISE, candidates: [LOUISE], confirmedBy: 'Plan owner' });
      const dawn = mapping('dawn porter', 'Dawn Porter', { status: 'suggested', target: DAWN, candidates: [DAWN] });
      const jane = mapping('jane price', 'Jane Price', { status: 'ambiguous', candidates: [
          { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a03', displayName: 'Jane Price', mail: 'jane.price@glos-health.example', jobTitle: 'Named Nurse' },
          { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a04', displayName: 'Jane Price', mail: 'jane.price@glos-schools.example', jobTitle: null },
        ],
      });

      it('has none for a plan nobody has matched yet', async () => {
        expect(await store.listLeadMappings(plan.id)).toEqual([]);
      });

      it('reads back every field of what was saved, in lead key order', async () => {
        const natalie = mapping('natalie oakley', 'Natalie Oakley', { status: 'confirmed', target: NATALIE, confirmedBy: 'Plan owner', updatedAt: '2018-01-06T10:30:00+01:00' });
        await store.saveLeadMappings(plan.id, [louise, natalie, jane, dawn]);
        expect(await store.listLeadMappings(plan.id)).toEqual([dawn, jane, louise, natalie]);
      });

      it('replaces a mapping of the same lead key and leaves the others as they were', async () => {
        await store.saveLeadMappings(plan.id, [dawn, jane]);
        const confirmedDawn = { ...dawn, status: 'confirmed' as const, confirmedBy: 'Plan owner', updatedAt: '2018-01-07T09:00:00.000Z' };
        await store.saveLeadMappings(plan.id, [confirmedDawn, louise]);
        expect(await store.listLeadMappings(plan.id)).toEqual([confirmedDawn, jane, louise]);
      });

      it('keeps both owners’ mappings when two save different leads at once', async () => {
        await Promise.all([store.saveLeadMappings(plan.id, [louise]), store.saveLeadMappings(plan.id, [dawn])]);
        expect((await store.listLeadMappings(plan.id)).map((m) => m.lead)).toEqual(['dawn porter', 'louise west']);
      });

      it('saves all or nothing: one bad mapping refuses the save, naming the lead and the field', async () => {
        await store.saveLeadMappings(plan.id, [dawn]);
        const noTarget = mapping('sarita walker', 'Sarita Walker', { status: 'confirmed', confirmedBy: 'Plan owner' });
        const error = await store.saveLeadMappings(plan.id, [louise, noTarget]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PlanError);
        expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/lead "sarita walker".*target/) });
        await expect(store.saveLeadMappings(plan.id, [mapping('Louise  West', 'Louise West')])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/lead key/) });
        await expect(store.saveLeadMappings(plan.id, [louise, { ...louise, writtenAs: 'Louise West West' }])).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/twice/) });
        await expect(store.saveLeadMappings(plan.id, [mapping('izzy dougan', 'Izzy Dougan', { status: 'confirmed', target: { ...LOUISE, id: null }, confirmedBy: 'Plan owner' })])).rejects.toMatchObject({
          code: 'invalid_input',
          message: expect.stringMatching(/target\.id.*object id/),
        });
        expect(await store.listLeadMappings(plan.id)).toEqual([dawn]);
      });

      it('keeps each plan’s mappings apart, even for a lead of the same name', async () => {
        const cheshire = await store.importPlan(panCheshireExtract());
        const otherLouise = { ...louise, target: { ...LOUISE, id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a99', mail: 'l.west@cheshire.example' } };
        await store.saveLeadMappings(plan.id, [louise]);
        await store.saveLeadMappings(cheshire.id, [otherLouise]);
        expect(await store.listLeadMappings(plan.id)).toEqual([louise]);
        expect(await store.listLeadMappings(cheshire.id)).toEqual([otherLouise]);
      });

      it('keeps the mappings when the plan is imported again in its place', async () => {
        await store.saveLeadMappings(plan.id, [louise, dawn]);
        await store.importPlan(gloucestershireExtract(), { replacePlanId: plan.id });
        expect(await store.listLeadMappings(plan.id)).toEqual([dawn, louise]);
      });

      it('removes the mappings with their plan', async () => {
        await store.saveLeadMappings(plan.id, [louise, dawn]);
        await store.deletePlan(plan.id);
        await expect(store.listLeadMappings(plan.id)).rejects.toMatchObject({ code: 'plan_not_found' });
        const again = await store.importPlan(gloucestershireExtract());
        expect(await store.listLeadMappings(again.id)).toEqual([]);
      });

      it('answers an unknown plan with plan_not_found, saving nothing', async () => {
        await expect(store.listLeadMappings('no-such-plan')).rejects.toMatchObject({ code: 'plan_not_found' });
        await expect(store.saveLeadMappings('no-such-plan', [louise])).rejects.toMatchObject({ code: 'plan_not_found' });
      });
    });
  });
}
