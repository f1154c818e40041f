import { sortActions, type ActionOrder } from '../../../src/plan/action-order.js';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { ActionView } from '../../../src/plan/plan.js';

/**
 * The actions a meeting steps through: the filtered plan, optionally only what changed since the
 * last meeting (the actions GET .../changes names), in any of the list's orders (action-order.ts).
 */
export function walkThrough(
  actions: readonly ActionView[],
  options: { order: ActionOrder; today: DateOnly; onlyChanged: boolean; changed: ReadonlyMap<string, ActionChanges> | null },
): ActionView[] {
  const changed = options.changed;
  const list = options.onlyChanged && changed !== null ? actions.filter((a) => changed.has(a.id)) : actions;
  return options.order === 'plan' ? [...list] : sortActions(list, options.order, options.today);
}

/**
 * Which key moves the walk-through, or null: left and right arrows, j and k (as in mail and feed
 * readers), Page Up and Down, Home and End. Up and down arrows still scroll a long action.
 */
export function stepForKey(key: string): 'next' | 'previous' | 'first' | 'last' | null {
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case 'j':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
    case 'k':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}
