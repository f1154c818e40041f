import express from 'express';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dateIn } from '../../src/config/today.js';
import { listNotificationRoutes } from '../../src/server/list-notifications.js';
import { close, listen } from '../../src/server/start-server.js';
import { EditSyncSchedule } from '../../src/store/sharepoint/edit-sync-schedule.js';
import { ListEditSync } from '../../src/store/sharepoint/list-edit-sync.js';
import { subscribeToPlanLists } from '../../src/store/sharepoint/list-subscriptions.js';
import { findPlanLists, SiteLists } from '../../src/store/sharepoint/site-lists.js';
import { appToken } from '../graph-server/permissions.js';
import { generatedDraft, startSharePointHarness, testHttp, type SharePointHarness } from './sharepoint-harness.js';

/**
 * A manager's edit in the Actions list reaching the plan's record through a list subscription
 * (learn.microsoft.com/graph/api/subscription-post-subscriptions): Graph validates the server's
 * notification URL, posts a notification on the change, the server answers 202 and runs a sync
 * round. An app on Sites.Selected cannot subscribe and polls instead.
 */

const MANAGER = { id: 'aad-manager', displayName: 'Maggie Manager' };

let h: SharePointHarness;
let app: Server;
let url: string;
let rounds: number[];
let schedule: EditSyncSchedule;
let lists: SiteLists;

beforeEach(async () => {
  h = await startSharePointHarness();
  lists = new SiteLists(h.http, await findPlanLists(h.http, h.server.siteId), 999);
  const sync = new ListEditSync(lists, { siteUrl: async () => h.server.siteUrl, timeZoneOf: async () => 'Europe/London', dayIn: dateIn });
  rounds = [];
  schedule = new EditSyncSchedule({ sync: { syncOnce: async () => { const r = await sync.syncOnce(); rounds.push(r.recorded); return r; } }, everyMinutes: 60, log: () => {}, settleMs: 10 });
  const server = express();
  server.use(express.json());
  server.use('/api/sharepoint/notifications', listNotificationRoutes({ clientState: 'the-secret', onChange: () => schedule.nudge() }));
  ({ server: app, url } = await listen(server, '127.0.0.1', 0));
});

afterEach(async () => {
  schedule.stop();
  await close(app);
  await h.close();
});

describe('list change notifications', () => {
  it('are refused to an app on Sites.Selected, which then polls', async () => {
    const outcome = await subscribeToPlanLists(h.http, lists.ids, { notificationUrl: `${url}/api/sharepoint/notifications`, clientState: 'the-secret', now: new Date() });
    expect(outcome).toMatchObject({ kind: 'refused', why: expect.stringContaining('Sites.ReadWrite.All') });
  });

  it('bring a manager’s edit into the record soon after it is made, for an app that may subscribe', async () => {
    const plan = await h.store.importPlan(generatedDraft(5, 0));
    await schedule.run();
    const http = testHttp(h.server, { getToken: async (audience) => appToken(audience.kind, ['Sites.ReadWrite.All']) });
    const outcome = await subscribeToPlanLists(http, lists.ids, { notificationUrl: `${url}/api/sharepoint/notifications`, clientState: 'the-secret', now: new Date() });
    expect(outcome).toMatchObject({ kind: 'subscribed', ids: [expect.any(String), expect.any(String)] });
    const [first] = await h.store.findActions(plan.id);
    h.server.asSharePointUser(MANAGER).updateItem(h.server.site.findList('Actions'), first!.id, { Rag: first!.rag === 'Red' ? 'Green' : 'Red' });
    await h.server.subscriptions.settled();
    await expect.poll(async () => (await h.store.getAction(first!.id))!.history.length, { timeout: 5000 }).toBe(1);
    expect((await h.store.getAction(first!.id))!.history[0]).toMatchObject({ origin: 'sharepoint', author: 'Maggie Manager' });
  });
});
