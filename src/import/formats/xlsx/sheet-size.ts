import { Parser } from 'htmlparser2';
import { PlanError } from '../../../plan/errors.js';

/** Far above any plan (5,000 actions with their updates), far below what would exhaust memory. */
export const MAX_SHEET_ROWS = 50_000;

/** The rows a worksheet part spans: its <dimension ref="A1:H1000000"/>, or its <row> elements counted. */
export function sheetRowCount(xml: Uint8Array): number {
  let fromDimension: number | null = null;
  let rows = 0;
  let maxRow = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'dimension' && fromDimension === null) {
          const end = /:?[A-Z]+(\d+)$/i.exec(attributes.ref ?? '');
          if (end) fromDimension = Number(end[1]);
        } else if (name === 'row') {
          rows += 1;
          maxRow = Math.max(maxRow, Number(attributes.r ?? rows));
        }
      },
    },
    { xmlMode: true },
  );
  parser.write(new TextDecoder('utf-8').decode(xml));
  parser.end();
  return Math.max(fromDimension ?? 0, rows, maxRow);
}

/** Refuses a worksheet with more rows than a plan has, before a workbook library loads it whole. */
export function checkSheetSize(fileName: string, part: string, sheetName: string, xml: Uint8Array): void {
  const rows = sheetRowCount(xml);
  if (rows > MAX_SHEET_ROWS) {
    throw new PlanError('import_file_too_large', `sheet "${sheetName}" has ${rows.toLocaleString('en-GB')} rows; a plan has at most ${MAX_SHEET_ROWS.toLocaleString('en-GB')}, so the workbook was not read`, {
      at: { file: fileName, sheet: sheetName, part },
    });
  }
}
