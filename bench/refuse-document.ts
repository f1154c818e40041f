/**
 * One hostile document, read in a process of its own so its peak memory is its own: prints
 * `{ ms, refused, code, baselineMb, peakMb }` as JSON. Run by bench/hostile-files.ts:
 *
 *   node bin/run-ts.js bench/refuse-document.ts bomb-docx-4gb
 */
import { importPlanBuffer } from '../src/import/import-file.js';
import { PlanError } from '../src/plan/errors.js';
import { docxBomb, xlsxBomb } from '../test/fixtures/zip-bomb.js';

const GB = 2 ** 30;
const MB = 2 ** 20;

/** The hostile documents by name: file name and bytes. */
export const HOSTILE_DOCUMENTS: Record<string, () => { fileName: string; bytes: Uint8Array }> = {
  'bomb-docx-450mb': () => ({ fileName: 'bomb-450mb.docx', bytes: docxBomb(450 * MB) }),
  'bomb-docx-4gb': () => ({ fileName: 'bomb-4gb.docx', bytes: docxBomb(4 * GB) }),
  'bomb-xlsx-450mb': () => ({ fileName: 'bomb-450mb.xlsx', bytes: xlsxBomb(450 * MB) }),
  'bomb-xlsx-4gb': () => ({ fileName: 'bomb-4gb.xlsx', bytes: xlsxBomb(4 * GB) }),
  'bomb-xlsx-shared-strings-4gb': () => ({ fileName: 'bomb-strings-4gb.xlsx', bytes: xlsxBomb(4 * GB, 'xl/sharedStrings.xml') }),
  'bomb-xlsx-image-450mb': () => ({ fileName: 'bomb-image-450mb.xlsx', bytes: xlsxBomb(450 * MB, 'xl/media/image1.png') }),
  'csv-200000-rows': () => ({
    fileName: 'huge.csv',
    bytes: new TextEncoder().encode(['Ref,Action,Lead,Timescale,RAG', ...Array.from({ length: 200_000 }, (_, i) => `${i + 1},Review the referral pathway ${i},Jane Price,March 2018,Red`)].join('\n')),
  }),
};

if (process.argv[1]?.endsWith('refuse-document.ts')) {
  const name = process.argv[2] ?? '';
  const make = HOSTILE_DOCUMENTS[name];
  if (!make) {
    console.error(`usage: refuse-document.ts ${Object.keys(HOSTILE_DOCUMENTS).join('|')}`);
    process.exit(2);
  }
  const { fileName, bytes } = make();
  const baselineMb = process.memoryUsage().rss / MB;
  const started = performance.now();
  let code: string | null = null;
  try {
    await importPlanBuffer(fileName, bytes);
  } catch (err) {
    code = err instanceof PlanError ? err.code : `not a PlanError: ${String(err).slice(0, 80)}`;
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, refused: code !== null, code, sizeKb: bytes.byteLength / 1024, baselineMb, peakMb: process.resourceUsage().maxRSS / 1024 }));
}
