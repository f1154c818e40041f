import { endOfPeriod, addDays, type DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges, ChangeCounts } from '../../../src/plan/changes-since.js';
import { lateness, type Lateness } from '../../../src/plan/lateness.js';
import type { ActionView } from '../../../src/plan/plan.js';
import { RAG_VALUES, type Rag } from '../../../src/plan/rag.js';

export interface PlanSummaryCounts {
  total: number;
  byRag: Record<Rag, number>;
  /** Late and open, by the domain's rule (lateness.ts). */
  overdue: number;
  /** Open and due within the domain's "due soon" window (DUE_SOON_DAYS). */
  dueSoon: number;
  /** Open and not updated for the plan's stale period (or never). */
  stale: number;
}

export { DUE_SOON_DAYS } from '../../../src/plan/lateness.js';

interface Facts {
  today: DateOnly;
  lateness: Lateness;
  heard: DateOnly | null;
}

// Loaded actions are never mutated (a change replaces the object), so their standing on a day is
// worked out once; a filter change then only reads it.
const factsCache = new WeakMap<ActionView, Facts>();

function factsOf(action: ActionView, today: DateOnly): Facts {
  let facts = factsCache.get(action);
  if (facts === undefined || facts.today !== today) {
    facts = { today, lateness: lateness(action, today), heard: action.lastUpdated === null ? null : endOfPeriod(action.lastUpdated) };
    factsCache.set(action, facts);
  }
  return facts;
}

/** The summary bar's counts over the actions shown. Stale follows the reminder policy: quiet for `staleAfterDays` or more. */
export function summarise(actions: readonly ActionView[], today: DateOnly, staleAfterDays: number): PlanSummaryCounts {
  const byRag = Object.fromEntries(RAG_VALUES.map((r) => [r, 0])) as Record<Rag, number>;
  const quietBefore = addDays(today, -staleAfterDays);
  let overdue = 0;
  let dueSoon = 0;
  let stale = 0;
  for (const action of actions) {
    byRag[action.rag] += 1;
    const { lateness: l, heard } = factsOf(action, today);
    if (l.state === 'closed') continue;
    if (l.state === 'overdue') overdue += 1;
    else if (l.state === 'due-soon') dueSoon += 1;
    if (heard === null || heard <= quietBefore) stale += 1;
  }
  return { total: actions.length, byRag, overdue, dueSoon, stale };
}

/**
 * What changed since the last meeting among the actions shown, counted as the API counts the
 * whole plan (changes-since.ts): the summary bar follows the filters like its other counts.
 */
export function countChanges(actions: readonly ActionView[], changesOf: ReadonlyMap<string, ActionChanges>): ChangeCounts {
  const counts: ChangeCounts = { actionsChanged: 0, newUpdates: 0, ragChanged: 0, timescaleMoved: 0, newlyOverdue: 0, completed: 0 };
  for (const action of actions) {
    const c = changesOf.get(action.id);
    if (c === undefined) continue;
    counts.actionsChanged += 1;
    counts.newUpdates += c.newUpdates.length;
    if (c.rag !== null) counts.ragChanged += 1;
    if (c.timescale !== null) counts.timescaleMoved += 1;
    if (c.newlyOverdue) counts.newlyOverdue += 1;
    if (c.completed) counts.completed += 1;
  }
  return counts;
}
