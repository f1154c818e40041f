import type { Attribution, HistoryKind } from '../plan/action-history.js';
import { isClosed } from '../plan/action-closed.js';
import type { DateOnly } from '../plan/calendar-date.js';
import { PlanError, staleVersionError } from '../plan/errors.js';
import type { Action, ActionChange, ActionWithUpdates } from '../plan/plan.js';
import { yearsNamedIn } from '../plan/plan-years.js';
import type { Rag } from '../plan/rag.js';
import { interpretTimescale, type Timescale } from '../plan/timescale.js';
import { checkImpactEvidence } from '../plan/update-rules.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';

export interface FieldChangeInput {
  rag?: Rag;
  /** A new timescale as the person wrote it; read beside the words like an imported one. */
  timescale?: string;
  now: Date;
  today: DateOnly;
  /** Who is changing it and through what: the history entry names them. */
  by: Attribution;
  /** Idempotency key of the change's history entry: a retried change is made once. */
  key: string;
  /** A step of a request (an approval, an agreed timescale); a plain change by default. */
  kind?: HistoryKind;
  /** Why: the impact evidence of a completion, the reason for a new timescale. */
  note?: string | null;
  /** The day it counts for (a meeting's), when not today. */
  date?: DateOnly;
  /** Whether this person may close the action themselves: false where the plan needs its owner's approval and they are not the owner. */
  mayClose: boolean;
}

/**
 * A new timescale as a person wrote it, read beside the words like an imported one: the action's
 * own timescale, its updates' dates and today place the plan in time, so a typo'd year is flagged.
 */
export function readNewTimescale(action: ActionWithUpdates, written: string, today: DateOnly): Timescale {
  const context = [action.timescale.asWritten, written, today, ...action.updates.map((u) => u.date ?? '')];
  return interpretTimescale(written, { planYears: yearsNamedIn(context) });
}

/** The change that turns an action's RAG and timescale into the requested ones, or null when they already are. */
export function fieldChange(action: ActionWithUpdates, input: FieldChangeInput): ActionChange | null {
  const change: ActionChange = {
    changedAt: input.now.toISOString(),
    record: { kind: input.kind ?? 'changed', note: input.note ?? null, date: input.date ?? input.today, key: input.key, ...input.by },
  };
  if (input.rag !== undefined && input.rag !== action.rag) change.rag = input.rag;
  const written = input.timescale?.trim();
  if (written && written !== action.timescale.asWritten) change.timescale = readNewTimescale(action, written, input.today);
  return change.rag !== undefined || change.timescale !== undefined ? change : null;
}

/** Whether a change closes an open action: a person doing so says what difference it made. */
export function closesAction(action: Pick<Action, 'rag' | 'timescale'>, change: ActionChange | null): boolean {
  if (change === null || isClosed(action)) return false;
  return isClosed({ rag: change.rag ?? action.rag, timescale: change.timescale ?? action.timescale });
}

/**
 * Applies a field change with the version the person saw: someone else's change since is a
 * conflict, never overwritten. A stale version is a conflict even when the value asked for is
 * already there: the person decided on what they saw, and what changed since is theirs to see.
 * `action` is the action as just read; a version stale against it stays stale. Closing the action
 * needs its impact evidence (the note); whether the person may close it at all is the caller's
 * to decide (completeAction, where a plan needs its owner's approval).
 */
export async function changeActionFields(
  store: PlansAndActions,
  action: ActionWithUpdates,
  expectedVersion: string,
  input: FieldChangeInput,
): Promise<Action> {
  const change = fieldChange(action, input);
  if (change && closesAction(action, change)) {
    if (!input.mayClose) throw new PlanError('not_plan_owner', `this plan needs its owner to approve completing ${action.ref}: propose completion instead, and the owner will approve or return it`);
    change.record.note = checkImpactEvidence(input.note);
  }
  if (change) return store.changeAction(action.id, expectedVersion, change);
  if (expectedVersion !== action.version) {
    throw staleVersionError(action, expectedVersion);
  }
  return action;
}
