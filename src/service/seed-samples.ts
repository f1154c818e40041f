import { basename } from 'node:path';
import { importPlanFile } from '../import/import-file.js';
import { samplePlanFiles } from '../import/sample-plans.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';

/**
 * Imports the sample plans into a store that holds nothing else, so a first run shows something
 * real. Each sample is its own transaction: a start killed between two leaves some in, and the
 * next start imports the rest. A store holding any plan that is not a sample is never touched.
 */
export async function seedSamples(store: PlansAndActions, log: (line: string) => void, now: Date): Promise<number> {
  const present = new Set((await store.listPlans()).map((plan) => plan.title));
  const files = await samplePlanFiles();
  // As many plans as samples: either all are in, or one is the board's own; both mean nothing to do.
  if (present.size >= files.length) return 0;
  const samples = [];
  for (const file of files) {
    samples.push({ file, draft: (await importPlanFile(file, { importedAt: now.toISOString() })).draft });
  }
  const sampleTitles = new Set(samples.map(({ draft }) => draft.title));
  if ([...present].some((title) => !sampleTitles.has(title))) return 0;
  let count = 0;
  for (const { file, draft } of samples) {
    if (present.has(draft.title)) continue;
    const plan = await store.importPlan(draft);
    log(`imported sample ${basename(file)} as plan ${plan.id}`);
    count += 1;
  }
  return count;
}
