import type { DateOnly } from '../../src/plan/calendar-date.js';
import { dueDateOf } from '../../src/plan/action-filter.js';
import { RAG_VALUES, type Rag } from '../../src/plan/rag.js';
import type { ReminderReason } from '../../src/plan/reminder-policy.js';
import type { Timescale } from '../../src/plan/timescale.js';
import type { Update } from '../../src/plan/update.js';
import { MAX_EVIDENCE_LENGTH, MAX_UPDATE_TEXT_LENGTH } from '../../src/plan/update-rules.js';
import type { CardElement, ContainerStyle, ExecuteAction, TextColor } from './adaptive-card.js';
import type { CardActionView } from './card-action-view.js';
import { answerData, CARD_VERBS, inputIds, type CardContext } from './card-data.js';
import { displayDate, displayInstant } from './display-date.js';
import { labelled, paragraph, plain, run } from './plain-text.js';
import { ragRuns } from './rag-text.js';
import { reminderReasonText } from './reminder-reason-text.js';

/** A timescale a lead types is a phrase ("March 2018", "Quarterly"), never an essay. */
export const MAX_TIMESCALE_LENGTH = 200;

/** One action on a lead's card, as the reminder sweep found it. */
export interface ReminderItem {
  /** The reminder's key (ReminderDue.key): what the card's answer is recorded against. */
  key: string;
  /** Null when the reminder log no longer says (the card then says "reminder" without a reason). */
  reason: ReminderReason | null;
  /** The policy's own words, used when the action has changed so its reason no longer reads. */
  why?: string;
  /** Null when the action has been deleted since the reminder went out. */
  action: CardActionView | null;
}

export interface SubmittedValues {
  text?: string;
  rag?: string;
  timescale?: string;
  date?: string;
  evidence?: string;
}

export type FieldErrors = SubmittedValues;

export interface Notice {
  text: string;
  tone: 'attention' | 'warning' | 'good' | 'default';
}

/** What was recorded from a card, as the store gave it back. */
export type RecordedAnswer = Pick<Update, 'author' | 'recordedAt' | 'text' | 'ragAfter' | 'timescaleAfter'>;

/** What one action on a lead's card shows. */
export type ItemState =
  /** The form: an update, a RAG, a new timescale; with what went wrong last time, by the field. */
  | { kind: 'open'; notice?: Notice; values?: SubmittedValues; errors?: FieldErrors }
  | { kind: 'recorded'; update: RecordedAnswer; proposed?: boolean }
  | { kind: 'snoozed'; until: DateOnly }
  /** Complete already, by someone else or in the tab. */
  | { kind: 'closed' }
  /** Shown, not answerable: the viewer is not a lead of it. */
  | { kind: 'readOnly'; notice: Notice }
  | { kind: 'gone' };

export interface PanelOptions {
  item: ReminderItem;
  slot: number;
  state: ItemState;
  context: CardContext;
  today: DateOnly;
  timeZone: string;
  /** Several actions on the card: each form folds away behind its own button. */
  several: boolean;
}

const NOTICE_COLOUR: Record<Notice['tone'], TextColor> = { attention: 'Attention', warning: 'Warning', good: 'Good', default: 'Default' };
const NOTICE_STYLE: Record<Notice['tone'], ContainerStyle> = { attention: 'attention', warning: 'warning', good: 'good', default: 'emphasis' };

function noticeBlock(notice: Notice): CardElement {
  return {
    type: 'Container',
    style: NOTICE_STYLE[notice.tone],
    spacing: 'Small',
    items: [plain(notice.text, { color: NOTICE_COLOUR[notice.tone], weight: 'Bolder' })],
  };
}

function fieldError(message: string | undefined): CardElement[] {
  return message ? [{ type: 'TextBlock', text: message, wrap: true, color: 'Attention', size: 'Small', spacing: 'None' }] : [];
}

function dueText(timescale: Timescale): string {
  const r = timescale.reading;
  const due = dueDateOf(timescale);
  if (due) return r.kind === 'ongoing' ? `review by ${displayDate(due)}` : displayDate(due);
  switch (r.kind) {
    case 'recurring':
      return `${r.recurrence.label.toLowerCase()}, recurring`;
    case 'completed':
      return r.on ? `completed ${displayDate(r.on)}` : 'completed';
    case 'ongoing':
      return 'ongoing, no review date';
    case 'not-applicable':
      return 'not applicable';
    case 'unclear':
      return `not readable as a date (${r.reason})`;
    default:
      return 'none';
  }
}

