import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { botEndpoint, isLoopbackPeer, isLoopbackServiceUrl } from '../../bot/conversation/bot-routes.js';
import { botRuntimeFor } from '../../src/app/compose.js';
import { readSettings } from '../../src/app/settings.js';
import { readBotSettings } from '../../bot/conversation/bot-settings.js';
import { createBotRuntime, type BotRuntime } from '../../bot/conversation/bot-runtime.js';
import type { AuthConfig } from '../../src/auth/auth-config.js';
import { createBotRequestValidator } from '../../src/auth/bot-request-validator.js';
import { createApp } from '../../src/server/create-app.js';
import type { TenantApi } from '../../src/server/request-identity.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { startLocalJsonServer, type LocalJsonServer } from '../auth/local-json-server.js';

const BOT_ID = '22222222-3333-4444-5555-666666666666';
const TENANT = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
const TEAMS_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const METADATA_PATH = '/v1/.well-known/openidconfiguration';
const KEYS_PATH = '/v1/.well-known/keys';
const NOW = new Date('2018-01-10T10:00:00Z');

const AUTH: AuthConfig = {
  tenantId: TENANT,
  clientId: BOT_ID,
  credential: { kind: 'secret', secret: 'not-a-real-secret' },
  bot: { appId: BOT_ID, credential: { kind: 'secret', secret: 'not-a-real-secret' } },
};

let dir: string;
let store: PlanStore;
let logs: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-messages-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  logs = [];
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function serve(bot: BotRuntime): Promise<{ url: string; server: Server }> {
  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Test', userId: null }), log: (line) => logs.push(line), storeKind: 'sqlite', bot: botEndpoint(bot) });
  return listen(app, '127.0.0.1', 0);
}

function conversationUpdate(serviceUrl: string): Record<string, unknown> {
  return {
    type: 'conversationUpdate',
    id: 'f:1',
    channelId: 'msteams',
    serviceUrl,
    timestamp: NOW.toISOString(),
    from: { id: '29:louise', name: 'Louise West', aadObjectId: 'aad-louise' },
    recipient: { id: `28:${BOT_ID}`, name: 'Plan bot' },
    conversation: { id: 'a:chat-louise', conversationType: 'personal', tenantId: TENANT },
    membersAdded: [{ id: '29:louise' }],
    channelData: { tenant: { id: TENANT } },
  };
}

