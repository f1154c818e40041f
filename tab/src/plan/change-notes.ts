import { describeHistoryEntry, fieldName, type HistoryKind } from '../../../src/plan/action-history.js';
import type { DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionChanges } from '../../../src/plan/changes-since.js';
import type { PlanMeeting } from '../../../src/plan/plan-meetings.js';
import { formatDate } from '../format/dates.js';

/** The day the tab compares with: the "Changed since" filter's when set, else the plan's last meeting. */
export interface Comparison {
  since: DateOnly;
  /** The meeting it is, when it is the plan's last meeting. */
  meeting: PlanMeeting | null;
}

export function comparisonDay(changedSince: DateOnly | '', last: PlanMeeting | null): Comparison | null {
  if (changedSince !== '') return { since: changedSince, meeting: last !== null && last.date === changedSince ? last : null };
  return last === null ? null : { since: last.date, meeting: last };
}

/** "since the last meeting (12 Feb 2018)" or "since 1 Oct 2017". */
export function sinceWords(comparison: Comparison): string {
  return comparison.meeting !== null ? `since the last meeting (${formatDate(comparison.since)})` : `since ${formatDate(comparison.since)}`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const COMPLETION_STEPS: readonly HistoryKind[] = ['completion-proposed', 'completion-approved', 'completion-returned'];
const TIMESCALE_STEPS: readonly HistoryKind[] = ['timescale-requested', 'timescale-agreed', 'timescale-declined'];

/**
 * Where each request made of the owner stands now, in the domain's words ("completion proposed",
 * "new timescale declined"): the latest step of each, unless the change it led to is already said
 * (an approved completion is "completed", an agreed timescale has "moved").
 */
function requestNotes(change: ActionChanges): string[] {
  const notes: string[] = [];
  for (const steps of [COMPLETION_STEPS, TIMESCALE_STEPS]) {
    const last = change.requests.filter((r) => steps.includes(r.kind)).at(-1);
    if (last === undefined) continue;
    if (last.kind === 'completion-approved' && change.completed) continue;
    if (last.kind === 'timescale-agreed' && change.timescale !== null) continue;
    notes.push(describeHistoryEntry({ kind: last.kind, changes: [], note: null }).toLowerCase());
  }
  return notes;
}

/**
 * What changed on one action since the day, in a few words each, for its row and the stage, what
 * a meeting asks first coming first: "completed", "newly overdue", "RAG was Amber, now Red",
 * "timescale moved from “March 2018”", "2 new updates", other fields changed, and where the
 * requests made of the owner stand.
 */
export function changeNotes(change: ActionChanges): string[] {
  const notes: string[] = [];
  if (change.completed) notes.push('completed');
  if (change.newlyOverdue) notes.push('newly overdue');
  if (change.rag !== null) notes.push(`RAG was ${change.rag.was}, now ${change.rag.now}`);
  if (change.timescale !== null) notes.push(`timescale moved from “${change.timescale.was || '(blank)'}”`);
  if (change.newUpdates.length > 0) notes.push(plural(change.newUpdates.length, 'new update', 'new updates'));
  for (const field of new Set(change.otherChanges.map((c) => c.field))) notes.push(`${fieldName(field).toLowerCase()} changed`);
  return [...notes, ...requestNotes(change)];
}
