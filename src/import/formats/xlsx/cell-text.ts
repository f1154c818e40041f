import type { Cell, CellValue } from 'exceljs';
import { z } from 'zod';

/*
 * A cell's text as Excel shows it. Dates (exceljs gives a Date for date-formatted cells, at UTC
 * midnight) are written at the precision the number format shows: a format with days gives the
 * day, "mmm-yy" a month, "yyyy" a year, so nothing is invented. Numbers keep a fixed number of
 * decimals where the format says so ("1.10"), and otherwise their shortest form ("1.1").
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The date parts of a number format: quoted text, bracketed codes and escapes are not parts. */
function dateParts(format: string): string {
  return format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();
}

export function dateText(date: Date, format: string): string {
  const parts = dateParts(format);
  const year = date.getUTCFullYear();
  const month = MONTHS[date.getUTCMonth()]!;
  if (/d/.test(parts)) return `${date.getUTCDate()} ${month} ${year}`;
  if (/m/.test(parts)) return `${month} ${year}`;
  if (/y/.test(parts)) return String(year);
  return `${date.getUTCDate()} ${month} ${year}`;
}

function numberText(n: number, format: string): string {
  const fixed = /^0\.(0+)$/.exec(format.trim());
  if (fixed) return n.toFixed(fixed[1]!.length);
  // Binary floating point: 1.1 may come back as 1.1000000000000001.
  return String(Number(n.toPrecision(15)));
}

const richTextSchema = z.object({ richText: z.array(z.object({ text: z.string(), font: z.unknown().optional() })) });
const formulaSchema = z.object({ result: z.unknown() });
const hyperlinkSchema = z.object({ text: z.unknown(), hyperlink: z.string() });
const errorSchema = z.object({ error: z.string() });

/** The runs of a rich-text value (text and font), for their colours. */
export function richTextRuns(value: CellValue): { text: string; font: unknown }[] {
  const rich = richTextSchema.safeParse(value);
  return rich.success ? rich.data.richText.map((r) => ({ text: r.text, font: r.font })) : [];
}

export function valueText(value: unknown, format: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value, format);
  if (typeof value === 'number') return numberText(value, format);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const rich = richTextSchema.safeParse(value);
  if (rich.success) return rich.data.richText.map((r) => r.text).join('');
  const link = hyperlinkSchema.safeParse(value);
  if (link.success) return valueText(link.data.text, format);
  const error = errorSchema.safeParse(value);
  if (error.success) return error.data.error;
  const formula = formulaSchema.safeParse(value);
  if (formula.success) return valueText(formula.data.result, format);
  return '';
}

export function cellText(cell: Cell): string {
  return valueText(cell.value, cell.numFmt ?? '');
}