/** The action as it stands: ref and text, RAG and why it is due, outcome, timescale, last update. */
function details(action: CardActionView, item: ReminderItem, today: DateOnly, showReason: boolean): CardElement[] {
  const reason = reminderReasonText(item.reason, action, today, item.why);
  const statusLine = [run('RAG: ', { weight: 'Bolder' }), ...ragRuns(action.rag)];
  if (showReason) statusLine.push(run('   ·   '), run(reason.text, { color: reason.color, weight: 'Bolder' }));
  const last = action.latestUpdate;
  const lastLabel = last ? `Last update (${last.date ? displayDate(last.date) : 'undated'}${last.author ? `, ${last.author}` : ''})` : 'Last update';
  const elements: CardElement[] = [
    paragraph([run(`${action.ref}  `, { weight: 'Bolder', size: 'Medium', color: 'Accent' }), run(action.text, { weight: 'Bolder' })]),
    paragraph(statusLine, 'Small'),
  ];
  if (action.outcome.trim() !== '') elements.push(labelled('Outcome', action.outcome, { spacing: 'Small' }));
  elements.push(
    labelled('Timescale', action.timescale.asWritten === '' ? '(none written)' : action.timescale.asWritten, { spacing: 'Small' }),
    labelled('Due', dueText(action.timescale), { spacing: 'None' }),
  );
  if (action.timescale.flag) elements.push(labelled('Check the timescale', action.timescale.flag.message, { spacing: 'None', color: 'Warning' }));
  elements.push(last ? labelled(lastLabel, last.text, { spacing: 'Small' }) : labelled(lastLabel, 'none on record yet', { spacing: 'Small', subtle: true }));
  return elements;
}

function execute(verb: string, title: string, data: ExecuteAction['data'], options: Partial<ExecuteAction> = {}): ExecuteAction {
  return { type: 'Action.Execute', verb, title, data, ...options };
}

function form(action: CardActionView, options: PanelOptions, state: Extract<ItemState, { kind: 'open' }>): CardElement[] {
  const ids = inputIds(options.slot);
  const values = state.values ?? {};
  const errors = state.errors ?? {};
  const data = answerData(options.context, { actionId: action.id, version: action.version, reminderKey: options.item.key, slot: options.slot });
  const rag = values.rag !== undefined && (RAG_VALUES as readonly string[]).includes(values.rag) ? values.rag : action.rag;
  return [
    {
      type: 'Input.Text',
      id: ids.text,
      label: `Update on ${action.ref}`,
      placeholder: 'What has happened since the last update?',
      isMultiline: true,
      // Not isRequired: "Mark complete" sends the inputs too (for the evidence), and needs no update text; the server says when one is missing.
      maxLength: MAX_UPDATE_TEXT_LENGTH,
      errorMessage: `Write an update of up to ${MAX_UPDATE_TEXT_LENGTH.toLocaleString('en-GB')} characters`,
      ...(values.text !== undefined && { value: values.text.slice(0, MAX_UPDATE_TEXT_LENGTH) }),
    },
    ...fieldError(errors.text),
    {
      type: 'Input.ChoiceSet',
      id: ids.rag,
      label: 'RAG status',
      style: 'compact',
      choices: RAG_VALUES.map((r: Rag) => ({ title: r, value: r })),
      value: rag,
    },
    ...fieldError(errors.rag),
    {
      type: 'Input.Text',
      id: ids.timescale,
      label: 'New timescale (optional)',
      placeholder: `Leave empty to keep "${action.timescale.asWritten}"`.slice(0, 150),
      maxLength: MAX_TIMESCALE_LENGTH,
      ...(values.timescale !== undefined && { value: values.timescale.slice(0, MAX_TIMESCALE_LENGTH) }),
    },
    ...fieldError(errors.timescale),
    {
      type: 'Input.Date',
      id: ids.date,
      label: 'Date of this update (leave empty for today)',
      max: options.today,
      ...(values.date !== undefined && { value: values.date }),
    },
    ...fieldError(errors.date),
    {
      type: 'Input.Text',
      id: ids.evidence,
      label: 'If it is complete: what difference did it make?',
      placeholder: 'Needed to mark it complete: the impact, in a sentence or two',
      isMultiline: true,
      maxLength: MAX_EVIDENCE_LENGTH,
      ...(values.evidence !== undefined && { value: values.evidence.slice(0, MAX_EVIDENCE_LENGTH) }),
    },
    ...fieldError(errors.evidence),
    {
      type: 'ActionSet',
      spacing: 'Medium',
      actions: [
        execute(CARD_VERBS.recordUpdate, 'Record update', data, { style: 'positive', associatedInputs: 'auto' }),
        execute(CARD_VERBS.markComplete, 'Mark complete', data, { associatedInputs: 'auto', tooltip: `Set ${action.ref} to Complete, with what difference it made` }),
        execute(CARD_VERBS.snooze, 'Remind me in a week', data, { associatedInputs: 'none', tooltip: 'Nothing is recorded on the action' }),
      ],
    },
  ];
}

