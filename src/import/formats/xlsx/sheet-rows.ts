import type { Cell, Worksheet } from 'exceljs';
import { linesAsMarkup } from '../../cell-text.js';
import type { CellLook, CellPlacement } from '../../document-blocks.js';
import type { ThemeColours } from '../office-theme.js';
import { fillColour, fontColour } from './cell-colours.js';
import { cellText, richTextRuns } from './cell-text.js';

/*
 * A worksheet's rows as a grid, with merges placed as Word's are: a merge across keeps its text at
 * its first column ('' after, with the span); a merge down gives every row it covers the top cell's
 * value and looks, marked as merged from above. Fills from conditional formats are not read: they
 * are rules Excel evaluates, not what the board typed or shaded.
 */

export interface SheetRow {
  /** The real 1-based Excel row number. */
  row: number;
  /** Each column's plain text (lines joined by "\n"). */
  texts: string[];
  /** Each column's markup: one <p> per line, HTML-escaped. */
  cells: string[];
  looks: CellLook[];
  placement: CellPlacement[];
}

/** A cell's lines (Alt+Enter line feeds) as paragraphs, so dated lines read as an update history. */
function cellMarkup(text: string): string {
  return linesAsMarkup(text.split(/\r?\n|\r/));
}

function cellLook(cell: Cell, text: string, theme: ThemeColours): CellLook {
  const textColours: string[] = [];
  const add = (c: string | null): void => {
    if (c !== null && !textColours.includes(c)) textColours.push(c);
  };
  const runs = richTextRuns(cell.value);
  if (runs.length > 0) {
    // A run without a font of its own shows in the cell's font.
    for (const run of runs) if (run.text.trim() !== '') add(fontColour(run.font, theme) ?? fontColour(cell.font, theme));
  } else if (text.trim() !== '') {
    add(fontColour(cell.font, theme));
  }
  return { fill: fillColour(cell.fill, theme), textColours };
}

const EMPTY_LOOK: CellLook = { fill: null, textColours: [] };

/**
 * Each row of the sheet's used range that has text or a fill, one entry per column. The width is
 * the furthest column holding text, a fill or a merge, the same for every row, so styled but empty
 * columns to the right (a border drawn to column Z) add nothing.
 */
export function sheetRows(sheet: Worksheet, theme: ThemeColours): SheetRow[] {
  const columns = sheet.columnCount;
  const rows: SheetRow[] = [];
  let width = 0;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const excelRow = sheet.findRow(r);
    if (!excelRow) continue;
    const texts: string[] = [];
    const looks: CellLook[] = [];
    const placement: CellPlacement[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = excelRow.getCell(c);
      const master = cell.isMerged ? cell.master : cell;
      // Only a merge's first column holds it, on every row the merge covers.
      if (Number(master.col) !== c) {
        texts.push('');
        looks.push(EMPTY_LOOK);
        placement.push({ span: 1, mergedFromAbove: false });
        continue;
      }
      // A merge across spans the columns to its right that share its master cell.
      let span = 1;
      while (cell.isMerged && c + span <= columns) {
        const next = excelRow.getCell(c + span);
        if (!next.isMerged || next.master !== master) break;
        span += 1;
      }
      const text = cellText(master);
      const look = cellLook(master, text, theme);
      texts.push(text);
      looks.push(look);
      placement.push({ span, mergedFromAbove: Number(master.row) !== r });
      if (text.trim() !== '' || look.fill !== null || span > 1) width = Math.max(width, c + span - 1);
    }
    if (texts.some((t) => t.trim() !== '') || looks.some((l) => l.fill !== null)) rows.push({ row: r, texts, cells: texts.map(cellMarkup), looks, placement });
  }
  for (const row of rows) {
    row.texts.length = width;
    row.cells.length = width;
    row.looks.length = width;
    row.placement.length = width;
  }
  return rows;
}
