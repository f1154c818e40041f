import { describeHistoryEntry, originName, type HistoryEntry } from './action-history.js';
import { compareReduced, describeReducedDate, type ReducedDate } from './calendar-date.js';
import type { Update } from './update.js';

/** One line of an action's record: a dated update, or a history entry (a change, a request, an answer). */
export type TimelineItem = { kind: 'update'; date: ReducedDate | null; update: Update } | { kind: 'history'; date: ReducedDate; entry: HistoryEntry };

/**
 * An action's updates and history in one order, as the detail, the stage, the CLI and the export
 * show them: updates keep the order they were written in (an undated one stays after the dated one
 * before it), and each history entry goes in by the day it counts for, after the updates of its day.
 */
export function actionTimeline(action: { updates: readonly Update[]; history: readonly HistoryEntry[] }): TimelineItem[] {
  const updates = [...action.updates].sort((a, b) => a.sequence - b.sequence);
  const history = [...action.history].sort((a, b) => a.sequence - b.sequence);
  const items: TimelineItem[] = [];
  let placedBy: ReducedDate | null = null;
  let h = 0;
  for (const update of updates) {
    placedBy = update.date ?? placedBy;
    while (h < history.length && placedBy !== null && compareReduced(history[h]!.date, placedBy) < 0) {
      items.push({ kind: 'history', date: history[h]!.date, entry: history[h]! });
      h += 1;
    }
    items.push({ kind: 'update', date: update.date, update });
  }
  for (; h < history.length; h += 1) items.push({ kind: 'history', date: history[h]!.date, entry: history[h]! });
  return items;
}

/** When an update was recorded, where that is another day than the one it reports: "reported for 12 Feb 2018, recorded 1 Mar 2018". */
export function recordedApart(update: Pick<Update, 'date' | 'recordedAt' | 'origin'>): string | null {
  if (update.origin === 'import' || update.date === null) return null;
  const recorded = update.recordedAt.slice(0, 10);
  return recorded === update.date ? null : `recorded ${describeReducedDate(recorded)}`;
}

/** A history entry as one line with who and where: "RAG changed from Amber to Red — Louise West, in the tab". */
export function describeTimelineEntry(entry: HistoryEntry): string {
  const who = [entry.author, originName(entry.origin)].filter((p) => p).join(', ');
  return who ? `${describeHistoryEntry(entry)} — ${who}` : describeHistoryEntry(entry);
}
