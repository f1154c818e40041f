import { extname } from 'node:path';
import { PlanError } from '../plan/errors.js';

export type DocumentFormat = 'docx' | 'csv' | 'text-export';

const ACCEPTED = 'a Word .docx with the plan as a table, a CSV file, or the text export (tab-separated rows)';

const startsWith = (head: Uint8Array, bytes: readonly number[]): boolean => bytes.every((b, i) => head[i] === b);

/** The format of a plan document, judged by its content first and its name second. */
export function detectFormat(fileName: string, head: Uint8Array): DocumentFormat {
  const ext = extname(fileName).toLowerCase();
  const refuse = (what: string): never => {
    throw new PlanError('import_unknown_format', `${what}; expected ${ACCEPTED}`, { at: { file: fileName } });
  };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (ext === '.docx' || ext === '' || ext === '.zip') return 'docx';
    return refuse(`is a zip archive named ${ext || 'without an extension'}, not a Word document`);
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) refuse('is a PDF; save the plan from Word as .docx instead');
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) refuse('is an old binary Word (.doc) or Excel (.xls) file; open it in Word and save it as .docx');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || startsWith(head, [0xff, 0xd8, 0xff]) || startsWith(head, [0x47, 0x49, 0x46])) refuse('is an image');
  if (startsWith(head, [0x7b, 0x5c, 0x72, 0x74, 0x66])) refuse('is an RTF document; save it from Word as .docx');
  // Text: NUL bytes mean binary, whatever the name says.
  if (head.includes(0)) refuse('is a binary file that is not a Word document');
  if (ext === '.docx') refuse('is named .docx but is not a Word document (no zip structure)');
  if (ext === '.csv') return 'csv';
  const text = new TextDecoder('latin1').decode(head);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const tabbed = lines.filter((l) => l.includes('\t')).length;
  if (ext === '.tsv' || (tabbed > 0 && tabbed >= lines.filter((l) => /[,;]/.test(l) && !l.includes('\t')).length)) return 'text-export';
  const delimited = lines.filter((l) => /^("[^"]*"|[^,;"]*)[,;]/.test(l)).length;
  if (delimited > 0 && delimited >= lines.length / 2) return 'csv';
  if (['.txt', '.text', ''].includes(ext)) return 'text-export';
  return refuse(`has an extension (${ext}) and content that is none of the plan formats`);
}
