import type { ActionChange } from '../plan/plan.js';
import type { NewUpdate, Update } from '../plan/update.js';

/** A change to an action's RAG or timescale, made with the version its author last read. */
export interface ChangeAtVersion {
  expectedVersion: string;
  change: ActionChange;
}

/** The dated updates of a plan's actions: appended, never overwritten. */
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
}
