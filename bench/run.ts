/**
 * npm run bench: measures what the issues set targets for and writes BENCHMARKS.md with the machine
 * and the date. Figures, not pass/fail tests: a noisy machine must not fail CI.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importPlanFile } from '../src/import/import-file.js';
import { createApp } from '../src/server/create-app.js';
import { close, listen } from '../src/server/start-server.js';
import { openPlanStore } from '../src/store/open-store.js';
import { localBot } from '../test/server/local-bot.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { runActivityFeedBench } from './activity-feed.js';
import { runCliStartBench } from './cli-start.js';
import { runExportBench } from './export.js';
import { generateTextExport } from './generate-plan.js';
import { runGraphStoreBench } from './graph-store.js';
import { runHostileFilesBench } from './hostile-files.js';
import { runImageSizeBench } from './image-size.js';
import { runImportBench } from './import.js';
import { runLongCellsBench } from './long-cells.js';
import { runMeetingBench } from './meeting.js';
import { runPlanRecordBench } from './plan-record.js';
import { runReminderBench } from './reminders.js';
import { runTabBench } from './tab.js';

const rows: BenchRow[] = [];
const root = resolve(import.meta.dirname, '..');
const work = await mkdtemp(join(tmpdir(), 'plan-bench-'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timeImport(file: string, runs: number): Promise<{ ms: number; actions: number; updates: number }> {
  const times: number[] = [];
  let actions = 0;
  let updates = 0;
  for (let i = 0; i < runs; i += 1) {
    const db = join(work, `import-${i}-${Date.now()}.db`);
    const store = await openPlanStore({ kind: 'sqlite', path: db });
    const started = performance.now();
    const { draft, report } = await importPlanFile(file, { importedAt: new Date().toISOString() });
    await store.importPlan(draft);
    times.push(performance.now() - started);
    actions = report.actionCount;
    updates = report.updateCount;
    await store.close();
  }
  return { ms: median(times), actions, updates };
}

// 1. Each sample plan, read, parsed and stored.
for (const name of ['pan-cheshire-cse-2013.txt', 'gloucestershire-cse-2017-18.txt']) {
  const r = await timeImport(join(root, 'samples', name), 7);
  rows.push({ what: `Import ${name} (${r.actions} actions, ${r.updates} updates), median of 7`, value: `${r.ms.toFixed(1)} ms`, target: '—', met: null });
}

// 2. A generated 5,000-action plan with 3 updates each.
const bigFile = join(work, 'generated-5000.txt');
await writeFile(bigFile, generateTextExport(5000, 3));
const big = await timeImport(bigFile, 3);
rows.push({ what: `Import generated plan (${big.actions} actions, ${big.updates} updates), median of 3`, value: `${(big.ms / 1000).toFixed(2)} s`, target: '< 2 s', met: big.ms < 2000 });

// 3. The API's filtered query on 5,000 actions, over HTTP.
const apiDb = join(work, 'api.db');
{
  const store = await openPlanStore({ kind: 'sqlite', path: apiDb });
  const { draft } = await importPlanFile(bigFile, { importedAt: new Date().toISOString() });
  const plan = await store.importPlan(draft);
  const app = createApp({ store, clock: () => new Date('2018-03-01T09:00:00Z'), identify: async () => ({ name: 'bench', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
  const { server, url } = await listen(app, '127.0.0.1', 0);
  const queries = [
    `lead=${encodeURIComponent('Jane Price')}`,
    'rag=Red,Amber&overdue=true',
    'section=7&dueBefore=2018-01-01',
    'changedSince=2018-01-01&lead=Louise%20West',
    'q=referral%20pathway%20number%2042',
  ];
  for (const q of queries) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 120; i += 1) {
      const started = performance.now();
      const res = await fetch(`${url}/api/plans/${plan.id}/actions?${q}`);
      // The API's time is until the last byte arrives; parsing it is the client's cost, not the API's.
      const body = await res.text();
      const elapsed = performance.now() - started;
      if (i >= 20) times.push(elapsed); // first 20 warm the statement cache and the JIT
      if (i === 0) count = (JSON.parse(body) as unknown[]).length;
    }
    const m = median(times);
    rows.push({ what: `API filtered query on 5,000 actions, request to last byte: ${decodeURIComponent(q)} (${count} results), median of 100`, value: `${m.toFixed(2)} ms`, target: '< 10 ms', met: m < 10 });
  }
  await close(server);
  await store.close();
}

// 4. Server memory with 5,000 actions loaded: the real server process, after a round of queries.
{
  const child = spawn(process.execPath, [join(root, 'bin/plan.js'), 'serve', '--db', apiDb, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /open (http:\/\/[^/\s]+)/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const plans = (await (await fetch(`${url}/api/plans`)).json()) as { id: string }[];
  for (let i = 0; i < 50; i += 1) {
    await (await fetch(`${url}/api/plans/${plans[0]!.id}/actions`)).json();
    await (await fetch(`${url}/api/plans/${plans[0]!.id}/actions?rag=Red`)).json();
  }
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  child.kill('SIGTERM');
  rows.push({ what: 'Server RSS with 5,000 actions loaded, after 100 full and filtered queries', value: `${(rssKb / 1024).toFixed(0)} MB`, target: '< 200 MB', met: rssKb / 1024 < 200 });
}

await rm(work, { recursive: true, force: true });

const section = `## Plan core (import, store, API)\n\nMachine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\`.\n\n${benchTable(rows)}\n`;
await writeBenchSection(root, 'Plan core (import, store, API)', section);
console.log(`${section}`);

// Word and Excel plans as boards keep them: import time at size, and nothing of each test document dropped (its own section).
await runImportBench(root);

// Cells of 1 MB (a timescale, leads, a ref) imported within the limit (its own section).
await runLongCellsBench(root);

// Zip bombs and oversized plans refused within time and memory; the paged API at the size limit (its own section).
await runHostileFilesBench(root);

// The plan tab: bundle size, render time and filter latency in headless Chromium (its own section).
await runTabBench(root);

// The meeting: follow latency over three stages, the stage's first paint, Live Share kept out of the initial load (its own section).
await runMeetingBench(root);

// The reminder bot: sending rate against Teams' limits, and the sweep's decision time (its own section).
await runReminderBench(root);

// The plan's record: what changed since the last meeting on a large plan with a long history (its own section).
await runPlanRecordBench(root);

// The SharePoint store: Graph requests against the naive count, and a migration within the budget (its own section).
await runGraphStoreBench(root);

// The plan back out: export time and peak memory per format, samples and 5,000 actions (its own section).
await runExportBench(root);

// Fast starts: the compiled CLI's --help and plans over `node -e 0`, and the server's cold start to a healthy answer (its own section).
await runCliStartBench(root);
await runImageSizeBench(root);
await runActivityFeedBench(root);
