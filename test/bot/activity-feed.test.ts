import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_FEED_PER_SECOND, actionDeepLink, graphActivityFeed, type ActivityFeed, type ActivityNotice } from '../../bot/delivery/activity-feed.js';
import { TokenBucket } from '../../bot/delivery/teams-rate-limiter.js';
import { createGraphHttp } from '../../src/graph/graph-http.js';
import { realPacingClock } from '../../src/graph/pacing-clock.js';
import { TeamsTenant } from '../bot-connector/teams-tenant.js';
import { ActivityFeedService } from '../graph-server/activity-feed.js';
import { startGraphTestServer, type GraphTestServer } from '../graph-server/graph-test-server.js';

/*
 * The activity feed notice a lead gets instead of a card, sent through the app's Graph pipeline to
 * the local Graph (test/graph-server/activity-feed.ts), which holds it to the manifest's declared
 * activity type and to Teams' rate: the app stays under 5 a second, and a 429 waits Retry-After.
 */

const TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
const CATALOG_APP_ID = '7b0e7c4a-5d0d-4a55-9a42-111111111111';
const MANIFEST_APP_ID = 'b6c3c1a0-2f0e-4c57-9d8e-0a1b2c3d4e5f';
const LOUISE = 'aad-louise-west';
const NEVER_INSTALLED = 'aad-olga-outsider';

let tenant: TeamsTenant;
let service: ActivityFeedService;
let graph: GraphTestServer;
let feed: ActivityFeed;

const notice = (userId: string, actions = '1.4 and 2.3'): ActivityNotice => ({
  userId,
  activityType: 'actionUpdateDue',
  parameters: { actions },
  topic: { text: 'Gloucestershire Multi-agency CSE Action Plan', webUrl: actionDeepLink({ teamsAppId: MANIFEST_APP_ID, publicUrl: 'https://plans.example.org', planId: 'glos', ref: '1.4' }) },
  preview: 'Two actions you lead are due on 31 Mar 2018: answer in the Plans tab',
});

beforeAll(async () => {
  tenant = new TeamsTenant(TENANT_ID, CATALOG_APP_ID);
  tenant.addPerson(LOUISE, 'Louise West');
  tenant.addPerson(NEVER_INSTALLED, 'Olga Outsider');
  tenant.install(LOUISE);
  service = new ActivityFeedService(tenant);
  graph = await startGraphTestServer({ activityFeed: service });
  feed = graphActivityFeed(createGraphHttp({ getToken: async () => 'graph-token', graphBaseUrl: graph.graphBaseUrl, retry: { maxAttempts: 1, baseDelayMs: 10 } }), {
    teamsAppId: CATALOG_APP_ID,
    pace: new TokenBucket(ACTIVITY_FEED_PER_SECOND, 1, realPacingClock),
  });
});

afterAll(async () => {
  await graph.close();
});

describe('an activity feed notice to a lead', () => {
  it('reaches a lead the app is installed for, with the declared type, its parameter and a link to the action in the Plans tab', async () => {
    expect(await feed.notify(notice(LOUISE))).toEqual({ kind: 'sent' });
    const delivered = service.delivered.at(-1)!;
    expect(delivered).toMatchObject({ userId: LOUISE, activityType: 'actionUpdateDue', parameters: { actions: '1.4 and 2.3' }, topic: { value: 'Gloucestershire Multi-agency CSE Action Plan' } });
    const link = new URL(delivered.topic.webUrl!);
    expect(link.origin + link.pathname).toBe(`https://teams.microsoft.com/l/entity/${MANIFEST_APP_ID}/plans`);
    expect(link.searchParams.get('webUrl')).toBe('https://plans.example.org/tab/plans/glos/actions/1.4');
    expect(JSON.parse(link.searchParams.get('context')!)).toEqual({ subEntityId: 'glos/1.4' });
  });

  it('is not for a lead the app was never installed for: Teams would show them nothing', async () => {
    expect(await feed.notify(notice(NEVER_INSTALLED))).toMatchObject({ kind: 'not-installed', status: 403 });
    expect(await feed.notify(notice('aad-nobody'))).toMatchObject({ kind: 'not-installed', status: 404 });
  });

  it('cuts a long preview to the line Teams shows', async () => {
    await feed.notify({ ...notice(LOUISE), preview: 'x'.repeat(500) });
    expect(service.delivered.at(-1)!.preview).toHaveLength(150);
  });

  it('keeps under Graph\'s 5 a second: a burst of 12 draws no 429', async () => {
    const before = service.refusals;
    const sent = await Promise.all(Array.from({ length: 12 }, () => feed.notify(notice(LOUISE))));
    expect(sent.every((r) => r.kind === 'sent')).toBe(true);
    expect(service.refusals).toBe(before);
  });

  it('waits out a 429 with Retry-After and is sent once', async () => {
    const count = service.delivered.length;
    graph.faults.failNext(1, { status: 429, retryAfterSeconds: 1 });
    expect(await feed.notify(notice(LOUISE))).toEqual({ kind: 'sent' });
    expect(service.delivered.length).toBe(count + 1);
  });
});
