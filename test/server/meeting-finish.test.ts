import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEndpoint } from '../../bot/conversation/bot-routes.js';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import { createBotConnector } from '../../bot/delivery/connector-client.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { ActionWithUpdates, PlanSummary } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { chatReferenceKey } from '../../src/store/conversation-reference.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { startBotConnectorServer, type BotConnectorServer } from '../bot-connector/bot-connector-server.js';
import { TeamsTenant } from '../bot-connector/teams-tenant.js';
import { cardProblems } from '../bot/adaptive-card-check.js';

/*
 * Finishing a meeting: the summary card goes to the meeting's chat through the bot, in local mode
 * against the local Bot Connector. The chair and the secretary are in the meeting chat; Olga is not.
 */

const SAMPLES = join(import.meta.dirname, '../../samples');
const NOW = new Date('2018-03-01T10:00:00Z');
const TODAY = '2018-03-01';
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CHAT = '19:meeting_Yjg2ZDRhYjMt@thread.v2';
const OTHER_CHAT = '19:meeting_ZmE3NWJjNDAt@thread.v2';
const NEVER_ADDED = '19:meeting_bm90LWFkZGVk@thread.v2';
const CHAIR = 'aaaaaaaa-0000-0000-0000-00000000c1a1';
const SECRETARY = 'aaaaaaaa-0000-0000-0000-000000005ec2';
const OLGA = 'aaaaaaaa-0000-0000-0000-0000000001a9';
const BOT = '28:plan-bot';

let dir: string;
let store: PlanStore;
let connector: BotConnectorServer;
let server: Server;
let base: string;
let planId: string;
let readOnly = false;

async function call(method: string, path: string, body?: unknown, user = CHAIR): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-test-user': user, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

/** An activity as Teams sends it in the meeting chat. */
function inChat(chatId: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    conversation: { id: chatId, conversationType: 'groupChat', tenantId: TENANT_ID, isGroup: true },
    recipient: { id: BOT, name: 'Action plans' },
    from: { id: `29:${CHAIR}`, aadObjectId: CHAIR, name: 'Chris Chair' },
    channelData: { tenant: { id: TENANT_ID }, meeting: { id: 'MCMxOTptZWV0aW5n' } },
    ...fields,
  };
}

