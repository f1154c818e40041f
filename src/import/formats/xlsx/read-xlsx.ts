import ExcelJS from 'exceljs';
import { PlanError } from '../../../plan/errors.js';
import { EXPECTED_HEADERS, mapHeaderRow } from '../../column-roles.js';
import type { BlockLocation, DocumentBlock, ReadDocument } from '../../document-blocks.js';
import { sheetRows, type SheetRow } from './sheet-rows.js';
import { checkWorkbookParts } from './workbook-parts.js';

/*
 * An Excel plan: the sheet holding the plan (the one whose header names the plan's columns, the
 * one with most action-like rows under it when several do), its key sheet and its version record
 * sheet, read into the blocks every format becomes. Hidden sheets and chart sheets are not read.
 */

const VERSION_SHEET = /^(version|document|revision|change)\s*(control|history|log|record)s?\b/i;
// The whole name: a sheet called "Key actions" or "Key priorities" may well be the plan.
const KEY_SHEET = /^\s*(rag\s+)?(key|legend|ratings?\s+key)(\s+to\s+rag(\s+ratings?)?)?\s*$|^\s*rag\s+ratings?\s*$/i;

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
  const parts = checkWorkbookParts(fileName, data);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new PlanError('import_unreadable_file', `is not a readable Excel workbook (${err instanceof Error ? err.message : String(err)}); save it again from Excel as .xlsx`, { at: { file: fileName }, cause: err });
  }
  const unread = [
    ...parts.sheets.filter((s) => s.chart).map((s) => ({ name: s.name, why: 'a chart' })),
    ...workbook.worksheets.filter((s) => s.state !== 'visible').map((s) => ({ name: s.name, why: 'hidden' })),
  ];
  const notes: { at: BlockLocation; message: string }[] = unread.map((u) => ({ at: { sheet: u.name }, message: `sheet "${u.name}" is ${u.why} and was not read` }));
  const sheets = workbook.worksheets.filter((s) => s.state === 'visible').map((s) => ({ name: s.name, rows: sheetRows(s, parts.theme) }));
  const scored = sheets.map((s) => ({ ...s, score: planScore(s.rows) })).filter((s) => !VERSION_SHEET.test(s.name) && !KEY_SHEET.test(s.name));
  const plan = scored.filter((s) => s.score >= 0).sort((a, b) => b.score - a.score)[0];
  if (!plan) {
    throw new PlanError(
      'import_no_plan_table',
      `has no sheet with a plan header (looked at ${sheets.map((s) => `"${s.name}"`).join(', ') || 'no visible sheet'}${unread.length > 0 ? `; not read: ${unread.map((u) => `"${u.name}" (${u.why})`).join(', ')}` : ''}); expected a row of column headers such as ${EXPECTED_HEADERS.join(' | ')}`,
      { at: { file: fileName } },
    );
  }
  const headerRow = plan.rows.find((r) => mapHeaderRow(r.texts) !== null)?.row ?? null;
  const blocks: DocumentBlock[] = [];
  notes.unshift({ at: { sheet: plan.name }, message: `the plan was read from sheet "${plan.name}"` });
  // Other sheets first: a cover's title opens the document, a key is known before the plan's cells.
  for (const sheet of sheets) {
    if (sheet.name === plan.name || VERSION_SHEET.test(sheet.name)) continue;
    if (KEY_SHEET.test(sheet.name)) {
      blocks.push({ kind: 'paragraph', text: 'Key', at: { sheet: sheet.name } }, ...asBlocks(sheet.name, sheet.rows, null));
    } else {
      const rival = scored.find((s) => s.name === sheet.name && s.score >= 0);
      if (rival) {
        // Two plan tables would be read as one plan: the other is named, not merged in.
        notes.push({ at: { sheet: sheet.name }, message: `sheet "${sheet.name}" also has a plan header but fewer action rows (${rival.score} against ${plan.score}), so it was not read` });
        continue;
      }
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