async function post(url: string, body: unknown, authorization?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

describe('POST /api/messages with a bot registration', () => {
  let keys: LocalJsonServer;
  let connectorKey: CryptoKey;
  let strangerKey: CryptoKey;
  let app: { url: string; server: Server };

  beforeAll(async () => {
    const connector = await generateKeyPair('RS256');
    connectorKey = connector.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    keys = await startLocalJsonServer();
    // Shaped like login.botframework.com's OpenID metadata and keys, endorsements included.
    keys.documents.set(METADATA_PATH, { issuer: 'https://api.botframework.com', jwks_uri: `${keys.origin}${KEYS_PATH}`, id_token_signing_alg_values_supported: ['RS256'] });
    keys.documents.set(KEYS_PATH, { keys: [{ ...(await exportJWK(connector.publicKey)), kid: 'connector-key-1', use: 'sig', endorsements: ['msteams'] }] });
  });

  afterAll(() => keys.close());

  beforeEach(async () => {
    const validator = createBotRequestValidator({ botId: BOT_ID, openIdMetadataUrl: `${keys.origin}${METADATA_PATH}`, now: () => NOW.getTime() });
    app = await serve(createBotRuntime({ store, clock: () => NOW, log: (line) => logs.push(line), auth: AUTH, validator }));
  });

  afterEach(() => close(app.server));

  function claims(): JWTPayload {
    const now = Math.floor(NOW.getTime() / 1000);
    return { iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: TEAMS_SERVICE_URL, nbf: now - 60, exp: now + 3600 };
  }

  async function bearer(payload: JWTPayload = claims(), key: CryptoKey = connectorKey): Promise<string> {
    return `Bearer ${await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'connector-key-1' }).sign(key)}`;
  }

  it('answers 401 to an activity without a token, and stores nothing', async () => {
    const res = await post(app.url, conversationUpdate(TEAMS_SERVICE_URL));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await store.listConversationReferences()).toEqual([]);
  });

  it('answers 401 to a token signed by a key the Bot Framework does not publish', async () => {
    const res = await post(app.url, conversationUpdate(TEAMS_SERVICE_URL), await bearer(claims(), strangerKey));
    expect(res.status).toBe(401);
    expect(await store.listConversationReferences()).toEqual([]);
  });

  it('answers 401 to a token for another bot, and to one whose serviceurl is not the activity\'s', async () => {
    expect((await post(app.url, conversationUpdate(TEAMS_SERVICE_URL), await bearer({ ...claims(), aud: '77777777-3333-4444-5555-666666666666' }))).status).toBe(401);
    expect((await post(app.url, conversationUpdate('https://attacker.example/'), await bearer())).status).toBe(401);
    expect(await store.listConversationReferences()).toEqual([]);
    expect(logs.filter((l) => l.startsWith('bot request refused'))).toEqual(['bot request refused: audience', 'bot request refused: service_url']);
  });

  it("runs the turn for the Bot Connector's token: the sender's conversation reference is stored", async () => {
    const res = await post(app.url, conversationUpdate(TEAMS_SERVICE_URL), await bearer());
    expect(res.status).toBe(200);
    expect(await store.getConversationReference('aad-louise')).toMatchObject({ conversationId: 'a:chat-louise', serviceUrl: TEAMS_SERVICE_URL, tenantId: TENANT });
  });

  it('refuses, 403 and doing nothing, a signed activity whose serviceUrl is not a Bot Connector for Teams', async () => {
    for (const serviceUrl of ['https://attacker.example/', 'https://smba.trafficmanager.net.attacker.example/emea/', 'http://smba.trafficmanager.net/emea/', 'https://user@smba.trafficmanager.net/emea/']) {
      const res = await post(app.url, conversationUpdate(serviceUrl), await bearer({ ...claims(), serviceurl: serviceUrl }));
      expect(res.status, serviceUrl).toBe(403);
      expect(JSON.parse(res.body), serviceUrl).toMatchObject({ error: { code: 'service_url_not_allowed', message: expect.stringContaining('https://smba.trafficmanager.net/') } });
    }
    expect(await store.listConversationReferences()).toEqual([]);
    expect(logs.filter((l) => l.startsWith('bot request refused'))).toEqual(Array(4).fill('bot request refused: service_url_not_allowed'));
  });

  it("takes the government clouds' Bot Connectors, and those PLAN_BOT_SERVICE_URLS adds", async () => {
    const gcc = 'https://smba.infra.gcc.teams.microsoft.com/gcc/';
    expect((await post(app.url, conversationUpdate(gcc), await bearer({ ...claims(), serviceurl: gcc }))).status).toBe(200);
    await close(app.server);
    const extra = 'https://bots.contoso.example/connector/';
    const validator = createBotRequestValidator({ botId: BOT_ID, openIdMetadataUrl: `${keys.origin}${METADATA_PATH}`, now: () => NOW.getTime() });
    app = await serve(createBotRuntime({ store, clock: () => NOW, log: (line) => logs.push(line), auth: AUTH, validator, serviceUrls: [extra] }));
    expect((await post(app.url, conversationUpdate(extra), await bearer({ ...claims(), serviceurl: extra }))).status).toBe(200);
    expect((await post(app.url, conversationUpdate(TEAMS_SERVICE_URL), await bearer())).status).toBe(200);
  });

  it("refuses, 403 and doing nothing, a signed activity from another tenant or naming none", async () => {
    const OTHER = '0b8c3c1e-9d7a-4e5f-8a6b-111111111111';
    const other = { ...conversationUpdate(TEAMS_SERVICE_URL), channelData: { tenant: { id: OTHER } }, conversation: { id: 'a:chat-x', conversationType: 'personal', tenantId: OTHER } };
    const mixed = { ...conversationUpdate(TEAMS_SERVICE_URL), conversation: { id: 'a:chat-x', conversationType: 'personal', tenantId: OTHER } };
    const none = { ...conversationUpdate(TEAMS_SERVICE_URL), channelData: {}, conversation: { id: 'a:chat-x', conversationType: 'personal' } };
    for (const activity of [other, mixed, none]) {
      const res = await post(app.url, activity, await bearer());
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'tenant_not_allowed', message: expect.stringContaining(TENANT) } });
    }
    expect(await store.listConversationReferences()).toEqual([]);
    // The tenant's GUID in either case is the tenant.
    const upper = { ...conversationUpdate(TEAMS_SERVICE_URL), channelData: { tenant: { id: TENANT.toUpperCase() } } };
    expect((await post(app.url, upper, await bearer())).status).toBe(200);
  });

  it('does not start a registered bot whose tenant is named by domain: activities name it by GUID', () => {
    expect(() => createBotRuntime({ store, clock: () => NOW, log: () => {}, auth: { ...AUTH, tenantId: 'contoso.onmicrosoft.com' } })).toThrow(/^configuration: GRAPH_TENANT_ID must be the tenant GUID/);
  });

  it('answers 400, after the token, to a body that is not an activity', async () => {
    const res = await post(app.url, { hello: 'world' }, await bearer());
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toContain('not a Bot Framework activity');
  });
});

