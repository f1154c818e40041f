import { extname } from 'node:path';
import { PlanError } from '../plan/errors.js';

/** 'office-package' is a zip whose parts say whether it is a Word document or an Excel workbook. */
export type DocumentFormat = 'office-package' | 'csv' | 'text-export';

const ACCEPTED = 'a Word .docx with the plan as a table, an Excel .xlsx workbook, a CSV file, or the text export (tab-separated rows)';

const startsWith = (head: Uint8Array, bytes: readonly number[]): boolean => bytes.every((b, i) => head[i] === b);

/** The format of a plan document, judged by its content first and its name second. */
export function detectFormat(fileName: string, head: Uint8Array): DocumentFormat {
  const ext = extname(fileName).toLowerCase();
  const refuse = (what: string): never => {
    throw new PlanError('import_unknown_format', `${what}; expected ${ACCEPTED}`, { at: { file: fileName } });
  };
  // A zip is judged by its parts (word/document.xml, xl/workbook.xml), not its name: a workbook
  // saved as "plan.xls" or downloaded as "plan (1).bin" is still a workbook.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'office-package';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) refuse('is a PDF; save the plan from Word as .docx instead');
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) refuse('is an old binary Word (.doc) or Excel (.xls) file; open it in Word or Excel and save it as .docx or .xlsx');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || startsWith(head, [0xff, 0xd8, 0xff]) || startsWith(head, [0x47, 0x49, 0x46])) refuse('is an image');
  if (startsWith(head, [0x7b, 0x5c, 0x72, 0x74, 0x66])) refuse('is an RTF document; save it from Word as .docx');
  // Text: NUL bytes mean binary, whatever the name says.
  if (head.includes(0)) refuse('is a binary file that is not a Word document');
  if (ext === '.docx') refuse('is named .docx but is not a Word document (no zip structure)');
  if (ext === '.xlsx') refuse('is named .xlsx but is not an Excel workbook (no zip structure)');
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

/** UTF-16LE "EncryptionInfo": the stream an Office file encrypted with a password keeps in its compound file. */
const ENCRYPTION_INFO = new Uint8Array(Array.from('EncryptionInfo').flatMap((ch) => [ch.charCodeAt(0), 0]));

function contains(data: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0]!;
  for (let i = data.indexOf(first); i >= 0 && i <= data.length - needle.length; i = data.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && data[i + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

/**
 * A Word or Excel file saved with a password is not a zip but a compound file holding the encrypted
 * package: refused with what to do, rather than as an "old binary" file.
 */
export function refuseEncrypted(fileName: string, data: Uint8Array): void {
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0]) && contains(data, ENCRYPTION_INFO)) {
    const app = /\.docx?$/i.test(fileName) ? 'Word (File > Info > Protect Document)' : 'Excel (File > Info > Protect Workbook)';
    throw new PlanError('import_unreadable_file', `is password-protected (encrypted); remove the password in ${app} and import it again`, { at: { file: fileName } });
  }
}

/** The line (from 1) a byte stands on, counting "\r\n", "\n" and a lone "\r" as line ends, as the readers do. */
function lineAt(data: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    if (data[i] === 0x0a || (data[i] === 0x0d && data[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/**
 * A text plan (CSV, the text export) holds no NUL byte: one means binary data or a file saved as
 * UTF-16. The format is judged by the first 4 KB, so the rest is searched here, wherever it is.
 */
export function refuseNulBytes(fileName: string, data: Uint8Array): void {
  const at = data.indexOf(0);
  if (at < 0) return;
  throw new PlanError(
    'import_unreadable_file',
    'holds a NUL byte (binary data, or text saved as UTF-16), which no text plan has; save the plan again as CSV (UTF-8) from Excel, or import the Word or Excel file itself',
    { at: { file: fileName, line: lineAt(data, at) } },
  );
}
