import { entryOfChange, type HistoryEntry, type NewHistoryEntry } from '../../plan/action-history.js';
import { isReducedDate, type DateOnly, type ReducedDate } from '../../plan/calendar-date.js';
import type { ChangeMaterial } from '../../plan/changes-since.js';
import { latestUpdate } from '../../plan/latest-update.js';
import { checkPlanSettings } from '../write-checks.js';
import { importedUpdateKey } from '../imported-update-key.js';
import { batchStepError, isSuccess, type BatchStep } from '../../graph/graph-batch.js';
import type { GraphHttp } from '../../graph/graph-http.js';
import { HttpError } from '../../graph/http-error.js';
import { randomUUID } from 'node:crypto';
import { matchesFilter, type ActionFilter } from '../../plan/action-filter.js';
import { PlanError } from '../../plan/errors.js';
import type {
  Action,
  ActionChange,
  ActionView,
  ActionWithUpdates,
  Plan,
  PlanDocument,
  PlanDraft,
  PlanSummary,
  Section,
  SectionDraft,
} from '../../plan/plan.js';
import { RAG_VALUES, type Rag } from '../../plan/rag.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import type { PlanRevision } from '../../plan/plan-revision.js';
import { revisionRecord, type RevisionMeta } from '../revision-store.js';
import { revisionKey } from '../revision-keys.js';
import { checkDraft } from '../plan-draft-check.js';
import type { ChangeAtVersion, ImportOptions, PlanStore } from '../plan-store.js';
import type { PlanHeaderChange } from '../plans-and-actions.js';
import {
  actionFields,
  actionJson,
  fitLine,
  latestDate,
  planFields,
  readAction,
  readPlan,
  readUpdate,
  sectionId,
  seenColumns,
  sequenced,
  sequencedHistory,
  storedKey,
  type StoredAction,
  type StoredPlan,
  type StoredUpdate,
} from './item-codec.js';
import { createHistoryItems, historyByAction, historyOfAction, historyOfPlan, type BulkHistoryEntry } from './list-action-history.js';
import { ACTIONS_LIST, PLANS_LIST, UPDATES_LIST, selectFor, type ListKey } from './list-schema.js';
import { fillLeadsColumn, personIdsOf, type LeadsColumnReport } from './leads-column.js';
import { resolveSite } from './provisioning.js';
import { SiteLists, findPlanLists, isItemId, odataString, type ListItem, type PlanSiteIds } from './site-lists.js';
import { ListChatState } from './list-chat-state.js';
import { ListConversationReferences } from './list-conversation-references.js';
import { ListLeadMappings } from './list-lead-mappings.js';
import { ListReminderLog } from './list-reminder-log.js';
import { ListUpdateLog, updatesOfAction, type BulkUpdateEntry, type BulkUpdateResult, type PlanReads } from './list-update-log.js';
import { byLookup } from './lookup-filter.js';
import { DelegatedConcerns } from '../delegated-concerns.js';
import { importIntoLists } from './list-plan-import.js';
import { deleteItems } from './plan-items-removal.js';
import type { ActionJson } from './stored-json.js';
import { importFromDraft } from './transfer-plan.js';

/**
 * The plan in SharePoint lists, through Microsoft Graph.
 *
 * - Reads: one request for the plan item, then the plan's actions, its updates and (for a whole
 *   action or an export) its history each as one filtered query on an indexed lookup column, paged
 *   by nextLink: ceil(N/page) + ceil(M/page) + ceil(H/page), never a request per item.
 * - Writes of many items go 20 to a $batch. SharePoint has no transactions, so an import marks its
 *   plan "importing" until the end and deletes what it created if anything fails; it writes through
 *   the writer and rollback the resumable transfers use (list-plan-import.ts).
 * - An action's RAG and timescale change with If-Match on the item's eTag: 412 becomes
 *   VersionConflictError carrying the current action; the same PATCH carries the change's history
 *   entry, which then becomes its own item in the Action history list. Updates are new items,
 *   never edits, and do not touch the action item, so recording an update never makes someone
 *   else's change conflict (list-update-log.ts).
 * - Keys (updates, history entries, reminders) sit in unique, indexed columns: a second writer of
 *   the same key gets 400 invalidRequest "One or more fields with unique constraints already has
 *   the provided value." and the store answers with the item that was there first.
 */

