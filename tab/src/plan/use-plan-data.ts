import { useCallback, useEffect, useRef, useState } from 'react';
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

/**
 * Loads a plan and all its actions once (the tab filters on the client); `reload` tries again
 * (showing the loading state), `refresh` reads it again quietly: what is shown stays until the new
 * answer replaces it, for a change someone else made (a minute recorded in the meeting).
 */
export function usePlanData(api: PlanApi, planId: string): {
  data: PlanData;
  reload: () => void;
  refresh: () => void;
  replaceAction: (action: ActionWithUpdates) => void;
  replaceMeetings: (meetings: PlanMeeting[]) => void;
} {
  const [data, setData] = useState<PlanData>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // Bumped by each load and refresh: an answer is taken only while it is the latest asked, so a slow
  // refresh never overwrites a newer one, nor another plan's load.
  const asked = useRef(0);

  useEffect(() => {
    let live = true;
    asked.current += 1;
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
  const refresh = useCallback(() => {
    const ticket = ++asked.current;
    Promise.all([api.getPlan(planId), api.listActions(planId)]).then(
      ([envelope, actions]) => {
        if (ticket !== asked.current) return;
        // The revision moves on, so what depends on the actions (changes since the meeting) is asked again too.
        setData((current) => (current.status !== 'ready' ? current : { status: 'ready', envelope, actions, revision: current.revision + 1 }));
      },
      // Quiet: a failed refresh keeps what is shown; the next change or a reload asks again.
      () => undefined,
    );
  }, [api, planId]);
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
  return { data, reload, refresh, replaceAction, replaceMeetings };
}
