/**
 * The SharePoint store's bench (issue 4, "Measure"): Graph requests to load a plan, to record 100
 * updates and for a full reminder sweep, each beside the naive count; and a 5,000-action migration
 * through the local Graph server enforcing a resource-unit budget. Writes the "SharePoint through
 * Graph" section of BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/graph-store.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { realPacingClock } from '../src/graph/pacing-clock.js';
import { ResourceUnitPacer } from '../src/graph/resource-unit-pacer.js';
import { importPlanFile } from '../src/import/import-file.js';
import type { Plan } from '../src/plan/plan.js';
import { GraphPlanStore } from '../src/store/sharepoint/graph-plan-store.js';
import { transferPlan } from '../src/store/sharepoint/plan-transfer.js';
import { provisionPlanSite } from '../src/store/sharepoint/provisioning.js';
import { findPlanLists, SiteLists } from '../src/store/sharepoint/site-lists.js';
import { TransferJournal } from '../src/store/sharepoint/transfer-journal.js';
import { transferFromDocument } from '../src/store/sharepoint/transfer-plan.js';
import { SqlitePlanStore } from '../src/store/sqlite/sqlite-plan-store.js';
import { peopleFor, reminderWorld, SAMPLES } from '../test/bot-connector/reminder-harness.js';
import { startGraphTestServer, type LoggedRequest } from '../test/graph-server/graph-test-server.js';
import { generatedDraft, testHttp } from '../test/sharepoint/sharepoint-harness.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';

/** The store's page size ($top asked; the local server honours up to 5,000). */
const PAGE = 999;

/** What a store sent, as the local server logged it (top-level requests), sorted the way the issue counts them. */
class RequestTally {
  listQueries = 0;
  pagesFollowed = 0;
  itemReads = 0;
  batches = 0;
  writes = 0;

  constructor(log: readonly LoggedRequest[]) {
    for (const entry of log) {
      if (entry.inner) continue;
      if (entry.method === 'POST' && entry.path.endsWith('/$batch')) this.batches += 1;
      else if (entry.method !== 'GET') this.writes += 1;
      else if (entry.continued) this.pagesFollowed += 1;
      else if (/\/items\/\d+$/.test(entry.path)) this.itemReads += 1;
      else this.listQueries += 1;
    }
  }

  get total(): number {
    return this.listQueries + this.pagesFollowed + this.itemReads + this.batches + this.writes;
  }

  describe(): string {
    const n = (count: number): string => count.toLocaleString('en-GB');
    return `${n(this.listQueries)} list queries + ${n(this.pagesFollowed)} further pages + ${n(this.itemReads)} item reads + ${n(this.batches)} $batch + ${n(this.writes)} other writes`;
  }
}

/** A provisioned local site and a GraphPlanStore over it; `counted` tallies the requests `work` sends. */
type Counted = <T>(work: () => Promise<T>) => Promise<{ tally: RequestTally; result: T }>;

async function siteStore(): Promise<{ store: GraphPlanStore; counted: Counted; close: () => Promise<void> }> {
  const server = await startGraphTestServer();
  await provisionPlanSite({ http: testHttp(server), site: server.siteUrl });
  const store = await GraphPlanStore.open({ http: testHttp(server), siteId: server.siteId, pageSize: PAGE });
  const counted: Counted = async (work) => {
    server.resetLog();
    const result = await work();
    return { tally: new RequestTally(server.log), result };
  };
  return { store, counted, close: () => server.close() };
}

async function loadRequests(store: GraphPlanStore, counted: Counted, plan: Plan, label: string, rows: BenchRow[]): Promise<void> {
  const { tally, result: doc } = await counted(() => store.exportPlan(plan.id));
  if (!doc) throw new Error(`plan ${plan.id} did not load`);
  const n = doc.actions.length;
  const m = doc.actions.reduce((sum, a) => sum + a.updates.length, 0);
  const target = 1 + Math.max(1, Math.ceil(n / PAGE)) + Math.max(1, Math.ceil(m / PAGE));
  const naive = 1 + Math.max(1, Math.ceil(n / PAGE)) + n;
  rows.push({
    what: `Load ${label} (N = ${n.toLocaleString('en-GB')} actions, M = ${m.toLocaleString('en-GB')} updates, page ${PAGE}): ${tally.describe()}`,
    value: `${tally.total} requests (naive, one request per action's updates: ${naive.toLocaleString('en-GB')})`,
    target: `1 + ceil(N/page) + ceil(M/page) = ${target}`,
    met: tally.total <= target,
  });
}