/** Stands in for the channel's connector in local mode, as the Agents Playground's /_connector does: records what the bot sends. */
async function startConnector(): Promise<{ url: string; sent: Array<{ path: string; body: Record<string, unknown> }>; close: () => Promise<void> }> {
  const sent: Array<{ path: string; body: Record<string, unknown> }> = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      sent.push({ path: req.url ?? '', body: JSON.parse(raw || '{}') as Record<string, unknown> });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sent-${sent.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/_connector`, sent, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('POST /api/messages in local mode (no bot registration)', () => {
  it('serves a caller on this machine without a token, as the Agents Playground sends, and replies through its connector', async () => {
    const connector = await startConnector();
    const app = await serve(createBotRuntime({ store, clock: () => NOW, log: (line) => logs.push(line), auth: null }));
    try {
      const res = await post(app.url, {
        type: 'message',
        id: 'm-1',
        text: 'help',
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: 'user-id-0', name: 'Louise West', aadObjectId: 'aad-louise' },
        recipient: { id: 'bot-id', name: 'Plan bot' },
        conversation: { id: 'personal-chat', conversationType: 'personal', tenantId: TENANT },
      });
      expect(res.status).toBe(200);
      expect(connector.sent.map((s) => s.path)).toEqual(['/_connector/v3/conversations/personal-chat/activities/m-1']);
      expect(connector.sent[0]?.body).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
      expect(await store.getConversationReference('aad-louise')).toMatchObject({ serviceUrl: connector.url });
    } finally {
      await close(app.server);
      await connector.close();
    }
  });

  it('answers the playground\'s HEAD probe with 405 and Allow: POST', async () => {
    const app = await serve(createBotRuntime({ store, clock: () => NOW, log: (line) => logs.push(line), auth: null }));
    try {
      const res = await fetch(`${app.url}/api/messages`, { method: 'HEAD' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    } finally {
      await close(app.server);
    }
  });

  it('posts nowhere and records nothing for an activity naming a serviceUrl off this machine, as a rebinding page would send', async () => {
    const app = await serve(createBotRuntime({ store, clock: () => NOW, log: (line) => logs.push(line), auth: null }));
    try {
      const res = await post(app.url, {
        type: 'message',
        id: 'm-2',
        text: 'my actions',
        channelId: 'msteams',
        serviceUrl: 'https://attacker.example/collect',
        from: { id: 'user-id-9', name: 'Louise West', aadObjectId: 'aad-stranger' },
        recipient: { id: 'bot-id', name: 'Plan bot' },
        conversation: { id: 'personal-chat-9', conversationType: 'personal', tenantId: TENANT },
      });
      expect(res.status).toBe(403);
      expect(await store.getConversationReference('aad-stranger')).toBeNull();
    } finally {
      await close(app.server);
    }
  });

  function localMessage(serviceUrl: string, user: string): Record<string, unknown> {
    return {
      type: 'message',
      id: `m-${user}`,
      text: 'my actions',
      channelId: 'msteams',
      serviceUrl,
      from: { id: `user-id-${user}`, name: 'Louise West', aadObjectId: `aad-${user}` },
      recipient: { id: 'bot-id', name: 'Plan bot' },
      conversation: { id: `personal-chat-${user}`, conversationType: 'personal', tenantId: TENANT },
    };
  }

  it('refuses https://attacker.example with its reason, and posts nothing and records nothing', async () => {
    const app = await serve(botRuntimeFor(readSettings({}), { store, clock: () => NOW, log: (line) => logs.push(line) }));
    try {
      const res = await post(app.url, localMessage('https://attacker.example/', 'stranger'));
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'service_url_not_allowed', message: expect.stringContaining('http://localhost:56150/_connector') } });
      expect(await store.getConversationReference('aad-stranger')).toBeNull();
      expect(logs).toContain('bot request refused: service_url_not_allowed');
    } finally {
      await close(app.server);
    }
  });

  it('answers only the serviceUrls PLAN_BOT_SERVICE_URLS lists, when set: another one on this machine gets nothing', async () => {
    const connector = await startConnector();
    const playgroundOnly = botRuntimeFor(readSettings({ PLAN_BOT_SERVICE_URLS: 'http://localhost:56150/_connector' }), { store, clock: () => NOW, log: (line) => logs.push(line) });
    const app = await serve(playgroundOnly);
    try {
      const res = await post(app.url, localMessage(connector.url, 'louise'));
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).error.message).toContain('http://localhost:56150/_connector (PLAN_BOT_SERVICE_URLS)');
      expect(connector.sent).toEqual([]);
      expect(await store.getConversationReference('aad-louise')).toBeNull();
    } finally {
      await close(app.server);
    }
    const listed = await serve(botRuntimeFor(readSettings({ PLAN_BOT_SERVICE_URLS: `http://localhost:56150/_connector, ${connector.url}` }), { store, clock: () => NOW, log: (line) => logs.push(line) }));
    try {
      expect((await post(listed.url, localMessage(connector.url, 'louise'))).status).toBe(200);
      expect(connector.sent).toHaveLength(1);
      // Whole path segments: a listed /_connector does not take /_connector-other.
      expect((await post(listed.url, localMessage(`${connector.url}-other`, 'dawn'))).status).toBe(403);
    } finally {
      await close(listed.server);
      await connector.close();
    }
  });

  it('stops the start on a PLAN_BOT_SERVICE_URLS that is not a list of http(s) URLs', () => {
    for (const value of ['', 'ftp://example.org/', 'localhost:56150', 'http://user:secret@localhost:56150/']) {
      expect(() => readBotSettings({ PLAN_BOT_SERVICE_URLS: value }), value).toThrow(/^configuration: PLAN_BOT_SERVICE_URLS must be http or https URLs/);
    }
    expect(readBotSettings({}).serviceUrls).toBeNull();
  });

  it('takes only loopback serviceUrls in local mode', () => {
    expect(['http://localhost:56150/_connector', 'http://127.0.0.1:56150/_connector', 'http://[::1]:3000/'].map(isLoopbackServiceUrl)).toEqual([true, true, true]);
    expect(['https://smba.trafficmanager.net/emea/', 'http://attacker.example/', 'file:///etc/passwd', 'not a url'].map(isLoopbackServiceUrl)).toEqual([false, false, false, false]);
  });

  it('refuses callers from other machines: only loopback peers are served', () => {
    expect(['127.0.0.1', '127.8.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopbackPeer)).toEqual([true, true, true, true]);
    expect(['10.0.0.5', '::ffff:10.0.0.5', '192.168.1.20', 'fe80::1', '', undefined].map(isLoopbackPeer)).toEqual([false, false, false, false, false, false]);
  });
});

