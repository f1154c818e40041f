import { dueDateOf } from '../../../src/plan/action-filter.js';
import { isClosed } from '../../../src/plan/action-closed.js';
import { addDays, endOfPeriod, type DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionView } from '../../../src/plan/plan.js';
import { RAG_VALUES, type Rag } from '../../../src/plan/rag.js';

export interface PlanSummaryCounts {
  total: number;
  byRag: Record<Rag, number>;
  /** Due date passed and the action still open. */
  overdue: number;
  /** Open and due between today and 30 days from today, inclusive. */
  dueSoon: number;
  /** Open and not updated for the plan's stale period (or never). */
  stale: number;
}

export const DUE_SOON_DAYS = 30;

interface Facts {
  closed: boolean;
  due: DateOnly | null;
  heard: DateOnly | null;
}

// Loaded actions are never mutated (a change replaces the object), so their dates are worked out
// once; a filter change then only compares strings.
const factsCache = new WeakMap<ActionView, Facts>();

function factsOf(action: ActionView): Facts {
  let facts = factsCache.get(action);
  if (facts === undefined) {
    facts = { closed: isClosed(action), due: dueDateOf(action.timescale), heard: action.lastUpdated === null ? null : endOfPeriod(action.lastUpdated) };
    factsCache.set(action, facts);
  }
  return facts;
}

/** The summary bar's counts over the actions shown. Stale follows the reminder policy: quiet for `staleAfterDays` or more. */
export function summarise(actions: readonly ActionView[], today: DateOnly, staleAfterDays: number): PlanSummaryCounts {
  const byRag = Object.fromEntries(RAG_VALUES.map((r) => [r, 0])) as Record<Rag, number>;
  const soon = addDays(today, DUE_SOON_DAYS);
  const quietBefore = addDays(today, -staleAfterDays);
  let overdue = 0;
  let dueSoon = 0;
  let stale = 0;
  for (const action of actions) {
    byRag[action.rag] += 1;
    const { closed, due, heard } = factsOf(action);
    if (closed) continue;
    if (due !== null && due < today) overdue += 1;
    else if (due !== null && due <= soon) dueSoon += 1;
    if (heard === null || heard <= quietBefore) stale += 1;
  }
  return { total: actions.length, byRag, overdue, dueSoon, stale };
}
