import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedSamples } from '../../src/service/seed-samples.js';
import { importPlanFile } from '../../src/import/import-file.js';
import { samplePlanFiles } from '../../src/import/sample-plans.js';
import { openPlanStore } from '../../src/store/open-store.js';
import type { PlanStore } from '../../src/store/plan-store.js';

/*
 * `npm start` seeds the sample plans into an empty store. Each plan is imported in its own
 * transaction, so a server killed between them leaves some samples in; the next start finishes
 * the job. A store that holds a plan of the board's own is never seeded.
 */

const NOW = new Date('2017-11-20T10:00:00Z');
let dir: string;
let store: PlanStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-seed-'));
  store = await openPlanStore({ kind: 'sqlite', path: join(dir, 'plans.db') });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function titles(): Promise<string[]> {
  return (await store.listPlans()).map((p) => p.title).sort();
}

async function sampleTitles(): Promise<string[]> {
  const files = await samplePlanFiles();
  const drafts = await Promise.all(files.map((file) => importPlanFile(file, { importedAt: NOW.toISOString() })));
  return drafts.map(({ draft }) => draft.title).sort();
}

describe('seeding the sample plans', () => {
  it('loads every sample into an empty store', async () => {
    const log: string[] = [];
    expect(await seedSamples(store, (line) => log.push(line), NOW)).toBe((await samplePlanFiles()).length);
    expect(await titles()).toEqual(await sampleTitles());
    expect(log).toHaveLength((await samplePlanFiles()).length);
  });

  it('completes on the next start when the first start was killed between two samples', async () => {
    const [first] = await samplePlanFiles();
    const { draft } = await importPlanFile(first!, { importedAt: NOW.toISOString() });
    await store.importPlan(draft);

    const log: string[] = [];
    expect(await seedSamples(store, (line) => log.push(line), NOW)).toBe((await samplePlanFiles()).length - 1);
    expect(await titles()).toEqual(await sampleTitles());
    expect(log.join('\n')).not.toContain(basename(first!));
  });

  it('adds nothing on a start after seeding finished', async () => {
    await seedSamples(store, () => {}, NOW);
    expect(await seedSamples(store, () => {}, NOW)).toBe(0);
    expect(await titles()).toEqual(await sampleTitles());
  });

  it("leaves a store holding the board's own plan alone", async () => {
    const [first] = await samplePlanFiles();
    const { draft } = await importPlanFile(first!, { importedAt: NOW.toISOString() });
    await store.importPlan({ ...draft, title: 'Our own partnership plan 2026-27' });
    expect(await seedSamples(store, () => {}, NOW)).toBe(0);
    expect(await titles()).toEqual(['Our own partnership plan 2026-27']);
  });
});
