import { useEffect, useMemo, useState } from 'react';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { ApiError } from '../api/api-error.js';
import type { PlanApi, PlanChangesAnswer } from '../api/plan-api.js';
import { asApiError } from './use-plan-data.js';

export type PlanChangesState =
  | { status: 'none' }
  | { status: 'loading'; since: DateOnly }
  | { status: 'error'; since: DateOnly; error: ApiError }
  | { status: 'ready'; since: DateOnly; answer: PlanChangesAnswer };

export interface PlanChangesData {
  state: PlanChangesState;
  /** Each changed action's changes, by action id; empty until loaded. */
  byAction: ReadonlyMap<string, ActionChanges>;
}

const NO_CHANGES: ReadonlyMap<string, ActionChanges> = new Map();
const NONE: PlanChangesState = { status: 'none' };

/**
 * What changed on the plan since a day (GET /api/plans/{id}/changes?since=), asked again when the
 * day changes or `revision` does (an action was changed in the tab). Nothing is asked without a day.
 */
export function usePlanChanges(api: PlanApi, planId: string, since: DateOnly | null, revision: number): PlanChangesData {
  const [state, setState] = useState<PlanChangesState>(since === null ? { status: 'none' } : { status: 'loading', since });

  useEffect(() => {
    if (since === null) {
      setState({ status: 'none' });
      return;
    }
    let live = true;
    // Keep the rows' marks while the same day is asked again after a change; a new day starts afresh.
    setState((current) => (current.status === 'ready' && current.since === since ? current : { status: 'loading', since }));
    api.getChanges(planId, since).then(
      (answer) => live && setState({ status: 'ready', since, answer }),
      (error: unknown) => live && setState({ status: 'error', since, error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, planId, since, revision]);

  // Until the answer for this day is in, say so rather than show another day's changes.
  const current: PlanChangesState = since === null ? NONE : state.status !== 'none' && state.since === since ? state : { status: 'loading', since };
  const answer = current.status === 'ready' ? current.answer : null;
  const byAction = useMemo(() => (answer === null ? NO_CHANGES : new Map(answer.actions.map((a) => [a.actionId, a]))), [answer]);
  return { state: current, byAction };
}
