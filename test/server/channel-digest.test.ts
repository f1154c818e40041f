import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import { botEndpoint } from '../../bot/conversation/bot-routes.js';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import { createBotConnector } from '../../bot/delivery/connector-client.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { PlanSummary } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { teamReferenceKey } from '../../src/store/conversation-reference.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { startBotConnectorServer, type BotConnectorServer, type RecordedActivity } from '../bot-connector/bot-connector-server.js';
import { TeamsTenant } from '../bot-connector/teams-tenant.js';
import { cardProblems } from '../bot/adaptive-card-check.js';
import { cardText } from '../bot/card-buttons.js';

/*
 * The plan's digest in its team's channel: the plan owner links the plan to the channel from its
 * tab, and "Post now" puts "since the last meeting" there, through the bot, against the local
 * Bot Connector (local mode); the bot's answers in the channel are specified in
 * bot/conversation/plan-bot.test.ts. The chair is in the
 * team; Olga is not; the app was never added to the other team.
 */

const SAMPLES = join(import.meta.dirname, '../../samples');
const NOW = new Date('2018-03-01T10:00:00Z');
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TEAM = '19:Yjg2ZDRhYjMtYjhiNy00@thread.tacv2';
const BOARD = '19:Ym9hcmQtY2hhbm5lbA@thread.tacv2';
const QUIET = '19:cXVpZXQtY2hhbm5lbA@thread.tacv2';
const OTHER_TEAM = '19:bm90LWFkZGVkLXRlYW0@thread.tacv2';
const PRIVATE = '19:cHJpdmF0ZS1jaGFubmVs@thread.tacv2';
const SAM = 'aaaaaaaa-0000-0000-0000-000000005a01';
const CHAIR = 'aaaaaaaa-0000-0000-0000-00000000c1a1';
const OLGA = 'aaaaaaaa-0000-0000-0000-0000000001a9';
const BOT = '28:plan-bot';
const LINK = { channel: { teamId: TEAM, channelId: BOARD, name: 'Partnership Board' }, schedule: { kind: 'before-meeting', daysBefore: 3 } };

let dir: string;
let store: PlanStore;
let connector: BotConnectorServer;
let server: Server;
let base: string;
let planId: string;

async function call(method: string, path: string, body?: unknown, user = CHAIR): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-test-user': user, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

/** An activity as Teams sends it in a team's channel. */
function inChannel(channelId: string, fields: Record<string, unknown>, teamId = TEAM): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    conversation: { id: `${channelId};messageid=1519900000000`, conversationType: 'channel', tenantId: TENANT_ID, isGroup: true },
    recipient: { id: BOT, name: 'Action plans' },
    from: { id: `29:${CHAIR}`, aadObjectId: CHAIR, name: 'Chris Chair' },
    channelData: { tenant: { id: TENANT_ID }, team: { id: teamId, name: 'Safeguarding Partnership' }, channel: { id: channelId, name: 'Partnership Board' } },
    ...fields,
  };
}

const postsIn = (channelId: string): RecordedActivity[] => connector.activities.filter((a) => a.conversationId.split(';')[0] === channelId);
const cardOf = (activity: RecordedActivity): AdaptiveCard => (activity.activity.attachments as { content: AdaptiveCard }[])[0]!.content;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'channel-digest-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const { draft } = await importPlanFile(join(SAMPLES, 'gloucestershire-cse-2017-18.txt'), { importedAt: NOW.toISOString() });
  await store.importPlan(draft);
  const tenant = new TeamsTenant(TENANT_ID, 'catalog-app-id');
  tenant.addPerson(CHAIR, 'Chris Chair');
  tenant.addPerson(OLGA, 'Olga Outsider');
  tenant.addPerson(SAM, 'Sam Secretary');
  tenant.addTeam(TEAM, [CHAIR, SAM], [BOARD, QUIET]);
  tenant.addPrivateChannel(TEAM, PRIVATE, [CHAIR]);
  tenant.addTeam(OTHER_TEAM, [CHAIR], [], false);
  connector = await startBotConnectorServer({ tenant });
  const runtime = createBotRuntime({ store, clock: () => NOW, log: () => {}, auth: null, connector: createBotConnector({ getToken: async () => 'bot-token' }) });
  const app = createApp({
    store,
    clock: () => NOW,
    identify: async (req) => ({ name: String(req.headers['x-test-user']), userId: String(req.headers['x-test-user']) }),
    log: () => {},
    storeKind: 'sqlite',
    bot: botEndpoint(runtime),
  });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
  planId = ((await call('GET', '/api/plans')).json as PlanSummary[])[0]!.id;
  await store.updatePlanSettings(planId, { meetings: [{ date: '2018-02-12', source: 'entered', title: 'Partnership Board' }, { date: '2018-03-12', source: 'entered', title: null }] });
});

