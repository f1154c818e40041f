import { latestUpdate } from '../../src/plan/latest-update.js';
import type { Action, ActionWithUpdates } from '../../src/plan/plan.js';
import type { Update } from '../../src/plan/update.js';

/** The latest update as a card shows it. */
export type CardUpdate = Pick<Update, 'date' | 'author' | 'text'>;

/**
 * An action as a card shows it. An ActionView (what findActions and the reminder policy give) is
 * one already; an action read with its updates is turned into one by cardActionView.
 */
export interface CardActionView extends Pick<Action, 'id' | 'planId' | 'ref' | 'text' | 'outcome' | 'leads' | 'leadsText' | 'timescale' | 'rag' | 'version' | 'lastUpdated'> {
  latestUpdate: CardUpdate | null;
}

export function cardActionView(action: ActionWithUpdates): CardActionView {
  const { id, planId, ref, text, outcome, leads, leadsText, timescale, rag, version, lastUpdated } = action;
  return { id, planId, ref, text, outcome, leads, leadsText, timescale, rag, version, lastUpdated, latestUpdate: latestUpdate(action.updates) };
}
