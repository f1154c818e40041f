import { describeReducedDate } from '../../plan/calendar-date.js';
import type { PlanDocument } from '../../plan/plan.js';
import { planTable, type TableCell, type TableRows } from './plan-tables.js';
import { neutraliseFormula } from './spreadsheet-cell.js';

/**
 * The plan as CSV the way Excel reads it without asking: UTF-8 with a byte-order mark (without one,
 * Excel reads the file as the machine's code page and an "é" or an emoji comes out as two or four
 * wrong characters), CRLF line ends, RFC 4180 quoting. Every character of the plan's text is kept,
 * however long the cell (CSV has no cell limit; Excel's is the xlsx export's concern).
 */

const BOM = '\uFEFF';
const LINE_END = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: a field with a quote, comma or line break is quoted, its quotes doubled. */
export function quoteCsvField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** A cell in words: dates at the precision the plan states them ("May 2013", "30 Apr 2013"), as the tab shows them. */
export function csvCellText(cell: TableCell): string {
  switch (cell.kind) {
    case 'text':
      return neutraliseFormula(cell.text);
    case 'date':
      return cell.date === null ? '' : describeReducedDate(cell.date);
    case 'count':
      return String(cell.value);
    case 'rag':
      return cell.rag ?? '';
  }
}

/** The plan as CSV of the rows asked for: a header row, then one line per action or update. */
export function planCsv(document: PlanDocument, rows: TableRows = 'actions'): Uint8Array {
  const table = planTable(document, rows);
  const lines = [table.columns.map((c) => c.header), ...table.rows.map((row) => row.map(csvCellText))];
  const csv = BOM + lines.map((fields) => fields.map(quoteCsvField).join(',')).join(LINE_END) + LINE_END;
  return new TextEncoder().encode(csv);
}
