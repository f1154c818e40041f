import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import iconv from 'iconv-lite';
import { PlanError } from '../plan/errors.js';
import type { ReadDocument } from './document-blocks.js';
import { detectFormat, refuseEncrypted, refuseNulBytes } from './detect-format.js';
import { readCsv } from './formats/csv.js';
import { readDocx } from './formats/docx/read-docx.js';
import { officePackageKind } from './formats/ooxml-package.js';
import { readXlsx } from './formats/xlsx/read-xlsx.js';
import { readTextExport } from './formats/text-export.js';
import type { ImportResult } from './import-report.js';
import { readPlan } from './plan-reader.js';

/** A plan document is a few hundred KB; anything this size is not one, and is refused unread. */
export const DEFAULT_MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportFileOptions {
  maxBytes?: number;
  importedAt?: string;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** Text from Word's "Save as text" may be Windows-1252, not UTF-8: decode it as such rather than garble dashes. */
function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\ufeff/, '');
  } catch {
    // Node's TextDecoder reads windows-1252 as Latin-1, losing the dashes and quotes Word writes at 0x80-0x9F.
    return iconv.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength), 'windows-1252');
  }
}

/** Reads a plan document from bytes: the HTTP API's entry, and the file entry's after its checks. */
export async function importPlanBuffer(fileName: string, data: Uint8Array, options: ImportFileOptions = {}): Promise<ImportResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  if (data.byteLength > maxBytes) {
    throw new PlanError('import_file_too_large', `is ${megabytes(data.byteLength)}; a plan document is at most ${megabytes(maxBytes)}`, { at: { file: fileName } });
  }
  if (data.byteLength === 0) throw new PlanError('import_unreadable_file', 'is empty; expected a plan document', { at: { file: fileName } });
  refuseEncrypted(fileName, data);
  const format = detectFormat(fileName, data.subarray(0, 4096));
  if (format !== 'office-package') refuseNulBytes(fileName, data);
  let doc: ReadDocument;
  if (format === 'office-package') doc = officePackageKind(fileName, data) === 'docx' ? await readDocx(fileName, data) : await readXlsx(fileName, data);
  else if (format === 'csv') doc = readCsv(fileName, decodeText(data));
  else doc = readTextExport(fileName, decodeText(data));
  return readPlan(doc, options.importedAt ? { importedAt: options.importedAt } : {});
}

/** A plan document's bytes from disk, its size checked before a byte is read. */
export async function readPlanDocument(path: string, maxBytes = DEFAULT_MAX_IMPORT_BYTES): Promise<{ fileName: string; data: Uint8Array }> {
  const fileName = basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new PlanError('import_unreadable_file', 'is not a file', { at: { file: fileName } });
    size = info.size;
  } catch (err) {
    if (err instanceof PlanError) throw err;
    throw new PlanError('import_unreadable_file', `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path`, { at: { file: fileName }, cause: err });
  }
  if (size > maxBytes) {
    throw new PlanError('import_file_too_large', `is ${megabytes(size)}; a plan document is at most ${megabytes(maxBytes)}, so it was not read`, { at: { file: fileName } });
  }
  const handle = await open(path, 'r');
  try {
    const data = new Uint8Array(size);
    await handle.read(data, 0, size, 0);
    return { fileName, data };
  } finally {
    await handle.close();
  }
}

/** Reads a plan document from disk; size is checked before a byte is read. */
export async function importPlanFile(path: string, options: ImportFileOptions = {}): Promise<ImportResult> {
  const { fileName, data } = await readPlanDocument(path, options.maxBytes);
  return importPlanBuffer(fileName, data, options);
}
