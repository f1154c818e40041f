import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dateIn } from '../../src/config/today.js';
import type { Plan } from '../../src/plan/plan.js';
import { ListEditSync } from '../../src/store/sharepoint/list-edit-sync.js';
import { findPlanLists, SiteLists } from '../../src/store/sharepoint/site-lists.js';
import { isDeltaRequest } from '../graph-server/fault-plan.js';
import { generatedDraft, startSharePointHarness, type SharePointHarness } from './sharepoint-harness.js';

/**
 * Edits made straight in the SharePoint lists (a manager changing a RAG in the Actions list, adding
 * an item to Updates) noticed through the lists' delta (learn.microsoft.com/graph/api/listitem-delta)
 * and kept in the plan's record with the SharePoint editor as author.
 */

const MANAGER = { id: 'aad-manager', displayName: 'Maggie Manager', email: 'maggie@council.example' };

let h: SharePointHarness;
let plan: Plan;
let sync: ListEditSync;
let lists: SiteLists;

beforeEach(async () => {
  h = await startSharePointHarness({ pageSize: 50 });
  plan = await h.store.importPlan(generatedDraft(120, 1));
  lists = new SiteLists(h.http, await findPlanLists(h.http, h.server.siteId), 50);
  sync = new ListEditSync(lists, { siteUrl: async () => h.server.siteUrl, timeZoneOf: async () => 'Europe/London', dayIn: dateIn });
  // The first round reads every item: the app's own, nothing to record.
  const first = await sync.syncOnce();
  expect(first).toMatchObject({ recorded: 0, adopted: 0, skipped: [] });
});

afterEach(async () => {
  await h.close();
});

const actionsList = () => h.server.site.findList('Actions');
/** A RAG the action does not have, so setting it is a change. */
const otherRag = (rag: string): string => (rag === 'Red' ? 'Green' : 'Red');

describe('edits made in SharePoint, kept in the plan’s record', () => {
  it('records a RAG changed in the Actions list as a history entry by the person who changed it', async () => {
    const [first] = await h.store.findActions(plan.id);
    const now = otherRag(first!.rag);
    h.server.asSharePointUser(MANAGER).updateItem(actionsList(), first!.id, { Rag: now });
    const report = await sync.syncOnce();
    expect(report.recorded).toBe(1);
    const after = await h.store.getAction(first!.id);
    expect(after!.rag).toBe(now);
    expect(after!.history).toEqual([expect.objectContaining({ kind: 'changed', origin: 'sharepoint', author: 'Maggie Manager', changes: expect.arrayContaining([{ field: 'rag', was: first!.rag, now }]) })]);
    // Nothing new since: the next round records nothing, however often it runs.
    expect((await sync.syncOnce()).recorded).toBe(0);
    expect((await h.store.getAction(first!.id))!.history).toHaveLength(1);
  });

  it('keeps the app’s own changes out: they are recorded once, where they are made', async () => {
    const [first] = await h.store.findActions(plan.id);
    await h.store.changeAction(first!.id, first!.version, {
      rag: 'Amber',
      changedAt: '2013-07-01T10:00:00Z',
      record: { kind: 'changed', note: null, date: '2013-07-01', key: 'tab:one', author: 'Jane Price', authorId: null, origin: 'tab' },
    });
    expect((await sync.syncOnce()).recorded).toBe(0);
    expect((await h.store.getAction(first!.id))!.history.map((e) => e.origin)).toEqual(['tab']);
  });

  it('takes in an update added to the Updates list by hand, its author the person who added it', async () => {
    const [first] = await h.store.findActions(plan.id);
    h.server.asSharePointUser(MANAGER).createItem(h.server.site.findList('Updates'), { Title: 'x', ActionLookupId: first!.id, Text: 'Raised at the executive', UpdateDate: '2013-07-10T00:00:00Z' });
    const report = await sync.syncOnce();
    expect(report.adopted).toBe(1);
    const after = await h.store.getAction(first!.id);
    expect(after!.updates.at(-1)).toMatchObject({ text: 'Raised at the executive', origin: 'sharepoint', author: 'Maggie Manager', date: '2013-07-10' });
    expect((await sync.syncOnce()).adopted).toBe(0);
  });

  it('retries a delta page that fails, and applies the round whole', async () => {
    const [a, b] = await h.store.findActions(plan.id);
    h.server.asSharePointUser(MANAGER).updateItem(actionsList(), a!.id, { Rag: otherRag(a!.rag) });
    h.server.asSharePointUser(MANAGER).updateItem(actionsList(), b!.id, { Rag: otherRag(b!.rag) });
    h.server.faults.failNextWhere(1, { status: 503, retryAfterSeconds: 1 }, isDeltaRequest);
    expect((await sync.syncOnce()).recorded).toBe(2);
  });

  it('reads the lists again from the start when the delta token has expired, missing nothing and doubling nothing', async () => {
    const [a] = await h.store.findActions(plan.id);
    h.server.asSharePointUser(MANAGER).updateItem(actionsList(), a!.id, { Rag: otherRag(a!.rag) });
    h.server.deltaTokens.invalidate({});
    const report = await sync.syncOnce();
    expect(report.lists.every((l) => l.resynced)).toBe(true);
    expect(report.recorded).toBe(1);
    expect((await sync.syncOnce()).recorded).toBe(0);
  });

  it('reads 1,000 changed items in as few requests as the paging allows', async () => {
    const many = await h.store.importPlan(generatedDraft(1000, 0, 100));
    await sync.syncOnce();
    const actions = await h.store.findActions(many.id);
    for (const a of actions) h.server.asSharePointUser(MANAGER).updateItem(actionsList(), a.id, { Rag: otherRag(a.rag) });
    h.server.resetLog();
    const report = await sync.syncOnce();
    expect(report.recorded).toBe(actions.length);
    // Pages of 50 (the page size asked for): 1,000 items are 20 pages, and the paging minimum is 20.
    const actionPages = report.lists.find((l) => l.list === 'actions')!.pages;
    expect(actionPages).toBeLessThanOrEqual(Math.ceil(actions.length / 50) + 1);
  });
});
