import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { change } from '../fixtures/action-changes.js';
import { VersionConflictError, PlanError } from '../../src/plan/errors.js';
import type { NewUpdate } from '../../src/plan/update.js';
import { interpretTimescale } from '../../src/plan/timescale.js';
import type { NewReminder } from '../../src/store/reminder-log.js';
import { GraphPlanStore } from '../../src/store/sharepoint/graph-plan-store.js';
import { ImportRolledBackError } from '../../src/store/sharepoint/import-rollback-error.js';
import { generatedDraft, startSharePointHarness, testHttp, type SharePointHarness } from './sharepoint-harness.js';

let h: SharePointHarness;

beforeAll(async () => {
  h = await startSharePointHarness({ server: { maxPageSize: 50 }, pageSize: 50 });
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  h.server.faults.clear();
  h.server.resetLog();
});

function newUpdate(key: string, text = 'Met the partners; pathway agreed.'): NewUpdate {
  return {
    date: '2013-06-10',
    dateSource: 'recorded',
    author: 'Jane Price',
    authorId: null,
    text,
    origin: 'card',
    ragAfter: null,
    timescaleAfter: null,
    key,
    recordedAt: '2013-06-10T09:30:00.000Z',
  };
}

const batches = (): number[] => h.server.log.filter((l) => l.path === '/v1.0/$batch').map((l) => l.batchSize ?? 0);

