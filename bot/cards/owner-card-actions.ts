import { refreshUserIds } from './adaptive-card.js';
import { dateIn } from '../../src/config/today.js';
import { whyClosed } from '../../src/plan/action-closed.js';
import type { HistoryEntry } from '../../src/plan/action-history.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { PlanError, VersionConflictError } from '../../src/plan/errors.js';
import type { ActionWithUpdates, Plan } from '../../src/plan/plan.js';
import { MAX_UPDATE_TEXT_LENGTH } from '../../src/plan/update-rules.js';
import { answerCompletion, answerTimescale, type RequestContext } from '../../src/service/completion-requests.js';
import { ownerStanding, type OwnerStanding } from '../../src/service/owner-standing.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import { cardResponse, errorResponse, messageResponse, type CardActionResponse } from '../conversation/invoke-response.js';
import type { Person } from '../conversation/lead-check.js';
import type { Notice } from './action-panel.js';
import { answersCompletion, ownerAnswerKey, saysYes, type OwnerAnswerData, type OwnerAnswerVerb, type OwnerCardContext, type RequestRef } from './owner-card-data.js';
import { ownerRequestsCard, type OwnerRequestItem, type OwnerRequestsCardInput, type OwnerRequestState } from './owner-requests-card.js';
import { requestKind, requestStanding } from './request-standing.js';

/*
 * The plan owner's answers on their requests card (owner-requests-card.ts): approve or return a
 * proposed completion, agree or decline a new timescale, through the same service as the tab
 * (src/service/completion-requests.ts), from a card. The answer's key comes from the request and
 * the button, so a double press or a retried invoke answers once; the card that comes back shows
 * every request on it as the store has it now.
 */

export interface OwnerCardDeps {
  store: PlanStore;
  clock: () => Date;
  /** Counts and codes only: never what anyone wrote. */
  log?: (event: string, fields: Record<string, string | number | boolean>) => void;
}

/** The card's requests, read back from the store, and who is looking at it. */
interface OwnerCard {
  plan: Plan;
  today: DateOnly;
  now: Date;
  context: OwnerCardContext;
  /** By action id: the action as it is now, null when deleted or of another plan. */
  actions: Map<string, ActionWithUpdates | null>;
  person: Person;
  standing: OwnerStanding;
}

const PLAN_GONE = 'This plan is no longer available (it was deleted or replaced). Nothing was recorded.';

async function readOwnerCard(store: PlanStore, context: OwnerCardContext, person: Person, now: Date): Promise<OwnerCard | null> {
  const plan = await store.getPlan(context.planId);
  if (!plan) return null;
  const ids = [...new Set(context.requests.map((r) => r.actionId))];
  const found = await Promise.all(ids.map(async (id) => [id, await store.getAction(id)] as const));
  // An action of another plan is not this card's, whatever the data says.
  const actions = new Map(found.map(([id, action]) => [id, action && action.planId === plan.id ? action : null]));
  const standing = await ownerStanding(store, plan, { name: person.name, userId: person.id === '' ? null : person.id });
  return { plan, today: dateIn(plan.timeZone, now), now, context, actions, person, standing };
}

function notTheOwner(card: OwnerCard): Notice {
  return { tone: 'default', text: `Only the plan owner (${card.context.owner}) can answer this request.` };
}

/** Where a request on the card stands now, for the person looking. */
function standingOf(card: OwnerCard, ref: RequestRef): OwnerRequestState {
  const action = card.actions.get(ref.actionId) ?? null;
  if (!action) return { kind: 'gone' };
  const standing = requestStanding(action.history, ref.requestId);
  switch (standing.kind) {
    case 'unknown':
      return { kind: 'gone' };
    case 'answered':
      return { kind: 'answered', answer: standing.answer };
    case 'superseded':
      return { kind: 'superseded' };
    case 'waiting': {
      const closed = whyClosed(action);
      if (closed !== null) return { kind: 'closed', why: closed };
      return card.standing.isOwner ? { kind: 'open' } : { kind: 'readOnly', notice: notTheOwner(card) };
    }
  }
}

function cardInput(card: OwnerCard): OwnerRequestsCardInput {
  const items: OwnerRequestItem[] = card.context.requests.map((ref) => {
    const action = card.actions.get(ref.actionId) ?? null;
    const request = action?.history.find((h) => h.id === ref.requestId && requestKind(h) !== null) ?? null;
    return { ref, request, action: action && { id: action.id, ref: action.ref, title: action.title, rag: action.rag, timescale: action.timescale, version: action.version } };
  });
  return {
    plan: { id: card.plan.id, title: card.plan.title, timeZone: card.plan.timeZone },
    owner: card.context.owner,
    userIds: refreshUserIds(card.context.userIds, card.person.mri),
    today: card.today,
    items,
  };
}