async function recordHundred(store: GraphPlanStore, counted: Counted, plan: Plan, rows: BenchRow[]): Promise<void> {
  const actions = (await store.findActions(plan.id)).slice(0, 100);
  const { tally, result: results } = await counted(() =>
    store.appendUpdates(
    actions.map((action, i) => ({ action: { id: action.id, planId: plan.id, ref: action.ref }, update: {
        key: `bench-${plan.id}-${i}`,
        date: '2013-10-01',
        dateSource: 'recorded',
        author: 'Bench',
        authorId: null,
        text: `Bench progress note ${i}.`,
        origin: 'tab',
        ragAfter: null,
        timescaleAfter: null,
        recordedAt: '2013-10-01T10:00:00.000Z',
      },
    })),
    ),
  );
  const created = results.filter((r) => r.created).length;
  rows.push({
    what: `Record 100 updates on 100 actions (appendUpdates, ${created} created): ${tally.describe()}`,
    value: `${tally.total} requests (naive, one POST each: 100)`,
    target: '5 $batch requests',
    met: tally.batches === 5 && tally.total === 5 && created === 100,
  });
}

/** A full sweep (claims, cards through the local Bot Connector, outcomes) of one plan, counted at the store. */
async function sweepRequests(n: number): Promise<{ tally: RequestTally; sent: number; due: number }> {
  const { store, counted, close } = await siteStore();
  const world = await reminderWorld({ start: '2013-10-01T09:00:00.000Z' });
  try {
    const plan = await store.importPlan(generatedDraft(n, 3));
    const leads = [...new Map((await store.findActions(plan.id)).flatMap((a) => a.leads).map((l) => [l.name, l])).values()];
    await peopleFor(store, plan, world, leads, () => true);
    const { tally, result: report } = await counted(() => world.sweep(store, { on: '2013-10-01', planIds: [plan.id] }));
    const planReport = report.plans[0]!;
    return { tally, sent: planReport.sent.length, due: planReport.due };
  } finally {
    await world.close();
    await close();
  }
}

async function sweepRows(rows: BenchRow[]): Promise<void> {
  const small = await sweepRequests(500);
  const large = await sweepRequests(5000);
  for (const [n, r] of [
    [500, small],
    [5000, large],
  ] as const) {
    rows.push({
      what: `Full reminder sweep of a plan of ${n.toLocaleString('en-GB')} actions (${(n * 3).toLocaleString('en-GB')} updates; ${r.due.toLocaleString('en-GB')} reminders due, ${r.sent} cards to the leads with a chat): ${r.tally.describe()}`,
      value: `${r.tally.listQueries} list queries; ${r.tally.total.toLocaleString('en-GB')} requests in all (naive, reading each action and its updates: ${(n * 2).toLocaleString('en-GB')} reads)`,
      target: 'list queries constant in N',
      met: n === 500 ? null : r.tally.listQueries === small.tally.listQueries,
    });
  }
}

/**
 * The migration of a 5,000-action plan from SQLite, through plan-transfer.ts as `plan migrate`
 * runs it, against the local server enforcing SharePoint's resource-unit budget. The budget is the
 * smallest tenant's (1,250 units a window) with its window shortened from a minute to 2.5 s, so the
 * run takes about a minute and a half rather than half an hour: the same units per window (so the
 * same number of 40-unit batches fit one), fixed windows, throttled requests counted, RateLimit
 * headers past 80% (test/graph-server/resource-budget.ts).
 */
