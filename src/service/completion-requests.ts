import { pendingRequests, requestedTimescale, statusOf, type Attribution, type FieldChange, type HistoryEntry, type NewHistoryEntry } from '../plan/action-history.js';
import { whyClosed } from '../plan/action-closed.js';
import type { DateOnly } from '../plan/calendar-date.js';
import { PlanError } from '../plan/errors.js';
import type { Action, ActionWithUpdates } from '../plan/plan.js';
import { checkImpactEvidence, checkUpdateText } from '../plan/update-rules.js';
import type { PlansAndActions } from '../store/plans-and-actions.js';
import type { UpdateLog } from '../store/update-log.js';
import { changeActionFields } from './change-action.js';

/*
 * Closure with evidence, and the two requests a lead makes of the plan owner: to close an action
 * (with what difference it made), and to move its timescale (with why). Where the plan has the
 * owner approve, a lead proposes and the owner approves or returns; only an approved completion
 * closes the action and only an agreed timescale changes it. Each step is a history entry.
 */

/** Who is acting, whether they are the plan's owner, and the request's idempotency key and times. */
export interface RequestContext {
  by: Attribution;
  isOwner: boolean;
  /** Whether the plan has its owner approve closures and new timescales. */
  ownerApproves: boolean;
  key: string;
  now: Date;
  today: DateOnly;
  /** The day it counts for (a meeting's), when not today. */
  date?: DateOnly;
}

/** Done at once; asked of the owner (waiting); or an answer recorded that changes nothing (returned, declined). */
export type RequestOutcome = { outcome: 'changed'; action: Action } | { outcome: 'requested'; entry: HistoryEntry } | { outcome: 'answered'; entry: HistoryEntry };

/** A lead's proposal to close an action, awaiting the owner. */
export function proposalEntry(action: Action, input: { by: Attribution; evidence: string; date: DateOnly; key: string; recordedAt: string }): NewHistoryEntry {
  return {
    ...input.by,
    kind: 'completion-proposed',
    changes: [{ field: 'status', was: statusOf(action), now: 'awaiting approval' }],
    note: input.evidence,
    date: input.date,
    recordedAt: input.recordedAt,
    key: input.key,
  };
}

function requireOwner(context: RequestContext, what: string): void {
  if (!context.isOwner) throw new PlanError('not_plan_owner', `only the plan owner can ${what}`);
}

/** Marks an action complete with its impact evidence: closed at once, or proposed to the owner where the plan has the owner approve and the person is not the owner. */
export async function completeAction(store: PlansAndActions & UpdateLog, action: ActionWithUpdates, expectedVersion: string, evidence: string, context: RequestContext): Promise<RequestOutcome> {
  const closed = whyClosed(action);
  if (closed !== null) throw new PlanError('invalid_input', `${action.ref} is already closed (${closed}): nothing to complete`);
  const note = checkImpactEvidence(evidence);
  const date = context.date ?? context.today;
  if (context.ownerApproves && !context.isOwner) {
    if (pendingRequests(action.history).completion) throw new PlanError('invalid_input', `completing ${action.ref} is already proposed and waits for the plan owner`);
    const { entry } = await store.appendHistory(action.id, proposalEntry(action, { by: context.by, evidence: note, date, key: context.key, recordedAt: context.now.toISOString() }));
    return { outcome: 'requested', entry };
  }
  const changed = await changeActionFields(store, action, expectedVersion, { rag: 'Complete', note, ...fieldContext(context, 'changed'), mayClose: true });
  return { outcome: 'changed', action: changed };
}

/** A step that changes no field (a request, a return, a decline), as a history entry by the person, on the day. */
async function recordStep(store: UpdateLog, action: Action, kind: HistoryEntry['kind'], changes: FieldChange[], note: string | null, context: RequestContext): Promise<HistoryEntry> {
  const entry = { ...context.by, kind, changes, note: note === '' ? null : note, date: context.date ?? context.today, recordedAt: context.now.toISOString(), key: context.key };
  return (await store.appendHistory(action.id, entry)).entry;
}

/** An answer that changes nothing (the action is already as asked), recorded so the request is settled. */
async function settled(store: UpdateLog, action: Action, kind: HistoryEntry['kind'], note: string, context: RequestContext): Promise<RequestOutcome> {
  await recordStep(store, action, kind, [], note, context);
  return { outcome: 'changed', action };
}

