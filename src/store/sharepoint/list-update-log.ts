import { batchStepError, isSuccess, type BatchStep } from '../../graph/graph-batch.js';
import { HttpError, isUniqueValueConflict } from '../../graph/http-error.js';
import { PlanError, staleVersionError } from '../../plan/errors.js';
import type { Action, ActionChange, ActionWithUpdates } from '../../plan/plan.js';
import type { NewUpdate, Update } from '../../plan/update.js';
import { keyReusedError } from '../key-reused-error.js';
import type { ChangeAtVersion, UpdateLog } from '../update-log.js';
import { checkActionChange, checkNewUpdate } from '../write-checks.js';
import { actionJson, readAction, readUpdate, sequenced, storedKey, timescaleColumns, updateFields, type StoredAction, type StoredUpdate } from './item-codec.js';
import { ACTIONS_LIST, UPDATES_LIST, selectFor } from './list-schema.js';
import { byLookup } from './lookup-filter.js';
import { odataString, type SiteLists } from './site-lists.js';
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

/**
 * Each action's history in the Updates list, and the change to RAG or timescale an update may make
 * at a version (changeAction is that change alone). Updates are new items, never edits, and do not
 * touch the action item, so recording one never makes someone else's change conflict. A change is
 * written with If-Match on the item's eTag: 412 becomes VersionConflictError with the current
 * action, read as the plan reads it (`currentAction`, which leaves out actions of another generation).
 */
export class ListUpdateLog implements UpdateLog {
  constructor(
    private readonly lists: SiteLists,
    private readonly currentAction: (actionId: string) => Promise<ActionWithUpdates | null>,
  ) {}

  async appendUpdate(actionId: string, update: NewUpdate, change?: ChangeAtVersion): Promise<{ update: Update; created: boolean }> {
    checkNewUpdate(update);
    if (change) checkActionChange(change.change);
    const item = await this.lists.get('actions', actionId, ACTION_SELECT);
    if (!item) throw new PlanError('action_not_found', `no action with id ${actionId}`);
    const stored = readAction(item);
    // A change marked with this key is this submission's own, made before a failure or by its twin: only the update is left to write.
    if (change && stored.json.changeKey !== update.key) {
      // The key first: a recorded submission changes nothing, whatever version it carries.
      const recorded = await this.recordedUpdate(stored.action, update.key);
      if (recorded) return { update: recorded, created: false };
      const made = stored.action.version === change.expectedVersion && (await this.patchChange(stored, change.change, update.key));
      if (!made) {
        // Stale, or written in between: perhaps by a twin of this very submission (a double click), which may have finished.
        const again = await this.recordedUpdate(stored.action, update.key);
        if (again) return { update: again, created: false };
        const now = await this.lists.get('actions', actionId, ACTION_SELECT);
        if (!now || readAction(now).json.changeKey !== update.key) throw await this.conflict(actionId, change.expectedVersion);
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
    if (stored.action.version !== expectedVersion || !(await this.patchChange(stored, change, null))) throw await this.conflict(actionId, expectedVersion);
    const current = await this.currentAction(actionId);
    if (!current) throw new PlanError('action_not_found', `action ${actionId} was deleted`);
    const { updates: _updates, ...action } = current;
    return action;
  }

  /**
   * Writes a change with If-Match on the version it was read at; false when that is no longer the
   * item's (412). `changeKey` marks it as the change of the person's update of that key (stored-json.ts).
   */
  private async patchChange(stored: StoredAction, change: ActionChange, changeKey: string | null): Promise<boolean> {
    const changedOn = change.changedAt.slice(0, 10);
    const timescale = change.timescale ?? stored.action.timescale;
    const json: ActionJson = { ...actionJson({ ...stored.json, timescale }, changedOn), ...(changeKey !== null && { changeKey }) };
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

  /** The conflict of a change made from a version the action is no longer at, with the action as it is now. */
  private async conflict(actionId: string, expectedVersion: string): Promise<PlanError> {
    const current = await this.currentAction(actionId);
    if (!current) return new PlanError('action_not_found', `action ${actionId} was deleted`);
    return staleVersionError(current, expectedVersion);
  }
}
