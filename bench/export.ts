/**
 * The plan back out: the time to write each sample plan and a generated 5,000-action plan in each
 * export format, from the plan as the store gives it to the file's bytes (target under 2 s for
 * 5,000 actions, issue 17), and the peak memory of doing so, measured in a child process of its
 * own (VmHWM, the resident high-water mark, above its resident size before the export). Writes the
 * "Export" section of BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/export.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { exportFormat, type ExportFormatName } from '../src/export/export-formats.js';
import { DEFAULT_EXPORT_OPTIONS } from '../src/export/export-options.js';
import { importPlanFile } from '../src/import/import-file.js';
import type { PlanDocument } from '../src/plan/plan.js';
import { openPlanStore } from '../src/store/open-store.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { generateTextExport } from './generate-plan.js';

const HEADING = 'Export';
const TARGET_MS = 2000;
/** The formats measured, one row each per plan. */
const FORMATS: readonly ExportFormatName[] = ['docx', 'csv', 'xlsx'];
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function write(doc: PlanDocument, format: ExportFormatName): Promise<number> {
  const written = await exportFormat(format).write({ doc, options: DEFAULT_EXPORT_OPTIONS, today: '2018-03-01', now: '2018-03-01T09:00:00.000Z' });
  return typeof written === 'string' ? Buffer.byteLength(written) : written.byteLength;
}

async function timeExport(doc: PlanDocument, format: ExportFormatName, runs: number): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  await write(doc, format); // warms the JIT and the library's own caches
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    bytes = await write(doc, format);
    times.push(performance.now() - started);
  }
  return { ms: median(times), bytes };
}

function kb(status: string, field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
}

/** In the child: reads the plan, notes its resident size, exports once, and prints the high-water mark above it. */
async function child(docFile: string, format: ExportFormatName): Promise<void> {
  const doc = JSON.parse(await readFile(docFile, 'utf8')) as PlanDocument;
  global.gc?.();
  const before = kb(await readFile('/proc/self/status', 'utf8'), 'VmRSS');
  await write(doc, format);
  const peak = kb(await readFile('/proc/self/status', 'utf8'), 'VmHWM');
  console.log(JSON.stringify({ before, peak }));
}

async function peakMemoryMb(doc: PlanDocument, format: ExportFormatName, dir: string): Promise<number> {
  const docFile = join(dir, `doc-${doc.actions.length}.json`);
  await writeFile(docFile, JSON.stringify(doc));
  const { stdout } = await run(process.execPath, ['--expose-gc', join(ROOT, 'bin/run-ts.js'), import.meta.filename, '--child', docFile, format], { maxBuffer: 1024 * 1024 });
  const { before, peak } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { before: number; peak: number };
  return Math.max(0, peak - before) / 1024;
}

async function storedPlan(file: string, dir: string): Promise<PlanDocument> {
  const store = await openPlanStore({ kind: 'sqlite', path: join(dir, `${Date.now()}-${Math.random()}.db`) });
  try {
    const { draft } = await importPlanFile(file, { importedAt: '2018-03-01T09:00:00.000Z' });
    const plan = await store.importPlan(draft);
    return (await store.exportPlan(plan.id))!;
  } finally {
    await store.close();
  }
}

export async function runExportBench(root: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'plan-bench-export-'));
  const rows: BenchRow[] = [];
  try {
    const generated = join(dir, 'generated-5000.txt');
    await writeFile(generated, generateTextExport(5000, 3));
    const plans = [
      { name: 'pan-cheshire-cse-2013.txt', file: join(root, 'samples', 'pan-cheshire-cse-2013.txt'), runs: 7 },
      { name: 'gloucestershire-cse-2017-18.txt', file: join(root, 'samples', 'gloucestershire-cse-2017-18.txt'), runs: 7 },
      { name: 'a generated plan', file: generated, runs: 3 },
    ];
    for (const plan of plans) {
      const doc = await storedPlan(plan.file, dir);
      const size = `${doc.actions.length.toLocaleString('en-GB')} actions, ${doc.actions.reduce((n, a) => n + a.updates.length, 0).toLocaleString('en-GB')} updates`;
      const big = doc.actions.length >= 5000;
      for (const format of FORMATS) {
        const { ms, bytes } = await timeExport(doc, format, plan.runs);
        rows.push({
          what: `Export ${plan.name} (${size}) to .${format}, plan to bytes (${(bytes / 1024).toFixed(0)} KB), median of ${plan.runs}`,
          value: ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`,
          target: big ? '< 2 s' : '—',
          met: big ? ms < TARGET_MS : null,
        });
        const mb = await peakMemoryMb(doc, format, dir);
        rows.push({ what: `Peak memory exporting ${plan.name} to .${format} (a child process's VmHWM above its resident size before the export)`, value: `${mb.toFixed(0)} MB`, target: '—', met: null });
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const how = 'Each plan is imported into a new SQLite file and read back whole (`exportPlan`), as `plan export` and the API read it; the time is `src/export/export-formats.ts` writing it with the default options (every action and update), after one warm-up run.';
  const section = `## ${HEADING}\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/export.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const at = process.argv.indexOf('--child');
  if (at > 0) await child(process.argv[at + 1]!, process.argv[at + 2] as ExportFormatName);
  else await runExportBench(ROOT);
}
