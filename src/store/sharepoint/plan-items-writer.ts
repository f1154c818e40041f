import { batchStepError, isSuccess, MAX_BATCH_REQUESTS, type BatchOutcome, type BatchStep } from '../../graph/graph-batch.js';
import { isUniqueValueConflict } from '../../graph/http-error.js';
import { PlanError } from '../../plan/errors.js';
import type { SectionDraft } from '../../plan/plan.js';
import { BATCHES_IN_FLIGHT, sendBatchesInFlight } from './batches-in-flight.js';
import { actionFields, actionJson, historyFields, latestDate, readReminder, readUpdate, reminderFields, seenColumns, storedKey, updateFields } from './item-codec.js';
import type { SiteLists } from './site-lists.js';
import { rekeyReminder, type TransferPlan } from './transfer-plan.js';

/**
 * The one writer of a plan's items into SharePoint, for every import and migration: the actions,
 * their updates, their history entries and the reminders under a plan item already made, 20 to a
 * $batch with a few batches in flight (batches-in-flight.ts). Every action carries the write's
 * generation, so a resumed write reads back what it already made (actions by ref, updates, history
 * entries and reminders by their unique keys) and writes only the rest. Making the plan item and the last write that shows it are
 * the caller's: a new plan and a replaced one end differently.
 */

export interface TransferCounts {
  actions: number;
  updates: number;
  history: number;
  reminders: number;
}

export type ItemStage = 'actions' | 'updates' | 'history' | 'reminders';

/** What a write has done so far, shared with its caller, who counts the plan item and the last write in `done` too. */
export interface WriteTally {
  written: TransferCounts;
  alreadyThere: TransferCounts;
  done: number;
}

export interface PlanItemsWrite {
  lists: SiteLists;
  plan: TransferPlan;
  planId: string;
  /** Stamped on every action: the transfer's id, or the generation an import switches its plan to. */
  generation: string;
  /** Read back what this generation already wrote under the plan item, and skip it. */
  resume: boolean;
  tally: WriteTally;
  /** Asked before each batch leaves: once true, the write stops between batches. */
  stopped: () => boolean;
  /** Told as each stage begins: a failure from here on belongs to it. */
  enter: (stage: ItemStage) => void;
  /** Told before a stage's first batch and after each. */
  progress: (stage: ItemStage) => void;
  /** Batches sent at once (default BATCHES_IN_FLIGHT). */
  inFlight?: number;
  /** Told of each item made, for a caller that names them when its removal cannot find them. */
  made?: (list: ItemStage, id: string) => void;
}

export type PlanItemsOutcome = { complete: true; actionIds: ReadonlyMap<string, string> } | { complete: false };

export const zeroCounts = (): TransferCounts => ({ actions: 0, updates: 0, history: 0, reminders: 0 });