function recorded(action: CardActionView, update: RecordedAnswer, timeZone: string, proposed: boolean): CardElement[] {
  const lines: CardElement[] = [
    paragraph([run('✓ Recorded by ', { color: 'Good', weight: 'Bolder' }), run(update.author ?? 'someone', { color: 'Good', weight: 'Bolder' }), run(` on ${displayInstant(update.recordedAt, timeZone)}`, { color: 'Good', weight: 'Bolder' })]),
    labelled('Update', update.text, { spacing: 'Small' }),
  ];
  if (update.ragAfter) lines.push(paragraph([run('RAG now: ', { weight: 'Bolder' }), ...ragRuns(update.ragAfter)], 'Small'));
  if (update.timescaleAfter) lines.push(labelled('Timescale now', `${update.timescaleAfter} (due: ${dueText(action.timescale)})`, { spacing: 'Small' }));
  if (proposed) lines.push(plain(`Completing ${action.ref} is proposed to the plan owner, who approves it or returns it; it stays open until then.`, { weight: 'Bolder' }));
  return [{ type: 'Container', style: 'good', spacing: 'Small', items: lines }];
}

/** One action's block on a lead's card, in the state the card is in. */
export function actionPanel(options: PanelOptions): CardElement {
  const { item, state, several } = options;
  const action = item.action;
  const wrap = (items: CardElement[]): CardElement => ({ type: 'Container', separator: true, spacing: 'Large', items });
  if (action === null || state.kind === 'gone') {
    return wrap([
      noticeBlock({
        tone: 'attention',
        text: `${action ? `Action ${action.ref}` : 'An action on this reminder'} is no longer in the plan (deleted, or the plan was imported again). Nothing was recorded.`,
      }),
    ]);
  }
  const answerable = state.kind === 'open';
  const items = details(action, item, options.today, answerable);
  switch (state.kind) {
    case 'open': {
      if (state.notice) items.push(noticeBlock(state.notice));
      const inputs = form(action, options, state);
      // Several forms stay in their own ShowCards: a required box left empty on one form, if it sat
      // in the card's body, would block every other action's button (the client validates the inputs
      // of the card around a button too). So a problem is also said outside, where it is seen.
      if (several) {
        const problems = Object.values(state.errors ?? {}).filter((e): e is string => e !== undefined);
        if (problems.length > 0) {
          items.push(noticeBlock({ tone: 'attention', text: `${problems.join(' ')} Open "Update ${action.ref}" to correct it.` }));
        }
        items.push({
          type: 'ActionSet',
          spacing: 'Small',
          actions: [{ type: 'Action.ShowCard', title: `Update ${action.ref}`, card: { type: 'AdaptiveCard', version: '1.5', body: inputs } }],
        });
      } else {
        items.push({ type: 'Container', spacing: 'Medium', items: inputs });
      }
      break;
    }
    case 'recorded':
      items.push(...recorded(action, state.update, options.timeZone, state.proposed === true));
      break;
    case 'snoozed':
      items.push(noticeBlock({ tone: 'default', text: `Snoozed: you will not be reminded about ${action.ref} again before ${displayDate(state.until)}. Nothing was recorded on the action.` }));
      break;
    case 'closed':
      items.push(noticeBlock({ tone: 'good', text: `${action.ref} is complete. No update is needed.` }));
      break;
    case 'readOnly':
      items.push(noticeBlock(state.notice));
      break;
  }
  return wrap(items);
}
