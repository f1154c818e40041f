import { dateIn } from '../../src/config/today.js';
import { originName, requestedTimescale, type HistoryEntry } from '../../src/plan/action-history.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import type { Action } from '../../src/plan/plan.js';
import { MAX_UPDATE_TEXT_LENGTH } from '../../src/plan/update-rules.js';
import type { Notice } from './action-panel.js';
import { MAX_REFRESH_USER_IDS, refreshingCard, type AdaptiveCard, type CardElement, type ContainerStyle, type ExecuteAction, type TextColor, type TextRun } from './adaptive-card.js';
import { displayDate, displayInstant } from './display-date.js';
import { noteInputId, OWNER_CARD_VERBS, ownerAnswerData, ownerRefreshData, type OwnerCardContext, type RequestRef } from './owner-card-data.js';
import { labelled, paragraph, plain, run } from './plain-text.js';
import { ragRuns } from './rag-text.js';
import { requestKind } from './request-standing.js';

/*
 * The plan owner's card: the requests leads have made of them on a plan (to close an action, with
 * what difference it made; to move its timescale, with why), each with its answer: Approve or
 * Return a completion, Agree or Decline a timescale. Returning or declining says why, in a box of
 * its own behind its button (a required box in the card's body would hold up every other button).
 * People's words (titles, names, evidence, reasons, timescales) are TextRuns, never markdown.
 */

/**
 * The most requests one card lists: each of its two buttons carries every request's ids, and twelve
 * with 2,000-character evidence and reasons make a card of about 78 KB, within the 100 KB Teams
 * accepts. More wait for the next day's card, or the tab.
 */
export const MAX_REQUESTS_PER_CARD = 12;

/** An action as the owner's card shows it. */
export type OwnerRequestAction = Pick<Action, 'id' | 'ref' | 'title' | 'rag' | 'timescale' | 'version'>;

/** One request on the card. */
export interface OwnerRequestItem {
  ref: RequestRef;
  /** The lead's request as the action's history has it; null when it is no longer found. */
  request: HistoryEntry | null;
  /** The action now; null when it has been deleted. */
  action: OwnerRequestAction | null;
}

/** What one request on the card shows. */
export type OwnerRequestState =
  /** The buttons; with what went wrong last time, and the reason typed, when there was a problem. */
  | { kind: 'open'; notice?: Notice; note?: string; error?: string }
  /** Answered, on this card or elsewhere (the tab, the API). */
  | { kind: 'answered'; answer: HistoryEntry }
  /** The lead asked again before an answer: the newer request waits instead. */
  | { kind: 'superseded' }
  /** A completion proposed for an action closed since, or a timescale asked for one. */
  | { kind: 'closed'; why: string }
  /** Shown, not answerable: the viewer is not the plan owner. */
  | { kind: 'readOnly'; notice: Notice }
  | { kind: 'gone' };

export interface OwnerRequestsCardInput {
  plan: { id: string; title: string; timeZone: string };
  /** The plan owner as the card names them. */
  owner: string;
  /** The owner's Teams user MRI, when known: the card refreshes for them when opened. */
  userIds: string[];
  today: DateOnly;
  /** In plan order, at most MAX_REQUESTS_PER_CARD. */
  items: OwnerRequestItem[];
  /** Requests waiting besides those listed: the next card lists them. */
  more?: number;
}

export interface OwnerCardFrame {
  heading?: string;
  banner?: Notice;
  /** By request id; a request with none is open for an answer. */
  states?: Readonly<Record<string, OwnerRequestState>>;
  /** When the state was read (ISO instant), for a card refreshed or returned later. */
  asOf?: string;
}

const STYLE: Record<Notice['tone'], ContainerStyle> = { attention: 'attention', warning: 'warning', good: 'good', default: 'emphasis' };
const COLOUR: Record<Notice['tone'], TextColor> = { attention: 'Attention', warning: 'Warning', good: 'Good', default: 'Default' };

function noticeBlock(notice: Notice, spacing: 'Small' | 'Medium' = 'Small'): CardElement {
  return { type: 'Container', style: STYLE[notice.tone], spacing, items: [plain(notice.text, { color: COLOUR[notice.tone], weight: 'Bolder' })] };
}

