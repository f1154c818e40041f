import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlanStore } from '../../src/store/open-store.js';
import { change } from '../fixtures/action-changes.js';
import { planCli, ROOT as root, type CliRun } from './run-plan.js';

let dir: string;
let db: string;
let plan: (...args: string[]) => Promise<CliRun>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-record-cli-'));
  db = join(dir, 'plans.db');
  plan = planCli(db);
  await plan('import', join(root, 'samples/gloucestershire-cse-2017-18.txt'));
  // A RAG changed in the tab, so the action has a history entry beside its updates.
  const store = await openPlanStore({ kind: 'sqlite', path: db });
  const [only] = await store.listPlans();
  const a = (await store.getActionByRef(only!.id, '1.6'))!;
  await store.changeAction(a.id, a.version, change({ rag: 'Red', changedAt: '2018-02-20T10:00:00.000Z' }, { author: 'Louise West' }));
  await store.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the plan's record on the command line", () => {
  it("prints an action's updates and changes in order, with who and where", async () => {
    const { code, stdout } = await plan('history', '1.6');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const update = lines.findIndex((l) => l.includes('Aug 17 – Jessica Beach'));
    const changed = lines.findIndex((l) => l.includes('RAG changed from Not set to Red — Louise West, in the tab'));
    expect(update).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(update);
    expect(lines[changed]).toMatch(/^20 Feb 2018\s+change/);
    const json = JSON.parse((await plan('history', '1.6', '--json')).stdout) as { timeline: { kind: string }[] };
    expect(json.timeline.map((t) => t.kind).at(-1)).toBe('history');
    expect((await plan('history', '9.9')).stderr).toContain('has no action 9.9');
  });

  it('keeps meeting dates and counts changes from the last of them', async () => {
    expect((await plan('meetings', 'add', '2018-02-12', '--title', 'Partnership Board')).stdout).toContain('2018-02-12  12 Feb 2018  Partnership Board');
    const bad = await plan('meetings', 'add', '12/02/2018');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('YYYY-MM-DD');
    const { stdout } = await plan('changes');
    expect(stdout).toContain('changes since the last meeting (12 Feb 2018, Partnership Board)');
    expect(stdout).toMatch(/1\.6 Work with Adult Social Care[^\n]*\n\s+RAG was Not set, now Red/);
  });

  it('sets the owner and owner approval, and lists actions most overdue first with their days late', async () => {
    const settings = await plan('settings', '--owner', 'Olive Owner', '--owner-approves', 'yes');
    expect(settings.stdout).toMatch(/Owner approves:\s+yes/);
    expect((await plan('settings', '--owner-approves', 'maybe')).stderr).toContain('yes or no');
    const { stdout } = await plan('show', '--overdue', '--order', 'most-overdue', '--today', '2018-03-01');
    expect(stdout).toContain('most overdue');
    expect(stdout.indexOf('1.12')).toBeLessThan(stdout.indexOf('1.6 '));
    expect(stdout).toMatch(/│ 1\.12 .*│ 547 days\s+│/);
  });

  it("tells leads through Teams' activity feed when the plan says so, and names the choices when given another", async () => {
    expect((await plan('settings')).stdout).toMatch(/Leads are told by:\s+a card in their chat with the bot/);
    const { stdout } = await plan('settings', '--lead-notice', 'activity-feed');
    expect(stdout).toMatch(/Leads are told by:\s+Teams' activity feed; a card only when the feed cannot reach them/);
    const refused = await plan('settings', '--lead-notice', 'email');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--lead-notice takes card or activity-feed, not "email"');
  });
});
