import { batchStepError, isSuccess, type BatchStep } from '../../graph/graph-batch.js';
import { HttpError, isUniqueValueConflict } from '../../graph/http-error.js';
import type { HistoryEntry, NewHistoryEntry } from '../../plan/action-history.js';
import { addDays, type DateOnly } from '../../plan/calendar-date.js';
import { PlanError } from '../../plan/errors.js';
import type { Action } from '../../plan/plan.js';
import type { KeyedAction } from '../key-reused-error.js';
import { historyFields, readAction, readHistory, sequencedHistory, storedKey, type StoredHistory } from './item-codec.js';
import { ACTIONS_LIST, HISTORY_LIST, selectFor } from './list-schema.js';
import { byLookup } from './lookup-filter.js';
import { odataString, type SiteLists } from './site-lists.js';

/**
 * The Action history list: one item per entry, appended, never edited. An entry's Key sits in a
 * unique column, so writing the same entry twice (a retry, a twin request, a document brought in
 * again) leaves one item: the second create is refused with SharePoint's unique-value answer
 * (400 invalidRequest, http-error.ts isUniqueValueConflict), which here means "already there".
 * An action's history is one query on the indexed Action lookup, a plan's on the Plan lookup.
 */

export const HISTORY_SELECT = selectFor(HISTORY_LIST);

type ActionRef = Pick<Action, 'id' | 'planId' | 'ref'>;

/** An action's history entries, in no order: one query on the indexed Action lookup. */
export async function historyOfAction(lists: SiteLists, actionId: string): Promise<StoredHistory[]> {
  const items = await lists.query('history', { select: HISTORY_SELECT, filter: byLookup('Action', actionId) });
  return items.map(readHistory);
}

/**
 * A plan's history entries, those dated on or after a day when one is given: the indexed Plan
 * lookup and HistoryDate. SharePoint keeps a date-only value as the site's midnight in UTC (the
 * day before, in a zone east of it), so the query asks from the day before and the entry's own
 * date decides.
 */
export async function historyOfPlan(lists: SiteLists, planId: string, since: DateOnly | null = null): Promise<StoredHistory[]> {
  const filter = since === null ? byLookup('Plan', planId) : `${byLookup('Plan', planId)} and fields/HistoryDate ge ${odataString(`${addDays(since, -1)}T00:00:00Z`)}`;
  const items = await lists.query('history', { select: HISTORY_SELECT, filter });
  return items.map(readHistory).filter((h) => since === null || h.entry.date >= since);
}

/** Entries grouped by action, each action's in the order recorded. */
export function historyByAction(entries: readonly StoredHistory[]): Map<string, HistoryEntry[]> {
  const grouped = new Map<string, StoredHistory[]>();
  for (const e of entries) {
    const list = grouped.get(e.entry.actionId);
    if (list) list.push(e);
    else grouped.set(e.entry.actionId, [e]);
  }
  return new Map([...grouped].map(([actionId, list]) => [actionId, sequencedHistory(list)]));
}

/** The entries recorded under any of these keys, on whatever action: one query on the unique, indexed Key column. */
export async function historyByKeys(lists: SiteLists, keys: readonly string[]): Promise<StoredHistory[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  const filter = wanted.map((k) => `fields/Key eq ${odataString(storedKey(k))}`).join(' or ');
  const items = await lists.query('history', { select: HISTORY_SELECT, filter, limit: 5 * wanted.length });
  // A long key is stored as a prefix and a hash: the exact key is the entry's own.
  return items.map(readHistory).filter((h) => wanted.includes(h.entry.key));
}

/** The action a key was recorded on, for the key_reused answer; an action since deleted is named by its item id. */
export async function keyedActionOf(lists: SiteLists, found: StoredHistory): Promise<KeyedAction> {
  const other = await lists.get('actions', found.entry.actionId, selectFor(ACTIONS_LIST));
  return other ? readAction(other).action : { planId: found.planId ?? '?', ref: `(item ${found.entry.actionId}, since deleted)` };
}

/**
 * Writes an entry as its own item. Returns the new item's id, or null when an entry of that key is
 * already on the site (the caller finds out whose).
 */
export async function createHistoryItem(lists: SiteLists, entry: NewHistoryEntry, action: ActionRef): Promise<string | null> {
  try {
    return (await lists.create('history', historyFields(entry, action))).id;
  } catch (error) {
    if (error instanceof HttpError && isUniqueValueConflict(error.status, error.body)) return null;
    throw error;
  }
}

export interface BulkHistoryEntry {
  action: ActionRef;
  entry: NewHistoryEntry;
}

/**
 * Writes many entries, 20 to a $batch. A key already on the site is not written again (created:
 * false); the caller makes its keys deterministic (revision-keys.ts) so that is the same entry.
 */
export async function createHistoryItems(lists: SiteLists, entries: readonly BulkHistoryEntry[]): Promise<{ key: string; created: boolean }[]> {
  const steps = entries.map((e, i) => lists.createStep('history', `h${i}`, historyFields(e.entry, e.action)));
  const outcomes = await lists.batch(steps);
  return entries.map((e, i) => {
    const outcome = outcomes.get(`h${i}`);
    if (outcome && isSuccess(outcome)) return { key: e.entry.key, created: true };
    if (outcome && isUniqueValueConflict(outcome.status, outcome.body)) return { key: e.entry.key, created: false };
    throw outcome ? batchStepError(steps[i] as BatchStep, outcome) : new PlanError('store_failure', `history entry ${e.entry.key} got no answer`);
  });
}
