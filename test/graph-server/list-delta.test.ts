import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDeltaRequest } from './fault-plan.js';
import { startGraphTestServer, type GraphTestServer, type GraphTestServerOptions } from './graph-test-server.js';
import { callGraph, type GraphAnswer } from './graph-call.js';
import { appToken, mintToken, TEST_APP_ID } from './permissions.js';
import type { ListModel } from './sharepoint-site.js';
import { SHAREPOINT_APP_USER_ID } from './site-user-list.js';

/**
 * listItem: delta on the local Graph (learn.microsoft.com/graph/api/listitem-delta): a full first read
 * in pages, then only what changed, each item once in its latest state, deletions as deleted, the
 * person who changed an item in its fields, 410 Gone for a token too old, and the faults and costs a
 * client has to live with.
 */

let server: GraphTestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: GraphTestServerOptions = {}): Promise<GraphTestServer> {
  server = await startGraphTestServer(options);
  return server;
}

/** A request as the default app, unless another token is given. */
const call = (url: string, token = appToken('graph'), method = 'GET', body?: unknown, headers: Record<string, string> = {}): Promise<GraphAnswer> => callGraph(url, token, method, body, headers);

const identity = z.object({ id: z.string().optional(), displayName: z.string(), email: z.string().optional() });
const identitySet = z.object({ user: identity.optional(), application: identity.optional() });
const deltaItem = z.object({
  id: z.string(),
  eTag: z.string().optional(),
  lastModifiedDateTime: z.string().optional(),
  createdBy: identitySet.optional(),
  lastModifiedBy: identitySet.optional(),
  parentReference: z.object({ siteId: z.string() }).optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  deleted: z.object({ state: z.string() }).optional(),
});
const deltaPageSchema = z.object({
  value: z.array(deltaItem),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
type DeltaPage = z.infer<typeof deltaPageSchema>;
const graphError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const listItemSchema = z.object({ id: z.string(), eTag: z.string(), lastModifiedBy: identitySet, createdBy: identitySet, fields: z.record(z.string(), z.unknown()).optional() });

function actionsList(s: GraphTestServer): ListModel {
  return s.site.createList({
    displayName: 'Actions',
    columns: [
      { name: 'Rag', choice: { choices: ['Red', 'Amber', 'Green'] } },
      { name: 'Ref', text: {} },
    ],
  });
}

const deltaUrl = (s: GraphTestServer, list: ListModel, query = ''): string => `${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/delta${query}`;

async function page(url: string, token?: string): Promise<DeltaPage> {
  const answer = await call(url, token);
  expect(answer.status).toBe(200);
  return deltaPageSchema.parse(answer.body);
}

/** Follows nextLinks to the deltaLink: every page, and the deltaLink the last one ends with. */
async function readAll(firstUrl: string, token?: string): Promise<{ pages: DeltaPage[]; deltaLink: string }> {
  const pages: DeltaPage[] = [];
  let url: string | undefined = firstUrl;
  while (url !== undefined) {
    const next: DeltaPage = await page(url, token);
    pages.push(next);
    url = next['@odata.nextLink'];
    if (url === undefined) {
      const deltaLink = next['@odata.deltaLink'];
      if (deltaLink === undefined) throw new Error('the last page has no deltaLink');
      return { pages, deltaLink };
    }
  }
  throw new Error('unreachable');
}

const dawn = { id: '0b5e9999-7c1d-4e2f-9a3b-5c6d7e8f9a0b', displayName: 'Dawn Porter', email: 'dawn.porter@glos.example' };

describe('listItem delta: the first read', () => {
  it('pages 1,000 items 200 at a time: 5 pages linked by nextLink, the last with a deltaLink, each item once', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, Array.from({ length: 1000 }, (_, i) => ({ Title: `Action ${i + 1}`, Ref: `${i + 1}` })));

    const { pages, deltaLink } = await readAll(deltaUrl(s, list, '?$expand=fields($select=Title,Ref)&$top=200'));

    expect(pages.map((p) => p.value.length)).toEqual([200, 200, 200, 200, 200]);
    expect(pages.map((p) => p['@odata.nextLink'] !== undefined)).toEqual([true, true, true, true, false]);
    expect(pages.map((p) => p['@odata.deltaLink'] !== undefined)).toEqual([false, false, false, false, true]);
    const ids = pages.flatMap((p) => p.value.map((i) => i.id));
    expect(new Set(ids).size).toBe(1000);
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => String(i + 1)));
    // Links go back to the same endpoint with only an opaque token: $expand and $top travel inside it.
    for (const link of [...pages.slice(0, 4).map((p) => p['@odata.nextLink'] ?? ''), deltaLink]) {
      const url = new URL(link);
      expect(`${url.origin}${url.pathname}`).toBe(deltaUrl(s, list));
      expect([...url.searchParams.keys()]).toEqual(['token']);
    }
    const first = pages[0]?.value[0];
    expect(first?.fields).toEqual({ '@odata.etag': first?.eTag, Title: 'Action 1', Ref: '1' });
    expect(first?.eTag).toMatch(/^"[0-9a-f-]+,1"$/);
    expect(first?.lastModifiedDateTime).toBeTypeOf('string');
  });

  it('counts 2 resource units for the first page and 1 for each page read with a token', async () => {
    const s = await start({ budget: { unitsPerWindow: 1000, windowMs: 60_000 } });
    const list = actionsList(s);
    s.site.seedItems(list, Array.from({ length: 50 }, (_, i) => ({ Title: `A${i}` })));
    const { pages } = await readAll(deltaUrl(s, list, '?$top=10'));
    expect(pages).toHaveLength(5);
    expect(s.budget?.charged).toBe(2 + 4);
  });

  it('refuses delta to an app the site does not grant read, as the items themselves', async () => {
    const s = await start({ siteGrants: [] });
    const list = actionsList(s);
    const answer = await call(deltaUrl(s, list));
    expect(answer.status).toBe(403);
    expect(graphError.parse(answer.body).error.code).toBe('accessDenied');
    s.grants.push({ id: 'g', appId: TEST_APP_ID, displayName: 'Action plans', roles: ['read'] });
    expect((await call(deltaUrl(s, list))).status).toBe(200);
  });
});

