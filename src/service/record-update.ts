import { pendingRequests, type HistoryEntry } from '../plan/action-history.js';
import type { DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import { timescaleCloses } from '../plan/action-closed.js';
import type { ActionChange, ActionWithUpdates } from '../plan/plan.js';
import type { Rag } from '../plan/rag.js';
import type { Update } from '../plan/update.js';
import { checkImpactEvidence, checkReportedDate, checkUpdateText, planBeganOn } from '../plan/update-rules.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';
import { closesAction, fieldChange } from './change-action.js';
import { proposalEntry } from './completion-requests.js';
import { personUpdateKey, type PersonOrigin } from './person-update-key.js';

export interface RecordUpdateInput {
  actionId: string;
  text: string;
  rag?: Rag;
  /** A new timescale as the person wrote it. */
  timescale?: string;
  /** The day the update reports (a meeting's); today when not given. Never after today nor before the plan began. */
  date?: string;
  /** What difference the action made, when the update completes it. */
  evidence?: string;
  /** The version the person saw; a change to RAG or timescale made since is a conflict. Omit to use the current one. */
  expectedVersion?: string;
  author: string;
  authorId: string | null;
  origin: PersonOrigin;
  /** Whether they may close the action themselves; if not, a completion becomes a proposal to the plan owner. */
  mayClose: boolean;
  /** Idempotency key: a retried or double-clicked submission is recorded once; kept in its origin's namespace. */
  key: string;
  now: Date;
  today: DateOnly;
}

export interface RecordUpdateResult {
  update: Update;
  created: boolean;
  action: ActionWithUpdates;
  /** The completion proposed to the plan owner, when the update asked to close an action they must approve. */
  proposal: HistoryEntry | null;
}

/**
 * Records a person's update on an action with the RAG or timescale change it asks for, checked
 * against the version they saw (someone else's change is never overwritten), and dated with the
 * day it reports. A key already recorded answers with what was recorded and changes nothing: the
 * store decides that before any change, so a retry can neither undo a later change nor be told of
 * a conflict with itself. Completing the action needs its impact evidence; where the plan needs its
 * owner's approval and the person is not the owner, the update is recorded without closing the
 * action and the completion is proposed to the owner.
 */
export async function recordUpdate(store: PlansAndActions & UpdateLog, input: RecordUpdateInput): Promise<RecordUpdateResult> {
  const text = checkUpdateText(input.text);
  const action = await store.getAction(input.actionId);
  if (!action) throw new PlanError('action_not_found', `no action with id ${input.actionId}`);
  const date = input.date === undefined ? input.today : checkReportedDate(input.date, { today: input.today, planBegan: await planBegan(store, action) });

  const key = personUpdateKey(input.origin, input.key);
  const by = { author: input.author, authorId: input.authorId, origin: input.origin };
  let change = fieldChange(action, {
    ...(input.rag !== undefined && { rag: input.rag }),
    ...(input.timescale !== undefined && { timescale: input.timescale }),
    now: input.now,
    today: input.today,
    by,
    key: `${key}#change`,
    date,
    mayClose: input.mayClose,
  });
  const completing = closesAction(action, change);
  const evidence = completing ? checkImpactEvidence(input.evidence) : null;
  const proposing = completing && !input.mayClose;
  if (change && completing) {
    if (proposing) change = withoutClosing(change);
    else change.record.note = evidence;
  }
  const newTimescale = input.timescale?.trim();

  const { update, created } = await store.appendUpdate(
    action.id,
    {
      date,
      dateSource: 'recorded',
      author: input.author,
      authorId: input.authorId,
      text,
      origin: input.origin,
      ragAfter: change?.rag ?? null,
      timescaleAfter: change?.timescale !== undefined && newTimescale ? newTimescale : null,
      key,
      recordedAt: input.now.toISOString(),
    },
    change ? { expectedVersion: input.expectedVersion ?? action.version, change } : undefined,
  );
  // A completion already waiting for the owner is not proposed twice.
  const waiting = pendingRequests(action.history).completion;
  const proposal = !proposing ? null : (waiting ?? (await store.appendHistory(action.id, proposalEntry(action, { by, evidence: evidence!, date, key: `${key}#proposal`, recordedAt: input.now.toISOString() }))).entry);
  const current = await store.getAction(action.id);
  if (!current) throw new PlanError('action_not_found', `action ${action.ref} was deleted while the update was recorded`);
  return { update, created, action: current, proposal };
}

/** When the action's plan began, read only for an update that names its own date. */
async function planBegan(store: PlansAndActions, action: ActionWithUpdates): Promise<DateOnly | null> {
  const plan = await store.getPlan(action.planId);
  if (!plan) throw new PlanError('plan_not_found', `no plan with id "${action.planId}"`);
  return planBeganOn(plan, action.updates);
}

/** A change without what would close the action: the rest of it (a RAG short of Complete, a new date) still stands. */
function withoutClosing(change: ActionChange): ActionChange | null {
  const { rag, timescale, ...rest } = change;
  const kept: ActionChange = { ...rest, ...(rag !== undefined && rag !== 'Complete' && { rag }), ...(timescale !== undefined && !timescaleCloses(timescale) && { timescale }) };
  return kept.rag !== undefined || kept.timescale !== undefined ? kept : null;
}
