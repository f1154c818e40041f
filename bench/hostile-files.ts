/**
 * Hostile input against the limits issue 13 set: each zip bomb and an oversized CSV refused in
 * under 15 s and 600 MB of peak memory (each in a process of its own, so the peak is its own), and
 * the API's first page of a plan at the size limit. Writes the "Hostile files and large plans"
 * section of BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/hostile-files.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MAX_PLAN_ACTIONS } from '../src/plan/plan-limits.js';
import { createApp } from '../src/server/create-app.js';
import { close, listen } from '../src/server/start-server.js';
import { openPlanStore } from '../src/store/open-store.js';
import { localBot } from '../test/server/local-bot.js';
import { generatedDraft } from '../test/fixtures/plan-drafts.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { HOSTILE_DOCUMENTS } from './refuse-document.js';

const HEADING = 'Hostile files and large plans';
const LIMIT_MS = 15_000;
const LIMIT_MB = 600;
const run = promisify(execFile);

interface Refusal {
  ms: number;
  refused: boolean;
  code: string | null;
  sizeKb: number;
  baselineMb: number;
  peakMb: number;
}

async function refuse(root: string, name: string): Promise<BenchRow[]> {
  const { stdout } = await run(process.execPath, [join(root, 'bin/run-ts.js'), join(root, 'bench/refuse-document.ts'), name], { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Refusal;
  const what = `${name} (${r.sizeKb.toFixed(0)} KB): ${r.refused ? `refused, ${r.code}` : '**read, not refused**'}`;
  return [
    { what: `${what}: time to refuse`, value: `${(r.ms / LIMIT_MS).toFixed(3)} of limit (${r.ms.toFixed(0)} ms)`, target: '< 15 s (ratio < 1)', met: r.refused && r.ms < LIMIT_MS },
    {
      what: `${what}: peak memory of the process (${r.baselineMb.toFixed(0)} MB before reading)`,
      value: `${(r.peakMb / LIMIT_MB).toFixed(3)} of limit (${r.peakMb.toFixed(0)} MB)`,
      target: '< 600 MB (ratio < 1)',
      met: r.refused && r.peakMb < LIMIT_MB,
    },
  ];
}

async function firstPage(): Promise<BenchRow> {
  const dir = await mkdtemp(join(tmpdir(), 'plan-bench-pages-'));
  const store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
  try {
    const plan = await store.importPlan(generatedDraft(MAX_PLAN_ACTIONS, 3));
    const app = createApp({ store, clock: () => new Date('2018-03-01T10:00:00Z'), identify: async () => ({ name: 'Bench', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
    const { server, url } = await listen(app, '127.0.0.1', 0);
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 7; i += 1) {
      const started = performance.now();
      const res = await fetch(`${url}/api/plans/${plan.id}/actions`);
      bytes = (await res.arrayBuffer()).byteLength;
      times.push(performance.now() - started);
    }
    await close(server);
    const ms = [...times].sort((a, b) => a - b)[3]!;
    return { what: `GET the first page of actions of a plan at the limit (${MAX_PLAN_ACTIONS.toLocaleString('en-GB')} actions, 3 updates each): ${(bytes / 1024).toFixed(0)} KB, median of 7`, value: `${ms.toFixed(0)} ms`, target: '—', met: null };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runHostileFilesBench(root: string): Promise<void> {
  const rows: BenchRow[] = [];
  for (const name of Object.keys(HOSTILE_DOCUMENTS)) rows.push(...(await refuse(root, name)));
  rows.push(await firstPage());
  const how =
    'Each document is read by `importPlanBuffer` in a process of its own (`bench/refuse-document.ts`); peak memory is that process\'s maximum resident set, Node and the readers included. The bombs are Office packages whose one part is a repeated deflate block (`test/fixtures/zip-bomb.ts`): 450 MB and 4 GB inside document.xml or the first sheet, 4 GB in the shared strings and 450 MB in an image that only exceljs would read. A 200,000-action plan cannot be stored (the limit is 10,000 actions), so the paged API is measured on a plan at the limit.';
  const section = `## ${HEADING}\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/hostile-files.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
  await writeBenchSection(root, HEADING, section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runHostileFilesBench(resolve(import.meta.dirname, '..'));
}
