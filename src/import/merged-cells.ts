import { hasText, type RowCells } from './plan-rows.js';

/** Longer than any lead, timescale or RAG a plan writes. */
const FIELD_TEXT_LIMIT = 80;

/**
 * Exports of Word tables with merged cells drop cells and shift the text after them left, so a
 * paragraph of progress lands under "Timescale" (Cheshire's line after 5.1's page break). When a row
 * is short of the header's cells and has no progress of its own, text too long to be a lead,
 * timescale or RAG is moved to the progress column. Says whether it moved anything.
 */
export function restoreShiftedProgress(row: RowCells, cellCount: number, headerLength: number): boolean {
  if (cellCount >= headerLength || hasText(row.updates)) return false;
  for (const role of ['rag', 'timescale', 'lead'] as const) {
    const text = row[role];
    if (hasText(text) && text.join(' ').length > FIELD_TEXT_LIMIT) {
      row.updates = text;
      delete row[role];
      return true;
    }
  }
  return false;
}
