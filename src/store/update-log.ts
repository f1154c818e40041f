import type { HistoryEntry, NewHistoryEntry } from '../plan/action-history.js';
import type { DateOnly } from '../plan/calendar-date.js';
import type { ChangeMaterial } from '../plan/changes-since.js';
import type { ActionChange } from '../plan/plan.js';
import type { NewUpdate, Update } from '../plan/update.js';

/** A change to an action's RAG or timescale, made with the version its author last read. */
export interface ChangeAtVersion {
  expectedVersion: string;
  change: ActionChange;
}

/**
 * The record of a plan's actions: their dated updates and their history (every change, with was
 * and now, who, when and through what, and each step of a request to the owner). Both appended,
 * never overwritten.
 */
export interface UpdateLog {
  /**
   * Appends an update (never overwrites one), with the change to RAG or timescale it makes when
   * given: the change only if the action is still at its expected version (else
   * VersionConflictError with the current action), and the two as one, so a failure leaves neither
   * or lets a retry complete them. A key is recorded once and bound to its action: a key already
   * recorded on this action returns that update with created false and changes nothing, whatever
   * version or change comes with it (a retried submission must not undo a later change); a key
   * recorded on another action is refused (key_reused) and nothing is written.
   */
  appendUpdate(actionId: string, update: NewUpdate, change?: ChangeAtVersion): Promise<{ update: Update; created: boolean }>;

  /**
   * Appends a history entry that changes no field (a completion proposed, a request declined);
   * changes go through changeAction or appendUpdate, which record their own. A key already
   * recorded on this action returns that entry with created false; on another action, key_reused.
   */
  appendHistory(actionId: string, entry: NewHistoryEntry): Promise<{ entry: HistoryEntry; created: boolean }>;
  /**
   * What changesSince needs for a plan: the updates and history entries since a day, and its
   * actions (at least every action with one of those, or due from that day to before today; a
   * store may give them all). Throws plan_not_found.
   */
  readChanges(planId: string, since: DateOnly, today: DateOnly): Promise<ChangeMaterial>;
}
