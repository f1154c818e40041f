import type { Server } from 'node:http';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { ActionWithUpdates, PlanSummary } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openTenantMode, type TenantMode } from '../../src/server/tenant-mode.js';
import type { SharePointConfig } from '../../src/store/sharepoint/sharepoint-config.js';
import { fakeEntraNetwork } from '../auth/fake-entra-network.js';
import { startSharePointHarness, type SharePointHarness } from '../sharepoint/sharepoint-harness.js';
import { botEndpoint } from '../../bot/conversation/bot-routes.js';

/*
 * The server in tenant mode (PLAN_STORE=sharepoint): every API request needs the Teams SSO token
 * of a person, and is served with that person's own delegated token, so SharePoint decides what
 * they may read. Entra ID is answered locally (the token endpoint through MSAL's networkClient,
 * the signing keys as a local JWKS); Graph is the local Graph server.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const JANE = 'aaaaaaaa-0000-0000-0000-000000000001';
const NIGEL = 'aaaaaaaa-0000-0000-0000-000000000002';
const SAM = 'aaaaaaaa-0000-0000-0000-000000000003';
const SAMPLE = join(import.meta.dirname, '../../samples/gloucestershire-cse-2017-18.txt');

let harness: SharePointHarness;
let tenant: TenantMode;
let server: Server;
let base: string;
let planId: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
/** The bearer token of every request the local Graph server saw, in order. */
const tokensSeen: string[] = [];

function ssoClaims(oid: string, name: string, overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    ver: '2.0',
    tid: TENANT,
    oid,
    scp: 'access_as_user',
    name,
    preferred_username: `${name.toLowerCase().replace(' ', '.')}@contoso.example`,
    ...overrides,
  };
}

function sign(claims: JWTPayload, key: CryptoKey = signingKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'tenant-key-1' }).sign(key);
}

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token !== null && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

beforeAll(async () => {
  const tenantKey = await generateKeyPair('RS256');
  signingKey = tenantKey.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(tenantKey.publicKey)), kid: 'tenant-key-1', use: 'sig', alg: 'RS256' }] });

  // SharePoint's own permissions: Jane is a member of the plan site, Nigel is not.
  harness = await startSharePointHarness({
    server: {
      authorize: (token) => {
        tokensSeen.push(token);
        // test-token: the harness provisioning the site and importing the plan before the server starts.
        if (token === 'test-token' || token === 'app-only-token' || token === `delegated ${JANE}`) return 'ok';
        if (token === `delegated ${NIGEL}`) return 'forbidden';
        return 'unauthenticated';
      },
    },
  });
  const { draft } = await importPlanFile(SAMPLE, { importedAt: '2018-01-05T09:00:00.000Z' });
  planId = (await harness.store.importPlan(draft)).id;

  // Entra ID's answer to the on-behalf-of exchange: a delegated token per person; Sam has not consented.
  const entra = fakeEntraNetwork((form) => {
    const assertion = form.get('assertion') ?? '';
    const oid = (JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { oid: string }).oid;
    if (oid === SAM) {
      return { kind: 'error', status: 400, error: 'invalid_grant', aadsts: 65001, suberror: 'consent_required', description: `The user or administrator has not consented to use the application with ID '${CLIENT}'.` };
    }
    return { kind: 'token', accessToken: `delegated ${oid}`, user: { oid, tid: TENANT } };
  });
  const config: SharePointConfig = {
    site: { kind: 'id', id: harness.server.siteId },
    graphBaseUrl: harness.server.graphBaseUrl,
    authorityHost: 'https://login.microsoftonline.com',
    resourceUnitsPerMinute: 100_000,
    auth: { tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: 'the-secret-value' } },
  };
  tenant = await openTenantMode(config, {
    msal: { networkClient: entra.networkClient },
    connection: { tokens: { getToken: async () => 'app-only-token' } },
    sso: { getKey: jwks },
  });
  const app = createApp({
    store: tenant.store,
    clock: () => new Date('2018-02-01T10:00:00Z'),
    identify: async () => ({ name: 'nobody', userId: null }),
    log: () => {},
    storeKind: 'sharepoint',
    tenant: tenant.api,
    // No bot registration here: tenant mode then serves no bot (PLAN_BOT=off).
    bot: botEndpoint(createBotRuntime({ store: tenant.store, clock: () => new Date('2018-02-01T10:00:00Z'), log: () => {}, auth: null, enabled: false })),
  });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
});

afterAll(async () => {
  if (server) await close(server);
  await harness?.close();
});

beforeEach(() => {
  harness.server.resetLog();
  tokensSeen.length = 0;
});

