import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ServiceError } from './service-error.js';

/**
 * Who may do what on the local Graph and SharePoint REST, as the services decide it, so that a
 * product which needs more than it was granted fails here as it would in a tenant:
 *
 * - An access token names its resource (aud), its app (appid) and either application
 *   permissions (roles: app-only) or delegated ones (scp: a person signed in)
 *   (learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 * - Sites.Read.All, Sites.ReadWrite.All, Sites.Manage.All and Sites.FullControl.All reach every
 *   site; Sites.Selected reaches only the sites where an administrator granted the app a role,
 *   read, write, manage or fullcontrol (learn.microsoft.com/graph/permissions-selected-overview;
 *   the grant is POST /sites/{id}/permissions, learn.microsoft.com/graph/api/site-post-permissions).
 * - A delegated permission never exceeds what the signed-in person may do on the site
 *   (learn.microsoft.com/graph/permissions-overview, "Delegated access").
 * - Each call needs a level: reading needs read (api/list-list, api/listitem-list); items need
 *   write (api/listitem-create, listitem-update, listitem-delete: Sites.ReadWrite.All); creating
 *   lists, adding and changing columns need manage (api/list-create, api/list-post-columns,
 *   api/columndefinition-update: least privileged Sites.Manage.All); public views need SharePoint's
 *   ManageLists right, "add or remove public views of a list" (PermissionKind, SharePoint CSOM
 *   reference), which a manage grant carries and write does not.
 */

export type SiteRole = 'read' | 'write' | 'manage' | 'fullcontrol';
export const SITE_ROLES: readonly SiteRole[] = ['read', 'write', 'manage', 'fullcontrol'];

/** Graph (https://graph.microsoft.com) or SharePoint (https://{tenant}.sharepoint.com): tokens for one are refused by the other. */
export type Audience = 'graph' | 'sharepoint';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/** The app the stand-in's default tokens are issued to. */
export const TEST_APP_ID = 'b5c3b7a2-6c2e-4f0e-9d43-0c1f5a7e2d11';

/**
 * What the default app holds: Sites.Selected for the plan site, and the directory and Teams
 * permissions docs/permissions.md asks for (lead matching, installing the bot for a lead).
 */
export const DEFAULT_APP_ROLES: readonly string[] = ['Sites.Selected', 'User.Read.All', 'GroupMember.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All'];

const claimsSchema = z.union([
  z.object({
    kind: z.literal('app'),
    audience: z.enum(['graph', 'sharepoint']),
    appId: z.string(),
    roles: z.array(z.string()),
    /**
     * How the app proved itself (appidacr: 1 a client secret, 2 a certificate). SharePoint REST
     * refuses app-only tokens got with a secret; unset is taken as a certificate.
     */
    credential: z.enum(['secret', 'certificate']).optional(),
  }),
  z.object({
    kind: z.literal('delegated'),
    audience: z.enum(['graph', 'sharepoint']),
    appId: z.string(),
    scopes: z.array(z.string()),
    userId: z.string(),
    /** The person's name (the token's name claim, access-token-claims-reference); else the directory's. */
    name: z.string().optional(),
    /** What the person may do on the site themselves (their SharePoint permission level). */
    siteRole: z.enum(['read', 'write', 'manage', 'fullcontrol']).nullable(),
  }),
]);

export type TokenClaims = z.infer<typeof claimsSchema>;

const PREFIX = 'local-token.';

