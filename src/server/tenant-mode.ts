import { GUID } from '../plan/guid.js';
import { SettingsError } from '../config/settings-error.js';
import { createMsalClient, type MsalClientOptions } from '../auth/msal-client.js';
import { createOnBehalfOfExchange } from '../auth/on-behalf-of.js';
import { createSsoTokenValidator, type SsoTokenValidatorOptions } from '../auth/sso-token-validator.js';
import { createGraphHttp } from '../graph/graph-http.js';
import { GraphPlanStore } from '../store/sharepoint/graph-plan-store.js';
import { ListEditSync } from '../store/sharepoint/list-edit-sync.js';
import { renewSubscriptions, subscribeToPlanLists, type SubscriptionOutcome } from '../store/sharepoint/list-subscriptions.js';
import { SiteLists } from '../store/sharepoint/site-lists.js';
import { dateIn } from '../config/today.js';
import { describeSharePointConfig, type SharePointConfig } from '../store/sharepoint/sharepoint-config.js';
import { connectToSite, PLAN_USER_AGENT, type ConnectionOptions } from '../store/sharepoint/site-connection.js';
import { listEditPermission } from './edit-permission.js';
import { createTenantApi, type TenantApi } from './request-identity.js';

/**
 * The server with PLAN_STORE=sharepoint: the app's own store (app-only tokens) for the bot and the
 * reminder sweep, and for the tab's API a store per request with the signed-in person's delegated
 * token. The site and its lists are found once, here; each request's store reuses their ids.
 */
export interface TenantMode {
  /** App-only: the bot, reminders, health. */
  store: GraphPlanStore;
  api: TenantApi;
  description: string;
  /** Edits made straight in the lists, brought into the plan's record (app-only). */
  editSync: ListEditSync;
  /** Asks Graph to notify `notificationUrl` of changes to the plan lists. */
  subscribe(notificationUrl: string, clientState: string, now: Date): Promise<SubscriptionOutcome>;
  renew(subscriptionIds: readonly string[], now: Date): Promise<boolean>;
}

export interface TenantModeOptions {
  /** Tests answer Entra ID locally (token endpoint through networkClient). */
  msal?: MsalClientOptions;
  connection?: ConnectionOptions;
  /** Tests give the signing keys instead of the tenant's published JWKS. */
  sso?: Partial<Pick<SsoTokenValidatorOptions, 'getKey' | 'jwksUrl' | 'now'>>;
}


export async function openTenantMode(config: SharePointConfig, options: TenantModeOptions = {}): Promise<TenantMode> {
  const { auth } = config;
  if (!GUID.test(auth.tenantId)) {
    throw new SettingsError('GRAPH_TENANT_ID', 'must be the tenant GUID (Directory (tenant) ID) to serve the tab: Teams SSO tokens name their tenant by GUID');
  }
  const validator = createSsoTokenValidator({
    tenantId: auth.tenantId,
    clientId: auth.clientId,
    ...(auth.tabAppIdUri !== undefined && { appIdUri: auth.tabAppIdUri }),
    jwksUrl: `${config.authorityHost}/${auth.tenantId}/discovery/v2.0/keys`,
    ...options.sso,
  });
  const exchange = createOnBehalfOfExchange(auth, { authorityHost: config.authorityHost, ...options.msal });
  const site = await connectToSite(config, { ...(options.msal && { msal: options.msal }), ...options.connection });
  const store = await GraphPlanStore.open({ http: site.http, siteId: site.siteId });
  const ids = store.siteIds();
  const delegatedHttp = (getToken: () => Promise<string>) =>
    createGraphHttp({
      getToken,
      graphBaseUrl: config.graphBaseUrl,
      // One budget for the whole process: people's requests and the app's come out of the same minute.
      pacer: site.pacer,
      userAgent: PLAN_USER_AGENT,
      ...options.connection?.http,
    });
  // SharePoint REST takes a token for the SharePoint tenant only: a second on-behalf-of exchange of
  // the same SSO token. AllSites.Write, the same reach as Graph's delegated Sites.ReadWrite.All: a
  // delegated token is capped by its scope, so a read scope would answer "read" for everyone.
  const sharePoint = createMsalClient(auth, { authorityHost: config.authorityHost, ...options.msal });
  const sharePointScope = `${new URL(site.siteUrl).origin}/AllSites.Write`;
  const actionsListId = ids.lists.get('actions');
  const api = createTenantApi({
    validator,
    exchange,
    storeFor: (graphToken) => GraphPlanStore.overLists(delegatedHttp(async () => graphToken), ids),
    ...(actionsListId !== undefined && {
      editPermission: listEditPermission({
        siteUrl: site.siteUrl,
        actionsListId,
        httpFor: (token) => delegatedHttp(async () => token),
        sharePointToken: async (ssoToken) => {
          const result = await sharePoint.app.acquireTokenOnBehalfOf({ oboAssertion: ssoToken, scopes: [sharePointScope], authority: `${sharePoint.authorityHost}/${auth.tenantId}` });
          if (!result?.accessToken) throw new Error('Entra ID returned no SharePoint token');
          return result.accessToken;
        },
      }),
    }),
  });
  const editSync = new ListEditSync(new SiteLists(site.http, ids, 999), {
    siteUrl: async () => site.siteUrl,
    timeZoneOf: async (planId) => (await store.getPlan(planId))?.timeZone ?? null,
    dayIn: dateIn,
  });
  return {
    store,
    api,
    description: describeSharePointConfig(config),
    editSync,
    subscribe: (notificationUrl, clientState, now) => subscribeToPlanLists(site.http, ids, { notificationUrl, clientState, now }),
    renew: (subscriptionIds, now) => renewSubscriptions(site.http, subscriptionIds, now),
  };
}
