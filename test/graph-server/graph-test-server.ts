import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { seededDirectory, type TestDirectory } from './directory.js';
import { SiteUserList, type SharePointPerson } from './site-user-list.js';
import { FaultPlan, type InjectedFault } from './fault-plan.js';
import { DeltaTokens, deltaPage } from './list-delta.js';
import { ListSubscriptions } from './list-subscriptions.js';
import type { InstalledApps } from './installed-apps.js';
import type { ActivityFeedService } from './activity-feed.js';
import type { MailService } from './mail.js';
import { filterFields, matches, parseExpandFields, parseFilter } from './odata-query.js';
import {
  DEFAULT_APP_ROLES as DEFAULT_ROLES,
  GRAPH_AUDIENCE,
  basePermissionsFor,
  siteAccess,
  TEST_APP_ID,
  newGrant,
  readMintedToken,
  requirePermission,
  requireSiteAccess,
  requireSitePermissionAdmin,
  type Audience,
  type SiteGrant,
  type SiteRole,
  type TokenClaims,
} from './permissions.js';
import { ResourceBudget, type BudgetOptions } from './resource-budget.js';
import { ServiceError, graphErrorBody, sharePointErrorBody } from './service-error.js';
import {
  SharePointSite,
  eTagOf,
  type Actor,
  type ColumnModel,
  type ItemModel,
  type ListModel,
  type RemovedItem,
  type ViewModel,
  type Writer,
} from './sharepoint-site.js';

/**
 * A local Microsoft Graph and a local SharePoint (REST, for views and ensureuser), each on
 * 127.0.0.1 and its own ephemeral port as graph.microsoft.com and {tenant}.sharepoint.com are two
 * hosts, reproducing the documented behaviours the SharePoint store relies on. Each behaviour names
 * the page it follows; the undocumented ones are those listed in ../shared/PLATFORM-LIMITS.md. Who
 * may do what follows permissions.ts: tokens name their resource and permissions, and the site's
 * grants decide what Sites.Selected reaches. Every item write and delete goes into the site's change
 * log with who made it (sharepoint-site.ts), which listItem delta reads (list-delta.ts) and Graph
 * subscriptions on lists are notified from (list-subscriptions.ts); asSharePointUser edits the site
 * as a person would in SharePoint itself.
 */

export interface GraphTestServerOptions {
  /** Page size when a request gives no $top. */
  defaultPageSize?: number;
  /** The server's own cap on a page, below any $top asked (the real maximum is undocumented). */
  maxPageSize?: number;
  budget?: BudgetOptions | null;
  /**
   * Replaces the permission model with the test's own verdict on each bearer token: accepted (and
   * then allowed everything), unknown (401) or without permission (403).
   */
  authorize?: (token: string, audience: Audience) => 'ok' | 'unauthenticated' | 'forbidden';
  /**
   * What each bearer token says (permissions.ts). Default: the claims of a minted token
   * (mintToken, appToken); any other non-empty token is taken as the default app's Graph token
   * (TEST_APP_ID with DEFAULT_APP_ROLES), so a harness with a fixed token reaches Graph but not
   * SharePoint REST.
   */
  identify?: (token: string) => TokenClaims | null;
  /** The apps granted a role on the site through Sites.Selected. Default: TEST_APP_ID with manage, enough to provision. */
  siteGrants?: readonly { appId: string; roles: readonly SiteRole[] }[];
  /** Entra ID users and groups for /users and /groups (default: the seed plans' people, directory.ts). */
  directory?: TestDirectory;
  /** Serve https with this certificate (PEM), as Graph does: for a CLI run in a child process that trusts it. */
  tls?: { cert: string; key: string };
  /** Teams app installations for users (/users/{id}/teamwork/installedApps), for the reminder bot. */
  installedApps?: InstalledApps;
  /** Teams' activity feed (/users/{id}/teamwork/sendActivityNotification), for reminders sent there. */
  activityFeed?: ActivityFeedService;
  /** Exchange Online's sendMail (/users/{mailbox}/sendMail), for reminders emailed to leads outside the tenant (mail.ts). */
  mail?: MailService;
  /** The tenant id change notifications carry (tenantId). */
  tenantId?: string;
}

/**
 * A person working on the site in SharePoint's own pages (not through the app): what they do is
 * written as they are, so delta and the items show them as the last to modify, the item's eTag and
 * version move on as with a PATCH, and subscriptions on the list are notified. `list` is a list id
 * or title.
 */
export interface SharePointUserEditor {
  createItem(list: string | ListModel, fields: Record<string, unknown>): ItemModel;
  updateItem(list: string | ListModel, itemId: number | string, fields: Record<string, unknown>): ItemModel;
  deleteItem(list: string | ListModel, itemId: number | string): void;
}

export interface LoggedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** For a $batch: how many requests it carried. */
  batchSize?: number;
  /** A further page of a collection, asked for by its @odata.nextLink ($skiptoken). */
  continued?: boolean;
  inner?: boolean;
}

export interface GraphTestServer {
  /** Graph's origin (graph.microsoft.com's stand-in). */
  origin: string;
  /** The SharePoint tenant's origin ({tenant}.sharepoint.com's stand-in), where the site and its REST API are. */
  sharePointOrigin: string;
  graphBaseUrl: string;
  siteId: string;
  siteUrl: string;
  site: SharePointSite;
  /** The site's app grants (api/resources/permission), changed by POST/PATCH/DELETE /sites/{id}/permissions or directly. */
  grants: SiteGrant[];
  directory: TestDirectory;
  faults: FaultPlan;
  /** Every top-level request and every request inside a batch (inner: true). */
  log: LoggedRequest[];
  budget: ResourceBudget | null;
  setBudget(options: BudgetOptions | null): void;
  /**
   * Which listItem delta tokens are still served: set `retentionMs` (default 60 days, SharePoint's
   * change-log retention) or call `invalidate()` to make old tokens answer 410 Gone; `resyncCode`
   * picks the code (list-delta.ts).
   */
  deltaTokens: DeltaTokens;
  /** Graph subscriptions on the site's lists, their notifications and test hooks (list-subscriptions.ts). */
  subscriptions: ListSubscriptions;
  /** The tenant id notifications carry. */
  tenantId: string;
  /** Edits the site as a named person would in SharePoint itself (Entra object id, display name, mail). */
  asSharePointUser(person: SharePointPerson): SharePointUserEditor;
  /** Top-level HTTP requests since the last reset. */
  requestCount(): number;
  resetLog(): void;
  close(): Promise<void>;
}

