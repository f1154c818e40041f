import Table from 'cli-table3';
import type { ActionView } from '../plan/plan.js';
import type { Timescale } from '../plan/timescale.js';
import type { DateOnly } from '../plan/calendar-date.js';
import { daysOverdue } from '../plan/lateness.js';

/** The date a timescale reads as, in a short column: a due date, "recurring", "completed", "ongoing". */
export function readingCell(timescale: Timescale): string {
  const r = timescale.reading;
  const flag = timescale.flag ? ' (!)' : '';
  switch (r.kind) {
    case 'due':
      return `${r.due}${flag}`;
    case 'recurring':
      return r.recurrence.label.toLowerCase();
    case 'completed':
      return r.on ? `completed ${r.on}` : 'completed';
    case 'ongoing':
      return r.reviewBy ? `ongoing, review ${r.reviewBy}` : 'ongoing';
    case 'not-applicable':
      return 'n/a';
    case 'unclear':
      return 'unclear';
  }
}

/** How late an open action is on the day, in days: the same rule as the tab and the cards. */
function lateCell(action: ActionView, today: DateOnly): string {
  const days = daysOverdue(action, today);
  return days === null ? '' : `${days} day${days === 1 ? '' : 's'}`;
}

export function actionTable(actions: readonly ActionView[], today: DateOnly, width = process.stdout.columns || 140): string {
  const fixed = [7, 22, 18, 16, 11, 9, 12];
  const titleWidth = Math.max(20, width - fixed.reduce((a, b) => a + b, 0) - 10);
  const table = new Table({
    head: ['Ref', 'Action', 'Lead(s)', 'Timescale', 'Reads as', 'Overdue', 'RAG', 'Last update'],
    colWidths: [fixed[0]!, titleWidth, fixed[1]!, fixed[2]!, fixed[3]!, fixed[4]!, fixed[5]!, fixed[6]!],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const a of actions) {
    table.push([
      a.ref,
      a.title,
      a.leads.map((l) => l.name).join(', ') || '—',
      a.timescale.asWritten || '—',
      readingCell(a.timescale),
      lateCell(a, today),
      a.rag,
      a.latestUpdate?.date ?? (a.latestUpdate ? 'undated' : '—'),
    ]);
  }
  return table.toString();
}
