import type { ColumnRole } from './import-report.js';
import { hasText, rolesIn, type ActionGroup, type PlanRow, type RowCells } from './plan-rows.js';

/**
 * Rows without a number of their own. Exports of Word tables break a row at each page end: the rest
 * of its cells come back on the next page as a row with an empty number cell. Plans also write
 * unnumbered rows with their own lead, timescale or RAG under a numbered action (Cheshire's bullets
 * under 4.2 and 5.1): those are sub-actions. Telling the two apart, and putting continued text back
 * where it was cut, is what this file does.
 */

/** Text that ends a sentence; text that does not was cut short. */
const SENTENCE_END = /[.!?)\]"”’:;]$/;

function endsUnfinished(paragraphs: readonly string[]): boolean {
  const last = paragraphs.at(-1);
  return last !== undefined && !SENTENCE_END.test(last);
}

/** Whether a row carries any field an action is told apart by: its own lead, timescale or RAG. */
export function hasOwnFields(cells: RowCells): boolean {
  return hasText(cells.lead) || hasText(cells.timescale) || hasText(cells.rag);
}

/** The fields that make a row an action of its own, in words: "a lead and a RAG". */
export function ownFieldNames(cells: RowCells): string {
  const names = [hasText(cells.lead) && 'a lead', hasText(cells.timescale) && 'a timescale', hasText(cells.rag) && 'a RAG'].filter((n): n is string => n !== false);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}` : (names[0] ?? 'nothing');
}

/** The rows of a group newest first: continued text looks back from the last. */
function newestFirst(group: ActionGroup): PlanRow[] {
  return [group.main, ...group.subs].reverse();
}

/**
 * The row of the group a continued cell belongs to: the nearest one above with text in that column
 * (a column cut at the page end), else the group's last row.
 */
export function continuedRow(group: ActionGroup, role: ColumnRole): PlanRow {
  const rows = newestFirst(group);
  return rows.find((r) => hasText(r.cells[role])) ?? rows[0]!;
}

/** Columns of running text, where a cut sentence shows. Leads, timescales and RAGs end without a stop anyway. */
const PROSE: readonly ColumnRole[] = ['action', 'outcome', 'updates'];

/** Whether any of the row's text cells reads on from unfinished text above it, or starts mid-sentence. */
export function continuesText(row: RowCells, group: ActionGroup): boolean {
  return PROSE.some((role) => {
    if (!hasText(row[role])) return false;
    const target = continuedRow(group, role).cells[role];
    return hasText(target) && (endsUnfinished(target) || /^[a-z]/.test(row[role][0]!));
  });
}

/**
 * Why an unnumbered row continues the group above rather than starting a sub-action, or null when
 * it does not. A row with no lead, timescale or RAG of its own only continues text. After a page
 * break, a row whose cells read on from unfinished text continues it even where it has a timescale
 * cell: Cheshire's 4.2b breaks "Update July | 2013" across the page. A row with no action or
 * outcome text is nothing to do, so it fills in the row above. In a table without numbers every
 * row is an action, so only a row with nothing of one continues.
 */
export function continuationReason(row: RowCells, group: ActionGroup, afterPageBreak: boolean, numbered: boolean): string | null {
  if (afterPageBreak && continuesText(row, group)) return 'after a page break, its cells read on from the text above';
  if (numbered && !hasOwnFields(row)) return 'it has no number, lead, timescale or RAG of its own';
  // A sub-action is something to do: a row with no action or outcome text only fills in the one above.
  if (numbered && !hasText(row.action) && !hasText(row.outcome)) return 'it has no number and no action or outcome text of its own';
  if (!numbered && !hasOwnFields(row) && !hasText(row.action) && !hasText(row.outcome)) return 'it has no action, outcome, lead, timescale or RAG of its own';
  return null;
}

/**
 * Joins continued paragraphs onto a cell: a sentence cut by the page break goes on in the same
 * paragraph with a space; after a finished sentence, the text starts a new paragraph.
 */
export function joinParagraphs(target: string[], incoming: readonly string[]): void {
  if (incoming.length === 0) return;
  const [first, ...rest] = incoming;
  if (endsUnfinished(target)) {
    target[target.length - 1] = `${target.at(-1)!} ${first!}`;
    target.push(...rest);
  } else {
    target.push(...incoming);
  }
}

/** Joins each of the row's cells to the row of the group it continues; the refs joined, in column order. */
export function joinCellByCell(row: RowCells, group: ActionGroup): string[] {
  const joined: string[] = [];
  for (const role of rolesIn(row)) {
    const target = continuedRow(group, role);
    target.cells[role] ??= [];
    joinParagraphs(target.cells[role]!, row[role]!);
    if (!joined.includes(target.ref)) joined.push(target.ref);
  }
  return joined;
}