function fieldContext(context: RequestContext, kind: HistoryEntry['kind']) {
  return { now: context.now, today: context.today, by: context.by, key: context.key, kind, ...(context.date !== undefined && { date: context.date }) };
}

/** The owner's answer to a proposed completion: approved closes the action with the lead's evidence; returned says why and leaves it open. */
export async function answerCompletion(
  store: PlansAndActions & UpdateLog,
  action: ActionWithUpdates,
  expectedVersion: string,
  answer: { approve: boolean; note?: string | null },
  context: RequestContext,
): Promise<RequestOutcome> {
  requireOwner(context, `${answer.approve ? 'approve' : 'return'} the completion of ${action.ref}`);
  const proposal = pendingRequests(action.history).completion;
  if (!proposal) throw new PlanError('invalid_input', `nobody has proposed completing ${action.ref}: there is nothing to ${answer.approve ? 'approve' : 'return'}`);
  if (answer.approve) {
    const note = [proposal.note, answer.note?.trim()].filter((n) => n).join(' — ');
    // Already Complete (set in SharePoint, say): the approval is recorded all the same, so the request is answered.
    if (action.rag === 'Complete') return settled(store, action, 'completion-approved', note, context);
    const changed = await changeActionFields(store, action, expectedVersion, { rag: 'Complete', note, ...fieldContext(context, 'completion-approved'), mayClose: true });
    return { outcome: 'changed', action: changed };
  }
  const why = checkUpdateText(answer.note ?? '', 'note');
  return { outcome: 'answered', entry: await recordStep(store, action, 'completion-returned', [{ field: 'status', was: 'awaiting approval', now: statusOf(action) }], why, context) };
}

/**
 * A new timescale with its reason: changed at once by the owner, or where the plan does not have
 * the owner approve; else asked of the owner, and the action keeps its timescale until agreed.
 */
export async function changeTimescale(
  store: PlansAndActions & UpdateLog,
  action: ActionWithUpdates,
  expectedVersion: string,
  request: { timescale: string; reason: string },
  context: RequestContext,
): Promise<RequestOutcome> {
  const reason = checkUpdateText(request.reason, 'reason');
  const wanted = request.timescale.trim();
  if (wanted === '') throw new PlanError('invalid_input', 'a new timescale needs its words ("June 2026")', { at: { column: 'timescale' } });
  if (wanted === action.timescale.asWritten.trim()) throw new PlanError('invalid_input', `${action.ref}'s timescale is already "${wanted}"`, { at: { column: 'timescale' } });
  if (!context.ownerApproves || context.isOwner) {
    const changed = await changeActionFields(store, action, expectedVersion, { timescale: wanted, note: reason, ...fieldContext(context, 'changed'), mayClose: context.isOwner || !context.ownerApproves });
    return { outcome: 'changed', action: changed };
  }
  return { outcome: 'requested', entry: await recordStep(store, action, 'timescale-requested', [{ field: 'timescale', was: action.timescale.asWritten, now: wanted }], reason, context) };
}

/** The owner's answer to a timescale request: agreed changes the action to it; declined says why and changes nothing. */
export async function answerTimescale(
  store: PlansAndActions & UpdateLog,
  action: ActionWithUpdates,
  expectedVersion: string,
  answer: { agree: boolean; note?: string | null },
  context: RequestContext,
): Promise<RequestOutcome> {
  requireOwner(context, `${answer.agree ? 'agree' : 'decline'} a new timescale for ${action.ref}`);
  const request = pendingRequests(action.history).timescale;
  const wanted = request ? requestedTimescale(request) : null;
  if (!request || wanted === null) throw new PlanError('invalid_input', `nobody has asked for a new timescale for ${action.ref}`);
  if (answer.agree) {
    const note = [request.note, answer.note?.trim()].filter((n) => n).join(' — ');
    if (wanted.trim() === action.timescale.asWritten.trim()) return settled(store, action, 'timescale-agreed', note, context);
    const changed = await changeActionFields(store, action, expectedVersion, { timescale: wanted, note, ...fieldContext(context, 'timescale-agreed'), mayClose: true });
    return { outcome: 'changed', action: changed };
  }
  const why = checkUpdateText(answer.note ?? '', 'note');
  return { outcome: 'answered', entry: await recordStep(store, action, 'timescale-declined', [], why, context) };
}
