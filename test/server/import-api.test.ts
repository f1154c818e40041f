import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotRuntime } from '../../bot/conversation/bot-runtime.js';
import { createApp } from '../../src/server/create-app.js';
import { close, listen } from '../../src/server/start-server.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createOnBehalfOfExchange } from '../../src/auth/on-behalf-of.js';
import { createSsoTokenValidator } from '../../src/auth/sso-token-validator.js';
import { createTenantApi } from '../../src/server/request-identity.js';
import { fakeEntraNetwork } from '../auth/fake-entra-network.js';
import { docxFromTextExport } from '../fixtures/build-docx.js';
import { localBot } from './local-bot.js';
import { botEndpoint } from '../../bot/conversation/bot-routes.js';

/*
 * Plan documents in over HTTP, as the tab's import page sends them: the file's bytes as the body,
 * its name in the query; a dry run first, then the import; the next version into its plan.
 */
const SAMPLES = join(import.meta.dirname, '../../samples');
const NOW = new Date('2018-02-05T10:00:00Z');

let dir: string;
let store: PlanStore;
let server: Server;
let base: string;
let glosText: string;

/** The parts of an answer these tests read; the body is the server's JSON, as the tab receives it. */
interface Answer {
  kind?: string;
  planId?: string;
  revision?: { matched: { incoming: { ref: string }; newUpdates: unknown[] }[] } | null;
  error?: { code: string; message: string; current?: { candidates: { id: string }[] } };
}

