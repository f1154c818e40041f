import { PlanError } from '../plan/errors.js';

/** Where an update key is recorded, or was asked for: enough to name the action to a person. */
export interface KeyedAction {
  planId: string;
  ref: string;
}

/**
 * An update key names one submission about one action. Answering a second action's update with the
 * first's "already recorded" would drop it without a word, so the reuse is refused and both are named.
 */
export function keyReusedError(key: string, recordedOn: KeyedAction, askedFor: KeyedAction): PlanError {
  const where = (a: KeyedAction): string => (recordedOn.planId === askedFor.planId ? `action ${a.ref}` : `action ${a.ref} of plan "${a.planId}"`);
  return new PlanError(
    'key_reused',
    `update key "${key}" is already recorded on ${where(recordedOn)}, so it cannot record an update on ${where(askedFor)}: send a new key for a new update`,
  );
}
