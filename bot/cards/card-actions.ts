import { refreshUserIds } from './adaptive-card.js';
import { dateIn } from '../../src/config/today.js';
import { isClosed } from '../../src/plan/action-closed.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { describeLocation, PlanError, VersionConflictError } from '../../src/plan/errors.js';
import { latestUpdate } from '../../src/plan/latest-update.js';
import type { ActionWithUpdates, Plan } from '../../src/plan/plan.js';
import { isRag, RAG_VALUES } from '../../src/plan/rag.js';
import { checkImpactEvidence, checkReportedDate, checkUpdateText, MAX_UPDATE_TEXT_LENGTH, planBeganOn } from '../../src/plan/update-rules.js';
import { ownerStanding } from '../../src/service/owner-standing.js';
import { readNewTimescale } from '../../src/service/change-action.js';
import { recordUpdate } from '../../src/service/record-update.js';
import type { PlanStore } from '../../src/store/plan-store.js';
import type { Reminder } from '../../src/store/reminder-log.js';
import { cardKeyPrefix, cardUpdateKey } from './card-update-key.js';
import { MAX_TIMESCALE_LENGTH, type FieldErrors, type ItemState, type Notice, type ReminderItem, type SubmittedValues } from './action-panel.js';
import { cardActionView } from './card-action-view.js';
import { CARD_VERBS, isAnswerVerb, keyDigest, parseAnswerData, parseRefreshData, type AnswerData, type AnswerVerb, type CardContext, type CardReference } from './card-data.js';
import { currentStateCard } from './current-state-card.js';
import { displayDate } from './display-date.js';
import type { LeadCardInput } from './lead-card.js';
import { recordedCard } from './recorded-card.js';
import { answerOwnerRequest, refreshOwnerCard } from './owner-card-actions.js';
import { isOwnerAnswerVerb, OWNER_CARD_VERBS, parseOwnerAnswerData, parseOwnerRefreshData } from './owner-card-data.js';
import { cardResponse, errorResponse, messageResponse, type CardActionResponse } from '../conversation/invoke-response.js';
import { leadCheck, type LeadCheck, type Person } from '../conversation/lead-check.js';
import { snoozeEnds, wasSnoozed } from '../reminders/reminder-snooze.js';

export interface CardActionDeps {
  store: PlanStore;
  clock: () => Date;
  /** Counts and codes only: never the text of a plan or an update. */
  log?: (event: string, fields: Record<string, string | number | boolean>) => void;
}

/** An `adaptiveCard/action` invoke: value.action.verb and .data, and who pressed the button. */
export interface CardInvoke {
  verb: string;
  data: unknown;
  user: Person;
}

export type { CardActionResponse } from '../conversation/invoke-response.js';

/** The card's reminders, read back from the store: the plan, each reminder's log entry and its action now. */
interface CardState {
  plan: Plan;
  today: DateOnly;
  now: Date;
  context: CardContext;
  reminders: Map<string, Reminder>;
  /** By reminder key: the action as it is now, null when deleted or unknown. */
  actions: Map<string, ActionWithUpdates | null>;
  mayAnswer: LeadCheck;
  person: Person;
}

const PLAN_GONE = 'This plan is no longer available (it was deleted or replaced). Nothing was recorded.';

