import ExcelJS, { type Cell, type Worksheet } from 'exceljs';
import { PlanError } from '../../../plan/errors.js';
import { EXPECTED_HEADERS, mapHeaderRow } from '../../column-roles.js';
import type { CellLook, CellPlacement, DocumentBlock, ReadDocument } from '../../document-blocks.js';
import { fillColour, fontColour } from './cell-colours.js';
import { cellText, richTextRuns } from './cell-text.js';
import { checkWorkbookParts } from './workbook-parts.js';
import type { ThemeColours } from '../office-theme.js';

/*
 * An Excel plan: the sheet holding the plan (the one whose header names the plan's columns, the
 * one with most rows under it when several do), its key sheet and its version record sheet, read
 * into the blocks every format becomes. Cells keep their fill and font colours (RAG is often only a
 * fill), merges are placed as Word's are (across: text at the first column; down: the top cell's
 * value on every row it covers), and every row carries its real Excel row number.
 */

const VERSION_SHEET = /^(version|document|revision|change)\s*(control|history|log|record)s?\b/i;
const KEY_SHEET = /^(rag\s*)?(key|legend|rating key)\b/i;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface SheetRow {
  row: number;
  texts: string[];
  cells: string[];
  looks: CellLook[];
  placement: CellPlacement[];
}

function cellLook(cell: Cell, theme: ThemeColours): CellLook {
  const textColours: string[] = [];
  const add = (c: string | null): void => {
    if (c !== null && !textColours.includes(c)) textColours.push(c);
  };
  const runs = richTextRuns(cell.value);
  if (runs.length > 0) for (const run of runs) if (run.text.trim() !== '') add(fontColour(run.font, theme) ?? fontColour(cell.font, theme));
  else if (cellText(cell).trim() !== '') add(fontColour(cell.font, theme));
  return { fill: fillColour(cell.fill, theme), textColours };
}

/** Each row of the sheet's used range, one cell per column, merges placed. */
function sheetRows(sheet: Worksheet, theme: ThemeColours): SheetRow[] {
  const width = sheet.columnCount;
  const spans = new Map<string, number>();
  for (const range of sheet.model.merges ?? []) {
    const [from, to] = range.split(':');
    if (!from || !to) continue;
    spans.set(from, sheet.getCell(to).fullAddress.col - sheet.getCell(from).fullAddress.col + 1);
  }
  const rows: SheetRow[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const texts: string[] = [];
    const cells: string[] = [];
    const looks: CellLook[] = [];
    const placement: CellPlacement[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = sheet.getCell(r, c);
      const master = cell.isMerged ? cell.master : cell;
      const sameRow = master.fullAddress.row === r;
      // A merge across: only its first column holds it. A merge down: every row it covers does.
      if (cell.isMerged && master.address !== cell.address && sameRow) {
        texts.push('');
        cells.push('');
        looks.push({ fill: null, textColours: [] });
        placement.push({ span: 1, mergedFromAbove: false });
        continue;
      }
      const source = master.fullAddress.col === c ? master : cell;
      const text = cellText(source);
      texts.push(text);
      cells.push(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean).map((line) => `<p>${escapeHtml(line)}</p>`).join(''));
      looks.push(cellLook(source, theme));
      placement.push({ span: spans.get(master.address) ?? 1, mergedFromAbove: !sameRow });
    }
    if (texts.some((t) => t.trim() !== '') || looks.some((l) => l.fill !== null)) rows.push({ row: r, texts, cells, looks, placement });
  }
  return rows;
}

/** Rows that look like actions under the sheet's plan header, or -1 when the sheet has no plan header. */
function planScore(rows: readonly SheetRow[]): number {
  const header = rows.findIndex((r) => mapHeaderRow(r.texts) !== null);
  if (header < 0) return -1;
  return rows.slice(header + 1).filter((r) => r.texts.filter((t) => t.trim() !== '').length >= 2).length;
}

function rowBlock(sheet: string, row: SheetRow): DocumentBlock {
  return { kind: 'row', cells: row.cells, at: { sheet, row: row.row }, looks: row.looks, placement: row.placement };
}

/** A row with one filled cell above the header (the title, a note) reads as a paragraph. */
function asBlocks(sheet: string, rows: readonly SheetRow[], headerRow: number | null): DocumentBlock[] {
  return rows.map((row) => {
    const filled = row.texts.filter((t) => t.trim() !== '');
    if ((headerRow === null || row.row < headerRow) && filled.length === 1 && !row.looks.some((l) => l.fill !== null)) {
      return { kind: 'paragraph', text: filled[0]!.replace(/\s+/g, ' ').trim(), at: { sheet, row: row.row } };
    }
    return rowBlock(sheet, row);
  });
}

export async function readXlsx(fileName: string, data: Uint8Array): Promise<ReadDocument> {
  const { theme } = checkWorkbookParts(fileName, data);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new PlanError('import_unreadable_file', `is not a readable Excel workbook (${err instanceof Error ? err.message : String(err)}); save it again from Excel as .xlsx`, { at: { file: fileName }, cause: err });
  }
  const sheets = workbook.worksheets.filter((s) => s.state === 'visible').map((s) => ({ name: s.name, rows: sheetRows(s, theme) }));
  const scored = sheets.map((s) => ({ ...s, score: planScore(s.rows) })).filter((s) => !VERSION_SHEET.test(s.name) && !KEY_SHEET.test(s.name));
  const plan = scored.filter((s) => s.score >= 0).sort((a, b) => b.score - a.score)[0];
  if (!plan) {
    throw new PlanError(
      'import_no_plan_table',
      `has no sheet with a plan header (looked at ${sheets.map((s) => `"${s.name}"`).join(', ')}); expected a row of column headers such as ${EXPECTED_HEADERS.join(' | ')}`,
      { at: { file: fileName } },
    );
  }
  const headerRow = plan.rows.find((r) => mapHeaderRow(r.texts) !== null)?.row ?? null;
  const blocks: DocumentBlock[] = [];
  const notes: { at: { sheet: string }; message: string }[] = [{ at: { sheet: plan.name }, message: `the plan was read from sheet "${plan.name}"` }];
  // Other sheets first: a cover's title opens the document, a key is known before the plan's cells.
  for (const sheet of sheets) {
    if (sheet.name === plan.name || VERSION_SHEET.test(sheet.name)) continue;
    if (KEY_SHEET.test(sheet.name)) {
      blocks.push({ kind: 'paragraph', text: 'Key', at: { sheet: sheet.name } }, ...asBlocks(sheet.name, sheet.rows, null));
    } else {
      notes.push({ at: { sheet: sheet.name }, message: `sheet "${sheet.name}" holds no plan header; its text is kept with the plan's description or as text not placed` });
      blocks.push(...asBlocks(sheet.name, sheet.rows, null));
    }
  }
  blocks.push(...asBlocks(plan.name, plan.rows, headerRow));
  for (const sheet of sheets.filter((s) => VERSION_SHEET.test(s.name))) {
    blocks.push({ kind: 'paragraph', text: 'Version Control Record', at: { sheet: sheet.name } }, ...sheet.rows.map((r) => rowBlock(sheet.name, r)));
  }
  return { fileName, format: 'xlsx', blocks, notes };
}
