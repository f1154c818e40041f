import type { ItemState, Notice } from './action-panel.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { displayInstant } from './display-date.js';
import { countActions, leadCard, type LeadCardInput } from './lead-card.js';

export interface CurrentStateCardInput extends LeadCardInput {
  /** Every action's state by reminder key, as the store has it now. */
  states: Readonly<Record<string, ItemState>>;
  /** When the state was read (ISO instant). */
  asOf: string;
  /** What went wrong with an answer, said at the top: a refusal, a conflict, a problem with the input. */
  problem?: Notice;
}

/**
 * The card as things stand: what a refresh returns to anyone who opens the reminder later, and
 * what an answer that could not be recorded returns, with the reason.
 */
export function currentStateCard(input: CurrentStateCardInput): AdaptiveCard {
  const open = input.items.filter((i) => (input.states[i.key] ?? { kind: 'open' }).kind === 'open').length;
  const subheading =
    open === 0
      ? `${countActions(input.items.length)}, none waiting for an answer (as of ${displayInstant(input.asOf, input.plan.timeZone)})`
      : `${countActions(open)} ${open === 1 ? 'needs' : 'need'} an update (as of ${displayInstant(input.asOf, input.plan.timeZone)})`;
  return leadCard(input, {
    heading: input.problem ? 'Nothing recorded yet' : 'Action plan reminder',
    subheading,
    states: input.states,
    ...(input.problem && { banner: input.problem }),
  });
}
