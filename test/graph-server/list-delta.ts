import { z } from 'zod';
import { parseExpandFields } from './odata-query.js';
import { ServiceError, graphErrorBody } from './service-error.js';
import type { ItemModel, ListModel, RemovedItem, SharePointSite } from './sharepoint-site.js';

/**
 * listItem: delta (learn.microsoft.com/graph/api/listitem-delta), read from the site's change log:
 *
 * - GET /sites/{site-id}/lists/{list-id}/items/delta without a token enumerates the list as it is,
 *   in pages linked by @odata.nextLink; the last page carries @odata.deltaLink instead. "Your app
 *   should continue calling with the @odata.nextLink until you see an @odata.deltaLink returned."
 * - token=latest: "returns an empty response with the latest delta token" (Example 3: value [] and
 *   @odata.deltaLink), for an app that "only wants to know about changes".
 * - The token of a previous deltaLink "returns a new state since that token": the items created,
 *   updated or deleted since, each once in its latest state ("If an item was renamed twice, it only
 *   shows up once, with its latest name"), a deleted one as its id with deleted: { state: 'deleted' }
 *   (Example 2). An item changed while pages are read can come again on a later page or in the next
 *   round ("The same item might appear more than once in a delta feed ... use the last occurrence").
 * - $expand=fields($select=...), $select and $top are supported ("This method also supports the
 *   $select, $expand, and $top OData query parameters"); the state tokens "encode and include other
 *   query parameters ... specified in the initial delta query request", so links carry only ?token=
 *   (graph/delta-query-overview, "State tokens"). $filter is not listed and is refused here.
 * - A token the service can no longer serve, "if a client tries to reuse an old token after being
 *   disconnected for a long time, or if the server state has changed and a new token is required",
 *   gets 410 Gone with resyncChangesApplyDifferences (or resyncChangesUploadDifferences) and a
 *   Location header holding "a new nextLink that starts a fresh delta enumeration". Here a token is
 *   too old when its change-log position is older than the retention window (SharePoint's change log
 *   "retains data for 60 days" by default, SPWeb.GetChanges), or after a test invalidates tokens.
 *   OneDrive clients have logged the same 410 with code resyncRequired (OneDrive/onedrive-api-docs#1356),
 *   which a test can choose with `resyncCode`.
 * - Delta items do not carry lastModifiedBy: the page's examples show createdBy only, and Microsoft
 *   answers that "The lastModifiedBy property is not returned by the ListItem Delta API, and this is
 *   expected behavior" (Microsoft Q&A 5768708, 2026). Who last changed an item is in its fields
 *   (EditorLookupId, or Editor by name) and in GET .../items/{id} (lastModifiedBy).
 */

export type ResyncCode = 'resyncChangesApplyDifferences' | 'resyncChangesUploadDifferences' | 'resyncRequired';

const RESYNC_MESSAGES: Record<ResyncCode, string> = {
  resyncChangesApplyDifferences:
    "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
  resyncChangesUploadDifferences:
    "Resync required. Upload any local items that the service did not return, and upload any items that differ from the server's version. Keep both copies if you're not sure which one is more up-to-date.",
  resyncRequired:
    "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
};

/** SharePoint's default change-log retention (SPWebApplication.ChangeLogRetentionPeriod: 60 days). */
export const DEFAULT_DELTA_RETENTION_MS = 60 * 24 * 60 * 60 * 1000;

const stateSchema = z.object({
  v: z.literal(1),
  list: z.string(),
  /** enumerate: the first read of the whole list, by item id; changes: what changed after a change number. */
  phase: z.enum(['enumerate', 'changes']),
  /** enumerate: the change number when the enumeration began (its deltaLink starts there). */
  since: z.number().int().nonnegative(),
  /** enumerate: the last item id returned; changes: the last change number returned. */
  after: z.number().int().nonnegative(),
  /** When the token's change-log position was taken (ms since the epoch). */
  issued: z.number(),
  epoch: z.number().int().nonnegative(),
  expand: z.string().nullable(),
  select: z.string().nullable(),
  top: z.number().int().positive().nullable(),
});

type DeltaState = z.infer<typeof stateSchema>;

