import { randomUUID } from 'node:crypto';
import { PlanError } from '../../plan/errors.js';
import { leadMappingsFields, planFields } from './item-codec.js';
import { removePlanItems, type RemovalReport } from './plan-items-removal.js';
import { writePlanItems, zeroCounts, type ItemStage, type TransferCounts, type WriteTally } from './plan-items-writer.js';
import type { ListItem, SiteLists } from './site-lists.js';
import type { TransferJournal, TransferJournalRecord } from './transfer-journal.js';
import { transferSize, type TransferPlan } from './transfer-plan.js';

export { removePlanItems, type RemovalReport } from './plan-items-removal.js';
export type { TransferCounts } from './plan-items-writer.js';

/**
 * Writes a whole plan into SharePoint so that, from the user's side, it is all or nothing, and so
 * that a long write can stop and go on later without writing anything twice.
 *
 * - The plan item is written first, marked "importing": every read skips it until the last write
 *   marks it "ready", so a half-written plan is never seen.
 * - Every item carries the transfer's id (Generation); updates, history entries and reminders
 *   carry unique keys (the lists' unique Key columns); actions are told apart by ref. Resuming reads back what the
 *   plan item already holds and writes only what is missing: a batch whose answer was lost (a
 *   crash, Ctrl-C, a dropped connection) is found on the site, not written again.
 * - Writes go 20 to a $batch through the paced pipeline, a few batches in flight at once
 *   (plan-items-writer.ts, which GraphPlanStore.importPlan writes through too); a stop asked for
 *   (SIGINT) is honoured between batches, never inside one.
 * - On a failure the transfer removes everything under its plan item (plan-items-removal.ts, found
 *   by query, so also what an earlier, crashed run wrote). If even that fails, the journal stays
 *   and says so.
 */

export type TransferStage = 'plan' | 'actions' | 'updates' | 'history' | 'reminders' | 'finishing';

export interface TransferProgress {
  stage: TransferStage;
  /** Items done so far, counting those found already written, out of total (plan item and final mark included). */
  done: number;
  total: number;
}

export type TransferOutcome =
  | { status: 'done'; planId: string; resumed: boolean; written: TransferCounts; alreadyThere: TransferCounts; removedJournal: boolean }
  | { status: 'interrupted'; planId: string | null; written: TransferCounts; alreadyThere: TransferCounts; done: number; total: number };

/** How the user resumes or abandons, named in messages (the command line fills in its commands). */
export interface TransferCommands {
  resume: string;
  abandon: string;
}

export interface TransferRequest {
  kind: TransferJournalRecord['kind'];
  source: TransferJournalRecord['source'];
  /** The plan to write; the transfer id is given because import keys carry it. */
  build: (transferId: string) => TransferPlan;
  lists: SiteLists;
  siteUrl: string;
  journal: TransferJournal;
  mode: 'start' | 'resume';
  commands: TransferCommands;
  /** Checked between batches: once aborted, the transfer stops cleanly and can be resumed. */
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  now?: () => Date;
}

/** A transfer failed; what it wrote was removed, or the journal was kept because that failed too. */
export class TransferFailedError extends PlanError {
  constructor(
    readonly stage: string,
    cause: unknown,
    readonly removal: RemovalReport | null,
    readonly journalKept: boolean,
    commands: TransferCommands,
    what: string,
  ) {
    const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/\.+$/, '');
    const removed = removal ? describeRemoved(removal.removed) : 'nothing';
    const left = removal?.remaining.filter((g) => g.ids.length > 0) ?? [];
    const tail = journalKept
      ? `. Could not remove what it wrote${left.length > 0 ? ` (${left.map((g) => `${g.list} items ${g.ids.join(', ')}`).join('; ')})` : ''}; nothing of it is visible. Run "${commands.resume}" to finish it, or "${commands.abandon}" to remove it`
      : `. Rolled back: removed ${removed}; SharePoint is as it was before`;
    super('store_failure', `${what} failed while ${stage}: ${reason}${tail}`, { cause });
    this.name = 'TransferFailedError';
  }
}

