import type { Server } from 'node:http';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botEndpoint } from '../../bot/conversation/bot-routes.js';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { ActionWithUpdates } from '../../src/plan/plan.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openTenantMode } from '../../src/server/tenant-mode.js';
import type { SharePointConfig } from '../../src/store/sharepoint/sharepoint-config.js';
import { fakeEntraNetwork } from '../auth/fake-entra-network.js';
import { appToken, mintToken, TEST_APP_ID, type SiteRole } from '../graph-server/permissions.js';
import { startSharePointHarness, type SharePointHarness } from '../sharepoint/sharepoint-harness.js';

/*
 * Who may change a plan in tenant mode is SharePoint's to say: the local Graph and SharePoint hold
 * each person's own permission level on the plan site (the permission model, not a test verdict),
 * Entra ID exchanges each person's SSO token for a Graph token and a SharePoint token on their
 * behalf, and the server reads the person's effective permissions on the Actions list as them.
 * Wendy is a member who may edit; Rita is a visitor who may only read; Una may edit, but the
 * SharePoint token cannot be had for her (consent not given), so her permission is unknown.
 */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const WENDY = 'bbbbbbbb-0000-0000-0000-000000000001';
const RITA = 'bbbbbbbb-0000-0000-0000-000000000002';
const UNA = 'bbbbbbbb-0000-0000-0000-000000000003';
const ROLES: Record<string, SiteRole> = { [WENDY]: 'write', [RITA]: 'read', [UNA]: 'read' };
const NAMES: Record<string, string> = { [WENDY]: 'Wendy Writer', [RITA]: 'Rita Reader', [UNA]: 'Una Unknown' };
const SAMPLE = join(import.meta.dirname, '../../samples/gloucestershire-cse-2017-18.txt');

let harness: SharePointHarness;
let server: Server;
let base: string;
let planId: string;
let signingKey: CryptoKey;

async function tokenFor(oid: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    ver: '2.0',
    tid: TENANT,
    oid,
    scp: 'access_as_user',
    name: NAMES[oid],
    preferred_username: `${oid}@contoso.example`,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'tenant-key-1' }).sign(signingKey);
}

async function call(method: string, path: string, oid: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${await tokenFor(oid)}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
}

const action = async (ref: string): Promise<ActionWithUpdates> => (await call('GET', `/api/plans/${planId}/actions/${ref}`, WENDY)).json;

beforeAll(async () => {
  const tenantKey = await generateKeyPair('RS256');
  signingKey = tenantKey.privateKey;
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(tenantKey.publicKey)), kid: 'tenant-key-1', use: 'sig', alg: 'RS256' }] });
  harness = await startSharePointHarness();
  const { draft } = await importPlanFile(SAMPLE, { importedAt: '2018-01-05T09:00:00.000Z' });
  planId = (await harness.store.importPlan(draft)).id;

  // On-behalf-of: each person's token for the resource the scope names, carrying their own site role.
  const entra = fakeEntraNetwork((form) => {
    const assertion = form.get('assertion') ?? '';
    const oid = (JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { oid: string }).oid;
    const sharePoint = (form.get('scope') ?? '').includes('/AllSites.Write');
    if (sharePoint && oid === UNA) {
      return { kind: 'error', status: 400, error: 'invalid_grant', aadsts: 65001, suberror: 'consent_required', description: 'The user or administrator has not consented to use the application.' };
    }
    const accessToken = mintToken({
      kind: 'delegated',
      audience: sharePoint ? 'sharepoint' : 'graph',
      appId: TEST_APP_ID,
      scopes: sharePoint ? ['AllSites.Write'] : ['Sites.ReadWrite.All', 'User.Read'],
      userId: oid,
      siteRole: ROLES[oid] ?? null,
    });
    return { kind: 'token', accessToken, user: { oid, tid: TENANT } };
  });
  const config: SharePointConfig = {
    site: { kind: 'id', id: harness.server.siteId },
    graphBaseUrl: harness.server.graphBaseUrl,
    authorityHost: 'https://login.microsoftonline.com',
    resourceUnitsPerMinute: 100_000,
    auth: { tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: 'the-secret-value' } },
  };
  const tenant = await openTenantMode(config, {
    msal: { networkClient: entra.networkClient },
    connection: { tokens: { getToken: async (audience) => appToken(audience?.kind ?? 'graph') } },
    sso: { getKey: jwks },
  });
  const clock = () => new Date('2018-02-01T10:00:00Z');
  const app = createApp({
    store: tenant.store,
    clock,
    identify: async () => ({ name: 'nobody', userId: null }),
    log: () => {},
    storeKind: 'sharepoint',
    tenant: tenant.api,
    bot: botEndpoint(createBotRuntime({ store: tenant.store, clock, log: () => {}, auth: null, enabled: false })),
  });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
});

