import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { generatedDraft } from '../fixtures/plan-drafts.js';
import { planStoreContract } from './plan-store.contract.js';

planStoreContract('SQLite file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'plan-store-'));
  const store = new SqlitePlanStore(join(dir, 'nested', 'plans.db'));
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
  it('keeps plans across reopening, as the CLI and the server share one file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plan-store-'));
    const file = join(dir, 'plans.db');
    const first = new SqlitePlanStore(file);
    const plan = await first.importPlan(generatedDraft(5000, 3));
    await first.close();
    const second = new SqlitePlanStore(file);
    expect((await second.findActions(plan.id, { lead: 'Jane Price' })).length).toBe(1667);
    await second.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file written by a newer version of the program', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plan-store-'));
    const file = join(dir, 'plans.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqlitePlanStore(file)).toThrow(/schema version 99, newer than this program's/);
    await rm(dir, { recursive: true, force: true });
  });
});
