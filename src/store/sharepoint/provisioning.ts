import { z } from 'zod';
import type { GraphHttp } from '../../graph/graph-http.js';
import { HttpError } from '../../graph/http-error.js';
import { PlanError } from '../../plan/errors.js';
import { PLAN_LISTS, SCHEMA_MARKER, columnDefinition, facetOf, type ColumnSpec, type ListKey, type ListSpec } from './list-schema.js';
import { SITE_LISTS_QUERY } from './site-lists.js';
import { PLAN_VIEWS, type ViewSpec } from './view-definitions.js';

/**
 * Makes a site ready for plans: the lists with their columns and indexes (Graph: api/list-create
 * with columns, api/list-post-columns, api/columndefinition-update), then the views (SharePoint
 * REST, see view-definitions.ts). Idempotent: what exists and matches is left alone, and a second
 * run reports "already up to date". A list of the same name that is not ours and has other columns
 * is reported as a conflict and never changed, nor are the lists that would look up to it.
 */

export type ProvisionStatus = 'created' | 'updated' | 'unchanged' | 'conflict' | 'skipped';

export interface ProvisionStep {
  kind: 'list' | 'view';
  name: string;
  status: ProvisionStatus;
  detail: string;
}

export interface ProvisionReport {
  siteId: string;
  siteUrl: string;
  steps: ProvisionStep[];
  upToDate: boolean;
  conflicts: ProvisionStep[];
}

export interface ProvisionOptions {
  http: GraphHttp;
  /** The site's URL (https://contoso.sharepoint.com/sites/plans) or its Graph id. */
  site: string;
  onProgress?: (step: ProvisionStep, done: number, total: number) => void;
  signal?: AbortSignal;
}

const siteSchema = z.object({ id: z.string(), webUrl: z.string(), displayName: z.string().optional() });

/** A site by URL (api/site-getbypath: /sites/{hostname}:/{path}) or by id (api/site-get). */
export async function resolveSite(http: GraphHttp, site: string): Promise<{ id: string; webUrl: string }> {
  let path: string;
  if (/^https?:\/\//i.test(site)) {
    const url = new URL(site);
    const serverRelative = url.pathname.replace(/\/+$/, '');
    path = serverRelative === '' ? `/sites/${url.host}` : `/sites/${url.host}:${serverRelative}`;
  } else {
    path = `/sites/${encodeURIComponent(site)}`;
  }
  try {
    const reply = await http.send({ method: 'GET', url: path });
    return siteSchema.parse(reply.body);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new PlanError('invalid_input', `no SharePoint site at ${site}`, { cause: error });
    throw error;
  }
}

const existingColumnSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    indexed: z.boolean().optional(),
    enforceUniqueValues: z.boolean().optional(),
    text: z.object({ allowMultipleLines: z.boolean().optional() }).loose().optional(),
    choice: z.object({ choices: z.array(z.string()).optional() }).loose().optional(),
    lookup: z.object({ listId: z.string().optional() }).loose().optional(),
  })
  .loose();
type ExistingColumn = z.infer<typeof existingColumnSchema>;

const existingListsSchema = z.object({
  value: z.array(
    z.object({ id: z.string(), displayName: z.string(), description: z.string().optional(), columns: z.array(existingColumnSchema).optional() }),
  ),
});
type ExistingList = z.infer<typeof existingListsSchema>['value'][number];
const columnsSchema = z.object({ value: z.array(existingColumnSchema) });

interface ColumnCheck {
  conflicts: string[];
  missing: ColumnSpec[];
  /** Columns ours that need an index or uniqueness switched on. */
  fixes: { column: ExistingColumn; patch: Record<string, unknown>; name: string }[];
  /** Choice columns that lack choices the product now writes: all their choices, kept and added. */
  missingChoices: { column: ExistingColumn; name: string; choices: string[]; missing: string[] }[];
}

