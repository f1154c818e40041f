import { isGuid } from '../plan/guid.js';
import { z } from 'zod';
import { batchStepError, isSuccess, runBatch, type BatchStep } from '../graph/graph-batch.js';
import type { GraphHttp } from '../graph/graph-http.js';
import { graphPages } from '../graph/graph-paging.js';
import { HttpError } from '../graph/http-error.js';
import { PlanError } from '../plan/errors.js';
import { directoryQuery } from './directory-query.js';
import type { DirectoryEntry } from './lead-matching.js';
import type { PlanLead } from './plan-leads.js';

/**
 * Entra ID users and groups through Graph, for matching leads. Each lead is one GET of /users or
 * /groups with $search (api/user-list, api/group-list; graph/search-query-parameter), which works
 * on directory objects only as an advanced query: without the header "ConsistencyLevel: eventual"
 * Graph answers 400 Request_UnsupportedQuery (graph/aad-advanced-queries, "Error handling"). The
 * searches of a plan's leads go 20 to a $batch, the header inside each request as that page asks;
 * each is throttled on its own and retried by graph-batch.ts. Names are never logged or put in
 * an error: HttpError keeps the path and drops the query.
 */

export type DirectoryAnswer =
  | { kind: 'found'; entries: DirectoryEntry[] }
  /** The directory would not answer this search (403): the reason, naming the permission. */
  | { kind: 'refused'; reason: string };

export interface SearchOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface Directory {
  /** Each lead's answers by lead key; a lead with nothing searchable in its name has none. */
  searchLeads(leads: readonly PlanLead[], options?: SearchOptions): Promise<Map<string, DirectoryAnswer>>;
  /** A user by object id, mail address or sign-in name; null when there is none. */
  findUser(idOrMail: string): Promise<Extract<DirectoryEntry, { kind: 'user' }> | null>;
  /** A group by object id or mail address; null when there is none. */
  findGroup(idOrMail: string): Promise<Extract<DirectoryEntry, { kind: 'group' }> | null>;
}

export const USER_SELECT = 'id,displayName,mail,userPrincipalName,jobTitle';
export const GROUP_SELECT = 'id,displayName,mail,mailNickname';
const EVENTUAL = { ConsistencyLevel: 'eventual' };
/** Pages read past the first for one name: a name that many people share is ambiguous already. */
const MAX_EXTRA_PAGES = 3;


const optionalText = z.string().nullable().optional();
const userSchema = z.object({ id: z.string(), displayName: optionalText, mail: optionalText, userPrincipalName: optionalText, jobTitle: optionalText });
const groupSchema = z.object({ id: z.string(), displayName: optionalText, mail: optionalText, mailNickname: optionalText });
const pageSchema = z.object({ value: z.array(z.unknown()), '@odata.nextLink': z.string().optional() });

function toUser(raw: unknown): Extract<DirectoryEntry, { kind: 'user' }> {
  const u = userSchema.parse(raw);
  return { kind: 'user', id: u.id, displayName: u.displayName || u.userPrincipalName || u.id, mail: u.mail ?? null, userPrincipalName: u.userPrincipalName ?? null, jobTitle: u.jobTitle ?? null };
}

function toGroup(raw: unknown): Extract<DirectoryEntry, { kind: 'group' }> {
  const g = groupSchema.parse(raw);
  return { kind: 'group', id: g.id, displayName: g.displayName || g.mail || g.id, mail: g.mail ?? null, mailNickname: g.mailNickname ?? null };
}

const PERMISSIONS = { users: 'User.Read.All', groups: 'GroupMember.Read.All' } as const;

/** Why the directory refused, and what an admin grants so it answers. */
export function refusalReason(resource: 'users' | 'groups', error: { status: number; code: string }): string {
  return `the directory refused to search ${resource} (HTTP ${error.status} ${error.code}): the app needs the application permission ${PERMISSIONS[resource]}, with admin consent (docs/permissions.md)`;
}

function refused(resource: 'users' | 'groups', error: HttpError): PlanError {
  return new PlanError('store_failure', refusalReason(resource, error), { cause: error });
}

function searchUrl(resource: 'users' | 'groups', search: string, top: number): string {
  const select = resource === 'users' ? USER_SELECT : GROUP_SELECT;
  return `/${resource}?$search=${encodeURIComponent(search)}&$select=${select}&$top=${top}&$count=true`;
}

