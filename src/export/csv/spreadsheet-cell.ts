/**
 * What any spreadsheet does to a text cell, so CSV and Excel exports write text the same way.
 *
 * A plan's cells are people's words, and a spreadsheet runs a cell that starts like a formula:
 * "=HYPERLINK(...)" typed in an update would be a live link in the board's copy, "@SUM" a call. OWASP's
 * CSV injection guidance: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * prefixed with an apostrophe, which spreadsheets show and never evaluate. Dates and counts are
 * written by us, not typed by people, and are left alone.
 */

/** The characters a spreadsheet may read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** People's text as a spreadsheet may show it without evaluating it. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Excel refuses a cell of more characters than this (and LibreOffice cuts it). */
export const EXCEL_CELL_LIMIT = 32_767;

/** How a cut cell says so, in the cell itself: the reader sees it was cut, and where the rest is. */
export function cutMarker(length: number): string {
  return ` … [cut at Excel's ${EXCEL_CELL_LIMIT.toLocaleString('en-GB')}-character limit: the plan has ${length.toLocaleString('en-GB')} characters here; the CSV export and the tab show all of it]`;
}

/**
 * Text cut to what an Excel cell holds, with a visible marker saying so; never silently. Cut between
 * code points, so an emoji is never split into half a surrogate pair.
 */
export function fitExcelCell(text: string): { text: string; cut: boolean } {
  if (text.length <= EXCEL_CELL_LIMIT) return { text, cut: false };
  const marker = cutMarker(text.length);
  let end = EXCEL_CELL_LIMIT - marker.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: text.slice(0, end) + marker, cut: true };
}