describe('GraphPlanStore over the local Graph server', () => {
  it('stores a plan and reads it back whole: sections, actions in order, timescales, updates', async () => {
    const draft = generatedDraft(23, 2);
    const plan = await h.store.importPlan(draft);
    const doc = await h.store.exportPlan(plan.id);
    expect(doc?.plan).toMatchObject({ title: draft.title, owner: 'Plan owner', ragLegend: draft.ragLegend, versionRecord: draft.versionRecord, unplacedText: draft.unplacedText });
    expect(doc?.sections.map((s) => s.title)).toEqual(draft.sections.map((s) => s.title));
    expect(doc?.actions.map((a) => a.ref)).toEqual(draft.actions.map((a) => a.ref));
    expect(doc?.actions[3]?.timescale).toEqual(draft.actions[3]?.timescale);
    expect(doc?.actions[5]?.updates.map((u) => [u.sequence, u.date, u.text])).toEqual(draft.actions[5]?.updates.map((u, i) => [i, u.date, u.text]));
    expect(doc?.actions[5]?.lastUpdated).toBe('2013-02-11');
  });

  it('loads a plan of N actions and M updates in ceil(N/page) + ceil(M/page) + 1 requests, not N + 1', async () => {
    const plan = await h.store.importPlan(generatedDraft(120, 3));
    h.server.resetLog();
    const actions = await h.store.findActions(plan.id);
    expect(actions).toHaveLength(120);
    expect(actions[0]?.updateCount).toBe(3);
    // Page of 50: 3 pages of actions, 8 of updates, and the plan item.
    expect(h.server.requestCount()).toBe(Math.ceil(120 / 50) + Math.ceil(360 / 50) + 1);
  });

  it('writes an import 20 items to a $batch', async () => {
    await h.store.importPlan(generatedDraft(30, 1));
    expect(batches()).toEqual([20, 10, 20, 10]);
  });

  it('records 100 updates in 5 $batch requests', async () => {
    const plan = await h.store.importPlan(generatedDraft(10, 0));
    const actions = await h.store.findActions(plan.id);
    h.server.resetLog();
    const results = await h.store.appendUpdates(Array.from({ length: 100 }, (_, i) => ({ action: actions[i % 10]!, update: newUpdate(`bulk-${plan.id}-${i}`) })));
    expect(results.every((r) => r.created)).toBe(true);
    expect(h.server.requestCount()).toBe(5);
    expect(batches()).toEqual([20, 20, 20, 20, 20]);
  });

  it('appends an update as a new item, and the same key twice records it once', async () => {
    const plan = await h.store.importPlan(generatedDraft(3, 1));
    const [action] = await h.store.findActions(plan.id);
    const first = await h.store.appendUpdate(action!.id, newUpdate(`once-${plan.id}`));
    const second = await h.store.appendUpdate(action!.id, newUpdate(`once-${plan.id}`, 'a retried click'));
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.update).toEqual(first.update);
    expect(first.update.sequence).toBe(1);
    const stored = await h.store.getAction(action!.id);
    expect(stored?.updates.map((u) => u.text)).toEqual([action!.latestUpdate?.text, 'Met the partners; pathway agreed.']);
  });

  it('turns a 412 on a stale eTag into VersionConflictError carrying the current action', async () => {
    const plan = await h.store.importPlan(generatedDraft(2, 0));
    const [action] = await h.store.findActions(plan.id);
    const changed = await h.store.changeAction(action!.id, action!.version, change({ rag: 'Red', changedAt: '2013-07-01T10:00:00Z' }));
    expect(changed.rag).toBe('Red');
    expect(changed.version).not.toBe(action!.version);
    expect(changed.lastUpdated).toBe('2013-07-01');
    const error = await h.store.changeAction(action!.id, action!.version, change({ rag: 'Green', changedAt: '2013-07-02T10:00:00Z' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError<{ rag: string }>).current.rag).toBe('Red');
  });

  it('surfaces the 412 SharePoint sends when the item changed between reading and writing', async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [action] = await h.store.findActions(plan.id);
    // Someone edits the item in SharePoint after the store read it: the PATCH's If-Match is stale.
    const list = h.server.site.findList('Actions');
    h.server.faults.beforeWrite(1, () => h.server.site.updateItem(list, action!.id, { Rag: 'Green' }, null), (w) => w.method === 'PATCH');
    const racing = h.store.changeAction(action!.id, action!.version, change({ rag: 'Amber', changedAt: '2013-07-03T10:00:00Z' }));
    const error = await racing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError<{ rag: string }>).current.rag).toBe('Green');
    expect(h.server.log.some((l) => l.status === 412)).toBe(true);
  });

  it("completes a person's update whose change was written but not the update, when retried with the old version", async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [read] = await h.store.findActions(plan.id);
    const update = { ...newUpdate(`half-${plan.id}`), ragAfter: 'Red' as const };
    const asked = { expectedVersion: read!.version, change: change({ rag: 'Red' as const, changedAt: '2013-07-01T10:00:00Z' }) };
    // SharePoint writes the two items one after the other: the update's fails once the change is in.
    h.server.faults.failWrite(1, { status: 500, message: 'the server stopped' }, (w) => w.method === 'POST');
    await expect(h.store.appendUpdate(read!.id, update, asked)).rejects.toThrow();
    const halfway = await h.store.getAction(read!.id);
    expect(halfway).toMatchObject({ rag: 'Red', updates: [] });

    const retry = await h.store.appendUpdate(read!.id, update, asked);
    expect(retry).toMatchObject({ created: true, update: { key: update.key, ragAfter: 'Red' } });
    expect(await h.store.getAction(read!.id)).toMatchObject({ rag: 'Red', version: halfway!.version, updates: [{ key: update.key }] });

    // Someone else's change since clears the mark: a late retry of another half-written submission is theirs to reload.
    const other = { ...newUpdate(`half-other-${plan.id}`), ragAfter: 'Green' as const };
    const otherChange = { expectedVersion: halfway!.version, change: change({ rag: 'Green' as const, changedAt: '2013-07-02T10:00:00Z' }) };
    h.server.faults.failWrite(1, { status: 500, message: 'the server stopped' }, (w) => w.method === 'POST');
    await expect(h.store.appendUpdate(read!.id, other, otherChange)).rejects.toThrow();
    const amber = await h.store.changeAction(read!.id, (await h.store.getAction(read!.id))!.version, change({ rag: 'Amber', changedAt: '2013-07-03T10:00:00Z' }));
    const late = await h.store.appendUpdate(read!.id, other, otherChange).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(VersionConflictError);
    expect(await h.store.getAction(read!.id)).toMatchObject({ rag: 'Amber', version: amber.version });
  });

  it('lets one of two concurrent reminder senders claim a reminder, and only one reminder exists', async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [action] = await h.store.findActions(plan.id);
    const other = await GraphPlanStore.open({ http: testHttp(h.server), siteId: h.server.siteId });
    const claim: NewReminder = {
      key: `${action!.id}|jane price|overdue|2013-04-30#0`,
      planId: plan.id,
      actionId: action!.id,
      lead: 'Jane Price',
      leadUserId: null,
      reason: 'overdue',
      period: '2013-04-30#0',
      claimedAt: '2013-05-01T08:00:00.000Z',
    };
    const results = await Promise.all([h.store.claimReminder(claim), other.claimReminder({ ...claim, claimedAt: '2013-05-01T08:00:00.001Z' })]);
    expect(results.map((r) => r.claimed).sort()).toEqual([false, true]);
    expect(results[0].reminder.claimedAt).toBe(results[1].reminder.claimedAt);
    expect(await h.store.listReminders({ actionId: action!.id })).toHaveLength(1);

    const sent = await h.store.recordReminderOutcome(claim.key, { status: 'sent', at: '2013-05-01T08:00:05.000Z' });
    expect([sent.status, sent.attempts, sent.sentAt]).toEqual(['sent', 1, '2013-05-01T08:00:05.000Z']);
    expect(await h.store.listReminders({ planId: plan.id, status: 'sent' })).toHaveLength(1);
  });

  it('records the outcome of its own claim in one request, and reads again when the reminder changed meanwhile', async () => {
    const plan = await h.store.importPlan(generatedDraft(2, 0));
    const actions = await h.store.findActions(plan.id);
    const claimFor = (i: number): NewReminder => ({
      key: `${actions[i]!.id}|nigel reid|overdue|2013-04-30#0`,
      planId: plan.id,
      actionId: actions[i]!.id,
      lead: 'Nigel Reid',
      leadUserId: null,
      reason: 'overdue',
      period: '2013-04-30#0',
      claimedAt: '2013-05-01T08:00:00.000Z',
    });
    await h.store.claimReminder(claimFor(0));
    h.server.resetLog();
    await h.store.recordReminderOutcome(claimFor(0).key, { status: 'sent', at: '2013-05-01T08:00:05.000Z' });
    expect(h.server.log.map((l) => l.method)).toEqual(['PATCH']);

    // Another server records a failure on our claim first: our PATCH meets 412, reads, applies ours.
    await h.store.claimReminder(claimFor(1));
    const other = await GraphPlanStore.open({ http: testHttp(h.server), siteId: h.server.siteId });
    await other.recordReminderOutcome(claimFor(1).key, { status: 'failed', at: '2013-05-01T08:00:03.000Z', error: 'timed out' });
    const sent = await h.store.recordReminderOutcome(claimFor(1).key, { status: 'sent', at: '2013-05-01T08:00:06.000Z' });
    expect([sent.status, sent.attempts]).toEqual(['sent', 2]);
  });

  it('keeps conversation references in the hidden list, one per person', async () => {
    const reference = { userId: 'aad-1', userName: 'Jane Price', tenantId: 't', conversationId: 'c1', serviceUrl: 'https://smba.trafficmanager.net/uk/', reference: { a: 1 }, updatedAt: '2013-05-01T00:00:00Z' };
    await h.store.saveConversationReference(reference);
    await h.store.saveConversationReference({ ...reference, conversationId: 'c2' });
    expect((await h.store.getConversationReference('aad-1'))?.conversationId).toBe('c2');
    expect((await h.store.listConversationReferences()).filter((r) => r.userId === 'aad-1')).toHaveLength(1);
  });

  it('removes what an import created when a write fails, and says what it removed', async () => {
    const plansBefore = await h.store.listPlans();
    const countItems = (): number[] => ['Plans', 'Actions', 'Updates'].map((l) => h.server.site.findList(l).items.size);
    const before = countItems();
    h.server.faults.failWrite(30, { status: 500, message: 'disk full' });
    const error = await h.store.importPlan(generatedDraft(25, 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRolledBackError);
    const e = error as ImportRolledBackError;
    expect(e.code).toBe('store_failure');
    expect(e.message).toContain('while creating updates');
    expect(e.created.find((g) => g.list === 'actions')?.ids).toHaveLength(25);
    expect(e.remaining.every((g) => g.ids.length === 0)).toBe(true);
    expect(countItems()).toEqual(before);
    expect(await h.store.listPlans()).toEqual(plansBefore);
  });

  it('leaves the plan it was replacing as it was, and none of its own items, when a replacement fails', async () => {
    const original = await h.store.importPlan(generatedDraft(6, 1));
    const before = await h.store.exportPlan(original.id);
    const countItems = (): number[] => ['Plans', 'Actions', 'Updates'].map((l) => h.server.site.findList(l).items.size);
    const counts = countItems();
    h.server.faults.failWrite(10, { status: 500, message: 'disk full' });
    const error = await h.store.importPlan(generatedDraft(12, 1), { replacePlanId: original.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRolledBackError);
    expect(countItems()).toEqual(counts);
    expect(await h.store.exportPlan(original.id)).toEqual(before);
  });

  it('names the items it could not remove when the clean-up fails too', async () => {
    h.server.faults.failWrite(2, { status: 500 });
    h.server.faults.failWrite(1, { status: 500 }, (w) => w.method === 'DELETE');
    const error = await h.store.importPlan(generatedDraft(3, 0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRolledBackError);
    expect((error as ImportRolledBackError).remaining.flatMap((g) => g.ids)).toHaveLength(1);
    expect((error as Error).message).toContain('delete them in SharePoint');
  });

  it('answers plan_not_found for a plan that is not there', async () => {
    await expect(h.store.findActions('99999')).rejects.toBeInstanceOf(PlanError);
    expect(await h.store.getPlan('not-a-number')).toBeNull();
  });

  it('reads a timescale retyped by hand in SharePoint beside its new words', async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [action] = await h.store.findActions(plan.id);
    h.server.site.updateItem(h.server.site.findList('Actions'), action!.id, { Timescale: 'Sept 2013' }, null);
    const reread = await h.store.getAction(action!.id);
    expect(reread?.timescale).toEqual(interpretTimescale('Sept 2013', { planYears: [2013] }));
  });
});
