import { useEffect, useRef } from 'react';
import type { ActionView, ActionWithUpdates } from '../../../../src/plan/plan.js';
import type { PlanApi } from '../../api/plan-api.js';

/**
 * Someone in the meeting recorded a minute (the session's change signal moved): read the plan's
 * actions again and take in those whose version changed, one by one, so the list keeps its place
 * and scroll instead of loading the whole plan afresh.
 */
export function useMeetingChanges(api: PlanApi, planId: string, actions: readonly ActionView[], signal: number | null, onChanged: (action: ActionWithUpdates) => void): void {
  const known = useRef(actions);
  known.current = actions;
  const first = useRef(signal);

  useEffect(() => {
    if (signal === null || signal === first.current) return;
    let live = true;
    void (async () => {
      try {
        const versions = new Map(known.current.map((a) => [a.id, a.version]));
        for (const action of await api.listActions(planId)) {
          if (!live) return;
          const was = versions.get(action.id);
          if (was !== undefined && was !== action.version) onChanged(await api.getAction(planId, action.ref));
        }
      } catch {
        // The list stays as it was; the next change in the meeting reads it again.
      }
    })();
    return () => {
      live = false;
    };
  }, [api, planId, signal, onChanged]);
}