interface Incoming {
  /** null when the test's authorize replaced the permission model. */
  claims: TokenClaims | null;
  method: string;
  path: string;
  query: URLSearchParams;
  header(name: string): string | null;
  body: unknown;
  inner: boolean;
}

interface Outgoing {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
/** SharePoint REST's refusal text (System.UnauthorizedAccessException). */
const SHAREPOINT_ACCESS_DENIED = 'Access denied. You do not have permission to perform this action or access this resource.';
const SITE_ROLE_NAMES: readonly SiteRole[] = ['read', 'write', 'manage', 'fullcontrol'];
const USER_READ_PERMISSIONS = ['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const GROUP_READ_PERMISSIONS = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const TEAMS_INSTALLATION_PERMISSIONS = [
  'TeamsAppInstallation.ReadWriteSelfForUser.All',
  'TeamsAppInstallation.ReadWriteForUser.All',
  'TeamsAppInstallation.ReadWriteAndConsentSelfForUser.All',
  'TeamsAppInstallation.ReadWriteAndConsentForUser.All',
];
const HONOR_NON_INDEXED = 'HonorNonIndexedQueriesWarningMayFailRandomly';
const BUILT_IN_VIEW_FIELDS = new Set(['ID', 'Title', 'LinkTitle', 'Modified', 'Created', 'Author', 'Editor']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * What a request costs (how-to-avoid-getting-throttled...): 1 single-item read, 2 multi-item read or
 * write; "delta with a token" is 1, a delta without one (a full enumeration's first page) is a
 * multi-item query, 2.
 */
function costOf(method: string, path: string, query: URLSearchParams): number {
  if (method !== 'GET') return 2;
  if (/\/items\/(microsoft\.graph\.)?delta(\(\))?$/.test(path)) return query.has('token') ? 1 : 2;
  return /\/items\/\d+$/.test(path) || /^\/sites\/[^/]+$/.test(path) ? 1 : 2;
}

const DEFAULT_TENANT_ID = '5d2e7c1a-3f4b-4c8d-9e0f-a1b2c3d4e5f6';
const DELTA_SEGMENT = /^(microsoft\.graph\.)?delta(\(\))?$/;

export async function startGraphTestServer(options: GraphTestServerOptions = {}): Promise<GraphTestServer> {
  const defaultPageSize = options.defaultPageSize ?? 200;
  const maxPageSize = options.maxPageSize ?? 5000;
  const faults = new FaultPlan();
  const directory = options.directory ?? seededDirectory();
  const log: LoggedRequest[] = [];
  let budget: ResourceBudget | null = options.budget ? new ResourceBudget(options.budget) : null;
  const identify = options.identify ?? ((token: string): TokenClaims | null => readMintedToken(token) ?? { kind: 'app', audience: 'graph', appId: TEST_APP_ID, roles: [...DEFAULT_ROLES] });
  const grants: SiteGrant[] = (options.siteGrants ?? [{ appId: TEST_APP_ID, roles: ['manage'] as const }]).map((g) => newGrant(g.appId, g.roles));

  const listenerFor =
    (surface: Audience) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      void handle(req, res, surface).catch((error: unknown) => {
        res.writeHead(500, JSON_HEADERS).end(JSON.stringify(graphErrorBody('generalException', String(error))));
      });
    };
  const start = async (surface: Audience): Promise<{ server: ReturnType<typeof createServer>; host: string }> => {
    const listener = listenerFor(surface);
    const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, listener) : createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const graphListener = await start('graph');
  const sharePointListener = await start('sharepoint');
  const scheme = options.tls ? 'https' : 'http';
  const host = graphListener.host;
  const origin = `${scheme}://${host}`;
  const sharePointHost = sharePointListener.host;
  const sharePointOrigin = `${scheme}://${sharePointHost}`;
  const sitePath = '/sites/plans';
  const site = new SharePointSite(`127.0.0.1,${randomUUID()},${randomUUID()}`, `${sharePointOrigin}${sitePath}`, 'Plans partnership', new SiteUserList(directory));
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const deltaTokens = new DeltaTokens();
  const subscriptions = new ListSubscriptions({ site, grants, origin, tenantId, defaultAppId: TEST_APP_ID });

  /** The app's name as SharePoint shows it: its grant's displayName, else its id. */
  const appName = (appId: string): string => grants.find((g) => g.appId === appId)?.displayName || (appId === TEST_APP_ID ? 'Action plans' : appId);

  /** Who a token writes as: the signed-in person (delegated) or the app (app-only). */
  function writerOf(claims: TokenClaims | null): Writer {
    if (claims === null) return { kind: 'application', id: TEST_APP_ID, displayName: appName(TEST_APP_ID) };
    if (claims.kind === 'app') return { kind: 'application', id: claims.appId, displayName: appName(claims.appId) };
    const known = directory.users.find((u) => u.id === claims.userId);
    return { kind: 'user', id: claims.userId, displayName: claims.name ?? known?.displayName ?? claims.userId, ...(known?.mail ? { email: known.mail } : {}) };
  }

  function faultResponse(fault: InjectedFault, sharePoint: boolean): Outgoing {
    const code = fault.code ?? (fault.status === 429 ? 'activityLimitReached' : fault.status === 503 ? 'serviceNotAvailable' : 'generalException');
    const message = fault.message ?? (fault.status === 429 ? 'The request has been throttled' : 'Injected fault');
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
    return { status: fault.status, headers, body: sharePoint ? sharePointErrorBody(code, message) : graphErrorBody(code, message) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, surface: Audience): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const text = await readBody(req);
    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
      }
    }
    const incoming: Incoming = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      header: (name) => {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      },
      body,
      inner: false,
      claims: null,
    };
    const out = await top(incoming, surface);
    const headers = { ...(out.body === undefined ? {} : JSON_HEADERS), ...out.headers };
    res.writeHead(out.status, headers);
    res.end(out.body === undefined ? undefined : JSON.stringify(out.body));
  }

  /**
   * Who is calling. Graph refuses a token for another resource with 401 InvalidAuthenticationToken
   * ("Access token validation failure. Invalid audience.") and one with neither roles nor scp
   * likewise (learn.microsoft.com/graph/resolve-auth-errors). SharePoint refuses a token whose
   * audience is not the SharePoint tenant, such as Graph's, with 401 and the reason in
   * x-ms-diagnostics (3000003 "Invalid audience Uri"): SharePoint REST needs a token for
   * https://{tenant}.sharepoint.com (learn.microsoft.com/sharepoint/dev/solution-guidance/security-apponly-azuread).
   */
  function authenticate(incoming: Incoming, surface: Audience): { claims: TokenClaims | null } | Outgoing {
    const auth = incoming.header('authorization');
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : '';
    const refuse = (message: string, reason: string): Outgoing =>
      surface === 'graph'
        ? { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm=""' }, body: graphErrorBody('InvalidAuthenticationToken', message) }
        : {
            status: 401,
            headers: {
              'WWW-Authenticate': 'Bearer realm="",client_id="00000003-0000-0ff1-ce00-000000000000",trusted_issuers="00000001-0000-0000-c000-000000000000@*,https://sts.windows.net/*/"',
              'x-ms-diagnostics': `3000003;reason="${reason}";category="invalid_client"`,
            },
            body: { error_description: "Exception of type 'Microsoft.IdentityModel.Tokens.AudienceUriValidationFailedException' was thrown." },
          };
    if (!token) return refuse('Access token is empty.', 'Token is empty.');
    if (options.authorize) {
      const verdict = options.authorize(token, surface);
      if (verdict === 'unauthenticated') return refuse('Access token validation failure.', 'Invalid issuer or signature.');
      if (verdict === 'forbidden') {
        return surface === 'graph'
          ? { status: 403, body: graphErrorBody('accessDenied', 'Access denied') }
          : { status: 403, body: sharePointErrorBody('-2147024891, System.UnauthorizedAccessException', SHAREPOINT_ACCESS_DENIED) };
      }
      return { claims: null };
    }
    const claims = identify(token);
    if (!claims) return refuse('Access token validation failure.', 'Invalid issuer or signature.');
    if (claims.audience !== surface) {
      return refuse('Access token validation failure. Invalid audience.', `Invalid audience Uri '${claims.audience === 'graph' ? GRAPH_AUDIENCE : sharePointOrigin}'.`);
    }
    const permissions = claims.kind === 'app' ? claims.roles : claims.scopes;
    if (permissions.length === 0) return refuse('Either scp or roles claim need to be present in the token.', 'Token has no roles or scp.');
    if (surface === 'sharepoint' && claims.kind === 'app' && claims.credential === 'secret') {
      // SharePoint Online accepts app-only Entra tokens only when got with a certificate
      // (sharepoint/dev/solution-guidance/security-apponly-azuread): a secret's gets this.
      return { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="",client_id="00000003-0000-0ff1-ce00-000000000000"' }, body: { error_description: 'Unsupported app only token.' } };
    }
    return { claims };
  }

  async function top(incoming: Incoming, surface: Audience): Promise<Outgoing> {
    const sharePoint = surface === 'sharepoint';
    let out: Outgoing;
    const fault = faults.takeOuter({ method: incoming.method, path: incoming.path, query: incoming.query });
    if (fault) {
      out = faultResponse(fault, sharePoint);
    } else if (sharePoint && !incoming.path.startsWith(`${sitePath}/_api/`)) {
      out = { status: 404, body: sharePointErrorBody('-2147024894, System.IO.FileNotFoundException', 'File Not Found.') };
    } else if (!sharePoint && incoming.path.includes('/_api/')) {
      // Graph has no SharePoint REST endpoint: /_api/ belongs to the tenant's SharePoint host.
      out = { status: 400, body: graphErrorBody('BadRequest', `Invalid version: ${incoming.path.split('/')[1] ?? ''}`) };
    } else {
      const who = authenticate(incoming, surface);
      if ('status' in who) {
        out = who;
      } else if (incoming.method === 'POST' && incoming.path === '/v1.0/$batch') {
        out = await batch({ ...incoming, claims: who.claims });
      } else if (!sharePoint && /^\/v1\.0\/subscriptions(\/|$)/.test(incoming.path)) {
        out = await subscriptionRequest({ ...incoming, claims: who.claims });
      } else {
        const authorized = { ...incoming, claims: who.claims };
        out = charged(authorized, () => (sharePoint ? sharePointRest(authorized) : graph(authorized, incoming.path.replace(/^\/v1\.0/, ''))));
      }
    }
    const batchSize = incoming.path === '/v1.0/$batch' && isRecord(incoming.body) && Array.isArray(incoming.body.requests) ? incoming.body.requests.length : undefined;
    log.push({ method: incoming.method, path: incoming.path, status: out.status, ...(batchSize !== undefined && { batchSize }), ...(incoming.query.has('$skiptoken') && { continued: true }) });
    return out;
  }

  /**
   * /subscriptions (list-subscriptions.ts): Graph's subscription service, not SharePoint, so not
   * charged against the site's resource units; creating one waits for the validation handshake.
   */
  async function subscriptionRequest(incoming: Incoming): Promise<Outgoing> {
    try {
      const segments = incoming.path.replace(/^\/v1\.0\//, '').split('/').filter(Boolean).map((s) => decodeURIComponent(s));
      return await subscriptions.handle({ method: incoming.method, segments, body: incoming.body, claims: incoming.claims });
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      return { status: error.status, headers: error.headers, body: graphErrorBody(error.code, error.message) };
    }
  }

  /** Charges the budget, then runs the request; over budget answers 429 + Retry-After. */
  function charged(incoming: Incoming, run: () => Outgoing): Outgoing {
    const sharePoint = incoming.path.includes('/_api/');
    const charge = budget?.charge(costOf(incoming.method, incoming.path.replace(/^\/v1\.0/, ''), incoming.query));
    if (charge && !charge.allowed) {
      const error = sharePoint
        ? sharePointErrorBody('-2147024860, Microsoft.SharePoint.SPQueryThrottledException', 'The request has been throttled')
        : graphErrorBody('activityLimitReached', 'The request has been throttled');
      return { status: 429, headers: charge.headers, body: error };
    }
    let out: Outgoing;
    try {
      out = run();
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      // SharePoint REST's refusal (odata=verbose): System.UnauthorizedAccessException, "Access denied..."
      const sharePointCode = error.status === 403 ? '-2147024891, System.UnauthorizedAccessException' : '-2147024809, System.ArgumentException';
      out = {
        status: error.status,
        headers: error.headers,
        body: sharePoint ? sharePointErrorBody(sharePointCode, error.status === 403 ? SHAREPOINT_ACCESS_DENIED : error.message) : graphErrorBody(error.code, error.message),
      };
    }
    return { ...out, headers: { ...out.headers, ...(charge?.headers ?? {}) } };
  }

  /**
   * graph/json-batching: at most 20 requests (400 otherwise); ids unique (400 otherwise); a body
   * needs a Content-Type header; dependsOn orders requests and a failed prerequisite gives 424;
   * each request is throttled individually; requests and their responses may come in any order
   * (here the last ready first, so clients must match responses by id).
   */
  async function batch(incoming: Incoming): Promise<Outgoing> {
    const requests = isRecord(incoming.body) && Array.isArray(incoming.body.requests) ? incoming.body.requests : null;
    if (!requests) return { status: 400, body: graphErrorBody('invalidRequest', 'Invalid batch payload format.') };
    if (requests.length > 20) return { status: 400, body: graphErrorBody('invalidRequest', 'Number of requests exceeds the maximum of 20.') };
    const ids = new Set<string>();
    for (const r of requests) {
      const id = isRecord(r) && typeof r.id === 'string' ? r.id : null;
      if (id === null || ids.has(id.toLowerCase())) return { status: 400, body: graphErrorBody('invalidRequest', 'Batch request ids must be unique strings.') };
      ids.add(id.toLowerCase());
    }
    const steps = (requests as Record<string, unknown>[]).map((raw) => ({ raw, id: String(raw.id), dependsOn: Array.isArray(raw.dependsOn) ? raw.dependsOn.map(String) : [] }));
    const before = new Set<string>();
    for (const step of steps) {
      if (step.dependsOn.some((d) => !before.has(d))) {
        return { status: 400, body: graphErrorBody('invalidRequest', `Request ${step.id} depends on a request that does not come before it.`) };
      }
      before.add(step.id);
    }
    // Requests without dependsOn may run in any order (graph/json-batching): here the last ready
    // runs first, so a client that reads order from the item ids a batch created is caught out.
    const order: typeof steps = [];
    const pending = [...steps];
    while (pending.length > 0) {
      const ran = new Set(order.map((s) => s.id));
      const index = pending.findLastIndex((s) => s.dependsOn.every((d) => ran.has(d)));
      order.push(...pending.splice(index, 1));
    }
    const statuses = new Map<string, number>();
    const responses: unknown[] = [];
    let outerHeaders: Record<string, string> = {};
    for (const { raw, id, dependsOn } of order) {
      let out: Outgoing;
      if (dependsOn.some((d) => (statuses.get(d) ?? 0) >= 300 || (statuses.get(d) ?? 0) < 200)) {
        out = { status: 424, body: graphErrorBody('failedDependency', 'Failed dependency.') };
      } else {
        out = innerRequest(raw, incoming.claims);
      }
      statuses.set(id, out.status);
      const { 'RateLimit-Limit': limit, 'RateLimit-Remaining': remaining, 'RateLimit-Reset': reset } = out.headers ?? {};
      if (limit !== undefined && remaining !== undefined && reset !== undefined) {
        outerHeaders = { 'RateLimit-Limit': limit, 'RateLimit-Remaining': remaining, 'RateLimit-Reset': reset };
      }
      responses.push({ id, status: out.status, headers: { 'Content-Type': 'application/json', ...out.headers }, ...(out.body !== undefined && { body: out.body }) });
    }
    return { status: 200, headers: outerHeaders, body: { responses } };
  }

  /** A request inside a $batch runs with the batch's token (graph/json-batching). */
  function innerRequest(raw: Record<string, unknown>, claims: TokenClaims | null): Outgoing {
    const method = typeof raw.method === 'string' ? raw.method.toUpperCase() : '';
    const rawUrl = typeof raw.url === 'string' ? raw.url : '';
    const url = new URL(rawUrl.startsWith('/') ? rawUrl : `/${rawUrl}`, origin);
    const headers = isRecord(raw.headers) ? raw.headers : {};
    const header = (name: string): string | null => {
      const key = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
      return key === undefined ? null : String(headers[key]);
    };
    let out: Outgoing;
    const fault = faults.takeInner({ method, path: url.pathname.startsWith('/v1.0') ? url.pathname : `/v1.0${url.pathname}`, query: url.searchParams });
    if (fault) {
      out = faultResponse(fault, false);
    } else if (raw.body !== undefined && header('content-type') === null) {
      out = { status: 400, body: graphErrorBody('invalidRequest', 'Content-Type header is required when a body is present.') };
    } else if (!['GET', 'POST', 'PATCH', 'DELETE', 'PUT'].includes(method) || url.pathname === '/$batch') {
      out = { status: 400, body: graphErrorBody('invalidRequest', 'Invalid request in batch.') };
    } else {
      const incoming: Incoming = { method, path: url.pathname, query: url.searchParams, header, body: raw.body ?? null, inner: true, claims };
      out = charged(incoming, () => graph(incoming, url.pathname));
    }
    log.push({ method, path: url.pathname, status: out.status, inner: true });
    return out;
  }

  function checkWriteFault(method: string, path: string): void {
    const fault = faults.onWrite({ method, path });
    if (fault) {
      const code = fault.code ?? (fault.status === 429 ? 'activityLimitReached' : 'generalException');
      throw new ServiceError(fault.status, code, fault.message ?? 'Injected write fault', fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {});
    }
  }

  function siteJson(): unknown {
    return { id: site.id, name: 'plans', displayName: site.displayName, webUrl: site.webUrl };
  }

  function columnJson(c: ColumnModel): unknown {
    return {
      id: c.id,
      name: c.name,
      displayName: c.displayName,
      description: c.description,
      indexed: c.indexed,
      enforceUniqueValues: c.enforceUniqueValues,
      hidden: c.hidden,
      required: c.required,
      readOnly: c.readOnly,
      [c.type]: c.facet,
    };
  }

  /**
   * A list as Graph shows it (resources/list). A hidden list carries the system facet ("managed by
   * the system for its own operation", resources/systemfacet), which appears only when $select asks
   * for it; $select keeps the properties named (graph/query-parameters, "select parameter").
   */
  function listJson(list: ListModel, withColumns: boolean, select: readonly string[] | null = null): Record<string, unknown> {
    const all: Record<string, unknown> = {
      id: list.id,
      name: list.name,
      displayName: list.displayName,
      description: list.description,
      createdDateTime: list.created,
      webUrl: `${site.webUrl}/Lists/${list.name}`,
      list: { template: list.template, hidden: list.hidden, contentTypesEnabled: false },
      ...(list.hidden && select?.includes('system') && { system: {} }),
      ...(withColumns && { columns: list.columns.map(columnJson) }),
    };
    if (select === null) return all;
    return Object.fromEntries(Object.entries(all).filter(([key]) => select.includes(key) || (key === 'columns' && withColumns)));
  }

  function fieldsJson(list: ListModel, item: ItemModel, select: string[]): Record<string, unknown> {
    const fields: Record<string, unknown> = { '@odata.etag': eTagOf(item) };
    if (select.length === 0) {
      // "By default, field values for hidden columns aren't shown" (resources/columndefinition).
      fields.id = String(item.id);
      for (const [key, value] of Object.entries(item.fields)) {
        if (!site.columnForField(list, key)?.hidden) fields[key] = value;
      }
      fields.Modified = item.modified;
      fields.Created = item.created;
      // Created By and Modified By, as the User Information List ids real payloads show by default.
      fields.AuthorLookupId = String(site.siteUserIdOf(item.createdBy));
      fields.EditorLookupId = String(site.siteUserIdOf(item.modifiedBy));
      return fields;
    }
    for (const name of select) {
      if (name === 'id' || name === 'ID') fields[name] = String(item.id);
      else if (name === 'Modified') fields.Modified = item.modified;
      else if (name === 'Created') fields.Created = item.created;
      else if (name === 'AuthorLookupId') fields.AuthorLookupId = String(site.siteUserIdOf(item.createdBy));
      else if (name === 'EditorLookupId') fields.EditorLookupId = String(site.siteUserIdOf(item.modifiedBy));
      else if (name === 'Author') fields.Author = personValue(site.siteUserIdOf(item.createdBy));
      else if (name === 'Editor') fields.Editor = personValue(site.siteUserIdOf(item.modifiedBy));
      else if (!site.columnForField(list, name)) throw new ServiceError(400, 'invalidRequest', `Field '${name}' is not recognized`);
      else if (item.fields[name] !== undefined) fields[name] = item.fields[name];
      else if (site.columnForField(list, name)?.type === 'personOrGroup' && item.fields[`${name}LookupId`] !== undefined) fields[name] = personValue(item.fields[`${name}LookupId`]);
    }
    return fields;
  }

  /** A Person column read by its name: [{ LookupId, LookupValue, Email }] when multi-valued, one such object otherwise. */
  function personValue(stored: unknown): unknown {
    const one = (id: unknown): unknown => {
      const user = site.users.get(Number(id));
      return { LookupId: Number(id), LookupValue: user?.Title ?? '', Email: user?.Email ?? '' };
    };
    if (stored === null) return null;
    return Array.isArray(stored) ? stored.map(one) : one(stored);
  }

  /**
   * An identitySet (resources/identityset) for who wrote: a person as { user: { email, id,
   * displayName } }; an app-only write as SharePoint records it, the application beside its
   * "SharePoint App" account; the site's own writes as System Account.
   */
  function identityJson(actor: Actor): Record<string, unknown> {
    switch (actor.kind) {
      case 'user':
        return { user: { email: actor.email, id: actor.id, displayName: actor.displayName } };
      case 'application':
        return { application: { id: actor.id, displayName: actor.displayName }, user: { displayName: 'SharePoint App' } };
      case 'system':
        return { user: { displayName: 'System Account' } };
    }
  }

  /** What every item answer carries: its etag, id, dates, address and creator. */
  function itemCore(list: ListModel, item: ItemModel): Record<string, unknown> {
    return {
      '@odata.etag': eTagOf(item),
      id: String(item.id),
      eTag: eTagOf(item),
      createdDateTime: item.created,
      lastModifiedDateTime: item.modified,
      webUrl: `${site.webUrl}/Lists/${list.name}/DispForm.aspx?ID=${item.id}`,
      createdBy: identityJson(item.createdBy),
    };
  }

  function itemJson(list: ListModel, item: ItemModel, expand: string[] | null): unknown {
    return {
      ...itemCore(list, item),
      lastModifiedBy: identityJson(item.modifiedBy),
      ...(expand !== null && { fields: fieldsJson(list, item, expand) }),
    };
  }

  /**
   * An item in a delta page, shaped as listitem-delta's examples show it: id, eTag, dates, webUrl,
   * createdBy, parentReference and contentType, fields when expanded; not lastModifiedBy (list-delta.ts).
   */
  function deltaItemJson(list: ListModel, item: ItemModel, fields: string[] | null): Record<string, unknown> {
    return {
      ...itemCore(list, item),
      parentReference: { siteId: site.id },
      contentType: { id: '0x01', name: 'Item' },
      ...(fields !== null && { fields: fieldsJson(list, item, fields) }),
    };
  }

  /** A deleted item in a delta page (listitem-delta, Example 2): its id and deleted.state. */
  function deltaRemovedJson(removed: RemovedItem): Record<string, unknown> {
    return { id: String(removed.id), parentReference: { siteId: site.id }, deleted: { state: 'deleted' } };
  }

  function listDelta(incoming: Incoming, list: ListModel): Outgoing {
    const answer = deltaPage(site, deltaTokens, {
      list,
      query: incoming.query,
      defaultPageSize,
      maxPageSize,
      endpoint: `${origin}/v1.0/sites/${site.id}/lists/${list.id}/items/delta`,
      context: `${origin}/v1.0/$metadata#Collection(listItem)`,
      itemJson: (item, fields) => deltaItemJson(list, item, fields),
      removedJson: deltaRemovedJson,
    });
    return { status: answer.status, ...(answer.headers && { headers: answer.headers }), body: answer.body };
  }

  /**
   * api/listitem-list: GET items?$expand=fields($select=...)&$filter=fields/X eq ...&$top=N.
   * Filtering on a column that is not indexed is refused unless the request carries
   * "Prefer: HonorNonIndexedQueriesWarningMayFailRandomly" (the message real clients observe).
   * Pages are cut at min($top, the server's cap) and continued by @odata.nextLink with $skiptoken
   * (graph/paging). $orderby is ignored: api/listitem-list documents $expand, $filter, $select and
   * $top only, and sorting items by a field is reported not to work, so items come in id order
   * whatever is asked.
   */
  function listItems(incoming: Incoming, list: ListModel, path: string): Outgoing {
    const expand = parseExpandFields(incoming.query.get('$expand'));
    const filterText = incoming.query.get('$filter');
    const filter = filterText === null ? null : parseFilter(filterText);
    const prefer = incoming.header('prefer') ?? '';
    for (const field of filter ? filterFields(filter) : []) {
      const column = site.columnForField(list, field);
      if (!column) throw new ServiceError(400, 'invalidRequest', `Field '${field}' is not recognized`);
      if (!column.indexed && !prefer.includes(HONOR_NON_INDEXED)) {
        throw new ServiceError(
          400,
          'invalidRequest',
          `Field '${field}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.`,
        );
      }
    }
    const topText = incoming.query.get('$top');
    const top = topText === null ? defaultPageSize : Number(topText);
    if (!Number.isInteger(top) || top < 1) throw new ServiceError(400, 'invalidRequest', 'Invalid $top value.');
    const pageSize = Math.min(top, maxPageSize);
    const token = incoming.query.get('$skiptoken');
    const offset = token === null ? 0 : Number(/^Paged=TRUE&p_Offset=(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))?.[1] ?? NaN);
    if (!Number.isInteger(offset)) throw new ServiceError(400, 'invalidRequest', 'Invalid $skiptoken.');

    let items = [...list.items.values()];
    if (filter) items = items.filter((i) => matches(filter, { ...i.fields, id: String(i.id) }));
    const page = items.slice(offset, offset + pageSize);
    const body: Record<string, unknown> = {
      '@odata.context': `${origin}/v1.0/$metadata#sites('${site.id}')/lists('${list.id}')/items`,
      value: page.map((i) => itemJson(list, i, expand)),
    };
    if (offset + pageSize < items.length) {
      const next = new URLSearchParams(incoming.query);
      next.set('$skiptoken', Buffer.from(`Paged=TRUE&p_Offset=${offset + pageSize}`).toString('base64url'));
      body['@odata.nextLink'] = `${origin}/v1.0${path}?${next.toString()}`;
    }
    return { status: 200, body };
  }

  function graph(incoming: Incoming, path: string): Outgoing {
    const { method } = incoming;
    const segments = path.split('/').filter(Boolean);
    const { claims } = incoming;
    if (options.activityFeed?.handles(segments)) {
      return options.activityFeed.handle({ method, segments, body: incoming.body, claims });
    }
    if (options.mail?.handles(segments)) {
      return options.mail.handle({ method, segments, body: incoming.body, claims });
    }
    if (options.installedApps?.handles(segments)) {
      // api/userteamwork-post-installedapps: TeamsAppInstallation.ReadWriteSelfForUser.All (installing the app itself) or broader.
      requirePermission(claims, TEAMS_INSTALLATION_PERMISSIONS);
      return options.installedApps.handle({ method, segments, query: incoming.query, body: incoming.body });
    }
    if (segments[0] === 'users' || segments[0] === 'groups') {
      // api/user-list: User.Read.All least privileged for an app (User.ReadBasic.All for basic properties);
      // api/group-list: GroupMember.Read.All. Graph answers 403 Authorization_RequestDenied without one.
      requirePermission(claims, segments[0] === 'users' ? USER_READ_PERMISSIONS : GROUP_READ_PERMISSIONS);
      return directory.handle({ method, segments, query: incoming.query, header: incoming.header, collectionUrl: `${origin}/v1.0/${segments[0]}` });
    }
    if (segments[0] === 'subscriptions') throw new ServiceError(400, 'invalidRequest', 'The local Graph server does not take subscription requests inside $batch.');
    if (segments[0] !== 'sites' || segments.length < 2) throw new ServiceError(400, 'invalidRequest', `Resource not found for the segment '${segments[0] ?? ''}'.`);
    const siteRef = decodeURIComponent(segments[1] ?? '');
    // sites/{hostname}:/{server-relative-path} (api/site-getbypath) or sites/{site-id}.
    const byPath = /^(.+?):(\/.*?):?$/.exec(decodeURIComponent(path.slice('/sites/'.length)));
    if (byPath && segments.length >= 2 && siteRef.includes(':')) {
      if (method !== 'GET') throw new ServiceError(405, 'notAllowed', 'Method not allowed.');
      if (byPath[1] !== sharePointHost || byPath[2] !== sitePath) throw new ServiceError(404, 'itemNotFound', 'Requested site could not be found');
      requireSiteAccess(claims, grants, 'read');
      return { status: 200, body: siteJson() };
    }
    if (siteRef !== site.id) throw new ServiceError(404, 'itemNotFound', 'Requested site could not be found');
    const rest = segments.slice(2);
    if (rest[0] === 'permissions') return sitePermissions(incoming, rest.slice(1));
    // Reading anything of the site needs read (api/site-get, api/list-list, api/listitem-list).
    requireSiteAccess(claims, grants, 'read');
    if (rest.length === 0 && method === 'GET') return { status: 200, body: siteJson() };
    if (rest[0] !== 'lists') throw new ServiceError(400, 'invalidRequest', `Unsupported segment '${rest[0] ?? ''}'.`);
    // Changing the site's structure needs manage: api/list-create, api/list-delete, api/list-post-columns
    // and api/columndefinition-update name Sites.Manage.All as least privileged.
    const structural = (rest.length <= 2 && method !== 'GET') || (rest[2] === 'columns' && method !== 'GET');
    if (structural) requireSiteAccess(claims, grants, 'manage');
    // Items need write: api/listitem-create, listitem-update, listitem-delete (Sites.ReadWrite.All).
    if (rest[2] === 'items' && method !== 'GET') requireSiteAccess(claims, grants, 'write');

    if (rest.length === 1) {
      if (method === 'GET') {
        // api/list-list: "Lists with the system facet are hidden by default. To list them, include
        // system in your $select statement."
        const selectText = incoming.query.get('$select');
        const select = selectText === null ? null : selectText.split(',').map((p) => p.trim()).filter(Boolean);
        const withColumns = incoming.query.get('$expand') === 'columns';
        const visible = [...site.lists.values()].filter((l) => !l.hidden || select?.includes('system') === true);
        return { status: 200, body: { value: visible.map((l) => listJson(l, withColumns, select)) } };
      }
      if (method === 'POST') {
        // api/list-create: POST /sites/{id}/lists with displayName, columns and list.template.
        checkWriteFault(method, path);
        return { status: 201, body: listJson(site.createList(incoming.body), true) };
      }
    }
    const list = site.findList(rest[1] ?? '');
    if (rest.length === 2) {
      // A list asked for by id or name is returned whether or not it is a system list (api/list-get).
      if (method === 'GET') return { status: 200, body: listJson(list, incoming.query.get('$expand') === 'columns') };
      if (method === 'DELETE') {
        site.deleteList(list);
        return { status: 204 };
      }
    }
    if (rest[2] === 'columns') {
      // api/list-list-columns, api/list-post-columns, api/columndefinition-update.
      if (rest.length === 3 && method === 'GET') return { status: 200, body: { value: list.columns.map(columnJson) } };
      if (rest.length === 3 && method === 'POST') return { status: 201, body: columnJson(site.addColumn(list, incoming.body)) };
      if (rest.length === 4 && method === 'PATCH') return { status: 200, body: columnJson(site.updateColumn(list, rest[3] ?? '', incoming.body)) };
    }
    if (rest[2] === 'items') {
      if (rest.length === 3 && method === 'GET') return listItems(incoming, list, path);
      // api/listitem-delta: GET items/delta (or its full name, microsoft.graph.delta()).
      if (rest.length === 4 && method === 'GET' && DELTA_SEGMENT.test(rest[3] ?? '')) return listDelta(incoming, list);
      if (rest.length === 3 && method === 'POST') {
        // api/listitem-create: 201 with the created item.
        checkWriteFault(method, path);
        const fields = isRecord(incoming.body) ? incoming.body.fields : undefined;
        return { status: 201, body: itemJson(list, site.createItem(list, fields, writerOf(claims)), []) };
      }
      const itemId = rest[3] ?? '';
      if (rest.length === 4 && method === 'GET') {
        return { status: 200, body: itemJson(list, site.getItem(list, itemId), parseExpandFields(incoming.query.get('$expand'))) };
      }
      if (rest.length === 4 && method === 'DELETE') {
        checkWriteFault(method, path);
        site.deleteItem(list, itemId, incoming.header('if-match'), writerOf(claims));
        return { status: 204 };
      }
      if (rest.length === 5 && rest[4] === 'fields' && method === 'PATCH') {
        // api/listitem-update: If-Match with a stale eTag gets 412 and changes nothing.
        checkWriteFault(method, path);
        const item = site.updateItem(list, itemId, incoming.body, incoming.header('if-match'), writerOf(claims));
        return { status: 200, body: fieldsJson(list, item, []) };
      }
    }
    throw new ServiceError(405, 'notAllowed', `${method} ${path} is not supported by the local Graph server.`);
  }

  function grantJson(grant: SiteGrant): unknown {
    return { id: grant.id, roles: grant.roles, grantedToIdentitiesV2: [{ application: { id: grant.appId, displayName: grant.displayName } }], grantedToIdentities: [{ application: { id: grant.appId, displayName: grant.displayName } }] };
  }

  /**
   * The site's app grants: api/site-post-permissions (POST roles and grantedToIdentities[].application;
   * 201 with the permission), site-list-permissions, site-get-permission, site-update-permission
   * (PATCH roles), site-delete-permission. All need Sites.FullControl.All.
   */
  function sitePermissions(incoming: Incoming, rest: readonly string[]): Outgoing {
    requireSitePermissionAdmin(incoming.claims);
    const { method, body } = incoming;
    const roleList = (value: unknown): SiteRole[] => {
      if (!Array.isArray(value) || value.length === 0 || !value.every((r): r is SiteRole => typeof r === 'string' && (SITE_ROLE_NAMES as readonly string[]).includes(r))) {
        throw new ServiceError(400, 'invalidRequest', 'roles must be a non-empty array of read, write, manage or fullcontrol.');
      }
      return value;
    };
    if (rest.length === 0 && method === 'GET') return { status: 200, body: { value: grants.map(grantJson) } };
    if (rest.length === 0 && method === 'POST') {
      const identities = isRecord(body) && Array.isArray(body.grantedToIdentities) ? body.grantedToIdentities : [];
      const first: unknown = identities[0];
      const app = isRecord(first) && isRecord(first.application) ? first.application : null;
      if (!app || typeof app.id !== 'string') throw new ServiceError(400, 'invalidRequest', 'Only application permissions can be created (grantedToIdentities[].application).');
      const grant = newGrant(app.id, roleList(isRecord(body) ? body.roles : undefined), typeof app.displayName === 'string' ? app.displayName : '');
      grants.push(grant);
      return { status: 201, body: grantJson(grant) };
    }
    const grant = grants.find((g) => g.id === rest[0]);
    if (rest.length !== 1 || !grant) throw new ServiceError(404, 'itemNotFound', 'Permission not found.');
    if (method === 'GET') return { status: 200, body: grantJson(grant) };
    if (method === 'PATCH') {
      grant.roles = roleList(isRecord(body) ? body.roles : undefined);
      return { status: 200, body: grantJson(grant) };
    }
    if (method === 'DELETE') {
      grants.splice(grants.indexOf(grant), 1);
      return { status: 204 };
    }
    throw new ServiceError(405, 'notAllowed', 'Method not allowed.');
  }

  function viewJson(view: ViewModel): unknown {
    return {
      __metadata: { type: 'SP.View' },
      Id: view.id,
      Title: view.title,
      ViewQuery: view.viewQuery,
      PersonalView: view.personalView,
      RowLimit: view.rowLimit,
    };
  }

  /**
   * The SharePoint REST views endpoint (Lists and list items REST API reference: ViewCollection,
   * View, ViewFieldCollection): GET/POST {site}/_api/web/lists/getbytitle('T')/views,
   * .../views/getbytitle('V'), .../viewfields/addviewfield('F'). Answers in odata=verbose JSON.
   */
  function sharePointRest(incoming: Incoming): Outgoing {
    const rest = decodeURIComponent(incoming.path.slice(`${sitePath}/_api/`.length));
    // The same grants decide SharePoint REST (permissions-selected-overview): reading needs read;
    // ensureuser adds a person to the site's user list, as a member does when picking a person (write);
    // a public view needs ManageLists, "add or remove public views of a list" (PermissionKind), so manage.
    requireSiteAccess(incoming.claims, grants, incoming.method === 'GET' ? 'read' : /^web\/ensureuser$/i.test(rest) ? 'write' : 'manage');
    if (/^web\/ensureuser$/i.test(rest) && incoming.method === 'POST') {
      const body = incoming.body;
      if (!isRecord(body) || typeof body.logonName !== 'string') throw new ServiceError(400, 'invalidRequest', 'The parameter logonName is missing.');
      const user = site.users.ensure(body.logonName);
      return { status: 200, headers: { 'Content-Type': 'application/json;odata=verbose;charset=utf-8' }, body: { d: { __metadata: { type: 'SP.User' }, ...user, IsSiteAdmin: false } } };
    }
    // SP.List.effectiveBasePermissions: what the caller may do on the list ("the effective permissions
    // on the list that are assigned to the current user", List.EffectiveBasePermissions, SharePoint
    // CSOM reference ee544616; REST form as SP.ListItem's, jj245814), from the token's reach on the site.
    const effective = /^web\/lists\(guid'([0-9a-f-]+)'\)\/effectivebasepermissions$/i.exec(rest);
    if (effective && incoming.method === 'GET') {
      site.findList(effective[1] ?? '');
      const role = incoming.claims === null ? 'fullcontrol' : siteAccess(incoming.claims, grants);
      return { status: 200, headers: { 'Content-Type': 'application/json;odata=verbose;charset=utf-8' }, body: { d: { EffectiveBasePermissions: { __metadata: { type: 'SP.BasePermissions' }, ...basePermissionsFor(role) } } } };
    }
    // SP.Web.getUserById: a User Information List entry (Author and Editor hold these ids).
    const byId = /^web\/getuserbyid\((\d+)\)$/i.exec(rest);
    if (byId && incoming.method === 'GET') {
      const user = site.users.get(Number(byId[1]));
      if (!user) throw new ServiceError(404, 'itemNotFound', 'User cannot be found.');
      return { status: 200, headers: { 'Content-Type': 'application/json;odata=verbose;charset=utf-8' }, body: { d: { __metadata: { type: 'SP.User' }, ...user, IsSiteAdmin: false } } };
    }
    const m = /^web\/lists\/getbytitle\('((?:[^']|'')+)'\)\/views(?:\/getbytitle\('((?:[^']|'')+)'\)(\/viewfields(?:\/(addviewfield|removeallviewfields)(?:\('((?:[^']|'')+)'\))?)?)?)?$/i.exec(rest);
    if (!m) throw new ServiceError(404, 'itemNotFound', `Cannot find resource for the request ${rest}.`);
    const list = site.findList((m[1] ?? '').replace(/''/g, "'"));
    const viewTitle = m[2]?.replace(/''/g, "'");
    const verbose = { 'Content-Type': 'application/json;odata=verbose;charset=utf-8' };
    if (viewTitle === undefined) {
      if (incoming.method === 'GET') return { status: 200, headers: verbose, body: { d: { results: list.views.map(viewJson) } } };
      if (incoming.method === 'POST') {
        const body = incoming.body;
        if (!isRecord(body) || typeof body.Title !== 'string') throw new ServiceError(400, 'invalidRequest', 'A view needs a Title.');
        const viewQuery = typeof body.ViewQuery === 'string' ? body.ViewQuery : '';
        for (const ref of viewQuery.matchAll(/FieldRef\s+Name="([^"]+)"/g)) {
          const name = ref[1] ?? '';
          if (!BUILT_IN_VIEW_FIELDS.has(name) && !list.columns.some((c) => c.name === name)) {
            throw new ServiceError(400, 'invalidRequest', `Field or property "${name}" does not exist.`);
          }
        }
        const view: ViewModel = {
          id: randomUUID(),
          title: body.Title,
          viewQuery,
          personalView: body.PersonalView === true,
          rowLimit: typeof body.RowLimit === 'number' ? body.RowLimit : 30,
          viewFields: [],
        };
        list.views.push(view);
        return { status: 201, headers: verbose, body: { d: viewJson(view) } };
      }
    }
    const view = list.views.find((v) => v.title === viewTitle);
    if (!view) throw new ServiceError(404, 'itemNotFound', `The specified view is invalid.`);
    if (m[3] === undefined && incoming.method === 'GET') return { status: 200, headers: verbose, body: { d: viewJson(view) } };
    if (m[3] !== undefined && m[4] === undefined && incoming.method === 'GET') {
      return { status: 200, headers: verbose, body: { d: { Items: { results: view.viewFields } } } };
    }
    if (m[4]?.toLowerCase() === 'removeallviewfields' && incoming.method === 'POST') {
      view.viewFields = [];
      return { status: 200, headers: verbose, body: { d: { RemoveAllViewFields: null } } };
    }
    if (m[4]?.toLowerCase() === 'addviewfield' && incoming.method === 'POST') {
      const field = (m[5] ?? '').replace(/''/g, "'");
      if (!BUILT_IN_VIEW_FIELDS.has(field) && !list.columns.some((c) => c.name === field)) {
        throw new ServiceError(400, 'invalidRequest', `Field or property "${field}" does not exist.`);
      }
      if (!view.viewFields.includes(field)) view.viewFields.push(field);
      return { status: 200, headers: verbose, body: { d: { AddViewField: null } } };
    }
    throw new ServiceError(405, 'notAllowed', `${incoming.method} ${rest} is not supported by the local server.`);
  }

  return {
    origin,
    sharePointOrigin,
    graphBaseUrl: `${origin}/v1.0`,
    siteId: site.id,
    siteUrl: site.webUrl,
    site,
    grants,
    directory,
    faults,
    log,
    get budget() {
      return budget;
    },
    setBudget(next) {
      budget = next ? new ResourceBudget(next) : null;
    },
    deltaTokens,
    subscriptions,
    tenantId,
    asSharePointUser(person) {
      const writer: Writer = { kind: 'user', ...person };
      const listOf = (list: string | ListModel): ListModel => (typeof list === 'string' ? site.findList(list) : list);
      return {
        createItem: (list, fields) => site.createItem(listOf(list), fields, writer),
        updateItem: (list, itemId, fields) => site.updateItem(listOf(list), String(itemId), fields, null, writer),
        deleteItem: (list, itemId) => site.deleteItem(listOf(list), String(itemId), null, writer),
      };
    },
    requestCount: () => log.filter((l) => !l.inner).length,
    resetLog: () => {
      log.length = 0;
    },
    close: async () => {
      subscriptions.close();
      await Promise.all(
        [graphListener.server, sharePointListener.server].map(
          (server) =>
            new Promise<void>((resolve, reject) => {
              server.closeAllConnections();
              server.close((error) => (error ? reject(error) : resolve()));
            }),
        ),
      );
    },
  };
}