describe('the plan API in tenant mode', () => {
  it('refuses a request without a Teams sign-in token, saying what to send', async () => {
    const { status, json, headers } = await call('GET', '/api/plans', null);
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(json.error.code).toBe('sign_in_required');
    expect(json.error.message).toContain('"Authorization: Bearer <token>"');
    expect(harness.server.requestCount()).toBe(0);
  });

  it('refuses a forged token: signed with a key that is not the tenant’s', async () => {
    const { status, json } = await call('GET', '/api/plans', await sign(ssoClaims(JANE, 'Jane Price'), strangerKey));
    expect(status).toBe(401);
    expect(json.error).toEqual({ code: 'invalid_token', message: 'SSO token signature does not verify against the tenant signing keys' });
    expect(harness.server.requestCount()).toBe(0);
  });

  it('refuses an expired token and one issued to another app', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await call('GET', '/api/plans', await sign(ssoClaims(JANE, 'Jane Price', { iat: now - 7200, nbf: now - 7200, exp: now - 3600 })));
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toContain('has expired');
    const otherApp = await call('GET', '/api/plans', await sign(ssoClaims(JANE, 'Jane Price', { aud: '99999999-2222-3333-4444-555555555555' })));
    expect(otherApp.status).toBe(401);
    expect(otherApp.json.error.message).toContain('issued for another application');
  });

  it('serves a signed-in person with their own delegated token, over the list ids found at start', async () => {
    const { status, json } = await call('GET', '/api/plans', await sign(ssoClaims(JANE, 'Jane Price')));
    expect(status).toBe(200);
    expect((json as PlanSummary[]).map((p) => [p.id, p.actionCount])).toEqual([[planId, 47]]);
    expect(new Set(tokensSeen)).toEqual(new Set([`delegated ${JANE}`]));
    // No list discovery per request: only item reads of lists already known.
    expect(harness.server.log.filter((l) => /\/lists$/.test(l.path))).toEqual([]);
  });

  it('records an update under the name and Entra object id in the token', async () => {
    const token = await sign(ssoClaims(JANE, 'Jane Price'));
    const posted = await call('POST', `/api/plans/${planId}/actions/1.2/updates`, token, { text: 'Dates agreed with the practice nurses.', key: 'tab:tenant-test-1' });
    expect(posted.status).toBe(201);
    const action = (await call('GET', `/api/plans/${planId}/actions/1.2`, token)).json as ActionWithUpdates;
    expect(action.updates.at(-1)).toMatchObject({ author: 'Jane Price', authorId: JANE, origin: 'tab', text: 'Dates agreed with the practice nurses.' });
  });

  it('passes on SharePoint’s refusal of a person without access to the site as a JSON error to show', async () => {
    const { status, json } = await call('GET', '/api/plans', await sign(ssoClaims(NIGEL, 'Nigel Reid')));
    expect(status).toBe(403);
    expect(json.error.code).toBe('sharepoint_access_denied');
    expect(json.error.message).toContain('Ask the site owner to share the site with you');
    expect(new Set(tokensSeen)).toEqual(new Set([`delegated ${NIGEL}`]));
  });

  it('asks for consent when Entra ID wants it, naming the scopes and the admin’s way out', async () => {
    const { status, json } = await call('GET', '/api/plans', await sign(ssoClaims(SAM, 'Sam Hill')));
    expect(status).toBe(403);
    expect(json.error.code).toBe('consent_required');
    expect(json.error.scopes).toEqual(['https://graph.microsoft.com/Sites.ReadWrite.All', 'https://graph.microsoft.com/User.Read']);
    expect(json.error.permissions).toEqual(['Sites.ReadWrite.All', 'User.Read']);
    expect(json.error.message).toMatch(/prompt=consent.*Grant admin consent/);
    expect(harness.server.requestCount()).toBe(0);
  });

  it('keeps health and readiness outside the sign-in: health asks SharePoint nothing, readiness asks once with the app’s own token', async () => {
    const { status, json } = await call('GET', '/api/health', null);
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'ok', store: 'sharepoint' });
    expect(harness.server.requestCount()).toBe(0);
    for (let i = 0; i < 5; i += 1) {
      const ready = await call('GET', '/api/ready', null);
      expect(ready.status).toBe(200);
      expect(ready.json).toMatchObject({ status: 'ready', store: 'sharepoint', plans: 1 });
    }
    expect(new Set(tokensSeen)).toEqual(new Set(['app-only-token']));
    const asked = harness.server.requestCount();
    expect(asked).toBeGreaterThan(0);
    expect((await call('GET', '/api/health', null)).json).toMatchObject({ plans: 1 });
    expect(harness.server.requestCount()).toBe(asked);
  });
});
