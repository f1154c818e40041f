import { existsSync, mkdirSync } from 'node:fs';
import { change } from '../fixtures/action-changes.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchesFilter, type ActionFilter } from '../../src/plan/action-filter.js';
import { openPlanStore } from '../../src/store/open-store.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/migrations.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { generatedDraft, gloucestershireExtract, panCheshireExtract } from '../fixtures/plan-drafts.js';
import { planStoreContract } from './plan-store.contract.js';

planStoreContract('SQLite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'plan-store-'));
  const store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'nested', 'plans.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

planStoreContract('SQLite in memory', async () => {
  const store = new SqlitePlanStore(':memory:');
  return { store, cleanup: () => store.close() };
});

describe('SQLite store file', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plan-store-'));
    file = join(dir, 'data', 'plans.db');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the folder of its file and keeps the file in WAL mode with foreign keys', async () => {
    const store = await openPlanStore({ kind: 'sqlite', path: file });
    await store.close();
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'actions'").pluck().get()).toMatch(/REFERENCES plans\(id\) ON DELETE CASCADE/);
    db.close();
  });

  it('imports a plan of 5,000 actions and 15,000 updates whole, in one go', async () => {
    const store = await openPlanStore({ kind: 'sqlite', path: file });
    const plan = await store.importPlan(generatedDraft(5000, 3));
    const [summary] = await store.listPlans();
    expect(summary).toMatchObject({ id: plan.id, actionCount: 5000, sectionCount: 3, ragCounts: { Red: 1000, Amber: 1000, Green: 1000, Complete: 1000, 'Not set': 1000 } });
    const doc = (await store.exportPlan(plan.id))!;
    expect(doc.actions.reduce((n, a) => n + a.updates.length, 0)).toBe(15000);
    expect((await store.findActions(plan.id, { lead: 'Jane Price' })).length).toBe(1667);
    await store.close();
  });

  it('keeps plans across reopening, as the CLI and the server share one file', async () => {
    const first = await openPlanStore({ kind: 'sqlite', path: file });
    const plan = await first.importPlan(gloucestershireExtract());
    await first.close();
    const second = await openPlanStore({ kind: 'sqlite', path: file });
    expect((await second.findActions(plan.id, { lead: 'Jane Price' })).map((a) => a.ref)).toEqual(['1.7', '1.13']);
    await second.close();
  });

  it('sees what another connection to the same file wrote since it last read', async () => {
    const server = new SqlitePlanStore(file);
    const cli = new SqlitePlanStore(file);
    const plan = await cli.importPlan(gloucestershireExtract());
    expect((await server.findActions(plan.id, { rag: ['Red'] })).map((a) => a.ref)).toEqual(['4.4']);
    const a44 = (await cli.getActionByRef(plan.id, '4.4'))!;
    await cli.changeAction(a44.id, a44.version, change({ rag: 'Amber', changedAt: '2018-03-01T10:00:00.000Z' }));
    await cli.appendUpdate(a44.id, {
      date: '2018-03-01',
      dateSource: 'recorded',
      author: 'Louise West',
      authorId: null,
      text: 'Review presented to SLT',
      origin: 'tab',
      ragAfter: 'Amber',
      timescaleAfter: null,
      key: 'tab:4.4:1',
      recordedAt: '2018-03-01T10:00:00.000Z',
    });
    expect(await server.findActions(plan.id, { rag: ['Red'] })).toEqual([]);
    const [view] = await server.findActions(plan.id, { text: 'presented to slt' });
    expect(view).toMatchObject({ ref: '4.4', rag: 'Amber', updateCount: 5, latestUpdate: { key: 'tab:4.4:1' } });
    await server.close();
    await cli.close();
  });

  it('names a plan by a readable slug of its title, made unique with -2', async () => {
    const store = new SqlitePlanStore(file);
    const first = await store.importPlan(panCheshireExtract());
    const second = await store.importPlan(panCheshireExtract());
    expect(first.id).toBe('pan-cheshire-child-sexual-exploitation');
    expect(second.id).toBe('pan-cheshire-child-sexual-exploitation-2');
    expect((await store.getActionByRef(first.id, '4.2a'))!.id).toBe('pan-cheshire-child-sexual-exploitation:4.2a');
    await store.close();
  });

  it('refuses a file written by a newer version of the program, and leaves it as it was', async () => {
    mkdirSync(join(dir, 'data'));
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqlitePlanStore(file)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this program's ${SCHEMA_VERSION}: upgrade the program`));
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    after.close();
  });

  it('hands out views that cannot be changed behind its back', async () => {
    const store = new SqlitePlanStore(':memory:');
    const plan = await store.importPlan(gloucestershireExtract());
    const [first] = await store.findActions(plan.id);
    expect(() => (first!.leads as unknown as unknown[]).push({ name: 'Someone Else' })).toThrow(TypeError);
    expect((await store.findActions(plan.id))[0]!.leads).toHaveLength(2);
    await store.close();
  });
});

describe('SQLite filters and the pure matcher', () => {
  const filters: ActionFilter[] = [
    { lead: 'Jane Price' },
    { lead: 'west' },
    { lead: 'police' },
    { lead: 'PCSG' },
    { lead: "LSCB's" },
    { lead: 'nigel reid' },
    { lead: 'ouise' },
    { section: '4' },
    { rag: ['Red', 'Amber'] },
    { overdue: true, today: '2018-01-05' },
    { overdue: true, today: '2013-06-01' },
    { dueBefore: '2017-12-31' },
    { dueBefore: '2013-07-31' },
    { changedSince: '2018-01-15' },
    { changedSince: '2013-02-10' },
    { text: 'taxi' },
    { text: 'acpo 2.4' },
    { text: 'niche' },
    { lead: 'Louise West', section: '4', rag: ['Red'] },
    { text: 'training', rag: ['Amber', 'Green'], changedSince: '2017-01-01' },
  ];

  it('picks the same actions as matchesFilter for every filter, on both seed extracts', async () => {
    const store = new SqlitePlanStore(':memory:');
    for (const draft of [gloucestershireExtract(), panCheshireExtract()]) {
      const plan = await store.importPlan(draft);
      const doc = (await store.exportPlan(plan.id))!;
      const sections = new Map(doc.sections.map((s) => [s.id, s]));
      const views = await store.findActions(plan.id);
      for (const filter of filters) {
        const expected = views
          .filter((view) => matchesFilter(view, filter, (id) => sections.get(id), doc.actions.find((a) => a.id === view.id)!.updates.map((u) => u.text)))
          .map((a) => a.ref);
        expect({ filter, refs: (await store.findActions(plan.id, filter)).map((a) => a.ref) }).toEqual({ filter, refs: expected });
      }
    }
    await store.close();
  });
});
