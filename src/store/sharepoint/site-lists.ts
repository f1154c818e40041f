import { z } from 'zod';
import { runBatch, type BatchOutcome, type BatchStep } from '../../graph/graph-batch.js';
import type { GraphHttp } from '../../graph/graph-http.js';
import { readDeltaRound } from '../../graph/graph-delta.js';
import { graphCollect } from '../../graph/graph-paging.js';
import { HttpError, isUniqueValueConflict } from '../../graph/http-error.js';
import { PlanError } from '../../plan/errors.js';
import { PLAN_LISTS, type ListKey } from './list-schema.js';

/**
 * List items of the plan site through Graph (api/listitem-list, listitem-get, listitem-create,
 * listitem-update, listitem-delete): reads select their fields ($expand=fields($select=...)) and
 * page with nextLink; many writes go 20 to a $batch.
 */

export interface ListItem {
  id: string;
  eTag: string;
  fields: Record<string, unknown>;
}

/** An item as a delta round gives it: changed (with its fields and when), or deleted. */
export type DeltaItem = { kind: 'changed'; item: ListItem; modifiedAt: string | null } | { kind: 'deleted'; id: string };

const deltaItemSchema = z.object({ id: z.string(), deleted: z.object({ state: z.string() }).optional(), lastModifiedDateTime: z.string().optional() }).loose();

