import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRAPH_BASE_URL,
  describeSharePointConfig,
  parseSiteRef,
  readSharePointConfig,
} from '../../src/store/sharepoint/sharepoint-config.js';
import { readSettings } from '../../src/app/settings.js';

const storeOf = (env: NodeJS.ProcessEnv) => readSettings(env).store;

const TENANT = {
  GRAPH_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  GRAPH_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  GRAPH_CLIENT_SECRET: 'the-secret-value',
};
const SITE = 'https://contoso.sharepoint.com/sites/board';
const SITE_ID = 'contoso.sharepoint.com,2c8a0b1e-1111-4f5e-9c1d-0a1b2c3d4e5f,8d7e6f5a-2222-4b3c-8d9e-0f1e2d3c4b5a';

describe('SharePoint configuration', () => {
  it('keeps SQLite the store when PLAN_STORE is not set, whatever else is', () => {
    expect(storeOf({})).toEqual({ kind: 'sqlite' });
    expect(storeOf({ ...TENANT, SHAREPOINT_SITE: SITE })).toEqual({ kind: 'sqlite' });
    expect(storeOf({ PLAN_STORE: 'sqlite' })).toEqual({ kind: 'sqlite' });
  });

  it('reads a SharePoint store with Graph v1.0 and the smallest budget by default', () => {
    const choice = storeOf({ ...TENANT, PLAN_STORE: 'sharepoint', SHAREPOINT_SITE: SITE });
    expect(choice).toMatchObject({
      kind: 'sharepoint',
      sharepoint: {
        site: { kind: 'url', url: SITE, hostname: 'contoso.sharepoint.com', path: '/sites/board' },
        graphBaseUrl: DEFAULT_GRAPH_BASE_URL,
        authorityHost: 'https://login.microsoftonline.com',
        resourceUnitsPerMinute: 1250,
        auth: { tenantId: TENANT.GRAPH_TENANT_ID, clientId: TENANT.GRAPH_CLIENT_ID },
      },
    });
  });

  it('takes the site by its Graph id too', () => {
    expect(parseSiteRef(SITE_ID)).toEqual({ kind: 'id', id: SITE_ID });
  });

  it('cuts a pasted page or list address back to its site', () => {
    expect(parseSiteRef('https://contoso.sharepoint.com/sites/board/SitePages/Home.aspx')).toMatchObject({ url: SITE, path: '/sites/board' });
    expect(parseSiteRef('https://contoso.sharepoint.com/sites/board/Lists/Actions/AllItems.aspx')).toMatchObject({ url: SITE });
    expect(parseSiteRef('https://contoso.sharepoint.com/')).toMatchObject({ url: 'https://contoso.sharepoint.com', path: '' });
  });

  it('refuses anything but https for the site, Graph and the sign-in host, naming the variable', () => {
    expect(() => parseSiteRef('http://contoso.sharepoint.com/sites/board')).toThrow('configuration: SHAREPOINT_SITE must be an https URL');
    expect(() => readSharePointConfig({ ...TENANT, SHAREPOINT_SITE: SITE, GRAPH_BASE_URL: 'http://graph.example/v1.0' })).toThrow('configuration: GRAPH_BASE_URL must be an https URL');
    expect(() => readSharePointConfig({ ...TENANT, SHAREPOINT_SITE: SITE, GRAPH_AUTHORITY_HOST: 'https://login.example/tenant' })).toThrow(
      'configuration: GRAPH_AUTHORITY_HOST must be the host alone',
    );
  });

  it('says what a site must look like when it is neither a URL nor an id', () => {
    expect(() => readSharePointConfig({ ...TENANT, SHAREPOINT_SITE: 'board' })).toThrow(/SHAREPOINT_SITE must be the site URL \(https:\/\/contoso\.sharepoint\.com\/sites\/board\) or its Graph site id/);
  });

  it('lets --site win over SHAREPOINT_SITE, and names --site when it is the one that is wrong', () => {
    expect(readSharePointConfig({ ...TENANT, SHAREPOINT_SITE: SITE }, { site: SITE_ID }).site).toEqual({ kind: 'id', id: SITE_ID });
    expect(() => readSharePointConfig({ ...TENANT }, { site: 'ftp://x' })).toThrow('configuration: --site must be an https URL');
  });

  it('refuses an unknown store, an empty variable and a budget that is not a whole number of units', () => {
    expect(() => storeOf({ PLAN_STORE: 'dataverse' })).toThrow('configuration: PLAN_STORE must be sqlite or sharepoint, not "dataverse"');
    expect(() => storeOf({ PLAN_STORE: '' })).toThrow('configuration: PLAN_STORE is set but empty');
    expect(() => readSharePointConfig({ ...TENANT, SHAREPOINT_SITE: SITE, SHAREPOINT_RESOURCE_UNITS_PER_MINUTE: '10.5' })).toThrow(
      'configuration: SHAREPOINT_RESOURCE_UNITS_PER_MINUTE must be a whole number of resource units a minute',
    );
    expect(readSharePointConfig({ ...TENANT, SHAREPOINT_SITE: SITE, SHAREPOINT_RESOURCE_UNITS_PER_MINUTE: '6250' }).resourceUnitsPerMinute).toBe(6250);
  });

  it('needs a site and the tenant for SharePoint, saying why', () => {
    expect(() => storeOf({ ...TENANT, PLAN_STORE: 'sharepoint' })).toThrow(/configuration: SHAREPOINT_SITE is not set: .* \(PLAN_STORE=sharepoint\)/);
    expect(() => storeOf({ PLAN_STORE: 'sharepoint', SHAREPOINT_SITE: SITE })).toThrow(/configuration: GRAPH_TENANT_ID is not set: SharePoint is reached with the app registration/);
    // A half-configured tenant is the auth configuration's error, by name.
    expect(() => storeOf({ PLAN_STORE: 'sharepoint', SHAREPOINT_SITE: SITE, GRAPH_TENANT_ID: TENANT.GRAPH_TENANT_ID })).toThrow(/configuration: GRAPH_CLIENT_ID is not set/);
  });

  it('describes itself for the log in one line without the secret', () => {
    const line = describeSharePointConfig(readSharePointConfig({ ...TENANT, SHAREPOINT_SITE: SITE, GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0' }));
    expect(line).toBe(
      `store SharePoint ${SITE} through https://graph.microsoft.us/v1.0; write budget 1250 resource units a minute; Entra ID tenant ${TENANT.GRAPH_TENANT_ID}, app ${TENANT.GRAPH_CLIENT_ID}, client secret (redacted); tab SSO not configured; bot not registered (channel authentication off)`,
    );
    expect(line).not.toContain(TENANT.GRAPH_CLIENT_SECRET);
  });
});
