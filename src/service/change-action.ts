import type { DateOnly } from '../plan/calendar-date.js';
import { staleVersionError } from '../plan/errors.js';
import type { Action, ActionChange, ActionWithUpdates } from '../plan/plan.js';
import { yearsNamedIn } from '../plan/plan-years.js';
import type { Rag } from '../plan/rag.js';
import { interpretTimescale } from '../plan/timescale.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';

export interface FieldChangeInput {
  rag?: Rag;
  /** A new timescale as the person wrote it; read beside the words like an imported one. */
  timescale?: string;
  now: Date;
  today: DateOnly;
}

/** The change that turns an action's RAG and timescale into the requested ones, or null when they already are. */
export function fieldChange(action: ActionWithUpdates, input: FieldChangeInput): ActionChange | null {
  const change: ActionChange = { changedAt: input.now.toISOString() };
  if (input.rag !== undefined && input.rag !== action.rag) change.rag = input.rag;
  const written = input.timescale?.trim();
  if (written && written !== action.timescale.asWritten) {
    // The action's own history places the plan in time, so a typo'd year is flagged as on import.
    const context = [action.timescale.asWritten, written, input.today, ...action.updates.map((u) => u.date ?? '')];
    change.timescale = interpretTimescale(written, { planYears: yearsNamedIn(context) });
  }
  return change.rag !== undefined || change.timescale !== undefined ? change : null;
}

/**
 * Applies a field change with the version the person saw: someone else's change since is a
 * conflict, never overwritten. A stale version is a conflict even when the value asked for is
 * already there: the person decided on what they saw, and what changed since is theirs to see.
 * `action` is the action as just read; a version stale against it stays stale.
 */
export async function changeActionFields(
  store: PlansAndActions,
  action: ActionWithUpdates,
  expectedVersion: string,
  input: FieldChangeInput,
): Promise<Action> {
  const change = fieldChange(action, input);
  if (change) return store.changeAction(action.id, expectedVersion, change);
  if (expectedVersion !== action.version) {
    throw staleVersionError(action, expectedVersion);
  }
  return action;
}
