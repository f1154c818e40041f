import { xmlText } from '../xml-safe.js';

/**
 * The body of a Word document written as WordprocessingML text: paragraphs, headings and tables,
 * the little of it a plan needs. The docx library builds an object per element and copies the tree
 * to serialise it, which takes seconds and hundreds of megabytes for a 5,000-action plan; the
 * body is where a plan's size is, so it is written here directly, and the library makes the rest
 * of the package (styles, footer, settings), whose size never grows.
 */

export interface RunLook {
  bold?: boolean;
  /** Six hex digits. */
  colour?: string;
}

/** Text going right to left (Hebrew, Arabic and their neighbours) from its first letter. */
const RTL_START = /^[^\p{L}]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

function runProperties(look: RunLook, rtl: boolean): string {
  const parts = `${look.bold ? '<w:b/><w:bCs/>' : ''}${look.colour ? `<w:color w:val="${look.colour}"/>` : ''}${rtl ? '<w:rtl/>' : ''}`;
  return parts === '' ? '' : `<w:rPr>${parts}</w:rPr>`;
}

/** One paragraph of text; a right-to-left one marked as such, so its words run the right way. */
export function paragraph(text: string, look: RunLook = {}, style?: string): string {
  const rtl = RTL_START.test(text);
  const pPr = style !== undefined || rtl ? `<w:pPr>${style !== undefined ? `<w:pStyle w:val="${style}"/>` : ''}${rtl ? '<w:bidi/>' : ''}</w:pPr>` : '';
  const run = text === '' ? '' : `<w:r>${runProperties(look, rtl)}<w:t xml:space="preserve">${xmlText(text)}</w:t></w:r>`;
  return `<w:p>${pPr}${run}</w:p>`;
}

/** A paragraph in a heading style ("Title", "Heading1"), which readers list and navigate by. */
export function heading(text: string, style: 'Title' | 'Heading1' | 'Heading2'): string {
  return paragraph(text, {}, style);
}

export interface Cell {
  lines: readonly string[];
  look?: RunLook;
  /** Shading, six hex digits. */
  fill?: string | null;
}

const BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="808080"';
const BORDERS = `<w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/><w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders>`;

function cell(c: Cell, width: number): string {
  const shading = c.fill ? `<w:shd w:val="clear" w:color="auto" w:fill="${c.fill}"/>` : '';
  const lines = c.lines.length === 0 ? [''] : c.lines;
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${shading}</w:tcPr>${lines.map((l) => paragraph(l, c.look)).join('')}</w:tc>`;
}

export interface Row {
  cells: readonly Cell[];
  /** Kept on one page: short rows (a key, a version) only, as a row taller than a page cannot be. */
  keepTogether?: boolean;
}

/**
 * A table of fixed column widths (twentieths of a point) whose first row heads it: marked as the
 * header row, which assistive technology announces with each cell and Word repeats on every page.
 */
export function table(headings: readonly string[], widths: readonly number[], rows: readonly Row[], headerFill: string): string {
  const total = widths.reduce((a, b) => a + b, 0);
  const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  const header = `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${headings.map((h, i) => cell({ lines: [h], look: { bold: true }, fill: headerFill }, widths[i]!)).join('')}</w:tr>`;
  const body = rows.map((r) => `<w:tr>${r.keepTogether ? '<w:trPr><w:cantSplit/></w:trPr>' : ''}${r.cells.map((c, i) => cell(c, widths[i]!)).join('')}</w:tr>`).join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/>${BORDERS}<w:tblLayout w:type="fixed"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${header}${body}</w:tbl>`;
}