describe('listItem delta: what changed since the deltaLink', () => {
  it('returns an item edited twice in SharePoint by a person once, in its latest state, with that person as its editor', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, [{ Title: 'One', Rag: 'Red' }, { Title: 'Two', Rag: 'Red' }, { Title: 'Three', Rag: 'Red' }]);
    const { deltaLink } = await readAll(deltaUrl(s, list, '?$expand=fields($select=Title,Rag,EditorLookupId,Editor)'));

    const manager = s.asSharePointUser(dawn);
    manager.updateItem('Actions', 2, { Rag: 'Amber' });
    manager.updateItem(list, '2', { Rag: 'Green' });
    const created = manager.createItem('Actions', { Title: 'Four', Rag: 'Red' });

    const changes = await page(deltaLink);
    expect(changes.value.map((i) => i.id)).toEqual(['2', String(created.id)]);
    const two = changes.value[0];
    expect(two?.fields).toMatchObject({ Title: 'Two', Rag: 'Green' });
    // The eTag moved on as with two PATCHes: version 3.
    expect(two?.eTag).toBe(`"${list.items.get(2)?.guid},3"`);
    // Who changed it is in its fields: Modified By's site user id, and the person when selected by name.
    const siteUser = s.site.users.ensurePerson(dawn);
    expect(two?.fields?.EditorLookupId).toBe(String(siteUser.Id));
    expect(two?.fields?.Editor).toEqual({ LookupId: siteUser.Id, LookupValue: 'Dawn Porter', Email: 'dawn.porter@glos.example' });
    // Delta items carry createdBy, not lastModifiedBy (listitem-delta's examples; Microsoft Q&A 5768708).
    expect(two?.lastModifiedBy).toBeUndefined();
    expect(two?.createdBy).toEqual({ user: { displayName: 'System Account' } });
    expect(changes.value[1]?.createdBy).toEqual({ user: { email: 'dawn.porter@glos.example', id: dawn.id, displayName: 'Dawn Porter' } });
    expect(changes['@odata.deltaLink']).toBeDefined();

    // The item itself names the person as lastModifiedBy (listitem-get).
    const item = listItemSchema.parse((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/2`)).body);
    expect(item.lastModifiedBy).toEqual({ user: { email: 'dawn.porter@glos.example', id: dawn.id, displayName: 'Dawn Porter' } });
    // SharePoint REST resolves the site user id to the person.
    const user = await call(`${s.siteUrl}/_api/web/getuserbyid(${siteUser.Id})`, appToken('sharepoint'));
    expect(user.body).toMatchObject({ d: { Id: siteUser.Id, Title: 'Dawn Porter', Email: 'dawn.porter@glos.example' } });

    // Nothing changed since: an empty page and a new deltaLink.
    const quiet = await page(changes['@odata.deltaLink'] ?? '');
    expect(quiet.value).toEqual([]);
    expect(quiet['@odata.deltaLink']).toBeDefined();
  });

  it('tells the app’s own writes from a person’s: app-only writes are the SharePoint App with the application beside it', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, [{ Title: 'One' }]);
    const latest = deltaPageSchema.parse((await call(deltaUrl(s, list, '?token=latest&$expand=fields($select=EditorLookupId)'))).body);

    const patched = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/1/fields`, appToken('graph'), 'PATCH', { Title: 'One, by the app' });
    expect(patched.status).toBe(200);
    const changes = await page(latest['@odata.deltaLink'] ?? '');
    expect(changes.value.map((i) => i.fields?.EditorLookupId)).toEqual([String(SHAREPOINT_APP_USER_ID)]);
    const item = listItemSchema.parse((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/1`)).body);
    expect(item.lastModifiedBy).toEqual({ application: { id: TEST_APP_ID, displayName: 'Action plans' }, user: { displayName: 'SharePoint App' } });
  });

  it('records a delegated write as the signed-in person of the token', async () => {
    const s = await start();
    const list = actionsList(s);
    const jane = s.directory.users.find((u) => u.displayName === 'Jane Price');
    if (!jane) throw new Error('seed directory has Jane Price');
    const token = mintToken({ kind: 'delegated', audience: 'graph', appId: TEST_APP_ID, scopes: ['Sites.ReadWrite.All'], userId: jane.id, siteRole: 'write' });
    const created = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items`, token, 'POST', { fields: { Title: 'Hers' } });
    expect(created.status).toBe(201);
    expect(listItemSchema.parse(created.body).lastModifiedBy).toEqual({ user: { email: jane.mail, id: jane.id, displayName: 'Jane Price' } });
  });

  it('reports a deleted item as its id with deleted.state, without fields, whoever deleted it', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, [{ Title: 'One' }, { Title: 'Two' }, { Title: 'Three' }]);
    const { deltaLink } = await readAll(deltaUrl(s, list, '?$expand=fields'));

    s.asSharePointUser(dawn).deleteItem('Actions', 1);
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items/3`, appToken('graph'), 'DELETE')).status).toBe(204);
    s.asSharePointUser(dawn).updateItem('Actions', 2, { Title: 'Two again' });

    const changes = await page(deltaLink);
    expect(changes.value).toEqual([
      { id: '1', parentReference: { siteId: s.siteId }, deleted: { state: 'deleted' } },
      { id: '3', parentReference: { siteId: s.siteId }, deleted: { state: 'deleted' } },
      expect.objectContaining({ id: '2', fields: expect.objectContaining({ Title: 'Two again' }) }),
    ]);
    // A fresh first read has only what is left.
    const { pages } = await readAll(deltaUrl(s, list));
    expect(pages.flatMap((p) => p.value.map((i) => i.id))).toEqual(['2']);
  });

  it('pages the changes too, and an item changed while pages are read comes again later in its latest state', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, Array.from({ length: 10 }, (_, i) => ({ Title: `A${i + 1}` })));
    const { deltaLink } = await readAll(deltaUrl(s, list, '?$expand=fields($select=Title)&$top=4'));
    const editor = s.asSharePointUser(dawn);
    for (let id = 1; id <= 10; id += 1) editor.updateItem('Actions', id, { Title: `B${id}` });

    const first = await page(deltaLink);
    expect(first.value.map((i) => i.id)).toEqual(['1', '2', '3', '4']);
    editor.updateItem('Actions', 2, { Title: 'C2' });
    const { pages, deltaLink: next } = await readAll(first['@odata.nextLink'] ?? '');
    const later = pages.flatMap((p) => p.value);
    expect(later.map((i) => i.id)).toEqual(['5', '6', '7', '8', '9', '10', '2']);
    expect(later.at(-1)?.fields?.Title).toBe('C2');
    expect((await page(next)).value).toEqual([]);
  });

  it('answers token=latest with no items and a deltaLink from which only later changes come', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, [{ Title: 'Old one' }, { Title: 'Old two' }]);
    const latest = await call(deltaUrl(s, list, '?token=latest&$expand=fields($select=Title)'));
    expect(latest.status).toBe(200);
    const body = deltaPageSchema.parse(latest.body);
    expect(body.value).toEqual([]);
    expect(body['@odata.nextLink']).toBeUndefined();
    expect((await page(body['@odata.deltaLink'] ?? '')).value).toEqual([]);

    s.asSharePointUser(dawn).createItem('Actions', { Title: 'New' });
    const changes = await page(body['@odata.deltaLink'] ?? '');
    expect(changes.value.map((i) => i.fields?.Title)).toEqual(['New']);
  });
});

describe('listItem delta: tokens that can no longer be served', () => {
  it('answers a token older than the retention window 410 Gone with resyncChangesApplyDifferences and a Location that starts again', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, [{ Title: 'One' }, { Title: 'Two' }]);
    const { deltaLink } = await readAll(deltaUrl(s, list, '?$expand=fields($select=Title)'));
    s.asSharePointUser(dawn).updateItem('Actions', 1, { Title: 'One, later' });

    let clock = Date.now();
    s.deltaTokens.now = () => clock;
    s.deltaTokens.retentionMs = 60_000;
    clock += 59_000;
    expect((await call(deltaLink)).status).toBe(200);
    clock += 2_000;
    const gone = await call(deltaLink);
    expect(gone.status).toBe(410);
    const error = graphError.parse(gone.body).error;
    expect(error.code).toBe('resyncChangesApplyDifferences');
    expect(error.message).toContain('Resync required');

    // The Location header is a nextLink that starts a fresh enumeration, with the same options.
    const location = gone.headers.get('location');
    expect(location).toMatch(new RegExp(`^${deltaUrl(s, list).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?token=`));
    const { pages, deltaLink: again } = await readAll(location ?? '');
    expect(pages.flatMap((p) => p.value.map((i) => i.fields?.Title))).toEqual(['One, later', 'Two']);
    expect((await page(again)).value).toEqual([]);
  });

  it('answers 410 for every token of a list once a test invalidates them, with the code it chooses, and leaves other lists be', async () => {
    const s = await start();
    const list = actionsList(s);
    const other = s.site.createList({ displayName: 'Updates', columns: [] });
    const { deltaLink } = await readAll(deltaUrl(s, list));
    const { deltaLink: otherLink } = await readAll(deltaUrl(s, other));

    s.deltaTokens.invalidate({ list, code: 'resyncChangesUploadDifferences' });
    const gone = await call(deltaLink);
    expect(gone.status).toBe(410);
    expect(graphError.parse(gone.body).error.code).toBe('resyncChangesUploadDifferences');
    expect((await call(otherLink)).status).toBe(200);
    // Starting again without a token works at once.
    expect((await call(deltaUrl(s, list))).status).toBe(200);
  });

  it('refuses a token that is not one of its own with 400, not 410', async () => {
    const s = await start();
    const list = actionsList(s);
    const other = s.site.createList({ displayName: 'Updates', columns: [] });
    const bad = await call(deltaUrl(s, list, '?token=not-a-token'));
    expect(bad.status).toBe(400);
    const { deltaLink } = await readAll(deltaUrl(s, other));
    const token = new URL(deltaLink).searchParams.get('token') ?? '';
    expect((await call(deltaUrl(s, list, `?token=${token}`))).status).toBe(400);
  });
});

describe('listItem delta: transient faults', () => {
  it('fails the second page once with 503 and Retry-After; the same nextLink then answers the same page', async () => {
    const s = await start();
    const list = actionsList(s);
    s.site.seedItems(list, Array.from({ length: 30 }, (_, i) => ({ Title: `A${i + 1}` })));
    s.faults.failNextWhere(1, { status: 503, retryAfterSeconds: 2 }, isDeltaRequest, { after: 1 });

    const first = await page(deltaUrl(s, list, '?$top=10'));
    const next = first['@odata.nextLink'] ?? '';
    const failed = await call(next);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    expect(graphError.parse(failed.body).error.code).toBe('serviceNotAvailable');

    const retried = await page(next);
    expect(retried.value.map((i) => i.id)).toEqual(['11', '12', '13', '14', '15', '16', '17', '18', '19', '20']);
  });

  it('throttles a delta page with 429 and leaves other requests alone', async () => {
    const s = await start();
    const list = actionsList(s);
    s.faults.failNextWhere(2, { status: 429, retryAfterSeconds: 1 }, isDeltaRequest);
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items`)).status).toBe(200);
    const throttled = await call(deltaUrl(s, list));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(graphError.parse(throttled.body).error.code).toBe('activityLimitReached');
    expect((await call(deltaUrl(s, list))).status).toBe(429);
    expect((await call(deltaUrl(s, list))).status).toBe(200);
  });
});