export interface GraphPlanStoreOptions {
  http: GraphHttp;
  siteId: string;
  /** $top for list reads (default 999); the server may send less and nextLink covers the rest. */
  pageSize?: number;
}

// The lead mappings are read on their own: every other read of a plan item leaves them out.
const PLAN_SELECT = selectFor(PLANS_LIST).filter((c) => c !== 'LeadMappingsJson');
const ACTION_SELECT = selectFor(ACTIONS_LIST);
const UPDATE_SELECT = selectFor(UPDATES_LIST);

function emptyRagCounts(): Record<Rag, number> {
  return Object.fromEntries(RAG_VALUES.map((r) => [r, 0])) as Record<Rag, number>;
}

function sectionsOf(planId: string, drafts: readonly SectionDraft[]): Section[] {
  return drafts.map((s, index) => ({ id: sectionId(planId, index), planId, number: s.number, label: s.label ?? null, title: s.title, description: s.description, order: index }));
}

function withUpdates(stored: StoredAction, updates: readonly StoredUpdate[]): Omit<ActionWithUpdates, 'history'> {
  const ordered = sequenced(updates);
  return { ...stored.action, lastUpdated: latestDate([stored.json.fieldsChangedOn, ...ordered.map((u) => u.date)]), updates: ordered };
}

/** Whether an action belongs to its plan's current import; items added by hand have no generation and count. */
function isCurrent(action: StoredAction, plan: StoredPlan): boolean {
  return action.generation === null || plan.generation === null || action.generation === plan.generation;
}

function toView(action: Omit<ActionWithUpdates, 'history'>): ActionView {
  const { updates, ...rest } = action;
  return { ...rest, latestUpdate: latestUpdate(updates), updateCount: updates.length };
}

export class GraphPlanStore extends DelegatedConcerns implements PlanStore {
  /** The site's web URL, for the SharePoint REST calls Graph has no equivalent of; found on first need. */
  private siteUrl: string | null = null;

  protected readonly reminderLog: ListReminderLog;
  protected readonly leadMappings: ListLeadMappings;
  protected readonly conversations: ListConversationReferences;
  protected readonly chatState: ListChatState;
  private readonly updateLog: ListUpdateLog;

  private constructor(private readonly lists: SiteLists) {
    super();
    this.reminderLog = new ListReminderLog(lists);
    this.leadMappings = new ListLeadMappings(lists);
    this.conversations = new ListConversationReferences(lists);
    this.chatState = new ListChatState(lists);
    const reads: PlanReads = {
      action: (actionId) => this.getAction(actionId),
      actionAlone: async (actionId) => {
        const found = await this.readCurrentAction(actionId, false);
        if (!found) return null;
        const { updates: _updates, ...action } = found;
        return action;
      },
      actionsOfPlan: async (planId) => (await this.loadPlan(planId, false))?.actions ?? null,
    };
    this.updateLog = new ListUpdateLog(lists, reads);
  }

  /** Finds the plan lists on the site (one request) and returns a store over them. */
  static async open(options: GraphPlanStoreOptions): Promise<GraphPlanStore> {
    const ids = await findPlanLists(options.http, options.siteId);
    return new GraphPlanStore(new SiteLists(options.http, ids, options.pageSize ?? 999));
  }

  /**
   * A store over lists already found, with its own pipeline: the server opens one per request with
   * the signed-in person's token, over the list ids found once at start (no discovery per request).
   */
  static overLists(http: GraphHttp, ids: PlanSiteIds, pageSize = 999, siteUrl: string | null = null): GraphPlanStore {
    const store = new GraphPlanStore(new SiteLists(http, ids, pageSize));
    store.siteUrl = siteUrl;
    return store;
  }

