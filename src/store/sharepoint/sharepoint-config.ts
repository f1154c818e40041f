import { GUID_SOURCE } from '../../plan/guid.js';
import { z } from 'zod';
import { describeAuthConfig, readAuthConfig, type AuthConfig } from '../../auth/auth-config.js';
import { SettingsError } from '../../config/settings-error.js';

/**
 * Where the plans live, read once from the environment: PLAN_STORE picks SQLite (the default) or
 * SharePoint, and SharePoint needs a site, the Graph endpoint, a write budget and the tenant's
 * credentials (src/auth/auth-config.ts). Unset is distinct from empty: a variable set to "" is a
 * deployment mistake and is refused by name, never taken as "use the default".
 */
export const SHAREPOINT_ENV_VARIABLES = ['PLAN_STORE', 'SHAREPOINT_SITE', 'GRAPH_BASE_URL', 'GRAPH_AUTHORITY_HOST', 'SHAREPOINT_RESOURCE_UNITS_PER_MINUTE', 'SHAREPOINT_SYNC_MINUTES', 'PLAN_PUBLIC_URL'] as const;
export type SharePointEnvVariable = (typeof SHAREPOINT_ENV_VARIABLES)[number];

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
/**
 * The smallest tier of SharePoint's per-app budget (tenants under 1,000 licences: 1,250 resource
 * units a minute, how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online). Larger tenants
 * raise it; the pacer also believes RateLimit-* headers when SharePoint sends them.
 */
export const DEFAULT_RESOURCE_UNITS_PER_MINUTE = 1250;

/** A site by its URL (resolved with GET /sites/{hostname}:/{path}) or by its Graph id. */
export type SiteRef = { kind: 'url'; url: string; hostname: string; path: string } | { kind: 'id'; id: string };

export interface SharePointConfig {
  site: SiteRef;
  graphBaseUrl: string;
  /** Entra ID's sign-in host; another for a national cloud (login.microsoftonline.us). */
  authorityHost: string;
  resourceUnitsPerMinute: number;
  auth: AuthConfig;
}

export type StoreChoice = { kind: 'sqlite' } | { kind: 'sharepoint'; sharepoint: SharePointConfig };


// resources/site: id is "{hostname},{site collection id},{web id}".
const SITE_ID = new RegExp(`^[a-z0-9.-]+(:\\d+)?,${GUID_SOURCE},${GUID_SOURCE}$`, 'i');
// Segments that name a page or a list inside a site, not the site: a pasted browser address is cut there.
const PAGE_SEGMENT = /^(SitePages|Lists|_layouts|Shared Documents|Forms|SiteAssets)$|\.aspx$/i;

/** A site URL as the browser shows it, or a Graph site id. */
export function parseSiteRef(value: string, variable: SharePointEnvVariable | '--site' = 'SHAREPOINT_SITE'): SiteRef {
  const trimmed = value.trim();
  if (trimmed === '') throw new SettingsError(variable, 'is set but empty: give the site URL or its Graph site id');
  if (SITE_ID.test(trimmed)) return { kind: 'id', id: trimmed };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new SettingsError(
      variable,
      `must be the site URL (https://contoso.sharepoint.com/sites/board) or its Graph site id (contoso.sharepoint.com,<site collection id>,<web id>), not "${trimmed}"`,
    );
  }
  if (url.protocol !== 'https:') throw new SettingsError(variable, `must be an https URL: tokens are never sent in the clear (${url.protocol} given)`);
  const segments: string[] = [];
  for (const raw of url.pathname.split('/').filter(Boolean)) {
    const segment = decodeURIComponent(raw);
    if (PAGE_SEGMENT.test(segment)) break;
    segments.push(segment);
  }
  const path = segments.length === 0 ? '' : `/${segments.join('/')}`;
  return { kind: 'url', url: `${url.origin}${path}`, hostname: url.host, path };
}

/** What resolveSite (provisioning.ts) takes: the URL, or the id. */
export function siteArgument(site: SiteRef): string {
  return site.kind === 'url' ? site.url : site.id;
}

