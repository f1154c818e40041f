import { join } from 'node:path';
import { change } from '../fixtures/action-changes.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { PlanDocument } from '../../src/plan/plan.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';

const SAMPLES = join(import.meta.dirname, '../../samples');
export const IMPORTED_AT = '2018-01-05T09:00:00.000Z';

export interface SourcePlans {
  glos: string;
  cheshire: string;
}

/**
 * A local SQLite store as a board would have it before moving to SharePoint: both seed plans, an
 * update answered on a card, a RAG changed in the tab, a reminder already sent and a lead the owner
 * confirmed. Closed again, so the CLI in a child process can open the file.
 */
export async function seedSqliteStore(path: string): Promise<SourcePlans> {
  const store = new SqlitePlanStore(path);
  try {
    const ids: string[] = [];
    for (const file of ['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt']) {
      const { draft } = await importPlanFile(join(SAMPLES, file), { importedAt: IMPORTED_AT });
      ids.push((await store.importPlan(draft)).id);
    }
    const [glos, cheshire] = ids as [string, string];
    const action = await store.getActionByRef(glos, '1.2');
    if (!action) throw new Error('the Gloucestershire sample has no action 1.2');
    await store.appendUpdate(action.id, {
      date: '2018-01-10',
      dateSource: 'recorded',
      author: 'Louise West',
      authorId: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a01',
      text: 'Training dates agreed with the practice nurses.',
      origin: 'card',
      ragAfter: 'Amber',
      timescaleAfter: null,
      key: 'card:reminder-1.2:answer-1',
      recordedAt: '2018-01-10T10:00:00.000Z',
    });
    const changed = await store.getActionByRef(glos, '1.3');
    if (!changed) throw new Error('the Gloucestershire sample has no action 1.3');
    await store.changeAction(changed.id, changed.version, change({ rag: 'Red', changedAt: '2018-01-12T15:00:00.000Z' }));
    await store.claimReminder({
      key: `${action.id}|louise west|overdue|2017-12-31`,
      planId: glos,
      actionId: action.id,
      lead: 'Louise West',
      leadUserId: null,
      reason: 'overdue',
      period: '2017-12-31',
      claimedAt: '2018-01-05T09:00:00.000Z',
    });
    await store.recordReminderOutcome(`${action.id}|louise west|overdue|2017-12-31`, { status: 'sent', at: '2018-01-05T09:00:02.000Z', via: 'card' });
    await store.saveLeadMappings(glos, [
      {
        lead: 'louise west',
        writtenAs: 'Louise West',
        status: 'confirmed',
        target: { kind: 'user', id: '5f0c2a61-3a52-4d0e-9b8e-1f6c0c1d2a01', displayName: 'Louise West', mail: 'louise.west@glos.example' },
        candidates: [],
        updatedAt: '2018-01-06T09:00:00.000Z',
        confirmedBy: 'Plan owner',
      },
    ]);
    return { glos, cheshire };
  } finally {
    await store.close();
  }
}

export async function exportFromSqlite(path: string, planId: string): Promise<PlanDocument> {
  const store = new SqlitePlanStore(path);
  try {
    const doc = await store.exportPlan(planId);
    if (!doc) throw new Error(`no plan ${planId}`);
    return doc;
  } finally {
    await store.close();
  }
}

/** A plan as both stores must agree on it: everything but the ids and versions each store gives. */
export function comparable(doc: PlanDocument): unknown {
  const sectionIndex = new Map(doc.sections.map((s, i) => [s.id, i]));
  const { id: _id, ...plan } = doc.plan;
  return {
    plan,
    sections: doc.sections.map(({ id: _s, planId: _p, ...s }) => ({ ...s, label: s.label ?? null })),
    actions: doc.actions.map(({ id: _a, planId: _p, sectionId, version: _v, updates, history, ...a }) => ({
      ...a,
      section: sectionIndex.get(sectionId),
      updates: updates.map(({ id: _u, actionId: _x, ...u }) => u),
      history: history.map(({ id: _h, actionId: _x, ...h }) => h),
    })),
  };
}
