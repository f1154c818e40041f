import { daysBetween, type DateOnly } from '../../src/plan/calendar-date.js';
import { dueDateOf } from '../../src/plan/action-filter.js';
import type { AdaptiveCard, CardElement, TextRun } from './adaptive-card.js';
import type { CardActionView } from './card-action-view.js';
import { displayDate } from './display-date.js';
import { paragraph, plain, run } from './plain-text.js';
import { ragRuns } from './rag-text.js';

export interface MyActionsCardInput {
  /** The person asking, as Teams names them. */
  name: string;
  today: DateOnly;
  /** Their open actions by plan, each in plan order. */
  plans: Array<{ plan: { id: string; title: string }; actions: CardActionView[] }>;
}

/** A long list is cut here so the card stays readable and well under Teams' message size. */
export const MY_ACTIONS_LIMIT = 30;

function dueRuns(action: CardActionView, today: DateOnly): TextRun[] {
  const due = dueDateOf(action.timescale);
  const reading = action.timescale.reading;
  if (due) {
    const days = daysBetween(today, due);
    if (days < 0) return [run(`overdue: was due ${displayDate(due)}`, { color: 'Attention', weight: 'Bolder' })];
    return [run(`due ${displayDate(due)}${days <= 14 ? ` (in ${days} day${days === 1 ? '' : 's'})` : ''}`, days <= 14 ? { color: 'Warning' } : {})];
  }
  if (reading.kind === 'recurring') return [run(`${reading.recurrence.label.toLowerCase()} update`)];
  return [run(`timescale "${action.timescale.asWritten}"`)];
}

function line(action: CardActionView, today: DateOnly): CardElement {
  const last = action.latestUpdate;
  return {
    type: 'Container',
    spacing: 'Medium',
    items: [
      paragraph([run(`${action.ref}  `, { weight: 'Bolder', color: 'Accent' }), run(action.text)]),
      paragraph(
        [
          ...ragRuns(action.rag),
          run('   ·   '),
          ...dueRuns(action, today),
          run('   ·   '),
          run(last ? `last update ${last.date ? displayDate(last.date) : 'undated'}` : 'no update yet', { isSubtle: true }),
        ],
        'None',
      ),
    ],
  };
}

/** A lead's open actions, answering "my actions" in the chat. */
export function myActionsCard(input: MyActionsCardInput): AdaptiveCard {
  const total = input.plans.reduce((n, p) => n + p.actions.length, 0);
  const body: CardElement[] = [
    {
      type: 'Container',
      style: 'emphasis',
      bleed: true,
      items: [
        { type: 'TextBlock', text: 'Your open actions', style: 'heading', size: 'Large', weight: 'Bolder', wrap: true },
        paragraph([run(input.name, { weight: 'Bolder' }), run(`: ${total} open action${total === 1 ? '' : 's'} on ${displayDate(input.today)}`)], 'None'),
      ],
    },
  ];
  if (total === 0) {
    body.push({
      type: 'TextBlock',
      wrap: true,
      spacing: 'Medium',
      text: 'No open action names you as its lead. If you lead one under another name or a team’s name, ask the plan owner to link it to you.',
    });
  }
  let shown = 0;
  for (const { plan, actions } of input.plans) {
    if (actions.length === 0 || shown >= MY_ACTIONS_LIMIT) continue;
    body.push({ type: 'Container', separator: true, spacing: 'Large', items: [plain(plan.title, { weight: 'Bolder', size: 'Medium' })] });
    for (const action of actions.slice(0, MY_ACTIONS_LIMIT - shown)) {
      body.push(line(action, input.today));
      shown += 1;
    }
  }
  if (shown < total) {
    body.push({ type: 'TextBlock', wrap: true, spacing: 'Large', isSubtle: true, text: `And ${total - shown} more: open the plan tab to see them all.` });
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    msteams: { width: 'Full' },
    fallbackText: `Your open actions: ${total}`,
  };
}