function issues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : 'data'}: ${i.message}`)
    .join('; ');
}

async function readCard(store: PlanStore, reference: CardReference, person: Person, now: Date, answered?: AnswerData): Promise<CardState | null> {
  const plan = await store.getPlan(reference.planId);
  if (!plan) return null;
  const byDigest = new Map((await store.listReminders({ planId: plan.id })).map((r) => [keyDigest(r.key), r]));
  // The card's reminders found again in the log; the one answered is named in full by its button.
  const keys = reference.digests.map((digest) => byDigest.get(digest)?.key ?? (answered && keyDigest(answered.reminderKey) === digest ? answered.reminderKey : `unknown:${digest}`));
  const reminders = new Map(reference.digests.flatMap((digest) => (byDigest.has(digest) ? [[byDigest.get(digest)!.key, byDigest.get(digest)!] as const] : [])));
  const idOf = (key: string): string | null => reminders.get(key)?.actionId ?? (answered?.reminderKey === key ? answered.actionId : null);
  const ids = [...new Set(keys.map(idOf).filter((id): id is string => id !== null))];
  const found = new Map(await Promise.all(ids.map(async (id) => [id, await store.getAction(id)] as const)));
  const actions = new Map(
    keys.map((key) => {
      const id = idOf(key);
      const action = id === null ? null : (found.get(id) ?? null);
      // An action of another plan is not this card's, whatever the data says.
      return [key, action && action.planId === plan.id ? action : null];
    }),
  );
  const context: CardContext = { planId: plan.id, lead: reference.lead, userIds: reference.userIds, keys };
  return { plan, today: dateIn(plan.timeZone, now), now, context, reminders, actions, mayAnswer: await leadCheck(store, plan.id, person), person };
}

function onlyLeads(action: ActionWithUpdates): Notice {
  const leads = action.leadsText.trim() === '' ? 'named in the plan' : `(${action.leadsText.replace(/\s+/g, ' ').trim()})`;
  return { tone: 'default', text: `Only the leads of ${action.ref} ${leads} can answer for it.` };
}

/** What an action on the card shows now, from the store: answered from this card, snoozed, complete, or open. */
function standing(card: CardState, key: string): ItemState {
  const action = card.actions.get(key) ?? null;
  if (!action) return { kind: 'gone' };
  const reminder = card.reminders.get(key);
  const prefix = cardKeyPrefix(key);
  const fromCard = action.updates.filter((u) => u.key.startsWith(prefix)).at(-1);
  if (fromCard) return { kind: 'recorded', update: fromCard };
  if (reminder && wasSnoozed(reminder, action, card.plan.timeZone)) {
    const until = snoozeEnds(reminder.answeredAt!, card.plan.timeZone);
    if (card.today < until) return { kind: 'snoozed', until };
  } else if (reminder?.status === 'answered') {
    // Answered another way (a reply in the chat): its latest update is the answer.
    const latest = latestUpdate(action.updates);
    if (latest) return { kind: 'recorded', update: latest };
  }
  if (isClosed(action)) return { kind: 'closed' };
  if (!card.mayAnswer(action, reminder)) return { kind: 'readOnly', notice: onlyLeads(action) };
  return { kind: 'open' };
}

function cardInput(card: CardState): LeadCardInput {
  const items: ReminderItem[] = card.context.keys.map((key) => {
    const action = card.actions.get(key) ?? null;
    return { key, reason: card.reminders.get(key)?.reason ?? null, action: action ? cardActionView(action) : null };
  });
  return {
    plan: { id: card.plan.id, title: card.plan.title, timeZone: card.plan.timeZone },
    lead: card.context.lead,
    userIds: refreshUserIds(card.context.userIds, card.person.mri),
    today: card.today,
    items,
  };
}

function states(card: CardState, override: { key: string; state: ItemState } | null): Record<string, ItemState> {
  return Object.fromEntries(card.context.keys.map((key) => [key, override && override.key === key ? override.state : standing(card, key)]));
}

/** The card as it stands, with what went wrong said at the top and by the action. */
function problemCard(card: CardState, key: string, state: ItemState, problem: Notice): CardActionResponse {
  return cardResponse(currentStateCard({ ...cardInput(card), states: states(card, { key, state }), asOf: card.now.toISOString(), problem }));
}

function answeredCard(card: CardState, key: string, state: ItemState): CardActionResponse {
  return cardResponse(recordedCard({ ...cardInput(card), answeredKey: key, states: states(card, { key, state }) }));
}

function withoutLocation(error: PlanError): string {
  return error.at ? error.message.slice(describeLocation(error.at).length + 2) : error.message;
}

/** The rules an answer must meet, each broken one said by its field. */
function checkAnswer(action: ActionWithUpdates, values: Required<Pick<SubmittedValues, 'text'>> & SubmittedValues, card: CardState): FieldErrors {
  const errors: FieldErrors = {};
  const said = (error: unknown): string => {
    if (!(error instanceof PlanError)) throw error;
    const message = withoutLocation(error);
    return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
  };
  if (values.date !== undefined) {
    try {
      checkReportedDate(values.date, { today: card.today, planBegan: planBeganOn(card.plan, action.updates) });
    } catch (error) {
      errors.date = said(error);
    }
  }
  const written = values.timescale?.trim();
  // Read as record-update will read it, once for both checks below.
  const newTimescale = written && written.length <= MAX_TIMESCALE_LENGTH ? readNewTimescale(action, written, card.today) : null;
  // Completing asks what difference it made, on the card as in the tab.
  const after = { rag: values.rag !== undefined && isRag(values.rag) ? values.rag : action.rag, timescale: newTimescale ?? action.timescale };
  if (!isClosed(action) && isClosed(after)) {
    try {
      checkImpactEvidence(values.evidence);
    } catch (error) {
      errors.evidence = said(error);
    }
  }
  try {
    checkUpdateText(values.text);
  } catch (error) {
    const kept = values.text.trim().length > MAX_UPDATE_TEXT_LENGTH ? ` The first ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} are kept in the box for you to shorten.` : '';
    errors.text = `${said(error)}${kept}`;
  }
  if (values.rag !== undefined && !isRag(values.rag)) {
    errors.rag = `"${values.rag.slice(0, 40)}" is not a RAG status: choose one of ${RAG_VALUES.join(', ')}.`;
  }
  if (written && written.length > MAX_TIMESCALE_LENGTH) {
    errors.timescale = `A timescale is at most ${MAX_TIMESCALE_LENGTH} characters, such as "March 2018" or "Quarterly".`;
  } else if (newTimescale?.reading.kind === 'unclear') {
    errors.timescale = `"${written}" cannot be read as a timescale: ${newTimescale.reading.reason}. Write a month and year ("March 2018"), a quarter ("Q3 2018"), or "Quarterly".`;
  }
  return errors;
}

async function markAnswered(store: PlanStore, reminder: Reminder | undefined, at: Date): Promise<void> {
  if (!reminder || reminder.status === 'answered') return;
  await store.recordReminderOutcome(reminder.key, { status: 'answered', at: at.toISOString() });
}

async function answer(deps: CardActionDeps, verb: AnswerVerb, data: AnswerData, person: Person): Promise<CardActionResponse> {
  const { store } = deps;
  if (data.context.digests[data.slot] !== keyDigest(data.reminderKey)) {
    return errorResponse(400, 'BadRequest', 'the reminder key does not match its place on the card');
  }
  const card = await readCard(store, data.context, person, deps.clock(), data);
  if (!card) return messageResponse(PLAN_GONE);
  const key = data.reminderKey;
  const reminder = card.reminders.get(key);
  if (reminder && reminder.actionId !== data.actionId) {
    return errorResponse(400, 'BadRequest', 'the reminder is not about the action named in the data');
  }
  const action = card.actions.get(key) ?? null;
  if (!action) {
    return problemCard(card, key, { kind: 'gone' }, { tone: 'attention', text: 'That action is no longer in the plan, so nothing was recorded.' });
  }
  if (!card.mayAnswer(action, reminder)) {
    deps.log?.('card.refused', { verb, plan: card.plan.id });
    const notice: Notice = {
      tone: 'attention',
      text: `Sorry, only the leads of ${action.ref} can record an update on it, and you are not one of them in the plan. Nothing was recorded. If you should be, please ask the plan owner to add you.`,
    };
    return problemCard(card, key, { kind: 'readOnly', notice: onlyLeads(action) }, notice);
  }

  if (verb === CARD_VERBS.snooze) {
    if (!reminder) {
      return problemCard(card, key, { kind: 'open' }, { tone: 'attention', text: `This reminder about ${action.ref} is not in the reminder log, so it cannot be snoozed. Nothing was recorded.` });
    }
    const answeredAt = reminder.status === 'answered' && reminder.answeredAt ? reminder.answeredAt : card.now.toISOString();
    await markAnswered(store, reminder, card.now);
    deps.log?.('card.snoozed', { plan: card.plan.id });
    return answeredCard(card, key, { kind: 'snoozed', until: snoozeEnds(answeredAt, card.plan.timeZone) });
  }

  const values: Required<Pick<SubmittedValues, 'text'>> & SubmittedValues =
    verb === CARD_VERBS.markComplete
      ? { text: 'Marked complete', rag: 'Complete', date: data.date, evidence: data.evidence }
      : { text: data.text ?? '', rag: data.rag, timescale: data.timescale, date: data.date, evidence: data.evidence };
  const updateKey = cardUpdateKey(key, verb, values);
  const recordedBefore = (a: ActionWithUpdates) => a.updates.find((u) => u.key === updateKey);
  const earlier = recordedBefore(action);
  if (earlier) {
    // A double click or a retried invoke: the answer is on record once; the card says so again.
    deps.log?.('card.repeat', { verb, plan: card.plan.id });
    return answeredCard(card, key, { kind: 'recorded', update: earlier });
  }
  if (verb === CARD_VERBS.markComplete && action.rag === 'Complete') {
    return problemCard(card, key, { kind: 'closed' }, { tone: 'good', text: `${action.ref} was already complete, so nothing was recorded.` });
  }

  const errors = checkAnswer(action, values, card);
  if (Object.keys(errors).length > 0) {
    deps.log?.('card.invalid', { verb, plan: card.plan.id, fields: Object.keys(errors).join(',') });
    return problemCard(card, key, { kind: 'open', errors, values }, { tone: 'attention', text: `Your update on ${action.ref} was not recorded: please correct what is marked below.` });
  }

  try {
    const result = await recordUpdate(store, {
      actionId: action.id,
      text: values.text,
      ...(values.rag !== undefined && isRag(values.rag) && { rag: values.rag }),
      ...(values.timescale !== undefined && { timescale: values.timescale }),
      ...(values.date !== undefined && { date: values.date }),
      ...(values.evidence !== undefined && { evidence: values.evidence }),
      expectedVersion: data.version,
      author: person.name,
      authorId: person.id,
      origin: 'card',
      mayClose: (await ownerStanding(store, card.plan, { name: person.name, userId: person.id })).mayDecide,
      key: updateKey,
      now: card.now,
      today: card.today,
    });
    // The update is on record; a log that cannot say so only costs the 7-day quiet of a snooze.
    await markAnswered(store, reminder, card.now).catch((error: unknown) => {
      deps.log?.('card.reminderLogFailed', { plan: card.plan.id, error: error instanceof PlanError ? error.code : 'unknown' });
    });
    card.actions.set(key, result.action);
    deps.log?.('card.recorded', { verb, plan: card.plan.id, created: result.created });
    return answeredCard(card, key, { kind: 'recorded', update: result.update, proposed: result.proposal !== null });
  } catch (error) {
    if (error instanceof VersionConflictError) {
      const current = await store.getAction(action.id);
      card.actions.set(key, current);
      if (!current) return problemCard(card, key, { kind: 'gone' }, { tone: 'attention', text: 'That action is no longer in the plan, so nothing was recorded.' });
      // Two presses at once: the other one recorded this very answer.
      const same = recordedBefore(current);
      if (same) return answeredCard(card, key, { kind: 'recorded', update: same });
      deps.log?.('card.conflict', { verb, plan: card.plan.id });
      const changed = `RAG now ${current.rag}, timescale "${current.timescale.asWritten}"${current.lastUpdated ? `, last changed ${displayDate(current.lastUpdated)}` : ''}`;
      const notice: Notice = {
        tone: 'warning',
        text: `Changed by someone else after this reminder was sent (${changed}). Check the action as it is now and record your update again.`,
      };
      const banner: Notice = {
        tone: 'warning',
        text: `Your update on ${current.ref} was not recorded: someone else changed the action after this reminder was sent, and their change is kept. Your text is still in the form.`,
      };
      return problemCard(card, key, { kind: 'open', notice, values: { ...values, rag: current.rag } }, banner);
    }
    if (error instanceof PlanError && error.code === 'action_not_found') {
      card.actions.set(key, null);
      return problemCard(card, key, { kind: 'gone' }, { tone: 'attention', text: 'That action is no longer in the plan, so nothing was recorded.' });
    }
    if (error instanceof PlanError && error.code === 'invalid_input') {
      const message = withoutLocation(error);
      return problemCard(card, key, { kind: 'open', values, errors: { text: message } }, { tone: 'attention', text: `Your update on ${action.ref} was not recorded: ${message}.` });
    }
    throw error;
  }
}

async function refresh(deps: CardActionDeps, context: CardReference, person: Person): Promise<CardActionResponse> {
  const card = await readCard(deps.store, context, person, deps.clock());
  if (!card) return messageResponse(PLAN_GONE);
  return cardResponse(currentStateCard({ ...cardInput(card), states: states(card, null), asOf: card.now.toISOString() }));
}

/**
 * Answers an `adaptiveCard/action` invoke from a reminder card: records the update, completion or
 * snooze and returns the card that replaces the reminder; or, for the card's refresh, the card as
 * things stand. From the plan owner's requests card: approves or returns a proposed completion,
 * agrees or declines a new timescale (owner-card-actions.ts), and its refresh. What cannot be
 * recorded is said on the card, by the field; data that is not one of this bot's cards gets a 400
 * error body, a failure of ours a 500 (never the details).
 */
export async function handleCardAction(deps: CardActionDeps, invoke: CardInvoke): Promise<CardActionResponse> {
  try {
    if (invoke.verb === OWNER_CARD_VERBS.refresh) {
      const parsed = parseOwnerRefreshData(invoke.data);
      if (!parsed.ok) return errorResponse(400, 'BadRequest', `not an owner requests card's refresh: ${issues(parsed.error)}`);
      return await refreshOwnerCard(deps, parsed.value, invoke.user);
    }
    if (isOwnerAnswerVerb(invoke.verb)) {
      const parsed = parseOwnerAnswerData(invoke.data);
      if (!parsed.ok) return errorResponse(400, 'BadRequest', `not an owner requests card's answer: ${issues(parsed.error)}`);
      return await answerOwnerRequest(deps, invoke.verb, parsed.value, invoke.user);
    }
    if (invoke.verb === CARD_VERBS.refresh) {
      const parsed = parseRefreshData(invoke.data);
      if (!parsed.ok) return errorResponse(400, 'BadRequest', `not a reminder card's refresh: ${issues(parsed.error)}`);
      return await refresh(deps, parsed.value, invoke.user);
    }
    if (!isAnswerVerb(invoke.verb)) {
      return errorResponse(400, 'NotSupported', `"${invoke.verb.slice(0, 60)}" is not an action this bot's cards have`);
    }
    const parsed = parseAnswerData(invoke.data);
    if (!parsed.ok) return errorResponse(400, 'BadRequest', `not a reminder card's answer: ${issues(parsed.error)}`);
    return await answer(deps, invoke.verb, parsed.value, invoke.user);
  } catch (error) {
    deps.log?.('card.failed', { verb: invoke.verb.slice(0, 60), error: error instanceof PlanError ? error.code : error instanceof Error ? error.name : 'unknown' });
    return errorResponse(500, 'InternalError', 'Your answer could not be recorded because of a problem on our side. Please try again: an answer is never recorded twice.');
  }
}
