import { z } from 'zod';
import { isDateOnly } from '../plan/calendar-date.js';
import type { ActionFilter } from '../plan/action-filter.js';
import { ACTION_ORDERS, type ActionOrder } from '../plan/action-order.js';
import { RAG_VALUES, type Rag } from '../plan/rag.js';
import { invalidInput } from '../plan/invalid-input.js';

const dateParam = (name: string) =>
  z
    .string()
    .refine(isDateOnly, { message: `${name} must be a date as YYYY-MM-DD` })
    .optional();

const ragList = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().transform((v, ctx) => {
        const match = RAG_VALUES.find((r) => r.toLowerCase() === v.toLowerCase());
        if (!match) ctx.addIssue({ code: 'custom', message: `rag "${v}" is not one of ${RAG_VALUES.join(', ')}` });
        return match as Rag;
      }),
    ),
  );

/**
 * A page of the action list: at most MAX_ACTIONS_PAGE actions, so one answer stays small whatever
 * the plan's size; a real plan (tens to hundreds of actions) fits in the first page.
 */
export const MAX_ACTIONS_PAGE = 1000;

/** The query string of GET /api/plans/:planId/actions, shared by every caller that filters actions. */
export const actionQuerySchema = z.strictObject({
  lead: z.string().trim().min(1).max(200).optional(),
  section: z.string().trim().min(1).max(50).optional(),
  rag: ragList.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  dueBefore: dateParam('dueBefore'),
  changedSince: dateParam('changedSince'),
  q: z.string().trim().min(1).max(200).optional(),
  today: dateParam('today'),
  order: z.enum(ACTION_ORDERS, { message: `order must be one of ${ACTION_ORDERS.join(', ')}` }).optional(),
  top: z.coerce.number().int().min(1).max(MAX_ACTIONS_PAGE).optional(),
  skip: z.coerce.number().int().min(0).optional(),
});

export interface ActionPage {
  top: number;
  skip: number;
  /** The order of the whole list before it is paged; plan order unless asked. */
  order: ActionOrder;
}

function parsed(query: unknown): z.infer<typeof actionQuerySchema> {
  const result = actionQuerySchema.safeParse(query);
  if (result.success) return result.data;
  throw invalidInput(result.error, 'query parameter', { at: null });
}

export function parseActionPage(query: unknown): ActionPage {
  const q = parsed(query);
  return { top: q.top ?? MAX_ACTIONS_PAGE, skip: q.skip ?? 0, order: q.order ?? 'plan' };
}

export function parseActionQuery(query: unknown, today: string): ActionFilter {
  const q = parsed(query);
  const filter: ActionFilter = { today: q.today ?? today };
  if (q.lead) filter.lead = q.lead;
  if (q.section) filter.section = q.section;
  if (q.rag && q.rag.length > 0) filter.rag = q.rag;
  if (q.overdue !== undefined) filter.overdue = q.overdue;
  if (q.dueBefore) filter.dueBefore = q.dueBefore;
  if (q.changedSince) filter.changedSince = q.changedSince;
  if (q.q) filter.text = q.q;
  return filter;
}

/** The same request for another page: its filters kept, so following `next` walks one result. */
export function pageLink(originalUrl: string, top: number, skip: number): string {
  const url = new URL(originalUrl, 'http://plan.invalid');
  url.searchParams.set('top', String(top));
  url.searchParams.set('skip', String(skip));
  return `${url.pathname}${url.search}`;
}
