import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/sqlite/migrations.js';
import { updateIsSince } from '../../src/plan/changes-since.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { gloucestershireExtract } from '../fixtures/plan-drafts.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-upgrade-'));
  file = join(dir, 'plans.db');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Takes migration 10 (the bot's chat state) back out of a file, leaving it as schema 9 wrote it. */
function undoChatState(db: Database.Database): void {
  db.exec('DROP TABLE chat_state');
}

/** Takes migrations 9 (how each reminder was sent) and 10 back out of a file, leaving it as schema 8 wrote it. */
function undoReminderVia(db: Database.Database): void {
  undoChatState(db);
  db.exec('ALTER TABLE reminders DROP COLUMN via');
}

/** Takes migrations 8 (how leads are told) and 9 back out of a file, leaving it as schema 7 wrote it. */
function undoLeadNotice(db: Database.Database): void {
  undoReminderVia(db);
  db.exec('ALTER TABLE plans DROP COLUMN lead_notice');
}

/** Takes migrations 7 (the channel digest) and 8 back out of a file, leaving it as schema 6 wrote it. */
function undoChannelDigest(db: Database.Database): void {
  undoLeadNotice(db);
  db.exec('ALTER TABLE plans DROP COLUMN channel_digest');
}

/** Takes migrations 6 (the plan's columns) and 7 back out of a file, leaving it as schema 5 wrote it. */
function undoTableColumns(db: Database.Database): void {
  undoChannelDigest(db);
  db.exec('ALTER TABLE plans DROP COLUMN table_columns');
}

/** Takes migrations 5 (the plan's record) and later back out of a file, leaving it as schema 4 wrote it. */
function undoPlanRecord(db: Database.Database): void {
  undoTableColumns(db);
  db.exec(`
    DROP TABLE history;
    DROP INDEX updates_plan_since;
    ALTER TABLE updates DROP COLUMN since_day;
    ALTER TABLE updates DROP COLUMN plan_id;
    ALTER TABLE plans DROP COLUMN owner_approves;
    ALTER TABLE plans DROP COLUMN meetings;
  `);
}

/** A file as the first release left it: schema 1, before lead mappings. */
async function firstReleaseFile(): Promise<string> {
  const store = new SqlitePlanStore(file);
  const plan = await store.importPlan(gloucestershireExtract());
  await store.close();
  const db = new Database(file);
  undoPlanRecord(db);
  db.exec('DROP TABLE lead_mappings');
  db.pragma('user_version = 1');
  db.close();
  return plan.id;
}

describe('SQLite store opening a file of an earlier schema', () => {
  it('adds the lead mappings table to a schema 1 file, keeping its plans', async () => {
    const planId = await firstReleaseFile();
    const store = new SqlitePlanStore(file);
    expect((await store.listPlans()).map((p) => p.id)).toEqual([planId]);
    expect(await store.listLeadMappings(planId)).toEqual([]);
    const mapping = { lead: 'louise west', writtenAs: 'Louise West', status: 'unmatched' as const, target: null, candidates: [], updatedAt: '2018-01-05T09:00:00.000Z', confirmedBy: null };
    await store.saveLeadMappings(planId, [mapping]);
    expect(await store.listLeadMappings(planId)).toEqual([mapping]);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('SQLite store opening a schema 3 file, where closed was the timescale alone', () => {
  it('lists no action with a Complete RAG as overdue', async () => {
    const store = new SqlitePlanStore(file);
    const plan = await store.importPlan(gloucestershireExtract());
    await store.close();
    const db = new Database(file);
    // As schema 3 wrote it: closed from the timescale, a dated action marked Complete still open.
    const dated = db.prepare("SELECT id FROM actions WHERE plan_id = ? AND due_date IS NOT NULL AND closed = 0 LIMIT 1").get(plan.id) as { id: string };
    db.prepare("UPDATE actions SET rag = 'Complete', closed = 0 WHERE id = ?").run(dated.id);
    undoPlanRecord(db);
    db.pragma('user_version = 3');
    db.close();

    const upgraded = new SqlitePlanStore(file);
    const overdue = await upgraded.findActions(plan.id, { overdue: true, today: '2099-01-01' });
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.map((a) => a.id)).not.toContain(dated.id);
    expect(overdue.every((a) => a.rag !== 'Complete')).toBe(true);
    await upgraded.close();
  });
});

describe('SQLite store opening a schema 4 file, before the plan kept its record', () => {
  it("adds the history, the plan's meetings and each update's day since a meeting, keeping every update", async () => {
    const store = new SqlitePlanStore(file);
    const plan = await store.importPlan(gloucestershireExtract());
    const before = (await store.exportPlan(plan.id))!;
    await store.close();
    const db = new Database(file);
    undoPlanRecord(db);
    db.pragma('user_version = 4');
    db.close();

    const upgraded = new SqlitePlanStore(file);
    const after = (await upgraded.exportPlan(plan.id))!;
    expect(after.plan).toMatchObject({ meetings: [], ownerApproves: false });
    expect(after.actions.map((a) => [a.ref, a.updates, a.history])).toEqual(before.actions.map((a) => [a.ref, a.updates, []]));
    const since = await upgraded.readChanges(plan.id, '2018-01-01', '2018-03-01');
    expect(since.updates.map((u) => u.id).sort()).toEqual(before.actions.flatMap((a) => a.updates).filter((u) => updateIsSince(u, '2018-01-01')).map((u) => u.id).sort());
    expect(since.updates.length).toBeGreaterThan(0);
    await upgraded.close();
  });
});

describe('SQLite store opening a schema 5 file, before the plan kept its columns', () => {
  it('reads its plans without columns, and keeps the columns of a plan imported after', async () => {
    const store = new SqlitePlanStore(file);
    const plan = await store.importPlan(gloucestershireExtract());
    const before = (await store.exportPlan(plan.id))!;
    await store.close();
    const db = new Database(file);
    undoTableColumns(db);
    db.pragma('user_version = 5');
    db.close();

    const upgraded = new SqlitePlanStore(file);
    const after = (await upgraded.exportPlan(plan.id))!;
    expect(after).toEqual(before);
    expect(after.plan).not.toHaveProperty('columns');
    const columns = [{ heading: 'No.', role: 'ref' as const }, { heading: 'Action', role: 'action' as const }];
    const next = await upgraded.importPlan({ ...gloucestershireExtract(), columns });
    expect((await upgraded.getPlan(next.id))!.columns).toEqual(columns);
    await upgraded.close();
  });
});

describe('SQLite store opening a schema 6 file, before the plan had a channel digest', () => {
  it('reads its plans with no channel, and links one after', async () => {
    const store = new SqlitePlanStore(file);
    const plan = await store.importPlan(gloucestershireExtract());
    const before = (await store.exportPlan(plan.id))!;
    await store.close();
    const db = new Database(file);
    undoChannelDigest(db);
    db.pragma('user_version = 6');
    db.close();

    const upgraded = new SqlitePlanStore(file);
    expect(await upgraded.exportPlan(plan.id)).toEqual(before);
    const channelDigest = { channel: { teamId: '19:t@thread.tacv2', channelId: '19:c@thread.tacv2', name: null }, schedule: { kind: 'on-request' as const }, lastPostedOn: null };
    await upgraded.updatePlanSettings(plan.id, { channelDigest });
    expect((await upgraded.getPlan(plan.id))!.channelDigest).toEqual(channelDigest);
    await upgraded.close();
  });
});

describe('SQLite store opening a schema 7 file, before a plan said how leads are told', () => {
  it('tells its leads by card, as before', async () => {
    const store = new SqlitePlanStore(file);
    const plan = await store.importPlan(gloucestershireExtract());
    await store.close();
    const db = new Database(file);
    undoLeadNotice(db);
    db.pragma('user_version = 7');
    db.close();

    const upgraded = new SqlitePlanStore(file);
    expect((await upgraded.getPlan(plan.id))!.leadNotice).toBe('card');
    await upgraded.close();
  });
});

describe('SQLite store opening a schema 8 file, before each reminder said how it was sent', () => {
  it('reads the reminders it had sent as sent by card, and the others as not sent yet', async () => {
    const store = new SqlitePlanStore(file);
    const plan = await store.importPlan(gloucestershireExtract());
    const [first, second] = await store.findActions(plan.id);
    const claim = (key: string, actionId: string) => store.claimReminder({ key, planId: plan.id, actionId, lead: 'Louise West', leadUserId: null, reason: 'overdue', period: '2017-12-31', claimedAt: '2018-01-05T09:00:00.000Z' });
    await claim('sent-before', first!.id);
    await claim('claimed-before', second!.id);
    await store.recordReminderOutcome('sent-before', { status: 'sent', at: '2018-01-05T09:00:02.000Z', via: 'card' });
    await store.close();
    const db = new Database(file);
    undoReminderVia(db);
    db.pragma('user_version = 8');
    db.close();

    const upgraded = new SqlitePlanStore(file);
    const reminders = await upgraded.listReminders({ planId: plan.id });
    expect(reminders.find((r) => r.key === 'sent-before')!.via).toBe('card');
    expect(reminders.find((r) => r.key === 'claimed-before')!.via).toBeNull();
    await upgraded.close();
  });
});

describe('SQLite store opening a schema 9 file, before the bot kept its chat state in the store', () => {
  it('keeps its plans and keeps a conversation\'s state from then on', async () => {
    const store = new SqlitePlanStore(file);
    const plan = await store.importPlan(gloucestershireExtract());
    await store.close();
    const db = new Database(file);
    undoChatState(db);
    db.pragma('user_version = 9');
    db.close();

    const upgraded = new SqlitePlanStore(file);
    expect((await upgraded.listPlans()).map((p) => p.id)).toEqual([plan.id]);
    expect(await upgraded.readChatState('msteams/conversations/a:1')).toBeNull();
    await upgraded.writeChatState('msteams/conversations/a:1', '{}', '2018-03-01T10:00:00.000Z');
    expect(await upgraded.readChatState('msteams/conversations/a:1')).toBe('{}');
    await upgraded.close();
  });
});
