import type { DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import type { ActionWithUpdates } from '../plan/plan.js';
import type { Rag } from '../plan/rag.js';
import type { Update, UpdateOrigin } from '../plan/update.js';
import { checkUpdateText } from '../plan/update-rules.js';
import type { PlanStore } from '../store/plan-store.js';
import { changeActionFields } from './change-action.js';

export interface RecordUpdateInput {
  actionId: string;
  text: string;
  rag?: Rag;
  /** A new timescale as the person wrote it. */
  timescale?: string;
  /** The version the person saw; a change to RAG or timescale made since is a conflict. Omit to use the current one. */
  expectedVersion?: string;
  author: string;
  authorId: string | null;
  origin: UpdateOrigin;
  /** Idempotency key: a retried or double-clicked submission is recorded once. */
  key: string;
  now: Date;
  today: DateOnly;
}

export interface RecordUpdateResult {
  update: Update;
  created: boolean;
  action: ActionWithUpdates;
}

/**
 * Records a person's update on an action: RAG or timescale changes first (checked against the
 * version they saw, so someone else's change is never overwritten), then the update appended.
 * Repeating the same key changes nothing.
 */
export async function recordUpdate(store: PlanStore, input: RecordUpdateInput): Promise<RecordUpdateResult> {
  const text = checkUpdateText(input.text);
  const action = await store.getAction(input.actionId);
  if (!action) throw new PlanError('action_not_found', `no action with id ${input.actionId}`);

  await changeActionFields(store, action, input.expectedVersion ?? action.version, {
    ...(input.rag !== undefined && { rag: input.rag }),
    ...(input.timescale !== undefined && { timescale: input.timescale }),
    now: input.now,
    today: input.today,
  });
  const newTimescale = input.timescale?.trim();

  const { update, created } = await store.appendUpdate(action.id, {
    date: input.today,
    dateSource: 'recorded',
    author: input.author,
    authorId: input.authorId,
    text,
    origin: input.origin,
    ragAfter: input.rag ?? null,
    timescaleAfter: newTimescale ? newTimescale : null,
    key: input.key,
    recordedAt: input.now.toISOString(),
  });
  const current = await store.getAction(action.id);
  if (!current) throw new PlanError('action_not_found', `action ${action.ref} was deleted while the update was recorded`);
  return { update, created, action: current };
}
