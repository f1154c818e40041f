/** What the page shows, for browser tests and the bench to wait on (tab/README.md). */
export type PlanState = 'loading' | 'ready' | 'error' | 'not-found';

export function setPlanState(state: PlanState): void {
  document.documentElement.dataset.planState = state;
}
