import type { ItemState } from './action-panel.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { leadCard, type LeadCardInput } from './lead-card.js';

export interface RecordedCardInput extends LeadCardInput {
  /** The reminder just answered; its state is 'recorded' or 'snoozed'. */
  answeredKey: string;
  /** Every action's state by reminder key, the answered one included; the others keep their forms. */
  states: Readonly<Record<string, ItemState>>;
}

/**
 * The card returned for an answer: it replaces the reminder (learn.microsoft.com/adaptive-cards/
 * authoring-cards/universal-action-model, "Response format": a card "the client should display in
 * place of the current one"), saying what was recorded, by whom and when.
 */
export function recordedCard(input: RecordedCardInput): AdaptiveCard {
  const state = input.states[input.answeredKey];
  const item = input.items.find((i) => i.key === input.answeredKey);
  if (!state || !item) throw new RangeError('the answered reminder is not on the card');
  const ref = item.action?.ref ?? 'the action';
  const heading =
    state.kind === 'snoozed'
      ? `Reminder about ${ref} snoozed`
      : state.kind === 'recorded' && state.update.ragAfter === 'Complete'
        ? `${ref} marked complete`
        : `Update recorded on ${ref}`;
  const open = input.items.filter((i) => (input.states[i.key] ?? { kind: 'open' }).kind === 'open').length;
  return leadCard(input, {
    heading,
    subheading: open === 0 ? 'nothing else on this card needs an answer' : `${open} more on this card still ${open === 1 ? 'needs' : 'need'} an update`,
    states: input.states,
  });
}
