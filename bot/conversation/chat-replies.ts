import { oneLine } from '../cards/plain-text.js';
import type { DateOnly } from '../../src/plan/calendar-date.js';
import { matchForm } from '../../src/plan/lead.js';
import type { Action, Plan } from '../../src/plan/plan.js';
import { displayDate } from '../cards/display-date.js';

/*
 * The bot's text replies. They are sent as plain text (textFormat "plain", which Teams supports:
 * learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages), so an action's
 * words or a plan's title are shown as written and never turned into markdown links or formatting.
 */

/** How many actions a "which action?" question lists; more are summed up, and "my actions" shows them all. */
export const QUESTION_LIST_LIMIT = 15;

type Listed = { plan: Pick<Plan, 'title'>; action: Pick<Action, 'ref' | 'title'> };

/** One line per action: "1.5  Title of the action (Gloucestershire Multi-agency …)". */
function actionLines(listed: readonly Listed[], withPlan: boolean): string {
  const shown = listed.slice(0, QUESTION_LIST_LIMIT).map(({ plan, action }) => `${action.ref}  ${oneLine(action.title, 80)}${withPlan ? ` (${oneLine(plan.title, 48)})` : ''}`);
  const more = listed.length - shown.length;
  return [...shown, ...(more > 0 ? [`… and ${more} more: type "my actions" to see them all.`] : [])].join('\n');
}

/** A word of the plan's title that tells it apart when a reply has to name it: its first long word. */
export function planWord(plan: Pick<Plan, 'title'>): string {
  const words = plan.title.split(/\s+/).filter((w) => matchForm(w).length >= 4);
  return matchForm(words[0] ?? plan.title).split(' ')[0] ?? '';
}

export function askWhichAction(listed: readonly Listed[], unknownRef: string | null): string {
  const plans = new Set(listed.map((l) => l.plan.title));
  const first = listed[0]!;
  const lead = unknownRef !== null ? `I can't find an action ${unknownRef} in any plan. ` : '';
  return [
    `${lead}Which action is this update for? Reply with its number, for example "${first.action.ref}", and I will record it.`,
    '',
    'Your open actions:',
    actionLines(listed, plans.size > 1),
    '',
    'Or type "cancel" to drop this update.',
  ].join('\n');
}

export function askWhichPlan(ref: string, listed: readonly Listed[]): string {
  const example = listed[0]!;
  return [
    `You lead an action ${ref} in more than one plan. Which is this update for? Reply with the number and a word of the plan's title, for example "${ref} ${planWord(example.plan)}".`,
    '',
    actionLines(listed, true),
  ].join('\n');
}

export function noOpenActions(unknownRef: string | null): string {
  const lead = unknownRef !== null ? `I can't find an action ${unknownRef} in any plan, and I` : 'I';
  return `${lead} could not tell which action this update is for, and no open action names you as its lead, so nothing was recorded. Start an update with its action's number, for example "1.4 training delivered to 300 officers". If you lead an action under another name or a team's name, ask the plan owner to link it to you.`;
}

export function unknownRefOnly(ref: string): string {
  return `I can't find an action ${ref} in any plan. Type "my actions" to see the actions you lead.`;
}

export function notALead(ref: string, plans: readonly Pick<Plan, 'title'>[]): string {
  const where = plans.length === 1 ? ` in ${oneLine(plans[0]!.title, 80)}` : '';
  return `Sorry, you are not listed as a lead of action ${ref}${where}, so I have not recorded this: only an action's leads can update it. Type "my actions" to see the actions you lead. If you should be a lead, please ask the plan owner to add or link you.`;
}

export function askForText(ref: string): string {
  return `What is your update on ${ref}? Send it after the number, for example "${ref} training delivered to 300 officers".`;
}

export function recorded(input: { action: Pick<Action, 'ref' | 'title'>; plan: Pick<Plan, 'title'>; date: DateOnly; created: boolean }): string {
  const what = `${input.action.ref} "${oneLine(input.action.title, 80)}" (${oneLine(input.plan.title, 80)})`;
  return input.created
    ? `Thank you. Your update is recorded on ${what}, dated ${displayDate(input.date)}, under your name.`
    : `That update is already recorded on ${what}; nothing was added twice.`;
}

export function notRecorded(problem: string): string {
  return `I could not record that: ${problem}. Nothing was recorded.`;
}

export const CANCELLED = 'Done: that update was dropped and nothing was recorded.';
export const NOTHING_TO_CANCEL = 'There is nothing waiting to be recorded.';
export const EMPTY_MESSAGE = 'Type "help" to see what I can do, "my actions" for your open actions, or an action number and your update, for example "1.4 training delivered to 300 officers".';
export const TURN_FAILED = 'Sorry, something went wrong on our side and your message was not handled. Please try again: an update is never recorded twice.';

export function askForEvidence(ref: string): string {
  return `To mark ${ref} complete, say what difference it made, for example "complete ${ref}: every school now has a named CSE lead". Nothing was recorded.`;
}

export function completeWhichPlan(ref: string, listed: readonly Listed[]): string {
  return `You lead ${ref} in ${listed.length} plans (${listed.map((l) => planWord(l.plan)).join(', ')}). Mark it complete in the tab, or from its reminder card, so the right one closes. Nothing was recorded.`;
}

export function completed(action: Pick<Action, 'ref' | 'title'>, plan: Pick<Plan, 'title'>): string {
  return `Done: ${action.ref} ${action.title} is marked complete in ${plan.title}, with what difference it made.`;
}

export function completionProposed(action: Pick<Action, 'ref' | 'title'>, plan: Pick<Plan, 'title'>): string {
  return `Proposed: completing ${action.ref} ${action.title} goes to the owner of ${plan.title}, who approves it or returns it. It stays open until then.`;
}
