import { isClosed } from '../plan/action-closed.js';
import { agenciesOfLeads } from '../plan/agency.js';
import type { DateOnly } from '../plan/calendar-date.js';
import { updateIsSince } from '../plan/changes-since.js';
import { isLaterUpdate } from '../plan/latest-update.js';
import { leadMatches } from '../plan/lead.js';
import { lastMeeting } from '../plan/plan-meetings.js';
import type { ActionWithUpdates, Plan, PlanDocument, Section } from '../plan/plan.js';
import type { Update } from '../plan/update.js';
import type { ExportOptions } from './export-options.js';

/**
 * What an export writes: the plan narrowed by the options, the same for every format. Actions keep
 * the plan's order and their updates the order written; a section stays when it keeps an action,
 * or, with no lead, agency or closed filter, always (an empty section of the plan is still part of it).
 */
export interface ExportSelection {
  plan: Plan;
  sections: Section[];
  actions: ActionWithUpdates[];
  options: ExportOptions;
  /** The day updates are counted from (a date asked for, or the last meeting's), or null when every update goes. */
  updatesSince: DateOnly | null;
  /** Actions of the plan the options left out. */
  actionsLeftOut: number;
  /** Updates of the selected actions the options left out. */
  updatesLeftOut: number;
}

/** Whether an action stays: its leads name the lead asked for, belong to the agency, and it is open unless closed ones are wanted. */
export function actionIsSelected(action: Pick<ActionWithUpdates, 'leads' | 'rag' | 'timescale'>, options: ExportOptions): boolean {
  if (options.lead !== null && !action.leads.some((lead) => leadMatches(lead, options.lead!))) return false;
  if (options.agency !== null && !agenciesOfLeads(action.leads).includes(options.agency)) return false;
  if (!options.withClosed && isClosed(action)) return false;
  return true;
}

/**
 * The day "since" counts from: the date given, or the last meeting before today. Null means every
 * update (all or latest N, or no meeting yet, which the document then says).
 */
export function updatesSinceDay(plan: Pick<Plan, 'meetings'>, options: ExportOptions, today: DateOnly): DateOnly | null {
  const u = options.updates;
  if (u.kind === 'since') return u.since;
  if (u.kind === 'since-last-meeting') return lastMeeting(plan.meetings, today)?.date ?? null;
  return null;
}

/** An action's updates as the options choose them, in the order written. */
export function selectUpdates(updates: readonly Update[], options: ExportOptions, since: DateOnly | null): Update[] {
  const u = options.updates;
  if (u.kind === 'latest') {
    const newestFirst = [...updates].sort((a, b) => (isLaterUpdate(a, b) ? -1 : isLaterUpdate(b, a) ? 1 : 0));
    const kept = new Set(newestFirst.slice(0, u.count));
    return updates.filter((x) => kept.has(x));
  }
  if (since === null) return [...updates];
  return updates.filter((x) => updateIsSince(x, since));
}

export function selectForExport(doc: PlanDocument, options: ExportOptions, today: DateOnly): ExportSelection {
  const since = updatesSinceDay(doc.plan, options, today);
  const kept = doc.actions.filter((a) => actionIsSelected(a, options));
  let updatesLeftOut = 0;
  const actions = kept.map((action) => {
    const updates = selectUpdates(action.updates, options, since);
    updatesLeftOut += action.updates.length - updates.length;
    return { ...action, updates };
  });
  const narrowed = options.lead !== null || options.agency !== null || !options.withClosed;
  const used = new Set(actions.map((a) => a.sectionId));
  const sections = narrowed ? doc.sections.filter((s) => used.has(s.id)) : [...doc.sections];
  return {
    plan: doc.plan,
    sections: sections.sort((a, b) => a.order - b.order),
    actions: actions.sort((a, b) => a.order - b.order),
    options,
    updatesSince: since,
    actionsLeftOut: doc.actions.length - actions.length,
    updatesLeftOut,
  };
}
