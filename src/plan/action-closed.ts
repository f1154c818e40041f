import type { Rag } from './rag.js';
import type { Timescale } from './timescale.js';

/** What decides whether an action is closed: its RAG and what its timescale says. */
export interface ClosableAction {
  rag: Rag;
  timescale: Timescale;
}

/**
 * Whether a timescale alone closes its action ("Completed March 2018", "N/A"). Boards write an
 * action's completion into the timescale cell as often as into the RAG, so either closes it.
 */
export function timescaleCloses(timescale: Timescale): boolean {
  const kind = timescale.reading.kind;
  return kind === 'completed' || kind === 'not-applicable';
}

/**
 * Why nobody needs to chase an action (Complete RAG, a completed timescale, not applicable), or null
 * while it is open. The one rule for closed: reminders, the overdue filter, the stores' queries,
 * cards and the tab all ask it, so an action the plan says is done is never listed as late.
 */
export function whyClosed(action: ClosableAction): string | null {
  if (action.rag === 'Complete') return 'RAG is Complete';
  const kind = action.timescale.reading.kind;
  if (kind === 'completed') return 'timescale says completed';
  if (kind === 'not-applicable') return 'timescale is N/A';
  return null;
}

export function isClosed(action: ClosableAction): boolean {
  return whyClosed(action) !== null;
}
