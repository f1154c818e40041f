import type { ActionFilter } from '../../plan/action-filter.js';
import { endOfPeriod } from '../../plan/calendar-date.js';
import { leadMatches } from '../../plan/lead.js';
import type { ActionView, Section } from '../../plan/plan.js';
import type { Update } from '../../plan/update.js';

/**
 * ActionFilter applied in memory. SharePoint can filter only on indexed columns beyond 5,000
 * items, and most of these criteria (lead, free text, a due date read from the timescale) are not
 * columns at all, so the store reads the plan's actions and narrows them here.
 */

function dueDate(action: ActionView): string | null {
  const r = action.timescale.reading;
  return r.kind === 'due' ? r.due : r.kind === 'ongoing' ? r.reviewBy : null;
}

function isCompleted(action: ActionView): boolean {
  return action.rag === 'Complete' || action.timescale.reading.kind === 'completed';
}

export function matchesActionFilter(action: ActionView, updates: readonly Update[], sections: readonly Section[], filter: ActionFilter): boolean {
  if (filter.lead !== undefined && !action.leads.some((lead) => leadMatches(lead, filter.lead ?? ''))) return false;
  if (filter.section !== undefined) {
    const wanted = filter.section.trim().toLowerCase();
    const section = sections.find((s) => s.id === action.sectionId);
    if (!(action.sectionId.toLowerCase() === wanted || section?.number?.toLowerCase() === wanted)) return false;
  }
  if (filter.rag !== undefined && filter.rag.length > 0 && !filter.rag.includes(action.rag)) return false;
  const due = dueDate(action);
  if (filter.overdue) {
    if (filter.today === undefined || due === null || due >= filter.today || isCompleted(action)) return false;
  }
  if (filter.dueBefore !== undefined && (due === null || due > filter.dueBefore)) return false;
  if (filter.changedSince !== undefined && (action.lastUpdated === null || endOfPeriod(action.lastUpdated) < filter.changedSince)) return false;
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const needle = filter.text.trim().toLowerCase();
    const haystack = [action.ref, action.title, action.text, action.outcome, action.leadsText, ...action.leads.map((l) => l.name), ...updates.map((u) => u.text)];
    if (!haystack.some((h) => h.toLowerCase().includes(needle))) return false;
  }
  return true;
}