export function ownerCardContext(input: OwnerRequestsCardInput): OwnerCardContext {
  return { planId: input.plan.id, owner: input.owner, userIds: input.userIds.slice(0, MAX_REFRESH_USER_IDS), requests: input.items.map((i) => i.ref) };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "by Nigel Hatten on a card, 18 Jun 2018 at 14:02": who did it, through what and when. */
function byWhom(entry: Pick<HistoryEntry, 'author' | 'origin' | 'recordedAt'>, timeZone: string, color?: TextColor): TextRun[] {
  const style = color ? { color, weight: 'Bolder' as const } : {};
  return [run(' by ', style), run(entry.author ?? 'someone', { ...style, weight: 'Bolder' }), run(` ${originName(entry.origin)}, ${displayInstant(entry.recordedAt, timeZone)}`, style)];
}

function asWritten(timescale: string): string {
  return timescale.trim() === '' ? '(none written)' : timescale;
}

/** The request itself: what is asked, by whom and when, and the lead's evidence or reason. */
function requestDetails(action: OwnerRequestAction, request: HistoryEntry, timeZone: string): CardElement[] {
  const elements: CardElement[] = [paragraph([run(`${action.ref}  `, { weight: 'Bolder', size: 'Medium', color: 'Accent' }), run(action.title, { weight: 'Bolder' })])];
  if (requestKind(request) === 'completion') {
    elements.push(
      paragraph([run('Completion proposed', { weight: 'Bolder', color: 'Accent' }), ...byWhom(request, timeZone)], 'Small'),
      labelled('What difference it made', request.note ?? '(none given)', { spacing: 'Small' }),
      paragraph([run('RAG now: ', { weight: 'Bolder' }), ...ragRuns(action.rag)], 'None'),
    );
  } else {
    elements.push(
      paragraph([run('New timescale asked for', { weight: 'Bolder', color: 'Accent' }), ...byWhom(request, timeZone)], 'Small'),
      labelled('Timescale now', asWritten(action.timescale.asWritten), { spacing: 'Small' }),
      labelled('Asked for', asWritten(requestedTimescale(request) ?? ''), { spacing: 'None' }),
      labelled('Why', request.note ?? '(none given)', { spacing: 'None' }),
    );
  }
  // A request dated for a meeting says so; one dated the day it was made needs no second date.
  if (request.date !== dateIn(timeZone, new Date(request.recordedAt))) {
    elements.push({ type: 'TextBlock', text: `Counts for ${displayDate(request.date)}.`, wrap: true, isSubtle: true, size: 'Small', spacing: 'None' });
  }
  return elements;
}

function execute(verb: string, title: string, data: ExecuteAction['data'], options: Partial<ExecuteAction>): ExecuteAction {
  return { type: 'Action.Execute', verb, title, data, ...options };
}

/** Approve and Return (or Agree and Decline): yes at once; no behind its own button, with the reason it needs. */
function answerButtons(action: OwnerRequestAction, request: HistoryEntry, slot: number, state: Extract<OwnerRequestState, { kind: 'open' }>, context: OwnerCardContext): CardElement[] {
  const data = ownerAnswerData(context, { actionId: action.id, requestId: request.id, version: action.version, slot });
  const completion = requestKind(request) === 'completion';
  const lead = request.author ?? 'the lead';
  const yes = completion
    ? execute(OWNER_CARD_VERBS.approve, 'Approve', data, { style: 'positive', associatedInputs: 'none', tooltip: `Close ${action.ref} with the lead's evidence` })
    : execute(OWNER_CARD_VERBS.agree, 'Agree', data, { style: 'positive', associatedInputs: 'none', tooltip: `Change the timescale of ${action.ref} to the one asked for` });
  const noTitle = completion ? 'Return' : 'Decline';
  const box: CardElement[] = [
    {
      type: 'Input.Text',
      id: noteInputId(slot),
      label: completion ? `Why are you returning it? ${lead} reads this.` : `Why are you declining it? ${lead} reads this.`,
      placeholder: completion ? 'What is still needed before it can close' : 'Why the timescale stays as it is',
      isMultiline: true,
      isRequired: true,
      maxLength: MAX_UPDATE_TEXT_LENGTH,
      errorMessage: `Say why, in up to ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} characters`,
      ...(state.note !== undefined && { value: state.note.slice(0, MAX_UPDATE_TEXT_LENGTH) }),
    },
    ...(state.error ? [plain(state.error, { color: 'Attention', size: 'Small' }, 'None')] : []),
    {
      type: 'ActionSet',
      actions: [
        completion
          ? execute(OWNER_CARD_VERBS.return, `Return ${action.ref} to the lead`, data, { style: 'destructive', associatedInputs: 'auto', tooltip: `${action.ref} stays open` })
          : execute(OWNER_CARD_VERBS.decline, 'Decline the new timescale', data, { style: 'destructive', associatedInputs: 'auto', tooltip: `${action.ref} keeps its timescale` }),
      ],
    },
  ];
  const elements: CardElement[] = [];
  if (state.notice) elements.push(noticeBlock(state.notice));
  if (state.error) elements.push(noticeBlock({ tone: 'attention', text: `${state.error} Open "${noTitle}" to correct it.` }));
  elements.push({
    type: 'ActionSet',
    spacing: 'Medium',
    actions: [yes, { type: 'Action.ShowCard', title: noTitle, card: { type: 'AdaptiveCard', version: '1.5', body: box }, tooltip: completion ? `Return ${action.ref} to the lead, saying why` : 'Decline it, saying why' }],
  });
  return elements;
}

/** What was answered, by whom and when. */
function answered(action: OwnerRequestAction, answer: HistoryEntry, timeZone: string): CardElement {
  const lines: CardElement[] = [];
  const now = answer.changes.find((c) => c.field === 'timescale')?.now;
  switch (answer.kind) {
    case 'completion-approved':
      lines.push(paragraph([run('✓ Approved', { color: 'Good', weight: 'Bolder' }), ...byWhom(answer, timeZone, 'Good'), run(`: ${action.ref} is complete.`, { color: 'Good', weight: 'Bolder' })]));
      break;
    case 'timescale-agreed':
      lines.push(paragraph([run('✓ Agreed', { color: 'Good', weight: 'Bolder' }), ...byWhom(answer, timeZone, 'Good'), run('.', { color: 'Good', weight: 'Bolder' })]));
      lines.push(labelled('Timescale now', asWritten(now ?? action.timescale.asWritten), { spacing: 'Small' }));
      break;
    case 'completion-returned':
      lines.push(paragraph([run('Returned to the lead', { weight: 'Bolder' }), ...byWhom(answer, timeZone), run(`: ${action.ref} stays open.`, { weight: 'Bolder' })]));
      lines.push(labelled('Reason', answer.note ?? '', { spacing: 'Small' }));
      break;
    default:
      lines.push(paragraph([run('Declined', { weight: 'Bolder' }), ...byWhom(answer, timeZone), run(': the timescale stays as it is.', { weight: 'Bolder' })]));
      lines.push(labelled('Reason', answer.note ?? '', { spacing: 'Small' }));
  }
  const good = answer.kind === 'completion-approved' || answer.kind === 'timescale-agreed';
  return { type: 'Container', style: good ? 'good' : 'emphasis', spacing: 'Small', items: lines };
}

/** One request's block on the card, in the state the card is in. */
function requestBlock(item: OwnerRequestItem, slot: number, state: OwnerRequestState, input: OwnerRequestsCardInput, context: OwnerCardContext): CardElement {
  const wrap = (items: CardElement[]): CardElement => ({ type: 'Container', separator: true, spacing: 'Large', items });
  const { action, request } = item;
  if (action === null || request === null || state.kind === 'gone') {
    return wrap([
      noticeBlock({
        tone: 'attention',
        text: `${action ? `The request on ${action.ref}` : 'A request on this card'} is no longer in the plan (the action was deleted, or the plan was imported again). Nothing was recorded.`,
      }),
    ]);
  }
  const items = requestDetails(action, request, input.plan.timeZone);
  switch (state.kind) {
    case 'open':
      items.push(...answerButtons(action, request, slot, state, context));
      break;
    case 'answered':
      items.push(answered(action, state.answer, input.plan.timeZone));
      break;
    case 'superseded':
      items.push(noticeBlock({ tone: 'default', text: `The lead has asked again about ${action.ref} since: the newer request waits for your answer in the tab and on your next card.` }));
      break;
    case 'closed':
      items.push(noticeBlock({ tone: 'good', text: `${action.ref} is closed already (${state.why}): there is nothing to answer.` }));
      break;
    case 'readOnly':
      items.push(noticeBlock(state.notice));
      break;
  }
  return wrap(items);
}

/** How many of the card's requests still wait for the owner's answer, as the states say (shown to someone else, they wait all the same). */
export function waitingCount(input: OwnerRequestsCardInput, states: Readonly<Record<string, OwnerRequestState>> = {}): number {
  return input.items.filter((i) => ['open', 'readOnly'].includes((states[i.ref.requestId] ?? { kind: 'open' }).kind)).length;
}

/**
 * The card a plan owner gets while leads' requests wait for them, and the card an answer or a
 * refresh returns in its place, each request in its state.
 */
export function ownerRequestsCard(input: OwnerRequestsCardInput, frame: OwnerCardFrame = {}): AdaptiveCard {
  if (input.items.length === 0) throw new RangeError('an owner requests card lists at least one request');
  if (input.items.length > MAX_REQUESTS_PER_CARD) throw new RangeError(`an owner requests card lists at most ${MAX_REQUESTS_PER_CARD} requests, not ${input.items.length}`);
  const context = ownerCardContext(input);
  const states = frame.states ?? {};
  const waitingNow = waitingCount(input, states);
  const asOf = frame.asOf ? ` (as of ${displayInstant(frame.asOf, input.plan.timeZone)})` : '';
  const waiting =
    waitingNow === 0
      ? `nothing on this card waits for your answer${asOf}`
      : `${plural(waitingNow, 'request')} from leads ${waitingNow === 1 ? 'waits' : 'wait'} for your answer${asOf}`;
  const heading = frame.heading ?? 'Requests waiting for your answer';
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'emphasis',
      bleed: true,
      items: [
        { type: 'TextBlock', text: heading, style: 'heading', size: 'Large', weight: 'Bolder', wrap: true },
        plain(input.plan.title, { isSubtle: true }, 'None'),
        paragraph([run('For '), run(input.owner, { weight: 'Bolder' }), run(`, plan owner, on ${displayDate(input.today)}: ${waiting}`)], 'Small'),
      ],
    },
  ];
  if (frame.banner) body.push(noticeBlock(frame.banner, 'Medium'));
  // What the buttons do, for whoever can press them.
  if (input.items.some((i) => (states[i.ref.requestId] ?? { kind: 'open' }).kind === 'open')) {
    body.push({
      type: 'TextBlock',
      wrap: true,
      spacing: 'Medium',
      isSubtle: true,
      text: 'Approving a completion closes the action with the lead’s evidence; agreeing a timescale changes it. Returning or declining needs your reason, which the lead sees. Each answer is kept in the action’s history.',
    });
  }
  input.items.forEach((item, slot) => body.push(requestBlock(item, slot, states[item.ref.requestId] ?? { kind: 'open' }, input, context)));
  if (input.more !== undefined && input.more > 0) {
    body.push({ type: 'TextBlock', wrap: true, spacing: 'Large', separator: true, text: `${plural(input.more, 'more request')} ${input.more === 1 ? 'waits' : 'wait'} beyond these: answer them in the plan's tab, or on tomorrow's card.` });
  }
  return refreshingCard(
    body,
    { action: { type: 'Action.Execute', verb: OWNER_CARD_VERBS.refresh, title: 'Refresh', data: ownerRefreshData(context) }, userIds: context.userIds },
    `${heading}: ${input.plan.title}`,
  );
}