/** The plan was moved to this site before, and that copy is still there. */
export class AlreadyTransferredError extends PlanError {
  constructor(
    readonly targetPlanId: string,
    siteUrl: string,
    at: string,
  ) {
    super('invalid_input', `this plan was already moved to ${siteUrl} as plan ${targetPlanId} (${at}); delete that plan there first to move it again`);
    this.name = 'AlreadyTransferredError';
  }
}

function describeRemoved(removed: RemovalReport['removed']): string {
  const parts = [
    removed.plans > 0 ? `${removed.plans} plan item` : '',
    removed.actions > 0 ? `${removed.actions} action${removed.actions === 1 ? '' : 's'}` : '',
    removed.updates > 0 ? `${removed.updates} update${removed.updates === 1 ? '' : 's'}` : '',
    removed.history > 0 ? `${removed.history} history entr${removed.history === 1 ? 'y' : 'ies'}` : '',
    removed.reminders > 0 ? `${removed.reminders} reminder${removed.reminders === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'nothing (nothing had been written)';
}

/** The plan item this transfer made, if it is still there: by the id the journal kept, else by its Generation. */
async function findPlanItem(lists: SiteLists, record: TransferJournalRecord): Promise<ListItem | null> {
  if (record.targetPlanId !== null) {
    const item = await lists.get('plans', record.targetPlanId, ['Generation', 'ImportState']);
    return item && item.fields.Generation === record.transferId ? item : null;
  }
  // A crash between creating the item and writing its id down: the Plans list is small, read it whole.
  const items = await lists.query('plans', { select: ['Generation', 'ImportState'] });
  return items.find((i) => i.fields.Generation === record.transferId) ?? null;
}

async function checkJournal(request: TransferRequest, siteId: string, now: Date): Promise<TransferJournalRecord> {
  const existing = await request.journal.read();
  const fresh = (): TransferJournalRecord => ({
    format: 'plan-transfer-journal',
    version: 1,
    kind: request.kind,
    transferId: randomUUID(),
    source: request.source,
    siteId,
    siteUrl: request.siteUrl,
    targetPlanId: null,
    state: 'writing',
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  if (request.mode === 'resume') {
    if (!existing || existing.state === 'done') {
      throw new PlanError('invalid_input', `there is nothing to resume: no unfinished transfer is recorded in ${request.journal.path}`);
    }
    if (existing.siteId !== siteId) {
      throw new PlanError('invalid_input', `the unfinished transfer in ${request.journal.path} was writing to ${existing.siteUrl}, not to this site: resume it with that site`);
    }
    return existing;
  }
  if (!existing) return fresh();
  if (existing.state === 'done') {
    const item = existing.siteId === siteId && existing.targetPlanId !== null ? await request.lists.get('plans', existing.targetPlanId, ['Generation', 'ImportState']) : null;
    if (item && item.fields.Generation === existing.transferId && existing.targetPlanId !== null) {
      throw new AlreadyTransferredError(existing.targetPlanId, existing.siteUrl, existing.updatedAt);
    }
    // The earlier copy is gone (or was on another site): start again.
    return fresh();
  }
  throw new PlanError(
    'invalid_input',
    `an earlier transfer of this plan to ${existing.siteUrl} did not finish (${existing.state}, started ${existing.startedAt}): run "${request.commands.resume}" to finish it, or "${request.commands.abandon}" to remove what it wrote`,
  );
}

export async function transferPlan(request: TransferRequest): Promise<TransferOutcome> {
  const { lists, journal } = request;
  const now = request.now ?? (() => new Date());
  const siteId = lists.ids.siteId;
  let record = await checkJournal(request, siteId, now());
  const resumed = request.mode === 'resume';
  const plan = request.build(record.transferId);
  const size = transferSize(plan);
  const total = 2 + size.actions + size.updates + size.history + size.reminders;
  const tally: WriteTally = { written: zeroCounts(), alreadyThere: zeroCounts(), done: 0 };
  const { written, alreadyThere } = tally;
  const progress = (stage: TransferStage): void => request.onProgress?.({ stage, done: tally.done, total });
  const stopped = (): boolean => request.signal?.aborted === true;
  const save = async (changes: Partial<TransferJournalRecord>): Promise<void> => {
    record = { ...record, ...changes, updatedAt: now().toISOString() };
    await journal.write(record);
  };
  const interrupted = async (): Promise<TransferOutcome> => {
    await save({ state: 'interrupted' });
    return { status: 'interrupted', planId: record.targetPlanId, written, alreadyThere, done: tally.done, total };
  };
  const what = request.kind === 'migrate' ? 'the migration' : 'the import';

  await save({ state: 'writing' });
  let stage = 'creating the plan item';
  try {
    progress('plan');
    let item = resumed ? await findPlanItem(lists, record) : null;
    if (!item) {
      const created = await lists.create('plans', planFields(plan.header, plan.sections, 'importing', record.transferId));
      item = created;
      await save({ targetPlanId: created.id });
    } else if (record.targetPlanId !== item.id) {
      await save({ targetPlanId: item.id });
    }
    const planId = item.id;
    tally.done += 1;
    progress('plan');

    if (item.fields.ImportState !== 'ready') {
      const items = await writePlanItems({
        lists,
        plan,
        planId,
        generation: record.transferId,
        resume: resumed,
        tally,
        stopped,
        enter: (itemStage: ItemStage) => {
          stage = `writing ${itemStage}`;
        },
        progress,
      });
      if (!items.complete) return await interrupted();

      if (stopped()) return await interrupted();
      // One write makes the plan visible, with its lead mappings: all or nothing.
      stage = 'marking the plan ready';
      progress('finishing');
      await lists.patch('plans', planId, { ImportState: 'ready', ...(plan.leadMappings.length > 0 && leadMappingsFields(plan.leadMappings)) });
    } else {
      // It was finished before the journal could say so.
      alreadyThere.actions = size.actions;
      alreadyThere.updates = size.updates;
      alreadyThere.history = size.history;
      alreadyThere.reminders = size.reminders;
      tally.done = total - 1;
    }
    tally.done = total;
    progress('finishing');
    const keep = request.kind === 'migrate';
    if (keep) await save({ state: 'done' });
    else await journal.remove();
    return { status: 'done', planId, resumed, written, alreadyThere, removedJournal: !keep };
  } catch (error) {
    let removal: RemovalReport | null = null;
    try {
      // Found again rather than remembered: a create whose answer was lost still made an item.
      const item = await findPlanItem(lists, record);
      removal = item ? await removePlanItems(lists, item.id) : { removed: { plans: 0, actions: 0, updates: 0, history: 0, reminders: 0 }, remaining: [] };
    } catch {
      removal = null;
    }
    const complete = removal !== null && removal.remaining.length === 0;
    if (complete) await journal.remove();
    else await save({ state: 'rollback-incomplete' });
    throw new TransferFailedError(stage, error, removal, !complete, request.commands, what);
  }
}

/** Removes what an unfinished transfer wrote, and its journal. */
export async function abandonTransfer(lists: SiteLists, journal: TransferJournal): Promise<RemovalReport & { planId: string | null }> {
  const record = await journal.read();
  if (!record || record.state === 'done') throw new PlanError('invalid_input', `there is nothing to abandon: no unfinished transfer is recorded in ${journal.path}`);
  if (record.siteId !== lists.ids.siteId) throw new PlanError('invalid_input', `the unfinished transfer in ${journal.path} was writing to ${record.siteUrl}, not to this site`);
  const item = await findPlanItem(lists, record);
  const removal = item ? await removePlanItems(lists, item.id) : { removed: { plans: 0, actions: 0, updates: 0, history: 0, reminders: 0 }, remaining: [] };
  if (removal.remaining.length === 0) await journal.remove();
  return { ...removal, planId: item?.id ?? null };
}

export { describeRemoved };
