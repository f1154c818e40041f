import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlanError } from '../../src/plan/errors.js';
import { importDocument, type ImportDocumentResult } from '../../src/service/import-document.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { libreOfficeAvailable } from '../fixtures/libreoffice.js';
import { CHILDREN_PLAN, CHILDREN_PLAN_V2, type RealPlanFixture } from '../fixtures/real-plans/index.js';
import { fixtureBytes } from '../fixtures/real-plans/import-fixture.js';

/*
 * The next version of the same plan: the children's partnership plan as LibreOffice saves it, then
 * its v2 (3.2 renumbered 3.1 and the old 3.1 gone, 1.2 shaded green, new dated updates on 1.3 and
 * 2.1, a new 2.4), brought into the stored plan with `importDocument`, as `plan import --into` and
 * the API do.
 */
const available = libreOfficeAvailable();
const FIRST = '2023-10-02T09:00:00.000Z';
const SECOND = '2023-11-06T10:30:00.000Z';

let dir: string;
let store: PlanStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-reimport-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function bring(fixture: RealPlanFixture, options: { into?: string; dryRun?: boolean; asNew?: boolean; at?: string } = {}): Promise<ImportDocumentResult> {
  return importDocument(store, {
    fileName: fixture.fileName,
    data: await fixtureBytes(fixture),
    importedAt: options.at ?? FIRST,
    author: 'Plan Owner',
    ...(options.into !== undefined && { into: options.into }),
    ...(options.dryRun && { dryRun: true }),
    ...(options.asNew && { asNew: true }),
  });
}

async function firstVersion(): Promise<string> {
  const created = await bring(CHILDREN_PLAN);
  if (created.kind !== 'created') throw new Error(`expected a new plan, got ${created.kind}`);
  return created.plan.id;
}

describe.skipIf(!available)('bringing in the next version of the same plan', () => {
  it('asks which plan is meant when the title is already a plan\'s, instead of adding a duplicate', async () => {
    const planId = await firstVersion();
    const again = await bring(CHILDREN_PLAN);
    expect(again.kind).toBe('title-clash');
    expect(again.kind === 'title-clash' && again.candidates.map((c) => c.id)).toEqual([planId]);
    expect((await store.listPlans()).length).toBe(1);
    const second = await bring(CHILDREN_PLAN, { asNew: true });
    expect(second.kind).toBe('created');
    expect((await store.listPlans()).length).toBe(2);
  });

  it('shows the difference in a dry run and writes nothing', async () => {
    const planId = await firstVersion();
    const before = await store.exportPlan(planId);
    const dry = await bring(CHILDREN_PLAN_V2, { into: planId, dryRun: true, at: SECOND });
    expect(dry.kind).toBe('dry-run');
    if (dry.kind !== 'dry-run' || !dry.revision) throw new Error('expected a revision');
    expect(dry.revision.added.map((a) => a.incoming.ref)).toEqual(['2.4']);
    expect(dry.revision.removed.map((r) => r.ref)).toEqual(['3.1']);
    expect(dry.revision.matched.filter((m) => m.matchedBy === 'text').map((m) => [m.ref, m.incoming.ref])).toEqual([['3.2', '3.1']]);
    expect(await store.exportPlan(planId)).toEqual(before);
  });

  it('reconciles the new version: renumbered action keeps its identity, changes recorded with was and now, updates added once, removed kept', async () => {
    const planId = await firstVersion();
    const before = (await store.exportPlan(planId))!;
    const old32 = before.actions.find((a) => a.ref === '3.2')!;
    const old31 = before.actions.find((a) => a.ref === '3.1')!;

    const result = await bring(CHILDREN_PLAN_V2, { into: planId, at: SECOND });
    expect(result.kind).toBe('revised');
    const after = (await store.exportPlan(planId))!;
    const byRef = (ref: string) => after.actions.find((a) => a.ref === ref)!;

    // 3.2 is now 3.1: the same action, its history and id kept, the renumbering on record.
    expect(byRef('3.1').id).toBe(old32.id);
    expect(byRef('3.1').text).toBe(old32.text);
    expect(byRef('3.1').history.at(-1)).toMatchObject({ changes: [{ field: 'ref', was: '3.2', now: '3.1' }], note: `re-import of ${CHILDREN_PLAN_V2.fileName}`, author: 'Plan Owner', origin: 're-import', date: '2023-11-06', recordedAt: SECOND });
    // The old 3.1 is not in the document: kept, never deleted.
    expect(after.actions.find((a) => a.id === old31.id)).toMatchObject({ ref: '3.1 (removed)', text: old31.text });
    expect(after.actions.find((a) => a.id === old31.id)!.history.at(-1)!.note).toContain('no longer in the document');

    // 1.2 turned green: the field changes and the history says from what.
    expect(byRef('1.2').rag).toBe('Green');
    expect(byRef('1.2').history.at(-1)).toMatchObject({ changes: [{ field: 'rag', was: 'Amber', now: 'Green' }], origin: 're-import' });

    // New dated updates appended once, at the precision written.
    expect(byRef('1.3').updates.filter((u) => u.origin === 'import' && u.date !== '2023-11-06').map((u) => u.date)).toEqual(['2023-02-06', '2023-03-13']);
    expect(byRef('2.1').updates.map((u) => u.date)).toEqual(['2023-06', '2023-07-17']);

    // The new action, in its section and in document order.
    expect(byRef('2.4')).toMatchObject({ text: 'Commission an independent return home interview service', rag: 'Amber' });
    const refs = after.actions.map((a) => a.ref);
    expect(refs.indexOf('2.4')).toBe(refs.indexOf('2.3') + 1);
    expect(byRef('2.4').sectionId).toBe(byRef('2.3').sectionId);
    expect(after.actions.length).toBe(before.actions.length + 1);
  });

  it('changes nothing when the same version is brought in twice', async () => {
    const planId = await firstVersion();
    await bring(CHILDREN_PLAN_V2, { into: planId, at: SECOND });
    const once = await store.exportPlan(planId);
    const twice = await bring(CHILDREN_PLAN_V2, { into: planId, at: '2023-12-01T10:00:00.000Z' });
    expect(twice.kind).toBe('unchanged');
    expect(await store.exportPlan(planId)).toEqual(once);
  });

  it('keeps an update a lead added in Teams when the next version is brought in', async () => {
    const planId = await firstVersion();
    const action = (await store.getActionByRef(planId, '1.3'))!;
    await store.appendUpdate(action.id, {
      date: '2023-10-10', dateSource: 'recorded', author: 'Jo Lead', authorId: 'user-1', text: 'Reported from the card.', origin: 'card', ragAfter: null, timescaleAfter: null, key: 'card-1', recordedAt: '2023-10-10T08:00:00.000Z',
    });
    await bring(CHILDREN_PLAN_V2, { into: planId, at: SECOND });
    const after = (await store.getActionByRef(planId, '1.3'))!;
    expect(after.updates.map((u) => u.text)).toContain('Reported from the card.');
  });

  it('leaves the plan exactly as it was when applying a version fails half way', async () => {
    const planId = await firstVersion();
    const before = await store.exportPlan(planId);
    const dry = await bring(CHILDREN_PLAN_V2, { into: planId, dryRun: true, at: SECOND });
    if (dry.kind !== 'dry-run' || !dry.revision) throw new Error('expected a revision');
    const [first] = dry.revision.matched;
    // The last action it touches has gone (deleted by someone else meanwhile): everything before it is rolled back.
    const broken = { ...dry.revision, matched: [...dry.revision.matched, { ...first!, actionId: `${planId}:gone`, ref: 'gone' }] };
    const { importPlanBuffer } = await import('../../src/import/import-file.js');
    const { draft } = await importPlanBuffer(CHILDREN_PLAN_V2.fileName, await fixtureBytes(CHILDREN_PLAN_V2));
    await expect(store.applyRevision(broken, draft, { recordedAt: SECOND, recordedOn: '2023-11-06', author: 'Plan Owner', source: 're-import' })).rejects.toMatchObject({ code: 'action_not_found' });
    expect(await store.exportPlan(planId)).toEqual(before);
  });

  it('refuses an unknown plan to bring the document into, naming it', async () => {
    await expect(bring(CHILDREN_PLAN_V2, { into: 'no-such-plan' })).rejects.toMatchObject({ code: 'plan_not_found' } satisfies Partial<PlanError>);
  });
});