export function graphDirectory(http: GraphHttp, options: { pageSize?: number } = {}): Directory {
  const top = options.pageSize ?? 25;

  async function morePages(nextLink: string, signal: AbortSignal | undefined): Promise<unknown[]> {
    const rest: unknown[] = [];
    let pages = 0;
    for await (const page of graphPages(http, nextLink, { headers: EVENTUAL, signal })) {
      rest.push(...page);
      if ((pages += 1) >= MAX_EXTRA_PAGES) break;
    }
    return rest;
  }

  async function searchAll(resource: 'users' | 'groups', search: string): Promise<unknown[]> {
    const items: unknown[] = [];
    for await (const page of graphPages(http, searchUrl(resource, search, top), { headers: EVENTUAL })) items.push(...page);
    return items;
  }

  async function getOne(resource: 'users' | 'groups', id: string): Promise<unknown | null> {
    try {
      const select = resource === 'users' ? USER_SELECT : GROUP_SELECT;
      return (await http.send({ method: 'GET', url: `/${resource}/${encodeURIComponent(id)}?$select=${select}` })).body;
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return null;
      if (error instanceof HttpError && error.status === 403) throw refused(resource, error);
      throw error;
    }
  }

  /** Exact match on mail or sign-in name: $search on those is "starts with". */
  async function byAddress(resource: 'users' | 'groups', address: string): Promise<unknown[]> {
    const lower = address.toLowerCase();
    const property = resource === 'users' ? ['mail', 'userPrincipalName'] : ['mail'];
    const search = property.map((p) => `"${p}:${address.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' OR ');
    try {
      const found = await searchAll(resource, search);
      return found.filter((raw) => {
        const entry = z.object({ mail: optionalText, userPrincipalName: optionalText }).parse(raw);
        return entry.mail?.toLowerCase() === lower || entry.userPrincipalName?.toLowerCase() === lower;
      });
    } catch (error) {
      if (error instanceof HttpError && error.status === 403) throw refused(resource, error);
      throw error;
    }
  }

  return {
    async searchLeads(leads, searchOptions = {}) {
      const answers = new Map<string, DirectoryAnswer>();
      const steps: { step: BatchStep; key: string; resource: 'users' | 'groups' }[] = [];
      leads.forEach((planLead, i) => {
        const query = directoryQuery(planLead.lead);
        if (query === null) {
          answers.set(planLead.key, { kind: 'found', entries: [] });
          return;
        }
        steps.push({ key: planLead.key, resource: query.resource, step: { id: `lead${i}`, method: 'GET', url: searchUrl(query.resource, query.search, top), headers: EVENTUAL } });
      });
      const outcomes = await runBatch(
        http,
        steps.map((s) => s.step),
        { ...(searchOptions.signal && { signal: searchOptions.signal }), ...(searchOptions.onProgress && { onProgress: searchOptions.onProgress }) },
      );
      for (const { step, key, resource } of steps) {
        const outcome = outcomes.get(step.id);
        if (!outcome) throw new PlanError('store_failure', `the directory search ${step.id} got no answer`);
        if (outcome.status === 403) {
          const error = batchStepError(step, outcome);
          answers.set(key, { kind: 'refused', reason: refusalReason(resource, error) });
          continue;
        }
        if (!isSuccess(outcome)) throw batchStepError(step, outcome);
        const page = pageSchema.safeParse(outcome.body);
        if (!page.success) throw new PlanError('store_failure', `GET /${resource}: the directory's answer is not a collection (${page.error.issues[0]?.message ?? 'invalid'})`);
        const raw = [...page.data.value];
        const next = page.data['@odata.nextLink'];
        if (next !== undefined) raw.push(...(await morePages(next, searchOptions.signal)));
        answers.set(key, { kind: 'found', entries: raw.map((item): DirectoryEntry => (resource === 'users' ? toUser(item) : toGroup(item))) });
      }
      return answers;
    },

    async findUser(idOrMail) {
      const value = idOrMail.trim();
      if (isGuid(value)) {
        const raw = await getOne('users', value);
        return raw === null ? null : toUser(raw);
      }
      if (!value.includes('@')) throw new PlanError('invalid_input', `"${value}" is neither a user's object id nor a mail address`);
      const found = await byAddress('users', value);
      return found.length === 0 ? null : toUser(found[0]);
    },

    async findGroup(idOrMail) {
      const value = idOrMail.trim();
      if (isGuid(value)) {
        const raw = await getOne('groups', value);
        return raw === null ? null : toGroup(raw);
      }
      if (!value.includes('@')) throw new PlanError('invalid_input', `"${value}" is neither a group's object id nor a mail address`);
      const found = await byAddress('groups', value);
      return found.length === 0 ? null : toGroup(found[0]);
    },
  };
}

/** Whether a value can only be an object id (so it may be stored without asking the directory). */
export function isObjectId(value: string): boolean {
  return isGuid(value.trim());
}
