import { batchStepError, isSuccess, type BatchStep } from '../../graph/graph-batch.js';
import { HttpError, isUniqueValueConflict } from '../../graph/http-error.js';
import { entryOfChange, type HistoryEntry, type NewHistoryEntry } from '../../plan/action-history.js';
import type { DateOnly } from '../../plan/calendar-date.js';
import { updateIsSince, type ChangeMaterial } from '../../plan/changes-since.js';
import { PlanError, staleVersionError } from '../../plan/errors.js';
import type { Action, ActionChange, ActionWithUpdates } from '../../plan/plan.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import { keyReusedError } from '../key-reused-error.js';
import type { ChangeAtVersion, UpdateLog } from '../update-log.js';
import { checkActionChange, checkNewHistoryEntry, checkNewUpdate } from '../write-checks.js';
import {
  actionJson,
  readAction,
  readUpdate,
  seenColumns,
  sequenced,
  sequencedHistory,
  storedKey,
  timescaleColumns,
  updateFields,
  type StoredAction,
  type StoredUpdate,
} from './item-codec.js';
import { createHistoryItem, historyByAction, historyByKeys, historyOfAction, historyOfPlan, keyedActionOf } from './list-action-history.js';
import { ACTIONS_LIST, UPDATES_LIST, selectFor } from './list-schema.js';
import { byLookup } from './lookup-filter.js';
import { isItemId, odataString, type SiteLists } from './site-lists.js';
import type { ActionJson } from './stored-json.js';

export interface BulkUpdateEntry {
  action: Pick<Action, 'id' | 'planId' | 'ref'>;
  update: NewUpdate;
}

export interface BulkUpdateResult {
  key: string;
  /** False when the key was already recorded: the update was not added again. */
  created: boolean;
  updateId: string | null;
}

const ACTION_SELECT = selectFor(ACTIONS_LIST);
const UPDATE_SELECT = selectFor(UPDATES_LIST);

/** An action's updates, in no order: one query on the indexed Action lookup. */
export async function updatesOfAction(lists: SiteLists, actionId: string): Promise<StoredUpdate[]> {
  const items = await lists.query('updates', { select: UPDATE_SELECT, filter: byLookup('Action', actionId) });
  return items.map(readUpdate);
}

/** How the store reads what a plan shows: actions of its current generation, as GraphPlanStore reads them. */
export interface PlanReads {
  /** An action with its updates and history; null when it is not there or not of its plan's generation. */
  action(actionId: string): Promise<ActionWithUpdates | null>;
  /** The same without its history (one query fewer), for an answer that is the action alone. */
  actionAlone(actionId: string): Promise<Action | null>;
  /** A plan's actions with their updates, without history; null when there is no such plan. */
  actionsOfPlan(planId: string): Promise<Omit<ActionWithUpdates, 'history'>[] | null>;
}

/** What becoming of a change asked for: made now, made before under its key, or the action moved on from its version. */
type ChangeOutcome = 'made' | 'recorded' | 'stale' | 'raced';

/**
 * The record of each action: its updates in the Updates list, its history in the Action history
 * list (list-action-history.ts), and the change to RAG or timescale an update may make at a version
 * (changeAction is that change alone). Updates and history entries are new items, never edits.
 * Recording an update does not touch the action item, so it never makes someone else's change
 * conflict. A change is written with If-Match on the item's eTag: 412 becomes VersionConflictError
 * with the current action, read as the plan reads it (PlanReads, which leaves out actions of
 * another generation).
 *
 * SharePoint has no transaction across items, so a change and its history entry are written so
 * that neither is lost nor made twice: the PATCH that makes the change also writes, in the item's
 * ActionJson, its record key (`changeKey`) and its entry (`changeEntry`); then the entry becomes its
 * own History item, under its unique key. A retry of the same record key finds its change made
 * (the changeKey) and writes only what is missing; a record key already in the history answers
 * with the action as it is. An entry whose item was never written (a failure, and no retry) is
 * written by the next change before that change's PATCH replaces it.
 */
export class ListUpdateLog implements UpdateLog {
  constructor(
    private readonly lists: SiteLists,
    private readonly reads: PlanReads,
  ) {}

