import type { DateOnly } from './calendar-date.js';
import type { Rag } from './rag.js';

/** How the tab, the API and the CLI narrow a plan's actions; every field is optional and they combine. */
export interface ActionFilter {
  /** A lead's name, matched without regard to case against each of the action's leads. */
  lead?: string;
  /** A section id or number. */
  section?: string;
  rag?: readonly Rag[];
  /** Due date passed and not completed; needs `today`. */
  overdue?: boolean;
  /** Due on or before this date. */
  dueBefore?: DateOnly;
  /** Updated or changed on or after this date. */
  changedSince?: DateOnly;
  /** Free text over ref, text, outcome, leads and updates. */
  text?: string;
  /** The caller's today, for `overdue`: the domain never reads the clock. */
  today?: DateOnly;
}