const botAdded = (chatId: string) => call('POST', '/api/messages', inChat(chatId, { type: 'conversationUpdate', membersAdded: [{ id: BOT }] }));
const meetingEnded = (chatId: string) =>
  call('POST', '/api/messages', inChat(chatId, { type: 'event', name: 'application/vnd.microsoft.meetingEnd', value: { Id: 'MCMxOTptZWV0aW5n', JoinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZmE3NWJjNDAt%40thread.v2/0', MeetingType: 'Scheduled', Title: 'Partnership Board', EndTime: NOW.toISOString() } }));
const postedTo = (chatId: string) => connector.activities.filter((a) => a.conversationId === chatId);
const action = async (ref: string): Promise<ActionWithUpdates> => (await call('GET', `/api/plans/${planId}/actions/${ref}`)).json;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meeting-finish-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const { draft } = await importPlanFile(join(SAMPLES, 'gloucestershire-cse-2017-18.txt'), { importedAt: NOW.toISOString() });
  await store.importPlan(draft);
  const tenant = new TeamsTenant(TENANT_ID, 'catalog-app-id');
  tenant.addPerson(CHAIR, 'Chris Chair');
  tenant.addPerson(SECRETARY, 'Sam Secretary');
  tenant.addPerson(OLGA, 'Olga Outsider');
  tenant.addGroupChat(CHAT, [CHAIR, SECRETARY]);
  tenant.addGroupChat(OTHER_CHAT, [CHAIR, SECRETARY]);
  connector = await startBotConnectorServer({ tenant });
  const runtime = createBotRuntime({ store, clock: () => NOW, log: () => {}, auth: null, connector: createBotConnector({ getToken: async () => 'bot-token' }) });
  const app = createApp({
    store,
    clock: () => NOW,
    identify: async (req) => ({ name: String(req.headers['x-test-user']), userId: String(req.headers['x-test-user']) }),
    editStanding: async () => (readOnly ? 'read-only' : 'edit'),
    log: () => {},
    storeKind: 'sqlite',
    bot: botEndpoint(runtime),
  });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
  planId = ((await call('GET', '/api/plans')).json as PlanSummary[])[0]!.id;
});

afterAll(async () => {
  await close(server);
  await connector.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the meeting chat', () => {
  it('keeps the chat the app was added to, so the bot can post there later', async () => {
    expect((await botAdded(CHAT)).status).toBeLessThan(300);
    expect(await store.getConversationReference(chatReferenceKey(CHAT))).toMatchObject({ conversationId: CHAT, serviceUrl: connector.serviceUrl, tenantId: TENANT_ID });
  });

  it('records the Teams meeting with its chat when the tab registers it', async () => {
    const { status, json } = await call('POST', `/api/plans/${planId}/meetings`, { date: TODAY, source: 'teams', title: 'Partnership Board', chatId: CHAT });
    expect(status).toBe(201);
    expect(json).toContainEqual({ date: TODAY, source: 'teams', title: 'Partnership Board', chatId: CHAT });
    await call('POST', `/api/plans/${planId}/meetings`, { date: '2018-04-12', title: 'Partnership Board' });
  });

  it('refuses to record a meeting with a chat the person is not in, as its summary would go there', async () => {
    const { status, json } = await call('POST', `/api/plans/${planId}/meetings`, { date: '2018-02-26', source: 'teams', chatId: CHAT }, OLGA);
    expect(status).toBe(403);
    expect(json.error.code).toBe('not_in_chat');
  });
});

describe('POST /api/plans/{planId}/meetings/{date}/finish', () => {
  it('posts one summary card to the meeting chat: what was discussed, the minutes of the day, what falls due before the next meeting', async () => {
    const before = await action('2.1');
    expect((await call('POST', `/api/plans/${planId}/actions/1.1/updates`, { text: 'Chair: terms of reference agreed at the meeting.', date: TODAY })).status).toBe(201);
    expect((await call('PATCH', `/api/plans/${planId}/actions/2.1`, { version: before.version, rag: 'Red', date: TODAY }, SECRETARY)).status).toBe(200);

    const { status, json } = await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: CHAT, discussed: ['1.1', '2.1', '2.1', 'no-such-ref'] });
    expect(status).toBe(200);
    expect(json.sent).toBe(true);
    expect(json.summary).toMatchObject({ discussed: 2, changes: 2 });
    expect(json.summary.dueBeforeNext).toBeGreaterThanOrEqual(0);

    const posted = postedTo(CHAT);
    expect(posted).toHaveLength(1);
    const attachment = (posted[0]!.activity.attachments as { contentType: string; content: Record<string, unknown> }[])[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardProblems(attachment.content)).toEqual([]);
    const text = JSON.stringify(attachment.content);
    expect(text).toContain('Meeting summary');
    expect(text).toContain('Chair: terms of reference agreed at the meeting.');
  });

  it('answers a second finish of the same meeting with the same summary and posts nothing more', async () => {
    const first = postedTo(CHAT).length;
    const { status, json } = await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: CHAT, discussed: ['1.1', '2.1'] }, SECRETARY);
    expect(status).toBe(200);
    expect(json).toMatchObject({ sent: false, summary: { discussed: 2, changes: 2 } });
    expect(postedTo(CHAT)).toHaveLength(first);
  });

  it('posts nothing more when the meeting then ends, as "Finish" already posted its summary', async () => {
    const first = postedTo(CHAT).length;
    expect((await meetingEnded(CHAT)).status).toBeLessThan(300);
    expect(postedTo(CHAT)).toHaveLength(first);
  });

  it('refuses someone who is not in the meeting chat with 403', async () => {
    const { status, json } = await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: CHAT, discussed: [] }, OLGA);
    expect(status).toBe(403);
    expect(json.error.code).toBe('not_in_chat');
  });

  it('refuses a person who may only read the plan with 403', async () => {
    readOnly = true;
    try {
      const { status, json } = await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: CHAT, discussed: [] });
      expect(status).toBe(403);
      expect(json.error).toMatchObject({ code: 'may_not_edit', message: expect.stringContaining('Edit permission') });
    } finally {
      readOnly = false;
    }
  });

  it('answers 409, saying to add the app to the meeting, for a chat the bot was never added to', async () => {
    const { status, json } = await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: NEVER_ADDED, discussed: [] });
    expect(status).toBe(409);
    expect(json.error).toMatchObject({ code: 'bot_not_in_chat', message: expect.stringContaining('add Action plans to the meeting') });
    expect(postedTo(NEVER_ADDED)).toHaveLength(0);
  });

  it('refuses a meeting that has not happened yet and a body that is not a finish', async () => {
    expect((await call('POST', `/api/plans/${planId}/meetings/2018-04-12/finish`, { chatId: CHAT, discussed: [] })).status).toBe(400);
    expect((await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: CHAT })).status).toBe(400);
    expect((await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: null, discussed: [] })).status).toBe(409);
  });
});