function httpsOrigin(variable: SharePointEnvVariable, value: string, keepPath: boolean): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new SettingsError(variable, `must be a URL, not "${value}"`);
  }
  if (url.protocol !== 'https:') throw new SettingsError(variable, `must be an https URL: tokens are never sent in the clear (${url.protocol} given)`);
  if (url.search !== '' || url.hash !== '') throw new SettingsError(variable, 'must not carry a query or a fragment');
  if (!keepPath && url.pathname !== '/') throw new SettingsError(variable, `must be the host alone, such as ${DEFAULT_AUTHORITY_HOST}`);
  return keepPath ? `${url.origin}${url.pathname.replace(/\/+$/, '')}` : url.origin;
}

const storeSchema = z.enum(['sqlite', 'sharepoint'], { message: 'must be sqlite or sharepoint' });
const budgetSchema = z.coerce
  .number({ message: 'must be a whole number of resource units a minute' })
  .int('must be a whole number of resource units a minute')
  .min(10, 'must be at least 10 resource units a minute')
  .max(1_000_000, 'must be at most 1,000,000 resource units a minute');

function refuseEmpty(env: NodeJS.ProcessEnv): void {
  for (const name of SHAREPOINT_ENV_VARIABLES) {
    if (env[name] !== undefined && env[name]?.trim() === '') throw new SettingsError(name, 'is set but empty: give it a value, or unset it');
  }
}

/** What the environment says about SharePoint, each variable checked, before any is required. */
export interface SharePointSettings {
  /** PLAN_STORE: where the server and the commands keep plans. */
  store: 'sqlite' | 'sharepoint';
  /** SHAREPOINT_SITE, when set. */
  site: SiteRef | null;
  graphBaseUrl: string;
  /** Entra ID's sign-in host; another for a national cloud (login.microsoftonline.us). */
  authorityHost: string;
  resourceUnitsPerMinute: number;
  /** SHAREPOINT_SYNC_MINUTES: how often edits made straight in the lists are looked for (0: never). */
  syncMinutes: number;
  /** PLAN_PUBLIC_URL: the server's https address as Graph reaches it, for list change notifications; null to poll only. */
  publicUrl: string | null;
}

const syncMinutesSchema = z.coerce.number({ message: 'must be a whole number of minutes' }).int('must be a whole number of minutes').min(0, 'must be 0 (off) or more').max(1440, 'must be at most 1440 (a day)');

export function readSharePointSettings(env: NodeJS.ProcessEnv): SharePointSettings {
  refuseEmpty(env);
  const kind = env.PLAN_STORE === undefined ? null : storeSchema.safeParse(env.PLAN_STORE.trim());
  if (kind !== null && !kind.success) throw new SettingsError('PLAN_STORE', `${kind.error.issues[0]?.message ?? 'is invalid'}, not "${env.PLAN_STORE}"`);
  let resourceUnitsPerMinute = DEFAULT_RESOURCE_UNITS_PER_MINUTE;
  if (env.SHAREPOINT_RESOURCE_UNITS_PER_MINUTE !== undefined) {
    const parsed = budgetSchema.safeParse(env.SHAREPOINT_RESOURCE_UNITS_PER_MINUTE.trim());
    if (!parsed.success) throw new SettingsError('SHAREPOINT_RESOURCE_UNITS_PER_MINUTE', parsed.error.issues[0]?.message ?? 'is invalid');
    resourceUnitsPerMinute = parsed.data;
  }
  return {
    store: kind?.data ?? 'sqlite',
    site: env.SHAREPOINT_SITE === undefined ? null : parseSiteRef(env.SHAREPOINT_SITE),
    graphBaseUrl: env.GRAPH_BASE_URL === undefined ? DEFAULT_GRAPH_BASE_URL : httpsOrigin('GRAPH_BASE_URL', env.GRAPH_BASE_URL, true),
    authorityHost: env.GRAPH_AUTHORITY_HOST === undefined ? DEFAULT_AUTHORITY_HOST : httpsOrigin('GRAPH_AUTHORITY_HOST', env.GRAPH_AUTHORITY_HOST, false),
    resourceUnitsPerMinute,
    syncMinutes: parsedOr('SHAREPOINT_SYNC_MINUTES', syncMinutesSchema, env.SHAREPOINT_SYNC_MINUTES, DEFAULT_SYNC_MINUTES),
    publicUrl: env.PLAN_PUBLIC_URL === undefined ? null : httpsOrigin('PLAN_PUBLIC_URL', env.PLAN_PUBLIC_URL, false),
  };
}

