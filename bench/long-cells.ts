/**
 * Cells far longer than a plan writes, each 1 MB: the time to import a plan whose timescale, lead
 * or numbers cell is 1 MB, from bytes to a stored plan, against the 15 s issue 13 set for the
 * timescale (it stalled an import for over five minutes when a timescale was read in quadratic
 * time). Writes the "Long cells" section of BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/long-cells.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importPlanBuffer } from '../src/import/import-file.js';
import { openPlanStore } from '../src/store/open-store.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';

const HEADING = 'Long cells';
const LIMIT_MS = 15_000;
const MB = 1024 * 1024;

/** A two-action CSV plan whose first action has `cell` in the given column. */
function planWith(column: 'ref' | 'lead' | 'timescale', cell: string): Uint8Array {
  const row: Record<typeof column | 'action' | 'progress' | 'rag', string> = { ref: '1.1', action: 'Audit case files', lead: 'Jane Price', timescale: 'March 2018', progress: '', rag: 'Red' };
  row[column] = cell;
  const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;
  const lines = ['Ref,Action,Lead,Timescale,Progress,RAG', Object.values(row).map(quote).join(','), '1.2,Train staff,Lynne Speak,April 2018,,Green'];
  return new TextEncoder().encode(lines.join('\n'));
}

function repeated(piece: string, length: number): string {
  return piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
}

/** Distinct names, one a line, so no two fold into one lead. */
function names(length: number): string {
  const lines: string[] = [];
  for (let i = 0, total = 0; total < length; i += 1) {
    const letter = (n: number): string => String.fromCharCode(97 + (Math.floor(i / n) % 26));
    lines.push(`Jane ${letter(1).toUpperCase()}${letter(26)}${letter(676)}son`);
    total += lines.at(-1)!.length + 1;
  }
  return lines.join('\n');
}

const CELLS: ReadonlyArray<{ what: string; column: 'ref' | 'lead' | 'timescale'; cell: () => string; target: boolean }> = [
  { what: 'a 1 MB timescale cell (dates, numbers and recurrences all through: "review 1/1/1 Sept 17 quarterly")', column: 'timescale', cell: () => `March 2018 ${repeated('review 1/1/1 Sept 17 quarterly ', MB)}`, target: true },
  { what: 'a 1 MB lead cell (distinct names, one a line)', column: 'lead', cell: () => names(MB), target: false },
  { what: 'a 1 MB numbers cell ("1 1 1 ...")', column: 'ref', cell: () => repeated('1 ', MB), target: false },
];

async function timeImport(bytes: Uint8Array, dir: string, run: number): Promise<number> {
  const store = await openPlanStore({ kind: 'sqlite', path: join(dir, `long-${run}.db`) });
  try {
    const started = performance.now();
    const { draft } = await importPlanBuffer('long.csv', bytes, { importedAt: '2018-02-05T10:00:00.000Z' });
    await store.importPlan(draft);
    return performance.now() - started;
  } finally {
    await store.close();
  }
}

export async function runLongCellsBench(root: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'plan-bench-long-'));
  const rows: BenchRow[] = [];
  try {
    for (const { what, column, cell, target } of CELLS) {
      const bytes = planWith(column, cell());
      const times: number[] = [];
      for (let run = 0; run < 3; run += 1) times.push(await timeImport(bytes, dir, rows.length * 3 + run));
      const ms = [...times].sort((a, b) => a - b)[1]!;
      const label = `Time to import ${what}, bytes to stored plan (${(bytes.byteLength / MB).toFixed(1)} MB CSV), median of 3`;
      rows.push(
        target
          ? { what: label, value: `${(ms / LIMIT_MS).toFixed(3)} of limit (${ms.toFixed(0)} ms)`, target: '< 15 s (ratio < 1)', met: ms < LIMIT_MS }
          : { what: label, value: `${ms.toFixed(0)} ms`, target: '—', met: null },
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const how =
    'Each plan is a two-action CSV read by `importPlanBuffer` and stored in a new SQLite file. The whole cell is kept as written; a timescale is read from its first 500 characters and a lead cell from its first 2,000 (`src/plan/timescale.ts`, `src/import/action-draft.ts`), and each timescale pattern\'s matches are masked in one pass, where they were once masked by copying the whole text per match.';
  const section = `## ${HEADING}\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/long-cells.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runLongCellsBench(resolve(import.meta.dirname, '..'));
}