  /* Reading */

  private async planItem(planId: string): Promise<StoredPlan | null> {
    const item = await this.lists.get('plans', planId, PLAN_SELECT);
    if (!item) return null;
    const stored = readPlan(item);
    // A plan still importing (or left by an import that crashed) is not there yet.
    return stored.importState === 'ready' ? stored : null;
  }

  private async requirePlan(planId: string): Promise<StoredPlan> {
    const plan = await this.planItem(planId);
    if (!plan) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    return plan;
  }

  /**
   * The plan's latest update date: every update's date of the plan (one field, filtered by the
   * indexed Plan lookup), compared by period here. Not the top item of $orderby desc: Graph does not
   * document $orderby on list items and it is reported to be ignored, and as text a year's quarters
   * and terms would sort after its months anyway.
   */
  private async latestUpdateDate(planId: string): Promise<ReducedDate | null> {
    const items = await this.lists.query('updates', { select: ['UpdateDateText'], filter: byLookup('Plan', planId) });
    return latestDate(items.map((item) => item.fields.UpdateDateText).filter((text): text is ReducedDate => typeof text === 'string' && isReducedDate(text)));
  }

  /** The plan's actions of its current import (a replacement writes a new generation, then switches to it). */
  private async actionsOf(plan: StoredPlan): Promise<StoredAction[]> {
    const items = await this.lists.query('actions', { select: ACTION_SELECT, filter: byLookup('Plan', plan.plan.id) });
    return items.map(readAction).filter((a) => isCurrent(a, plan));
  }

  private async updatesOfPlan(planId: string): Promise<Map<string, StoredUpdate[]>> {
    const items = await this.lists.query('updates', { select: UPDATE_SELECT, filter: byLookup('Plan', planId) });
    const byAction = new Map<string, StoredUpdate[]>();
    for (const item of items) {
      const stored = readUpdate(item);
      const list = byAction.get(stored.update.actionId);
      if (list) list.push(stored);
      else byAction.set(stored.update.actionId, [stored]);
    }
    return byAction;
  }

  /** The whole plan: 1 + ceil(actions/page) + ceil(updates/page) requests, and ceil(history/page) with its history. */
  private async loadPlan(planId: string, withHistory: true): Promise<{ stored: StoredPlan; actions: ActionWithUpdates[] } | null>;
  private async loadPlan(planId: string, withHistory: false): Promise<{ stored: StoredPlan; actions: Omit<ActionWithUpdates, 'history'>[] } | null>;
  private async loadPlan(planId: string, withHistory: boolean): Promise<{ stored: StoredPlan; actions: Omit<ActionWithUpdates, 'history'>[] | ActionWithUpdates[] } | null> {
    if (!isItemId(planId)) return null;
    const stored = await this.planItem(planId);
    if (!stored) return null;
    const [actions, updates, history] = await Promise.all([
      this.actionsOf(stored),
      this.updatesOfPlan(planId),
      withHistory ? historyOfPlan(this.lists, planId).then(historyByAction) : null,
    ]);
    const assembled = actions.map((a) => withUpdates(a, updates.get(a.action.id) ?? [])).sort((a, b) => a.order - b.order);
    return { stored, actions: history === null ? assembled : assembled.map((a) => ({ ...a, history: history.get(a.id) ?? [] })) };
  }

  async countPlans(): Promise<number> {
    // Only the import state: a plan still importing is not there yet (as in listPlans).
    const items = await this.lists.query('plans', { select: ['ImportState'] });
    return items.filter((item) => item.fields.ImportState === 'ready').length;
  }

  async listPlans(): Promise<PlanSummary[]> {
    const items = await this.lists.query('plans', { select: PLAN_SELECT });
    const plans = items.map(readPlan).filter((p) => p.importState === 'ready');
    return Promise.all(
      plans.map(async (stored) => {
        const { plan, sections } = stored;
        const [actions, latestUpdate] = await Promise.all([this.actionsOf(stored), this.latestUpdateDate(plan.id)]);
        const ragCounts = emptyRagCounts();
        for (const a of actions) ragCounts[a.action.rag] += 1;
        return {
          id: plan.id,
          title: plan.title,
          sectionCount: sections.length,
          actionCount: actions.length,
          ragCounts,
          lastUpdated: latestDate([latestUpdate, ...actions.map((a) => a.json.fieldsChangedOn)]),
        };
      }),
    );
  }

