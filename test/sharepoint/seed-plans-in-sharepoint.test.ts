import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanFile } from '../../src/import/import-file.js';
import type { PlanDocument } from '../../src/plan/plan.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { ImportRolledBackError } from '../../src/store/sharepoint/import-rollback-error.js';
import { startSharePointHarness, type SharePointHarness } from './sharepoint-harness.js';

const samples = join(import.meta.dirname, '..', '..', 'samples');

/** A plan document without what each store assigns for itself (ids, versions, import keys). */
function comparable(doc: PlanDocument): unknown {
  const sectionNumber = new Map(doc.sections.map((s) => [s.id, s.order]));
  return {
    plan: { ...doc.plan, id: null },
    sections: doc.sections.map(({ id: _id, planId: _planId, ...s }) => s),
    actions: doc.actions.map(({ id: _id, planId: _planId, version: _version, sectionId, updates, history, ...a }) => ({
      ...a,
      section: sectionNumber.get(sectionId),
      updates: updates.map(({ id: _uid, actionId: _aid, key: _key, ...u }) => u),
      history: history.map(({ id: _hid, actionId: _aid, ...h }) => h),
    })),
  };
}

let h: SharePointHarness;

beforeAll(async () => {
  h = await startSharePointHarness({ server: { maxPageSize: 100 } });
});

afterAll(async () => {
  await h.close();
});

describe('the seed plans in SharePoint lists', () => {
  for (const file of ['pan-cheshire-cse-2013.txt', 'gloucestershire-cse-2017-18.txt']) {
    it(`keeps ${file} exactly as the SQLite store keeps it`, async () => {
      const { draft } = await importPlanFile(join(samples, file), { importedAt: '2024-01-01T00:00:00.000Z' });
      const sqlite = new SqlitePlanStore(':memory:');
      const local = await sqlite.exportPlan((await sqlite.importPlan(draft)).id);
      await sqlite.close();
      const plan = await h.store.importPlan(draft);
      const remote = await h.store.exportPlan(plan.id);
      expect(remote?.actions.length).toBe(draft.actions.length);
      expect(comparable(remote as PlanDocument)).toEqual(comparable(local as PlanDocument));
    });
  }

  it('leaves the plan it was replacing untouched when the replacement fails', async () => {
    const { draft } = await importPlanFile(join(samples, 'gloucestershire-cse-2017-18.txt'), { importedAt: '2024-01-01T00:00:00.000Z' });
    const plan = await h.store.importPlan(draft);
    const before = await h.store.exportPlan(plan.id);
    // A 503 would be retried; a 500 is not, so the replacement fails part way through its actions.
    h.server.faults.failWrite(25, { status: 500, message: 'internal error' });
    const error = await h.store.importPlan({ ...draft, title: 'A replacement' }, { replacePlanId: plan.id }).catch((e: unknown) => e);
    h.server.faults.clear();
    expect(error).toBeInstanceOf(ImportRolledBackError);
    expect(await h.store.exportPlan(plan.id)).toEqual(before);
  });
});