function states(card: OwnerCard, override: { requestId: string; state: OwnerRequestState } | null): Record<string, OwnerRequestState> {
  return Object.fromEntries(card.context.requests.map((ref) => [ref.requestId, override?.requestId === ref.requestId ? override.state : standingOf(card, ref)]));
}

/** The card as it stands, with what went wrong said at the top and by the request. */
function problemCard(card: OwnerCard, requestId: string, state: OwnerRequestState, banner: Notice): CardActionResponse {
  return cardResponse(ownerRequestsCard(cardInput(card), { heading: 'Nothing recorded', banner, states: states(card, { requestId, state }), asOf: card.now.toISOString() }));
}

const ANSWERED_HEADING: Record<string, (ref: string) => string> = {
  'completion-approved': (ref) => `Completion of ${ref} approved`,
  'completion-returned': (ref) => `${ref} returned to the lead`,
  'timescale-agreed': (ref) => `New timescale for ${ref} agreed`,
  'timescale-declined': (ref) => `New timescale for ${ref} declined`,
};

/** The card that replaces the owner's after an answer: what was answered, by whom and when, and the rest as they stand. */
function answeredCard(card: OwnerCard, requestId: string, ref: string, answer: HistoryEntry): CardActionResponse {
  const heading = ANSWERED_HEADING[answer.kind]?.(ref) ?? `Answered on ${ref}`;
  return cardResponse(ownerRequestsCard(cardInput(card), { heading, states: states(card, { requestId, state: { kind: 'answered', answer } }) }));
}

/** "approve the completion of 3.4": what the button does, in the words a refusal uses. */
function whatItDoes(verb: OwnerAnswerVerb, ref: string): string {
  if (answersCompletion(verb)) return `${saysYes(verb) ? 'approve' : 'return'} the completion of ${ref}`;
  return `${saysYes(verb) ? 'agree' : 'decline'} a new timescale for ${ref}`;
}

/** The reason a return or a decline needs, or what is wrong with it. */
function reasonProblem(verb: OwnerAnswerVerb, note: string | undefined): string | null {
  const trimmed = note?.trim() ?? '';
  if (trimmed === '') return `Say why you are ${answersCompletion(verb) ? 'returning it' : 'declining it'}: the lead reads your reason.`;
  if (trimmed.length > MAX_UPDATE_TEXT_LENGTH) {
    return `A reason is at most ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} characters; this one is ${trimmed.length.toLocaleString('en-GB')}. The first ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} are kept in the box for you to shorten.`;
  }
  return null;
}

function recordedWith(action: ActionWithUpdates | null, key: string): HistoryEntry | undefined {
  return action?.history.find((h) => h.key === key);
}

