import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DeltaResyncRequired } from '../../graph/graph-delta.js';
import { HttpError } from '../../graph/http-error.js';
import { changesBetween, type NewHistoryEntry, type RecordedFields } from '../../plan/action-history.js';
import { isReducedDate, type DateOnly } from '../../plan/calendar-date.js';
import { parseLeads } from '../../plan/lead.js';
import { isRag } from '../../plan/rag.js';
import type { NewUpdate } from '../../plan/update.js';
import { actionJson, lookupId, readAction, seenColumns, text, timescaleColumns, updateFields } from './item-codec.js';
import { createHistoryItem, historyByKeys } from './list-action-history.js';
import { ACTIONS_LIST, UPDATES_LIST, selectFor } from './list-schema.js';
import type { DeltaItem, ListItem, SiteLists } from './site-lists.js';
import type { ActionJson } from './stored-json.js';

/*
 * Edits made straight in the SharePoint lists, by managers in SharePoint's own views, noticed and
 * kept in the plan's record (issue 15, item 2). Each round reads the Actions and Updates lists'
 * delta (every page first, so a round is applied whole or not at all), then:
 * - an action whose visible columns (RAG, ref, action, outcome, leads, timescale) no longer say
 *   what the app last wrote there (ActionJson's `seen`, its timescale and leads) was edited by
 *   hand: the difference is a history entry, origin 'sharepoint', authored by the item's last
 *   editor (delta gives no lastModifiedBy: the Editor column's site user, read with
 *   SP.Web.getUserById), dated when it was edited. As the app's own changes do, the entry goes into
 *   ActionJson with the new `seen` in one If-Match PATCH, then becomes its History item (unique
 *   Key), so a failure between the two leaves it to the next round, never lost or doubled;
 * - an item someone added to the Updates list (no UpdateJson) is taken in as an update with origin
 *   'sharepoint', its author the person who added it.
 * The delta link of a list moves on only once its round is applied; a 410 reads the list again
 * from the start, which compares every item and so misses nothing.
 */

const ACTION_SELECT = [...selectFor(ACTIONS_LIST), 'EditorLookupId'];
const UPDATE_SELECT = [...selectFor(UPDATES_LIST), 'AuthorLookupId', 'EditorLookupId', 'Created'];
/** SharePoint's own account, as Modified By shows an app-only write ("SharePoint App"). */
const SHAREPOINT_APP_USER_ID = '1073741822';

export interface EditSyncDeps {
  /** The site's web URL, for SharePoint REST (who a site user is). */
  siteUrl: () => Promise<string>;
  /** The plan's time zone, to date an edit by the plan's day. */
  timeZoneOf: (planId: string) => Promise<string | null>;
  /** The day an instant falls on in a time zone. */
  dayIn: (timeZone: string, instant: Date) => DateOnly;
  signal?: AbortSignal;
}

export interface EditSyncReport {
  lists: { list: 'actions' | 'updates'; items: number; pages: number; resynced: boolean }[];
  /** History entries recorded for edits made in SharePoint. */
  recorded: number;
  /** Updates taken in from items added to the Updates list by hand. */
  adopted: number;
  /** Items that could not be taken in, and why (an action added by hand, an update with no action). */
  skipped: { list: 'actions' | 'updates'; id: string; why: string }[];
}

const siteUserSchema = z.object({ d: z.object({ Title: z.string(), Email: z.string().optional() }).loose() });

export class ListEditSync {
  private readonly links = new Map<'actions' | 'updates', string>();
  private running: Promise<EditSyncReport> | null = null;

  constructor(
    private readonly lists: SiteLists,
    private readonly deps: EditSyncDeps,
  ) {}

  /** One round; a round asked for while one runs joins it. */
  syncOnce(): Promise<EditSyncReport> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<EditSyncReport> {
    const report: EditSyncReport = { lists: [], recorded: 0, adopted: 0, skipped: [] };
    const users = new Map<string, string | null>();
    const editor = async (lookup: string | null): Promise<string | null> => {
      if (lookup === null) return null;
      if (!users.has(lookup)) users.set(lookup, await this.siteUserName(lookup));
      return users.get(lookup)!;
    };
    for (const list of ['actions', 'updates'] as const) {
      const { items, deltaLink, pages, resynced } = await this.readRound(list);
      for (const change of items) {
        if (change.kind === 'deleted') continue;
        if (list === 'actions') report.recorded += await this.noticeActionEdit(change.item, change.modifiedAt, editor, report);
        else report.adopted += await this.adoptUpdate(change.item, change.modifiedAt, editor, report);
      }
      // Only now: a round that failed part-way is read again from the same link.
      this.links.set(list, deltaLink);
      report.lists.push({ list, items: items.length, pages, resynced });
    }
    return report;
  }

  private async readRound(list: 'actions' | 'updates'): Promise<{ items: DeltaItem[]; deltaLink: string; pages: number; resynced: boolean }> {
    const select = list === 'actions' ? ACTION_SELECT : UPDATE_SELECT;
    try {
      return { ...(await this.lists.delta(list, select, this.links.get(list) ?? null, this.deps.signal)), resynced: false };
    } catch (error) {
      if (!(error instanceof DeltaResyncRequired)) throw error;
      this.links.delete(list);
      return { ...(await this.lists.delta(list, select, null, this.deps.signal)), resynced: true };
    }
  }

