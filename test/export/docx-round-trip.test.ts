import { describe, expect, it } from 'vitest';
import { writePlanDocx } from '../../src/export/docx/plan-docx.js';
import { DEFAULT_EXPORT_OPTIONS } from '../../src/export/export-options.js';
import { importPlanBuffer } from '../../src/import/import-file.js';
import { samplePlanFiles } from '../../src/import/sample-plans.js';
import { importPlanFile } from '../../src/import/import-file.js';
import type { PlanDraft } from '../../src/plan/plan.js';
import { SqlitePlanStore } from '../../src/store/sqlite/sqlite-plan-store.js';
import { importFixture } from '../fixtures/real-plans/import-fixture.js';
import { REAL_PLANS, type RealPlanFixture } from '../fixtures/real-plans/index.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { comparableOfDocument, planDifferences } from './plan-differences.js';

const TODAY = '2026-12-05';
const NOW = '2026-12-05T12:00:00.000Z';

/**
 * A plan stored, exported to Word, and that document imported again: every section and every
 * action's ref, section, text, outcome, leads, timescale, RAG, sources and markers, and each
 * update's date, its precision and where it came from, read back the same.
 */
async function roundTrip(draft: PlanDraft, fileName: string): Promise<string[]> {
  const store = new SqlitePlanStore(':memory:');
  try {
    const plan = await store.importPlan(draft);
    const stored = (await store.exportPlan(plan.id))!;
    const bytes = await writePlanDocx({ doc: stored, options: DEFAULT_EXPORT_OPTIONS, today: TODAY, now: NOW });
    const back = await importPlanBuffer(fileName, bytes);
    expect(back.draft.actions.length).toBe(stored.actions.length);
    expect(stored.actions.length).toBeGreaterThan(0);
    return planDifferences(comparableOfDocument(stored), back.draft);
  } finally {
    await store.close();
  }
}

describe('a plan exported to Word and imported again is the same plan', () => {
  it.each(['gloucestershire-cse-2017-18.txt', 'pan-cheshire-cse-2013.txt'])('the sample plan %s', async (name) => {
    const file = (await samplePlanFiles()).find((f) => f.endsWith(name))!;
    const { draft } = await importPlanFile(file);
    expect(await roundTrip(draft, name.replace('.txt', '.docx'))).toEqual([]);
  });

  it('names each difference with its action ref, so a lost field fails the round trip', async () => {
    const { draft } = await importPlanFile((await samplePlanFiles()).find((f) => f.endsWith('pan-cheshire-cse-2013.txt'))!);
    const before = { ...draft, actions: draft.actions.map((a) => ({ ...a, updates: a.updates.map((u) => ({ ...u })) })) };
    const after = { ...draft, actions: draft.actions.map((a) => (a.ref === '4.2a' ? { ...a, rag: 'Red' as const, updates: a.updates.slice(1) } : a)) };
    const differences = planDifferences(before, after);
    expect(differences.some((d) => d.startsWith('4.2a rag:'))).toBe(true);
    expect(differences.some((d) => d.startsWith('4.2a updates:'))).toBe(true);
  });

  const lo = libreOfficeAvailable();
  const plans = REAL_PLANS.filter((f: RealPlanFixture) => lo || !f.needsLibreOffice).map((f): [string, RealPlanFixture] => [f.name, f]);
  it.each(plans)('the real-documents plan: %s', async (_name, fixture) => {
    const { draft } = await importFixture(fixture);
    expect(await roundTrip(draft, fixture.fileName.replace(/\.\w+$/, '-exported.docx'))).toEqual([]);
  }, 120_000);
});