afterAll(async () => {
  await close(server);
  await connector.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the app added to the plan's team", () => {
  it('keeps the team, so the bot can post in its channels later', async () => {
    const added = await call('POST', '/api/messages', inChannel(TEAM, { type: 'conversationUpdate', membersAdded: [{ id: BOT }], channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM, name: 'Safeguarding Partnership' }, eventType: 'teamMemberAdded' } }));
    expect(added.status).toBeLessThan(300);
    expect(await store.getConversationReference(teamReferenceKey(TEAM))).toMatchObject({ conversationId: TEAM, serviceUrl: connector.serviceUrl, tenantId: TENANT_ID, userName: 'Safeguarding Partnership' });
  });
});

describe("linking the plan to its channel (PUT /api/plans/{id}/channel-digest)", () => {
  it('refuses a schedule it cannot keep, naming the field', async () => {
    const { status, json } = await call('PUT', `/api/plans/${planId}/channel-digest`, { ...LINK, schedule: { kind: 'weekly', weekday: 'Funday' } });
    expect(status).toBe(400);
    expect(json.error.message).toMatch(/schedule\.weekday/);
    expect((await store.getPlan(planId))!.channelDigest ?? null).toBeNull();
  });

  it('refuses someone who is not in the team', async () => {
    const { status, json } = await call('PUT', `/api/plans/${planId}/channel-digest`, LINK, OLGA);
    expect(status).toBe(403);
    expect(json.error.code).toBe('not_in_team');
  });

  it("asks a private channel's own people, not the team's: a team member outside it may not link the plan there", async () => {
    const link = { ...LINK, channel: { teamId: TEAM, channelId: PRIVATE, name: 'Chairs' } };
    expect((await call('PUT', `/api/plans/${planId}/channel-digest`, link, SAM)).json.error.code).toBe('not_in_team');
    expect((await call('PUT', `/api/plans/${planId}/channel-digest`, LINK, SAM)).status).toBe(200);
    expect((await call('DELETE', `/api/plans/${planId}/channel-digest`, undefined, SAM)).status).toBe(204);
  });

  it('refuses a team the app was never added to, saying how to add it', async () => {
    const { status, json } = await call('PUT', `/api/plans/${planId}/channel-digest`, { ...LINK, channel: { teamId: OTHER_TEAM, channelId: OTHER_TEAM, name: 'General' } });
    expect(status).toBe(409);
    expect(json.error).toMatchObject({ code: 'bot_not_in_team', message: expect.stringMatching(/add Action plans to the team/) });
  });

  it('links the plan, and the plan says where and when it posts', async () => {
    const { status, json } = await call('PUT', `/api/plans/${planId}/channel-digest`, LINK);
    expect(status).toBe(200);
    expect(json).toEqual({ ...LINK, lastPostedOn: null });
    expect((await call('GET', `/api/plans/${planId}`)).json.plan.channelDigest).toEqual({ ...LINK, lastPostedOn: null });
  });
});

describe('the digest in the channel', () => {
  it('"Post now" starts a conversation in the channel with the digest card, and records the day', async () => {
    const before = postsIn(BOARD).length;
    const { status, json } = await call('POST', `/api/plans/${planId}/channel-digest/post`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ posted: true, since: '2018-02-12' });
    const posts = postsIn(BOARD).slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.conversationId).toMatch(new RegExp(`^${BOARD.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};messageid=`));
    const card = cardOf(posts[0]!);
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('Since the last meeting');
    expect(text).toContain('the last meeting, 12 Feb 2018 (Partnership Board)');
    expect(text).toMatch(/Actions changed: \d+/);
    expect(text).toContain('Next meeting: 12 Mar 2018');
    expect(text).toContain('3 days before each meeting');
    expect(posts[0]!.activity.summary).toMatch(/since the last meeting, \d+ actions? changed/);
    expect((await store.getPlan(planId))!.channelDigest!.lastPostedOn).toBe('2018-03-01');
  });

  it('refuses "Post now" from someone not in the team, posting nothing', async () => {
    const before = connector.activities.length;
    const { status } = await call('POST', `/api/plans/${planId}/channel-digest/post`, undefined, OLGA);
    expect(status).toBe(403);
    expect(connector.activities.length).toBe(before);
  });

  it('is posted nowhere once the app is removed from the team, and says to add it again', async () => {
    await call('POST', '/api/messages', inChannel(TEAM, { type: 'conversationUpdate', membersRemoved: [{ id: BOT }], channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM }, eventType: 'teamMemberRemoved' } }));
    expect((await store.getConversationReference(teamReferenceKey(TEAM)))!.uninstalledAt).toBeDefined();
    const { status, json } = await call('POST', `/api/plans/${planId}/channel-digest/post`);
    expect(status).toBe(409);
    expect(json.error.code).toBe('bot_not_in_team');
  });

  it('unlinks the plan', async () => {
    expect((await call('DELETE', `/api/plans/${planId}/channel-digest`)).status).toBe(204);
    expect((await store.getPlan(planId))!.channelDigest ?? null).toBeNull();
    const { status, json } = await call('POST', `/api/plans/${planId}/channel-digest/post`);
    expect(status).toBe(409);
    expect(json.error.code).toBe('no_channel');
  });
});
