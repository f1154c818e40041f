/**
 * The reminder bot's bench (issue 5, "Measure"): 1,000 reminders to 1,000 leads through the local
 * Bot Connector, which enforces Teams' rate limits and injects 429s, against the ceiling those
 * limits allow; and the sweep's decision time for a plan of 5,000 actions. Writes the "Reminder
 * bot" section of BENCHMARKS.md. Called by bench/run.ts, or on its own:
 *
 *   node bin/run-ts.js bench/reminders.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBotConnector } from '../bot/delivery/connector-client.js';
import { createReminderSending } from '../bot/reminders/reminder-setup.js';
import { runReminderSweep } from '../bot/reminders/reminder-sweep.js';
import { DEFAULT_TEAMS_RATE_LIMITS } from '../bot/delivery/teams-rate-limits.js';
import { importPlanFile } from '../src/import/import-file.js';
import { remindersDue } from '../src/plan/reminder-policy.js';
import { SqlitePlanStore } from '../src/store/sqlite/sqlite-plan-store.js';
import { startBotConnectorServer } from '../test/bot-connector/bot-connector-server.js';
import { aadIdOf, BOT_ID, cardDigests, confirmedMapping, TENANT_ID } from '../test/bot-connector/reminder-harness.js';
import { TeamsTenant } from '../test/bot-connector/teams-tenant.js';
import { keyDigest } from '../bot/cards/card-data.js';
import { benchMachine, benchTable, benchToday, writeBenchSection, type BenchRow } from './benchmarks-file.js';
import { generateTextExport } from './generate-plan.js';

const FIRST = ['Alex', 'Bea', 'Cara', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kit', 'Lea', 'Max', 'Nia', 'Oli', 'Pia', 'Quin', 'Ray', 'Sol', 'Tam', 'Uma', 'Vic', 'Wyn', 'Xan', 'Yas', 'Zac', 'Abi', 'Ben', 'Cal', 'Dot', 'Ed', 'Flo', 'Gem', 'Hal', 'Isa', 'Jay', 'Kai', 'Lou', 'Mo', 'Ned'];
const LAST = ['Adams', 'Baker', 'Clarke', 'Davies', 'Evans', 'Fisher', 'Green', 'Hughes', 'Irwin', 'James', 'King', 'Lewis', 'Morgan', 'Nash', 'Owen', 'Price', 'Quinn', 'Reid', 'Shaw', 'Turner', 'Upton', 'Vaughan', 'Walsh', 'Young', 'Zeller'];

/** A plan in the seeds' text-export shape with one overdue action for each of `n` different people. */
function planForLeads(n: number): { text: string; leads: string[] } {
  const leads = Array.from({ length: n }, (_, i) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`);
  const lines = ['', 'Reminder Bench Multi-agency Action Plan 2017-2018', '', 'One overdue action for each of many leads.', ''];
  const perSection = 100;
  for (let s = 0; s * perSection < n; s += 1) {
    lines.push(`Priority ${s + 1}`, '', `Theme ${s + 1}.`, '', '\tDesired Outcome\tAction\tLeads\tTimescale: complete by\tProgress\tRAG');
    for (let i = 0; i < perSection && s * perSection + i < n; i += 1) {
      const k = s * perSection + i;
      lines.push([`${s + 1}.${i + 1}`, `Outcome ${k}.`, `Action ${k}: review referral pathway.`, leads[k], 'Dec 2017', '', 'Amber'].join('\t'));
    }
    lines.push('');
  }
  return { text: `${lines.join('\n')}\n`, leads };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface SendRun {
  injected: number;
  injected429: number;
  limitRefusals: number;
  requests: number;
  seconds: number;
  rate: number;
  ratio: number;
  lost: number;
  twice: number;
  loggedSent: number;
  ok: boolean;
}

async function sendThousand(work: string, injected: number, run: number): Promise<SendRun> {
  const LEADS = 1000;
  const ON = '2018-01-10';
  const file = join(work, `thousand-leads-${injected}-${run}.txt`);
  const generated = planForLeads(LEADS);
  await writeFile(file, generated.text);
  const store = new SqlitePlanStore(join(work, `reminders-${injected}-${run}.db`));
  const { draft } = await importPlanFile(file, { importedAt: '2017-11-20T10:00:00.000Z' });
  const plan = await store.importPlan(draft);

  const tenant = new TeamsTenant(TENANT_ID, 'catalog-app');
  const connector = await startBotConnectorServer({ tenant, random429Rate: injected, randomRetryAfterSeconds: 1, seed: 7 });
  const at = '2017-12-01T10:00:00.000Z';
  for (const name of generated.leads) {
    const id = aadIdOf(name);
    const person = tenant.addPerson(id, name);
    const { chatId } = tenant.install(id, 'a:');
    await store.saveConversationReference({
      userId: id,
      userName: name,
      tenantId: TENANT_ID,
      conversationId: chatId,
      serviceUrl: connector.serviceUrl,
      reference: { channelId: 'msteams', serviceUrl: connector.serviceUrl, conversation: { id: chatId, conversationType: 'personal', tenantId: TENANT_ID }, bot: { id: `28:${BOT_ID}` }, user: { id: person.mri, aadObjectId: id } },
      updatedAt: at,
    });
  }
  await store.saveLeadMappings(plan.id, generated.leads.map((name) => confirmedMapping(name)));
  const due = remindersDue(await store.findActions(plan.id), plan, ON).due;

  const sending = createReminderSending({
    store,
    clock: () => new Date(),
    auth: null,
    config: { botId: BOT_ID, tenantId: TENANT_ID, catalogAppId: null, serviceUrl: connector.serviceUrl, graphBaseUrl: 'http://127.0.0.1:9/v1.0', limits: DEFAULT_TEAMS_RATE_LIMITS, feed: null },
    connector: createBotConnector({ getToken: async () => 'bench-token' }),
  });
  const started = performance.now();
  const report = await runReminderSweep({ store, clock: () => new Date() }, { kind: 'send', sender: sending.sender, reach: sending.reach }, { on: ON, planIds: [plan.id], concurrency: 32 });
  const seconds = (performance.now() - started) / 1000;

  const counts = new Map<string, number>();
  for (const a of connector.activities) for (const d of cardDigests(a)) counts.set(d, (counts.get(d) ?? 0) + 1);
  const lost = due.filter((d) => !counts.has(keyDigest(d.key))).length;
  const twice = [...counts.values()].filter((n) => n > 1).length;
  const sent = await store.listReminders({ planId: plan.id, status: 'sent' });
  const injected429 = connector.requests.filter((r) => r.status === 429).length - connector.limitRefusals();
  const ceiling = DEFAULT_TEAMS_RATE_LIMITS.perAppPerSecond;
  const rate = connector.activities.length / seconds;
  const ratio = rate / ceiling;

  const ok = lost === 0 && twice === 0 && sent.length === due.length && report.totals.failed === 0;
  const result = { injected, injected429, limitRefusals: connector.limitRefusals(), requests: connector.requests.length, seconds, rate, ratio, lost, twice, loggedSent: sent.length, ok };
  await connector.close();
  await store.close();
  return result;
}

/** One row for one scenario: the median run by rate, and the worst of every run's losses. */
function sendRow(runs: readonly SendRun[], headline: boolean): BenchRow {
  const sorted = [...runs].sort((a, b) => a.ratio - b.ratio);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  const lost = Math.max(...runs.map((r) => r.lost));
  const twice = Math.max(...runs.map((r) => r.twice));
  const ok = runs.every((r) => r.ok);
  const ceiling = DEFAULT_TEAMS_RATE_LIMITS.perAppPerSecond;
  const scenario = mid.injected === 0 ? 'no 429s injected' : `${mid.injected * 100}% of requests answered 429 with Retry-After 1 s (seeded): ${mid.injected429} injected`;
  const of = runs.length > 1 ? `median of ${runs.length} runs (${sorted.map((r) => r.ratio.toFixed(3)).join(', ')})` : 'one run';
  return {
    what: `1,000 reminders to 1,000 leads, one card each, through the local Bot Connector enforcing Teams' limits; ${scenario}, ${mid.limitRefusals} for a limit reached; ${mid.requests} requests in ${mid.seconds.toFixed(1)} s; ${of}`,
    value: `${mid.rate.toFixed(1)} cards/s = ${mid.ratio.toFixed(3)} of the ${ceiling}/s ceiling; lost ${lost}, twice ${twice}, all logged sent: ${ok ? 'yes' : 'no'}`,
    target: headline ? '≥ 0.95 of the ceiling; 0 lost, 0 twice' : '— (for comparison)',
    met: headline ? mid.ratio >= 0.95 && ok : ok ? null : false,
  };
}

