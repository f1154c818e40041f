import { isSuccess } from '../../graph/graph-batch.js';
import type { ItemsByList } from './import-rollback-error.js';
import type { ListKey } from './list-schema.js';
import type { SiteLists } from './site-lists.js';
import { byPlan, chunks } from './plan-items-writer.js';

/**
 * The one rollback of a write into SharePoint (an import, a migration, a replacement), and the one
 * way items are deleted. What a write made is found again by query under its plan item, not
 * remembered: a create whose answer was lost (a crash, a dropped connection) still made an item.
 */

export interface RemovalReport {
  removed: Record<'plans' | 'actions' | 'updates' | 'history' | 'reminders', number>;
  /** What could not be removed, by list and item id (nothing when the removal was complete). */
  remaining: ItemsByList[];
}

/**
 * What to remove under a plan item.
 * - `plan`: everything under it, then the item itself. `keepPlanItem: 'while-items-remain'` keeps the
 *   item when anything under it could not be removed, so a journal can find the rest through it
 *   again; `'never'` removes it anyway (nothing will come back for it, and the message names the rest).
 * - `generation`: a replacement that failed: only the actions of its generation with their updates,
 *   history and reminders; the plan item and the actions in force are the plan's. When even the query fails,
 *   `otherwise` (the items the write saw made) is reported as remaining: the plan never reads them
 *   (it is still at its old generation), and the next replacement or deletePlan removes them.
 */
export type RemovalScope =
  | { kind: 'plan'; keepPlanItem: 'while-items-remain' | 'never' }
  | { kind: 'generation'; generation: string; otherwise: readonly ItemsByList[] };

/** Deletes items, 20 to a $batch, one list after another in the order given; 404 counts as gone. */
export async function deleteItems(lists: SiteLists, groups: readonly ItemsByList[]): Promise<{ removed: Map<ListKey, number>; remaining: ItemsByList[] }> {
  const removed = new Map<ListKey, number>();
  const remaining: ItemsByList[] = [];
  for (const group of groups) {
    const left: string[] = [];
    for (const part of chunks(group.ids)) {
      try {
        const outcomes = await lists.batch(part.map((id) => lists.deleteStep(group.list, `d${id}`, id)));
        for (const id of part) {
          const o = outcomes.get(`d${id}`);
          if (!o || !(isSuccess(o) || o.status === 404)) left.push(id);
        }
      } catch {
        left.push(...part);
      }
    }
    if (left.length > 0) remaining.push({ list: group.list, ids: left });
    removed.set(group.list, (removed.get(group.list) ?? 0) + group.ids.length - left.length);
  }
  return { removed, remaining };
}

export async function removePlanItems(lists: SiteLists, planId: string, scope: RemovalScope = { kind: 'plan', keepPlanItem: 'while-items-remain' }): Promise<RemovalReport> {
  const removed = { plans: 0, actions: 0, updates: 0, history: 0, reminders: 0 };
  const remaining: ItemsByList[] = [];
  const remove = async (list: ListKey, ids: string[]): Promise<number> => {
    const deleted = await deleteItems(lists, [{ list, ids }]);
    remaining.push(...deleted.remaining);
    return deleted.removed.get(list) ?? 0;
  };
  const filter = byPlan(planId);
  if (scope.kind === 'generation') {
    let actions: string[];
    let onThem: { updates: string[]; history: string[]; reminders: string[] };
    try {
      actions = (await lists.query('actions', { select: ['Generation'], filter })).filter((i) => i.fields.Generation === scope.generation).map((i) => i.id);
      const theirs = new Set(actions);
      const onTheirs = async (list: 'updates' | 'history' | 'reminders'): Promise<string[]> =>
        (await lists.query(list, { select: ['ActionLookupId'], filter })).filter((i) => theirs.has(String(i.fields.ActionLookupId ?? ''))).map((i) => i.id);
      onThem = { updates: await onTheirs('updates'), history: await onTheirs('history'), reminders: await onTheirs('reminders') };
    } catch {
      return { removed, remaining: scope.otherwise.filter((g) => g.ids.length > 0) };
    }
    removed.updates = await remove('updates', onThem.updates);
    removed.history = await remove('history', onThem.history);
    removed.reminders = await remove('reminders', onThem.reminders);
    removed.actions = await remove('actions', actions);
    return { removed, remaining };
  }
  for (const list of ['updates', 'history', 'reminders', 'actions'] as const) {
    let ids: string[];
    try {
      ids = (await lists.query(list, { select: ['Title'], filter })).map((i) => i.id);
    } catch {
      // Cannot even see what is there: the plan item stays, and with it the way to find the rest.
      remaining.push({ list: 'plans', ids: [planId] });
      return { removed, remaining };
    }
    removed[list] = await remove(list, ids);
  }
  if (remaining.length === 0 || scope.keepPlanItem === 'never') removed.plans = await remove('plans', [planId]);
  else remaining.push({ list: 'plans', ids: [planId] });
  return { removed, remaining };
}
