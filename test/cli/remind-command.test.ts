import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepReport } from '../../bot/reminders/sweep-report.js';
import { AUTH_ENV_VARIABLES } from '../../src/auth/auth-config.js';
import { remindCommand } from '../../src/cli/commands/remind-command.js';
import type { Plan } from '../../src/plan/plan.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { dueByLead, importSample, peopleFor, reminderWorld, type ReminderWorld } from '../bot-connector/reminder-harness.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/plan.js');
const ON = '2018-01-10';

let dir: string;
let db: string;
let store: SqlitePlanStore;
let world: ReminderWorld;
let glos: Plan;
let leadCount: number;
let reminderCount: number;

/** The CLI as an operator runs it, with no Entra or bot settings in its environment. */
async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...AUTH_ENV_VARIABLES, 'PLAN_STORE', 'PLAN_TEAMS_CATALOG_APP_ID']) delete env[name];
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, '--db', db, ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-remind-'));
  db = join(dir, 'plans.db');
  store = new SqlitePlanStore(db);
  world = await reminderWorld();
  glos = await importSample(store, 'gloucestershire-cse-2017-18.txt');
  const due = await dueByLead(store, glos, ON);
  leadCount = due.size;
  reminderCount = [...due.values()].flat().length;
  // All but the last lead confirmed; the last is nobody yet.
  const leads = [...due.values()].map((items) => items[0]!.lead);
  await peopleFor(store, glos, world, leads.slice(0, -1), () => true);
});

afterAll(async () => {
  await world.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('plan remind', () => {
  it('--dry-run says who would get what and why, and claims nothing', async () => {
    const { code, stdout } = await plan('remind', '--dry-run', '--on', ON);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Dry run: nothing was claimed or sent\./);
    expect(stdout).toContain(`on ${ON}: ${reminderCount} reminders due to ${leadCount} leads`);
    expect(stdout).toContain('Louise West: their chat with the bot');
    expect(stdout).toMatch(/4\.3\s+overdue\s+overdue by 10 days \(due 2017-12-31\) \[would send\]/);
    expect(stdout).toContain('Unreachable leads:');
    expect(await store.listReminders({ planId: glos.id })).toEqual([]);
  });

  it('--dry-run --json gives the report for scripts', async () => {
    const { code, stdout } = await plan('remind', '--dry-run', '--on', ON, '--plan', glos.id, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as SweepReport;
    expect(report.dryRun).toBe(true);
    expect(report.plans.map((p) => [p.planId, p.due, p.planned.length, p.unreachable.length])).toEqual([[glos.id, reminderCount, leadCount - 1, 1]]);
  });

  it('refuses to send without the bot registration, saying what to set', async () => {
    const { code, stderr } = await plan('remind', '--on', ON);
    expect(code).toBe(2);
    expect(stderr).toContain('plan remind sends Teams messages as the bot, which needs its registration: set BOT_ID and BOT_PASSWORD');
    expect(await store.listReminders({ planId: glos.id })).toEqual([]);
  });

  it('names a bad date and an unknown plan', async () => {
    expect((await plan('remind', '--dry-run', '--on', '10/01/2018')).stderr).toContain('--on must be a date as YYYY-MM-DD, not "10/01/2018"');
    expect((await plan('remind', '--dry-run', '--plan', 'no-such-plan')).stderr).toContain('no plan with id "no-such-plan"');
  });

  it('sends, showing progress, and prints the summary', async () => {
    const progress = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
    let shown = '';
    (progress as unknown as PassThrough).on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const sending = world.sending(store);
    const out = await remindCommand(store, { on: ON, plan: glos.id }, { delivery: { sending: () => sending, canInstall: sending.canInstall }, clock: world.clock.read, progress });
    const reachable = reminderCount - [...(await dueByLead(store, glos, ON)).values()].at(-1)!.length;
    expect(out).toContain(`Sent ${reachable} reminders in ${leadCount - 1} cards`);
    expect(out).toMatch(/Unreachable leads:\n {4}\S.*: not matched to anyone yet/);
    expect(out).toContain(`Total: ${reachable} sent in ${leadCount - 1} cards, 0 skipped, 0 failed, ${reminderCount - reachable} unreachable`);
    expect(world.connector.activities).toHaveLength(leadCount - 1);
    expect(shown).toContain(`\rSending reminders ${reachable}/${reachable} (100%)`);
  });
});