/** A bearer token carrying its claims, as an Entra ID token would (unsigned: only this stand-in reads it). */
export function mintToken(claims: TokenClaims): string {
  return `${PREFIX}${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
}

/** The default app's app-only token for one resource. */
export function appToken(audience: Audience, roles: readonly string[] = DEFAULT_APP_ROLES, appId = TEST_APP_ID): string {
  return mintToken({ kind: 'app', audience, appId, roles: [...roles] });
}

/** The claims of a minted token; null for anything else. */
export function readMintedToken(token: string): TokenClaims | null {
  if (!token.startsWith(PREFIX)) return null;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** An app's grant on the site (api/resources/permission: roles and grantedToIdentities[].application). */
export interface SiteGrant {
  id: string;
  appId: string;
  displayName: string;
  roles: SiteRole[];
}

export function newGrant(appId: string, roles: readonly SiteRole[], displayName = 'Action plans'): SiteGrant {
  return { id: Buffer.from(randomUUID()).toString('base64url'), appId, displayName, roles: [...roles] };
}

function rank(role: SiteRole | null): number {
  return role === null ? -1 : SITE_ROLES.indexOf(role);
}

function highest(roles: readonly (SiteRole | null)[]): SiteRole | null {
  return roles.reduce<SiteRole | null>((best, r) => (rank(r) > rank(best) ? r : best), null);
}

/** Tenant-wide Sites.* permissions, the same names for Graph and for SharePoint (permissions-reference). */
const TENANT_WIDE: Readonly<Record<string, SiteRole>> = {
  'Sites.Read.All': 'read',
  'Sites.ReadWrite.All': 'write',
  'Sites.Manage.All': 'manage',
  'Sites.FullControl.All': 'fullcontrol',
};

/**
 * SharePoint's own delegated permissions (the "SharePoint" API of an app registration, for tokens
 * whose audience is https://{tenant}.sharepoint.com): AllSites.Read "Read items in all site
 * collections", AllSites.Write, AllSites.Manage, AllSites.FullControl. As every delegated
 * permission, they never reach past what the person may do themselves.
 */
const SHAREPOINT_DELEGATED: Readonly<Record<string, SiteRole>> = {
  'AllSites.Read': 'read',
  'AllSites.Write': 'write',
  'AllSites.Manage': 'manage',
  'AllSites.FullControl': 'fullcontrol',
};

/** What a token may do on the site, from its permissions and the site's grants. */
export function siteAccess(claims: TokenClaims, grants: readonly SiteGrant[]): SiteRole | null {
  const permissions = claims.kind === 'app' ? claims.roles : claims.scopes;
  const granted = highest(grants.filter((g) => g.appId === claims.appId).flatMap((g) => g.roles));
  const delegatedSharePoint = claims.kind === 'delegated' && claims.audience === 'sharepoint';
  const byPermission = highest(permissions.map((p) => (p === 'Sites.Selected' ? granted : (TENANT_WIDE[p] ?? (delegatedSharePoint ? (SHAREPOINT_DELEGATED[p] ?? null) : null)))));
  if (claims.kind === 'app') return byPermission;
  // A delegated token is the intersection of the app's permission and the person's own rights.
  return rank(claims.siteRole) < rank(byPermission) ? claims.siteRole : byPermission;
}

/** Graph's 403 (learn.microsoft.com/graph/errors: accessDenied, "The caller doesn't have permission to perform the action"). */
export function accessDenied(): ServiceError {
  return new ServiceError(403, 'accessDenied', 'Access denied');
}

/** Refuses unless the token reaches `needed` on the site. */
export function requireSiteAccess(claims: TokenClaims | null, grants: readonly SiteGrant[], needed: SiteRole): void {
  // null: the test replaced the model with its own verdict (GraphTestServerOptions.authorize).
  if (claims === null) return;
  if (rank(siteAccess(claims, grants)) < rank(needed)) throw accessDenied();
}

/** Refuses unless the token holds one of these permissions (directory and Teams calls, which have no site grant). */
export function requirePermission(claims: TokenClaims | null, anyOf: readonly string[]): void {
  if (claims === null) return;
  const held = claims.kind === 'app' ? claims.roles : claims.scopes;
  if (!held.some((p) => anyOf.includes(p))) {
    throw new ServiceError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
}

/**
 * Managing a site's permissions (api/site-post-permissions, site-list-permissions, site-update-permission,
 * site-delete-permission): Sites.FullControl.All, application or delegated; never Sites.Selected.
 */
export function requireSitePermissionAdmin(claims: TokenClaims | null): void {
  if (claims === null) return;
  const held = claims.kind === 'app' ? claims.roles : claims.scopes;
  if (!held.includes('Sites.FullControl.All')) throw accessDenied();
}

/**
 * Subscribing to a SharePoint list's changes (POST /subscriptions with resource
 * sites/{site-id}/lists/{list-id}): api/subscription-post-subscriptions names Sites.ReadWrite.All as
 * the least privileged permission for a list, delegated and application alike, and warns that
 * "MS Graph Subscriptions will not be able to support write access permissions where only read
 * access previledges are needed" — so Sites.Read.All is not enough. Sites.Selected is not in the
 * table: an app holding only Sites.Selected is refused whatever the site grants it, and falls back
 * to polling delta. A higher tenant-wide Sites permission (Manage, FullControl) includes ReadWrite.
 * A delegated token also needs the person to be able to read the list.
 */
export const LIST_SUBSCRIPTION_PERMISSIONS: readonly string[] = ['Sites.ReadWrite.All', 'Sites.Manage.All', 'Sites.FullControl.All'];

/**
 * The refusal as the subscription service words it: 403 with code ExtensionError and the workload's
 * answer in the message, "Operation: Create; Exception: [Status Code: Forbidden; Reason: ...]"
 * (undocumented; the shape real clients log for refused subscriptions, e.g. abraunegg/onedrive and
 * n8n's Teams trigger; the reason is SharePoint's access-denied text, as reported for lists in
 * microsoftgraph/msgraph-sdk-dotnet#725).
 */
export function subscriptionDenied(operation: 'Create' | 'Update'): ServiceError {
  return new ServiceError(
    403,
    'ExtensionError',
    `Operation: ${operation}; Exception: [Status Code: Forbidden; Reason: Access denied. You do not have permission to perform this action or access this resource.]`,
  );
}

/** Refuses a list subscription (create or renew) unless the token holds what Learn asks for. */
export function requireListSubscriptionPermission(claims: TokenClaims | null, grants: readonly SiteGrant[], operation: 'Create' | 'Update'): void {
  if (claims === null) return;
  const held = claims.kind === 'app' ? claims.roles : claims.scopes;
  if (!held.some((p) => LIST_SUBSCRIPTION_PERMISSIONS.includes(p))) throw subscriptionDenied(operation);
  if (claims.kind === 'delegated' && rank(siteAccess(claims, grants)) < rank('read')) throw subscriptionDenied(operation);
}

/*
 * The effective permissions a role gives on a list, as SP.BasePermissions' two 32-bit halves
 * (SP.PermissionKind n is bit n-1, SharePoint CSOM reference): the default permission levels
 * ("User permissions and permission levels in SharePoint Server", learn.microsoft.com/sharepoint/
 * understanding-permission-levels): Read = ViewListItems 1, OpenItems 6, ViewVersions 7,
 * ViewFormPages 13, Open 17, ViewPages 18, BrowseUserInfo 20, UseClientIntegration 37,
 * UseRemoteAPIs 38, CreateAlerts 39; Contribute adds AddListItems 2, EditListItems 3,
 * DeleteListItems 4, DeleteVersions 8, ManagePersonalViews 10, BrowseDirectories 26,
 * EditMyUserInfo 34; Design (manage) adds ApproveItems 5, CancelCheckout 9, ManageLists 12,
 * AddAndCustomizePages 19; Full Control has every bit.
 */
const bit = (kind: number): bigint => 1n << BigInt(kind - 1);
const READ_KINDS = [1, 6, 7, 13, 17, 18, 20, 37, 38, 39];
const WRITE_KINDS = [...READ_KINDS, 2, 3, 4, 8, 10, 26, 34];
const MANAGE_KINDS = [...WRITE_KINDS, 5, 9, 12, 19];

/** SP.BasePermissions for a role on a list: { High, Low } as SharePoint REST writes them (strings of the 32-bit halves). */
export function basePermissionsFor(role: SiteRole | null): { High: string; Low: string } {
  const kinds = role === 'read' ? READ_KINDS : role === 'write' ? WRITE_KINDS : role === 'manage' ? MANAGE_KINDS : [];
  const mask = role === 'fullcontrol' ? (1n << 64n) - 1n : kinds.reduce((m, k) => m | bit(k), 0n);
  return { High: String(mask >> 32n), Low: String(mask & 0xffffffffn) };
}
