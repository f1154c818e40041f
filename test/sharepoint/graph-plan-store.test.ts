import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { change } from '../fixtures/action-changes.js';
import { VersionConflictError, PlanError } from '../../src/plan/errors.js';
import type { NewUpdate } from '../../src/plan/update.js';
import { interpretTimescale } from '../../src/plan/timescale.js';
import { isUnchanged, revisePlan } from '../../src/plan/plan-revision.js';
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

  it('keeps the history entry of a change whose history item failed: a retry writes it once, changing nothing twice', async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [read] = await h.store.findActions(plan.id);
    const history = h.server.site.findList('Action history');
    const onHistory = (w: { method: string; path: string }) => w.method === 'POST' && w.path.includes(`/lists/${history.id}/items`);
    const amber = change({ rag: 'Amber', changedAt: '2013-07-01T10:00:00Z' }, { key: `tab:amber-${plan.id}` });
    const before = history.items.size;
    // The PATCH makes the change and carries its entry; creating the entry's own item then fails.
    h.server.faults.failWrite(1, { status: 500, message: 'the server stopped' }, onHistory);
    await expect(h.store.changeAction(read!.id, read!.version, amber)).rejects.toThrow();
    const halfway = await h.store.getAction(read!.id);
    expect(halfway).toMatchObject({ rag: 'Amber', history: [] });
    expect(JSON.parse(String(h.server.site.getItem(h.server.site.findList('Actions'), read!.id).fields.ActionJson))).toMatchObject({
      changeKey: amber.record.key,
      changeEntry: { key: amber.record.key, changes: [{ field: 'rag', was: read!.rag, now: 'Amber' }] },
    });

    // The retry carries the version it was asked at: its change is found made, and only the entry is written.
    h.server.resetLog();
    const retried = await h.store.changeAction(read!.id, read!.version, amber);
    expect(retried).toMatchObject({ rag: 'Amber', version: halfway!.version });
    expect(h.server.log.filter((l) => l.method === 'PATCH')).toEqual([]);
    const again = await h.store.changeAction(read!.id, read!.version, amber);
    expect(again.version).toBe(halfway!.version);
    expect((await h.store.getAction(read!.id))?.history).toEqual([
      expect.objectContaining({ sequence: 0, key: amber.record.key, changes: [{ field: 'rag', was: read!.rag, now: 'Amber' }], date: '2013-07-01' }),
    ]);
    expect(history.items.size).toBe(before + 1);
  });

  it('writes the entry of a change whose history item failed and was never retried before the next change replaces it', async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [read] = await h.store.findActions(plan.id);
    const history = h.server.site.findList('Action history');
    const before = history.items.size;
    h.server.faults.failWrite(1, { status: 500, message: 'the server stopped' }, (w) => w.method === 'POST' && w.path.includes(`/lists/${history.id}/items`));
    await expect(h.store.changeAction(read!.id, read!.version, change({ rag: 'Amber', changedAt: '2013-07-01T10:00:00Z' }))).rejects.toThrow();
    const amber = await h.store.getAction(read!.id);
    await h.store.changeAction(read!.id, amber!.version, change({ rag: 'Green', changedAt: '2013-07-02T10:00:00Z' }));
    expect((await h.store.getAction(read!.id))?.history.map((e) => [e.sequence, e.changes[0]])).toEqual([
      [0, { field: 'rag', was: read!.rag, now: 'Amber' }],
      [1, { field: 'rag', was: 'Amber', now: 'Green' }],
    ]);
    expect(history.items.size).toBe(before + 2);
  });

  it("completes a person's update whose change and entry were written but not the update, adding neither again", async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [read] = await h.store.findActions(plan.id);
    const update = { ...newUpdate(`half-entry-${plan.id}`), ragAfter: 'Amber' as const };
    const asked = { expectedVersion: read!.version, change: change({ rag: 'Amber' as const, changedAt: '2013-07-01T10:00:00Z' }, { key: `${update.key}#change`, origin: 'card' }) };
    const updates = h.server.site.findList('Updates');
    h.server.faults.failWrite(1, { status: 500, message: 'the server stopped' }, (w) => w.method === 'POST' && w.path.includes(`/lists/${updates.id}/items`));
    await expect(h.store.appendUpdate(read!.id, update, asked)).rejects.toThrow();
    expect(await h.store.getAction(read!.id)).toMatchObject({ rag: 'Amber', updates: [], history: [{ key: asked.change.record.key }] });
    expect(await h.store.appendUpdate(read!.id, update, asked)).toMatchObject({ created: true, update: { key: update.key } });
    expect(await h.store.appendUpdate(read!.id, update, asked)).toMatchObject({ created: false, update: { key: update.key } });
    expect(await h.store.getAction(read!.id)).toMatchObject({ rag: 'Amber', updates: [{ key: update.key }], history: [{ key: asked.change.record.key, origin: 'card' }] });
  });

  it('reads an action with its history in 4 requests, and makes a change in 7', async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [read] = await h.store.findActions(plan.id);
    h.server.resetLog();
    await h.store.getAction(read!.id);
    // The action item, then its plan item, its updates and its history at once.
    expect(h.server.requestCount()).toBe(4);
    h.server.resetLog();
    await h.store.changeAction(read!.id, read!.version, change({ rag: 'Green', changedAt: '2013-07-01T10:00:00Z' }));
    // Read the item, look the record key up, PATCH, create the entry, read the action back (item, plan, updates).
    expect(h.server.log.filter((l) => !l.inner).map((l) => l.method)).toEqual(['GET', 'GET', 'PATCH', 'POST', 'GET', 'GET', 'GET']);
  });

  it("keeps the plan's meetings and owner approval in PlanJson, and reads a plan item written before them as none and false", async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const plans = h.server.site.findList('Plans');
    const item = h.server.site.getItem(plans, plan.id);
    const { meetings: _m, ownerApproves: _o, ...older } = JSON.parse(String(item.fields.PlanJson)) as Record<string, unknown>;
    h.server.site.updateItem(plans, plan.id, { PlanJson: JSON.stringify(older) }, null);
    expect(await h.store.getPlan(plan.id)).toMatchObject({ meetings: [], ownerApproves: false });
    const meetings = [{ date: '2013-07-15', source: 'entered' as const, title: 'Partnership Board' }];
    // Someone else writes the plan item between the read and the write: the PATCH meets 412, reads again, and keeps their change.
    h.server.faults.beforeWrite(1, () => h.server.site.updateItem(plans, plan.id, { Description: 'Edited in SharePoint' }, null), (w) => w.method === 'PATCH');
    expect(await h.store.updatePlanSettings(plan.id, { meetings, ownerApproves: true })).toMatchObject({ meetings, ownerApproves: true, description: 'Edited in SharePoint' });
    expect(JSON.parse(String(h.server.site.getItem(plans, plan.id).fields.PlanJson))).toMatchObject({ meetings, ownerApproves: true, title: plan.title });
  });

  it("writes a revision's history entries when the document is brought in again after they failed, once", async () => {
    const draft = generatedDraft(3, 0);
    const plan = await h.store.importPlan(draft);
    const next = { ...draft, actions: draft.actions.map((a, i) => (i === 1 ? { ...a, rag: 'Green' as const } : a)) };
    const meta = { recordedAt: '2013-08-01T09:00:00.000Z', recordedOn: '2013-08-01', author: 'Plan Owner', source: 're-import of plan-v2.docx' };
    const history = h.server.site.findList('Action history');
    // The actions are patched, each with its entry in ActionJson; the batch of entries then fails.
    h.server.faults.failWrite(1, { status: 500, message: 'the server stopped' }, (w) => w.method === 'POST' && w.path.includes(`/lists/${history.id}/items`));
    await expect(h.store.applyRevision(revisePlan((await h.store.exportPlan(plan.id))!, next), next, meta)).rejects.toThrow();
    const halfway = await h.store.exportPlan(plan.id);
    expect(halfway?.actions.map((a) => [a.rag, a.history.length])).toEqual([['Red', 0], ['Green', 0], ['Green', 0]]);

    for (const day of ['2013-08-02', '2013-08-03']) {
      const again = revisePlan((await h.store.exportPlan(plan.id))!, next);
      expect(isUnchanged(again)).toBe(true);
      await h.store.applyRevision(again, next, { ...meta, recordedOn: day, recordedAt: `${day}T09:00:00.000Z` });
      const after = await h.store.exportPlan(plan.id);
      expect(after?.actions[1]?.history).toEqual([
        expect.objectContaining({ origin: 're-import', author: 'Plan Owner', date: '2013-08-01', changes: [{ field: 'rag', was: 'Amber', now: 'Green' }], note: 're-import of plan-v2.docx' }),
      ]);
      expect(after?.actions.map((a) => a.history.length)).toEqual([0, 1, 0]);
    }
  });

  it('keeps in ActionJson the visible columns as the app last wrote them, so an edit made by hand in SharePoint can be told from its own', async () => {
    const plan = await h.store.importPlan(generatedDraft(1, 0));
    const [read] = await h.store.findActions(plan.id);
    const actions = h.server.site.findList('Actions');
    const seen = () => (JSON.parse(String(h.server.site.getItem(actions, read!.id).fields.ActionJson)) as { seen?: unknown }).seen;
    expect(seen()).toEqual({ ref: read!.ref, text: read!.text, outcome: read!.outcome, rag: read!.rag });
    // Someone rewords the action in SharePoint; the app then changes its RAG: the words it wrote stay what it saw.
    h.server.site.updateItem(actions, read!.id, { ActionText: 'Reworded in SharePoint' }, null);
    const edited = await h.store.getAction(read!.id);
    await h.store.changeAction(read!.id, edited!.version, change({ rag: 'Green', changedAt: '2013-07-01T10:00:00Z' }));
    expect(seen()).toEqual({ ref: read!.ref, text: read!.text, outcome: read!.outcome, rag: 'Green' });
    expect((await h.store.getAction(read!.id))?.text).toBe('Reworded in SharePoint');
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

    const sent = await h.store.recordReminderOutcome(claim.key, { status: 'sent', at: '2013-05-01T08:00:05.000Z', via: 'card' });
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
    await h.store.recordReminderOutcome(claimFor(0).key, { status: 'sent', at: '2013-05-01T08:00:05.000Z', via: 'card' });
    expect(h.server.log.map((l) => l.method)).toEqual(['PATCH']);

    // Another server records a failure on our claim first: our PATCH meets 412, reads, applies ours.
    await h.store.claimReminder(claimFor(1));
    const other = await GraphPlanStore.open({ http: testHttp(h.server), siteId: h.server.siteId });
    await other.recordReminderOutcome(claimFor(1).key, { status: 'failed', at: '2013-05-01T08:00:03.000Z', error: 'timed out' });
    const sent = await h.store.recordReminderOutcome(claimFor(1).key, { status: 'sent', at: '2013-05-01T08:00:06.000Z', via: 'card' });
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
