import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlanDocument } from '../../src/plan/plan.js';
import type { WriteDescription } from '../graph-server/fault-plan.js';
import type { ItemModel } from '../graph-server/sharepoint-site.js';
import { startSharePointCli, type SharePointCli } from './cli-harness.js';
import { comparable, exportFromSqlite, seedSqliteStore, type SourcePlans } from './sqlite-source.js';

/*
 * `plan migrate --from sqlite --to sharepoint` in a child process, against the local Graph server
 * over https with app-only tokens from a local Entra ID. The local server is the site: its lists
 * are read directly to prove what was (and was not) written.
 */

// Every step is a real `plan` process (a second or two each).
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

let cli: SharePointCli;
let dir: string;
let db: string;
let source: SourcePlans;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-migrate-'));
  db = join(dir, 'plans.db');
  source = await seedSqliteStore(db);
  cli = await startSharePointCli();
  const provisioned = await cli.run(['provision']);
  expect(provisioned.code).toBe(0);
});

afterEach(async () => {
  await cli.close();
  await rm(dir, { recursive: true, force: true });
});

const items = (list: string): ItemModel[] => [...cli.graph.site.findList(list).items.values()];
const migrate = (...extra: string[]) => cli.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', ...extra]);
const journal = (planId: string) => join(dir, 'migrations', `${planId}.json`);
const onList = (name: string) => (w: WriteDescription) => w.method === 'POST' && w.path.includes(`/lists/${cli.graph.site.findList(name).id}/items`);

async function exported(planId: string): Promise<PlanDocument> {
  const run = await cli.run(['export', '--format', 'json', '--plan', planId], { env: { PLAN_STORE: 'sharepoint' } });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as PlanDocument;
}

/** Each plan on the site once, each of its refs once, and every update, history and reminder key once. */
function expectNoDuplicates(): void {
  const plans = items('Plans');
  expect(new Set(plans.map((p) => p.fields.Generation)).size).toBe(plans.length);
  const refs = items('Actions').map((a) => `${String(a.fields.PlanLookupId)}:${String(a.fields.Ref)}`);
  expect(new Set(refs).size).toBe(refs.length);
  for (const list of ['Updates', 'Action history', 'Reminders']) {
    const keys = items(list).map((i) => i.fields.Key);
    expect(new Set(keys).size).toBe(keys.length);
  }
}

async function sourceCounts(planId: string): Promise<{ actions: number; updates: number }> {
  const doc = await exportFromSqlite(db, planId);
  return { actions: doc.actions.length, updates: doc.actions.reduce((n, a) => n + a.updates.length, 0) };
}