describe('POST /api/messages in tenant mode', () => {
  const TENANT_ENV = { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: BOT_ID, GRAPH_CLIENT_SECRET: 'not-a-real-secret' };

  /** The API's sign-in guard as tenant mode has it: every /api request without a Teams token is 401. */
  function tenantApi(): TenantApi {
    return {
      guard: (_req, res) => void res.status(401).json({ error: { code: 'sign_in_required', message: 'sign in' } }),
      errors: (err: unknown, _req, _res, next) => next(err),
      store,
      identify: async () => ({ name: 'Test', userId: null }),
      editStanding: async () => 'unknown',
    };
  }

  function deps() {
    return { store, clock: () => NOW, log: (line: string) => logs.push(line) };
  }

  it('does not start the bot without its registration: BOT_ID, or PLAN_BOT=off, is asked for', () => {
    expect(() => botRuntimeFor(readSettings(TENANT_ENV), deps())).toThrow(/^configuration: BOT_ID is not set, but a tenant is .*PLAN_BOT=off/);
    // A runtime that runs without one is refused too, however it was made.
    const unregistered = createBotRuntime({ ...deps(), auth: null });
    expect(() => createApp({ ...deps(), identify: async () => ({ name: 'Test', userId: null }), storeKind: 'sharepoint', tenant: tenantApi(), bot: botEndpoint(unregistered) })).toThrow(/^configuration: BOT_ID is not set: tenant mode serves the bot only with its registration/);
  });

  it('with PLAN_BOT=off answers 404 at /api/messages, even from this machine, and runs nothing', async () => {
    const bot = botRuntimeFor(readSettings({ ...TENANT_ENV, PLAN_BOT: 'off' }), deps());
    expect(bot.mode.kind).toBe('off');
    const app = await listen(createApp({ ...deps(), identify: async () => ({ name: 'Test', userId: null }), storeKind: 'sharepoint', tenant: tenantApi(), bot: botEndpoint(bot) }), '127.0.0.1', 0);
    try {
      const res = await post(app.url, conversationUpdate('http://127.0.0.1:9/_connector'));
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('PLAN_BOT=off') } });
      expect((await fetch(`${app.url}/api/messages`, { method: 'HEAD' })).status).toBe(404);
      expect(await store.listConversationReferences()).toEqual([]);
      // The rest of the API is still behind the sign-in.
      expect((await fetch(`${app.url}/api/plans`)).status).toBe(401);
    } finally {
      await close(app.server);
    }
  });

  it('PLAN_BOT=off switches the bot off in local mode too', async () => {
    const app = await serve(botRuntimeFor(readSettings({ PLAN_BOT: 'off' }), deps()));
    try {
      expect((await post(app.url, conversationUpdate('http://127.0.0.1:9/_connector'))).status).toBe(404);
      expect(await store.listConversationReferences()).toEqual([]);
    } finally {
      await close(app.server);
    }
    expect(() => botRuntimeFor(readSettings({ PLAN_BOT: 'maybe' }), deps())).toThrow(/^configuration: PLAN_BOT must be on or off/);
  });
});