  async getPlan(planId: string): Promise<Plan | null> {
    if (!isItemId(planId)) return null;
    return (await this.planItem(planId))?.plan ?? null;
  }

  async listSections(planId: string): Promise<Section[]> {
    if (!isItemId(planId)) return [];
    const stored = await this.planItem(planId);
    return stored ? sectionsOf(planId, stored.sections) : [];
  }

  async exportPlan(planId: string): Promise<PlanDocument | null> {
    const loaded = await this.loadPlan(planId, true);
    if (!loaded) return null;
    return { plan: loaded.stored.plan, sections: sectionsOf(planId, loaded.stored.sections), actions: loaded.actions };
  }

  async findActions(planId: string, filter: ActionFilter = {}): Promise<ActionView[]> {
    const loaded = await this.loadPlan(planId, false);
    if (!loaded) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const sections = new Map(sectionsOf(planId, loaded.stored.sections).map((s) => [s.id, s]));
    return loaded.actions
      .map((a) => ({ view: toView(a), texts: a.updates.map((u) => u.text) }))
      .filter(({ view, texts }) => matchesFilter(view, filter, (id) => sections.get(id), texts))
      .map(({ view }) => view);
  }

  /** An action of its plan's current generation with its updates, and its history when asked: 3 requests, 4 with the history. */
  private async readCurrentAction(actionId: string, withHistory: true): Promise<ActionWithUpdates | null>;
  private async readCurrentAction(actionId: string, withHistory: false): Promise<Omit<ActionWithUpdates, 'history'> | null>;
  private async readCurrentAction(actionId: string, withHistory: boolean): Promise<Omit<ActionWithUpdates, 'history'> | ActionWithUpdates | null> {
    const item = await this.lists.get('actions', actionId, ACTION_SELECT);
    if (!item) return null;
    const stored = readAction(item);
    const [plan, updates, history] = await Promise.all([
      this.planItem(stored.action.planId),
      updatesOfAction(this.lists, actionId),
      withHistory ? historyOfAction(this.lists, actionId).then(sequencedHistory) : null,
    ]);
    if (!plan || !isCurrent(stored, plan)) return null;
    const action = withUpdates(stored, updates);
    return history === null ? action : { ...action, history };
  }

  getAction(actionId: string): Promise<ActionWithUpdates | null> {
    return this.readCurrentAction(actionId, true);
  }

  async getActionByRef(planId: string, ref: string): Promise<ActionWithUpdates | null> {
    if (!isItemId(planId)) return null;
    const [plan, items] = await Promise.all([
      this.planItem(planId),
      this.lists.query('actions', { select: ACTION_SELECT, filter: `${byLookup('Plan', planId)} and fields/Ref eq ${odataString(fitLine(ref))}` }),
    ]);
    const found = plan ? items.map(readAction).find((a) => a.action.ref === ref && isCurrent(a, plan)) : undefined;
    if (!found) return null;
    const [updates, history] = await Promise.all([updatesOfAction(this.lists, found.action.id), historyOfAction(this.lists, found.action.id)]);
    return { ...withUpdates(found, updates), history: sequencedHistory(history) };
  }

  /* Importing */

  async importPlan(draft: PlanDraft, options: ImportOptions = {}): Promise<Plan> {
    const plan = importFromDraft(draft, new Date().toISOString());
    const replacing = options.replacePlanId === undefined ? null : isItemId(options.replacePlanId) ? await this.planItem(options.replacePlanId) : null;
    if (options.replacePlanId !== undefined && !replacing) throw new PlanError('plan_not_found', `no plan with id "${options.replacePlanId}" to replace`);
    const { planId, generation, actionIds } = await importIntoLists(this.lists, plan, replacing?.plan.id ?? null, options);
    if (replacing) await this.removeSuperseded(planId, generation, actionIds);
    return (await this.getPlan(planId)) ?? readPlan({ id: planId, eTag: '', fields: planFields(draft, draft.sections, 'ready', generation) }).plan;
  }

