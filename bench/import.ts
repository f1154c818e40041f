/**
 * The importer's bench over plans as boards keep them: the time to read a 500-action Word plan
 * (automatic numbering, shading, merged leads) and a 5,000-row workbook, each against the 2 s
 * target; and, for every real-plan test document, the share of its source cell paragraphs that
 * stand in the plan or the import report (target 100%). The big documents come from the same
 * builders as the test documents. Writes the "Import of Word and Excel plans" section of
 * BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/import.ts
 */
import { resolve } from 'node:path';
import { importPlanBuffer } from '../src/import/import-file.js';
import { libreOfficeAvailable } from '../test/fixtures/libreoffice.js';
import { adultPlanSectionsOfSize, buildAdultPlan } from '../test/fixtures/real-plans/adult-safeguarding-plan.js';
import { fixtureBytes, importFixture } from '../test/fixtures/real-plans/import-fixture.js';
import { REAL_PLANS } from '../test/fixtures/real-plans/index.js';
import { missingPieces, sourcePieces } from '../test/fixtures/real-plans/placed-text.js';
import { buildSendWorkbook, sendAreasOfSize } from '../test/fixtures/real-plans/send-partnership-workbook.js';
import { sourceRows } from '../test/fixtures/real-plans/source-cells.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';

const HEADING = 'Import of Word and Excel plans';
const TARGET_MS = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function failure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 120 ? `${message.slice(0, 117)}...` : message;
}

/** Median time of `runs` imports of one document, bytes to plan draft; or why it could not be read. */
async function timeImport(fileName: string, bytes: Uint8Array, runs: number): Promise<{ ms: number; actions: number } | { error: string }> {
  const times: number[] = [];
  let actions = 0;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    try {
      const { report } = await importPlanBuffer(fileName, bytes, { importedAt: '2023-10-02T09:00:00.000Z' });
      actions = report.actionCount;
    } catch (err) {
      return { error: failure(err) };
    }
    times.push(performance.now() - started);
  }
  return { ms: median(times), actions };
}

async function timeRow(what: string, fileName: string, bytes: Uint8Array, expected: number): Promise<BenchRow> {
  const r = await timeImport(fileName, bytes, 3);
  const size = `${(bytes.byteLength / 1024).toFixed(0)} KB`;
  if ('error' in r) return { what: `${what} (${size}), median of 3`, value: `import failed: ${r.error}`, target: `< 2 s`, met: false };
  const read = r.actions === expected ? `${r.actions} actions read` : `**${r.actions} of ${expected} actions read**`;
  return { what: `${what} (${size}; ${read}), median of 3`, value: `${(r.ms / TARGET_MS).toFixed(3)} of target (${r.ms.toFixed(0)} ms)`, target: '< 2 s (ratio < 1)', met: r.ms < TARGET_MS && r.actions === expected };
}

export async function runImportBench(root: string): Promise<void> {
  const rows: BenchRow[] = [];

  const word = await buildAdultPlan(adultPlanSectionsOfSize(500), { shadeRag: true });
  rows.push(await timeRow('Import a 500-action Word plan: automatic multi-level numbering across 10 tables, shaded RAG cells with coloured "●", Leads merged down', 'bench-500-actions.docx', word, 500));
  const workbook = await buildSendWorkbook(sendAreasOfSize(5000));
  rows.push(await timeRow('Import a 5,000-row workbook: cover, key and version sheets, merged area rows and officers, date cells, fill and word RAG, multi-line progress', 'bench-5000-rows.xlsx', workbook, 5000));

  const available = libreOfficeAvailable();
  for (const fixture of REAL_PLANS) {
    const what = `Source cell paragraphs placed in the plan or the report: ${fixture.name}`;
    if (fixture.needsLibreOffice && !available) {
      rows.push({ what, value: 'not measured: LibreOffice missing', target: '100%', met: null });
      continue;
    }
    try {
      const result = await importFixture(fixture);
      const pieces = sourcePieces(await sourceRows(fixture.format, await fixtureBytes(fixture)), result);
      const missing = missingPieces(pieces, result).length;
      const share = (pieces.length - missing) / pieces.length;
      rows.push({ what, value: `${(share * 100).toFixed(1)}% (${pieces.length - missing} of ${pieces.length})`, target: '100%', met: missing === 0 });
    } catch (err) {
      rows.push({ what, value: `import failed: ${failure(err)}`, target: '100%', met: false });
    }
  }

  const how =
    'Time is bytes to plan draft through `importPlanBuffer` (format detection, the Word or Excel reader, the plan reader), the median of three runs, as a ratio of the 2 s target. The big documents are made by the real-plan test builders (`test/fixtures/real-plans/`, the `docx` library and exceljs) at size. Placed share: every paragraph of every cell of each test document, read from the file itself (document.xml; every sheet through exceljs), must stand in the plan or the import report, as `test/import/nothing-dropped.test.ts` requires.';
  const section = `## ${HEADING}\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/import.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runImportBench(resolve(import.meta.dirname, '..'));
}
