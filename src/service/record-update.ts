import type { DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import type { ActionWithUpdates } from '../plan/plan.js';
import type { Rag } from '../plan/rag.js';
import type { Update } from '../plan/update.js';
import { checkUpdateText } from '../plan/update-rules.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';
import { fieldChange } from './change-action.js';
import { personUpdateKey, type PersonOrigin } from './person-update-key.js';

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
  origin: PersonOrigin;
  /** Idempotency key: a retried or double-clicked submission is recorded once; kept in its origin's namespace. */
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
 * Records a person's update on an action with the RAG or timescale change it asks for, checked
 * against the version they saw (someone else's change is never overwritten). A key already
 * recorded answers with what was recorded and changes nothing: the store decides that before any
 * change, so a retry can neither undo a later change nor be told of a conflict with itself.
 */
export async function recordUpdate(store: PlansAndActions & UpdateLog, input: RecordUpdateInput): Promise<RecordUpdateResult> {
  const text = checkUpdateText(input.text);
  const action = await store.getAction(input.actionId);
  if (!action) throw new PlanError('action_not_found', `no action with id ${input.actionId}`);

  const change = fieldChange(action, {
    ...(input.rag !== undefined && { rag: input.rag }),
    ...(input.timescale !== undefined && { timescale: input.timescale }),
    now: input.now,
    today: input.today,
  });
  const newTimescale = input.timescale?.trim();

  const { update, created } = await store.appendUpdate(
    action.id,
    {
      date: input.today,
      dateSource: 'recorded',
      author: input.author,
      authorId: input.authorId,
      text,
      origin: input.origin,
      ragAfter: input.rag ?? null,
      timescaleAfter: newTimescale ? newTimescale : null,
      key: personUpdateKey(input.origin, input.key),
      recordedAt: input.now.toISOString(),
    },
    change ? { expectedVersion: input.expectedVersion ?? action.version, change } : undefined,
  );
  const current = await store.getAction(action.id);
  if (!current) throw new PlanError('action_not_found', `action ${action.ref} was deleted while the update was recorded`);
  return { update, created, action: current };
}