afterAll(async () => {
  if (server) await close(server);
  await harness?.close();
});

describe('who may change a plan, read from SharePoint as the person', () => {
  it('tells the tab whether the person may record minutes: a member who may edit yes, a visitor who may only read no', async () => {
    expect((await call('GET', `/api/plans/${planId}`, WENDY)).json.you).toMatchObject({ mayEdit: true });
    expect((await call('GET', `/api/plans/${planId}`, RITA)).json.you).toMatchObject({ mayEdit: false });
  });

  it('refuses an update from a person who may only read with 403 may_not_edit, and writes nothing', async () => {
    const before = await action('1.2');
    const { status, json } = await call('POST', `/api/plans/${planId}/actions/1.2/updates`, RITA, { text: 'Minute from a reader.', key: 'tab:reader-update-1' });
    expect(status).toBe(403);
    expect(json.error).toEqual({ code: 'may_not_edit', message: expect.stringContaining('ask the plan site') });
    expect((await action('1.2')).updates).toHaveLength(before.updates.length);
  });

  it('refuses a RAG change from a person who may only read with 403 may_not_edit, and changes nothing', async () => {
    const before = await action('1.2');
    const { status, json } = await call('PATCH', `/api/plans/${planId}/actions/1.2`, RITA, { version: before.version, rag: 'Red' });
    expect(status).toBe(403);
    expect(json.error.code).toBe('may_not_edit');
    expect((await action('1.2')).rag).toBe(before.rag);
  });

  it('lets a person who may edit record an update and change the RAG', async () => {
    expect((await call('POST', `/api/plans/${planId}/actions/1.2/updates`, WENDY, { text: 'Minute from the secretary.', key: 'tab:writer-update-1' })).status).toBe(201);
    const before = await action('1.2');
    expect((await call('PATCH', `/api/plans/${planId}/actions/1.2`, WENDY, { version: before.version, rag: before.rag === 'Red' ? 'Amber' : 'Red' })).status).toBe(200);
  });

  it('leaves SharePoint to refuse a reader whose permission could not be read, with its own clear 403', async () => {
    expect((await call('GET', `/api/plans/${planId}`, UNA)).json.you).toMatchObject({ mayEdit: true });
    const { status, json } = await call('POST', `/api/plans/${planId}/actions/1.2/updates`, UNA, { text: 'Minute without a known permission.', key: 'tab:unknown-update-1' });
    expect(status).toBe(403);
    expect(json.error).toEqual({ code: 'sharepoint_access_denied', message: expect.stringContaining('Edit to post updates and change RAG') });
  });

  it('does not let a person whose permission could not be read post a meeting summary with the app’s rights', async () => {
    const { status, json } = await call('POST', `/api/plans/${planId}/meetings/2018-02-01/finish`, UNA, { chatId: '19:meeting_x@thread.v2', discussed: [] });
    expect(status).toBe(403);
    expect(json.error.code).toBe('may_not_edit');
  });
});