describe('reconciling the sample plan\'s next version (text export)', () => {
  const SAMPLE = join(import.meta.dirname, '../../samples/gloucestershire-cse-2017-18.txt');

  async function bringText(fileName: string, text: string, into?: string): Promise<ImportDocumentResult> {
    return importDocument(store, { fileName, data: new TextEncoder().encode(text), importedAt: SECOND, author: 'Plan Owner', ...(into !== undefined && { into, dryRun: true }) });
  }

  it('matches two actions the board swapped numbers on by their words, and records each renumbering', async () => {
    const text = await readFile(SAMPLE, 'utf8');
    const created = await bringText('glos.txt', text);
    if (created.kind !== 'created') throw new Error(created.kind);
    const swapped = text.replace(/^1\.1\t/m, '§\t').replace(/^1\.2\t/m, '1.1\t').replace(/^§\t/m, '1.2\t');
    const dry = await bringText('glos-v2.txt', swapped, created.plan.id);
    if (dry.kind !== 'dry-run' || !dry.revision) throw new Error(dry.kind);
    const renumbered = dry.revision.matched.filter((m) => m.changes.some((c) => c.field === 'ref')).map((m) => [m.ref, m.incoming.ref, m.matchedBy]);
    // In the document's order: its first row (the old 1.1's words) is now numbered 1.2.
    expect(renumbered).toEqual([
      ['1.1', '1.2', 'text'],
      ['1.2', '1.1', 'text'],
    ]);
    expect(dry.revision.added).toEqual([]);
    expect(dry.revision.removed).toEqual([]);
  });

  it('reports an update whose wording the board edited in the document, and does not add it a second time', async () => {
    const text = await readFile(SAMPLE, 'utf8');
    const created = await bringText('glos.txt', text);
    if (created.kind !== 'created') throw new Error(created.kind);
    const edited = text.replace('June 17 - Above DVD launched earlier this year.', 'June 17 - Above DVD launched earlier this year, and shown to parents.');
    const dry = await bringText('glos-v2.txt', edited, created.plan.id);
    if (dry.kind !== 'dry-run' || !dry.revision) throw new Error(dry.kind);
    const touched = dry.revision.matched.filter((m) => m.editedUpdates.length > 0 || m.newUpdates.length > 0);
    expect(touched).toHaveLength(1);
    expect(touched[0]!.newUpdates).toEqual([]);
    expect(touched[0]!.editedUpdates).toEqual([expect.objectContaining({ date: '2017-06', now: expect.stringContaining('shown to parents') })]);
  });
});
