import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startGraphTestServer, type GraphTestServer, type GraphTestServerOptions } from './graph-test-server.js';
import { callGraph as call } from './graph-call.js';
import { appToken, mintToken, TEST_APP_ID, type SiteRole } from './permissions.js';

/**
 * The local Graph and SharePoint tell the truth about permissions, audiences, hidden lists and
 * $orderby, so that a product needing more than it is granted fails here as in a tenant.
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

const grantedOnly = (...roles: SiteRole[]): GraphTestServerOptions => ({ siteGrants: [{ appId: TEST_APP_ID, roles }] });

const graphError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const listsBody = z.object({ value: z.array(z.object({ id: z.string().optional(), displayName: z.string().optional(), system: z.object({}).optional() }).loose()) });

const newList = { displayName: 'Risks', columns: [], list: { template: 'genericList' } };

describe('the local Graph: an app with Sites.Selected reaches what the site grants it, no more', () => {
  it('refuses an app without a grant on the site with 403 accessDenied, in Graph’s error format', async () => {
    const s = await start({ siteGrants: [] });
    const answer = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, appToken('graph'));
    expect(answer.status).toBe(403);
    expect(graphError.parse(answer.body).error.code).toBe('accessDenied');
  });

  it('lets write read and write items but not create a list or a column (manage)', async () => {
    const s = await start(grantedOnly('write'));
    const token = appToken('graph');
    const list = s.site.createList({ displayName: 'Notes', columns: [] });
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items`, token, 'POST', { fields: { Title: 'one' } })).status).toBe(201);
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items`, token)).status).toBe(200);

    const create = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, token, 'POST', newList);
    expect(create.status).toBe(403);
    expect(graphError.parse(create.body).error).toMatchObject({ code: 'accessDenied' });
    const column = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/columns`, token, 'POST', { name: 'Owner', text: {} });
    expect(column.status).toBe(403);
    const index = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/columns/Title`, token, 'PATCH', { indexed: true });
    expect(index.status).toBe(403);
    expect(s.site.lists.size).toBe(1);
  });

  it('lets read read and nothing else', async () => {
    const s = await start(grantedOnly('read'));
    const list = s.site.createList({ displayName: 'Notes', columns: [] });
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items`, appToken('graph'))).status).toBe(200);
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items`, appToken('graph'), 'POST', { fields: { Title: 'x' } })).status).toBe(403);
  });

  it('lets manage (and fullcontrol) create lists and columns', async () => {
    for (const role of ['manage', 'fullcontrol'] as const) {
      const s = await start(grantedOnly(role));
      expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, appToken('graph'), 'POST', newList)).status).toBe(201);
      await s.close();
      server = null;
    }
  });

  it('applies a tenant-wide Sites.* role to every site, whatever the grants', async () => {
    const s = await start({ siteGrants: [] });
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, appToken('graph', ['Sites.ReadWrite.All']), 'POST', newList)).status).toBe(403);
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, appToken('graph', ['Sites.Manage.All']), 'POST', newList)).status).toBe(201);
  });

  it('grants through POST /sites/{id}/permissions, which needs Sites.FullControl.All, and PATCH changes the role', async () => {
    const s = await start({ siteGrants: [] });
    const grant = { roles: ['write'], grantedToIdentities: [{ application: { id: TEST_APP_ID, displayName: 'Action plans' } }] };
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/permissions`, appToken('graph'), 'POST', grant)).status).toBe(403);

    const admin = appToken('graph', ['Sites.FullControl.All'], 'c0ffee00-0000-4000-8000-000000000001');
    const created = await call(`${s.graphBaseUrl}/sites/${s.siteId}/permissions`, admin, 'POST', grant);
    expect(created.status).toBe(201);
    const permission = z.object({ id: z.string(), roles: z.array(z.string()) }).parse(created.body);
    expect(permission.roles).toEqual(['write']);
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, appToken('graph'), 'POST', newList)).status).toBe(403);

    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/permissions/${permission.id}`, admin, 'PATCH', { roles: ['manage'] })).status).toBe(200);
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, appToken('graph'), 'POST', newList)).status).toBe(201);
  });

  it('gives a delegated token no more than the person may do on the site', async () => {
    const s = await start();
    const list = s.site.createList({ displayName: 'Notes', columns: [] });
    const person = (siteRole: SiteRole | null): string =>
      mintToken({ kind: 'delegated', audience: 'graph', appId: TEST_APP_ID, scopes: ['Sites.ReadWrite.All', 'User.Read'], userId: 'u1', siteRole });
    const items = `${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items`;
    expect((await call(items, person('read'), 'POST', { fields: { Title: 'x' } })).status).toBe(403);
    expect((await call(items, person('read'))).status).toBe(200);
    expect((await call(items, person(null))).status).toBe(403);
    expect((await call(items, person('write'), 'POST', { fields: { Title: 'x' } })).status).toBe(201);
    // Sites.ReadWrite.All (delegated) never creates lists, even for a site owner.
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists`, person('fullcontrol'), 'POST', newList)).status).toBe(403);
  });

  it("answers a person's effective permissions on a list as SharePoint REST does: a reader without EditListItems, a member with it", async () => {
    const s = await start();
    const list = s.site.createList({ displayName: 'Actions', columns: [] });
    const person = (siteRole: SiteRole | null, scopes = ['AllSites.Write']): string =>
      mintToken({ kind: 'delegated', audience: 'sharepoint', appId: TEST_APP_ID, scopes, userId: 'u1', siteRole });
    const url = `${s.siteUrl}/_api/web/lists(guid'${list.id}')/EffectiveBasePermissions`;
    const permissions = z.object({ d: z.object({ EffectiveBasePermissions: z.object({ High: z.string(), Low: z.string() }) }) });
    const low = async (token: string): Promise<number> => Number(permissions.parse((await call(url, token)).body).d.EffectiveBasePermissions.Low);
    const VIEW_LIST_ITEMS = 0x1;
    const EDIT_LIST_ITEMS = 0x4;
    expect((await low(person('read'))) & (VIEW_LIST_ITEMS | EDIT_LIST_ITEMS)).toBe(VIEW_LIST_ITEMS);
    expect((await low(person('write'))) & EDIT_LIST_ITEMS).toBe(EDIT_LIST_ITEMS);
    // A delegated token is capped by its scope: AllSites.Read answers read even for a member.
    expect((await low(person('write', ['AllSites.Read']))) & EDIT_LIST_ITEMS).toBe(0);
    // Someone the site was never shared with cannot ask at all.
    expect((await call(url, person(null))).status).toBe(403);
    // Graph's token is not SharePoint's.
    expect((await call(url, mintToken({ kind: 'delegated', audience: 'graph', appId: TEST_APP_ID, scopes: ['Sites.ReadWrite.All'], userId: 'u1', siteRole: 'write' }))).status).toBe(401);
  });

  it('refuses directory searches to an app without User.Read.All or GroupMember.Read.All', async () => {
    const s = await start();
    const answer = await call(`${s.graphBaseUrl}/users?$search="displayName:jane"`, appToken('graph', ['Sites.Selected']));
    expect(answer.status).toBe(403);
    expect(graphError.parse(answer.body).error.code).toBe('Authorization_RequestDenied');
  });
});

describe('the local Graph and SharePoint keep their tokens apart', () => {
  it('serves SharePoint REST on the tenant’s own origin, not Graph’s', async () => {
    const s = await start();
    expect(new URL(s.siteUrl).origin).toBe(s.sharePointOrigin);
    expect(s.sharePointOrigin).not.toBe(s.origin);
  });

  it('refuses a Graph token on /_api/ with 401, as SharePoint does (Invalid audience Uri)', async () => {
    const s = await start();
    s.site.createList({ displayName: 'Actions', columns: [] });
    const answer = await call(`${s.siteUrl}/_api/web/lists/getbytitle('Actions')/views`, appToken('graph'));
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-ms-diagnostics')).toContain("Invalid audience Uri 'https://graph.microsoft.com'");
    expect(z.object({ error_description: z.string() }).parse(answer.body).error_description).toContain('AudienceUriValidationFailedException');
    expect((await call(`${s.siteUrl}/_api/web/lists/getbytitle('Actions')/views`, appToken('sharepoint'))).status).toBe(200);
  });

  it('refuses a SharePoint token on Graph with 401 InvalidAuthenticationToken', async () => {
    const s = await start();
    const answer = await call(`${s.graphBaseUrl}/sites/${s.siteId}`, appToken('sharepoint'));
    expect(answer.status).toBe(401);
    expect(graphError.parse(answer.body).error).toEqual({ code: 'InvalidAuthenticationToken', message: 'Access token validation failure. Invalid audience.' });
  });

  it('refuses an app-only token got with a client secret on SharePoint REST: "Unsupported app only token"', async () => {
    const s = await start();
    s.site.createList({ displayName: 'Actions', columns: [] });
    const secret = mintToken({ kind: 'app', audience: 'sharepoint', appId: TEST_APP_ID, roles: ['Sites.Selected'], credential: 'secret' });
    const answer = await call(`${s.siteUrl}/_api/web/lists/getbytitle('Actions')/views`, secret);
    expect(answer).toMatchObject({ status: 401, body: { error_description: 'Unsupported app only token.' } });
  });

  it('refuses creating a view to write and allows it to manage, with SharePoint’s own 403', async () => {
    const s = await start(grantedOnly('write'));
    s.site.createList({ displayName: 'Actions', columns: [] });
    const views = `${s.siteUrl}/_api/web/lists/getbytitle('Actions')/views`;
    expect((await call(views, appToken('sharepoint'))).status).toBe(200);
    const refused = await call(views, appToken('sharepoint'), 'POST', { Title: 'Mine', ViewQuery: '' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: { code: '-2147024891, System.UnauthorizedAccessException', message: { lang: 'en-US', value: expect.stringContaining('Access denied') } } });
    s.grants[0]!.roles = ['manage'];
    expect((await call(views, appToken('sharepoint'), 'POST', { Title: 'Mine', ViewQuery: '' })).status).toBe(201);
  });
});

describe('the local Graph hides system lists and ignores $orderby on items', () => {
  it('leaves a hidden list out of GET /lists unless $select names system, and shows its system facet then', async () => {
    const s = await start();
    s.site.createList({ displayName: 'Plans', columns: [] });
    const hidden = s.site.createList({ displayName: 'Plan bot conversations', columns: [], list: { hidden: true } });
    const names = async (query: string): Promise<(string | undefined)[]> =>
      listsBody.parse((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists${query}`, appToken('graph'))).body).value.map((l) => l.displayName);
    expect(await names('')).toEqual(['Plans']);
    expect(await names('?$select=id,displayName')).toEqual(['Plans']);
    expect(await names('?$select=id,displayName,system')).toEqual(['Plans', 'Plan bot conversations']);
    const selected = listsBody.parse((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists?$select=id,displayName,system`, appToken('graph'))).body).value;
    expect(selected.map((l) => l.system !== undefined)).toEqual([false, true]);
    // Asked for by id, a system list is there.
    expect((await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${hidden.id}`, appToken('graph'))).status).toBe(200);
  });

  it('returns items in id order whatever $orderby asks', async () => {
    const s = await start();
    const list = s.site.createList({ displayName: 'Notes', columns: [{ name: 'Day', text: {}, indexed: true }] });
    s.site.seedItems(list, [{ Day: '2013-02' }, { Day: '2013-09' }, { Day: '2013-05' }]);
    const read = async (orderby: string): Promise<unknown[]> => {
      const answer = await call(`${s.graphBaseUrl}/sites/${s.siteId}/lists/${list.id}/items?$expand=fields($select=Day)&$orderby=${encodeURIComponent(orderby)}`, appToken('graph'));
      return z.object({ value: z.array(z.object({ fields: z.object({ Day: z.string() }) })) }).parse(answer.body).value.map((i) => i.fields.Day);
    };
    expect(await read('fields/Day desc')).toEqual(['2013-02', '2013-09', '2013-05']);
    expect(await read('fields/Day asc')).toEqual(['2013-02', '2013-09', '2013-05']);
  });
});
