import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBotConnectorServer, type BotConnectorServer } from './bot-connector-server.js';
import { TeamsTenant } from './teams-tenant.js';

/* The local Bot Connector answers as the service does; each case names the page it follows (bot-connector-server.ts). */

const TENANT = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
const TOKEN = 'the-bots-token';

let tenant: TeamsTenant;
let connector: BotConnectorServer;

beforeEach(async () => {
  tenant = new TeamsTenant(TENANT, 'catalog-app');
  connector = await startBotConnectorServer({ tenant, authorize: (token) => token === TOKEN });
});

afterEach(() => connector.close());

async function call(path: string, body: unknown, token: string | null = TOKEN): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(new URL(path, connector.serviceUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as unknown, headers: res.headers };
}

const MESSAGE = { type: 'message', text: 'hello' };

function oneToOne(memberId: string, tenantIds: { top?: string; channel?: string }): Record<string, unknown> {
  return {
    isGroup: false,
    bot: { id: '28:bot' },
    members: [{ id: memberId }],
    ...(tenantIds.top !== undefined && { tenantId: tenantIds.top }),
    ...(tenantIds.channel !== undefined && { channelData: { tenant: { id: tenantIds.channel } } }),
  };
}

describe('the local Bot Connector', () => {
  it("answers 401 with the service's body to a request without the bot's token, and delivers nothing", async () => {
    tenant.addPerson('aad-1', 'Jane Price');
    const { chatId } = tenant.install('aad-1');
    for (const token of [null, 'someone-elses-token']) {
      const res = await call(`/v3/conversations/${encodeURIComponent(chatId)}/activities`, MESSAGE, token);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ message: 'Authorization has been denied for this request.' });
    }
    expect(connector.activities).toEqual([]);
    expect((await call(`/v3/conversations/${encodeURIComponent(chatId)}/activities`, MESSAGE)).status).toBe(201);
  });

  it('answers a blocked bot 403 in the errorCode 209 shape, its message JSON with subCode MessageWritesBlocked', async () => {
    tenant.addPerson('aad-1', 'Jane Price').blocked = true;
    const { chatId } = tenant.install('aad-1');
    const res = await call(`/v3/conversations/${encodeURIComponent(chatId)}/activities`, MESSAGE);
    expect(res.status).toBe(403);
    const body = res.json as { errorCode: number; message: string };
    expect(body.errorCode).toBe(209);
    expect(JSON.parse(body.message)).toMatchObject({ subCode: 'MessageWritesBlocked', details: 'Thread is blocked from message writes.' });
    expect(connector.activities).toEqual([]);
  });

  it('creates a one-to-one conversation only with channelData.tenant.id naming the tenant', async () => {
    tenant.install(tenant.addPerson('aad-1', 'Jane Price').aadObjectId);
    const OTHER = '0b8c3c1e-9d7a-4e5f-8a6b-111111111111';
    for (const ids of [{ top: TENANT }, { channel: OTHER }, { channel: TENANT, top: OTHER }]) {
      const res = await call('/v3/conversations', oneToOne('aad-1', ids));
      expect(res.status, JSON.stringify(ids)).toBe(400);
      expect(res.json).toMatchObject({ error: { code: 'BadArgument' } });
    }
    expect((await call('/v3/conversations', oneToOne('aad-1', { channel: TENANT }))).status).toBe(201);
    expect((await call('/v3/conversations', oneToOne('aad-1', { channel: TENANT }), null)).status).toBe(401);
  });
});
