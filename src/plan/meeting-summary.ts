import { isClosed } from './action-closed.js';
import { dueDateOf } from './action-filter.js';
import { addDays, type DateOnly } from './calendar-date.js';
import { changesSince, updateSinceDay, type ActionChanges, type ChangeMaterial } from './changes-since.js';
import { DUE_SOON_DAYS, lateness, describeLateness } from './lateness.js';
import type { ActionView } from './plan.js';
import { nextMeeting, type PlanMeeting } from './plan-meetings.js';
import type { Rag } from './rag.js';

/**
 * What a meeting leaves behind for its chat: the actions it discussed, the minutes recorded on its
 * day (updates, RAG and timescale changes, requests and answers), and the open actions falling due
 * before the group meets again. One summary for "Finish" in the tab and the meeting's end.
 */
export interface MeetingSummary {
  planId: string;
  planTitle: string;
  date: DateOnly;
  title: string | null;
  discussed: SummaryAction[];
  /** Per action, what was recorded on the meeting's day. */
  changes: ActionChanges[];
  dueBeforeNext: DueAction[];
  /** The next meeting after this one; null when none is planned (then "due" looks DUE_SOON_DAYS ahead). */
  nextMeeting: PlanMeeting | null;
  /** The day "due before the next meeting" runs to, exclusive. */
  dueBy: DateOnly;
}

export interface SummaryAction {
  ref: string;
  title: string;
  rag: Rag;
}

export interface DueAction extends SummaryAction {
  due: DateOnly;
  /** "due in 3 days", "due today". */
  when: string | null;
}

export interface MeetingSummaryCounts {
  discussed: number;
  changes: number;
  dueBeforeNext: number;
}

export type SummaryActionSource = Pick<ActionView, 'id' | 'ref' | 'title' | 'rag' | 'timescale' | 'order'>;

export interface MeetingSummaryInput {
  plan: { id: string; title: string; meetings: readonly PlanMeeting[] };
  date: DateOnly;
  /** Every action of the plan. */
  actions: readonly SummaryActionSource[];
  /** The updates and history entries read from the meeting's day on (UpdateLog.readChanges). */
  material: Pick<ChangeMaterial, 'updates' | 'history'>;
  /** Refs as the tab's shared session saw them, in the order they were shown; unknown refs are left out. */
  discussed: readonly string[];
}

const brief = (a: SummaryActionSource): SummaryAction => ({ ref: a.ref, title: a.title, rag: a.rag });

export function meetingSummary(input: MeetingSummaryInput): MeetingSummary {
  const { plan, date, actions } = input;
  // Only the meeting's own day: a summary sent a day late must not take in the next day's updates.
  const onTheDay: ChangeMaterial = {
    actions,
    updates: input.material.updates.filter((u) => updateSinceDay(u) === date),
    history: input.material.history.filter((h) => h.date === date),
  };
  const changes = changesSince(onTheDay, date, date).actions;

  const byRef = new Map(actions.map((a) => [a.ref, a]));
  const seen = new Set<string>();
  const discussed: SummaryAction[] = [];
  for (const ref of input.discussed) {
    const action = byRef.get(ref);
    if (!action || seen.has(ref)) continue;
    seen.add(ref);
    discussed.push(brief(action));
  }

  // The meeting after this one: nextMeeting counts from the day after, as this one is on `date`.
  const next = nextMeeting(plan.meetings, addDays(date, 1));
  const dueBy = next?.date ?? addDays(date, DUE_SOON_DAYS);
  const dueBeforeNext = [...actions]
    .flatMap((a): (DueAction & { order: number })[] => {
      const due = dueDateOf(a.timescale);
      if (due === null || isClosed(a) || due < date || due >= dueBy) return [];
      return [{ ...brief(a), due, when: describeLateness(lateness(a, date)), order: a.order }];
    })
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.order - b.order))
    .map(({ order: _order, ...due }) => due);

  return {
    planId: plan.id,
    planTitle: plan.title,
    date,
    title: plan.meetings.find((m) => m.date === date)?.title ?? null,
    discussed,
    changes,
    dueBeforeNext,
    nextMeeting: next,
    dueBy,
  };
}

export function summaryCounts(summary: MeetingSummary): MeetingSummaryCounts {
  return { discussed: summary.discussed.length, changes: summary.changes.length, dueBeforeNext: summary.dueBeforeNext.length };
}
