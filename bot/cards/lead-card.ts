import type { DateOnly } from '../../src/plan/calendar-date.js';
import { actionPanel, type ItemState, type Notice, type ReminderItem } from './action-panel.js';
import { MAX_REFRESH_USER_IDS, refreshingCard, type AdaptiveCard, type CardElement } from './adaptive-card.js';
import { CARD_VERBS, refreshData, type CardContext } from './card-data.js';
import { paragraph, plain, run } from './plain-text.js';

/** A lead's card: one lead, all of their actions due a reminder in one plan. */
export interface LeadCardInput {
  plan: { id: string; title: string; timeZone: string };
  /** The lead as the plan writes it. */
  lead: string;
  /**
   * Teams user MRIs ("29:...") the card refreshes for automatically when opened: the lead's, at most
   * 60 ("User IDs in refresh", learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/
   * cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards).
   */
  userIds: string[];
  today: DateOnly;
  /** In plan order; a ReminderDue from the reminder policy is one. */
  items: ReminderItem[];
}

export interface LeadCardFrame {
  heading: string;
  subheading: string;
  banner?: Notice;
  /** By reminder key; an action with none is open for an answer. */
  states?: Readonly<Record<string, ItemState>>;
}

export function cardContext(input: LeadCardInput): CardContext {
  return { planId: input.plan.id, lead: input.lead, userIds: input.userIds.slice(0, MAX_REFRESH_USER_IDS), keys: input.items.map((i) => i.key) };
}

const BANNER_STYLE = { attention: 'attention', warning: 'warning', good: 'good', default: 'emphasis' } as const;
const BANNER_COLOUR = { attention: 'Attention', warning: 'Warning', good: 'Good', default: 'Default' } as const;

export function leadCard(input: LeadCardInput, frame: LeadCardFrame): AdaptiveCard {
  if (input.items.length === 0) throw new RangeError('a lead card lists at least one action');
  const context = cardContext(input);
  const several = input.items.length > 1;
  const header: CardElement = {
    type: 'Container',
    style: 'emphasis',
    bleed: true,
    items: [
      { type: 'TextBlock', text: frame.heading, style: 'heading', size: 'Large', weight: 'Bolder', wrap: true },
      plain(input.plan.title, { isSubtle: true }, 'None'),
      paragraph([run('For '), run(input.lead, { weight: 'Bolder' }), run(`: ${frame.subheading}`)], 'Small'),
    ],
  };
  const body: CardElement[] = [header];
  if (frame.banner) {
    body.push({
      type: 'Container',
      style: BANNER_STYLE[frame.banner.tone],
      spacing: 'Medium',
      items: [plain(frame.banner.text, { color: BANNER_COLOUR[frame.banner.tone], weight: 'Bolder' })],
    });
  }
  input.items.forEach((item, slot) => {
    const state = frame.states?.[item.key] ?? { kind: 'open' };
    body.push(actionPanel({ item, slot, state, context, today: input.today, timeZone: input.plan.timeZone, several }));
  });
  return refreshingCard(body, { action: { type: 'Action.Execute', verb: CARD_VERBS.refresh, title: 'Refresh', data: refreshData(context) }, userIds: context.userIds }, `${frame.heading}: ${input.plan.title}`);
}

export function countActions(n: number): string {
  return `${n} action${n === 1 ? '' : 's'}`;
}