export function chunks<T>(items: readonly T[], size = MAX_BATCH_REQUESTS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every item under a plan item, by the indexed Plan lookup. */
export function byPlan(planId: string): string {
  return `fields/PlanLookupId eq ${Number(planId)}`;
}

export async function writePlanItems(request: PlanItemsWrite): Promise<PlanItemsOutcome> {
  const { lists, plan, planId, generation, resume, tally, stopped, enter, progress, made } = request;
  const inFlight = request.inFlight ?? BATCHES_IN_FLIGHT;
  const { written, alreadyThere } = tally;
  // Every item a batch made, also those after a step that failed in it.
  const tellMade = (list: ItemStage, steps: readonly BatchStep[], outcomes: ReadonlyMap<string, BatchOutcome>): void => {
    if (!made) return;
    for (const step of steps) {
      const outcome = outcomes.get(step.id);
      if (outcome && isSuccess(outcome)) made(list, lists.createdItem(outcome).id);
    }
  };

  enter('actions');
  const actionIds = new Map<string, string>();
  if (resume) {
    for (const a of await lists.query('actions', { select: ['Ref', 'Generation'], filter: byPlan(planId) })) {
      if (a.fields.Generation === generation && typeof a.fields.Ref === 'string') actionIds.set(a.fields.Ref, a.id);
    }
  }
  const actionSteps: { ref: string; step: BatchStep }[] = [];
  plan.actions.forEach((a, order) => {
    if (actionIds.has(a.draft.ref)) {
      alreadyThere.actions += 1;
      tally.done += 1;
      return;
    }
    const fields = actionFields({ ...a.draft, updates: [] }, planId, order, plan.sections[a.draft.sectionIndex] as SectionDraft, latestDate([a.fieldsChangedOn, ...a.updates.map((u) => u.date)]), generation);
    fields.ActionJson = JSON.stringify(actionJson(a.draft, a.fieldsChangedOn, seenColumns(a.draft)));
    actionSteps.push({ ref: a.draft.ref, step: lists.createStep('actions', `a${order}`, fields) });
  });
  progress('actions');
  const allActions = await sendBatchesInFlight(chunks(actionSteps), {
    stopped,
    inFlight,
    send: async (part) => {
      const steps = part.map((p) => p.step);
      const outcomes = await lists.batch(steps);
      tellMade('actions', steps, outcomes);
      for (const p of part) {
        const outcome = outcomes.get(p.step.id) as BatchOutcome;
        if (!isSuccess(outcome)) throw batchStepError(p.step, outcome);
        actionIds.set(p.ref, lists.createdItem(outcome).id);
        written.actions += 1;
        tally.done += 1;
      }
      progress('actions');
    },
  });
  if (!allActions) return { complete: false };

  enter('updates');
  const updateKeys = new Set<string>();
  if (resume) for (const u of await lists.query('updates', { select: ['ActionLookupId', 'UpdateJson'], filter: byPlan(planId) })) updateKeys.add(readUpdate(u).update.key);
  const updateSteps: { key: string; step: BatchStep }[] = [];
  for (const a of plan.actions) {
    const actionId = actionIds.get(a.draft.ref) as string;
    for (const [position, u] of a.updates.entries()) {
      if (updateKeys.has(u.key)) {
        alreadyThere.updates += 1;
        tally.done += 1;
        continue;
      }
      updateSteps.push({ key: u.key, step: lists.createStep('updates', `u${updateSteps.length}`, updateFields(u, { id: actionId, planId, ref: a.draft.ref }, position)) });
    }
  }
  progress('updates');
  const allUpdates = await sendBatchesInFlight(chunks(updateSteps), {
    stopped,
    inFlight,
    send: async (part) => {
      const steps = part.map((p) => p.step);
      const outcomes = await lists.batch(steps);
      tellMade('updates', steps, outcomes);
      for (const p of part) {
        const outcome = outcomes.get(p.step.id) as BatchOutcome;
        if (isUniqueValueConflict(outcome.status, outcome.body)) {
          // Not one of ours (those were read back above): the key belongs to another plan on the site.
          throw new PlanError('invalid_input', `an update with key ${storedKey(p.key).slice(0, 60)} is already on the site in another plan: was this plan moved here before? Delete that copy first`);
        }
        if (!isSuccess(outcome)) throw batchStepError(p.step, outcome);
        written.updates += 1;
        tally.done += 1;
      }
      progress('updates');
    },
  });
  if (!allUpdates) return { complete: false };

  enter('history');
  const historyKeys = new Set<string>();
  if (resume && plan.actions.some((a) => a.history.length > 0)) {
    for (const h of await lists.query('history', { select: ['Key'], filter: byPlan(planId) })) if (typeof h.fields.Key === 'string') historyKeys.add(h.fields.Key);
  }
  const historySteps: { key: string; step: BatchStep }[] = [];
  for (const a of plan.actions) {
    const actionId = actionIds.get(a.draft.ref) as string;
    for (const [position, entry] of a.history.entries()) {
      if (historyKeys.has(storedKey(entry.key))) {
        alreadyThere.history += 1;
        tally.done += 1;
        continue;
      }
      // Its position keeps the order recorded: items of a $batch may be created in any order.
      historySteps.push({ key: entry.key, step: lists.createStep('history', `h${historySteps.length}`, historyFields(entry, { id: actionId, planId, ref: a.draft.ref }, position)) });
    }
  }
  progress('history');
  const allHistory = await sendBatchesInFlight(chunks(historySteps), {
    stopped,
    inFlight,
    send: async (part) => {
      const steps = part.map((p) => p.step);
      const outcomes = await lists.batch(steps);
      tellMade('history', steps, outcomes);
      for (const p of part) {
        const outcome = outcomes.get(p.step.id) as BatchOutcome;
        if (isUniqueValueConflict(outcome.status, outcome.body)) {
          throw new PlanError('invalid_input', `a history entry with key ${storedKey(p.key).slice(0, 60)} is already on the site in another plan: was this plan moved here before? Delete that copy first`);
        }
        if (!isSuccess(outcome)) throw batchStepError(p.step, outcome);
        written.history += 1;
        tally.done += 1;
      }
      progress('history');
    },
  });
  if (!allHistory) return { complete: false };

  enter('reminders');
  const reminderKeys = new Set<string>();
  if (resume && plan.reminders.length > 0) {
    for (const r of await lists.query('reminders', { select: ['ReminderJson'], filter: byPlan(planId) })) reminderKeys.add(readReminder(r).key);
  }
  const sourceIds = new Map(plan.actions.map((a) => [a.draft.ref, a.sourceId]));
  const reminderSteps: BatchStep[] = [];
  for (const { ref, reminder } of plan.reminders) {
    const actionId = actionIds.get(ref) as string;
    const key = rekeyReminder(reminder.key, sourceIds.get(ref) ?? null, actionId);
    if (reminderKeys.has(key)) {
      alreadyThere.reminders += 1;
      tally.done += 1;
      continue;
    }
    reminderSteps.push(lists.createStep('reminders', `r${reminderSteps.length}`, reminderFields({ ...reminder, key, planId, actionId })));
  }
  progress('reminders');
  const allReminders = await sendBatchesInFlight(chunks(reminderSteps), {
    stopped,
    inFlight,
    send: async (part) => {
      const outcomes = await lists.batch(part);
      tellMade('reminders', part, outcomes);
      for (const step of part) {
        const outcome = outcomes.get(step.id) as BatchOutcome;
        if (isUniqueValueConflict(outcome.status, outcome.body)) {
          throw new PlanError('invalid_input', 'a reminder of this plan is already on the site under another plan: was this plan moved here before? Delete that copy first');
        }
        if (!isSuccess(outcome)) throw batchStepError(step, outcome);
        written.reminders += 1;
        tally.done += 1;
      }
      progress('reminders');
    },
  });
  if (!allReminders) return { complete: false };
  return { complete: true, actionIds };
}
