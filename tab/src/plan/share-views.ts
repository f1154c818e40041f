import type { ActionOrder } from '../../../src/plan/action-order.js';
import { hrefOf } from '../app/navigation.js';
import { routePath } from '../app/routes.js';
import { EMPTY_FILTER, writeFilter, type TabFilter } from './tab-filter.js';

/**
 * What the side panel can put on the meeting stage. Each is a stage URL the stage reads on its own
 * (the filter's parameters, tab-filter.ts, and `changes=1`), so whoever opens the stage sees the
 * same view without anything else shared.
 */
export type StageChoice =
  | { kind: 'plan' }
  /** A section's number, or its id when it has none (the Section filter's value). */
  | { kind: 'section'; section: string }
  | { kind: 'red-amber' }
  /** Only the actions changed since the last meeting (the stage's own comparison). */
  | { kind: 'changes' }
  /** The side panel's list as filtered now. */
  | { kind: 'filtered'; filter: TabFilter };

/** The stage's query string for a choice. The list's order travels with every choice: it picks no action. */
export function stageSearch(choice: StageChoice, order: ActionOrder): URLSearchParams {
  switch (choice.kind) {
    case 'plan':
      return writeFilter({ ...EMPTY_FILTER, order });
    case 'section':
      return writeFilter({ ...EMPTY_FILTER, section: choice.section, order });
    case 'red-amber':
      return writeFilter({ ...EMPTY_FILTER, rag: ['Red', 'Amber'], order });
    case 'changes': {
      const params = writeFilter({ ...EMPTY_FILTER, order });
      params.set('changes', '1');
      return params;
    }
    case 'filtered':
      return writeFilter({ ...choice.filter, order });
  }
}

/** The absolute URL Teams opens on the stage (meeting.shareAppContentToStage takes a full URL of the tab's own domain). */
export function stageUrl(origin: string, planId: string, choice: StageChoice, order: ActionOrder): string {
  return `${origin}${hrefOf(routePath({ view: 'stage', planId }), stageSearch(choice, order).toString())}`;
}