  async appendUpdate(actionId: string, update: NewUpdate, change?: ChangeAtVersion): Promise<{ update: Update; created: boolean }> {
    checkNewUpdate(update);
    if (change) checkActionChange(change.change);
    const item = await this.lists.get('actions', actionId, ACTION_SELECT);
    if (!item) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const stored = readAction(item);
    const changeKey = change?.change.record.key;
    if (change && stored.json.changeKey === changeKey) {
      // This submission's change is made (before a failure, or by its twin): its entry and the update may be what is left.
      await this.ensureChangeEntry(stored);
    } else if (change) {
      // The update key first: a recorded submission changes nothing, whatever version it carries.
      const recorded = await this.recordedUpdate(stored.action, update.key);
      if (recorded) return { update: recorded, created: false };
      const outcome = await this.makeChange(stored, change.expectedVersion, change.change);
      if (outcome !== 'made') {
        // Stale, written in between, or its change already in the history: perhaps by a twin of this
        // very submission (a double click), which may have finished. When the action has moved on
        // from the change since, the submission was overtaken half-way: for the person to reload.
        const again = await this.recordedUpdate(stored.action, update.key);
        if (again) return { update: again, created: false };
        const now = await this.lists.get('actions', actionId, ACTION_SELECT);
        const current = now ? readAction(now) : null;
        if (!current || current.json.changeKey !== changeKey) throw await this.conflict(actionId, change.expectedVersion);
        await this.ensureChangeEntry(current);
      }
    }
    let updateId: string;
    try {
      updateId = (await this.lists.create('updates', updateFields(update, stored.action))).id;
    } catch (error) {
      if (!(error instanceof HttpError && isUniqueValueConflict(error.status, error.body))) throw error;
      const recorded = await this.recordedUpdate(stored.action, update.key);
      if (!recorded) throw error;
      return { update: recorded, created: false };
    }
    const history = sequenced(await updatesOfAction(this.lists, actionId));
    const written = history.find((u) => u.id === updateId);
    if (!written) throw new PlanError('store_failure', `update ${updateId} was written but is not in action ${actionId}'s history`);
    return { update: written, created: true };
  }

  /** The update recorded under a key, in its place in the history, if it is this action's; a key recorded on another action is refused. */
  private async recordedUpdate(action: Pick<Action, 'id' | 'planId' | 'ref'>, key: string): Promise<Update | null> {
    const found = await this.updateByKey(key);
    if (!found) return null;
    if (found.actionId !== action.id) {
      const other = await this.lists.get('actions', found.actionId, ACTION_SELECT);
      const recordedOn = other ? readAction(other).action : { planId: found.planId ?? '?', ref: `(item ${found.actionId}, since deleted)` };
      throw keyReusedError(key, recordedOn, action);
    }
    return sequenced(await updatesOfAction(this.lists, action.id)).find((u) => u.id === found.id) ?? null;
  }

  private async updateByKey(key: string): Promise<(Omit<Update, 'sequence'> & { planId: string | null }) | null> {
    const items = await this.lists.query('updates', { select: UPDATE_SELECT, filter: `fields/Key eq ${odataString(storedKey(key))}`, limit: 5 });
    const found = items.map(readUpdate).find((u) => u.update.key === key);
    return found ? { ...found.update, planId: found.planId } : null;
  }