async function decisionTime(work: string, rows: BenchRow[]): Promise<void> {
  const file = join(work, 'generated-5000.txt');
  await writeFile(file, generateTextExport(5000, 3));
  const store = new SqlitePlanStore(join(work, 'decision.db'));
  const { draft } = await importPlanFile(file, { importedAt: '2018-03-01T10:00:00.000Z' });
  const plan = await store.importPlan(draft);
  const actions = await store.findActions(plan.id);
  // A day when all four reasons occur: due soon, overdue, gone quiet, a recurring period come round.
  const ON = '2018-12-20';
  const pure: number[] = [];
  let dueCount = 0;
  for (let i = 0; i < 25; i += 1) {
    const t = performance.now();
    dueCount = remindersDue(actions, plan, ON).due.length;
    if (i >= 5) pure.push(performance.now() - t);
  }
  const whole: number[] = [];
  let leads = 0;
  for (let i = 0; i < 7; i += 1) {
    const t = performance.now();
    const report = await runReminderSweep({ store, clock: () => new Date() }, { kind: 'dry-run', canInstall: false }, { on: ON, planIds: [plan.id] });
    whole.push(performance.now() - t);
    leads = report.plans[0]!.planned.length + report.plans[0]!.unreachable.length;
  }
  rows.push({ what: `Sweep decision on 5,000 actions of the generated plan (bench/generate-plan.ts) on ${ON}: the policy alone, ${dueCount} reminders due, median of 20`, value: `${median(pure).toFixed(1)} ms`, target: '—', met: null });
  rows.push({ what: `Sweep dry run on 5,000 actions (read from SQLite, decide, group ${leads} leads, check the reminder log), median of 7`, value: `${median(whole).toFixed(1)} ms`, target: '—', met: null });
  await store.close();
}

