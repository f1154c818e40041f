import { randomUUID } from 'node:crypto';
import type { ImportOptions } from '../plans-and-actions.js';
import { ImportRolledBackError, type ItemsByList } from './import-rollback-error.js';
import { planFields } from './item-codec.js';
import { removePlanItems } from './plan-items-removal.js';
import { writePlanItems, zeroCounts, type ItemStage, type WriteTally } from './plan-items-writer.js';
import type { SiteLists } from './site-lists.js';
import type { TransferPlan } from './transfer-plan.js';

export interface ListImport {
  planId: string;
  /** The generation the plan is now at: a replacement's superseded actions are those of any other. */
  generation: string;
  actionIds: ReadonlySet<string>;
}

/**
 * GraphPlanStore.importPlan's write: a new plan, or a new generation of the actions of the plan it
 * replaces, through the one writer the resumable transfers use (plan-items-writer.ts). It never
 * resumes (the store's import has no journal to resume from), so on any failure the one rollback
 * (plan-items-removal.ts) removes what it wrote and ImportRolledBackError says what and what not.
 * A new plan stays "importing", and a replaced plan at its old generation, until the last write,
 * so readers see the whole import or none of it.
 */
export async function importIntoLists(lists: SiteLists, plan: TransferPlan, replacingId: string | null, options: ImportOptions): Promise<ListImport> {
  const generation = randomUUID();
  const made: Record<ItemStage | 'plans', string[]> = { plans: [], actions: [], updates: [], history: [], reminders: [] };
  const totalItems = plan.actions.length + plan.actions.reduce((n, a) => n + a.updates.length + a.history.length, 0);
  const tally: WriteTally = { written: zeroCounts(), alreadyThere: zeroCounts(), done: 0 };
  const progress = (): void => {
    // Actions "written" in proportion to all items written, so progress moves through the updates too.
    options.onProgress?.(totalItems === 0 ? plan.actions.length : Math.floor((tally.done / totalItems) * plan.actions.length), plan.actions.length);
  };
  let stage = 'creating the plan item';
  let planId: string | null = replacingId;
  try {
    if (planId === null) {
      planId = (await lists.create('plans', planFields(plan.header, plan.sections, 'importing', generation))).id;
      made.plans.push(planId);
    }
    const items = await writePlanItems({
      lists,
      plan,
      planId,
      generation,
      resume: false,
      tally,
      stopped: () => false,
      // One batch at a time, as this import has always written: the first answer's RateLimit
      // headers teach the pacer a smaller tenant's budget before a second batch is in flight.
      inFlight: 1,
      enter: (itemStage) => {
        stage = `creating ${itemStage}`;
      },
      progress,
      made: (list, id) => made[list].push(id),
    });
    // Only a stop asked for leaves a write incomplete, and an import never asks.
    if (!items.complete) throw new Error('the import stopped part way');
    tally.done = totalItems;
    progress();

    // One write makes the import visible: a new plan turns ready, a replaced one switches generation.
    stage = replacingId !== null ? 'switching the plan to its new actions' : 'marking the plan ready';
    await lists.patch('plans', planId, replacingId !== null ? planFields(plan.header, plan.sections, 'ready', generation) : { ImportState: 'ready' });
    return { planId, generation, actionIds: new Set(items.actionIds.values()) };
  } catch (error) {
    const created: ItemsByList[] = [
      { list: 'updates', ids: made.updates },
      { list: 'history', ids: made.history },
      { list: 'actions', ids: made.actions },
      { list: 'plans', ids: made.plans },
    ];
    const removal =
      planId === null
        ? { remaining: [] }
        : replacingId === null
          ? await removePlanItems(lists, planId, { kind: 'plan', keepPlanItem: 'never' })
          : await removePlanItems(lists, planId, { kind: 'generation', generation, otherwise: created });
    throw new ImportRolledBackError(stage, error, created, removal.remaining);
  }
}
