import { Unzip, UnzipInflate, unzipSync, type UnzipFile } from 'fflate';
import { PlanError } from '../../plan/errors.js';

/**
 * The parts of an Office Open XML package (.docx, .xlsx), read with every part's inflated size
 * bounded while it inflates: the size a zip declares can lie, and a 400 KB document can expand to
 * gigabytes. A plan's document.xml or sheet is a few MB; the limits are far above any real plan.
 */
export interface PackageLimits {
  /** Largest inflated size of one part. */
  maxPartBytes: number;
  /** Largest inflated size of all parts read together. */
  maxTotalBytes: number;
  /** Most entries the archive may hold. */
  maxEntries: number;
  /**
   * Most XML tags one part may hold. Parsed into an element tree, each element costs a few hundred
   * bytes, so 49 MB of tiny table rows (well under the size limit, 1 MB zipped) once took 2.2 GB.
   */
  maxPartTags: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxPartBytes: 64 * 1024 * 1024,
  maxTotalBytes: 160 * 1024 * 1024,
  maxEntries: 5_000,
  // A 500-action Word plan's document.xml has 35,000 tags; a plan at its 10,000-action limit,
  // saved by Word with its extra markup, stays well under this.
  maxPartTags: 1_500_000,
};

/** Tags in an XML part: every '<' starts one (text holds '&lt;', never a bare '<'). */
function tagCount(xml: Uint8Array): number {
  let count = 0;
  for (let i = xml.indexOf(0x3c); i !== -1; i = xml.indexOf(0x3c, i + 1)) count += 1;
  return count;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Inflates the parts `wanted` selects (names as in the zip, "word/document.xml"), refusing the file
 * as soon as a part, the total or the entry count passes its limit. `kind` names the document in
 * messages ("Word document"). Parts not wanted are counted as entries and, when `everyPartRead` is
 * set, inflated and bounded but not kept: a library that reads the package after us (exceljs reads
 * shared strings, styles and images) must never be the first to inflate a part.
 */
export function readPackageParts(
  fileName: string,
  data: Uint8Array,
  wanted: (name: string) => boolean,
  kind: string,
  { everyPartRead = false, limits = DEFAULT_PACKAGE_LIMITS }: { everyPartRead?: boolean; limits?: PackageLimits } = {},
): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>();
  let entries = 0;
  let total = 0;
  let refusal: PlanError | null = null;
  const refuse = (message: string, part?: string): void => {
    refusal ??= new PlanError('import_unreadable_file', message, { at: { file: fileName, ...(part !== undefined && { part }) } });
  };

  const unzip = new Unzip((file: UnzipFile) => {
    entries += 1;
    if (refusal) return;
    if (entries > limits.maxEntries) return refuse(`is a ${kind} with more than ${limits.maxEntries} parts; a real one has a few dozen, so it was not read`);
    const keep = wanted(file.name);
    if (!keep && !everyPartRead) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (refusal) return;
      if (err) return refuse(`is not a readable ${kind}: part ${file.name} is damaged (${err.message})`, file.name);
      size += chunk.length;
      total += chunk.length;
      if (size > limits.maxPartBytes) {
        file.terminate();
        return refuse(`has a part, ${file.name}, that expands to more than ${mb(limits.maxPartBytes)}; a plan's part is a few MB, so the file was not read (it may be a zip bomb)`, file.name);
      }
      if (total > limits.maxTotalBytes) {
        file.terminate();
        return refuse(`expands to more than ${mb(limits.maxTotalBytes)}; a plan is a few MB, so the file was not read (it may be a zip bomb)`, file.name);
      }
      if (keep) chunks.push(chunk);
      if (!final || !keep) return;
      const part = concat(chunks, size);
      if (tagCount(part) > limits.maxPartTags) {
        return refuse(`has a part, ${file.name}, of more than ${limits.maxPartTags.toLocaleString('en-GB')} XML elements; a plan's part has tens of thousands, so the file was not read`, file.name);
      }
      parts.set(file.name, part);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // Pushed in small slices: deflate expands up to about 1,032 times, so one 16 KB slice yields
    // at most ~17 MB and a part that passes its limit stops the inflating within a slice of it.
    // (A 1 MB slice inflated a gigabyte before the first size check.)
    const slice = 16 * 1024;
    for (let offset = 0; offset < data.length && !refusal; offset += slice) {
      unzip.push(data.subarray(offset, Math.min(offset + slice, data.length)), offset + slice >= data.length);
    }
  } catch (err) {
    if (!refusal) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new PlanError('import_unreadable_file', `is not a readable ${kind} (${reason}); the file may be truncated or damaged`, { at: { file: fileName }, cause: err });
    }
  }
  if (refusal) throw refusal;
  return parts;
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/**
 * Whether an Office package is a Word document or an Excel workbook, from the names of its parts
 * (the zip's directory; nothing is inflated).
 */
export function officePackageKind(fileName: string, data: Uint8Array): 'docx' | 'xlsx' {
  const names: string[] = [];
  try {
    unzipSync(data, {
      filter: (file) => {
        if (names.length < DEFAULT_PACKAGE_LIMITS.maxEntries) names.push(file.name);
        return false;
      },
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PlanError('import_unreadable_file', `is not a readable Word document or Excel workbook (${reason}); the file may be truncated or damaged`, { at: { file: fileName }, cause: err });
  }
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  throw new PlanError('import_unknown_format', 'is a zip archive that is neither a Word document nor an Excel workbook (no word/document.xml or xl/workbook.xml); expected a .docx or .xlsx', { at: { file: fileName } });
}
