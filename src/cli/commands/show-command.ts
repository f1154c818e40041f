import type { ActionFilter } from '../../plan/action-filter.js';
import type { PlansAndActions } from '../../store/plans-and-actions.js';
import { parseActionPage, parseActionQuery } from '../../service/action-query.js';
import { ACTION_ORDER_NAMES, sortActions } from '../../plan/action-order.js';
import { dateIn } from '../../config/today.js';
import { actionTable } from '../action-table.js';
import { resolvePlan } from '../resolve-plan.js';

export interface ShowOptions {
  plan?: string;
  lead?: string;
  section?: string;
  rag?: string;
  overdue?: boolean;
  dueBefore?: string;
  changedSince?: string;
  text?: string;
  today?: string;
  order?: string;
  json?: boolean;
}

/** The same filters as the API, so a CLI query and a tab link agree on what they show. */
export function filterFromOptions(options: ShowOptions, today: string): ActionFilter {
  const query: Record<string, string> = {};
  if (options.lead) query.lead = options.lead;
  if (options.section) query.section = options.section;
  if (options.rag) query.rag = options.rag;
  if (options.overdue) query.overdue = 'true';
  if (options.dueBefore) query.dueBefore = options.dueBefore;
  if (options.changedSince) query.changedSince = options.changedSince;
  if (options.text) query.q = options.text;
  if (options.today) query.today = options.today;
  return parseActionQuery(query, today);
}

export async function showCommand(store: PlansAndActions, options: ShowOptions, now: Date): Promise<string> {
  const plan = await resolvePlan(store, options.plan);
  const filter = filterFromOptions(options, dateIn(plan.timeZone, now));
  const { order } = parseActionPage(options.order === undefined ? {} : { order: options.order });
  const actions = sortActions(await store.findActions(plan.id, filter), order, filter.today!);
  if (options.json) return JSON.stringify(actions, null, 2);
  const heading = `${plan.title} (${plan.id}): ${actions.length} action${actions.length === 1 ? '' : 's'}${order === 'plan' ? '' : `, ${ACTION_ORDER_NAMES[order].toLowerCase()}`}`;
  return actions.length === 0 ? `${heading}\nNo actions match.` : `${heading}\n${actionTable(actions, filter.today!)}`;
}
