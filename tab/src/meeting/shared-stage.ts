import type { SharedStage } from './meeting-session.js';

/**
 * Search parameters that say where and as whom this window runs (a simulated meeting's window,
 * its theme, who shared the stage), not what the stage shows: never shared, never taken from another.
 */
export const HOST_PARAMS = ['meeting', 'as', 'role', 'frame', 'theme', 'local', 'presenter'] as const;

/** What of this window's stage search everyone follows: the view, filter, order and action, in a stable order. */
export function sharedSearch(search: string): string {
  const params = new URLSearchParams(search);
  for (const name of HOST_PARAMS) params.delete(name);
  params.sort();
  return params.toString();
}

/** This window's search for a shared stage: the shared view, with this window's own host parameters kept. */
export function followedSearch(shared: string, current: string): string {
  const own = new URLSearchParams(current);
  const next = new URLSearchParams(shared);
  for (const name of HOST_PARAMS) {
    const value = own.get(name);
    if (value !== null) next.set(name, value);
  }
  return next.toString();
}

export function sameStage(a: SharedStage | null, b: SharedStage | null): boolean {
  if (a === null || b === null) return a === b;
  return a.planId === b.planId && sharedSearch(a.search) === sharedSearch(b.search);
}

/** The action a stage shows (`at`), or null for the overview. */
export function stageRef(stage: SharedStage | null): string | null {
  if (stage === null) return null;
  const at = new URLSearchParams(stage.search).get('at');
  return at === null || at === 'overview' ? null : at;
}

/** The discussed list after a stage was shown: its action added once, in the order first shown. */
export function withDiscussed(discussed: readonly string[], stage: SharedStage | null): readonly string[] {
  const ref = stageRef(stage);
  return ref === null || discussed.includes(ref) ? discussed : [...discussed, ref];
}
