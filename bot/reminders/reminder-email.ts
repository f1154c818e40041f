import { oneLine } from '../cards/plain-text.js';
import { describeReducedDate, type DateOnly } from '../../src/plan/calendar-date.js';
import type { ReminderDue } from '../../src/plan/reminder-policy.js';
import type { ReminderEmail } from '../delivery/graph-mail.js';

/*
 * The reminder email to a lead with no account in the tenant. It leaves the tenant and sits in a
 * mailbox the partnership does not control (and may be forwarded, scanned or printed there), so it
 * carries only what lets the lead recognise it and act: the plan's title, how many of their actions
 * need an update, and the dates those were due. Not the actions' refs or titles, never another
 * lead's action, never an update's text: those are on the page behind the link, shown only to
 * whoever holds the link, for as long as it works.
 */

export interface ReminderEmailInput {
  planTitle: string;
  /** The lead as the plan writes them, and the address the plan owner recorded. */
  lead: string;
  address: string;
  items: readonly ReminderDue[];
  link: string;
  /** The last day the link works, in the plan's time zone. */
  expiresOn: DateOnly;
  today: DateOnly;
}

/** One line, short enough for every mail program's subject, with no line break a header could be split at. */
function subjectLine(text: string): string {
  // NEL is no whitespace to \s, but some mail programs break a header line at it.
  return oneLine(text.replace(/\u0085/g, ' '), 120);
}

/** The distinct due dates of the actions, earliest first, as a UK reader writes them. */
function dueDates(items: readonly ReminderDue[]): DateOnly[] {
  const days = new Set<DateOnly>();
  for (const item of items) if (item.action.timescale.reading.kind === 'due') days.add(item.action.timescale.reading.due);
  return [...days].sort();
}

export function reminderEmail(input: ReminderEmailInput): ReminderEmail {
  const n = input.items.length;
  const title = subjectLine(input.planTitle);
  const dates = dueDates(input.items);
  const past = dates.filter((d) => d < input.today);
  const when =
    dates.length === 0
      ? ''
      : ` ${dates.length === 1 ? (past.length === 1 ? 'It was due on' : 'It is due on') : 'They were or are due on'} ${dates.map(describeReducedDate).join(', ')}.`;
  const text = [
    `Hello ${subjectLine(input.lead)},`,
    '',
    `${n === 1 ? 'One of your actions' : `${n} of your actions`} in the action plan "${title}" ${n === 1 ? 'needs' : 'need'} an update from you.${when}`,
    '',
    'Open this link to see the actions and send your update. You do not need to sign in:',
    input.link,
    '',
    `The link works once, until ${describeReducedDate(input.expiresOn)}. Please do not forward this email: anyone with the link can answer for you.`,
    '',
    'This message was sent automatically for the plan owner. Replies to it are not read.',
  ].join('\n');
  return { to: { address: input.address, name: subjectLine(input.lead) }, subject: subjectLine(`Update due: ${title}`), text };
}
