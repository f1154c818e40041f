import type { AdaptiveCard } from './adaptive-card.js';
import { countActions, leadCard, type LeadCardInput } from './lead-card.js';

export type { ReminderItem } from './action-panel.js';
export type ReminderCardInput = LeadCardInput;

/**
 * The most actions one card lists. Fifteen (the most any lead of the seed plans has due at once)
 * make a card of about 67 KB (80 KB with 60 user ids to refresh for), within the 100 KB Teams accepts (413 MessageSizeTooBig beyond).
 */
export const MAX_ACTIONS_PER_CARD = 15;

/** A lead's reminders in as few cards as the size allows, in plan order: one card unless more than fifteen are due. */
export function reminderCardGroups<T>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_ACTIONS_PER_CARD) groups.push(items.slice(i, i + MAX_ACTIONS_PER_CARD));
  return groups;
}

/**
 * The reminder a lead gets: every action of theirs due a reminder, one card (a lead of several
 * actions is not sent several cards), each with its reason, its state and a form to answer.
 */
export function reminderCard(input: ReminderCardInput): AdaptiveCard {
  const n = input.items.length;
  if (n > MAX_ACTIONS_PER_CARD) {
    throw new RangeError(`a reminder card lists at most ${MAX_ACTIONS_PER_CARD} actions, not ${n}: split them with reminderCardGroups`);
  }
  return leadCard(input, {
    heading: 'Action plan reminder',
    subheading: `${countActions(n)} ${n === 1 ? 'needs' : 'need'} an update`,
  });
}
