import type { CellLook, CellPlacement, DocumentBlock } from '../../document-blocks.js';
import { linesAsMarkup } from '../../cell-text.js';
import { shadingColour } from './theme-colours.js';
import { readWordParagraph, type WordContext, type WordParagraph } from './word-paragraph.js';
import { attr, child, childElements, children, childVal, intVal, type XmlElement } from '../office-xml.js';

/*
 * The document body in order: paragraphs between tables, and each table row with one cell per grid
 * column (w:tblGrid). A cell is placed at its grid column, so gridBefore, gridSpan and vertical
 * merges never shift a value into another column: a cell spanning n columns holds its text at the
 * first and '' after; a cell continuing a vertical merge repeats the merged cell's text, look and
 * number label, marked as merged from above. Nested tables flatten into their cell's text.
 */

/** Containers whose content is the document's own (content controls, custom XML, accepted insertions). */
const TRANSPARENT = new Set(['w:sdt', 'w:sdtContent', 'w:customXml', 'w:ins', 'w:moveTo', 'w:smartTag']);

interface CellContent {
  markup: string;
  look: CellLook;
  label: string | null;
}

const EMPTY_CELL: CellContent = { markup: '', look: { fill: null, textColours: [] }, label: null };

/** Block-level children in order, through content controls and the like. */
function blockElements(parent: XmlElement): XmlElement[] {
  return childElements(parent).flatMap((el) => (TRANSPARENT.has(el.name) ? blockElements(el) : el.name === 'w:p' || el.name === 'w:tbl' ? [el] : []));
}

/** Every paragraph of a cell, nested tables' cells included, in reading order. */
function cellParagraphs(tc: XmlElement, context: WordContext): WordParagraph[] {
  return blockElements(tc).flatMap((el) =>
    el.name === 'w:p' ? [readWordParagraph(el, context)] : tableRows(el).flatMap((tr) => rowCells(tr).flatMap((cell) => cellParagraphs(cell, context))),
  );
}

function cellContent(tc: XmlElement, context: WordContext): CellContent {
  const paragraphs = cellParagraphs(tc, context);
  const markup = linesAsMarkup(paragraphs.flatMap((p) => p.lines));
  const textColours: string[] = [];
  for (const run of paragraphs.flatMap((p) => p.runs)) {
    if (run.text.trim() === '') continue;
    for (const colour of [run.colour, run.fill]) if (colour !== null && !textColours.includes(colour)) textColours.push(colour);
  }
  const fill = shadingColour(child(child(tc, 'w:tcPr'), 'w:shd'), context.theme) ?? paragraphs.find((p) => p.fill !== null)?.fill ?? null;
  return { markup, look: { fill, textColours }, label: paragraphs[0]?.label ?? null };
}

function tableRows(tbl: XmlElement): XmlElement[] {
  return childElements(tbl).flatMap((el) => (el.name === 'w:tr' ? [el] : TRANSPARENT.has(el.name) ? tableRows(el) : []));
}

function rowCells(tr: XmlElement): XmlElement[] {
  return childElements(tr).flatMap((el) => (el.name === 'w:tc' ? [el] : TRANSPARENT.has(el.name) ? rowCells(el) : []));
}

function onOff(el: XmlElement | undefined): boolean {
  return el !== undefined && !['0', 'false', 'off'].includes(attr(el, 'w:val') ?? '1');
}

function tableBlocks(tbl: XmlElement, table: number, context: WordContext): DocumentBlock[] {
  const gridWidth = children(child(tbl, 'w:tblGrid'), 'w:gridCol').length;
  /** The cell that started the vertical merge in each grid column. */
  const mergeTop = new Map<number, CellContent>();
  const blocks: DocumentBlock[] = [];
  tableRows(tbl).forEach((tr, index) => {
    const trPr = child(tr, 'w:trPr');
    const gridBefore = intVal(trPr, 'w:gridBefore') ?? 0;
    const gridAfter = intVal(trPr, 'w:gridAfter') ?? 0;
    const cells: string[] = [];
    const looks: CellLook[] = [];
    const placement: CellPlacement[] = [];
    const numberLabels: (string | null)[] = [];
    const put = (at: number, content: CellContent, span: number, mergedFromAbove: boolean): void => {
      for (let k = 0; k < span; k++) {
        cells[at + k] = k === 0 ? content.markup : '';
        looks[at + k] = k === 0 ? content.look : EMPTY_CELL.look;
        placement[at + k] = { span: k === 0 ? span : 1, mergedFromAbove: k === 0 && mergedFromAbove };
        numberLabels[at + k] = k === 0 ? content.label : null;
      }
    };
    let column = gridBefore;
    for (const tc of rowCells(tr)) {
      const tcPr = child(tc, 'w:tcPr');
      const span = Math.max(1, Math.min(64, intVal(tcPr, 'w:gridSpan') ?? 1));
      const vMerge = child(tcPr, 'w:vMerge');
      // Count the cell's paragraphs even when its text is the merge's: numbering advances per paragraph.
      const own = cellContent(tc, context);
      if (vMerge !== undefined && attr(vMerge, 'w:val') !== 'restart' && mergeTop.has(column)) {
        put(column, mergeTop.get(column)!, span, true);
      } else {
        if (vMerge !== undefined) mergeTop.set(column, own);
        else mergeTop.delete(column);
        put(column, own, span, false);
      }
      column += span;
    }
    const width = Math.max(gridWidth, column + gridAfter);
    for (let g = 0; g < width; g++) if (cells[g] === undefined) put(g, EMPTY_CELL, 1, false);
    blocks.push({
      kind: 'row',
      cells,
      at: { table, row: index + 1 },
      looks,
      placement,
      numberLabels,
      ...(gridBefore > 0 && { gridBefore }),
      ...(gridAfter > 0 && { gridAfter }),
      ...(onOff(child(trPr, 'w:tblHeader')) && { repeatsAsHeader: true }),
    });
  });
  return blocks;
}

/** The body's blocks: paragraphs (with their heading level, numbering label and coloured runs) and table rows. */
export function bodyBlocks(body: XmlElement, context: WordContext): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let table = 0;
  for (const el of blockElements(body)) {
    if (el.name === 'w:tbl') {
      table += 1;
      // One by one: a table may hold more rows than a call can take arguments.
      for (const block of tableBlocks(el, table, context)) blocks.push(block);
      continue;
    }
    const p = readWordParagraph(el, context);
    const text = p.lines.join(' ').replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    blocks.push({
      kind: 'paragraph',
      text,
      at: { row: blocks.length + 1 },
      ...(p.headingLevel !== undefined && { headingLevel: p.headingLevel }),
      ...(p.label !== null && { numberLabel: p.label }),
      runs: p.runs,
    });
  }
  return blocks;
}