async function send(path: string, body: Uint8Array | string, headers: Record<string, string> = {}, to: string = base): Promise<{ status: number; json: Answer }> {
  const res = await fetch(`${to}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body: typeof body === 'string' ? body : Buffer.from(body) });
  return { status: res.status, json: (await res.json()) as Answer };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-import-api-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  const app = createApp({ store, clock: () => NOW, identify: async () => ({ name: 'Jane Price', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
  ({ server, url: base } = await listen(app, '127.0.0.1', 0));
  glosText = await readFile(join(SAMPLES, 'gloucestershire-cse-2017-18.txt'), 'utf8');
});

afterAll(async () => {
  await close(server);
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('POST /api/plans/import and /api/plans/{planId}/import', () => {
  it('shows what a new plan would hold in a dry run, writing nothing', async () => {
    const { status, json } = await send('/api/plans/import?fileName=glos.txt&dryRun=true', glosText);
    expect(status).toBe(200);
    expect(json).toMatchObject({ kind: 'dry-run', title: expect.stringContaining('Gloucestershire'), into: null, revision: null, report: { actionCount: 47, sectionCount: 5 } });
    expect(await store.countPlans()).toBe(0);
  });

  it('imports a Word plan as a new plan (201), then answers a second copy with the plan it could be (409)', async () => {
    const docx = await docxFromTextExport(glosText);
    const created = await send('/api/plans/import?fileName=glos.docx', docx);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind: 'created', report: { format: 'docx', actionCount: 47 } });
    const again = await send('/api/plans/import?fileName=glos.docx', docx);
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('title_clash');
    expect(again.json.error?.current?.candidates.map((c) => c.id)).toEqual([created.json.planId]);
    expect(await store.countPlans()).toBe(1);
  });

  it('brings the next version into its plan: a dry run first, then the changes with the requester as author', async () => {
    const planId = (await store.listPlans())[0]!.id;
    const next = glosText
      .replace('June 17 - ', 'Feb 18 - New update from the board meeting.\nJune 17 - ')
      .replace('Louise West / Jane Price\tOct 2017', 'Louise West / Jane Price\tMar 2018');
    const dry = await send(`/api/plans/${planId}/import?fileName=glos-v2.txt&dryRun=true`, next);
    expect(dry.status).toBe(200);
    expect(dry.json.kind).toBe('dry-run');
    const withNew = dry.json.revision!.matched.filter((m) => m.newUpdates.length > 0);
    expect(withNew).toHaveLength(1);
    expect((await store.exportPlan(planId))!.actions.flatMap((a) => a.updates).some((u) => u.text.includes('New update from the board meeting'))).toBe(false);
    const applied = await send(`/api/plans/${planId}/import?fileName=glos-v2.txt`, next);
    expect(applied.status).toBe(200);
    expect(applied.json.kind).toBe('revised');
    const action = await store.getActionByRef(planId, withNew[0]!.incoming.ref);
    expect(action!.updates.find((u) => u.text.startsWith('Feb 18 - New update from the board meeting.'))).toMatchObject({ date: '2018-02', origin: 'import' });
    // The change the new version makes is recorded as the requester's, from that document.
    const moved = await store.getActionByRef(planId, '1.13');
    expect(moved!.history.find((h) => h.note === 're-import of glos-v2.txt')).toMatchObject({ author: 'Jane Price', origin: 're-import', changes: [{ field: 'timescale', was: 'Oct 2017', now: 'Mar 2018' }] });
    const twice = await send(`/api/plans/${planId}/import?fileName=glos-v2.txt`, next);
    expect(twice.json.kind).toBe('unchanged');
  });

  it('refuses a document it cannot read with its status and where, and stores nothing', async () => {
    const before = await store.countPlans();
    const { status, json } = await send('/api/plans/import?fileName=minutes.txt&asNew=true', 'Minutes of the board\n\nAttendees: chair\n');
    expect(status).toBe(422);
    expect(json.error?.code).toBe('import_no_plan_table');
    expect(json.error?.message).toContain('minutes.txt');
    expect(await store.countPlans()).toBe(before);
  });

  it('refuses a next version it cannot read, leaving the plan as it was', async () => {
    const planId = (await store.listPlans())[0]!.id;
    const before = await store.exportPlan(planId);
    const docx = await docxFromTextExport(glosText.replace('Oct 2017', 'Mar 2018'));
    const { status, json } = await send(`/api/plans/${planId}/import?fileName=notes.docx`, docx.slice(0, docx.length >> 1));
    expect(status).toBe(422);
    expect(json.error?.code).toBe('import_unreadable_file');
    expect(json.error?.message).toMatch(/^notes\.docx/);
    expect(await store.exportPlan(planId)).toEqual(before);
  });

  it('refuses a query without a file name, or with a path for one', async () => {
    const missing = await send('/api/plans/import', glosText);
    expect(missing.status).toBe(400);
    expect(missing.json.error?.message).toContain('fileName is required');
    expect((await send('/api/plans/import?fileName=../../etc/passwd', glosText)).json.error?.message).toContain('a name, not a path');
    expect((await send('/api/plans/import?fileName=dir%5Cplan.docx', glosText)).json.error?.message).toContain('a name, not a path');
    expect((await send('/api/plans/import?fileName=glos.txt&dryRun=yes', glosText)).json.error?.message).toContain('dryRun');
  });

  it('refuses a body over the importer\'s limit as too large', async () => {
    const { status, json } = await send('/api/plans/import?fileName=big.txt', new Uint8Array(21 * 1024 * 1024));
    expect(status).toBe(413);
    expect(json.error?.code).toBe('import_file_too_large');
  });

  it('answers 404 for a plan that is not there', async () => {
    const { status, json } = await send('/api/plans/nope/import?fileName=glos.txt', glosText);
    expect(status).toBe(404);
    expect(json.error?.code).toBe('plan_not_found');
  });
});

describe('importing in tenant mode', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const CLIENT = '11111111-2222-3333-4444-555555555555';
  let tenantServer: Server;
  let tenantBase: string;
  let tenantDir: string;
  let tenantStore: PlanStore;
  let token: string;

  beforeAll(async () => {
    tenantDir = await mkdtemp(join(tmpdir(), 'plan-import-tenant-'));
    tenantStore = await openPlanStore({ kind: 'sqlite', path: join(tenantDir, 'plans.db') });
    const keys = await generateKeyPair('RS256');
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', use: 'sig', alg: 'RS256' }] });
    const now = Math.floor(Date.now() / 1000);
    token = await new SignJWT({ aud: CLIENT, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, iat: now - 60, nbf: now - 60, exp: now + 3600, ver: '2.0', tid: TENANT, oid: 'aaaaaaaa-0000-0000-0000-000000000009', scp: 'access_as_user', name: 'Priya Shah', preferred_username: 'priya.shah@contoso.example' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'k1' })
      .sign(keys.privateKey);
    const entra = fakeEntraNetwork(() => ({ kind: 'token', accessToken: 'delegated', user: { oid: 'aaaaaaaa-0000-0000-0000-000000000009', tid: TENANT } }));
    // The person's store is this SQLite one: what is under test is who the import is recorded as.
    const tenant = createTenantApi({
      validator: createSsoTokenValidator({ tenantId: TENANT, clientId: CLIENT, getKey: jwks }),
      exchange: createOnBehalfOfExchange({ tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: 'the-secret-value' } }, { networkClient: entra.networkClient }),
      storeFor: () => tenantStore,
    });
    // No bot registration here: tenant mode then serves no bot (PLAN_BOT=off).
    const bot = createBotRuntime({ store: tenantStore, clock: () => NOW, log: () => {}, auth: null, enabled: false });
    const app = createApp({ store: tenantStore, clock: () => NOW, identify: async () => ({ name: 'nobody', userId: null }), log: () => {}, storeKind: 'sharepoint', tenant, bot: botEndpoint(bot) });
    ({ server: tenantServer, url: tenantBase } = await listen(app, '127.0.0.1', 0));
  });

  afterAll(async () => {
    if (tenantServer) await close(tenantServer);
    await tenantStore?.close();
    await rm(tenantDir, { recursive: true, force: true });
  });

  it('refuses an import without a Teams sign-in, storing nothing', async () => {
    const { status, json } = await send('/api/plans/import?fileName=glos.txt', glosText, {}, tenantBase);
    expect(status).toBe(401);
    expect(json.error?.code).toBe('sign_in_required');
    expect(await tenantStore.countPlans()).toBe(0);
  });

  it('records the next version\'s updates as the signed-in person\'s', async () => {
    const bearer = { authorization: `Bearer ${token}` };
    const created = await send('/api/plans/import?fileName=glos.txt', glosText, bearer, tenantBase);
    expect(created.status).toBe(201);
    const next = glosText.replace('Louise West / Jane Price\tOct 2017', 'Louise West / Jane Price\tMar 2018');
    const applied = await send(`/api/plans/${created.json.planId}/import?fileName=glos-v2.txt`, next, bearer, tenantBase);
    expect(applied.json.kind).toBe('revised');
    const history = (await tenantStore.exportPlan(created.json.planId!))!.actions.flatMap((a) => a.history);
    expect(history.find((h) => h.note === 're-import of glos-v2.txt')).toMatchObject({ author: 'Priya Shah', origin: 're-import', changes: [{ field: 'timescale', was: 'Oct 2017', now: 'Mar 2018' }] });
  });
});
