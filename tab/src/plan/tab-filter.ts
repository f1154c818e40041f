import { isDateOnly, type DateOnly } from '../../../src/plan/calendar-date.js';
import type { ActionFilter } from '../../../src/plan/action-filter.js';
import { ACTION_ORDERS, type ActionOrder } from '../../../src/plan/action-order.js';
import { RAG_VALUES, type Rag } from '../../../src/plan/rag.js';

/**
 * The plan view's filter as it sits in the URL, so a filtered view can be shared as a link or
 * pinned as a channel tab. Parameter names are the API's (README, GET .../actions), so a tab URL's
 * query string also works against the API. An empty value means "no filter". The list's order
 * travels with it (`order`, the API's own names), though it picks no action.
 */
export interface TabFilter {
  lead: string;
  /** A section's number, or its id when it has none. */
  section: string;
  rag: Rag[];
  overdue: boolean;
  dueBefore: DateOnly | '';
  changedSince: DateOnly | '';
  q: string;
  /** The list's order: plan order unless asked (src/plan/action-order.ts). */
  order: ActionOrder;
}

export const EMPTY_FILTER: TabFilter = { lead: '', section: '', rag: [], overdue: false, dueBefore: '', changedSince: '', q: '', order: 'plan' };

const FILTER_KEYS = ['lead', 'section', 'rag', 'overdue', 'dueBefore', 'changedSince', 'q', 'order'] as const;

/** Reads the filter from a query string; values that make no sense (a bad date, an unknown RAG) are ignored. */
export function readFilter(search: string | URLSearchParams): TabFilter {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const date = (name: string): DateOnly | '' => {
    const value = params.get(name)?.trim() ?? '';
    return isDateOnly(value) ? value : '';
  };
  const rag = (params.get('rag') ?? '')
    .split(',')
    .map((v) => RAG_VALUES.find((r) => r.toLowerCase() === v.trim().toLowerCase()))
    .filter((r): r is Rag => r !== undefined);
  return {
    lead: params.get('lead')?.trim() ?? '',
    section: params.get('section')?.trim() ?? '',
    rag: RAG_VALUES.filter((r) => rag.includes(r)),
    overdue: params.get('overdue') === 'true',
    dueBefore: date('dueBefore'),
    changedSince: date('changedSince'),
    q: params.get('q') ?? '',
    order: ACTION_ORDERS.find((o) => o === params.get('order')) ?? 'plan',
  };
}

/** Writes the filter into a query string, keeping every parameter that is not a filter (theme, at, ...). */
export function writeFilter(filter: TabFilter, search: string | URLSearchParams = ''): URLSearchParams {
  const params = new URLSearchParams(search);
  for (const key of FILTER_KEYS) params.delete(key);
  if (filter.lead) params.set('lead', filter.lead);
  if (filter.section) params.set('section', filter.section);
  if (filter.rag.length > 0) params.set('rag', filter.rag.join(','));
  if (filter.overdue) params.set('overdue', 'true');
  if (filter.dueBefore) params.set('dueBefore', filter.dueBefore);
  if (filter.changedSince) params.set('changedSince', filter.changedSince);
  if (filter.q.trim()) params.set('q', filter.q);
  if (filter.order !== 'plan') params.set('order', filter.order);
  return params;
}

export function isEmptyFilter(filter: TabFilter): boolean {
  return activeFilterCount(filter) === 0;
}

/** Filters that pick actions; the order picks none, so it is not counted (and "Clear filters" keeps it). */
export function activeFilterCount(filter: TabFilter): number {
  return [filter.lead, filter.section, filter.rag.length > 0, filter.overdue, filter.dueBefore, filter.changedSince, filter.q.trim()].filter(Boolean).length;
}

/** The domain's filter for the same view, with the plan's today for "overdue". */
export function toActionFilter(filter: TabFilter, today: DateOnly): ActionFilter {
  const out: ActionFilter = { today };
  if (filter.lead) out.lead = filter.lead;
  if (filter.section) out.section = filter.section;
  if (filter.rag.length > 0) out.rag = filter.rag;
  if (filter.overdue) out.overdue = true;
  if (filter.dueBefore) out.dueBefore = filter.dueBefore;
  if (filter.changedSince) out.changedSince = filter.changedSince;
  if (filter.q.trim()) out.text = filter.q;
  return out;
}

/**
 * The parameter of the stage's "due before the next meeting" list: open actions not yet late and
 * due on or before the day. Apart from the filter above because the plan view has no such filter
 * (the API's `dueBefore` keeps closed and late actions), so a plan view given it would ignore it.
 */
export const DUE_BY_PARAM = 'dueBy';

/** The "due by" day in a query string, or null when absent or not a day. */
export function readDueBy(search: string | URLSearchParams): DateOnly | null {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const value = params.get(DUE_BY_PARAM)?.trim() ?? '';
  return isDateOnly(value) ? value : null;
}

/** Every parameter that picks actions (the order picks none): what a new list replaces. */
export const PICKING_PARAMS: readonly string[] = [...FILTER_KEYS.filter((k) => k !== 'order'), DUE_BY_PARAM];
