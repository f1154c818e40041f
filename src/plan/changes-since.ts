import { dueDateOf } from './action-filter.js';
import { isClosed } from './action-closed.js';
import { appliesChanges, type FieldChange, type HistoryEntry } from './action-history.js';
import { endOfPeriod, type DateOnly } from './calendar-date.js';
import type { ActionView } from './plan.js';
import type { Update } from './update.js';

/**
 * What changed on an action since a day (the last meeting): its new updates, its RAG and
 * timescale as they were then and are now, its other changes, whether it has become overdue or
 * been completed, and the requests made of the owner. One rule for the tab's rows, the stage, the
 * digest, the board report and `GET /api/plans/{id}/changes`.
 */
export interface ActionChanges {
  actionId: string;
  ref: string;
  title: string;
  newUpdates: Update[];
  rag: { was: string; now: string } | null;
  timescale: { was: string; now: string } | null;
  /** Changes to its ref, wording, outcome or leads, in order. */
  otherChanges: FieldChange[];
  /** Due on or after the day and before today, and still open. */
  newlyOverdue: boolean;
  /** Closed now, by a change made since the day. */
  completed: boolean;
  /** Completion proposals, timescale requests and the owner's answers since the day. */
  requests: HistoryEntry[];
}

export interface ChangeCounts {
  actionsChanged: number;
  newUpdates: number;
  ragChanged: number;
  timescaleMoved: number;
  newlyOverdue: number;
  completed: number;
}

export interface PlanChanges {
  since: DateOnly;
  today: DateOnly;
  actions: ActionChanges[];
  counts: ChangeCounts;
}

/** The material a store reads for the changes since a day: every action, and the updates and history entries since it. */
export interface ChangeMaterial {
  actions: readonly Pick<ActionView, 'id' | 'ref' | 'title' | 'order' | 'rag' | 'timescale'>[];
  /** Updates whose reported date, or recorded day when undated, is on or after the day. */
  updates: readonly Update[];
  /** History entries dated on or after the day. */
  history: readonly HistoryEntry[];
}

/**
 * The last day an update can be counting for: the end of the period it reports (a month counts to
 * its end, so a meeting misses nothing), or, when it reports none, the day a person recorded it.
 * An undated update read from a document has no day: the day it was brought in says nothing of
 * when it was written. It is "since" a day when this falls on or after it.
 */
export function updateSinceDay(update: Pick<Update, 'date' | 'recordedAt' | 'origin'>): DateOnly | null {
  if (update.date !== null) return endOfPeriod(update.date);
  return update.origin === 'import' ? null : update.recordedAt.slice(0, 10);
}

export function updateIsSince(update: Pick<Update, 'date' | 'recordedAt' | 'origin'>, since: DateOnly): boolean {
  const day = updateSinceDay(update);
  return day !== null && day >= since;
}

/** A field's value then and now: the first change's "was", the action's current value; null when they are the same again. */
function wasAndNow(entries: readonly HistoryEntry[], field: FieldChange['field'], now: string): { was: string; now: string } | null {
  for (const e of entries) {
    const c = e.changes.find((x) => x.field === field);
    if (c) return c.was.trim() === now.trim() ? null : { was: c.was, now };
  }
  return null;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function changesSince(material: ChangeMaterial, since: DateOnly, today: DateOnly): PlanChanges {
  const updatesOf = new Map<string, Update[]>();
  for (const u of material.updates) if (updateIsSince(u, since)) push(updatesOf, u.actionId, u);
  const historyOf = new Map<string, HistoryEntry[]>();
  for (const h of material.history) if (h.date >= since) push(historyOf, h.actionId, h);

  const actions: ActionChanges[] = [];
  for (const action of [...material.actions].sort((a, b) => a.order - b.order)) {
    const entries = (historyOf.get(action.id) ?? []).sort((a, b) => a.sequence - b.sequence);
    const applied = entries.filter((e) => appliesChanges(e.kind));
    const newUpdates = (updatesOf.get(action.id) ?? []).sort((a, b) => a.sequence - b.sequence);
    const due = dueDateOf(action.timescale);
    const closed = isClosed(action);
    const change: ActionChanges = {
      actionId: action.id,
      ref: action.ref,
      title: action.title,
      newUpdates,
      rag: wasAndNow(applied, 'rag', action.rag),
      timescale: wasAndNow(applied, 'timescale', action.timescale.asWritten),
      otherChanges: applied.flatMap((e) => e.changes.filter((c) => c.field === 'ref' || c.field === 'text' || c.field === 'outcome' || c.field === 'leads')),
      newlyOverdue: !closed && due !== null && due >= since && due < today,
      completed: closed && applied.some((e) => e.changes.some((c) => c.field === 'status' && c.now === 'closed')),
      requests: entries.filter((e) => e.kind !== 'changed'),
    };
    const changed = change.newUpdates.length > 0 || change.rag !== null || change.timescale !== null || change.otherChanges.length > 0 || change.newlyOverdue || change.completed || change.requests.length > 0;
    if (changed) actions.push(change);
  }
  return {
    since,
    today,
    actions,
    counts: {
      actionsChanged: actions.length,
      newUpdates: actions.reduce((n, a) => n + a.newUpdates.length, 0),
      ragChanged: actions.filter((a) => a.rag !== null).length,
      timescaleMoved: actions.filter((a) => a.timescale !== null).length,
      newlyOverdue: actions.filter((a) => a.newlyOverdue).length,
      completed: actions.filter((a) => a.completed).length,
    },
  };
}