function checkColumns(spec: ListSpec, existing: ExistingList, listIds: ReadonlyMap<ListKey, string>): ColumnCheck {
  const check: ColumnCheck = { conflicts: [], missing: [], fixes: [], missingChoices: [] };
  for (const column of spec.columns) {
    const found = existing.columns?.find((c) => c.name === column.name);
    if (!found) {
      check.missing.push(column);
      continue;
    }
    const facet = facetOf(column);
    if (!(facet in found) || found[facet] === undefined) {
      check.conflicts.push(`${column.name} is not a ${facet} column`);
      continue;
    }
    if (column.kind === 'text' && Boolean(column.multiline) !== Boolean(found.text?.allowMultipleLines)) {
      check.conflicts.push(`${column.name} is ${found.text?.allowMultipleLines ? 'multi' : 'single'}-line text`);
    }
    if (column.kind === 'choice') {
      const existingChoices = found.choice?.choices ?? [];
      const missingChoices = column.choices.filter((c) => !existingChoices.includes(c));
      // A choice the product added since the site was provisioned (an update's origin "email"): our
      // own list gets it added, keeping every choice it has; someone else's list is theirs to change.
      if (missingChoices.length > 0) check.missingChoices.push({ column: found, name: column.name, choices: [...existingChoices, ...missingChoices], missing: missingChoices });
    }
    if (column.kind === 'lookup' && found.lookup?.listId !== listIds.get(column.list)) {
      check.conflicts.push(`${column.name} looks up another list`);
    }
    const unique = column.kind === 'text' && column.unique === true;
    const patch: Record<string, unknown> = {};
    if ((column.indexed || unique) && !found.indexed) patch.indexed = true;
    if (unique && !found.enforceUniqueValues) patch.enforceUniqueValues = true;
    if (Object.keys(patch).length > 0) check.fixes.push({ column: found, patch, name: column.name });
  }
  return check;
}