describe('plan migrate --from sqlite --to sharepoint', () => {
  it('moves both plans with their updates, reminders and lead mappings, and they read back as in SQLite', async () => {
    const run = await migrate();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Migrated ".*Gloucestershire.*" \(SQLite plan gloucestershire-multi-agency-child\) to https:\/\/127\.0\.0\.1:\d+\/sites\/plans as plan \d+: 47 actions, \d+ updates, 1 reminder, 1 lead mapping\./);
    expect(run.stdout).toMatch(/Migrated ".*Pan Cheshire.*" .* 28 actions/);
    expect(run.stderr).toMatch(/Migrating plan gloucestershire-multi-agency-child: \d+\/\d+ items \(\d+%\), \w+; (about \d+ \w+|under a second) left/);

    const plans = items('Plans');
    expect(plans.map((p) => p.fields.ImportState)).toEqual(['ready', 'ready']);
    const glosId = String(plans.find((p) => String(p.fields.Title).startsWith('Gloucestershire'))?.id);
    expect(comparable(await exported(glosId))).toEqual(comparable(await exportFromSqlite(db, source.glos)));
    // The RAG changed in the tab came over as its history entry, under the key it had.
    const [entry] = (await exportFromSqlite(db, source.glos)).actions.find((a) => a.ref === '1.3')!.history;
    expect(items('Action history').map((i) => JSON.parse(String(i.fields.HistoryJson)) as { key: string })).toEqual([expect.objectContaining({ key: entry!.key, changes: [{ field: 'rag', was: expect.any(String), now: 'Red' }] })]);

    // The sent reminder is keyed by the new action id, so the sweep will not send it again.
    const [reminder] = items('Reminders');
    const actionId = String(items('Actions').find((a) => a.fields.Ref === '1.2' && String(a.fields.PlanLookupId) === glosId)?.id);
    expect(JSON.parse(String(reminder?.fields.ReminderJson))).toMatchObject({ key: `${actionId}|louise west|overdue|2017-12-31`, status: 'sent', actionId, planId: glosId });
    expect(JSON.parse(String(plans.find((p) => String(p.id) === glosId)?.fields.LeadMappingsJson))).toMatchObject([{ lead: 'louise west', status: 'confirmed' }]);
    // The confirmed lead is in the Leads Person column of exactly the actions the plan gives her.
    const louises = items('Actions').filter((a) => String(a.fields.PlanLookupId) === glosId && /Louise West/.test(String(a.fields.LeadsText)));
    expect(run.stdout).toContain(`SharePoint's Leads column: ${louises.length} of 47 actions updated; 1 confirmed lead in it.`);
    expect(items('Actions').filter((a) => ((a.fields.LeadsLookupId as string[] | undefined) ?? []).length > 0)).toEqual(louises);
    expectNoDuplicates();
  });

  it('refuses to move a plan a second time while the first copy is there', async () => {
    await migrate('--plan', source.glos);
    const again = await migrate('--plan', source.glos);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already moved to https:\/\/127\.0\.0\.1:\d+\/sites\/plans as plan 1 .*delete that plan there first/);
    expect(items('Plans')).toHaveLength(1);
  });

  it('resumes after a crash in the middle of a batch without writing anything twice', async () => {
    const expected = await sourceCounts(source.glos);
    // The process dies while the server applies its 25th update: that batch is written, its answer never read.
    let killed = false;
    const crashed = await cli.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', '--plan', source.glos], {
      onStart: (child) => {
        cli.graph.faults.beforeWrite(
          25,
          () => {
            killed = child.kill('SIGKILL');
          },
          onList('Updates'),
        );
      },
    });
    expect(killed).toBe(true);
    expect(crashed.signal).toBe('SIGKILL');
    const partial = items('Updates').length;
    expect(partial).toBeGreaterThanOrEqual(25);
    expect(partial).toBeLessThan(expected.updates);
    expect(items('Plans').map((p) => p.fields.ImportState)).toEqual(['importing']);
    expect(JSON.parse(await readFile(journal(source.glos), 'utf8'))).toMatchObject({ state: 'writing', source: { planId: source.glos } });

    const withoutResume = await migrate('--plan', source.glos);
    expect(withoutResume.code).toBe(2);
    expect(withoutResume.stderr).toContain(`did not finish (writing`);
    expect(withoutResume.stderr).toContain(`--plan ${source.glos} --resume`);

    const resumed = await migrate('--plan', source.glos, '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`Resumed and finished the migration of .* wrote \\d+ actions?, \\d+ updates, 1 reminder, 1 lead mapping; 47 actions, ${partial} updates, 0 reminders were already there and were not written again`));
    expect(items('Actions')).toHaveLength(expected.actions);
    expect(items('Updates')).toHaveLength(expected.updates);
    expect(items('Plans').map((p) => p.fields.ImportState)).toEqual(['ready']);
    expectNoDuplicates();
    expect(comparable(await exported(String(items('Plans')[0]?.id)))).toEqual(comparable(await exportFromSqlite(db, source.glos)));
  });

  it('keeps the journal when SharePoint goes away mid-way and it cannot even roll back, then resumes', async () => {
    const expected = await sourceCounts(source.cheshire);
    cli.graph.faults.beforeWrite(30, () => cli.graph.faults.failNext(1_000_000, { status: 503, retryAfterSeconds: 0 }), onList('Updates'));
    const failed = await migrate('--plan', source.cheshire);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the migration failed while writing updates: .*HTTP 503.*Could not remove what it wrote.*nothing of it is visible/);
    expect(failed.stderr).toContain(`--plan ${source.cheshire} --resume" to finish it`);
    expect(JSON.parse(await readFile(journal(source.cheshire), 'utf8'))).toMatchObject({ state: 'rollback-incomplete' });

    cli.graph.faults.clear();
    const resumed = await migrate('--plan', source.cheshire, '--resume');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('were already there and were not written again');
    expect(items('Actions')).toHaveLength(expected.actions);
    expect(items('Updates')).toHaveLength(expected.updates);
    expectNoDuplicates();
  });

  it('removes what it wrote when a write is refused, and says the site is as it was', async () => {
    cli.graph.faults.failWrite(40, { status: 400, code: 'invalidRequest', message: 'Injected: the value is not valid for the column.' }, onList('Updates'));
    const failed = await migrate('--plan', source.glos);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/plan: the migration failed while writing updates: .*HTTP 400 invalidRequest.*Injected.*\. Rolled back: removed 1 plan item, 47 actions, \d+ updates; SharePoint is as it was before/);
    for (const list of ['Plans', 'Actions', 'Updates', 'Reminders']) expect(items(list)).toEqual([]);
    expect(existsSync(journal(source.glos))).toBe(false);
  });

  it('stops between batches on Ctrl-C, says how to resume, and the resumed plan is whole', async () => {
    const expected = await sourceCounts(source.glos);
    const interrupted = await cli.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', '--plan', source.glos], {
      onStart: (child) => cli.graph.faults.beforeWrite(5, () => child.kill('SIGINT'), onList('Updates')),
    });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Stopping after the current batch');
    expect(interrupted.stderr).toMatch(/Interrupted: plan gloucestershire-multi-agency-child is partly written \(\d+ of \d+ items\) and stays hidden until it is finished\./);
    expect(interrupted.stderr).toContain(`Resume with:  plan --db ${db} migrate --from sqlite --to sharepoint --plan ${source.glos} --resume`);
    // The batches in flight finished; none was cut in half (only the last may hold fewer than 20).
    const written = items('Updates').length;
    expect(written % 20 === 0 || written === expected.updates).toBe(true);

    const resumed = await migrate('--plan', source.glos, '--resume');
    expect(resumed.code).toBe(0);
    expect(items('Updates')).toHaveLength(expected.updates);
    expectNoDuplicates();
  });

  it('abandons an unfinished migration, removing what it wrote', async () => {
    await cli.run(['--db', db, 'migrate', '--from', 'sqlite', '--to', 'sharepoint', '--plan', source.glos], {
      onStart: (child) => cli.graph.faults.beforeWrite(1, () => child.kill('SIGKILL'), onList('Updates')),
    });
    expect(items('Actions')).toHaveLength(47);
    // Killed as the first update batch was written; others already sent may have landed too.
    const updatesLeft = items('Updates').length;
    expect(updatesLeft).toBeGreaterThanOrEqual(20);
    const abandoned = await migrate('--abandon');
    expect(abandoned.code).toBe(0);
    expect(abandoned.stdout).toContain(`Abandoned the unfinished migration of plan gloucestershire-multi-agency-child: removed 1 plan item, 47 actions, ${updatesLeft} updates.`);
    for (const list of ['Plans', 'Actions', 'Updates']) expect(items(list)).toEqual([]);
    expect(existsSync(journal(source.glos))).toBe(false);
  });
});
