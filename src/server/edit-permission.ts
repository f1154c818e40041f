import { z } from 'zod';
import type { GraphHttp } from '../graph/graph-http.js';
import type { EditStanding } from '../service/owner-standing.js';

/*
 * Whether a signed-in person may change the plan, read from SharePoint as them: the effective
 * permissions of the current user on the Actions list (SP.List.effectiveBasePermissions, REST
 * GET {site}/_api/web/lists(guid'{id}')/EffectiveBasePermissions, learn.microsoft.com/
 * previous-versions/office/sharepoint-visio/jj245814 for the item form; List.EffectiveBasePermissions,
 * "the effective permissions on the list that are assigned to the current user", ee544616).
 * Microsoft Graph has no call that answers this for a list, and SharePoint REST takes only a token
 * for the SharePoint tenant, so the person's SSO token is exchanged on their behalf for one
 * (delegated AllSites.Write, never more than the person's own rights: docs/permissions.md).
 *
 * BasePermissions is two 32-bit halves, Low and High, of the SP.PermissionKind bits (PermissionKind
 * n is bit n-1): AddListItems = 2, EditListItems = 3, so Low & 0x2 and Low & 0x4. Recording an
 * update adds items (Updates, History) and edits one (the action): both are needed.
 */
const ADD_LIST_ITEMS = 0x2;
const EDIT_LIST_ITEMS = 0x4;

const permissionsSchema = z.object({
  d: z.object({ EffectiveBasePermissions: z.object({ Low: z.union([z.string(), z.number()]), High: z.union([z.string(), z.number()]) }) }),
});

/** The person's standing from SharePoint's answer: edit when both bits are set. */
export function standingFromPermissions(body: unknown): EditStanding {
  const parsed = permissionsSchema.safeParse(body);
  if (!parsed.success) return 'unknown';
  const low = Number(parsed.data.d.EffectiveBasePermissions.Low);
  if (!Number.isFinite(low)) return 'unknown';
  return (low & ADD_LIST_ITEMS) !== 0 && (low & EDIT_LIST_ITEMS) !== 0 ? 'edit' : 'read-only';
}

export interface ListEditPermissionOptions {
  siteUrl: string;
  actionsListId: string;
  /** A pipeline calling SharePoint REST with the person's delegated SharePoint token. */
  httpFor: (sharePointToken: string) => GraphHttp;
  /** On-behalf-of exchange of the person's SSO token for a SharePoint token; throws when refused. */
  sharePointToken: (ssoToken: string) => Promise<string>;
  now?: () => number;
  /** How long an answer is kept per person and plan: a changed permission shows within this. */
  ttlMs?: number;
}

const MAX_CACHED = 2000;

/**
 * Reads a person's standing, kept briefly per person and plan: the tab asks for the plan on every
 * open and each write checks it, and SharePoint's answer changes only when a site owner shares anew.
 */
export function listEditPermission(options: ListEditPermissionOptions): (ssoToken: string, userId: string, planId: string) => Promise<EditStanding> {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 60_000;
  const cache = new Map<string, { standing: EditStanding; until: number }>();
  const url = `${options.siteUrl.replace(/\/+$/, '')}/_api/web/lists(guid'${options.actionsListId}')/EffectiveBasePermissions`;

  async function read(ssoToken: string): Promise<EditStanding> {
    try {
      const http = options.httpFor(await options.sharePointToken(ssoToken));
      const reply = await http.send({ method: 'GET', url, headers: { Accept: 'application/json;odata=verbose' }, resourceUnits: 1 });
      return standingFromPermissions(reply.body);
    } catch {
      // Not consented, SharePoint unreachable: unknown, so writes still go to SharePoint to decide.
      return 'unknown';
    }
  }

  return async (ssoToken, userId, planId) => {
    const key = `${userId}\n${planId}`;
    const cached = cache.get(key);
    if (cached && cached.until > now()) return cached.standing;
    const standing = await read(ssoToken);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    // An unknown answer is tried again sooner: a consent may just have been given.
    cache.set(key, { standing, until: now() + (standing === 'unknown' ? Math.min(ttl, 5_000) : ttl) });
    return standing;
  };
}
