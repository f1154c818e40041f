import type { ColumnRole, Plan, PlanColumn } from '../plan/plan.js';

/** The columns a plan without its own (imported before they were kept, or built by hand) is written with; each heading reads back as its role. */
export const DEFAULT_COLUMNS: readonly PlanColumn[] = [
  { heading: 'Ref', role: 'ref' },
  { heading: 'Action', role: 'action' },
  { heading: 'Outcome', role: 'outcome' },
  { heading: 'Lead', role: 'lead' },
  { heading: 'Timescale', role: 'timescale' },
  { heading: 'Updates', role: 'updates' },
  { heading: 'RAG', role: 'rag' },
];

export interface ExportColumn {
  heading: string;
  role: ColumnRole;
}

/**
 * The table's columns: the plan's own headings in its order, each role once. Columns the plan kept
 * but does not use are left out (their text is in the plan's unplaced text, not its actions). A
 * plan always shows its refs and its RAG, so a plan whose table had neither numbers nor a RAG column
 * gains them (first and last); another role the plan's columns lack is added before the RAG only
 * when some action has something to show in it. A blank heading (plans often leave the numbers
 * column's blank) is named, as a screen reader announces each cell by its column's heading.
 */
export function exportColumns(plan: Pick<Plan, 'columns'>, hasContent: (role: ColumnRole) => boolean): ExportColumn[] {
  const own = plan.columns ?? DEFAULT_COLUMNS;
  const columns: ExportColumn[] = [];
  for (const c of own) if (c.role !== null && !columns.some((x) => x.role === c.role)) columns.push({ heading: c.heading.trim() || headingOf(c.role), role: c.role });
  const has = (role: ColumnRole): boolean => columns.some((c) => c.role === role);
  if (!has('ref')) columns.unshift({ heading: 'Ref', role: 'ref' });
  const missing = DEFAULT_COLUMNS.filter((c): c is ExportColumn => c.role !== null && c.role !== 'ref' && c.role !== 'rag' && !has(c.role) && hasContent(c.role));
  const ragAt = columns.findIndex((c) => c.role === 'rag');
  columns.splice(ragAt === -1 ? columns.length : ragAt, 0, ...missing);
  if (!has('rag')) columns.push({ heading: 'RAG', role: 'rag' });
  return columns;
}

function headingOf(role: ColumnRole): string {
  return DEFAULT_COLUMNS.find((c) => c.role === role)?.heading ?? 'Sources';
}