export async function answerOwnerRequest(deps: OwnerCardDeps, verb: OwnerAnswerVerb, data: OwnerAnswerData, person: Person): Promise<CardActionResponse> {
  const { store } = deps;
  const placed = data.context.requests[data.slot];
  if (!placed || placed.actionId !== data.actionId || placed.requestId !== data.requestId) {
    return errorResponse(400, 'BadRequest', 'the request does not match its place on the card');
  }
  const card = await readOwnerCard(store, data.context, person, deps.clock());
  if (!card) return messageResponse(PLAN_GONE);
  const { requestId } = data;
  const action = card.actions.get(data.actionId) ?? null;
  const standing = action ? requestStanding(action.history, requestId) : { kind: 'unknown' as const };
  if (!action || standing.kind === 'unknown') {
    return problemCard(card, requestId, { kind: 'gone' }, { tone: 'attention', text: 'That request is no longer in the plan (the action was deleted, or the plan was imported again), so nothing was recorded.' });
  }
  const kind = requestKind(standing.request);
  if ((kind === 'completion') !== answersCompletion(verb)) {
    return errorResponse(400, 'BadRequest', `"${verb}" does not answer a request of this kind`);
  }
  const ref = action.ref;

  if (!card.standing.isOwner) {
    deps.log?.('ownerCard.refused', { verb, plan: card.plan.id });
    return problemCard(card, requestId, { kind: 'readOnly', notice: notTheOwner(card) }, {
      tone: 'attention',
      text: `Sorry, only the plan owner can ${whatItDoes(verb, ref)}, and you are not the plan owner. Nothing was recorded.`,
    });
  }

  const key = ownerAnswerKey(requestId, verb);
  const earlier = recordedWith(action, key);
  if (earlier) {
    // A double press or a retried invoke: the answer is on record once; the card says so again.
    deps.log?.('ownerCard.repeat', { verb, plan: card.plan.id });
    return answeredCard(card, requestId, ref, earlier);
  }
  if (standing.kind === 'answered') {
    return problemCard(card, requestId, { kind: 'answered', answer: standing.answer }, { tone: 'default', text: `This request on ${ref} was answered already, so nothing more was recorded.` });
  }
  if (standing.kind === 'superseded') {
    return problemCard(card, requestId, { kind: 'superseded' }, { tone: 'default', text: `The lead has asked again about ${ref} since this card was sent, so nothing was recorded: answer the newer request.` });
  }
  const closed = whyClosed(action);
  if (closed !== null) {
    return problemCard(card, requestId, { kind: 'closed', why: closed }, { tone: 'good', text: `${ref} is closed already (${closed}), so nothing was recorded.` });
  }

  const yes = saysYes(verb);
  if (!yes) {
    const problem = reasonProblem(verb, data.note);
    if (problem) {
      deps.log?.('ownerCard.invalid', { verb, plan: card.plan.id });
      return problemCard(card, requestId, { kind: 'open', error: problem, ...(data.note !== undefined && { note: data.note }) }, {
        tone: 'attention',
        text: `Nothing was recorded on ${ref}: ${answersCompletion(verb) ? 'returning a completion' : 'declining a new timescale'} needs your reason.`,
      });
    }
  }

  const context: RequestContext = {
    by: { author: person.name, authorId: person.id === '' ? null : person.id, origin: 'card' },
    isOwner: card.standing.isOwner,
    ownerApproves: card.standing.ownerApproves,
    key,
    now: card.now,
    today: card.today,
  };
  const note = yes ? null : (data.note ?? null);
  try {
    if (answersCompletion(verb)) await answerCompletion(store, action, data.version, { approve: yes, note }, context);
    else await answerTimescale(store, action, data.version, { agree: yes, note }, context);
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    const current = await store.getAction(action.id);
    card.actions.set(action.id, current && current.planId === card.plan.id ? current : null);
    // Two presses at once: the other one recorded this very answer.
    const same = recordedWith(current, key);
    if (same) return answeredCard(card, requestId, ref, same);
    if (!current || error.code === 'action_not_found') {
      return problemCard(card, requestId, { kind: 'gone' }, { tone: 'attention', text: 'That action is no longer in the plan, so nothing was recorded.' });
    }
    if (error instanceof VersionConflictError) {
      deps.log?.('ownerCard.conflict', { verb, plan: card.plan.id });
      const now = `RAG now ${current.rag}, timescale "${current.timescale.asWritten}"`;
      return problemCard(card, requestId, standingOf(card, { actionId: action.id, requestId }), {
        tone: 'warning',
        text: `Nothing was recorded on ${ref}: the action was changed after this card was sent (${now}). It is shown below as it is now: answer again if your answer still holds.`,
      });
    }
    if (error.code === 'not_plan_owner' || error.code === 'invalid_input') {
      deps.log?.('ownerCard.notRecorded', { verb, plan: card.plan.id, error: error.code });
      return problemCard(card, requestId, standingOf(card, { actionId: action.id, requestId }), { tone: 'attention', text: `Nothing was recorded on ${ref}: ${error.message}.` });
    }
    throw error;
  }

  const after = await store.getAction(action.id);
  card.actions.set(action.id, after);
  const answer = recordedWith(after, key);
  if (!answer) {
    // The service changed nothing (the action already stands as asked), so there is no answer to show.
    return problemCard(card, requestId, standingOf(card, { actionId: action.id, requestId }), {
      tone: 'default',
      text: `Nothing was recorded on ${ref}: it already stands as the request asks (RAG ${after?.rag ?? action.rag}, timescale "${after?.timescale.asWritten ?? action.timescale.asWritten}").`,
    });
  }
  deps.log?.('ownerCard.answered', { verb, plan: card.plan.id });
  return answeredCard(card, requestId, ref, answer);
}

/** The card as things stand, for the owner opening it later (Teams' refresh) or anyone else. */
export async function refreshOwnerCard(deps: OwnerCardDeps, context: OwnerCardContext, person: Person): Promise<CardActionResponse> {
  const card = await readOwnerCard(deps.store, context, person, deps.clock());
  if (!card) return messageResponse(PLAN_GONE);
  return cardResponse(ownerRequestsCard(cardInput(card), { states: states(card, null), asOf: card.now.toISOString() }));
}
