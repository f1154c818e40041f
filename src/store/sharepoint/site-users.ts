import { z } from 'zod';
import type { GraphHttp } from '../../graph/graph-http.js';
import { HttpError } from '../../graph/http-error.js';
import type { LeadTarget } from '../../plan/lead-mapping.js';

/**
 * People and groups as a site knows them. A Person column holds the id of the person's entry in
 * the site's User Information List, not their Entra ID object id, and Graph has no call that makes
 * or finds that entry: SharePoint REST's SP.Web.ensureUser does, adding them on first use
 * (POST {site}/_api/web/ensureuser, learn.microsoft.com/previous-versions/office/sharepoint-visio/jj245233).
 *
 * Claims as SharePoint Online writes them: "i:0#.f|membership|<sign-in name>" for a person,
 * "c:0o.c|federateddirectoryclaimprovider|<object id>" for a Microsoft 365 group and
 * "c:0t.c|tenant|<object id>" for a security group. A mapping does not record which kind of group
 * it is, so a group is tried as the first, then the second.
 */
export function logonNamesFor(target: LeadTarget): string[] {
  if (target.kind === 'group') return target.id ? [`c:0o.c|federateddirectoryclaimprovider|${target.id}`, `c:0t.c|tenant|${target.id}`] : [];
  const signIn = target.userPrincipalName ?? target.mail;
  return signIn ? [`i:0#.f|membership|${signIn}`] : [];
}

export type SiteUser = { id: string; why?: undefined } | { id: null; why: string };

const ensuredSchema = z.object({ d: z.object({ Id: z.number().int() }).loose() });
const VERBOSE = { Accept: 'application/json;odata=verbose', 'Content-Type': 'application/json;odata=verbose' };

/**
 * SharePoint answers an unknown claim with an SPException naming the user ("The specified user …
 * could not be found."), seen as 500 as well as 4xx: only that message makes it one person's
 * refusal. Any other failure (a policy, the wrong endpoint) would refuse everyone alike, and is thrown.
 */
function isRefusalOfPerson(error: HttpError): boolean {
  return error.status >= 400 && error.status < 600 && /could not be found|does not exist|not unique/i.test(error.serverMessage);
}

/** The site's id for the person or group; a refusal (not in the directory, a guest not allowed) says why. */
export async function ensureSiteUser(http: GraphHttp, siteUrl: string, target: LeadTarget, signal?: AbortSignal): Promise<SiteUser> {
  const names = logonNamesFor(target);
  if (names.length === 0) {
    return { id: null, why: target.kind === 'group' ? 'the mapping has no group id; confirm it again with --group <id>' : 'the mapping has no sign-in name or mail to find them by; confirm it again with --user <mail>' };
  }
  let refusal = '';
  for (const logonName of names) {
    try {
      const reply = await http.send({ method: 'POST', url: `${siteUrl}/_api/web/ensureuser`, headers: VERBOSE, body: JSON.stringify({ logonName }), resourceUnits: 2, signal });
      return { id: String(ensuredSchema.parse(reply.body).d.Id) };
    } catch (error) {
      // Not found or not allowed on this site is about this one person; anything else (permissions, the site gone) stops the whole fill.
      if (!(error instanceof HttpError && isRefusalOfPerson(error))) throw error;
      refusal = error.serverMessage;
    }
  }
  return { id: null, why: `the site would not add them${refusal ? `: ${refusal}` : ''}` };
}
