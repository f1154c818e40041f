import { endOfPeriod, type DateOnly } from './calendar-date.js';
import { leadMatches } from './lead.js';
import type { ActionView, Section } from './plan.js';
import type { Rag } from './rag.js';
import type { Timescale } from './timescale.js';
import { daysOverdue } from './lateness.js';

/** How the tab, the API and the CLI narrow a plan's actions; every field is optional and they combine. */
export interface ActionFilter {
  /** A lead's name, matched without regard to case against each of the action's leads. */
  lead?: string;
  /** A section id or number. */
  section?: string;
  rag?: readonly Rag[];
  /** Due date passed and not completed; needs `today`. */
  overdue?: boolean;
  /** Due on or before this date. */
  dueBefore?: DateOnly;
  /** Updated or changed on or after this date. */
  changedSince?: DateOnly;
  /** Free text over ref, text, outcome, leads and updates. */
  text?: string;
  /** The caller's today, for `overdue`: the domain never reads the clock. */
  today?: DateOnly;
}

/**
 * The filter as a predicate, for stores without SQL (SharePoint lists read whole) and for the tab.
 * Same meaning as the SQLite store's query: the contract suite holds both to it.
 */
export function matchesFilter(
  action: ActionView,
  filter: ActionFilter,
  sectionOf: (sectionId: string) => Section | undefined,
  /** Every update's text, for free-text search; the latest update is always searched. */
  updateTexts: readonly string[] = [],
): boolean {
  if (filter.lead !== undefined && !action.leads.some((lead) => leadMatches(lead, filter.lead!))) return false;
  if (filter.section !== undefined) {
    const section = sectionOf(action.sectionId);
    if (!section || (section.id !== filter.section && section.number !== filter.section)) return false;
  }
  if (filter.rag !== undefined && filter.rag.length > 0 && !filter.rag.includes(action.rag)) return false;
  const due = dueDateOf(action.timescale);
  if (filter.overdue && (filter.today === undefined || daysOverdue(action, filter.today) === null)) return false;
  if (filter.dueBefore !== undefined && (due === null || due > filter.dueBefore)) return false;
  // A month-only update ("Jan 18") may fall after the date: it counts, so a meeting misses nothing.
  if (filter.changedSince !== undefined && (action.lastUpdated === null || endOfPeriod(action.lastUpdated) < filter.changedSince)) return false;
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const needle = filter.text.trim().toLowerCase();
    const haystack = [action.ref, action.title, action.text, action.outcome, action.leadsText, action.timescale.asWritten, ...action.sources, action.latestUpdate?.text ?? '', ...updateTexts]
      .join('\n')
      .toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  return true;
}

/** The date an action is due by: a due timescale's end, or an ongoing one's review date. */
export function dueDateOf(timescale: Timescale): DateOnly | null {
  const r = timescale.reading;
  return r.kind === 'due' ? r.due : r.kind === 'ongoing' ? r.reviewBy : null;
}
