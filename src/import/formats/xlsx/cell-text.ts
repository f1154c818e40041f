import type { Cell, CellValue } from 'exceljs';
import { z } from 'zod';
import { monthName } from '../../../plan/month-names.js';

/*
 * A cell's text as Excel shows it. Dates (exceljs gives a Date for date-formatted cells, at UTC
 * midnight) are written as their number format shows them, so the precision shown is the precision
 * read: a format with days gives the day, "mmm-yy" a month, "yyyy" a year; nothing is invented. Numbers keep a fixed number of
 * decimals where the format says so ("1.10"), and otherwise their shortest form ("1.1").
 */

const MONTHS = Array.from({ length: 12 }, (_, i) => monthName(i + 1));

const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));

/** The format's first section, without colours, locales, quoted text or escapes: "[$-809]dd/mm/yyyy;@" is "dd/mm/yyyy". */
function dateFormat(format: string): string {
  return (format.split(';')[0] ?? '').replace(/\[[^\]]*\]|\\|@/g, '').replace(/"([^"]*)"/g, '$1');
}

/**
 * A date as the cell shows it, so a timescale is kept as the board wrote it: "30/09/2023" for
 * dd/mm/yyyy, "Dec-23" for mmm-yy, "March 2023" for mmmm yyyy. The words are then read like any
 * written timescale, at the precision shown. A format this does not know, or a month-first one, gives the date in words.
 */
export function dateText(date: Date, format: string): string {
  const f = dateFormat(format);
  const day = date.getUTCDate();
  const month = date.getUTCMonth();
  const year = date.getUTCFullYear();
  const tokens = /yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|[^ymd]+/gi;
  const parts = f.match(tokens) ?? [];
  const known = parts.length > 0 && parts.every((p) => /^(yyyy|yy|mmmm|mmm|mm|m|dd|d|[\s/.,\-])+$/i.test(p) || !/[a-z0-9]/i.test(p));
  const inWords = `${day} ${MONTHS[month]!} ${year}`;
  // Month-first formats (m/d/yyyy) would be misread day-first, as UK plans are: the date in words then.
  const monthFirst = /m/i.test(f) && /d/i.test(f) && f.search(/m/i) < f.search(/d/i);
  if (!known || !/y/i.test(f) || monthFirst) return inWords;
  return parts
    .map((p) => {
      switch (p.toLowerCase()) {
        case 'yyyy':
          return String(year);
        case 'yy':
          return String(year % 100).padStart(2, '0');
        case 'mmmm':
          return MONTHS[month]!;
        case 'mmm':
          return SHORT_MONTHS[month]!;
        case 'mm':
          return String(month + 1).padStart(2, '0');
        case 'm':
          return String(month + 1);
        case 'dd':
          return String(day).padStart(2, '0');
        case 'd':
          return String(day);
        default:
          return p;
      }
    })
    .join('');
}

/**
 * A number as its format shows it: the decimals the format fixes ("0.00" shows 1.1 as "1.10"), a
 * percentage, thousands separators. "General" (or a format this does not follow) gives the shortest
 * form, so a ref 1.1 stored as a number stays "1.1".
 */
export function numberText(n: number, format: string): string {
  const section = (format.split(';')[0] ?? '').replace(/\[[^\]]*\]|_.|\*./g, '').replace(/"([^"]*)"|\\(.)/g, '$1$2');
  const pattern = /^([^#0?]*)([#0?,]*)(?:\.([#0?]*))?(%?)([^#0?]*)$/.exec(section.trim());
  if (!pattern || !/[0#?]/.test(pattern[2] ?? '') || /[a-z]/i.test(`${pattern[1]}${pattern[5]}`)) {
    // Binary floating point: 1.1 may come back as 1.1000000000000001.
    return String(Number(n.toPrecision(15)));
  }
  const [, before = '', integer = '', decimals = '', percent = '', after = ''] = pattern;
  const value = percent ? n * 100 : n;
  const places = (decimals.match(/0/g) ?? []).length;
  let text = Number(value.toPrecision(15)).toFixed(places);
  if (integer.includes(',')) text = text.replace(/^(-?\d+)/, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ','));
  return `${before}${text}${percent}${after}`;
}

const richTextSchema = z.object({ richText: z.array(z.object({ text: z.string(), font: z.unknown().optional() })) });
const formulaSchema = z.object({ result: z.unknown() });
const hyperlinkSchema = z.object({ text: z.unknown(), hyperlink: z.string() });
const errorSchema = z.object({ error: z.string() });

/** The runs of a rich-text value (text and font), for their colours. */
export function richTextRuns(value: CellValue): { text: string; font: unknown }[] {
  if (value === null || typeof value !== 'object' || !('richText' in value)) return [];
  const rich = richTextSchema.safeParse(value);
  return rich.success ? rich.data.richText.map((r) => ({ text: r.text, font: r.font })) : [];
}

export function valueText(value: unknown, format: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value, format);
  if (typeof value === 'number') return numberText(value, format);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return '';
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