/** Edits made in SharePoint's own views reach the plan's record within this many minutes without notifications. */
export const DEFAULT_SYNC_MINUTES = 5;

function parsedOr<T>(variable: SharePointEnvVariable, schema: z.ZodType<T>, raw: string | undefined, fallback: T): T {
  if (raw === undefined) return fallback;
  const parsed = schema.safeParse(raw.trim());
  if (!parsed.success) throw new SettingsError(variable, `${parsed.error.issues[0]?.message ?? 'is invalid'}, not "${raw}"`);
  return parsed.data;
}

export interface SharePointOverrides {
  /** --site on the command line, which wins over SHAREPOINT_SITE. */
  site?: string;
}

/**
 * What a command that works on a site whatever PLAN_STORE says needs (provision, import --to
 * sharepoint, migrate): the site, and the tenant's credentials, without which there is no token to
 * call Graph with.
 */
export function sharePointConfig(settings: SharePointSettings, auth: AuthConfig | null, overrides: SharePointOverrides = {}): SharePointConfig {
  const site = overrides.site !== undefined ? parseSiteRef(overrides.site, '--site') : settings.site;
  if (site === null) {
    throw new SettingsError('SHAREPOINT_SITE', 'is not set: name the plan site (https://contoso.sharepoint.com/sites/board, or its Graph site id), or pass --site');
  }
  if (!auth) {
    throw new SettingsError(
      'GRAPH_TENANT_ID',
      'is not set: SharePoint is reached with the app registration of the tenant: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (or GRAPH_CERTIFICATE_PATH); see docs/sharepoint.md',
    );
  }
  const { graphBaseUrl, authorityHost, resourceUnitsPerMinute } = settings;
  return { site, graphBaseUrl, authorityHost, resourceUnitsPerMinute, auth };
}

/** The store PLAN_STORE names (SQLite unless told otherwise), with SharePoint's settings when chosen. */
export function storeChoice(settings: SharePointSettings, auth: AuthConfig | null): StoreChoice {
  if (settings.store === 'sqlite') return { kind: 'sqlite' };
  try {
    return { kind: 'sharepoint', sharepoint: sharePointConfig(settings, auth) };
  } catch (error) {
    // Say why the site was asked for: PLAN_STORE chose SharePoint.
    if (error instanceof SettingsError && error.variable === 'SHAREPOINT_SITE') {
      throw new SettingsError('SHAREPOINT_SITE', `${error.message.replace(/^configuration: SHAREPOINT_SITE /, '')} (PLAN_STORE=sharepoint)`);
    }
    throw error;
  }
}

/** SharePoint settings straight from an environment (the live contract test and the settings' own tests). */
export function readSharePointConfig(env: NodeJS.ProcessEnv, overrides: SharePointOverrides = {}): SharePointConfig {
  return sharePointConfig(readSharePointSettings(env), readAuthConfig(env), overrides);
}

/** One line for the log: ids and URLs, never a secret. */
export function describeSharePointConfig(config: SharePointConfig): string {
  const site = config.site.kind === 'url' ? config.site.url : `site id ${config.site.id}`;
  const cloud = config.graphBaseUrl === DEFAULT_GRAPH_BASE_URL ? '' : ` through ${config.graphBaseUrl}`;
  const authority = config.authorityHost === DEFAULT_AUTHORITY_HOST ? '' : `, sign-in at ${config.authorityHost}`;
  return `store SharePoint ${site}${cloud}; write budget ${config.resourceUnitsPerMinute} resource units a minute; ${describeAuthConfig(config.auth)}${authority}`;
}
