import { beforeEach, describe, expect, it } from 'vitest';
import { change } from '../fixtures/action-changes.js';
import { PlanError, VersionConflictError } from '../../src/plan/errors.js';
import type { ActionDraft, ActionWithUpdates, Plan, PlanDraft } from '../../src/plan/plan.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { isUnchanged, revisePlan } from '../../src/plan/plan-revision.js';
import { generatedDraft, gloucestershireExtract, panCheshireExtract } from '../fixtures/plan-drafts.js';
import { newUpdate, reminder, expectStoredAsDrafted } from './contract-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** PlansAndActions: plans imported whole (or not at all), read, filtered, changed at a version, revised from the next version of their document. */
export function plansAndActionsContract(ctx: ContractContext): void {
  const { byRef, refs } = ctx;
  describe('conflicts and uniqueness', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

    it('throws a version conflict when the action changed since it was read, carrying the current action', async () => {
      const read = await byRef('4.3');
      await store.changeAction(read.id, read.version, change({ rag: 'Red', changedAt: '2018-03-01T10:00:00.000Z' }));
      const error = await store.changeAction(read.id, read.version, change({ rag: 'Green', changedAt: '2018-03-01T10:05:00.000Z' })).catch((e: unknown) => e);
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
        store.changeAction(read.id, read.version, change({ rag: 'Amber', changedAt: '2018-03-01T10:00:00.000Z' })),
        store.changeAction(read.id, read.version, change({ rag: 'Green', changedAt: '2018-03-01T10:00:00.000Z' })),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError)).toHaveLength(1);
      expect((await byRef('4.4')).rag).toBe(won[0]!.value.rag);
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
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

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

    it("keeps the plan table's columns as the document headed and ordered them, unused ones too", async () => {
      const columns = [
        { heading: '', role: 'ref' as const },
        { heading: 'Action: what will be done', role: 'action' as const },
        { heading: 'Lead(s)', role: 'lead' as const },
        { heading: 'Notes for chair', role: null },
        { heading: 'BRAG', role: 'rag' as const },
      ];
      const kept = await store.importPlan({ ...gloucestershireExtract(), title: 'With its columns', columns });
      expect((await store.getPlan(kept.id))!.columns).toEqual(columns);
      expect((await store.exportPlan(kept.id))!.plan.columns).toEqual(columns);
      expect((await store.getPlan(plan.id))!.columns).toBeUndefined();
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

    it("tells leads by card unless the plan says the activity feed, and refuses another way, naming the setting", async () => {
      expect(plan.leadNotice).toBe('card');
      const changed = await store.updatePlanSettings(plan.id, { leadNotice: 'activity-feed' });
      expect(changed.leadNotice).toBe('activity-feed');
      expect((await store.getPlan(plan.id))!.leadNotice).toBe('activity-feed');
      await expect(store.updatePlanSettings(plan.id, { leadNotice: 'pigeon' as 'card' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('leadNotice: must be card or activity-feed') });
      expect((await store.getPlan(plan.id))!.leadNotice).toBe('activity-feed');
    });

    it('reads a time zone as every store does: any zone Intl knows, aliases included', async () => {
      for (const timeZone of ['Etc/UTC', 'US/Eastern', 'Europe/London']) {
        expect((await store.updatePlanSettings(plan.id, { timeZone })).timeZone).toBe(timeZone);
      }
    });

    it('links the plan to a channel for its digest, records the day it was posted, and unlinks it, the other settings kept', async () => {
      const channelDigest = { channel: { teamId: '19:team@thread.tacv2', channelId: '19:board@thread.tacv2', name: 'Board' }, schedule: { kind: 'weekly' as const, weekday: 'Monday' as const }, lastPostedOn: null };
      const before = await store.updatePlanSettings(plan.id, { owner: 'Louise West' });
      const linked = await store.updatePlanSettings(plan.id, { channelDigest });
      expect(linked).toEqual({ ...before, channelDigest });
      expect(await store.getPlan(plan.id)).toEqual(linked);
      const posted = await store.updatePlanSettings(plan.id, { channelDigest: { ...channelDigest, lastPostedOn: '2018-03-05' } });
      expect((await store.getPlan(plan.id))?.channelDigest).toEqual({ ...channelDigest, lastPostedOn: '2018-03-05' });
      expect(posted.owner).toBe('Louise West');
      await expect(store.updatePlanSettings(plan.id, { channelDigest: { ...channelDigest, schedule: { kind: 'before-meeting', daysBefore: 40 } } })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringContaining('channelDigest.schedule.daysBefore'),
      });
      const unlinked = await store.updatePlanSettings(plan.id, { channelDigest: null });
      expect(unlinked.channelDigest ?? null).toBeNull();
      expect((await store.getPlan(plan.id))?.channelDigest ?? null).toBeNull();
      expect(await store.getPlan(plan.id)).toMatchObject({ owner: 'Louise West', meetings: before.meetings });
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
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

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

  describe('the next version of the plan\'s document', () => {
    let store: PlanStore;
    let plan: Plan;
    beforeEach(() => {
      ({ store, plan } = ctx.current());
    });

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
      expect(ref('4.4').updates.map((u) => u.text)).toEqual(expect.arrayContaining(['Answered on the card', 'Feb 18 - Commissioning review complete; report to March board.']));
      expect(ref('4.4').history).toEqual([
        expect.objectContaining({ kind: 'changed', changes: [{ field: 'rag', was: 'Red', now: 'Amber' }], author: 'Plan Owner', origin: 're-import', note: 're-import of glos-v2.docx', date: '2018-03-05', recordedAt: '2018-03-05T09:00:00.000Z' }),
      ]);
      expect(ref('1.14').id).toBe(renumbered.id);
      expect(ref('1.14').history.flatMap((h) => h.changes)).toContainEqual({ field: 'ref', was: '1.13', now: '1.14' });
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
      expect(twice.actions.map((a) => [a.ref, a.updates.length, a.history.length, a.rag])).toEqual(once.actions.map((a) => [a.ref, a.updates.length, a.history.length, a.rag]));
    });

    it('answers an unknown plan with plan_not_found', async () => {
      const revision = revisePlan((await store.exportPlan(plan.id))!, nextVersion());
      await expect(store.applyRevision({ ...revision, planId: 'no-such-plan' }, nextVersion(), meta)).rejects.toMatchObject({ code: 'plan_not_found' });
    });
  });
}
