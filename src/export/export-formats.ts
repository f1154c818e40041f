import type { DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import type { PlanDocument } from '../plan/plan.js';
import { planCsv } from './csv/plan-csv.js';
import { readTableRows } from './csv/plan-tables.js';
import { writePlanDocx } from './docx/plan-docx.js';
import type { ExportOptions } from './export-options.js';
import { selectForExport } from './export-selection.js';
import { planXlsx } from './xlsx/plan-xlsx.js';

/** What every format is given: the whole plan, what was asked of it, the plan's today and the instant of writing. */
export interface ExportRequest {
  doc: PlanDocument;
  options: ExportOptions;
  today: DateOnly;
  /** ISO 8601: when the document is made, for the properties formats keep. */
  now: string;
  /** CSV's rows: one per action (the default) or per update (`--rows`, `?rows=`); any other word is refused, naming the choices. */
  rows?: string;
}

export interface ExportFormat {
  extension: string;
  contentType: string;
  /** A binary format goes to a file; a text one may be printed. */
  binary: boolean;
  write(request: ExportRequest): Promise<Uint8Array | string>;
}

/**
 * The formats a plan goes out in, by the name `--format` and `export.{name}` use. The command line
 * and the API both dispatch here, so a format added here is offered by both. A new format's writer
 * lives in its own folder of src/export and reads the plan through selectForExport.
 */
export const EXPORT_FORMATS = {
  json: {
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    binary: false,
    write: ({ doc, options, today }) => {
      const { plan, sections, actions } = selectForExport(doc, options, today);
      return Promise.resolve(JSON.stringify({ format: 'plan-document', formatVersion: 1, plan, sections, actions }, null, 2));
    },
  },
  docx: {
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    binary: true,
    write: (request) => writePlanDocx(request),
  },
  csv: {
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8',
    // Written to a file: it starts with a byte-order mark, for Excel, and is meant to be opened there.
    binary: true,
    write: async ({ doc, options, today, rows }) => {
      const table = readTableRows(rows);
      const { plan, sections, actions } = selectForExport(doc, options, today);
      return planCsv({ plan, sections, actions }, table);
    },
  },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    binary: true,
    write: ({ doc, options, today, now }) => {
      const { plan, sections, actions } = selectForExport(doc, options, today);
      return planXlsx({ plan, sections, actions }, now);
    },
  },
} as const satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof EXPORT_FORMATS;

export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormatName[];

function listed(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

/** The format a name asks for, or invalid_input naming the ones there are ("--format pdf is not available; use json or docx"). */
export function exportFormat(name: string, asked = `--format ${name}`): ExportFormat & { name: ExportFormatName } {
  const key = name.trim().toLowerCase();
  if (Object.hasOwn(EXPORT_FORMATS, key)) return { ...EXPORT_FORMATS[key as ExportFormatName], name: key as ExportFormatName };
  throw new PlanError('invalid_input', `${asked} is not available; use ${listed(EXPORT_FORMAT_NAMES)}`);
}

/** CSV's kind of rows, when asked for: only CSV has a choice, so naming one for another format is an error, not ignored. */
export function exportRows(format: ExportFormatName, rows: string | undefined, asked = '--rows'): string | undefined {
  if (rows === undefined) return undefined;
  if (format !== 'csv') throw new PlanError('invalid_input', `${asked} applies to CSV only (actions or updates); the ${format} export has its own tables`);
  return rows;
}

/**
 * A file name for the plan from its title: letters, digits, spaces, dots, hyphens and underscores
 * kept, everything else (slashes, quotes, control characters) a space, at most 100 characters.
 */
export function exportFileName(title: string, extension: string): string {
  const base = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 100)
    .trim();
  return `${base || 'plan'}.${extension}`;
}
