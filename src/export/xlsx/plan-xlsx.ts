import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { describeReducedDate, precisionOf, startOfPeriod, type ReducedDate } from '../../plan/calendar-date.js';
import type { PlanDocument } from '../../plan/plan.js';
import { planTable, type PlanTable, type TableCell } from '../csv/plan-tables.js';
import { fitExcelCell, neutraliseFormula } from '../csv/spreadsheet-cell.js';
import { ragLook } from '../rag-look.js';

/**
 * The plan as an Excel workbook a board can sort and filter: a sheet per table (Actions, Updates),
 * the same columns as the CSV, each cell typed. Dates are real Excel dates shown at the precision
 * the plan states them ("30 Apr 2013", "May 2013", "2013"), so they sort and filter as dates
 * without showing a day the plan never gave; quarters and school terms, which Excel has no format
 * for, are words. RAG cells are shaded as the Word export shades them (src/export/rag-look.ts: the
 * plan's key colours) and hold the RAG value itself, as colour alone tells many readers nothing and
 * the column is filtered by it.
 */

/** Excel's number format for each precision a date cell can have; the rest are written as words. */
const DATE_FORMATS: Partial<Record<ReturnType<typeof precisionOf>, string>> = { day: 'd mmm yyyy', month: 'mmm yyyy', year: 'yyyy' };

/**
 * What XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF, a lone surrogate) as OOXML's own
 * escape, `_xHHHH_`, which Excel and LibreOffice read back as the character. A carriage return is
 * escaped too, or XML's line-end handling would read it as a line feed. A literal "_x0041_" in
 * people's text has its underscore escaped, or a reader would turn it into "A".
 */
const OOXML_ESCAPED = /_(?=x[0-9A-Fa-f]{4}_)|[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function ooxmlText(text: string): string {
  return text.replace(OOXML_ESCAPED, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** People's text as a cell holds it: never a formula, cut only with a marker saying so, every character kept. */
export function xlsxText(text: string): string {
  return ooxmlText(fitExcelCell(neutraliseFormula(text)).text);
}

/** A calendar date as Excel's date (its serial counts days in no time zone, so UTC midnight is the day). */
function excelDate(date: ReducedDate): Date {
  const [year, month, day] = startOfPeriod(date).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

function writeCell(target: Cell, cell: TableCell, legend: PlanDocument['plan']['ragLegend']): void {
  switch (cell.kind) {
    case 'text':
      target.value = xlsxText(cell.text);
      return;
    case 'count':
      target.value = cell.value;
      target.numFmt = '0';
      return;
    case 'date': {
      if (cell.date === null) return;
      const format = DATE_FORMATS[precisionOf(cell.date)];
      if (format === undefined) {
        target.value = describeReducedDate(cell.date);
        return;
      }
      target.value = excelDate(cell.date);
      target.numFmt = format;
      return;
    }
    case 'rag': {
      if (cell.rag === null) return;
      target.value = cell.rag;
      const look = ragLook(cell.rag, legend);
      if (look.fill === null) return;
      target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${look.fill}` } };
      target.font = { bold: true, color: { argb: `FF${look.text}` } };
      return;
    }
  }
}

/** Text wraps; every cell sits at the top of its row, beside the first line of the longest; a RAG is centred under its heading. */
const ALIGNMENT: Record<TableCell['kind'], Partial<ExcelJS.Alignment>> = {
  text: { vertical: 'top', wrapText: true },
  date: { vertical: 'top' },
  count: { vertical: 'top' },
  rag: { vertical: 'top', horizontal: 'center' },
};

/** Excel's tallest row, in points; a cell longer than that shows its start and scrolls in the formula bar. */
const MOST_ROW_POINTS = 409;
const LINE_POINTS = 15;

/**
 * A row's height for its wrapped text, estimated from the column widths (in characters). Written
 * out because a row without one keeps one line's height in LibreOffice, and its wrapped text is
 * drawn over the rows below.
 */
function rowPoints(cells: readonly TableCell[], widths: readonly number[]): number {
  let lines = 1;
  cells.forEach((cell, i) => {
    if (cell.kind !== 'text') return;
    const width = Math.max(1, widths[i]! - 1);
    const wrapped = cell.text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / width)), 0);
    lines = Math.max(lines, wrapped);
  });
  return Math.min(MOST_ROW_POINTS, lines * LINE_POINTS);
}

function addSheet(workbook: Workbook, table: PlanTable, legend: PlanDocument['plan']['ragLegend']): Worksheet {
  const sheet = workbook.addWorksheet(table.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    // Printed from Excel, the sheet fits the page's width and repeats its header on each page.
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  const widths = table.columns.map((c) => c.width);
  sheet.columns = widths.map((width) => ({ width }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  const header = sheet.getRow(1);
  table.columns.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
  });
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  header.commit();
  table.rows.forEach((cells, r) => {
    const row = sheet.getRow(r + 2);
    row.height = rowPoints(cells, widths);
    cells.forEach((cell, c) => {
      const target = row.getCell(c + 1);
      writeCell(target, cell, legend);
      target.alignment = ALIGNMENT[cell.kind];
    });
    row.commit();
  });
  return sheet;
}

/**
 * The plan as an .xlsx workbook: the Actions sheet, then the Updates sheet; `madeAt` (ISO 8601) is
 * the workbook's creation time. Written row by row with exceljs's streaming writer: holding the
 * whole workbook in memory first is three times slower and twice the memory for a 5,000-action plan
 * (BENCHMARKS.md, Export).
 */
export async function planXlsx(document: PlanDocument, madeAt: string): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const made = new Date(madeAt);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.title = xlsxText(document.plan.title);
  workbook.creator = 'Action plans in Teams';
  workbook.lastModifiedBy = 'Action plans in Teams';
  workbook.created = made;
  workbook.modified = made;
  const legend = document.plan.ragLegend;
  addSheet(workbook, planTable(document, 'actions'), legend).commit();
  addSheet(workbook, planTable(document, 'updates'), legend).commit();
  await workbook.commit();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