describe("the meeting's end", () => {
  it('refuses to keep what the stage showed for someone who may only read the plan, or on a day to come', async () => {
    readOnly = true;
    try {
      const { status, json } = await call('PUT', `/api/plans/${planId}/meetings/${TODAY}/discussed`, { chatId: OTHER_CHAT, discussed: ['1.3'] });
      expect(status).toBe(403);
      expect(json.error.code).toBe('may_not_edit');
    } finally {
      readOnly = false;
    }
    expect((await call('PUT', `/api/plans/${planId}/meetings/2018-04-12/discussed`, { chatId: OTHER_CHAT, discussed: ['1.3'] })).status).toBe(400);
    expect((await store.getPlan(planId))!.meetings.find((m) => m.date === TODAY)?.discussed).toBeUndefined();
  });

  it('posts the summary of the plan held in the chat when Teams says the meeting ended, once, with what the stage showed as discussed', async () => {
    await botAdded(OTHER_CHAT);
    await call('POST', `/api/plans/${planId}/meetings`, { date: TODAY, source: 'teams', chatId: OTHER_CHAT });
    // The side panels of the chair and the secretary report what the stage showed as the meeting goes.
    expect((await call('PUT', `/api/plans/${planId}/meetings/${TODAY}/discussed`, { chatId: OTHER_CHAT, discussed: ['1.3', '1.1'] })).json).toEqual({ discussed: 2, ignored: [] });
    // The meeting also walked through another plan, whose refs this plan does not have: they are said, not kept.
    const both = await call('PUT', `/api/plans/${planId}/meetings/${TODAY}/discussed`, { chatId: OTHER_CHAT, discussed: ['1.1', '1.4', '9.9'] }, SECRETARY);
    expect(both.json).toEqual({ discussed: 3, ignored: ['9.9'] });
    expect((await meetingEnded(OTHER_CHAT)).status).toBeLessThan(300);
    const posted = postedTo(OTHER_CHAT);
    expect(posted).toHaveLength(1);
    const card = JSON.stringify(posted[0]!.activity.attachments);
    // No "Finish" at the end: what the stage showed (1.3, 1.1, 1.4) and what was minuted (1.1, 2.1) were discussed.
    expect(card).toContain('4 actions discussed');

    await meetingEnded(OTHER_CHAT);
    expect(postedTo(OTHER_CHAT)).toHaveLength(1);
  });

  it('forgets a chat the app was removed from: finishing there is then 409', async () => {
    await call('POST', '/api/messages', inChat(OTHER_CHAT, { type: 'conversationUpdate', membersRemoved: [{ id: BOT }] }));
    const { status } = await call('POST', `/api/plans/${planId}/meetings/${TODAY}/finish`, { chatId: OTHER_CHAT, discussed: [] });
    expect(status).toBe(409);
  });
});