const listItemSchema = z.object({
  id: z.string(),
  eTag: z.string().optional(),
  '@odata.etag': z.string().optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

function toItem(raw: unknown): ListItem {
  const item = listItemSchema.parse(raw);
  const eTag = item.eTag ?? item['@odata.etag'] ?? (typeof item.fields?.['@odata.etag'] === 'string' ? item.fields['@odata.etag'] : '');
  return { id: item.id, eTag, fields: item.fields ?? {} };
}

/** An OData string literal: single quotes doubled (OData ABNF), the whole value URL-encoded by the caller. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Item ids are whole numbers; anything else cannot name an item and is never put in a URL. */
export function isItemId(value: string): boolean {
  return /^[1-9]\d{0,9}$/.test(value);
}

export interface PlanSiteIds {
  siteId: string;
  lists: ReadonlyMap<ListKey, string>;
}

const listsSchema = z.object({ value: z.array(z.object({ id: z.string(), displayName: z.string() })) });

/**
 * The site's lists, hidden ones included. Graph leaves lists with the system facet out of
 * GET /sites/{id}/lists unless $select names `system` (api/list-list), and the bot's conversations
 * list is hidden: without `system` it would look missing, and provisioning would try to create it
 * again.
 */
export const SITE_LISTS_QUERY = '$select=id,name,displayName,description,system';

/** Finds the plan lists on a site by their display names; a missing one means provisioning has not run. */
export async function findPlanLists(http: GraphHttp, siteId: string): Promise<PlanSiteIds> {
  const reply = await http.send({ method: 'GET', url: `/sites/${encodeURIComponent(siteId)}/lists?${SITE_LISTS_QUERY}` });
  const found = listsSchema.parse(reply.body).value;
  const lists = new Map<ListKey, string>();
  const missing: string[] = [];
  for (const spec of PLAN_LISTS) {
    const list = found.find((l) => l.displayName === spec.displayName);
    if (list) lists.set(spec.key, list.id);
    else missing.push(spec.displayName);
  }
  if (missing.length > 0) {
    throw new PlanError('store_failure', `the SharePoint site has no ${missing.join(', ')} list${missing.length > 1 ? 's' : ''}: run "plan provision --site ..." first`);
  }
  return { siteId, lists };
}

export interface QueryOptions {
  select: readonly string[];
  /** Only on indexed columns: beyond 5,000 items SharePoint refuses anything else. */
  filter?: string;
  // No orderBy: $orderby on list items is not among api/listitem-list's documented options and is
  // reported to be ignored, so callers sort what they read.
  /** A single page of at most this many items, instead of every page. */
  limit?: number;
  signal?: AbortSignal;
}

export interface BatchWriteOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export class SiteLists {
  constructor(
    readonly http: GraphHttp,
    readonly ids: PlanSiteIds,
    /** $top asked for; the server may send less (its maximum is undocumented) and nextLink covers the rest. */
    readonly pageSize: number,
  ) {}

  listPath(key: ListKey): string {
    const id = this.ids.lists.get(key);
    if (!id) throw new Error(`list ${key} was not resolved`);
    return `/sites/${encodeURIComponent(this.ids.siteId)}/lists/${id}`;
  }

  private queryUrl(key: ListKey, options: QueryOptions): string {
    const parts = [`$expand=fields($select=${options.select.join(',')})`, `$top=${options.limit ?? this.pageSize}`];
    if (options.filter) parts.push(`$filter=${encodeURIComponent(options.filter)}`);
    return `${this.listPath(key)}/items?${parts.join('&')}`;
  }

  /** Every matching item, in no order a caller may rely on. */
  async query(key: ListKey, options: QueryOptions): Promise<ListItem[]> {
    if (options.limit !== undefined) {
      const reply = await this.http.send({ method: 'GET', url: this.queryUrl(key, options), signal: options.signal });
      return z.object({ value: z.array(z.unknown()) }).parse(reply.body).value.map(toItem);
    }
    const items = await graphCollect(this.http, this.queryUrl(key, options), z.unknown(), { signal: options.signal });
    return items.map(toItem);
  }

  /**
   * One round of the list's delta (api/listitem-delta): every page read before it is returned, from
   * `link` (the last round's deltaLink) or from the start. 410 is DeltaResyncRequired (graph-delta.ts).
   */
  async delta(key: ListKey, select: readonly string[], link: string | null, signal?: AbortSignal): Promise<{ items: DeltaItem[]; deltaLink: string; pages: number }> {
    const url = link ?? `${this.listPath(key)}/items/delta?$expand=fields($select=${select.join(',')})&$top=${this.pageSize}`;
    const round = await readDeltaRound(this.http, url, { signal });
    const items = round.items.map((raw): DeltaItem => {
      const d = deltaItemSchema.parse(raw);
      return d.deleted ? { kind: 'deleted', id: d.id } : { kind: 'changed', item: toItem(raw), modifiedAt: d.lastModifiedDateTime ?? null };
    });
    return { items, deltaLink: round.deltaLink, pages: round.pages };
  }

  async get(key: ListKey, id: string, select: readonly string[]): Promise<ListItem | null> {
    if (!isItemId(id)) return null;
    try {
      const reply = await this.http.send({ method: 'GET', url: `${this.listPath(key)}/items/${id}?$expand=fields($select=${select.join(',')})` });
      return toItem(reply.body);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return null;
      throw error;
    }
  }

  async create(key: ListKey, fields: Record<string, unknown>): Promise<ListItem> {
    const reply = await this.http.send({ method: 'POST', url: `${this.listPath(key)}/items`, body: { fields } });
    return toItem(reply.body);
  }

  /**
   * Writes the one item a unique column keeps for a key: patches the item `find` answers, else
   * creates one. When another server created it a moment ago the unique column refuses ours, and
   * theirs is patched: this write is the newer.
   */
  async upsert(key: ListKey, find: () => Promise<ListItem | null>, fields: Record<string, unknown>): Promise<void> {
    const existing = await find();
    if (existing) {
      await this.patch(key, existing.id, fields);
      return;
    }
    try {
      await this.create(key, fields);
    } catch (error) {
      if (!(error instanceof HttpError && isUniqueValueConflict(error.status, error.body))) throw error;
      const now = await find();
      if (!now) throw error;
      await this.patch(key, now.id, fields);
    }
  }

  /** Sets fields; with ifMatch a changed item gets 412 and keeps its values (api/listitem-update). Returns the new eTag. */
  async patch(key: ListKey, id: string, fields: Record<string, unknown>, ifMatch?: string): Promise<string> {
    const reply = await this.http.send({
      method: 'PATCH',
      url: `${this.listPath(key)}/items/${id}/fields`,
      body: fields,
      ...(ifMatch !== undefined && { headers: { 'If-Match': ifMatch } }),
    });
    const etag = z.object({ '@odata.etag': z.string().optional() }).loose().parse(reply.body)['@odata.etag'];
    return etag ?? '';
  }

  createStep(key: ListKey, id: string, fields: Record<string, unknown>): BatchStep {
    return { id, method: 'POST', url: `${this.listPath(key)}/items`, body: { fields } };
  }

  deleteStep(key: ListKey, id: string, itemId: string): BatchStep {
    return { id, method: 'DELETE', url: `${this.listPath(key)}/items/${itemId}` };
  }

  async batch(steps: readonly BatchStep[], options: BatchWriteOptions = {}): Promise<Map<string, BatchOutcome>> {
    return runBatch(this.http, steps, options);
  }

  createdItem(outcome: BatchOutcome): ListItem {
    return toItem(outcome.body);
  }
}