  /**
   * Records many updates, 20 to a $batch: 100 updates are 5 requests. A key already recorded is
   * not added again (created: false). The caller names each action's plan and ref, which it has.
   */
  async appendUpdates(entries: readonly BulkUpdateEntry[], options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<BulkUpdateResult[]> {
    for (const e of entries) checkNewUpdate(e.update);
    const steps = entries.map((e, i) => this.lists.createStep('updates', `n${i}`, updateFields(e.update, e.action)));
    const outcomes = await this.lists.batch(steps, options);
    return entries.map((e, i) => {
      const outcome = outcomes.get(`n${i}`);
      if (outcome && isSuccess(outcome)) return { key: e.update.key, created: true, updateId: this.lists.createdItem(outcome).id };
      if (outcome && isUniqueValueConflict(outcome.status, outcome.body)) return { key: e.update.key, created: false, updateId: null };
      throw outcome ? batchStepError(steps[i] as BatchStep, outcome) : new PlanError('store_failure', `update ${e.update.key} got no answer`);
    });
  }

  async changeAction(actionId: string, expectedVersion: string, change: ActionChange): Promise<Action> {
    checkActionChange(change);
    const item = await this.lists.get('actions', actionId, ACTION_SELECT);
    if (!item) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const stored = readAction(item);
    if (stored.json.changeKey === change.record.key) {
      // Made before under this key (a retry after a failure, or a twin): only its entry may be missing.
      await this.ensureChangeEntry(stored);
    } else {
      const outcome = await this.makeChange(stored, expectedVersion, change);
      if (outcome === 'stale') throw await this.conflict(actionId, expectedVersion);
      if (outcome === 'raced') {
        // Written in between: by a twin of this change, or by someone else.
        const now = await this.lists.get('actions', actionId, ACTION_SELECT);
        const current = now ? readAction(now) : null;
        if (!current || current.json.changeKey !== change.record.key) throw await this.conflict(actionId, expectedVersion);
        await this.ensureChangeEntry(current);
      }
    }
    const current = await this.reads.actionAlone(actionId);
    if (!current) throw new PlanError('action_not_found', `action ${actionId} was deleted`);
    return current;
  }

  /**
   * Makes a change at a version, with its history entry. A record key already in the history was
   * made before ('recorded'); on another action it is refused. Otherwise the change goes in one
   * PATCH with If-Match, carrying the entry in ActionJson, and the entry then becomes its item.
   */
  private async makeChange(stored: StoredAction, expectedVersion: string, change: ActionChange): Promise<ChangeOutcome> {
    const key = change.record.key;
    const pending = stored.json.changeEntry ?? null;
    const found = await historyByKeys(this.lists, pending ? [key, pending.key] : [key]);
    const recorded = found.find((h) => h.entry.key === key);
    if (recorded) {
      if (recorded.entry.actionId !== stored.action.id) throw keyReusedError(key, await keyedActionOf(this.lists, recorded), stored.action);
      return 'recorded';
    }
    if (stored.action.version !== expectedVersion) return 'stale';
    // The last change's entry never became its item (a failure, and no retry): written now, before the PATCH replaces it.
    if (pending && !found.some((h) => h.entry.key === pending.key)) await this.writeEntry(stored.action, pending);
    const before = stored.action;
    const entry = entryOfChange(before, { ...before, rag: change.rag ?? before.rag, timescale: change.timescale ?? before.timescale }, change.record, change.changedAt);
    if (!(await this.patchChange(stored, change, entry))) return 'raced';
    if (entry) await this.writeEntry(stored.action, entry);
    return 'made';
  }

  /** The entry of the change an item was last written with, as its own item, unless it is already there. */
  private async ensureChangeEntry(stored: StoredAction): Promise<void> {
    const entry = stored.json.changeEntry;
    if (!entry) return;
    const [found] = await historyByKeys(this.lists, [entry.key]);
    if (found?.entry.actionId === stored.action.id) return;
    await this.writeEntry(stored.action, entry);
  }

  /** Writes an entry as its item; one already there under its key is this action's, or the key is refused. */
  private async writeEntry(action: Pick<Action, 'id' | 'planId' | 'ref'>, entry: NewHistoryEntry): Promise<void> {
    if ((await createHistoryItem(this.lists, entry, action)) !== null) return;
    const [found] = await historyByKeys(this.lists, [entry.key]);
    if (found && found.entry.actionId !== action.id) throw keyReusedError(entry.key, await keyedActionOf(this.lists, found), action);
  }

  /**
   * Writes a change with If-Match on the version it was read at; false when that is no longer the
   * item's (412). The same PATCH writes the change's record key and history entry into ActionJson
   * (stored-json.ts), and what the visible columns now show (`seen`).
   */
  private async patchChange(stored: StoredAction, change: ActionChange, entry: NewHistoryEntry | null): Promise<boolean> {
    const changedOn = change.changedAt.slice(0, 10);
    const timescale = change.timescale ?? stored.action.timescale;
    const seen = stored.json.seen ?? seenColumns(stored.action);
    const json: ActionJson = {
      ...actionJson({ ...stored.json, timescale }, changedOn, { ...seen, ...(change.rag !== undefined && { rag: change.rag }) }),
      changeKey: change.record.key,
      changeEntry: entry,
    };
    const fields: Record<string, unknown> = {
      ...(change.rag !== undefined && { Rag: change.rag }),
      ...(change.timescale !== undefined && timescaleColumns(change.timescale)),
      LastUpdated: `${changedOn}T00:00:00Z`,
      ActionJson: JSON.stringify(json),
    };
    try {
      await this.lists.patch('actions', stored.action.id, fields, stored.action.version);
      return true;
    } catch (error) {
      if (error instanceof HttpError && error.status === 412) return false;
      if (error instanceof HttpError && error.status === 404) throw new PlanError('action_not_found', `action ${stored.action.id} was deleted`);
      throw error;
    }
  }

  async appendHistory(actionId: string, entry: NewHistoryEntry): Promise<{ entry: HistoryEntry; created: boolean }> {
    checkNewHistoryEntry(entry);
    const item = await this.lists.get('actions', actionId, ACTION_SELECT);
    if (!item) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const { action, json } = readAction(item);
    const pending = json.changeEntry ?? null;
    const found = await historyByKeys(this.lists, pending ? [entry.key, pending.key] : [entry.key]);
    const recordedOn = async (key: string, seen: typeof found): Promise<HistoryEntry | null> => {
      const existing = seen.find((h) => h.entry.key === key);
      if (!existing) return null;
      if (existing.entry.actionId !== actionId) throw keyReusedError(key, await keyedActionOf(this.lists, existing), action);
      return sequencedHistory(await historyOfAction(this.lists, actionId)).find((h) => h.id === existing.entry.id) ?? null;
    };
    const recorded = await recordedOn(entry.key, found);
    if (recorded) return { entry: recorded, created: false };
    // The last change's entry first, if it never became its item: the history keeps the order things happened in.
    if (pending && !found.some((h) => h.entry.key === pending.key)) await this.writeEntry(action, pending);
    const id = await createHistoryItem(this.lists, entry, action);
    if (id === null) {
      // A twin wrote it between the look and the write.
      const twin = await recordedOn(entry.key, await historyByKeys(this.lists, [entry.key]));
      if (!twin) throw new PlanError('store_failure', `history key ${entry.key} is taken, but no entry of it can be read`);
      return { entry: twin, created: false };
    }
    const written = sequencedHistory(await historyOfAction(this.lists, actionId)).find((h) => h.id === id);
    if (!written) throw new PlanError('store_failure', `history entry ${id} was written but is not in action ${actionId}'s history`);
    return { entry: written, created: true };
  }

  /**
   * The plan's actions (all of them), its updates since the day (by updateSinceDay, read with the
   * plan's other updates: no indexed column holds that day), and its history entries dated since
   * (indexed Plan lookup and HistoryDate). An entry's sequence orders the entries read here, each
   * action's in the order recorded.
   */
  async readChanges(planId: string, since: DateOnly, _today: DateOnly): Promise<ChangeMaterial> {
    if (!isItemId(planId)) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const [read, history] = await Promise.all([this.reads.actionsOfPlan(planId), historyOfPlan(this.lists, planId, since)]);
    if (!read) throw new PlanError('plan_not_found', `no plan with id "${planId}"`);
    const actions = read;
    const current = new Set(actions.map((a) => a.id));
    return {
      actions: actions.map(({ updates: _updates, ...action }) => action),
      updates: actions.flatMap((a) => a.updates.filter((u) => updateIsSince(u, since))),
      history: [...historyByAction(history.filter((h) => current.has(h.entry.actionId))).values()].flat(),
    };
  }

  /** The conflict of a change made from a version the action is no longer at, with the action as it is now. */
  private async conflict(actionId: string, expectedVersion: string): Promise<PlanError> {
    const current = await this.reads.action(actionId);
    if (!current) return new PlanError('action_not_found', `action ${actionId} was deleted`);
    return staleVersionError(current, expectedVersion);
  }
}