export function reminderSection(rows: readonly BenchRow[], on: { machine: string; date: string }): string {
  const how =
    'The sweep (bot/reminders/reminder-sweep.ts) against SQLite and the local Bot Connector of test/bot-connector/, which enforces Teams\' documented limits (7 per conversation per second ... 50 requests a second per app per tenant) with 429 and Retry-After, and answers a seeded share of requests (1%, and 2% for comparison) 429 with Retry-After 1 s besides. The ceiling is what the limits allow for 1,000 different conversations: the per-app 50 a second (so at least 20 s). Rate is cards delivered over the whole sweep\'s wall time, claims and log writes included. Microsoft\'s large-scale notification sample reached 0.96 of its ceiling.';
  return `## Reminder bot\n\nMachine: ${on.machine}. Date: ${on.date}. Command: \`npm run bench\` (or \`node bin/run-ts.js bench/reminders.ts\`).\n\n${how}\n\n${benchTable(rows)}\n`;
}

/** Measures the reminder bot and writes the "Reminder bot" section of BENCHMARKS.md. */
export async function runReminderBench(root: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'plan-bench-reminders-'));
  const rows: BenchRow[] = [];
  try {
    const headline: SendRun[] = [];
    for (let run = 0; run < 3; run += 1) headline.push(await sendThousand(work, 0.01, run));
    rows.push(sendRow(headline, true));
    rows.push(sendRow([await sendThousand(work, 0.02, 0)], false));
    rows.push(sendRow([await sendThousand(work, 0, 0)], false));
    await decisionTime(work, rows);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const section = reminderSection(rows, { machine: benchMachine(), date: benchToday() });
  await writeBenchSection(root, 'Reminder bot', section);
  console.log(section);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await runReminderBench(resolve(import.meta.dirname, '..'));
}