async function migration(work: string, rows: BenchRow[]): Promise<void> {
  const UNITS = 1250;
  const WINDOW_MS = 2500;
  const budgetRate = UNITS / (WINDOW_MS / 1000);
  const source = new SqlitePlanStore(join(work, 'migrate-source.db'));
  const sourcePlan = await source.importPlan(generatedDraft(5000, 3));
  const doc = (await source.exportPlan(sourcePlan.id))!;
  const [reminders, mappings] = await Promise.all([source.listReminders({ planId: sourcePlan.id }), source.listLeadMappings(sourcePlan.id)]);
  await source.close();

  const server = await startGraphTestServer();
  try {
    await provisionPlanSite({ http: testHttp(server), site: server.siteUrl });
    const pacer = new ResourceUnitPacer({ budget: UNITS, windowMs: WINDOW_MS, clock: realPacingClock });
    const http = testHttp(server, { clock: realPacingClock, pacer });
    const lists = new SiteLists(http, await findPlanLists(http, server.siteId), PAGE);
    server.setBudget({ unitsPerWindow: UNITS, windowMs: WINDOW_MS });
    server.resetLog();
    let lastShown = 0;
    const started = performance.now();
    // The first window's budget is spent at once; the pace after it is what a long migration keeps.
    let afterFirstWindow: { units: number; at: number } | null = null;
    const mark = setTimeout(() => {
      afterFirstWindow = { units: pacer.stats.spentUnits, at: performance.now() };
    }, WINDOW_MS);
    const outcome = await transferPlan({
      kind: 'migrate',
      source: { planId: sourcePlan.id },
      build: () => transferFromDocument(doc, reminders, mappings),
      lists,
      siteUrl: server.siteUrl,
      journal: new TransferJournal(join(work, 'migrations', 'bench.json')),
      mode: 'start',
      commands: { resume: 'bench --resume', abandon: 'bench --abandon' },
      onProgress: ({ done, total }) => {
        if (performance.now() - lastShown > 10_000) {
          lastShown = performance.now();
          process.stderr.write(`  migration: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} items\n`);
        }
      },
    });
    clearTimeout(mark);
    const ended = performance.now();
    if (outcome.status !== 'done') throw new Error('the bench migration did not finish');
    const seconds = (ended - started) / 1000;
    const written = outcome.written.actions + outcome.written.updates + outcome.written.reminders;
    const tally = new RequestTally(server.log);
    const throttled = server.log.filter((l) => l.status === 429).length;
    const overall = pacer.stats.spentUnits / seconds / budgetRate;
    const first = afterFirstWindow as { units: number; at: number } | null;
    const steady = first ? (pacer.stats.spentUnits - first.units) / ((ended - first.at) / 1000) / budgetRate : overall;
    rows.push({
      what: `Migrate a plan of 5,000 actions and 15,000 updates from SQLite (plan-transfer.ts, as \`plan migrate\`) through the local server enforcing ${UNITS.toLocaleString('en-GB')} resource units per window, the window shortened from 60 s to ${WINDOW_MS / 1000} s; ${written.toLocaleString('en-GB')} items in ${tally.batches.toLocaleString('en-GB')} $batch requests, ${seconds.toFixed(1)} s, ${(written / seconds).toFixed(0)} items/s`,
      value: `${steady.toFixed(3)} of the budget's rate after the first window (${overall.toFixed(3)} overall, the first window's budget spent at once); ${throttled} request${throttled === 1 ? '' : 's'} met 429`,
      target: '≥ 0.9 of the budget; no 429 after the first',
      met: steady >= 0.9 && throttled <= 1,
    });
    // At SharePoint's smallest tenant budget the same writes take this long.
    const realMinutes = pacer.stats.spentUnits / (UNITS * steady);
    rows.push({ what: 'The same migration at the smallest tenant budget (1,250 resource units a minute), at the pace measured', value: `about ${Math.round(realMinutes)} minutes`, target: '—', met: null });
  } finally {
    await server.close();
  }
}

function graphSection(rows: readonly BenchRow[], on: { machine: string; date: string }): string {
  const how =
    'GraphPlanStore (src/store/sharepoint) against the local Graph server of test/graph-server/ (list items with $expand=fields, $filter, $top and @odata.nextLink paging; $batch of at most 20, each inner request charged and throttled on its own). Requests are counted at the store\'s HTTP pipeline: a list query is a GET of a collection, further pages are its @odata.nextLink follow-ups. "Naive" is the same work done one item at a time.';
  return `## SharePoint through Graph\n\nMachine: ${on.machine}. Date: ${on.date}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/graph-store.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
}

/** Measures the SharePoint store and writes the "SharePoint through Graph" section of BENCHMARKS.md. */
export async function runGraphStoreBench(root: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'plan-bench-graph-'));
  const rows: BenchRow[] = [];
  try {
    const { store, counted, close } = await siteStore();
    try {
      for (const [file, label] of [
        ['pan-cheshire-cse-2013.txt', 'the Pan-Cheshire seed plan'],
        ['gloucestershire-cse-2017-18.txt', 'the Gloucestershire seed plan'],
      ] as const) {
        const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: '2018-03-01T10:00:00.000Z' });
        await loadRequests(store, counted, await store.importPlan(draft), label, rows);
      }
      const big = await store.importPlan(generatedDraft(5000, 3));
      await loadRequests(store, counted, big, 'a generated plan', rows);
      await recordHundred(store, counted, big, rows);
    } finally {
      await close();
    }
    await sweepRows(rows);
    await migration(work, rows);
    const peakMb = process.resourceUsage().maxRSS / 1024;
    rows.push({ what: 'Peak RSS of the bench process (store, local Graph server and local Bot Connector in one process)', value: `${peakMb.toFixed(0)} MB`, target: '—', met: null });
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  const section = graphSection(rows, { machine: benchMachine(), date: benchToday() });
  await writeBenchSection(root, 'SharePoint through Graph', section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runGraphStoreBench(resolve(import.meta.dirname, '..'));
}
