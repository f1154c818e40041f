import { isClosed } from '../../../src/plan/action-closed.js';
import { dueDateOf } from '../../../src/plan/action-filter.js';
import { sortActions, type ActionOrder } from '../../../src/plan/action-order.js';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import { lateness } from '../../../src/plan/lateness.js';
import type { ActionView } from '../../../src/plan/plan.js';
import { filterPlan, type PlanIndex } from './plan-index.js';
import { readDueBy, readFilter, toActionFilter, type TabFilter } from './tab-filter.js';

/**
 * The stage's own parameters beside the filter (tab-filter.ts). Everything the stage shows is in its
 * URL, so whoever is handed the URL (another attendee, through Live Share) sees the same thing.
 * `at` is the ref of the action shown; absent, or `overview`, shows the overview.
 */
export const AT_PARAM = 'at';
export const OVERVIEW_AT = 'overview';
/** `changes=1`: only the actions that changed since the day compared with (the last meeting). */
export const ONLY_CHANGED_PARAM = 'changes';

/** The ref the stage URL shows, or null for the overview. */
export function stageAt(search: string | URLSearchParams): string | null {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const at = params.get(AT_PARAM);
  return at === null || at === '' || at === OVERVIEW_AT ? null : at;
}

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
 * Open, not yet late, and due on or before the day: "due before the next meeting". Built on the
 * domain's lateness (closed and overdue are its words), so an action is never both overdue and due.
 */
export function isDueBy(action: ActionView, today: DateOnly, day: DateOnly): boolean {
  if (isClosed(action)) return false;
  const state = lateness(action, today).state;
  if (state !== 'due-soon' && state !== 'on-track') return false;
  const due = dueDateOf(action.timescale);
  return due !== null && due <= day;
}

export interface StageWalk {
  filter: TabFilter;
  dueBy: DateOnly | null;
  onlyChanged: boolean;
  steps: ActionView[];
  /**
   * True when the action asked for is shown though it no longer belongs to the list: a minute
   * recorded in the meeting moved it out (Red made Amber in "Red only"), and the stage stays on it
   * rather than jump away while the group is talking about it.
   */
  held: boolean;
}

/**
 * The walk-through a stage URL asks for: its filter, its "due by" day, only what changed, in its
 * order. `keep` (the ref shown) stays in the walk even when it no longer matches.
 */
export function stageWalk(
  index: PlanIndex,
  search: string | URLSearchParams,
  today: DateOnly,
  changed: ReadonlyMap<string, ActionChanges> | null,
  keep: string | null = null,
): StageWalk {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filter = readFilter(params);
  const dueBy = readDueBy(params);
  const onlyChanged = params.get(ONLY_CHANGED_PARAM) === '1';
  let picked = filterPlan(index, toActionFilter(filter, today));
  if (dueBy !== null) picked = picked.filter((a) => isDueBy(a, today, dueBy));
  if (onlyChanged && changed !== null) picked = picked.filter((a) => changed.has(a.id));
  let held = false;
  const kept = keep === null ? undefined : index.actions.find((a) => a.ref === keep);
  if (kept !== undefined && !picked.includes(kept)) {
    const ids = new Set(picked.map((a) => a.id));
    picked = index.actions.filter((a) => ids.has(a.id) || a === kept);
    held = true;
  }
  return { filter, dueBy, onlyChanged, steps: walkThrough(picked, { order: filter.order, today, onlyChanged: false, changed: null }), held };
}

export type StageStep = 'next' | 'previous' | 'overview' | 'last';

/**
 * Which key moves the walk-through, or null: left and right arrows, j and k (as in mail and feed
 * readers), Page Up and Down; Home goes back to the overview, End to the last action. Up and down
 * arrows still scroll a long action.
 */
export function stepForKey(key: string): StageStep | null {
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
      return 'overview';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** What of a focused element decides whether a key is its own. */
export interface KeyTarget {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
}

/** Inputs whose keys are not text editing: a key pressed on them after a click still moves the stage. */
const KEYLESS_INPUTS = new Set(['checkbox', 'button', 'submit', 'reset', 'image', 'color', 'file']);

/**
 * Whether a key pressed with focus on an element is the element's own, so the walk-through leaves
 * it alone. Text fields keep every key (the caret, Home and End, typed j and k). A closed select
 * keeps Up, Down and typed letters (which choose its options) but not Left and Right: after
 * choosing an order the arrow keys step on, as they did before. A checkbox or button keeps none of
 * the stage's keys. An open select's list takes keys before the page sees them.
 */
export function keyIsControls(target: KeyTarget | null, key: string): boolean {
  if (target === null) return false;
  if (target.isContentEditable === true) return true;
  switch (target.tagName) {
    case 'TEXTAREA':
      return true;
    case 'INPUT':
      return !KEYLESS_INPUTS.has((target.type ?? 'text').toLowerCase());
    case 'SELECT':
      return key !== 'ArrowLeft' && key !== 'ArrowRight';
    default:
      return false;
  }
}