  /**
   * After a replacement switched generation: the old actions, their updates, history and reminders
   * go. They are already invisible, so a failure here loses nothing; deletePlan removes any left over.
   */
  private async removeSuperseded(planId: string, generation: string, current: ReadonlySet<string>): Promise<void> {
    try {
      const filter = byLookup('Plan', planId);
      const [actions, updates, history, reminders] = await Promise.all([
        this.lists.query('actions', { select: ['Generation'], filter }),
        this.lists.query('updates', { select: ['ActionLookupId'], filter }),
        this.lists.query('history', { select: ['ActionLookupId'], filter }),
        this.lists.query('reminders', { select: ['ActionLookupId'], filter }),
      ]);
      const old = (items: ListItem[]): string[] => items.filter((i) => !current.has(String(i.fields.ActionLookupId ?? ''))).map((i) => i.id);
      await deleteItems(this.lists, [
        { list: 'updates', ids: old(updates) },
        { list: 'history', ids: old(history) },
        { list: 'reminders', ids: old(reminders) },
        { list: 'actions', ids: actions.filter((i) => i.fields.Generation !== generation).map((i) => i.id) },
      ]);
    } catch {
      // Left for deletePlan: nothing of the old generation is read any more.
    }
  }

  /** Creates items in batches; throws on the first failure once every answer is in. */
  private async createAll(steps: BatchStep[]): Promise<string[]> {
    const outcomes = await this.lists.batch(steps);
    const ids: string[] = [];
    let failure: HttpError | null = null;
    for (const step of steps) {
      const outcome = outcomes.get(step.id);
      if (outcome && isSuccess(outcome)) {
        ids.push(this.lists.createdItem(outcome).id);
      } else if (outcome && failure === null) {
        failure = batchStepError(step, outcome);
      }
    }
    if (failure) throw failure;
    return ids;
  }

  async deletePlan(planId: string): Promise<void> {
    if (!isItemId(planId) || !(await this.lists.get('plans', planId, ['ImportState']))) {
      throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    }
    const filter = byLookup('Plan', planId);
    const [updates, history, reminders, actions] = await Promise.all([
      this.lists.query('updates', { select: ['Title'], filter }),
      this.lists.query('history', { select: ['Title'], filter }),
      this.lists.query('reminders', { select: ['Title'], filter }),
      this.lists.query('actions', { select: ['Title'], filter }),
    ]);
    const { remaining } = await deleteItems(this.lists, [
      { list: 'updates', ids: updates.map((i) => i.id) },
      { list: 'history', ids: history.map((i) => i.id) },
      { list: 'reminders', ids: reminders.map((i) => i.id) },
      { list: 'actions', ids: actions.map((i) => i.id) },
      { list: 'plans', ids: [planId] },
    ]);
    const left = remaining.filter((g) => g.ids.length > 0);
    if (left.length > 0) {
      throw new PlanError('store_failure', `plan ${planId} was only partly deleted; still there: ${left.map((g) => `${g.list} items ${g.ids.join(', ')}`).join('; ')}`);
    }
  }

