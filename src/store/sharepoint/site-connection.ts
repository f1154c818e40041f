import { createAppTokenProvider, type AppTokenProvider } from '../../auth/app-token-provider.js';
import type { MsalClientOptions } from '../../auth/msal-client.js';
import { createGraphHttp, type GraphHttp, type GraphHttpOptions } from '../../graph/graph-http.js';
import { ResourceUnitPacer } from '../../graph/resource-unit-pacer.js';
import { resolveSite } from './provisioning.js';
import type { SharePointConfig } from './sharepoint-config.js';
import { siteArgument } from './sharepoint-config.js';
import { findPlanLists, SiteLists, type PlanSiteIds } from './site-lists.js';

/**
 * The app's own way into the plan site: client-credential tokens (Sites.Selected on the one site),
 * one resource-unit pacer for the process, and the HTTP pipeline of src/graph. The site is found
 * once (api/site-getbypath: GET /sites/{hostname}:/{server-relative-path}, or api/site-get by id)
 * and its lists once; callers keep the ids instead of discovering them per request.
 */

/** SharePoint gives decorated traffic priority over undecorated (how-to-avoid-getting-throttled...). */
export const PLAN_USER_AGENT = 'NONISV|SafeguardingPartnership|PlanApp/0.1';

export interface ConnectionOptions {
  /** A token source other than the tenant's (tests); default the app-only provider of src/auth. */
  tokens?: AppTokenProvider;
  /** Passed to MSAL (tests answer Entra ID locally through networkClient). */
  msal?: MsalClientOptions;
  /** Pacing, retries and request events, for tests and the bench. */
  http?: Partial<Pick<GraphHttpOptions, 'clock' | 'random' | 'retry' | 'onRequest'>>;
  pacer?: ResourceUnitPacer;
}

export interface AppConnection {
  http: GraphHttp;
  pacer: ResourceUnitPacer;
  tokens: AppTokenProvider;
}

/** The pipeline with app-only tokens and the configured budget; nothing is sent yet. */
export function appConnection(config: SharePointConfig, options: ConnectionOptions = {}): AppConnection {
  const tokens = options.tokens ?? createAppTokenProvider(config.auth, { authorityHost: config.authorityHost, ...options.msal });
  const pacer = options.pacer ?? new ResourceUnitPacer({ budget: config.resourceUnitsPerMinute, ...(options.http?.clock && { clock: options.http.clock }) });
  const http = createGraphHttp({
    getToken: (audience) => tokens.getToken(audience),
    graphBaseUrl: config.graphBaseUrl,
    pacer,
    userAgent: PLAN_USER_AGENT,
    ...options.http,
  });
  return { http, pacer, tokens };
}

export interface PlanSite extends AppConnection {
  siteId: string;
  siteUrl: string;
}

/** Finds the configured site (one request). */
export async function connectToSite(config: SharePointConfig, options: ConnectionOptions = {}): Promise<PlanSite> {
  const connection = appConnection(config, options);
  const site = await resolveSite(connection.http, siteArgument(config.site));
  return { ...connection, siteId: site.id, siteUrl: site.webUrl };
}

/** The plan lists of a connected site (one request); fails naming `plan provision` when they are missing. */
export async function openSiteLists(site: PlanSite, pageSize = 999): Promise<{ ids: PlanSiteIds; lists: SiteLists }> {
  const ids = await findPlanLists(site.http, site.siteId);
  return { ids, lists: new SiteLists(site.http, ids, pageSize) };
}
