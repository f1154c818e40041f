import { daysBetween, type DateOnly } from '../../src/plan/calendar-date.js';
import { dueDateOf } from '../../src/plan/action-filter.js';
import type { AdaptiveCard, CardElement } from './adaptive-card.js';
import type { CardActionView } from './card-action-view.js';
import { displayDate, displayInstant } from './display-date.js';
import { labelled, paragraph, plain, run } from './plain-text.js';
import { ragRuns } from './rag-text.js';

export interface DigestItem {
  action: CardActionView;
  /** Reminders sent about it that brought no update (two or more, or it would not be escalated). */
  remindersSent: number;
  /** When the last of them was sent (ISO instant). */
  lastRemindedAt: string | null;
}

export interface DigestCardInput {
  plan: { id: string; title: string; timeZone: string };
  /** The plan owner the digest goes to, as the plan names them. */
  owner: string;
  today: DateOnly;
  /** In plan order. */
  items: DigestItem[];
  /** The plan tab, when the app knows its address. */
  planUrl?: string;
}

function overdueText(action: CardActionView, today: DateOnly): string {
  const due = dueDateOf(action.timescale);
  if (!due) return `timescale "${action.timescale.asWritten}"`;
  const days = daysBetween(due, today);
  return days > 0 ? `due ${displayDate(due)}, ${days} day${days === 1 ? '' : 's'} overdue` : `due ${displayDate(due)}`;
}

function entry(item: DigestItem, input: DigestCardInput): CardElement {
  const { action } = item;
  const last = action.latestUpdate;
  const reminded = `${item.remindersSent} reminder${item.remindersSent === 1 ? '' : 's'} sent${item.lastRemindedAt ? `, the last on ${displayInstant(item.lastRemindedAt, input.plan.timeZone)}` : ''}, no update since`;
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [
      paragraph([run(`${action.ref}  `, { weight: 'Bolder', color: 'Accent' }), run(action.text, { weight: 'Bolder' })]),
      paragraph([run('RAG: ', { weight: 'Bolder' }), ...ragRuns(action.rag), run('   ·   '), run(overdueText(action, input.today), { color: 'Attention', weight: 'Bolder' })], 'Small'),
      labelled('Leads', action.leadsText.trim() === '' ? '(none named)' : action.leadsText, { spacing: 'None' }),
      labelled('Last update', last ? `${last.date ? displayDate(last.date) : 'undated'}: ${last.text}` : 'none on record', { spacing: 'None', subtle: !last }),
      { type: 'TextBlock', text: reminded, wrap: true, isSubtle: true, size: 'Small', spacing: 'None' },
    ],
  };
}

/**
 * The plan owner's escalation digest: actions overdue that stayed without an update after the
 * second reminder, with their leads, so the owner can follow up. Read-only.
 */
export function digestCard(input: DigestCardInput): AdaptiveCard {
  const n = input.items.length;
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [
        { type: 'TextBlock', text: 'Overdue actions with no update', style: 'heading', size: 'Large', weight: 'Bolder', wrap: true },
        plain(input.plan.title, { isSubtle: true }, 'None'),
        paragraph([run('For '), run(input.owner, { weight: 'Bolder' }), run(`, plan owner, on ${displayDate(input.today)}`)], 'Small'),
      ],
    },
    {
      type: 'TextBlock',
      wrap: true,
      spacing: 'Medium',
      text:
        n === 0
          ? 'No action is overdue without an update after two reminders.'
          : `${n} action${n === 1 ? ' is' : 's are'} overdue and ${n === 1 ? 'has' : 'have'} had no update after two reminders to ${n === 1 ? 'its' : 'their'} leads. Reminders continue; you may want to follow up.`,
    },
    ...input.items.map((item) => entry(item, input)),
  ];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(input.planUrl && { actions: [{ type: 'Action.OpenUrl', title: 'Open the plan', url: input.planUrl }] }),
    msteams: { width: 'Full' },
    fallbackText: `${n} overdue action${n === 1 ? '' : 's'} with no update: ${input.plan.title}`,
  };
}
