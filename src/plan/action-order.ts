import { dueDateOf } from './action-filter.js';
import { compareReduced, type DateOnly } from './calendar-date.js';
import { daysOverdue } from './lateness.js';
import type { ActionView } from './plan.js';
import { ragSeverity } from './rag.js';

/** The orders a plan's actions can be listed in: as written, most overdue first, by due date, worst RAG first, most recently updated first. */
export const ACTION_ORDERS = ['plan', 'most-overdue', 'due', 'rag', 'last-update'] as const;
export type ActionOrder = (typeof ACTION_ORDERS)[number];

export const ACTION_ORDER_NAMES: Record<ActionOrder, string> = {
  plan: 'Plan order',
  'most-overdue': 'Most overdue',
  due: 'Due date',
  rag: 'RAG (red first)',
  'last-update': 'Last update',
};

type Sortable = Pick<ActionView, 'order' | 'rag' | 'timescale' | 'lastUpdated'>;

/** Nulls last, whichever way the values go. */
function nullsLast<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return compare(a, b);
}

/**
 * A comparator for an order; ties keep plan order, so a sorted list stays predictable. Closed
 * actions are never overdue, so "most overdue" puts them with the actions that are not late.
 */
export function actionComparator(order: ActionOrder, today: DateOnly): (a: Sortable, b: Sortable) => number {
  const byPlan = (a: Sortable, b: Sortable): number => a.order - b.order;
  switch (order) {
    case 'plan':
      return byPlan;
    case 'most-overdue':
      return (a, b) => nullsLast(daysOverdue(a, today), daysOverdue(b, today), (x, y) => y - x) || byPlan(a, b);
    case 'due':
      return (a, b) => nullsLast(dueDateOf(a.timescale), dueDateOf(b.timescale), (x, y) => (x < y ? -1 : x > y ? 1 : 0)) || byPlan(a, b);
    case 'rag':
      return (a, b) => ragSeverity(a.rag) - ragSeverity(b.rag) || byPlan(a, b);
    case 'last-update':
      return (a, b) => nullsLast(a.lastUpdated, b.lastUpdated, (x, y) => compareReduced(y, x)) || byPlan(a, b);
  }
}

export function sortActions<T extends Sortable>(actions: readonly T[], order: ActionOrder, today: DateOnly): T[] {
  return [...actions].sort(actionComparator(order, today));
}
