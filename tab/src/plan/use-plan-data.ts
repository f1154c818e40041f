import { useCallback, useEffect, useState } from 'react';
import { latestUpdate } from '../../../src/plan/latest-update.js';
import type { ActionView, ActionWithUpdates } from '../../../src/plan/plan.js';
import type { PlanMeeting } from '../../../src/plan/plan-meetings.js';
import { ApiError } from '../api/api-error.js';
import type { PlanApi, PlanEnvelope } from '../api/plan-api.js';

export type PlanData =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | {
      status: 'ready';
      envelope: PlanEnvelope;
      actions: ActionView[];
      /** Counts the changes made in the tab since the load, so what depends on them (changes since a meeting) is asked again. */
      revision: number;
    };

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('unavailable', error instanceof Error ? error.message : 'Something went wrong.', null, null);
}

/** An action as the list shows it, from the whole action the API answers after a change. */
export function toActionView(action: ActionWithUpdates): ActionView {
  const { updates, history: _history, ...rest } = action;
  return { ...rest, latestUpdate: latestUpdate(updates), updateCount: updates.length };
}

/** Loads a plan and all its actions once (the tab filters on the client); `reload` tries again. */
export function usePlanData(api: PlanApi, planId: string): {
  data: PlanData;
  reload: () => void;
  replaceAction: (action: ActionWithUpdates) => void;
  replaceMeetings: (meetings: PlanMeeting[]) => void;
} {
  const [data, setData] = useState<PlanData>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setData({ status: 'loading' });
    Promise.all([api.getPlan(planId), api.listActions(planId)]).then(
      ([envelope, actions]) => live && setData({ status: 'ready', envelope, actions, revision: 0 }),
      (error: unknown) => live && setData({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, planId, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const replaceAction = useCallback((action: ActionWithUpdates) => {
    setData((current) => {
      if (current.status !== 'ready') return current;
      const view = toActionView(action);
      return { ...current, actions: current.actions.map((a) => (a.id === view.id ? view : a)), revision: current.revision + 1 };
    });
  }, []);
  const replaceMeetings = useCallback((meetings: PlanMeeting[]) => {
    setData((current) => (current.status !== 'ready' ? current : { ...current, envelope: { ...current.envelope, plan: { ...current.envelope.plan, meetings } } }));
  }, []);
  return { data, reload, replaceAction, replaceMeetings };
}
