import { parse } from 'csv-parse/sync';
import { PlanError } from '../../plan/errors.js';
import { linesAsMarkup } from '../cell-text.js';
import type { DocumentBlock, ReadDocument } from '../document-blocks.js';


function sniffDelimiter(content: string): string {
  const firstLines = content.split(/\r?\n/).slice(0, 5).join('\n');
  const counts = [',', ';', '\t'].map((d) => [d, firstLines.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

/** A CSV export of a plan (Excel or SharePoint): one row per record, multi-line quoted cells kept as paragraphs. */
export function readCsv(fileName: string, content: string): ReadDocument {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content.replace(/^\ufeff/, ''), {
      delimiter: sniffDelimiter(content),
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = typeof err === 'object' && err !== null && 'lines' in err && typeof err.lines === 'number' ? err.lines : undefined;
    const reason = err instanceof Error ? err.message.replace(/^Invalid Record Length:|^Quote Not Closed:/, '').trim() : 'unreadable';
    throw new PlanError('import_unreadable_file', `is not readable CSV (${reason}); expected comma- or semicolon-separated rows with quotes closed`, {
      at: { file: fileName, ...(line !== undefined && { line }) },
      cause: err,
    });
  }
  const blocks: DocumentBlock[] = [];
  let nextLine = 1;
  for (const { record, info } of records) {
    // info.lines is the line the record ends on; a record starts after the previous one ended.
    blocks.push({ kind: 'row', cells: record.map((value) => linesAsMarkup(value.split(/\r?\n/))), at: { line: nextLine } });
    nextLine = info.lines + 1;
  }
  return { fileName, format: 'csv', blocks };
}