  /**
   * Settings and the owner are columns of the plan item; meetings, whether the owner approves, how
   * leads are told and the channel digest live in its PlanJson, rewritten whole with If-Match so a revision's version record written
   * meanwhile is kept (412: read again and apply these over it).
   */
  async updatePlanSettings(planId: string, settings: PlanHeaderChange): Promise<Plan> {
    if (!isItemId(planId)) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    let stored = await this.requirePlan(planId);
    checkPlanSettings(settings);
    const fields: Record<string, unknown> = {};
    if (settings.reminderLeadDays !== undefined) fields.ReminderLeadDays = settings.reminderLeadDays;
    if (settings.staleAfterDays !== undefined) fields.StaleAfterDays = settings.staleAfterDays;
    if (settings.timeZone !== undefined) fields.TimeZone = settings.timeZone;
    if (settings.owner !== undefined) fields.OwnerName = settings.owner === null ? null : fitLine(settings.owner);
    const inJson = settings.meetings !== undefined || settings.ownerApproves !== undefined || settings.leadNotice !== undefined || settings.channelDigest !== undefined;
    for (let attempt = 1; Object.keys(fields).length > 0 || inJson; attempt += 1) {
      const json = inJson
        ? {
            PlanJson: JSON.stringify({
              ...stored.json,
              ...(settings.meetings !== undefined && { meetings: settings.meetings }),
              ...(settings.ownerApproves !== undefined && { ownerApproves: settings.ownerApproves }),
              ...(settings.leadNotice !== undefined && { leadNotice: settings.leadNotice }),
              ...(settings.channelDigest !== undefined && { channelDigest: settings.channelDigest }),
            }),
          }
        : {};
      try {
        await this.lists.patch('plans', planId, { ...fields, ...json }, inJson ? stored.eTag : undefined);
        break;
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) throw new PlanError('plan_not_found', `plan ${planId} was deleted`);
        if (!(error instanceof HttpError && error.status === 412) || attempt >= 3) throw error;
        stored = await this.requirePlan(planId);
      }
    }
    return (await this.requirePlan(planId)).plan;
  }

  appendUpdate(actionId: string, update: NewUpdate, change?: ChangeAtVersion): Promise<{ update: Update; created: boolean }> {
    return this.updateLog.appendUpdate(actionId, update, change);
  }

  /** Records many updates, 20 to a $batch (ListUpdateLog.appendUpdates). */
  appendUpdates(entries: readonly BulkUpdateEntry[], options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<BulkUpdateResult[]> {
    return this.updateLog.appendUpdates(entries, options);
  }

  changeAction(actionId: string, expectedVersion: string, change: ActionChange): Promise<Action> {
    return this.updateLog.changeAction(actionId, expectedVersion, change);
  }

  appendHistory(actionId: string, entry: NewHistoryEntry): Promise<{ entry: HistoryEntry; created: boolean }> {
    return this.updateLog.appendHistory(actionId, entry);
  }

  readChanges(planId: string, since: DateOnly, today: DateOnly): Promise<ChangeMaterial> {
    return this.updateLog.readChanges(planId, since, today);
  }

  /**
   * A newer version of the plan's document reconciled into it. SharePoint lists have no
   * transaction across items, so every write is one a retry can repeat. Each action is patched
   * with If-Match on the version it was read at (someone else's edit in between stops the run
   * rather than being overwritten), its history entry beside the change in ActionJson as a
   * person's change carries it (list-update-log.ts); then the entries become their items, under
   * keys the same change always gets (revision-keys.ts), so bringing the document in again records
   * nothing twice; then the new actions, then the plan's sections and version record. Running the
   * same import again after a failure compares afresh and completes what was not written, first
   * writing any entry an action item holds that never became its item.
   */
  async applyRevision(revision: PlanRevision, incoming: PlanDraft, meta: RevisionMeta): Promise<Plan> {
    checkDraft(incoming);
    const stored = await this.requirePlan(revision.planId);
    const planId = stored.plan.id;
    const generation = stored.generation ?? randomUUID();
    const [actions, recordedKeys] = await Promise.all([this.actionsOf(stored), this.historyKeysOf(planId)]);
    const current = new Map(actions.map((a) => [a.action.id, a]));
    const isRecorded = (entry: NewHistoryEntry): boolean => recordedKeys.has(storedKey(entry.key));

    // Sections in the document's order, then those it no longer has; each action's index follows.
    const sections: SectionDraft[] = revision.sections.map((s) => ({ number: s.number, label: s.label, title: s.title, description: s.description }));
    const newIndexOf = new Map<string, number>();
    revision.sections.forEach((s, i) => {
      if (s.sectionId !== null) newIndexOf.set(s.sectionId, i);
    });
    stored.sections.forEach((section, oldIndex) => {
      const id = sectionId(planId, oldIndex);
      if (!newIndexOf.has(id)) {
        newIndexOf.set(id, sections.length);
        sections.push(section);
      }
    });

    // An earlier change's entry that never became its item (a failure, and no retry) is written before the patches replace it.
    await createHistoryItems(
      this.lists,
      actions.flatMap((a) => (a.json.changeEntry && !isRecorded(a.json.changeEntry) ? [{ action: a.action, entry: a.json.changeEntry }] : [])),
    );

    // One entry per action the document changes: was and now of every field, as a person's change records them.
    const entries = new Map<string, BulkHistoryEntry>();
    for (const r of revision.removed) {
      if (r.newRef === null) continue;
      entries.set(r.actionId, {
        action: { id: r.actionId, planId, ref: r.newRef },
        entry: {
          ...revisionRecord(meta, revisionKey(r.actionId, 'ref', r.ref, r.newRef)),
          changes: [{ field: 'ref', was: r.ref, now: r.newRef }],
          note: `${meta.source}: no longer in the document, whose ${r.ref} is another action`,
          recordedAt: meta.recordedAt,
        },
      });
    }
    for (const m of revision.matched) {
      const seen = current.get(m.actionId);
      if (!seen) continue;
      // The action's own ref is the revision's (the one it was compared at), whatever it is renumbered to.
      const record = revisionRecord(meta, revisionKey(m.actionId, ...m.changes.flatMap((c) => [c.field, c.was, c.now])));
      const entry = entryOfChange({ ...seen.action, ref: m.ref }, m.incoming, record, meta.recordedAt);
      if (entry) entries.set(m.actionId, { action: { id: m.actionId, planId, ref: m.incoming.ref }, entry });
    }
    /** ActionJson's record of the last change: this revision's, or the one the item had. */
    const lastChange = (actionId: string, seen: StoredAction | undefined): Pick<ActionJson, 'changeKey' | 'changeEntry'> => {
      const entry = entries.get(actionId)?.entry;
      if (entry) return { changeKey: entry.key, changeEntry: entry };
      return { ...(seen?.json.changeKey !== undefined && { changeKey: seen.json.changeKey }), ...(seen?.json.changeEntry !== undefined && { changeEntry: seen.json.changeEntry }) };
    };

    await this.updateLog.appendUpdates(
      revision.matched.flatMap((m) =>
        m.newUpdates.map((entry) => ({
          action: { id: m.actionId, planId, ref: m.incoming.ref },
          update: { ...entry, authorId: null, origin: 'import' as const, ragAfter: null, timescaleAfter: null, key: revisionKey(m.actionId, entry.date ?? '', entry.text), recordedAt: meta.recordedAt },
        })),
      ),
    );

    const patchAction = async (actionId: string, fields: Record<string, unknown>): Promise<void> => {
      const seen = current.get(actionId);
      if (!seen) throw new PlanError('action_not_found', `action ${actionId} is no longer in the plan; import the document again to compare afresh`);
      try {
        await this.lists.patch('actions', actionId, fields, seen.action.version);
      } catch (error) {
        if (error instanceof HttpError && error.status === 412) {
          throw new PlanError('version_conflict', `action ${seen.action.ref} was changed by someone else during the import; import the document again to bring in the rest`, { cause: error });
        }
        throw error;
      }
    };
    for (const m of revision.matched) {
      const a = m.incoming;
      const seen = current.get(m.actionId);
      const fields = actionFields(a, planId, m.position, sections[a.sectionIndex]!, null, generation);
      delete fields.LastUpdated;
      fields.SectionOrder = a.sectionIndex;
      const json: ActionJson = { ...actionJson(a, m.changes.length > 0 ? meta.recordedOn : (seen?.json.fieldsChangedOn ?? null), seenColumns(a)), ...lastChange(m.actionId, seen) };
      fields.ActionJson = JSON.stringify(json);
      await patchAction(m.actionId, fields);
    }
    let order = incoming.actions.length;
    for (const r of revision.removed) {
      const seen = current.get(r.actionId);
      if (!seen) continue;
      const oldIndex = Number(seen.action.sectionId.slice(`${planId}-s`.length)) - 1;
      const renumbered: Record<string, unknown> =
        r.newRef === null
          ? {}
          : {
              Ref: fitLine(r.newRef),
              ActionJson: JSON.stringify({ ...seen.json, seen: { ...(seen.json.seen ?? seenColumns(seen.action)), ref: fitLine(r.newRef) }, ...lastChange(r.actionId, seen) } satisfies ActionJson),
            };
      await patchAction(r.actionId, { ...renumbered, SectionOrder: newIndexOf.get(sectionId(planId, oldIndex)) ?? oldIndex, PlanOrder: order++ });
    }
    await createHistoryItems(this.lists, [...entries.values()].filter((e) => !isRecorded(e.entry)));

    const steps = revision.added.map(({ incoming: a, position }, i) =>
      this.lists.createStep('actions', `r${i}`, actionFields(a, planId, position, sections[a.sectionIndex]!, latestDate(a.updates.map((u) => u.date)), generation)),
    );
    const ids = await this.createAll(steps);
    await this.updateLog.appendUpdates(
      revision.added.flatMap(({ incoming: a }, i) =>
        a.updates.map((u) => ({
          action: { id: ids[i]!, planId, ref: a.ref },
          update: { ...u, origin: 'import' as const, authorId: null, ragAfter: null, timescaleAfter: null, key: importedUpdateKey(), recordedAt: meta.recordedAt },
        })),
      ),
    );

    const header = { ...stored.plan, versionRecord: [...stored.plan.versionRecord, ...revision.versionRecordAdded], ragLegend: incoming.ragLegend.length > 0 ? incoming.ragLegend : stored.plan.ragLegend, ...(incoming.columns !== undefined && { columns: incoming.columns }) };
    await this.lists.patch('plans', planId, planFields(header, sections, 'ready', generation));
    return (await this.getPlan(planId))!;
  }

  /** The Key column of every history entry of a plan (keys as stored: storedKey). */
  private async historyKeysOf(planId: string): Promise<Set<string>> {
    const items = await this.lists.query('history', { select: ['Key'], filter: byLookup('Plan', planId) });
    return new Set(items.map((i) => i.fields.Key).filter((k): k is string => typeof k === 'string'));
  }

  /**
   * Fills the Actions list's Leads Person column from the plan's confirmed lead mappings
   * (leads-column.ts), writing only the actions whose people changed: run after mappings change.
   */
  async fillLeadsColumn(planId: string, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<LeadsColumnReport> {
    if (!isItemId(planId)) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const [plan, { mappings }, items] = await Promise.all([
      this.requirePlan(planId),
      this.leadMappings.mappingsOf(planId),
      this.lists.query('actions', { select: [...ACTION_SELECT, 'Leads'], filter: byLookup('Plan', planId), ...(options.signal && { signal: options.signal }) }),
    ]);
    const actions = items.flatMap((item) => {
      const stored = readAction(item);
      return isCurrent(stored, plan) ? [{ id: item.id, leads: stored.action.leads, current: personIdsOf(item.fields.Leads) }] : [];
    });
    this.siteUrl ??= (await resolveSite(this.lists.http, this.lists.ids.siteId)).webUrl;
    return fillLeadsColumn({ lists: this.lists, siteUrl: this.siteUrl, mappings, actions, ...options });
  }

  async close(): Promise<void> {
    // Nothing held open: every request is its own.
  }

  /** The list ids in use, for tools that need to address the lists directly. */
  listIds(): ReadonlyMap<ListKey, string> {
    return this.lists.ids.lists;
  }

  /** The site and list ids, for opening more stores over the same lists (GraphPlanStore.overLists). */
  siteIds(): PlanSiteIds {
    return this.lists.ids;
  }
}