function encodeToken(state: DeltaState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeToken(token: string): DeltaState | null {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Which delta tokens the stand-in still serves. Tests shorten `retentionMs` (and wait past it) or
 * call `invalidate()` to get 410 Gone; `resyncCode` picks the error code the 410 carries.
 */
export class DeltaTokens {
  /** How long a change-log position stays usable (default 60 days). */
  retentionMs = DEFAULT_DELTA_RETENTION_MS;
  /** The code a 410 carries (default resyncChangesApplyDifferences, as listitem-delta names it first). */
  resyncCode: ResyncCode = 'resyncChangesApplyDifferences';
  /** The clock tokens are dated by; a test may replace it to age tokens without waiting. */
  now: () => number = Date.now;
  private globalEpoch = 0;
  private readonly listEpochs = new Map<string, number>();

  /** Every token issued so far (for one list, or all) answers 410 Gone from now on. */
  invalidate(options: { list?: ListModel; code?: ResyncCode } = {}): void {
    if (options.code) this.resyncCode = options.code;
    if (options.list) this.listEpochs.set(options.list.id, (this.listEpochs.get(options.list.id) ?? 0) + 1);
    else this.globalEpoch += 1;
  }

  epochOf(list: ListModel): number {
    return this.globalEpoch + (this.listEpochs.get(list.id) ?? 0);
  }
}

export interface DeltaRequest {
  list: ListModel;
  query: URLSearchParams;
  defaultPageSize: number;
  maxPageSize: number;
  /** The endpoint's absolute URL, without a query: links go back to it with ?token=. */
  endpoint: string;
  /** The $metadata context of the response. */
  context: string;
  /** An item as delta shows it, with fields when $expand asks ([] all, or the names selected). */
  itemJson(item: ItemModel, fields: string[] | null): Record<string, unknown>;
  /** A deleted item as delta shows it. */
  removedJson(removed: RemovedItem): Record<string, unknown>;
}

export interface DeltaAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** Selects top-level properties ($select); id, fields and deleted always stay. */
function project(json: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (select === null) return json;
  const keep = new Set([...select.split(',').map((s) => s.trim()), 'id', 'fields', 'deleted']);
  return Object.fromEntries(Object.entries(json).filter(([key]) => keep.has(key)));
}

/** Answers one delta request: a page of the enumeration or of the changes, 410, or 400. */
export function deltaPage(site: SharePointSite, tokens: DeltaTokens, request: DeltaRequest): DeltaAnswer {
  const { list, query } = request;
  const now = tokens.now();
  const link = (state: DeltaState): string => `${request.endpoint}?token=${encodeToken(state)}`;
  const tokenText = query.get('token');

  let state: DeltaState;
  if (tokenText === null || tokenText === 'latest') {
    if (query.has('$filter')) throw new ServiceError(400, 'invalidRequest', '$filter is not supported on delta (listitem-delta supports $select, $expand and $top).');
    const topText = query.get('$top');
    const top = topText === null ? null : Number(topText);
    if (top !== null && (!Number.isInteger(top) || top < 1)) throw new ServiceError(400, 'invalidRequest', 'Invalid $top value.');
    const expand = query.get('$expand');
    parseExpandFields(expand); // refuses an $expand the items endpoint would refuse
    const base = { v: 1 as const, list: list.id, issued: now, epoch: tokens.epochOf(list), expand, select: query.get('$select'), top };
    if (tokenText === 'latest') {
      // "returns an empty response with the latest delta token" (listitem-delta, Example 3).
      const latest: DeltaState = { ...base, phase: 'changes', since: site.lastChange, after: site.lastChange };
      return { status: 200, body: { '@odata.context': request.context, value: [], '@odata.deltaLink': link(latest) } };
    }
    state = { ...base, phase: 'enumerate', since: site.lastChange, after: 0 };
  } else {
    const decoded = decodeToken(tokenText);
    // Reported for a garbled token: 400 "Provided sync token is malformed" (not a resync).
    if (!decoded || decoded.list !== list.id) throw new ServiceError(400, 'invalidRequest', 'Provided sync token is malformed.');
    if (decoded.epoch < tokens.epochOf(list) || now - decoded.issued > tokens.retentionMs) {
      const fresh: DeltaState = { ...decoded, phase: 'enumerate', since: site.lastChange, after: 0, issued: now, epoch: tokens.epochOf(list) };
      return { status: 410, headers: { Location: link(fresh) }, body: graphErrorBody(tokens.resyncCode, RESYNC_MESSAGES[tokens.resyncCode]) };
    }
    state = decoded;
  }

  const pageSize = Math.min(state.top ?? request.defaultPageSize, request.maxPageSize);
  const fields = parseExpandFields(state.expand);
  const body: Record<string, unknown> = { '@odata.context': request.context };

  if (state.phase === 'enumerate') {
    // The list as it is now, by id; what changes meanwhile comes again from the deltaLink on.
    const remaining = [...list.items.values()].filter((i) => i.id > state.after).sort((a, b) => a.id - b.id);
    const page = remaining.slice(0, pageSize);
    body.value = page.map((i) => project(request.itemJson(i, fields), state.select));
    const last = page.at(-1);
    if (remaining.length > pageSize && last) body['@odata.nextLink'] = link({ ...state, after: last.id });
    else body['@odata.deltaLink'] = link({ ...state, phase: 'changes', after: state.since });
    return { status: 200, body };
  }

  // Changes since the token: each item once, in its latest state, in the order of its last change.
  type Entry = { change: number; json: () => Record<string, unknown> };
  const entries: Entry[] = [];
  for (const item of list.items.values()) if (item.change > state.after) entries.push({ change: item.change, json: () => project(request.itemJson(item, fields), state.select) });
  for (const removed of list.removed.values()) if (removed.change > state.after) entries.push({ change: removed.change, json: () => request.removedJson(removed) });
  entries.sort((a, b) => a.change - b.change);
  const page = entries.slice(0, pageSize);
  body.value = page.map((e) => e.json());
  const last = page.at(-1);
  if (entries.length > pageSize && last) {
    body['@odata.nextLink'] = link({ ...state, after: last.change });
  } else {
    // Everything up to now has been returned: the next round starts from the latest change.
    body['@odata.deltaLink'] = link({ ...state, since: site.lastChange, after: site.lastChange, issued: now });
  }
  return { status: 200, body };
}