  private async siteUserName(lookup: string): Promise<string | null> {
    if (lookup === SHAREPOINT_APP_USER_ID) return 'SharePoint App';
    try {
      const reply = await this.lists.http.send({ method: 'GET', url: `${await this.deps.siteUrl()}/_api/web/getuserbyid(${Number(lookup)})`, headers: { Accept: 'application/json;odata=verbose' }, resourceUnits: 1, signal: this.deps.signal });
      return siteUserSchema.parse(reply.body).d.Title;
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return null;
      throw error;
    }
  }

  private async dayOf(planId: string, instant: string | null): Promise<{ day: DateOnly; at: string }> {
    const at = instant ?? new Date().toISOString();
    return { day: this.deps.dayIn((await this.deps.timeZoneOf(planId)) ?? 'Europe/London', new Date(at)), at };
  }

  /** An action's edit made in SharePoint as a history entry; 1 when one was recorded. */
  private async noticeActionEdit(item: ListItem, modifiedAt: string | null, editor: (lookup: string | null) => Promise<string | null>, report: EditSyncReport): Promise<number> {
    let stored;
    try {
      stored = readAction(item);
    } catch (error) {
      report.skipped.push({ list: 'actions', id: item.id, why: `not an action the app wrote (${error instanceof Error ? error.message : 'unreadable'}); add actions in the plan document or the tab` });
      return 0;
    }
    const { action, json } = stored;
    // The entry a change was written with, if a failure kept it from its own item.
    const pending = json.changeEntry ?? null;
    if (pending && (await historyByKeys(this.lists, [pending.key])).length === 0) await createHistoryItem(this.lists, pending, action);
    const seen = json.seen ?? seenColumns(action);
    const before: RecordedFields = { ref: seen.ref, text: seen.text, outcome: seen.outcome, rag: isRag(seen.rag) ? seen.rag : 'Not set', leadsText: json.leadsText, timescale: json.timescale };
    const changes = changesBetween(before, action);
    if (changes.length === 0 && json.seen) return 0;
    const { day, at } = await this.dayOf(action.planId, modifiedAt);
    const entry: NewHistoryEntry | null =
      changes.length === 0
        ? null
        : {
            kind: 'changed',
            changes,
            note: null,
            author: await editor(lookupId(item.fields, 'Editor')),
            authorId: null,
            origin: 'sharepoint',
            date: day,
            recordedAt: at,
            key: `sharepoint:${createHash('sha256').update(`${item.id}\n${item.eTag}`).digest('base64url').slice(0, 32)}`,
          };
    const leadsEdited = action.leadsText !== json.leadsText;
    const leads = leadsEdited ? parseLeads(action.leadsText) : json.leads;
    const next: ActionJson = {
      ...actionJson({ ...json, timescale: action.timescale, leadsText: action.leadsText, leads }, entry ? day : json.fieldsChangedOn, seenColumns(action)),
      ...(entry ? { changeKey: entry.key, changeEntry: entry } : { ...(json.changeKey !== undefined && { changeKey: json.changeKey }), changeEntry: json.changeEntry ?? null }),
    };
    const fields: Record<string, unknown> = {
      ...(action.timescale.asWritten !== json.timescale.asWritten && timescaleColumns(action.timescale)),
      ...(entry && { LastUpdated: `${day}T00:00:00Z` }),
      ActionJson: JSON.stringify(next),
    };
    try {
      await this.lists.patch('actions', action.id, fields, item.eTag);
    } catch (error) {
      // Edited again since this round read it: the next round sees the newer edit, against the same `seen`.
      if (error instanceof HttpError && (error.status === 412 || error.status === 404)) return 0;
      throw error;
    }
    if (!entry) return 0;
    await createHistoryItem(this.lists, entry, action);
    return 1;
  }

  /** An item added to the Updates list by hand, taken in as an update from SharePoint; 1 when one was. */
  private async adoptUpdate(item: ListItem, modifiedAt: string | null, editor: (lookup: string | null) => Promise<string | null>, report: EditSyncReport): Promise<number> {
    const f = item.fields;
    if (text(f, 'UpdateJson')) return 0;
    const actionId = lookupId(f, 'Action');
    const words = text(f, 'Text')?.trim() ?? '';
    if (actionId === null || words === '') {
      report.skipped.push({ list: 'updates', id: item.id, why: actionId === null ? 'names no action (fill in its Action column)' : 'has no text' });
      return 0;
    }
    const actionItem = await this.lists.get('actions', actionId, ACTION_SELECT);
    if (!actionItem) {
      report.skipped.push({ list: 'updates', id: item.id, why: `names action item ${actionId}, which is not in the Actions list` });
      return 0;
    }
    const { action } = readAction(actionItem);
    const written = text(f, 'UpdateDateText');
    const column = text(f, 'UpdateDate');
    const date = written && isReducedDate(written) ? written : column ? column.slice(0, 10) : null;
    const { at } = await this.dayOf(action.planId, text(f, 'Created') ?? modifiedAt);
    const rag = text(f, 'RagAfter');
    const update: NewUpdate = {
      date,
      dateSource: date === null ? 'none' : 'stated',
      author: text(f, 'AuthorName') ?? (await editor(lookupId(f, 'Author'))),
      authorId: null,
      text: words,
      origin: 'sharepoint',
      ragAfter: rag !== null && isRag(rag) ? rag : null,
      timescaleAfter: text(f, 'TimescaleAfter'),
      key: `sharepoint:update:${item.id}`,
      recordedAt: at,
    };
    const { Origin: _blank, ...fields } = updateFields(update, action);
    try {
      await this.lists.patch('updates', item.id, fields, item.eTag);
    } catch (error) {
      if (error instanceof HttpError && (error.status === 412 || error.status === 404)) return 0;
      throw error;
    }
    return 1;
  }
}

