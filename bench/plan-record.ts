/**
 * The plan's record (issue 15, "Measure"): the changes query on a 5,000-action plan with 30,000
 * history entries, against the target of 10 ms median, through the store and the domain (what
 * `GET /api/plans/{id}/changes` runs) and through the HTTP API. Writes the "Plan record" section of
 * BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/plan-record.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importPlanFile } from '../src/import/import-file.js';
import type { HistoryField } from '../src/plan/action-history.js';
import { addDays } from '../src/plan/calendar-date.js';
import { RAG_VALUES } from '../src/plan/rag.js';
import { createApp } from '../src/server/create-app.js';
import { close, listen } from '../src/server/start-server.js';
import { planChanges } from '../src/service/plan-changes.js';
import { SqlitePlanStore } from '../src/store/sqlite/sqlite-plan-store.js';
import { localBot } from '../test/server/local-bot.js';
import { dateIn } from '../src/config/today.js';
import { ListEditSync } from '../src/store/sharepoint/list-edit-sync.js';
import { findPlanLists, SiteLists } from '../src/store/sharepoint/site-lists.js';
import { generatedDraft, startSharePointHarness } from '../test/sharepoint/sharepoint-harness.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { generateTextExport } from './generate-plan.js';

const ACTIONS = 5000;
const HISTORY = 30_000;
/** The entries run over two years of fortnightly meetings; "since" is the last of them. */
const FIRST_DAY = '2017-01-02';
const TODAY = '2018-12-20';
const LAST_MEETING = '2018-12-03';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed(runs: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** 1,000 actions edited by a manager in SharePoint, brought into the record through the lists' delta on the local Graph. */
async function deltaSyncRows(): Promise<BenchRow[]> {
  const PAGE = 200;
  const h = await startSharePointHarness({ pageSize: PAGE });
  try {
    const plan = await h.store.importPlan(generatedDraft(1000, 0, 100));
    const sync = new ListEditSync(new SiteLists(h.http, await findPlanLists(h.http, h.server.siteId), PAGE), { siteUrl: async () => h.server.siteUrl, timeZoneOf: async () => 'Europe/London', dayIn: dateIn });
    await sync.syncOnce();
    const actions = await h.store.findActions(plan.id);
    const manager = h.server.asSharePointUser({ id: 'aad-manager', displayName: 'Maggie Manager' });
    const list = h.server.site.findList('Actions');
    for (const a of actions) manager.updateItem(list, a.id, { Rag: a.rag === 'Red' ? 'Green' : 'Red' });
    h.server.resetLog();
    const started = performance.now();
    const report = await sync.syncOnce();
    const ms = performance.now() - started;
    const deltaGets = h.server.log.filter((l) => l.method === 'GET' && /\/items\/delta/.test(l.path)).length;
    // The last page carries the delta link: 1,000 items in pages of 200 are 5 requests.
    const minimum = Math.max(1, Math.ceil(actions.length / PAGE));
    const writes = h.server.log.filter((l) => l.method !== 'GET').length;
    return [
      {
        what: `SharePoint edits brought into the record: ${actions.length.toLocaleString('en-GB')} actions whose RAG a manager changed in the Actions list, one sync round through the local Graph (pages of ${PAGE}); ${report.recorded} history entries recorded in ${(ms / 1000).toFixed(1)} s`,
        value: `${deltaGets} delta requests for both lists (paging minimum ${minimum} for the Actions list and 1 for the Updates list: ${minimum + 1}); ${writes.toLocaleString('en-GB')} writes (a PATCH and a History item per edit), ${h.server.log.length.toLocaleString('en-GB')} requests in all`,
        target: 'delta requests at the paging minimum',
        met: deltaGets <= minimum + 1,
      },
    ];
  } finally {
    await h.close();
  }
}

export async function runPlanRecordBench(root: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'plan-bench-record-'));
  const rows: BenchRow[] = [];
  const store = new SqlitePlanStore(join(work, 'plans.db'));
  try {
    const file = join(work, 'generated-5000.txt');
    await writeFile(file, generateTextExport(ACTIONS, 3));
    const { draft } = await importPlanFile(file, { importedAt: '2017-01-01T00:00:00.000Z' });
    const plan = await store.importPlan(draft);
    const actions = await store.findActions(plan.id);
    const seeding = performance.now();
    const fields: HistoryField[] = ['rag', 'timescale', 'leads', 'text'];
    for (let i = 0; i < HISTORY; i += 1) {
      const action = actions[(i * 7919) % actions.length]!;
      const date = addDays(FIRST_DAY, Math.floor((i / HISTORY) * 717));
      const field = fields[i % fields.length]!;
      const [was, now] = field === 'rag' ? [RAG_VALUES[i % 3]!, RAG_VALUES[(i + 1) % 3]!] : [`before ${i}`, `after ${i}`];
      await store.appendHistory(action.id, {
        kind: 'changed',
        changes: [{ field, was, now }],
        note: null,
        author: 'Bench Person',
        authorId: null,
        origin: 'tab',
        date,
        recordedAt: `${date}T10:00:00.000Z`,
        key: `bench:${i}`,
      });
    }
    const seeded = performance.now() - seeding;
    await store.updatePlanSettings(plan.id, { meetings: [{ date: LAST_MEETING, source: 'entered', title: 'Partnership Board' }] });
    const withMeeting = (await store.getPlan(plan.id))!;

    const since = await planChanges(store, withMeeting, TODAY, null);
    // Cold: a write just before each query (a reading of the file is kept only while nothing changes).
    const other = await store.importPlan({ ...draft, title: 'Another plan' });
    const [otherAction] = await store.findActions(other.id);
    let writes = 0;
    const coldTimes: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      await store.appendHistory(otherAction!.id, { kind: 'changed', changes: [], note: null, author: null, authorId: null, origin: 'tab', date: TODAY, recordedAt: `${TODAY}T10:00:00.000Z`, key: `bench:cold:${writes++}` });
      const started = performance.now();
      await planChanges(store, withMeeting, TODAY, null);
      coldTimes.push(performance.now() - started);
    }
    const cold = median(coldTimes);
    const warm = await timed(50, () => planChanges(store, withMeeting, TODAY, null));
    const what = `Changes since the last meeting on ${ACTIONS.toLocaleString('en-GB')} actions with ${HISTORY.toLocaleString('en-GB')} history entries and ${(ACTIONS * 3).toLocaleString('en-GB')} updates (store and domain, as the route runs them; ${since.actions.length} actions changed, ${since.counts.newUpdates} updates, ${since.counts.ragChanged} RAG changes)`;
    rows.push({ what: `${what}, the first query after a write, median of 20`, value: `${cold.toFixed(2)} ms`, target: '< 10 ms', met: cold < 10 });
    rows.push({ what: `The same asked again with nothing written in between (the stage and every side panel in a meeting), median of 50`, value: `${warm.toFixed(2)} ms`, target: '< 10 ms', met: warm < 10 });
    const year = await timed(20, () => planChanges(store, withMeeting, TODAY, '2018-01-01'));
    const yearChanges = await planChanges(store, withMeeting, TODAY, '2018-01-01');
    rows.push({
      what: `The same since 1 Jan 2018 (a year of the record: ${yearChanges.actions.length} actions changed, ${yearChanges.counts.newUpdates} updates), asked again, median of 20`,
      value: `${year.toFixed(2)} ms`,
      target: '—',
      met: null,
    });

    const app = createApp({ store, clock: () => new Date(`${TODAY}T10:00:00Z`), identify: async () => ({ name: 'Bench', userId: null }), log: () => {}, storeKind: 'sqlite', bot: localBot(store) });
    const { server, url } = await listen(app, '127.0.0.1', 0);
    try {
      const http = await timed(50, async () => {
        const res = await fetch(`${url}/api/plans/${plan.id}/changes`);
        await res.arrayBuffer();
      });
      rows.push({ what: `GET /api/plans/{id}/changes on the same plan over HTTP on loopback, asked again, median of 50`, value: `${http.toFixed(2)} ms`, target: '—', met: null });
    } finally {
      await close(server);
    }
    rows.push({ what: `Seeding ${HISTORY.toLocaleString('en-GB')} history entries one transaction each (appendHistory)`, value: `${(seeded / 1000).toFixed(1)} s`, target: '—', met: null });
  } finally {
    await store.close();
    await rm(work, { recursive: true, force: true });
  }
  rows.push(...(await deltaSyncRows()));
  const section = [
    '## Plan record',
    '',
    `Machine: ${benchMachine()}. Date: ${benchToday()}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/plan-record.ts\`).`,
    '',
    'The changes query: SQLite store; the plan is bench/generate-plan.ts at 5,000 actions and 3 updates each; history entries are spread over two years and over the actions; the last meeting is 17 days before today. The sync: the SharePoint store over the local Graph server (test/graph-server), which pages delta as Graph does.',
    '',
    benchTable(rows),
    '',
  ].join('\n');
  await writeBenchSection(root, 'Plan record', section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runPlanRecordBench(resolve(import.meta.dirname, '..'));
}