function sharePointTitle(title: string): string {
  return title.replace(/'/g, "''");
}

const viewsSchema = z.object({ d: z.object({ results: z.array(z.object({ Title: z.string() }).loose()) }) });

const VERBOSE = { Accept: 'application/json;odata=verbose', 'Content-Type': 'application/json;odata=verbose' };

async function provisionView(http: GraphHttp, siteUrl: string, listTitle: string, view: ViewSpec, existing: ReadonlySet<string>, signal?: AbortSignal): Promise<ProvisionStep> {
  const name = `${listTitle}: ${view.title}`;
  if (existing.has(view.title)) return { kind: 'view', name, status: 'unchanged', detail: 'exists (left as managers may have changed it)' };
  const views = `${siteUrl}/_api/web/lists/getbytitle('${encodeURIComponent(sharePointTitle(listTitle))}')/views`;
  await http.send({
    method: 'POST',
    url: views,
    headers: VERBOSE,
    body: JSON.stringify({ __metadata: { type: 'SP.View' }, Title: view.title, PersonalView: false, ViewQuery: view.viewQuery, RowLimit: view.rowLimit }),
    resourceUnits: 2,
    signal,
  });
  const viewUrl = `${views}/getbytitle('${encodeURIComponent(sharePointTitle(view.title))}')/viewfields`;
  await http.send({ method: 'POST', url: `${viewUrl}/removeallviewfields`, headers: VERBOSE, body: '', resourceUnits: 2, signal });
  for (const field of view.fields) {
    await http.send({ method: 'POST', url: `${viewUrl}/addviewfield('${encodeURIComponent(field)}')`, headers: VERBOSE, body: '', resourceUnits: 2, signal });
  }
  return { kind: 'view', name, status: 'created', detail: `${view.fields.length} columns` };
}

export async function provisionPlanSite(options: ProvisionOptions): Promise<ProvisionReport> {
  const site = await resolveSite(options.http, options.site);
  try {
    return await provisionResolvedSite(options, site);
  } catch (error) {
    throw explainRefusedChange(error, site);
  }
}

/**
 * A change to the site's structure refused with 403. Creating lists, adding and indexing columns
 * (api/list-create, list-post-columns, columndefinition-update: least privileged Sites.Manage.All)
 * and adding public views (SharePoint's ManageLists right) need the app's Sites.Selected grant on
 * the site to carry the manage role; write, enough to run day to day, is refused. What was
 * created before the refusal stays, and the next run carries on from it.
 */
function explainRefusedChange(error: unknown, site: { id: string; webUrl: string }): unknown {
  if (!(error instanceof HttpError) || error.status !== 403 || error.request.method === 'GET') return error;
  return new PlanError(
    'store_failure',
    `${error.request.method} ${error.request.url} was refused (403 ${error.code}): provisioning changes the site's structure (lists, columns, indexes, views), ` +
      `which needs the app's Sites.Selected grant on ${site.webUrl} to have the "manage" role; "write" is enough afterwards. ` +
      `Raise it for this run with Graph's PATCH /sites/${site.id}/permissions/{permission-id} and {"roles": ["manage"]}, ` +
      `run plan provision again (it carries on from what exists), then set it back to "write" (docs/permissions.md#provisioning)`,
    { cause: error },
  );
}

async function provisionResolvedSite(options: ProvisionOptions, site: { id: string; webUrl: string }): Promise<ProvisionReport> {
  const { http, signal } = options;
  const sitePath = `/sites/${encodeURIComponent(site.id)}`;
  const total = PLAN_LISTS.length + PLAN_VIEWS.length;
  const steps: ProvisionStep[] = [];
  const report = (step: ProvisionStep): void => {
    steps.push(step);
    options.onProgress?.(step, steps.length, total);
  };

  // Lists first, hidden ones included (SITE_LISTS_QUERY selects `system`), then the columns of
  // those whose names we use (api/list-list-columns).
  const listed = existingListsSchema.parse((await http.send({ method: 'GET', url: `${sitePath}/lists?${SITE_LISTS_QUERY}`, signal })).body).value;
  for (const list of listed) {
    if (!PLAN_LISTS.some((spec) => spec.displayName.toLowerCase() === list.displayName.toLowerCase())) continue;
    list.columns = columnsSchema.parse((await http.send({ method: 'GET', url: `${sitePath}/lists/${list.id}/columns`, signal })).body).value;
  }
  const listIds = new Map<ListKey, string>();
  const unusable = new Set<ListKey>();

  for (const spec of PLAN_LISTS) {
    const blockedBy = spec.columns.flatMap((c) => (c.kind === 'lookup' && unusable.has(c.list) ? [c.list] : []));
    if (blockedBy.length > 0) {
      unusable.add(spec.key);
      report({ kind: 'list', name: spec.displayName, status: 'skipped', detail: `it looks up ${[...new Set(blockedBy)].join(', ')}, which is in conflict` });
      continue;
    }
    const existing = listed.find((l) => l.displayName.toLowerCase() === spec.displayName.toLowerCase());
    if (!existing) {
      const body = {
        displayName: spec.displayName,
        description: SCHEMA_MARKER,
        columns: spec.columns.map((c) => columnDefinition(c, listIds)),
        list: { template: 'genericList', hidden: spec.hidden },
      };
      const created = z.object({ id: z.string() }).loose().parse((await http.send({ method: 'POST', url: `${sitePath}/lists`, body, signal })).body);
      listIds.set(spec.key, created.id);
      report({ kind: 'list', name: spec.displayName, status: 'created', detail: `${spec.columns.length} columns` });
      continue;
    }
    listIds.set(spec.key, existing.id);
    const ours = (existing.description ?? '').startsWith(SCHEMA_MARKER.slice(0, SCHEMA_MARKER.indexOf('(')));
    const check = checkColumns(spec, existing, listIds);
    if (check.conflicts.length > 0 || ((check.missing.length > 0 || check.missingChoices.length > 0) && !ours)) {
      unusable.add(spec.key);
      const problems = [
        ...check.conflicts,
        ...check.missingChoices.map((c) => `${c.name} lacks the choices ${c.missing.join(', ')}`),
        ...(check.missing.length > 0 ? [`missing ${check.missing.map((c) => c.name).join(', ')}`] : []),
      ];
      report({ kind: 'list', name: spec.displayName, status: 'conflict', detail: `a list of this name exists with other columns (${problems.join('; ')}); left as it is` });
      continue;
    }
    const changes: string[] = [];
    for (const column of check.missing) {
      await http.send({ method: 'POST', url: `${sitePath}/lists/${existing.id}/columns`, body: columnDefinition(column, listIds), signal });
      changes.push(`added ${column.name}`);
    }
    for (const fix of check.fixes) {
      // Unique columns must be indexed first (PLATFORM-LIMITS.md).
      if (fix.patch.indexed) await http.send({ method: 'PATCH', url: `${sitePath}/lists/${existing.id}/columns/${fix.column.id}`, body: { indexed: true }, signal });
      if (fix.patch.enforceUniqueValues) {
        await http.send({ method: 'PATCH', url: `${sitePath}/lists/${existing.id}/columns/${fix.column.id}`, body: { enforceUniqueValues: true }, signal });
      }
      changes.push(`${Object.keys(fix.patch).join(' and ')} on ${fix.name}`);
    }
    for (const fix of check.missingChoices) {
      // api/columndefinition-update: the choice facet is sent whole, so every existing choice goes with it.
      await http.send({ method: 'PATCH', url: `${sitePath}/lists/${existing.id}/columns/${fix.column.id}`, body: { choice: { ...fix.column.choice, choices: fix.choices } }, signal });
      changes.push(`added the choices ${fix.missing.join(', ')} to ${fix.name}`);
    }
    report({ kind: 'list', name: spec.displayName, status: changes.length > 0 ? 'updated' : 'unchanged', detail: changes.length > 0 ? changes.join('; ') : 'matches' });
  }

  const viewLists = [...new Set(PLAN_VIEWS.map((v) => v.list))];
  for (const key of viewLists) {
    const spec = PLAN_LISTS.find((l) => l.key === key);
    if (!spec) continue;
    const views = PLAN_VIEWS.filter((v) => v.list === key);
    if (unusable.has(key)) {
      for (const view of views) report({ kind: 'view', name: `${spec.displayName}: ${view.title}`, status: 'skipped', detail: `the ${spec.displayName} list is in conflict` });
      continue;
    }
    const listViews = `${site.webUrl}/_api/web/lists/getbytitle('${encodeURIComponent(sharePointTitle(spec.displayName))}')/views?$select=Title`;
    const existing = new Set(viewsSchema.parse((await http.send({ method: 'GET', url: listViews, headers: VERBOSE, resourceUnits: 2, signal })).body).d.results.map((v) => v.Title));
    for (const view of views) report(await provisionView(http, site.webUrl, spec.displayName, view, existing, signal));
  }

  const conflicts = steps.filter((s) => s.status === 'conflict' || s.status === 'skipped');
  return { siteId: site.id, siteUrl: site.webUrl, steps, conflicts, upToDate: steps.every((s) => s.status === 'unchanged') };
}

/** The report in words, for the command line. */
export function describeProvisioning(report: ProvisionReport): string {
  if (report.upToDate) {
    const lists = report.steps.filter((s) => s.kind === 'list').length;
    const views = report.steps.filter((s) => s.kind === 'view').length;
    return `${report.siteUrl}: already up to date (${lists} lists, ${views} views); nothing to change.`;
  }
  const lines = report.steps.map((s) => `  ${s.status.padEnd(9)} ${s.kind} ${s.name}: ${s.detail}`);
  const head = report.conflicts.length > 0 ? `${report.siteUrl}: ${report.conflicts.length} problem(s) need attention; nothing of theirs was changed.` : `${report.siteUrl}: ready.`;
  return [head, ...lines].join('\n');
}
